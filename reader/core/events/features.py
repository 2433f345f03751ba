"""What an article says about its event: who, what, where and when.

- terms: the content terms (the core's one tokenizer) of the headline, the
  lead and the start of the body, the first two counted more: the event's
  words ("quake", "resigns", "derails") and its particulars;
- the headline's names (its subject: "Malatya", "Okafor", "SkyVale": words
  the text writes capitalised inside a sentence and never in lower case)
  and its other words, what happened ("arrested", "holds", "rehab");
- the opening: every term of the headline and first sentence, where a
  report says what it is about;
- numbers: those of the headline and of the lead (a toll, an amount, a
  vote: "61-38", "$420 million", "seven dead" as 7);
- day: the day the lead says the event happened ("on Tuesday" read against
  the publication date, "yesterday", "March 15"), and its weekday, which the
  text alone gives when the date is not known; and every day (weekday) the
  headline and lead name;
- quoted: the pairs of consecutive terms inside the quotation marks of the
  headline and lead (the one reader of quotation marks, text/marks.py):
  reports of one event quote the same words of its speakers.

Only the first `body_chars` of a text are read: the rest of a report is
background, and reading it would make grouping cost what reading costs.
"""

from __future__ import annotations

import re
from collections import _count_elements
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import chain
from operator import itemgetter

from reader.core.text import lexicon as lx
from reader.core.text import quantities
from reader.core.text.marks import find_quoted
from reader.core.text.tokens import tokenise
from reader.core.text.words import WORD, run_terms

VERSION = 5  # bump when what is extracted changes: stored events are then grouped again

_NOT_NAMES = lx.STOP | lx.DAY_NAMES | frozenset(lx.MONTHS) | lx.SEASONS
_NUMBER = re.compile(r"\d[\d.,]*")
_YEARLIKE = re.compile(r"(1[89]|20)\d\d$")
# Where the lead may say when: a weekday, a date, or today / yesterday. The
# grammar (text/quantities.py) reads the words around the first of them.
# The lookahead (every first letter of the words below) only lets the search
# skip most positions at once: the same matches, in half the time.
_WHEN = re.compile(
    r"(?=[MTWFStyJAOND])\b(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|today|tonight|yesterday"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}\b)"
)
_RELATIVE = {"today": 0, "tonight": 0, "yesterday": -1}
_SENTENCE_END = re.compile(r"[.!?][\"”’]?\s")
# A date without a year further ahead of its report than this is last year's ("Dec. 30" in January)
_AHEAD = 183
_BEFORE, _AFTER = 12, 16  # characters read around the first word that says when ("in May", "Tuesday, Jan. 5")


@dataclass(frozen=True)
class Features:
    terms: dict[str, float]  # term -> weighted count
    subject: frozenset[str] = frozenset()  # the headline's names
    what: frozenset[str] = frozenset()  # the headline's other terms
    opening: frozenset[str] = frozenset()  # every term of the headline and first sentence
    numbers: frozenset[str] = frozenset()  # of the headline and lead
    headline_numbers: frozenset[str] = frozenset()
    day: int | None = None  # date.toordinal() of the day the lead gives
    weekday: int | None = None  # Monday 0
    days: frozenset[int] = frozenset()  # every day the headline and lead name (known dates only)
    weekdays: frozenset[int] = frozenset()  # the weekdays of every day they name
    quoted: frozenset[str] = frozenset()  # pairs of consecutive terms inside quotation marks ("piggi\tbank")


class _Memo(dict):
    """A cache of f, looked up as memo[key] (a dict subscript costs a fifth
    of an lru_cache call, and grouping makes hundreds of thousands); it is
    emptied when it holds more than limit values."""

    def __init__(self, f, limit: int):
        super().__init__()
        self.f, self.limit = f, limit

    def __missing__(self, key):
        if len(self) >= self.limit:
            self.clear()
        value = self[key] = self.f(key)
        return value


def _numbers_of(chunk: str) -> tuple[str, ...]:
    """The numbers of chunk: figures as written ("5.6" of "5.6-magnitude",
    "40000" of "40,000"; years left out) and number words as figures."""
    if chunk.isalpha():  # most runs: one word of letters (WORD's match is the run), folded by casefold alone
        value = lx.NUMBER_WORDS.get(chunk.casefold())
        return () if value is None else (str(value),)
    out = []
    for w in WORD.findall(chunk):
        low = _fold(w)
        value = lx.NUMBER_WORDS.get(low)
        if value is not None:
            out.append(str(value))
        elif low[0].isdigit():
            m = _NUMBER.match(low)
            number = m.group().rstrip(".,").replace(",", "") if m else ""
            if number and not _YEARLIKE.match(number):
                out.append(number)
    return tuple(out)


# What a run of text without spaces holds, looked up once per distinct run:
# tokens never span whitespace, so reading a text run by run gives what the
# tokenizer gives on the whole of it, and the loops run in C (map, chain,
# counting) over cached tuples.
_TERMS = _Memo(run_terms, 400_000)
_terms = _TERMS.__getitem__
# A headline's or a lead's run: (its terms, its numbers), both wanted of each, so found with one
# look-up rather than one in each of two memos (at this size a look-up is mostly waiting on memory).
# As large as _TERMS: a 25k build has 177,654 distinct lead and headline runs.
_RUNS = _Memo(lambda chunk: (_terms(chunk), _numbers_of(chunk)), 400_000)
_run = _RUNS.__getitem__
_terms_part, _numbers_part = itemgetter(0), itemgetter(1)


def _fold(word: str) -> str:
    low = word.casefold().replace("’", "'")
    return low[:-2] if low.endswith("'s") else low


def _tally(terms: Iterable[tuple[str, ...]]) -> dict[str, int]:
    """The terms of the tuples counted, in the order first met, as Counter counts them: with
    Counter's own helper, into a plain dict (a Counter's construction, in Python, cost ten times the
    counting of a headline, and the features' terms were then copied out of it)."""
    counts: dict[str, int] = {}
    _count_elements(counts, chain.from_iterable(terms))
    return counts


def headline_names(title: str, text: str) -> set[str]:
    """The headline's words that the text writes as names: capitalised
    inside a sentence, never in lower case (an acronym may be). The headline
    alone cannot say (it may be in Title Case, or capitals)."""
    out = set()
    for word in WORD.findall(title):
        if not word[0].isupper():  # before folding: a headline in sentence case has most of its words in lower case
            continue
        low = _fold(word)
        if len(low) < 2 or low in _NOT_NAMES:
            continue
        written = word if not word.isupper() or len(word) <= 4 else word.capitalize()
        if not _as_word(text, written) and not _as_word(text, written.capitalize()):
            continue
        if (written.isupper() and len(written) > 1) or not _in_lower_case(text, low):
            out.add(low)
    return out


def _as_word(text: str, word: str) -> bool:
    """Does text write word as a word of its own, after a space (not the
    start of a longer one: a headline's "Search" is no name because the text
    writes "Searchers")?"""
    at = text.find(" " + word)
    while at >= 0:
        end = at + 1 + len(word)
        if end >= len(text) or not text[end].isalpha():
            return True
        at = text.find(" " + word, end)
    return False


def _in_lower_case(text: str, word: str) -> bool:
    """Does text write word in lower case (alone or plural)?"""
    at = text.find(" " + word)
    while at >= 0:
        end = at + 1 + len(word)
        if end >= len(text) or not text[end].isalpha() or (text[end] == "s" and not text[end + 1 : end + 2].isalpha()):
            return True
        at = text.find(" " + word, end)
    return False


def cut(text: str, limit: int) -> int:
    """Where to cut text at about limit characters, at a space."""
    if len(text) <= limit:
        return len(text)
    at = text.rfind(" ", 0, limit)
    return at if at > 0 else limit


def extract(title: str, text: str, published: datetime | None, title_weight: float, lead_weight: float,
            lead_chars: int, body_chars: int) -> Features:
    lead_end = cut(text, lead_chars)
    body_end = cut(text, body_chars)
    lead = text[:lead_end]
    head_runs, lead_runs = list(map(_run, title.split())), list(map(_run, lead.split()))
    counts = _tally(map(_terms, text[lead_end:body_end].split()))
    # dict.get: most of the lead's and the headline's terms are not in the body read (it starts after the lead)
    get = counts.get
    weight = 1.0 + lead_weight
    for t, n in _tally(map(_terms_part, lead_runs)).items():
        counts[t] = get(t, 0) + n * weight
    headline = _tally(map(_terms_part, head_runs))
    for t, n in headline.items():
        counts[t] = get(t, 0) + n * title_weight
    headline_numbers = frozenset(chain.from_iterable(map(_numbers_part, head_runs)))
    numbers = headline_numbers.union(chain.from_iterable(map(_numbers_part, lead_runs)))
    subject = frozenset(chain.from_iterable(map(_terms, headline_names(title, text[:body_end]))))
    what = frozenset(t for t in headline if t not in subject and not t[0].isdigit())
    opening = frozenset(headline).union(*_first_sentence(lead, lead_runs))
    head_lead = title + "\n" + lead
    named = when_all(head_lead, published)
    weekday = named[0][1] if named else None
    # The event's day is the first named that has come: a date to come (a dividend payable on June 3,
    # a vote next month) is no day of it, and two wires' results that name one would be read as of a
    # day, though written weeks apart. Named days to come still count among those the reports share.
    soon = published.date().toordinal() + 7 if published is not None else None
    day = next((d for d, _ in named if soon is None or d is None or d <= soon), None)
    days = frozenset(d for d, _ in named if d is not None)
    weekdays = frozenset(w for _, w in named if w is not None)
    return Features(counts, subject, what, opening, numbers, headline_numbers, day, weekday, days, weekdays,
                    quoted(head_lead))


def _first_sentence(lead: str, runs: list[tuple[tuple[str, ...], tuple[str, ...]]]) -> tuple[Iterable[str], ...]:
    """The terms of the lead's first sentence (past its first 40 characters), or of the whole lead:
    those of its runs (runs: the lead's), but the last, which the sentence's end may cut ("said."
    of "said.”")."""
    m = _SENTENCE_END.search(lead, 40)
    if m is None:
        return (chain.from_iterable(map(_terms_part, runs)),)
    sentence = lead[: m.start() + 1].split()  # never empty: it ends at a stop
    return chain.from_iterable(map(_terms_part, runs[: len(sentence) - 1])), _terms(sentence[-1])


def quoted(text: str) -> frozenset[str]:
    """Every two consecutive terms of a quotation ("piggi bank"): reports of
    one event quote the same words of its speakers, and two happenings of one
    topic seldom do."""
    out = set()
    for q in find_quoted(text):
        terms = list(chain.from_iterable(map(_terms, q.inner(text).split())))
        out.update(map("\t".join, zip(terms, terms[1:])))  # terms hold no whitespace: a tab parts them
    return frozenset(out)


def days_apart(a: frozenset[int], b: frozenset[int]) -> bool:
    """No day of a within a day of one of b."""
    return all(abs(x - y) >= 2 for x in a for y in b)


def weekdays_apart(a: frozenset[int], b: frozenset[int]) -> bool:
    """No weekday of a within a day of one of b."""
    return all((x - y) % 7 not in (0, 1, 6) for x in a for y in b)


def when(text: str, published: datetime | None) -> tuple[int | None, int | None]:
    """(day, weekday) of the first time the text says when: a weekday, a
    date, today or yesterday, read against the publication date where it is
    known (the weekday on or before it; a date without a year in its year)."""
    m = _WHEN.search(text)
    if m is None:
        return None, None
    return _when_at(text, m, published.date() if published is not None else None)


def when_all(text: str, published: datetime | None) -> list[tuple[int | None, int | None]]:
    """(day, weekday) of every time the text says when, in order, those it
    cannot read left out. Reports of one event written on different days
    lead with different days ("on Sunday" the meeting, "on Monday" the
    reaction), but most name the day of the event among them."""
    pub = published.date() if published is not None else None
    out = []
    for m in _WHEN.finditer(text):
        found = _when_at(text, m, pub)
        if found != (None, None):
            out.append(found)
    return out


def _when_at(text: str, m: re.Match, pub: date | None) -> tuple[int | None, int | None]:
    try:
        return _when_read(text, m, pub)
    except OverflowError:  # a day before or after one at the calendar's ends (0001-01-01, 9999-12-31)
        return None, None


def _when_read(text: str, m: re.Match, pub: date | None) -> tuple[int | None, int | None]:
    word = m.group()
    if word in _RELATIVE:
        if pub is None:
            return None, None
        d = pub + timedelta(days=_RELATIVE[word])
        return d.toordinal(), d.weekday()
    start = max(0, text.rfind(" ", 0, max(0, m.start() - _BEFORE)) + 1)
    window = text[start : cut(text, m.end() + _AFTER)]
    for q in quantities.scan(tokenise(window)):
        if q.kind == "weekday" and q.value is not None:
            weekday = int(q.value)
            if pub is None:
                return None, weekday
            d = pub - timedelta(days=(pub.weekday() - weekday) % 7)
            return d.toordinal(), weekday
        if q.kind == "date" and q.date and q.date[1] and q.date[2]:
            year, month, day = q.date
            year = year or (pub.year if pub else None)
            if year is None:
                return None, None
            try:
                d = date(year, month, day)
            except ValueError:
                return None, None
            if pub is not None and not q.date[0] and d.toordinal() > pub.toordinal() + _AHEAD and year > 1:
                # "Dec. 30" in a report of January 2 is last year's; "June 3" in one of March is a
                # date to come (a dividend payable, a vote), this year's, and no day of its event
                d = d.replace(year=year - 1)
            return d.toordinal(), d.weekday()
    return None, None
