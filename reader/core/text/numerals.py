"""Reading a number: its value ("40 million", "twenty-five", "2.5bn", "a
dozen"), the approximator before it ("about", "more than"), and whether it is
part of a name ("Group 31"). Part of the one number grammar (quantities.py is
the module to call).
"""

from __future__ import annotations

import re

from reader.core.text import lexicon as lx
from reader.core.text.counted import Known, is_plural, unit_word
from reader.core.text.tokens import ABBR, NUM, WORD, Doc

_NUMERAL = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_QUALIFIERS = sorted(
    (q.split() for q in (
        "more than|fewer than|less than|at least|at most|as many as|as few as|up to|close to|just over|"
        "just under|an estimated|nearly|almost|about|around|approximately|roughly|some|over|under|only|"
        "barely|exactly|precisely|estimated|approx|circa"
    ).split("|")),
    key=len,
    reverse=True,
)
VAGUE = lx.PLURAL_MULTIPLIERS
_SCALES = lx.MULTIPLIERS
BIG = frozenset("hundred thousand million billion trillion".split())
def value(doc: Doc, i: int, money: bool) -> tuple[float, int] | None:
    """The number that starts at token i and its last token: "40 million",
    "twenty-five", "2.5bn", "a dozen", "two hundred million"."""
    words, kinds, n = doc.words, doc.kinds, len(doc)
    w = words[i]
    low = w.lower()
    nxt = words[i + 1].lower() if i + 1 < n and doc.joined(i + 1) else ""
    if kinds[i] == NUM:
        if not _NUMERAL.match(w):
            return None
        value, end = float(w.replace(",", "")), i
    elif not (w.islower() or w.istitle()) or (w.istitle() and not doc.initial[i]):
        return None  # "TWO" in a headline in capitals; "Six Nations", "Ocean's Twelve" are names
    elif i > 1 and words[i - 1] == "-" and doc.starts[i] == doc.ends[i - 1] and kinds[i - 2] == WORD \
            and words[i - 2].lower() not in lx.NUMBER_WORDS:
        return None  # "last-eight", "top-four"
    elif low in ("a", "an") or low == "one":
        share = low == "one" and (nxt == "in" or (nxt == "-" and i + 2 < n and words[i + 2].lower() == "in"))
        if nxt not in BIG and not (low != "one" and nxt == "dozen") and not share:
            return None  # "one" alone is too often no count (but "one in three", a share: quantities.py)
        value, end = 1.0, i
    elif low == "dozen":
        value, end = 12.0, i
    elif low in lx.NUMBER_WORDS:
        value, end = float(lx.NUMBER_WORDS[low]), i
        unit = _tens_unit(doc, i)
        if unit is not None:
            value, end = value + lx.NUMBER_WORDS[words[unit].lower()], unit
        elif i + 2 < n and words[i + 1] == "-" and words[i + 2].lower() in lx.NUMBER_WORDS \
                and doc.starts[i + 1] == doc.ends[i] and doc.starts[i + 2] == doc.ends[i + 1]:
            end = i + 2  # a range, "two-three years": its first value stands for it
    else:
        return None
    j = end + 1
    while j < n and doc.joined(j) and words[j].lower() in _SCALES:
        scale = words[j].lower()
        tight = doc.starts[j] == doc.ends[j - 1]
        if scale in ("m", "k", "mn", "bn", "tn") and not tight and not (money and scale != "k"):
            break  # "5 m" is metres
        if scale == "m" and not money and not _counts_after(doc, j + 1):
            break  # "the 100m", "a 4.25m jump": metres; "5m people", "5m euros": millions
        value *= _SCALES[scale]
        end = j
        j += 1
    return value, end


def _counts_after(doc: Doc, j: int) -> bool:
    """A plural noun or a currency follows: the "m" before it is a million."""
    if j >= len(doc) or doc.kinds[j] != WORD or not doc.joined(j):
        return False
    return is_plural(doc.words[j]) or unit_word(doc.words[j]) == "money" or doc.words[j].lower() in BIG


def _tens_unit(doc: Doc, i: int) -> int | None:
    """The units word of "twenty-five" or "twenty five" after the tens word i."""
    words, n = doc.words, len(doc)
    if lx.NUMBER_WORDS[words[i].lower()] < 20 or lx.NUMBER_WORDS[words[i].lower()] % 10:
        return None
    j = i + 1
    if j + 1 < n and words[j] == "-" and doc.starts[j] == doc.ends[i] and doc.starts[j + 1] == doc.ends[j]:
        j += 1
    elif not (j < n and doc.joined(j)):
        return None
    if j < n and 0 < lx.NUMBER_WORDS.get(words[j].lower(), 0) < 10:
        return j
    return None


def qualifier(doc: Doc, i: int) -> tuple[str, int]:
    """The approximator that ends just before token i: (qualifier, first token)."""
    words = doc.words
    for q in _QUALIFIERS:
        k = i - len(q)
        if k >= 0 and all(words[k + m].lower() == q[m] for m in range(len(q))) and all(
            doc.joined(m) for m in range(k + 1, i + 1)
        ):
            return " ".join(q), k
    return "", i


def inside_name(doc: Doc, i: int, qualified: bool, known: Known) -> bool:
    """A number straight after a capitalised word or a hyphen is part of a
    name: "Group 31", "Article 50", "Covid-19"."""
    prev = i - 1
    if prev < 0:
        return False
    if doc.words[prev] == "-" and doc.starts[i] == doc.ends[prev]:
        return True
    if doc.kinds[prev] in (WORD, ABBR) and doc.is_cap(prev) and not doc.initial[prev] and doc.joined(i):
        low = doc.words[prev].lower().rstrip(".")
        return not qualified and low not in lx.MONTHS and low not in lx.WEEKDAYS and known(doc.words[prev]) is None
    return False


def is_rank(doc: Doc, i: int) -> bool:
    """A number after "No.": a rank ("the No. 2 Republican"), not a count."""
    return i > 1 and doc.words[i - 1] == "." and doc.words[i - 2].lower() in ("no", "nos") and doc.joined(i)
