"""Dates and times over the tokens of `tokens.py`: "August 2021", "5 March
2019", "Aug. 5, 2019", "January 5th, 2017", "the 5th of January", "1/5/17",
"2017-01-05", "last August", "in 2021", "Monday", "Tuesday, Jan. 5",
"Easter", "the 1990s", "3pm". Part of the one number grammar (quantities.py
reads the rest and is the module to call); each reader returns what it found
at a token, or None.

A date's value is (year, month, day), None where the text does not say; a
weekday's is its number (Monday 0). "1/5/17" is read month first, as American
newspapers write it, unless the first number cannot be a month ("13/5/17").
"""

from __future__ import annotations

import datetime
import re
from typing import NamedTuple

from reader.core.text import lexicon as lx
from reader.core.text.tokens import NUM, WORD, Doc

_YEAR = re.compile(r"^(1[0-9]|20)\d\d$")
_DAY = re.compile(r"^(0?[1-9]|[12]\d|3[01])$")
_TIME = re.compile(r"^\d{1,2}:\d\d$")
_DOTTED_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")  # "5.1.2017", day first
_WEEKDAY_NUMBER = {d: k for k, d in enumerate("mon tue wed thu fri sat sun".split())}
ORDINAL_SUFFIXES = frozenset("st nd rd th".split())
AM_PM = frozenset("am pm a.m. p.m. gmt bst utc est edt pst cet".split())
# Words before a month or a year that make it a date ("in May", "since 2021").
DATE_PREPS = frozenset(
    "in since by from until till to during of before after early late mid last next this through".split()
)
_OLD_YEAR_PREPS = frozenset("in since from until till during".split())
# A year-like number before these counts them: "2021 votes", "1500 people".
YEAR_COUNTS = frozenset(
    "person people voter vote seat case job home troop member employee worker student death acre".split()
)


class DateSpan(NamedTuple):
    first: int  # tokens, inclusive
    last: int
    kind: str  # date, weekday, holiday, season, time, decade
    date: tuple[int | None, int | None, int | None] | None = None
    weak: bool = False  # may as well be part of a name or a verb: "May", "the 1965 Fender"
    weekday: int | None = None  # Monday 0


def is_year(word: str) -> bool:
    return bool(_YEAR.match(word))


def _int(word: str) -> int:
    return int(word)


def glued(doc: Doc, i: int, before: str, after: str) -> bool:
    """Token i touches one of the characters before it, or one of the
    characters after it that a letter or digit follows ("9/11", not "2003:")."""
    text, s, e = doc.text, doc.starts[i], doc.ends[i]
    return (s > 0 and text[s - 1] in before) or (e + 1 < len(text) and text[e] in after and text[e + 1].isalnum())


def old_year(doc: Doc, i: int) -> bool:
    """Is the number at token i a year before 1800? Only after "in", "since",
    "from", "until": "in 1066", not "rose to 1200"."""
    return i > 0 and doc.words[i - 1].lower() in _OLD_YEAR_PREPS and 1000 <= int(doc.words[i]) < 1800


def after_prep(doc: Doc, i: int) -> bool:
    """A date preposition just before token i ("in", "since", "mid-")."""
    if i == 0:
        return False
    prev = i - 1
    if doc.words[prev] == "-" and prev > 0 and doc.starts[i] == doc.ends[prev]:
        prev -= 1  # "mid-August"
    return doc.words[prev].lower() in DATE_PREPS


def month_date(doc: Doc, i: int) -> DateSpan | None:
    """[day] Month [day][,] [year], or a month alone, at the month word i."""
    words, kinds, n = doc.words, doc.kinds, len(doc)
    w = words[i]
    low = w.lower().rstrip(".")
    if not w[0].isupper() or low not in lx.MONTHS:
        return None
    month = lx.MONTHS[low]
    start, end = i, i
    day = year = None
    j = i + 1
    day_after = j < n and kinds[j] == NUM and _DAY.match(words[j]) and doc.joined(j)
    if day_after:
        pass  # "the 19 Sept. 11 hijackers": the day after the month is its day
    elif i >= 1 and kinds[i - 1] == NUM and _DAY.match(words[i - 1]) and doc.joined(i):
        start, day = i - 1, _int(words[i - 1])
    elif i >= 2 and words[i - 1] in ORDINAL_SUFFIXES and kinds[i - 2] == NUM and _DAY.match(words[i - 2]):
        start, day = i - 2, _int(words[i - 2])  # "25th March"
    elif i >= 3 and words[i - 1].lower() == "of" and words[i - 2] in ORDINAL_SUFFIXES and kinds[i - 3] == NUM \
            and _DAY.match(words[i - 3]) and doc.starts[i - 2] == doc.ends[i - 3]:
        start, day = i - 3, _int(words[i - 3])  # "the 5th of January"
    if day_after:
        end, day = j, _int(words[j])
        j += 1
        if j < n and words[j] in ORDINAL_SUFFIXES and doc.starts[j] == doc.ends[j - 1]:
            end = j
            j += 1
    if j < n and words[j] == "," and j + 1 < n and kinds[j + 1] == NUM and _YEAR.match(words[j + 1]):
        j += 1  # "Aug. 5, 2019", "5 March, 2019"
    if j < n and kinds[j] == NUM and _YEAR.match(words[j]) and doc.joined(j):
        end, year = j, _int(words[j])
    if start == end == i:
        prep = after_prep(doc, i)
        prev = words[i - 1].lower() if i else ""
        ambiguous = low in ("may", "march") or len(low) <= 3 or w.endswith(".")
        if ambiguous and not prep:
            return None  # "May we", "Mar-a-Lago"
        if i and doc.is_cap(i - 1) and not doc.initial[i - 1] and prev not in ("last", "next", "this"):
            return None  # "Theresa May", "Ides of March" stay names
        weak = not prep or low in ("may", "march") or len(low) <= 4
        return DateSpan(i, i, "date", (None, month, None), weak)
    return DateSpan(start, end, "date", (year, month, day))


def word_date(doc: Doc, i: int) -> DateSpan | None:
    """A weekday (with the date after it: "Tuesday, Jan. 5"), a holiday, or a
    season with its year, at word i."""
    words, n = doc.words, len(doc)
    w = words[i]
    low = w.lower().rstrip(".")
    if low in lx.SEASONS and i + 1 < n and doc.kinds[i + 1] == NUM and _YEAR.match(words[i + 1]):
        return DateSpan(i, i + 1, "season", (_int(words[i + 1]), None, None))
    if not w[0].isupper():
        return None
    if low in lx.HOLIDAYS:
        return DateSpan(i, i, "holiday")
    if low in lx.WEEKDAYS:
        if len(low) <= 4 and not w.endswith("."):
            return None  # "Sat", "Sun", "Wed" are words too
        weekday = _WEEKDAY_NUMBER[low[:3]]
        j = i + 2 if i + 1 < n and words[i + 1] == "," else i + 1
        for k in (j, j + 1):  # "Tuesday, Jan. 5", "Tuesday 5 January"
            if k < n and words[k][:1].isupper() and words[k].lower().rstrip(".") in lx.MONTHS:
                d = month_date(doc, k)
                if d is not None and d.first == j and d.date and d.date[2] is not None and doc.joined(j):
                    return DateSpan(i, d.last, "date", d.date, weekday=weekday)
        return DateSpan(i, i, "weekday", weekday=weekday)
    return None


def numeral_date(doc: Doc, i: int) -> DateSpan | None:
    """At a numeral: a date in figures ("1/5/17", "2017-01-05"), a clock
    time ("10:30", "3pm"), a decade ("1990s")."""
    words, n = doc.words, len(doc)
    w = words[i]
    found = _figures_date(doc, i)
    if found is not None:
        return found
    j = i + 1
    nxt = words[j].lower() if j < n else ""
    tight = j < n and doc.starts[j] == doc.ends[i]
    if _TIME.match(w):
        if nxt in AM_PM and doc.joined(j):
            return DateSpan(i, j, "time")
        return DateSpan(i, i, "time")
    if nxt == "s" and tight and _YEAR.match(w):
        return DateSpan(i, j, "decade", (_int(w), None, None))
    if nxt in AM_PM and (tight or doc.joined(j)) and doc.kinds[i] == NUM and "," not in w:
        return DateSpan(i, j, "time")
    return None


def _figures_date(doc: Doc, i: int) -> DateSpan | None:
    words, kinds, n = doc.words, doc.kinds, len(doc)
    m = _DOTTED_DATE.match(words[i])
    if m:
        return _valid(i, i, int(m.group(3)), int(m.group(2)), int(m.group(1)))
    if i + 4 >= n or words[i + 1] not in "/-" or words[i + 3] != words[i + 1]:
        return None
    if not all(doc.starts[k] == doc.ends[k - 1] for k in range(i + 1, i + 5)):
        return None
    if kinds[i + 2] != NUM or kinds[i + 4] != NUM or (i + 5 < n and doc.starts[i + 5] == doc.ends[i + 4]
                                                         and words[i + 5] in "/-"):
        return None  # "1/2/3/4" is no date
    a, b, c = words[i], words[i + 2], words[i + 4]
    if not (a.isdigit() and b.isdigit() and c.isdigit()):
        return None
    if words[i + 1] == "-":  # ISO: 2017-01-05
        return _valid(i, i + 4, int(a), int(b), int(c)) if len(a) == 4 and len(b) == 2 and len(c) == 2 else None
    if len(a) > 2 or len(b) > 2 or len(c) not in (2, 4):
        return None
    year = int(c) if len(c) == 4 else (2000 + int(c) if int(c) < 50 else 1900 + int(c))
    month, day = (int(a), int(b)) if int(a) <= 12 else (int(b), int(a))
    return _valid(i, i + 4, year, month, day)


def _valid(first: int, last: int, year: int, month: int, day: int) -> DateSpan | None:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return None
    return DateSpan(first, last, "date", (year, month, day))


def year_alone(doc: Doc, i: int) -> DateSpan | None:
    """A year written alone ("in 2021"), not a count ("2021 votes"); weak
    where it may be part of a name ("the 1922 Committee", "Windows 2000")."""
    words, kinds, n = doc.words, doc.kinds, len(doc)
    w = words[i]
    if kinds[i] != NUM or not _YEAR.match(w) or glued(doc, i, "/.:-$£€", "/%:"):
        return None  # "2021/22", "$2021", a code
    prep = after_prep(doc, i)
    if not 1800 <= int(w) <= 2099 and not old_year(doc, i):
        return None  # "rose to 1200", "1500 new homes"
    weak = False
    j = i + 1
    if j < n and kinds[j] == WORD and doc.joined(j):
        nxt = words[j]
        low = nxt.lower()
        if nxt[0].isupper() and low.rstrip(".") not in lx.MONTHS and not prep:
            weak = True  # "the 1922 Committee", but also "the 2004 Jesse Owens Awards"
        elif not prep and (low in YEAR_COUNTS or (low.endswith("s") and low[:-1] in YEAR_COUNTS)) \
                and not (j + 1 < n and doc.words[j + 1] == "-"):
            return None
    if not prep and i and doc.is_cap(i - 1) and not doc.initial[i - 1] and doc.joined(i):
        low = words[i - 1].lower().rstrip(".")
        if low not in lx.MONTHS and low not in lx.HOLIDAYS and low not in lx.SEASONS and low not in lx.WEEKDAYS:
            return None  # part of a name: "Windows 2000", "Euro 2006"
    return DateSpan(i, i, "date", (_int(w), None, None), weak)
