"""Quotation marks: which characters open and close a quotation, in any style
(“curly”, "straight", «guillemets», „low-high“, ‘single’), and the spans
they enclose.

A mark is read by what stands beside it: one after a space and before a
letter opens, one after a letter or a stop and before a space closes. So a
straight mark after a digit with nothing open is an inch sign (a 42" screen),
an apostrophe between letters is no mark (don't, O’Neill), and a ’ after an s
closes only a quotation that a single mark opened (the Jones’ lawyer).
Single marks count only outside double ones: inside, they are a quotation
within the quotation.

Multi-paragraph quotations follow the print convention: a paragraph that
leaves its quotation open and a next one that opens with a mark are one
quotation; an opening mark after a full stop inside an open quotation (two
paragraphs run together) goes on with it. A quotation left open at the end
of its paragraph, with no such next paragraph, ends there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_OPEN = frozenset("“„‟«")
DOUBLE_CLOSE = frozenset("”»")
SINGLE_OPEN = frozenset("‘‚‹")
SINGLE_CLOSE = frozenset("’›")
STRAIGHT = frozenset("\"'")
ALL_MARKS = DOUBLE_OPEN | DOUBLE_CLOSE | SINGLE_OPEN | SINGLE_CLOSE | STRAIGHT
_MARK = re.compile("[" + re.escape("".join(sorted(ALL_MARKS))) + "]")
_PARAGRAPH = re.compile(r"[^\n]+")
_OPENING_LEFT = frozenset(" \t([{—–-/") | DOUBLE_OPEN | SINGLE_OPEN
_STOPS = frozenset(".!?…,;:")


@dataclass(frozen=True)
class Quoted:
    """Words in quotation marks: start at the opening mark, end after the
    closing one (or at the end of the paragraph where none closes it)."""

    start: int
    end: int
    parts: tuple[tuple[int, int], ...]  # the words inside, marks excluded: one per paragraph or run
    double: bool  # opened by a double mark

    def inner(self, text: str) -> str:
        return " ".join(text[a:b].strip() for a, b in self.parts)


def _opening(text: str, i: int) -> bool:
    left = text[i - 1] if i else " "
    right = text[i + 1] if i + 1 < len(text) else " "
    return (left.isspace() or left in _OPENING_LEFT or i == 0) and not right.isspace()


def _closing(text: str, i: int) -> bool:
    left = text[i - 1] if i else " "
    right = text[i + 1] if i + 1 < len(text) else " "
    return not left.isspace() and (right.isspace() or right in _STOPS or right in ALL_MARKS or right in ")]—–-")


def _after_stop(text: str, i: int) -> bool:
    """Whether the mark at i follows the end of a sentence (past spaces)."""
    j = i - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    return j >= 0 and text[j] in ".!?…"


def find_quoted(text: str) -> list[Quoted]:
    """The quoted spans of text, in order."""
    out: list[Quoted] = []
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    carry: tuple[int, list[tuple[int, int]], bool] | None = None  # an open quotation going on into this paragraph
    for n, (p_start, p_end) in enumerate(paragraphs):
        open_at, parts, part_start, double = None, [], 0, True
        if carry is not None:
            first = _MARK.search(text, p_start, p_end)
            if first and not text[p_start : first.start()].strip():
                open_at, parts, double = carry[0], carry[1], carry[2]
                part_start = first.end()
            else:  # the next paragraph did not go on with it: it ended with its paragraph
                out.append(Quoted(carry[0], carry[1][-1][1], tuple(carry[1]), carry[2]))
            carry = None
        single_at = None
        for m in _MARK.finditer(text, p_start, p_end):
            i, ch = m.start(), m.group()
            if open_at is not None and open_at < p_start and i == part_start - 1:
                continue  # the mark that carried the quotation over
            if open_at is not None:  # inside a double (or single-opened) quotation
                if ch in SINGLE_OPEN or (ch in SINGLE_CLOSE | {"'"} and double):
                    continue  # a quotation inside, or an apostrophe
                if (ch in DOUBLE_CLOSE or ch in STRAIGHT or ch in DOUBLE_OPEN or ch in SINGLE_CLOSE) and _closing(text, i):
                    parts.append((part_start, i))
                    out.append(Quoted(open_at, i + 1, tuple(parts), double))
                    open_at, parts = None, []
                elif double and (ch in DOUBLE_OPEN or ch == '"') and _opening(text, i) and _after_stop(text, i):
                    parts.append((part_start, i))  # two paragraphs run together: the quotation goes on
                    part_start = i + 1
                continue
            if single_at is not None:
                if (ch in SINGLE_CLOSE or ch in STRAIGHT or ch in DOUBLE_CLOSE) and _closing(text, i):
                    if text[single_at + 1 : i].strip():
                        out.append(Quoted(single_at, i + 1, ((single_at + 1, i),), False))
                    single_at = None
                continue
            if ch in DOUBLE_OPEN or (ch in DOUBLE_CLOSE and _opening(text, i)) or ch == '"':
                if ch == '"' and i and text[i - 1].isdigit():
                    continue  # an inch sign: a 42" screen
                if ch in DOUBLE_OPEN or _opening(text, i):
                    open_at, parts, part_start, double = i, [], i + 1, True
            elif ch in SINGLE_OPEN or ch == "'":
                right = text[i + 1] if i + 1 < len(text) else " "
                if _opening(text, i) and not right.isdigit():
                    single_at = i  # not '90s
        if open_at is not None:
            parts.append((part_start, p_end))
            nxt = paragraphs[n + 1] if n + 1 < len(paragraphs) else None
            if nxt and double:
                carry = (open_at, parts, double)
            else:
                out.append(Quoted(open_at, p_end, tuple(parts), double))
    if carry is not None:
        out.append(Quoted(carry[0], carry[1][-1][1], tuple(carry[1]), carry[2]))
    return [q for q in out if any(text[a:b].strip() for a, b in q.parts)]
