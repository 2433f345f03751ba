"""The one number and date grammar, over the tokens of `tokens.py`, for the
entity rules and for the comparison alike.

`scan(doc)` reads every number, sum of money, percentage, count, duration and
date, in order. Each `Quantity` carries two spans, because its two readers
want different things from one reading:

- the phrase (`start`, `end`, `text`): approximator, number and what it counts,
  "about 40 Conservative MPs", "two of the suspects" — what the comparison
  reconciles, with its value, unit (the counted noun, singular: "mp"; a
  currency code; a time unit), qualifier and date (year, month, day);
- the mention (`first`..`last` tokens, `label`): the entity annotation's span,
  approximators outside, "40 Conservative MPs" a QUANTITY, "two" in "two of
  the suspects" a CARDINAL, "14 years" a DATE; no label when the annotation
  guide has no type for it ("about an hour").

`find(doc)` is the entity rules' view: the mentions, and the word tokens they
use (months, number words), which must not start a name. Both take the entity
gazetteer as `known` (this package sits below the entities). Dates are read
in `dates.py`, a number's value in `numerals.py`, what it counts in
`counted.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.core.text import dates, numerals
from reader.core.text import lexicon as lx
from reader.core.text.counted import CURRENCY_CODES, TIME_UNITS, Known, is_plural, noun_phrase, singular, unit_word, unknown
from reader.core.text.numerals import BIG, VAGUE
from reader.core.text.tokens import ABBR, NUM, PUNCT, WORD, Doc

_AFTER_A = BIG | {"dozen"} | TIME_UNITS  # "a dozen", "a million", "about an hour"
# The words a quantity or a date may start at, as they may be written.
_TRIGGERS = frozenset(
    form
    for word in [*lx.MONTHS, *lx.WEEKDAYS, *lx.HOLIDAYS, *lx.SEASONS, *lx.NUMBER_WORDS, *VAGUE, "dozen", "a", "an"]
    for cased in (word, word.title(), word.upper())
    for form in (cased, cased + ".")
)


@dataclass(frozen=True)
class Quantity:
    text: str  # the phrase as written, e.g. "about 40 Conservative MPs"
    start: int  # offsets of the phrase in the text
    end: int
    kind: str  # count, duration, date, money, percent, age, fraction, rank; time, decade, weekday, holiday, season
    value: float | None  # 40.0 for "40"; for a vague count its order of magnitude; a date's weekday (Monday 0)
    unit: str = ""  # what it counts, normalised: "mp", "voter", "year", "usd", "%"
    qualifier: str = ""  # about, nearly, more than...
    vague: bool = False  # "millions of", "dozens of"
    date: tuple[int | None, int | None, int | None] | None = None  # (year, month, day)
    label: str = ""  # the mention's entity type, "" when it is none
    first: int = 0  # the mention's tokens, inclusive
    last: int = 0
    weak: bool = False  # may be a name or a verb rather than a date: "May", "the 1922 Committee"


def find(doc: Doc, known: Known = unknown) -> tuple[list[tuple[int, int, str]], set[int]]:
    """Number and date mentions (first token, last token, type), and the word
    tokens they use that must not start a name."""
    spans = []
    used: set[int] = set()
    words, kinds = doc.words, doc.kinds
    for q in scan(doc, known):
        if not q.label:
            continue
        spans.append((q.first, q.last, q.label))
        for k in range(q.first, q.last + 1):
            low = words[k].lower().rstrip(".")
            if kinds[k] == WORD and (q.label == "DATE" or low in lx.NUMBER_WORDS or low in lx.MULTIPLIERS):
                used.add(k)  # "Chinese" in "two Chinese nationals" is still a name
    return spans, used


def scan(doc: Doc, known: Known = unknown) -> list[Quantity]:
    """Every quantity and date in the text, in order."""
    out: list[Quantity] = []
    words, kinds, n = doc.words, doc.kinds, len(doc)
    i = 0
    while i < n:
        kind, w = kinds[i], words[i]
        q: Quantity | None = None
        if kind == WORD:
            if w in _TRIGGERS:  # most words are none: no lower-casing of each
                low = w.lower()
                if low.rstrip(".") in lx.MONTHS:
                    q = _from_date(doc, dates.month_date(doc, i))
                elif low.rstrip(".") in lx.WEEKDAYS or low in lx.HOLIDAYS or low in lx.SEASONS:
                    q = _from_date(doc, dates.word_date(doc, i))
                elif low in ("a", "an"):
                    if i + 1 < n and words[i + 1].lower() in _AFTER_A:
                        q = _number(doc, i, known)
                else:
                    q = _number(doc, i, known)
        elif kind == NUM:
            q = _from_date(doc, dates.numeral_date(doc, i)) or _numeral(doc, i, known)
        elif kind == PUNCT and w in lx.CURRENCY_SYMBOLS:
            q = _number(doc, i, known)
        if q is None:
            i += 1
            continue
        out.append(q)
        end = max(q.last, _token_at(doc, q.end - 1, q.last))
        i = end + 1
    return out


def _token_at(doc: Doc, pos: int, hint: int) -> int:
    k = hint
    while k + 1 < len(doc) and doc.starts[k + 1] <= pos:
        k += 1
    return k


def _quantity(doc: Doc, q_first: int, p_last: int, **fields) -> Quantity:
    start, end = doc.starts[q_first], doc.ends[p_last]
    while end > start + 1 and doc.text[end - 1] in ".,;:'’\"”":
        end -= 1  # no closing full stop or quote
    return Quantity(doc.text[start:end], start, end, **fields)


def _from_date(doc: Doc, d: dates.DateSpan | None) -> Quantity | None:
    if d is None:
        return None
    return _quantity(doc, d.first, d.last, kind=d.kind, value=d.weekday, unit="date" if d.kind == "date" else "",
                     date=d.date, label="DATE", first=d.first, last=d.last, weak=d.weak)


def _numeral(doc: Doc, i: int, known: Known) -> Quantity | None:
    """A number written in figures: a year, a day before its month, a count."""
    words, n = doc.words, len(doc)
    w = words[i]
    nxt = words[i + 1] if i + 1 < n and doc.joined(i + 1) else ""
    if dates.is_year(w) and unit_word(nxt) is None and (1800 <= int(w) <= 2099 or dates.old_year(doc, i)):
        year = dates.year_alone(doc, i)  # "2000 years", "1500 km" are no years
        if year is not None:
            return _from_date(doc, year)
        if singular(nxt) not in dates.YEAR_COUNTS:
            return None  # part of a name or a code: "Windows 2000", "2021/22"
    if nxt[:1].isupper() and nxt.lower().rstrip(".") in lx.MONTHS and len(w) <= 2:
        if dates.month_date(doc, i + 1) is not None:
            return None  # "25 March": the month takes the day
    return _number(doc, i, known)


def _number(doc: Doc, i: int, known: Known) -> Quantity | None:
    """A number at token i (a currency sign, figures or words) with what it counts."""
    words, kinds, n = doc.words, doc.kinds, len(doc)
    first = i
    currency = ""
    if kinds[i] == PUNCT:  # a currency sign
        j = i + 1
        if j >= n or kinds[j] != NUM or doc.starts[j] - doc.ends[i] > 1:
            return None
        currency = lx.CURRENCY_SYMBOLS[words[i]].lower()
        i = j
    qualifier, q_first = numerals.qualifier(doc, first)
    low = words[i].lower()
    if low in VAGUE:
        return _vague(doc, i, known)
    read = numerals.value(doc, i, bool(currency))
    if read is None:
        if low in ("a", "an") and qualifier and i + 1 < n and words[i + 1].lower() in TIME_UNITS:
            return _quantity(doc, q_first, i + 1, kind="duration", value=1.0, unit=singular(words[i + 1]),
                             qualifier=qualifier, first=i, last=i + 1)  # "about an hour"
        return None
    value, end = read
    fields = {"value": value, "qualifier": qualifier, "first": i}
    odds = None if currency else _odds(doc, end, value)
    if odds is not None:  # "1 in 3", "one-in-three": one share, not two counts
        fields["value"], last = odds
        return _quantity(doc, q_first, last, kind="fraction", label="CARDINAL", last=last, **fields)
    if low == "one" and end == i:
        return None  # read only for a share (numerals.value): "one" alone is too often no count
    if currency:
        if first and kinds[first - 1] in (WORD, ABBR) and doc.starts[first] == doc.ends[first - 1] \
                and words[first - 1].isupper():
            fields["first"] = first - 1  # "US$", "HK$"
        else:
            fields["first"] = first
        return _quantity(doc, q_first, end, kind="money", unit=currency, label="MONEY", last=end, **fields)
    if kinds[i] == NUM:
        if numerals.is_rank(doc, i):
            return _quantity(doc, q_first, end, kind="rank", label="CARDINAL", last=end, **fields)
        if dates.glued(doc, i, "/:.", "/:") or numerals.inside_name(doc, i, bool(qualifier), known):
            return None  # 9/11, 10:30, APT-31, Group 31
        if end + 1 < n and doc.starts[end + 1] == doc.ends[end] and kinds[end + 1] == WORD:
            tail = words[end + 1]
            if tail == "p":  # "325.5p"
                return _quantity(doc, q_first, end + 1, kind="money", unit="penny", label="MONEY", last=end + 1,
                                 **fields)
            if tail.lower() in dates.ORDINAL_SUFFIXES or (len(tail) == 1 and (tail.isupper() or unit_word(tail) is None)):
                return None  # "4th", "5G", "2D"
            if unit_word(tail) is None:
                return _quantity(doc, q_first, end, kind="number", label="CARDINAL", last=end, **fields)  # "60GB"
    return _counted(doc, q_first, end, fields, known)


def _counted(doc: Doc, q_first: int, end: int, fields: dict, known: Known) -> Quantity:
    """A number (tokens fields["first"]..end) and what follows it: a percent
    sign, a unit, a noun it counts ("nationals", "of the suspects")."""
    words, kinds, n = doc.words, doc.kinds, len(doc)
    j = end + 1
    nxt = words[j].lower() if j < n and doc.joined(j) else ""
    after = words[j + 1].lower() if j + 1 < n and doc.joined(j + 1) else ""
    if nxt == "%" or nxt == "percent" or words[j:j + 1] == ["pc"] or (nxt, after) == ("per", "cent") or \
            (nxt == "percentage" and after in ("point", "points")):
        last = j + 1 if nxt in ("per", "percentage") else j
        unit = "percentage point" if nxt == "percentage" else "%"
        return _quantity(doc, q_first, last, kind="percent", unit=unit, label="PERCENT", last=last, **fields)
    if nxt == "-" and after and doc.starts[j] == doc.ends[end] and doc.starts[j + 1] == doc.ends[j] \
            and kinds[j + 1] == WORD and after not in lx.NUMBER_WORDS and after not in lx.STOP:
        return _compound(doc, q_first, end, fields)
    np = noun_phrase(doc, j, known)
    if np is not None:
        last, sure, noun = np
        head = words[last]
        unit_kind = unit_word(head)
        lemma = singular(noun)
        if unit_kind == "money":
            return _quantity(doc, q_first, last, kind="money", unit=CURRENCY_CODES.get(lemma, lemma),
                             label="MONEY" if sure else "CARDINAL", last=last if sure else end, **fields)
        if unit_kind == "duration":
            if last + 1 < n and doc.joined(last + 1) and words[last + 1].lower() in ("old", "olds"):
                return _quantity(doc, q_first, last + 1, kind="age", unit=lemma, label="DATE", last=last + 1,
                                 **fields)  # "11 year olds"
            return _quantity(doc, q_first, last, kind="duration", unit=lemma, label="DATE" if sure else "CARDINAL",
                             last=last if sure else end, **fields)
        sure = sure and (unit_kind == "measure" or is_plural(head))
        return _quantity(doc, q_first, last, kind="count", unit=lemma, label="QUANTITY" if sure else "CARDINAL",
                         last=last if sure else end, **fields)
    if nxt == "of" and ((end == fields["first"] and fields["value"] < 1000) or words[end].lower() in BIG):
        # ("three billion of its accounts" too)
        # "two of the suspects": the comparison counts what follows "of the"
        k = j + 1
        if k < n and words[k].lower() in ("the", "his", "her", "their", "its", "our", "those", "these"):
            k += 1
        np = noun_phrase(doc, k, known)
        if np is not None:
            return _quantity(doc, q_first, np[0], kind="count", unit=singular(np[2]), label="CARDINAL",
                             last=end, **fields)
    if _age_said(doc, fields["first"], end, fields["value"]):
        return _quantity(doc, q_first, end, kind="age", unit="year", label="CARDINAL", last=end, **fields)
    return _quantity(doc, q_first, end, kind="count", label="CARDINAL", last=end, **fields)


_AGE_VERBS = frozenset("is was turned turns".split())
_AGE_WHO = frozenset("who he she".split())


def _age_said(doc: Doc, first: int, end: int, value: float) -> bool:
    """A bare number that is a person's age, told without "years old": "who is
    46", "when she was 14", "aged 70", "Roger Stone, 66, said". One report's
    "a 14-year-old" is the other's "when she was 14": read as a count, the
    comparison would call each number the one report's alone. (The mention
    stays a CARDINAL: only what the comparison reconciles changes.)"""
    if value != int(value) or not 1 <= value <= 120 or first < 2 or not doc.joined(first):
        return False
    words, n = doc.words, len(doc)
    after = words[end + 1] if end + 1 < n and doc.joined(end + 1) else ""
    if after not in ("", ",", ".", ";", ")", "when", "at", "and"):
        return False  # "who is 46 percent", "was 14 points": something else counted
    prev, before = words[first - 1].lower(), words[first - 2]
    if prev == "aged":
        return True
    if prev in _AGE_VERBS:
        return before.lower() in _AGE_WHO
    # An appositive after a name: "Stone, 66," (a list of figures is no name: "3, 4, 5")
    return prev == "," and after in (",", ".") and doc.kinds[first] == NUM and before[:1].isupper() \
        and doc.kinds[first - 2] == WORD and before.lower() not in lx.STOP \
        and before.lower().rstrip(".") not in lx.MONTHS and before.lower().rstrip(".") not in lx.WEEKDAYS


def _odds(doc: Doc, end: int, value: float) -> tuple[float, int] | None:
    """The share "N in M" ("1 in 3", "one-in-three", "two in five") whose
    first number ends at token end: (N / M, the last token), or None. M is
    more than N and no year ("10 in 2024")."""
    words, kinds, n = doc.words, doc.kinds, len(doc)
    k = end + 1
    if k < n and words[k] == "-":
        k += 1
    if not (k < n and words[k].lower() == "in"):
        return None
    k += 1
    if k < n and words[k] == "-":
        k += 1
    if k >= n or kinds[k] not in (NUM, WORD):
        return None
    read = numerals.value(doc, k, False)
    if read is None and words[k].lower() in lx.NUMBER_WORDS:  # "one-in-three": value() takes "in-three" for "top-four"
        read = float(lx.NUMBER_WORDS[words[k].lower()]), k
    if read is None or (kinds[k] == NUM and dates.is_year(words[k])):
        return None
    denominator, last = read
    if not value < denominator <= 1_000_000 or value != int(value):
        return None
    return value / denominator, last


_FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5,
              "fifths": 5, "tenth": 10, "tenths": 10}


def _compound(doc: Doc, q_first: int, end: int, fields: dict) -> Quantity:
    """A number joined by a hyphen to a word: "10-year", "21-year-old",
    "two-thirds", "60,000-seat", "10-mile"."""
    words, n = doc.words, len(doc)
    k = end + 2
    word = words[k]
    low = word.lower()
    if low in _FRACTIONS and doc.kinds[end] == WORD:
        value = fields.pop("value") / _FRACTIONS[low]
        return _quantity(doc, q_first, k, kind="fraction", value=value, label="CARDINAL", last=k, **fields)
    lemma = singular(word)
    kind = unit_word(word)
    if kind == "duration":
        if k + 2 < n and words[k + 1] == "-" and words[k + 2].lower() in ("old", "olds") \
                and doc.starts[k + 2] == doc.ends[k + 1] == doc.starts[k + 1] + 1:
            return _quantity(doc, q_first, k + 2, kind="age", unit=lemma, label="DATE", last=k + 2, **fields)
        return _quantity(doc, q_first, k, kind="duration", unit=lemma, label="DATE", last=k, **fields)
    if kind == "measure":
        return _quantity(doc, q_first, k, kind="count", unit=lemma, label="QUANTITY", last=k, **fields)
    return _quantity(doc, q_first, k, kind="count", unit=lemma, label="CARDINAL", last=end, **fields)


def _vague(doc: Doc, i: int, known: Known) -> Quantity | None:
    """"millions of voters", "tens of thousands of people"."""
    words, n = doc.words, len(doc)
    if words[i].istitle() and not doc.initial[i]:
        return None  # a name: "Millions of Americans" in a title is rare
    value = 1.0
    j = i
    while j + 1 < n and words[j].lower() in VAGUE and words[j + 1].lower() == "of" and doc.joined(j + 1):
        value *= VAGUE[words[j].lower()]
        j += 2
        if j >= n or not doc.joined(j):
            return None
    if j == i:
        return None
    np = noun_phrase(doc, j, known)
    if np is None:
        return None
    last, sure, noun = np
    lemma = singular(noun)
    kind = {"duration": "duration", "money": "money"}.get(unit_word(words[last]) or "", "count")
    unit = CURRENCY_CODES.get(lemma, lemma) if kind == "money" else lemma
    return _quantity(doc, i, last, kind=kind, value=value, unit=unit, vague=True,
                     label="QUANTITY" if sure else "", first=i, last=last)
