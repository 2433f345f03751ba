"""Full text for entries that carry only a summary: fetch the linked page
and take its main text, by the same extraction as HTML ingest."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from reader.core.feeds import net
from reader.core.ingest.decode import NotText, decode
from reader.core.ingest.draft import Draft
from reader.core.ingest.html import parse_html
from reader.core.text.clean import normalise_unicode

SUMMARY_CHARS = 600  # an entry with less text than this is taken for a summary
PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
_TRUNCATED = ("…", "...", "[…]", "[...]", "read more", "continue reading", "read the full story", "(more…)")
_HTML_TYPES = {"", "text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)


def wants_page(draft: Draft, min_chars: int = SUMMARY_CHARS) -> bool:
    """Whether the entry looks like a summary of a page it links to."""
    try:
        if not draft.url or urlsplit(draft.url).scheme.lower() not in ("http", "https"):
            return False
    except ValueError:
        return False
    text = "\n".join(draft.paragraphs).strip()
    return len(text) < min_chars or text.lower().endswith(_TRUNCATED)


def page_text(resp: net.Response) -> str:
    if resp.content_type not in _HTML_TYPES:
        raise net.FetchError(f"the linked page is not a web page ({resp.content_type})")
    data = resp.body
    charset = resp.charset
    if not charset:
        match = _META_CHARSET.search(data[:4096])
        charset = match.group(1).decode("ascii") if match else ""
    if charset:
        try:
            return normalise_unicode(data.decode(charset, errors="replace"))
        except LookupError:
            pass
    try:
        text, _ = decode(data)
    except NotText as exc:
        raise net.FetchError(f"the linked page is not text ({exc})") from None
    return normalise_unicode(text)


def fetch_paragraphs(url: str, *, timeout: float, max_bytes: int, user_agent: str,
                     deadline: float | None = None, cancel: net.Cancel | None = None) -> list[str]:
    """The main text of the page at url, as paragraphs. Raises FetchError
    (deadline and cancel as net.get has them)."""
    resp = net.get(url, timeout=timeout, max_bytes=max_bytes, user_agent=user_agent, accept=PAGE_ACCEPT,
                   deadline=deadline, cancel=cancel)
    text = page_text(resp)
    if not text.strip():
        raise net.FetchError("the linked page is empty")
    try:
        drafts = parse_html(text, resp.url)
    except ValueError as exc:
        raise net.FetchError(str(exc)) from None
    except RecursionError:
        raise net.FetchError("the linked page is too deeply nested to read") from None
    return drafts[0].paragraphs if drafts else []


def merge(draft: Draft, paragraphs: list[str]) -> bool:
    """Put the page's text into the entry (keeping its title, date, source
    and link) if it has more to say than the summary; True if it did."""
    if sum(len(p) for p in paragraphs) <= sum(len(p) for p in draft.paragraphs):
        return False
    draft.paragraphs = list(paragraphs)
    return True
