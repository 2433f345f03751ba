"""Numbers and quantities in a report, with what they count, and their
reconciliation between two reports.

`extract(text)` takes from the one number grammar (`text/quantities.py`) what
the comparison reconciles: counts ("40 million voters", "seven people", "about
40 Conservative MPs"), vague counts ("millions of voters"), durations ("nearly
14 years"), ages, fractions, dates in any common form ("August 2021", "in
2021", "1/5/17", "Jan. 5", "on Tuesday"), sums of money and percentages, each
with its offsets, value, qualifier ("about", "nearly", "more than": a hedge,
kept beside the value), what it counts, normalised ("voter", "mp", "year"),
the words of its sentence and the words around it. Given the report's
publication date, "on Tuesday" is read as the date it names.

`reconcile(a, b)` (number_pairs.py) pairs the quantities of two reports that
count the same thing and says, for each, whether both give the same value, a
different one (including a less precise one: "millions" against "40
million"), or whether only one report gives it.
"""

from __future__ import annotations

import bisect
import datetime
import re

from reader.core.compare.number_pairs import (  # noqa: F401 (the module's interface)
    NumberMatch,
    Quantity,
    context_similarity,
    granularity,
    reconcile,
    same_thing,
    unit_key,
    unit_similarity,
    value_relation,
)
from reader.core.entities.gazetteer import lookup
from reader.core.text import lexicon as lx
from reader.core.text import quantities as grammar
from reader.core.text import words
from reader.core.text.tokens import WORD, Doc, tokenise
from reader.core.text.words import content_terms

# What the comparison reconciles ("time", "decade", "holiday", a number glued to a code are not).
_KINDS = frozenset("count duration date weekday money percent age fraction rank".split())
_NEAR_WORDS = 3  # words each side of a number (names aside), among which those that say what it is about
_FUTURE = re.compile(r"\b(?:will|next|is to|are to|plans? to|due to|scheduled)\b", re.I)


def _counts(q: grammar.Quantity) -> bool:
    """Is this a quantity the comparison reconciles?"""
    if q.kind == "season":
        return q.date is not None
    if q.kind not in _KINDS or q.weak:
        return False
    # "two" alone is too often not a count of anything
    return q.kind != "count" or bool(q.unit or q.qualifier) or not q.text[:1].isalpha()


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    right_candidates = [p for p in (text.find(". ", end), text.find("\n", end)) if p >= 0]
    return left, min(right_candidates) if right_candidates else len(text)


_WHICH_WEEK = frozenset("next last this coming past previous following".split())


def extract(text: str, published: datetime.date | datetime.datetime | None = None) -> list[Quantity]:
    """Every quantity in text, in order. published (the report's date) lets
    "on Tuesday" be read as a date."""
    out: list[Quantity] = []
    sentences: dict[tuple[int, int], frozenset[str]] = {}
    doc = tokenise(text)
    for q in grammar.scan(doc, lookup):
        if not _counts(q):
            continue
        left, right = _sentence_bounds(text, q.start, q.end)
        context = sentences.get((left, right))
        if context is None:
            context = sentences[(left, right)] = frozenset(content_terms(text[left:right]))
        first = bisect.bisect_left(doc.starts, q.start)
        before = _around(doc, range(first - 1, -1, -1), left)
        after = _around(doc, range(bisect.bisect_left(doc.starts, q.end), len(doc)), right)
        near = frozenset([w for w in before + after if w] + ([unit_key(q.unit)] if q.unit and q.kind == "count" else []))
        next_to = frozenset(w for w in before[:1] + after[:1] if w)  # "published Saturday"
        kind, unit, date, ahead = q.kind, q.unit, q.date, None
        if kind == "season":
            kind, unit = "date", "date"
        elif kind == "weekday" and published is not None:
            ahead = bool(_FUTURE.search(text, left, right))
            day = _weekday_date(published, int(q.value or 0), ahead)
            if day:
                date, kind, unit = day, "date", "date"
            before = text[max(0, q.start - 12) : q.start].casefold().split()[-1:]
            if not day or before and before[0] in _WHICH_WEEK:
                ahead = None  # "next Tuesday", "last Tuesday": which one is said, not guessed
        out.append(Quantity(q.text, q.start, q.end, kind, q.value, unit, q.qualifier, q.vague, date,
                            context=context, near=near, next_to=next_to, sentence=left, ahead=ahead))
    return out


def _around(doc: Doc, order: range, bound: int) -> list[str]:
    """The words next to a number, nearest first, within its sentence (bound):
    _NEAR_WORDS of them, names left out (two reports name the same people
    around different facts, and names between a number and its verb, "led
    House Democrats since 2002", keep no word from it); each word's stem, or
    "" for a function word or a word of saying ("said", "told")."""
    out: list[str] = []
    words_, kinds, starts = doc.words, doc.kinds, doc.starts
    for k in order:
        if (starts[k] < bound) if order.step < 0 else (starts[k] >= bound):
            break
        w = words_[k]
        if kinds[k] != WORD or len(w) < 2 or w[0].isupper():
            continue
        low = w.lower()
        out.append("" if low in words.STOPWORDS or low in lx.SPEECH_VERBS else words.stem(low))
        if len(out) == _NEAR_WORDS:
            break
    return out


def _weekday_date(published: datetime.date, weekday: int, future: bool) -> tuple[int, int, int] | None:
    """The day a report of `published` means by a weekday: the last one on or
    before it, or the next one after it when the sentence speaks of the future
    (None past the calendar's ends: "Tuesday" in a report dated 0001-01-01)."""
    day = published.date() if isinstance(published, datetime.datetime) else published
    try:
        if future:
            day += datetime.timedelta(days=(weekday - day.weekday()) % 7 or 7)
        else:
            day -= datetime.timedelta(days=(day.weekday() - weekday) % 7)
    except OverflowError:
        return None
    return day.year, day.month, day.day
