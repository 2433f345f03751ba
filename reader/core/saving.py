"""An article saved to a file, as Markdown or plain text, and the folder
files go to (the app's w and W, and its screenshot command).

The folder is the config's save_dir when it names a folder that exists;
else ~/Downloads when it exists; else the current directory: always one
that exists, so a save never fails for want of a folder. The file is named
from the title, made safe for any file system, and never overwrites one
that is there ("title (2).md").
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from pathlib import Path

from reader.core.models import Article
from reader.core.text.clean import clean_inline, strip_controls

FORMATS = {"md": "Markdown", "txt": "text"}
MAX_NAME = 80  # characters of the title kept in a file name: long names are refused by some file systems
# ...and bytes: most file systems take 255 bytes a name, and 80 emoji are 320
# in UTF-8; this leaves room for " (999).txt"
MAX_NAME_BYTES = 240
_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f<>:"/\\|?*\u200b\u202a-\u202e\u2060\u2066-\u2069\ufeff]+')
# a Markdown autolink (<...>) makes any scheme a link, javascript: included
_WEB_URL = re.compile(r"https?://[^\s<>\"']+$", re.IGNORECASE)
# Windows refuses these as names, whatever the extension
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+[.)])(?=\s|$)")


def save_folder(save_dir: str = "") -> tuple[Path, str]:
    """(the folder that exists to save into, why that one): save_dir when it
    is a folder, else ~/Downloads, else the current directory."""
    if save_dir:
        chosen = Path(save_dir).expanduser()
        if chosen.is_dir():
            return chosen, "save_dir in the config"
    downloads = Path.home() / "Downloads"
    if downloads.is_dir():
        return downloads, "~/Downloads"
    return Path.cwd(), "the current directory: " + ("save_dir is not a folder" if save_dir else
                                                   "there is no ~/Downloads")


def safe_name(title: str, extension: str) -> str:
    """A file name from a title: no path separators, control or reserved
    characters, no leading dot, at most MAX_NAME characters; "article" when
    nothing is left."""
    name = unicodedata.normalize("NFKC", title)
    name = _UNSAFE.sub(" ", name)
    name = " ".join(name.split())
    if len(name) > MAX_NAME:  # cut at a word's end when there is one in the second half
        cut = name.rfind(" ", MAX_NAME // 2, MAX_NAME + 1)
        name = name[: cut if cut > 0 else MAX_NAME]
    while len(name.encode("utf-8")) > MAX_NAME_BYTES:
        name = name[:-1]
    name = name.strip(" .")
    if not name or name.split(".")[0].lower() in _RESERVED:
        name = f"article {name}".strip()
    return f"{name}.{extension}"


def _md(text: str) -> str:
    """Text as Markdown shows it as written: no character of it formats."""
    return _MD_LINE_START.sub(r"\1\\\2", _MD_SPECIAL.sub(r"\\\1", text))


def _facts(article: Article) -> list[tuple[str, str]]:
    published = article.published.strftime("%Y-%m-%d") if article.published else ""
    return [(label, clean_inline(value)) for label, value in (
        ("Source", article.source), ("Byline", article.byline), ("Published", published), ("URL", article.url),
    ) if clean_inline(value)]


def as_markdown(article: Article) -> str:
    lines = [f"# {_md(clean_inline(article.title))}", ""]
    for label, value in _facts(article):
        lines.append(f"- **{label}:** " + (f"<{value}>" if label == "URL" and _WEB_URL.match(value) else _md(value)))
    lines.append("")
    for paragraph in article.text_paragraphs:
        lines += [_md(" ".join(strip_controls(paragraph).split())), ""]
    return "\n".join(lines)


def as_text(article: Article, width: int = 78) -> str:
    """Plain text wrapped at width columns (the article view's measure)."""
    title = clean_inline(article.title)
    lines = [title, "=" * min(len(title), width), ""]
    lines += [f"{label + ':':<11}{value}" for label, value in _facts(article)]
    lines.append("")
    for paragraph in article.text_paragraphs:
        lines += [textwrap.fill(" ".join(strip_controls(paragraph).split()), width=width, break_on_hyphens=False), ""]
    return "\n".join(lines)


def save_article(article: Article, folder: Path, fmt: str = "md", width: int = 78) -> Path:
    """Write article into folder as Markdown ("md") or text ("txt"); the
    path written. An existing file is never overwritten. OSError when the
    folder cannot be written."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    body = as_markdown(article) if fmt == "md" else as_text(article, width)
    name = safe_name(article.title, fmt)
    stem = name[: -len(fmt) - 1]
    for n in range(1, 1000):
        path = folder / (name if n == 1 else f"{stem} ({n}).{fmt}")
        try:
            with open(path, "x", encoding="utf-8", newline="\n") as out:  # x: never over another file
                out.write(body)
            return path
        except FileExistsError:
            continue
    raise FileExistsError(f"{folder / name} and 998 numbered copies exist already")
