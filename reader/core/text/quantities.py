"""Dates, money, percentages, quantities and cardinal numbers, by patterns
over tokens.

A number carries what it counts where the text says it: "40 million voters"
is one QUANTITY span, "a group of seven" a CARDINAL. Time spans ("14 years")
are dates. Approximators ("about", "nearly") stay outside every span.
"""

from __future__ import annotations

import re

from reader.core.entities.gazetteer import lookup
from reader.core.text import lexicon as lx
from reader.core.text.tokens import ABBR, NUM, PUNCT, WORD, Doc

_YEAR = re.compile(r"^(1[0-9]|20)\d\d$")
_DAY = re.compile(r"^(0?[1-9]|[12]\d|3[01])$")
_TIME = re.compile(r"^\d{1,2}[:.]\d\d$")
_ORDINAL_SUFFIX = frozenset("st nd rd th".split())
_AM_PM = frozenset("am pm a.m. p.m. gmt bst utc est edt pst cet".split())
_DATE_PREPS = frozenset("in since by from until till to during of before after early late mid".split())

Span = tuple[int, int, str]  # first token, last token (inclusive), type


def find(doc: Doc) -> tuple[list[Span], set[int]]:
    """Number and date spans, and the word tokens they use (months, weekdays)
    that must not start a name."""
    spans: list[Span] = []
    used: set[int] = set()
    words, kinds, n = doc.words, doc.kinds, len(doc)
    i = 0
    while i < n:
        kind = kinds[i]
        low = words[i].lower()
        span: Span | None = None
        if kind == WORD:
            if low.rstrip(".") in lx.MONTHS or low in lx.WEEKDAYS or low in lx.HOLIDAYS:
                span = _date_from_word(doc, i)
            elif low in lx.SEASONS and i + 1 < n and kinds[i + 1] == NUM and _YEAR.match(words[i + 1]):
                span = (i, i + 1, "DATE")
            elif low in lx.NUMBER_WORDS or low in lx.PLURAL_MULTIPLIERS:
                span = _number(doc, i)
        elif kind == NUM:
            span = _number(doc, i)
        elif kind == PUNCT and words[i] in lx.CURRENCY_SYMBOLS:
            span = _money(doc, i)
        if span is None:
            i += 1
            continue
        spans.append(span)
        for k in range(span[0], span[1] + 1):
            low = words[k].lower().rstrip(".")
            if kinds[k] == WORD and (span[2] == "DATE" or low in lx.NUMBER_WORDS or low in lx.MULTIPLIERS):
                used.add(k)  # "Chinese" in "two Chinese nationals" is still a name
        i = span[1] + 1
    return spans, used


def _date_from_word(doc: Doc, i: int) -> Span | None:
    words, kinds, n = doc.words, doc.kinds, len(doc)
    w = words[i]
    if not w[0].isupper():
        return None
    low = w.lower().rstrip(".")
    if low in lx.WEEKDAYS or low in lx.HOLIDAYS:
        if len(low) <= 4 and low not in lx.HOLIDAYS and not w.endswith("."):
            return None  # "Sat", "Sun", "Wed" are words too
        return (i, i, "DATE")
    # Month: [day] Month [day][,] [year]
    start, end = i, i
    if i >= 1 and kinds[i - 1] == NUM and _DAY.match(words[i - 1]) and doc.joined(i):
        start = i - 1
    elif i >= 2 and words[i - 1] in _ORDINAL_SUFFIX and kinds[i - 2] == NUM and _DAY.match(words[i - 2]):
        start = i - 2  # "25th March"
    j = i + 1
    if j < n and kinds[j] == NUM and _DAY.match(words[j]) and doc.joined(j):
        end = j
        j += 1
        if j < n and words[j] in _ORDINAL_SUFFIX and doc.starts[j] == doc.ends[j - 1]:
            end = j
            j += 1
        if j < n and words[j] == ",":
            j += 1
    if j < n and kinds[j] == NUM and _YEAR.match(words[j]) and doc.joined(j):
        end = j
    if start == end == i:
        # a month alone: unambiguous months are dates; "May" and "March" need
        # a preposition or a relative word before them
        prev = words[i - 1].lower() if i else ""
        if low in ("may", "march") or len(low) <= 3 or w.endswith("."):
            if prev not in _DATE_PREPS and prev not in ("last", "next", "this", "mid"):
                return None
        if i and doc.is_cap(i - 1) and not doc.initial[i - 1] and prev not in ("last", "next", "this"):
            return None  # "Theresa May", "Ides of March" stay names
    return (start, end, "DATE")


def _number_end(doc: Doc, i: int) -> int:
    """Last token of the number that starts at token i: "40 million",
    "twenty-five", "2.5 billion", "hundreds of thousands"."""
    words, kinds, n = doc.words, doc.kinds, len(doc)
    end = i
    j = i + 1
    while j < n:
        low = words[j].lower()
        if kinds[j] == PUNCT and words[j] == "-" and j + 1 < n and words[j + 1].lower() in lx.NUMBER_WORDS:
            if doc.starts[j] == doc.ends[j - 1] and doc.starts[j + 1] == doc.ends[j]:
                end = j + 1
                j += 2
                continue
        if kinds[j] == WORD and doc.joined(j) and (low in lx.MULTIPLIERS or low in lx.NUMBER_WORDS):
            if low in ("m", "k") and doc.starts[j] != doc.ends[j - 1]:
                break  # "5 m" is metres
            end = j
            j += 1
            continue
        if low == "of" and words[end].lower() in lx.PLURAL_MULTIPLIERS and j + 1 < n:
            nxt = words[j + 1].lower()
            if nxt in lx.PLURAL_MULTIPLIERS:  # "tens of thousands"
                end = j + 1
                j += 2
                continue
        break
    return end


def _number(doc: Doc, i: int) -> Span | None:
    words, kinds, n = doc.words, doc.kinds, len(doc)
    w = words[i]
    low = w.lower()
    if low == "one" or (kinds[i] == WORD and not (w.islower() or w.istitle())):
        return None
    if i and kinds[i] == NUM and _inside_name(doc, i):
        return None
    if _TIME.match(w) and ":" in w:
        end = i
        if i + 1 < n and words[i + 1].lower() in _AM_PM and doc.joined(i + 1):
            end = i + 1
        return (i, end, "DATE")
    if i + 1 < n and doc.joined(i + 1) and words[i + 1].lower().rstrip(".") in lx.MONTHS:
        if kinds[i] == NUM and words[i + 1][0].isupper():
            return None  # "25 March": the month takes the day
    end = _number_end(doc, i)
    j = end + 1
    nxt = words[j].lower() if j < n else ""
    tight = j < n and doc.starts[j] == doc.ends[end]
    if kinds[i] == NUM:
        if nxt in _ORDINAL_SUFFIX and tight:
            return None  # "21st"
        if nxt == "s" and tight and _YEAR.match(w):
            return (i, j, "DATE")  # "1990s"
        if nxt in _AM_PM and (tight or doc.joined(j)):
            return (i, j, "DATE")  # "3pm"
        if nxt == "%" and (tight or doc.joined(j)):
            return (i, j, "PERCENT")
    if j < n and doc.joined(j):
        if nxt in ("per", "percent", "pc", "percentage"):
            if nxt == "per" and j + 1 < n and words[j + 1].lower() == "cent":
                return (i, j + 1, "PERCENT")
            if nxt == "percentage" and j + 1 < n and words[j + 1].lower() in ("point", "points"):
                return (i, j + 1, "PERCENT")
            if nxt != "per":
                return (i, j, "PERCENT")
        if nxt in lx.CURRENCY_WORDS:
            return (i, j, "MONEY")
        if nxt in lx.TIME_UNITS:
            return (i, j, "DATE")
        if nxt in lx.MEASURE_UNITS and nxt != "m":
            return (i, j, "QUANTITY")
    if words[end].lower() in lx.PLURAL_MULTIPLIERS:
        # "millions of voters", "dozens of people"
        if j < n and nxt == "of" and doc.joined(j):
            head = _counted(doc, j + 1)
            if head is not None:
                return (i, head, "QUANTITY")
        return (i, end, "CARDINAL") if kinds[i] == NUM else None
    head = _counted(doc, j)
    if head is not None and not (kinds[i] == NUM and _YEAR.match(w) and end == i and _year_context(doc, i)):
        return (i, head, "QUANTITY")
    if kinds[i] == NUM and end == i and _YEAR.match(w) and "," not in w and "." not in w:
        return (i, i, "DATE")
    return (i, end, "CARDINAL")


def _year_context(doc: Doc, i: int) -> bool:
    return i > 0 and doc.words[i - 1].lower() in _DATE_PREPS


def _inside_name(doc: Doc, i: int) -> bool:
    """A number straight after a capitalised word or a hyphen is part of a
    name: "Group 31", "Article 50", "Covid-19"."""
    prev = i - 1
    if doc.words[prev] == "-" and doc.starts[i] == doc.ends[prev]:
        return True
    if doc.kinds[prev] in (WORD, ABBR) and doc.is_cap(prev) and not doc.initial[prev] and doc.joined(i):
        low = doc.words[prev].lower().rstrip(".")
        return low not in lx.MONTHS and low not in lx.WEEKDAYS and lookup(doc.words[prev]) is None
    return False


def _is_plural_noun(word: str) -> bool:
    low = word.lower()
    if low in lx.IRREGULAR_PLURALS:
        return True
    if word.isupper() or (len(word) > 2 and word[:-1].isupper() and word[-1] == "s"):
        return word.endswith("s") and len(word) > 2  # "MPs"
    return len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is", "ous"))


def _counted(doc: Doc, j: int) -> int | None:
    """Last token of the noun phrase that a number counts, starting at token
    j: "voters", "fellow Chinese nationals", "by-elections"; None if no
    counted noun follows."""
    words, kinds, n = doc.words, doc.kinds, len(doc)
    taken = 0
    while j < n and taken < 4 and kinds[j] == WORD and doc.joined(j):
        # a hyphenated word counts as one: "by-elections", "state-backed"
        last = j
        while last + 2 < n and words[last + 1] == "-" and kinds[last + 2] == WORD:
            if doc.starts[last + 1] != doc.ends[last] or doc.starts[last + 2] != doc.ends[last + 1]:
                break
            last += 2
        word = words[last]
        low = word.lower()
        if low in lx.NOT_COUNTED or low in lx.NUMBER_WORDS:
            return None
        if word[0].isupper() and not _is_plural_noun(word) and lookup(word) is None:
            return None  # a name follows: "two Dowden aides" is rare
        if _is_plural_noun(word):
            return last
        if low.endswith(("ing", "ly")):
            return None  # "seven facing charges": a verb, not what is counted
        if low.endswith("ed"):  # "two armed men"
            nxt = last + 1
            if not (nxt < n and kinds[nxt] == WORD and doc.joined(nxt) and _is_plural_noun(words[nxt])):
                return None
        taken += 1
        j = last + 1
    return None


def _money(doc: Doc, i: int) -> Span | None:
    words, kinds, n = doc.words, doc.kinds, len(doc)
    j = i + 1
    if j >= n or kinds[j] != NUM or doc.starts[j] - doc.ends[i] > 1:
        return None
    start = i
    if i and kinds[i - 1] in (WORD, ABBR) and doc.starts[i] == doc.ends[i - 1] and words[i - 1].isupper():
        start = i - 1  # "US$", "HK$"
    end = j
    k = j + 1
    if k < n and kinds[k] == WORD and words[k].lower() in lx.MULTIPLIERS and doc.joined(k):
        end = k
    return (start, end, "MONEY")
