"""Which addresses may be handed to a web browser.

An article's link comes from a feed or a file: anyone's. A browser given
`javascript:` or `data:` runs what it holds, `file:` opens the reader's own
files, and an address starting with `-` is read by a browser's command line
as an option. Only absolute http(s) addresses are opened. This module
imports nothing of the core, so the app can ask it without loading more.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def browser_url(url: str | None) -> tuple[str | None, str]:
    """(the address to open, "") when it may be opened, else (None, a
    one-line reason to show the reader)."""
    text = (url or "").strip()
    if not text:
        return None, "this article has no link"
    if text.startswith("-"):
        return None, "not opened: the link starts with '-' (a browser would read it as an option)"
    if _CONTROLS.search(text) or any(ch.isspace() for ch in text):
        return None, "not opened: the link holds control characters or spaces"
    scheme = _SCHEME.match(text)
    if scheme is None:
        return None, "not opened: the link is not an absolute web address (http:// or https://)"
    name = scheme.group(1).lower()
    if name not in ("http", "https"):
        return None, f"not opened: only http:// and https:// links are opened, not {name[:20]}:"
    try:
        host = urlsplit(text).hostname
    except ValueError:
        host = None
    if not host:
        return None, "not opened: the link names no web site"
    return text, ""


def safe_browser_url(url: str | None) -> str | None:
    """The address if a browser may be given it, else None (browser_url says why)."""
    return browser_url(url)[0]


def names_a_story(url: str | None) -> bool:
    """Whether a link may stand for the story it came with, so that two articles holding it are one
    story told again (a feed entry and the page saved from it). Only a web address does: a
    `javascript:` or `#` link, or one with no site, is what a hostile or careless feed writes under
    many entries, and would merge unrelated articles into one."""
    return safe_browser_url(url) is not None
