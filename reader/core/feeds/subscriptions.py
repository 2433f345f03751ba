"""Subscriptions: configuration, kept in feeds.toml beside config.toml.

The file is meant to be edited by hand: one [[feed]] table per feed, with a
url and an optional name (the source shown for its articles). `add` appends
to the file and `remove` cuts out one table, so a person's comments and
layout survive both. Nothing is written until a subscription changes.
"""

from __future__ import annotations

import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from reader.core import paths
from reader.core.errors import LibraryError
from reader.core.feeds import opml
from reader.core.text.clean import clean_inline

FEEDS_FILE = "feeds.toml"
MAX_FEEDS_BYTES = 5 * 1024 * 1024  # thousands of feeds; more is not a subscriptions file

HEADER = """\
# newsreader subscriptions: one [[feed]] table per feed. Edit freely;
# `newsreader feeds add` and `feeds remove` keep your comments.
#
# [[feed]]
# url = "https://example.org/news/rss.xml"
# name = "Example News"   # optional: the source shown for its articles
"""

_TABLE = re.compile(r"^\s*\[\[\s*feed\s*\]\]\s*(#.*)?$")
_COMMENT = re.compile(r"^\s*#")
# Unicode categories no feed address holds: controls, bidi and zero-width marks (format), surrogates
# and private use; a fetch of one fails later with an odd message ("'ascii' codec...")
_WHAT = {"Cc": "a control character", "Cf": "an invisible (bidi or zero-width) character",
         "Cs": "a lone surrogate", "Co": "a private-use character"}
_HIDDEN = frozenset(_WHAT)


class FeedError(LibraryError):
    """A problem with subscriptions or fetching; str() is one line.

    A LibraryError, so the CLI's usual handler prints it."""


@dataclass(frozen=True)
class Feed:
    url: str
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or self.url

    def as_dict(self) -> dict:
        return {"url": self.url, "name": self.name or None}


def feeds_file() -> Path:
    return paths.config_file().parent / FEEDS_FILE


def normalise_url(url: str) -> str:
    """An absolute http(s) URL with its scheme and host in lower case."""
    url = (url or "").strip()
    if not url:
        raise FeedError("not a feed address: ''")
    _refuse_credentials(url)  # first: every message below shows the address
    bad = next((ch for ch in url if ch.isspace() or unicodedata.category(ch) in _HIDDEN), None)
    if bad is not None:
        # shown escaped (repr): U+202E would turn the rest of the line round on the terminal
        raise FeedError(f"not a feed address: {url[:200]!r} holds {_WHAT.get(unicodedata.category(bad), 'a space')}"
                        f" (U+{ord(bad):04X})")
    if url.lower().startswith("feed://"):
        url = "http://" + url[7:]
    try:
        parts = urlsplit(url)
        ok = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:
        ok = False
    if not ok:
        hint = f" (did you mean https://{url}?)" if "://" not in url else ""
        raise FeedError(f"a feed address starts with http:// or https://: {url[:200]}{hint}")
    try:
        port = parts.port
    except ValueError:  # over 65535, or not a number
        port = -1
    if port is not None and not 1 <= port <= 65535:
        raise FeedError(f"not a feed address: {url[:200]} (its port is not a number from 1 to 65535)")
    if "%" in parts.hostname and ":" not in parts.hostname:  # %25 starts an IPv6 zone; no DNS name holds %
        raise FeedError(f"not a feed address: {url[:200]} (a percent escape in its host name)")
    netloc = parts.netloc.lower()
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def _refuse_credentials(url: str) -> None:
    """A user name or password in the address: the fetcher sends none, and feeds.toml and every
    message would show them (the password as ***)."""
    head, sep, _ = url.partition("://")
    netloc = url[len(head) + len(sep):].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0] if sep else ""
    if "@" in netloc:
        who = netloc.rpartition("@")[0]
        shown = url.replace(who, who.partition(":")[0] + (":***" if ":" in who else ""), 1)
        raise FeedError(f"not a feed address: {shown[:200]!r} (a user name or password in it: the fetcher sends none)")


def _toml_string(value: str) -> str:
    out = ['"']
    for ch in value:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 32 or ord(ch) == 127:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _block(feed: Feed) -> str:
    lines = ["[[feed]]", f"url = {_toml_string(feed.url)}"]
    if feed.name:
        lines.append(f"name = {_toml_string(feed.name)}")
    return "\n".join(lines) + "\n"


def _parse(text: str, where: str) -> list[Feed]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FeedError(f"{where}: {exc}") from None
    tables = data.get("feed", [])
    if not isinstance(tables, list):
        raise FeedError(f"{where}: feeds are [[feed]] tables, each with a url")
    feeds: list[Feed] = []
    seen: set[str] = set()
    for n, table in enumerate(tables, 1):
        if not isinstance(table, dict) or not isinstance(table.get("url"), str) or not table["url"].strip():
            raise FeedError(f"{where}: feed {n} has no url = \"...\"")
        name = table.get("name", "")
        if not isinstance(name, str):
            raise FeedError(f"{where}: feed {n}: name must be a string")
        url = table["url"].strip()
        try:
            url = normalise_url(url)
        except FeedError:
            pass  # kept as written; fetching reports it as a failing feed
        if url in seen:
            continue
        seen.add(url)
        feeds.append(Feed(url, clean_inline(name)))
    return feeds


class Subscriptions:
    """The feeds a person follows. Each method reads the file afresh, so
    hand edits made meanwhile are never overwritten."""

    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path is not None else feeds_file()

    @property
    def where(self) -> str:
        """Where they are kept, for messages."""
        return str(self.path)

    # --- reading ---------------------------------------------------------------
    def _text(self) -> str:
        try:
            return paths.read_bounded(self.path, MAX_FEEDS_BYTES).decode("utf-8")
        except FileNotFoundError:
            return ""
        except (OSError, UnicodeDecodeError) as exc:
            raise FeedError(f"cannot read {self.path} ({getattr(exc, 'strerror', None) or exc})") from None

    def list(self) -> list[Feed]:
        return _parse(self._text(), str(self.path))

    def find(self, url_or_name: str) -> Feed:
        feeds = self.list()
        key = url_or_name.strip()
        for feed in feeds:
            if feed.url == key:
                return feed
        try:
            url = normalise_url(key)
        except FeedError:
            url = None
        for feed in feeds:
            if url and feed.url == url:
                return feed
        named = [f for f in feeds if f.name and f.name.casefold() == key.casefold()]
        if len(named) == 1:
            return named[0]
        raise FeedError(f"no subscription with the address or name {key!r} (see `newsreader feeds list`)")

    # --- changing --------------------------------------------------------------
    def add(self, url: str, name: str | None = None) -> Feed:
        url = normalise_url(url)
        name = clean_inline(name or "")
        text = self._text()
        feeds = _parse(text, str(self.path))
        check_new(feeds, url, name)
        feed = Feed(url, name)
        if not text.strip():
            text = HEADER
        new = text.rstrip("\n") + "\n\n" + _block(feed)
        self._write(new, feeds + [feed])
        return feed

    def add_many(self, feeds: list[Feed]) -> tuple[list[Feed], list[Feed]]:
        """Add feeds not yet followed, in one write: (added, already followed)."""
        text = self._text()
        current = _parse(text, str(self.path))
        added, existing = merge_new(current, feeds)
        if added:
            text = text.rstrip("\n") + "\n" if text.strip() else HEADER
            text += "".join("\n" + _block(f) for f in added)
            self._write(text, current + added)
        return added, existing

    def remove(self, url_or_name: str) -> Feed:
        feed = self.find(url_or_name)
        text = self._text()
        current = _parse(text, str(self.path))
        wanted = [f for f in current if f.url != feed.url]
        self._write(_cut(text, feed.url, str(self.path)), wanted)
        return feed

    def _write(self, text: str, expected: list[Feed]) -> None:
        try:
            ok = _parse(text, str(self.path)) == expected
        except FeedError:
            ok = False
        if not ok:  # the hand-kept layout defeated the edit: write the file anew
            text = HEADER + "".join("\n" + _block(f) for f in expected)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            tmp.write_text(text, encoding="utf-8")
            if self.path.exists():
                os.chmod(tmp, self.path.stat().st_mode & 0o777)
            tmp.replace(self.path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise FeedError(f"cannot write {self.path} ({exc.strerror or exc})") from None

    # --- OPML -----------------------------------------------------------------
    def import_opml(self, data: bytes) -> tuple[list[Feed], list[Feed], list[tuple[str, str]]]:
        """(added, already followed, skipped as (entry, reason))."""
        try:
            outlines = opml.parse_opml(data)
        except opml.OpmlError as exc:
            raise FeedError(f"cannot import: {exc}") from None
        candidates, skipped = [], []
        for outline in outlines:
            try:
                url = normalise_url(outline.url)
                title = clean_inline(outline.title)
                # An export names a feed without a name by its address: not a name.
                candidates.append(Feed(url, "" if title in (outline.url, url) else title))
            except FeedError as exc:
                skipped.append((clean_inline(outline.title) or clean_inline(outline.url), str(exc)))
        added, existing = self.add_many(candidates)
        return added, existing, skipped

    def import_toml(self, data: bytes, where: str) -> tuple[list[Feed], list[Feed], list[tuple[str, str]]]:
        """Another feeds.toml's feeds (a folder's, brought to a server): as import_opml answers."""
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise FeedError(f"cannot import {where}: not UTF-8 text") from None
        candidates, skipped = [], []
        for feed in _parse(text, where):
            try:
                candidates.append(Feed(normalise_url(feed.url), feed.name))
            except FeedError as exc:
                skipped.append((clean_inline(feed.name) or clean_inline(feed.url), str(exc)))
        added, existing = self.add_many(candidates)
        return added, existing, skipped

    def export_opml(self, titles: dict[str, tuple[str, str]] | None = None) -> bytes:
        """titles: url -> (feed title, site address) known from fetching, used
        for feeds without a name."""
        titles = titles or {}
        outlines = []
        for feed in self.list():
            title, site = titles.get(feed.url, ("", ""))
            outlines.append(opml.Outline(feed.url, feed.name or title, site))
        return opml.to_opml(outlines)


def _cut(text: str, url: str, where: str) -> str:
    """text without the [[feed]] table whose url is url (and the comment
    lines right above it)."""
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if _TABLE.match(line)]
    for n, start in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else len(lines)
        end = stop
        while end > start + 1 and (not lines[end - 1].strip() or _COMMENT.match(lines[end - 1])):
            end -= 1
        try:
            block = _parse("".join(lines[start:end]), where)
        except FeedError:
            continue
        if len(block) == 1 and block[0].url == url:
            first = start
            while first > 0 and _COMMENT.match(lines[first - 1]):
                first -= 1
            if first == 0:  # the file's opening comment, not this table's
                first = start
            while end < len(lines) and not lines[end].strip():
                end += 1
            return "".join(lines[:first] + lines[end:])
    return text


# --- rules of a change, the same for a file and for a server's table ------------------
def check_new(current: list[Feed], url: str, name: str) -> None:
    """Refuse a feed already followed, or a name another feed uses."""
    for feed in current:
        if feed.url == url:
            raise FeedError(f"already subscribed to {url}" + (f" (as {feed.name!r})" if feed.name else ""))
        if name and feed.name.casefold() == name.casefold():
            raise FeedError(f"the name {name!r} is already used by {feed.url}")


def merge_new(current: list[Feed], feeds: list[Feed]) -> tuple[list[Feed], list[Feed]]:
    """(the feeds to add, those already followed): a name another feed uses is dropped."""
    urls = {f.url for f in current}
    names = {f.name.casefold() for f in current if f.name}
    added, existing = [], []
    for feed in feeds:
        if feed.url in urls:
            existing.append(feed)
            continue
        name = feed.name if feed.name and feed.name.casefold() not in names else ""
        added.append(Feed(feed.url, name))
        urls.add(feed.url)
        if name:
            names.add(name.casefold())
    return added, existing
