"""Snippets shared by the engines: plain text with match spans, never markup."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from reader.core.models import Snippet

# body_of(ids) -> {id: text}: the article store's text of hits, which snippets
# are cut from (the engines do not store bodies).
BodyOf = Callable[[list[str]], dict[str, str]]


def lead_snippet(text: str, limit: int = 200) -> Snippet:
    """The opening of an article, for hits that matched only the title."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return Snippet(text, ())


_SPACES = re.compile(r"\s+")
_UNUSUAL_SPACE = re.compile(r"\s\s|[^\S ]")


def collapse_spaces(text: str, spans: list[tuple[int, int]]) -> Snippet:
    """Runs of whitespace become one space, leading and trailing whitespace
    go, and the match spans move with the text (a paragraph break inside a
    snippet is not kept)."""
    if not _UNUSUAL_SPACE.search(text) and text == text.strip():  # the common case: nothing to collapse
        return Snippet(text, tuple((a, b) for a, b in spans if b > a))
    pieces: list[str] = []
    runs: list[tuple[int, int, int]] = []  # (run start, run end, new position of run start)
    last = 0
    new_len = 0
    for m in _SPACES.finditer(text):
        a, b = m.span()
        pieces.append(text[last:a])
        new_len += a - last
        runs.append((a, b, new_len))
        if new_len:  # leading whitespace is dropped, not kept as a space
            pieces.append(" ")
            new_len += 1
        last = b
    pieces.append(text[last:])
    joined = "".join(pieces).rstrip()
    starts = [r[0] for r in runs]

    def new_pos(i: int) -> int:
        k = bisect.bisect_right(starts, i) - 1
        if k < 0:
            return i
        a, b, at = runs[k]
        if i < b:  # inside a run of whitespace (or at its start)
            return at if i == a or not at else at + 1
        return at + (1 if at else 0) + (i - b)

    moved = []
    for a, b in spans:
        na, nb = new_pos(a), new_pos(b)
        if nb > na:
            moved.append((na, min(nb, len(joined))))
    return Snippet(joined, tuple(moved))
