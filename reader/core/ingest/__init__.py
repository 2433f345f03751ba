"""Files and folders in, normalised Article records out.

One module per format; this one finds the files, reads them safely, picks the
parser and turns drafts into Articles with stable ids.
"""

from __future__ import annotations

import logging
import os
import stat
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from reader.core.ingest.decode import NotText, decode
from reader.core.ingest.draft import Draft, parse_date
from reader.core.ingest.feed import NotAFeed, parse_feed
from reader.core.ingest.html import parse_html
from reader.core.ingest.plain import parse_markdown, parse_text
from reader.core.ingest.records import BadRecord, parse_json, parse_jsonl
from reader.core.ingest.reuters import parse_reuters
from reader.core.models import Article, article_id
from reader.core.paths import NotReadable, read_bounded
from reader.core.text.clean import clean_inline, clean_paragraphs, derive_title, normalise_unicode, strip_controls

log = logging.getLogger(__name__)

SIDECAR = "sources.toml"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_FORMATS = {
    ".txt": "text", ".text": "text", "": "text",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
    ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".sgm": "reuters", ".sgml": "reuters",
}
# Files that are never articles: skipped silently rather than reported.
_IGNORED_NAMES = {SIDECAR, ".DS_Store", "Thumbs.db", "desktop.ini"}
# README.TXT, LICENSE, COPYING.md...: what a corpus says about itself, in a
# folder being walked; a file given by name is read whatever it is called.
_CORPUS_NOTES = {"readme", "license", "licence", "copying"}


@dataclass
class FileResult:
    path: Path
    root: Path
    relpath: str
    articles: list[Article] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    facts: list[tuple[str, int, str]] = field(default_factory=list)  # (hash, words, paragraphs JSON) of each article: pool.prepared


@dataclass(frozen=True)
class Found:
    root: Path
    path: Path

    @cached_property  # asked several times a file; a frozen dataclass still takes it (it writes __dict__)
    def relpath(self) -> str:
        return self.path.relative_to(self.root).as_posix()


def _inside(real: str, real_root: str) -> bool:
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def _utf8(text: str) -> bool:
    """Whether a path decoded by the OS (surrogate escapes for bytes that are
    not UTF-8) is valid UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shown(text: str) -> str:
    """A path that may hold bytes that are not UTF-8, printable (\\xff for them)."""
    return text if _utf8(text) else os.fsencode(text).decode("utf-8", "backslashreplace")


def discover(path: Path, errors: list[tuple[str, str]] | None = None, unread: set[str] | None = None) -> Iterator[Found]:
    """Every candidate file under path, recursively, in a stable order.

    Symlinks are followed only to what lies inside the folder being indexed
    (by real path): one that points outside it is not followed, and said
    once, in errors, so that indexing a folder never reads beyond it (index
    the target itself to have it). Each real folder and file is read once,
    so a loop, or a second link to the same thing, adds nothing. Hidden
    files are skipped. The path given is taken as it is, a symlink or not.
    """
    def say(where, why: str) -> None:
        if errors is not None:
            errors.append((_shown(str(where)), why))

    path = Path(os.path.abspath(path))
    if path.is_file():
        if _utf8(str(path)):
            yield Found(path.parent, path)
        else:
            say(path, "a file name that is not UTF-8: not read (rename it to index it)")
        return
    if not path.is_dir():
        if path.is_symlink() and not path.exists():
            say(path, "a symlink to nothing (its target is gone)")
        elif path.exists():
            say(path, "not a regular file or folder (a device, a FIFO or a socket): not read")
        else:
            say(path, "no such file or folder")
        return
    real_root = os.path.realpath(path)
    top = os.fspath(path)  # what os.walk's folders start with
    prefix = len(top if top.endswith(os.sep) else top + os.sep)
    seen: set[str] = set()
    files: dict[str, Path] = {}
    def cannot_list(err: OSError) -> None:
        # (os.walk leaves out a folder it cannot list, and its files then looked deleted: unread keeps them)
        say(err.filename, f"cannot read folder ({err.strerror}); its articles are kept as they were")
        if unread is not None and err.filename:
            unread.add(os.fspath(err.filename))

    for dirpath, dirnames, filenames in os.walk(path, followlinks=True, onerror=cannot_list):
        real = os.path.realpath(dirpath)
        if real in seen:
            say(dirpath, "symlink loop, or a second link to one folder: already read, skipped")
            dirnames[:] = []
            continue
        seen.add(real)
        kept = []
        for name in sorted(d for d in dirnames if not d.startswith(".")):
            full = os.path.join(dirpath, name)
            if os.path.islink(full) and not _inside(os.path.realpath(full), real_root):
                say(full, f"symlink to a folder outside {path} ({os.path.realpath(full)}): not followed")
                continue
            kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            if name.startswith(".") or name in _IGNORED_NAMES:
                continue
            full = Path(dirpath) / name
            if not _utf8(str(full)):
                # an article's id and the store's origin are UTF-8: one such name must not stop the run
                say(full, "a file name that is not UTF-8: not read (rename it to index it)")
                continue
            if name.split(".", 1)[0].lower() in _CORPUS_NOTES:
                say(full, "a corpus's README or licence, not an article: not read (give the file itself to index it)")
                continue
            link = os.path.islink(full)
            # a file that is no link is where its folder really is: no realpath (a dozen syscalls) for it
            target = os.path.realpath(full) if link else os.path.join(real, name)
            if link and not _inside(target, real_root):
                say(full, f"symlink to a file outside {path} ({target}): not read")
                continue
            if target in files:
                say(full, f"the same file as {files[target]}: read once")
                continue
            files[target] = full
            found = Found(path, full)
            # its relpath cut from the folder's name, not worked out by pathlib (relative_to) file by file
            found.__dict__["relpath"] = os.path.join(dirpath, name)[prefix:].replace(os.sep, "/")
            yield found


def format_of(path: Path, head: bytes) -> str:
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is not None and fmt != "text":
        return fmt
    sniff = head.lstrip()[:200].lower()
    if sniff.startswith(b"<?xml") and (b"<rss" in sniff or b"<feed" in sniff or b"<rdf" in sniff):
        return "feed"
    if sniff.startswith((b"<rss", b"<feed")):
        return "feed"
    if sniff.startswith((b"<!doctype html", b"<html")):
        return "html"
    return fmt or "text"


def _load_sidecar(folder: Path, cache: dict[Path, dict]) -> dict:
    if folder not in cache:
        meta: dict = {}
        sidecar = folder / SIDECAR
        if sidecar.is_file():
            try:
                meta = tomllib.loads(sidecar.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
                log.warning("%s: ignored (%s)", sidecar, exc)
        cache[folder] = meta
    return cache[folder]


def sidecar_mtime(folder: Path) -> int:
    try:
        return (folder / SIDECAR).stat().st_mtime_ns
    except OSError:
        return 0


def read_file(
    found: Found,
    label: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    sidecars: dict[Path, dict] | None = None,
    default_source: str = "",
) -> FileResult:
    """Parse one file. Never raises for bad input: the reason is in .error."""
    result = FileResult(found.path, found.root, found.relpath)
    try:
        st = found.path.stat()
        if not stat.S_ISREG(st.st_mode):
            result.error = "not a regular file (a device, a FIFO or a socket): not read"
            return result
        size = st.st_size
        if size > max_bytes:
            result.error = f"too large ({size / 2**20:.1f} MB; the limit is {max_bytes / 2**20:g} MB, see max_file_mb)"
            return result
        if size == 0:
            result.error = "empty file"
            return result
        data = read_bounded(found.path, max_bytes)
    except NotReadable as exc:
        result.error = str(exc)  # swapped or grown since it was looked at
        return result
    except FileNotFoundError:
        result.error = "file disappeared while indexing"
        return result
    except OSError as exc:
        result.error = f"cannot read ({exc.strerror or exc})"
        return result
    try:
        fmt = format_of(found.path, data[:512])
        warnings: list[str] = []
        if fmt == "feed":
            drafts, warning = parse_feed(data)
            warnings += [warning] if warning else []
        else:
            text, encoding = decode(data)
            if "replaced" in encoding:
                warnings.append("bytes undefined in Windows-1252 were replaced" if encoding.startswith("cp1252")
                                else "invalid UTF-8 bytes were replaced")
            text = normalise_unicode(text)
            if not text.strip():
                result.error = "empty file"
                return result
            if fmt == "html":
                drafts = parse_html(text)
            elif fmt == "markdown":
                drafts = parse_markdown(text)
            elif fmt == "json":
                drafts, warnings2 = parse_json(text)
                warnings += warnings2
            elif fmt == "reuters":
                drafts = parse_reuters(text)
            elif fmt == "jsonl":
                drafts, warnings2 = parse_jsonl(text)
                warnings += warnings2
            else:
                drafts = parse_text(text)
    except (NotText, NotAFeed, BadRecord, ValueError) as exc:
        result.error = str(exc)
        return result
    except RecursionError:
        result.error = "too deeply nested to parse"
        return result
    meta = _load_sidecar(found.path.parent, sidecars if sidecars is not None else {})
    file_meta = meta.get(found.path.name, {}) if isinstance(meta, dict) else {}
    label = label or found.root.name
    for draft in drafts:
        draft.source = draft.source or default_source
        article = to_article(draft, f"{label}/{found.relpath}", str(found.root), found.relpath, file_meta)
        if article.text_paragraphs:
            result.articles.append(article)
        else:
            warnings.append(f"entry {draft.key or 1} has no text, skipped")
    if not result.articles and not result.error:
        result.error = "no article text found"
    result.warnings = warnings
    return result


def to_article(draft: Draft, origin: str, root: str, relpath: str, meta: dict | None = None) -> Article:
    """Normalise a draft: clean text, apply curated metadata, derive the id."""
    meta = meta or {}
    if draft.key:
        origin = f"{origin}#{draft.key}"
    title = clean_inline(str(meta.get("title") or draft.title))
    paragraphs = clean_paragraphs(draft.paragraphs, title)
    if not title:
        title = derive_title(paragraphs)
    # parse_date again for a format's own datetime (Reuters' stamps): one rule for the calendar's ends
    published = parse_date(draft.published) if draft.published else parse_date(draft.published_raw)
    if meta.get("published"):
        published = parse_date(meta["published"]) or published
    notes = []
    if meta.get("unknown"):
        notes.append("unknown: " + ", ".join(str(u) for u in meta["unknown"]))
    if meta.get("note"):
        notes.append(str(meta["note"]))
    return Article(
        id=article_id(origin),
        origin=origin,
        title=title,
        text_paragraphs=tuple(paragraphs),
        source=clean_inline(str(meta.get("source") or draft.source)),
        byline=clean_inline(str(meta.get("byline") or draft.byline)),
        published=published,
        url=clean_inline(str(meta.get("url") or draft.url)),
        root=root,
        relpath=relpath,
        notes=strip_controls("; ".join(notes)),
    )
