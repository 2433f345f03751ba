"""What a number counts: the noun phrase after it, unit words, singular
forms. Part of the one number grammar (quantities.py is the module to call).
"""

from __future__ import annotations

from collections.abc import Callable

from reader.core.text import lexicon as lx
from reader.core.text.tokens import WORD, Doc
from reader.core.text.words import STOPWORDS

TIME_UNITS = lx.TIME_UNITS | frozenset("second seconds sec secs mins hr hrs".split())
CURRENCY_CODES = {"dollar": "usd", "pound": "gbp", "sterling": "gbp", "euro": "eur", "yen": "jpy",
                  "yuan": "cny", "renminbi": "cny", "rupee": "inr"}
_SINGULAR = {"people": "person", "persons": "person", "men": "man", "women": "woman", "children": "child",
             "mps": "mp", "feet": "foot", "teeth": "tooth", "mice": "mouse", "geese": "goose",
             "crises": "crisis", "analyses": "analysis", "centuries": "century", "secs": "second",
             "sec": "second", "mins": "minute", "hrs": "hour", "hr": "hour", "pence": "penny",
             # a unit abbreviated or spelt the American way is one unit ("70 km" / "70 kilometres")
             "km": "kilometre", "kilometer": "kilometre", "kilometers": "kilometre", "meter": "metre",
             "meters": "metre", "cm": "centimetre", "mm": "millimetre", "kg": "kilogram", "kilo": "kilogram",
             "kilos": "kilogram", "ft": "foot", "lb": "pound", "lbs": "pound", "liter": "litre", "liters": "litre",
             "mi": "mile", "kph": "km/h"}
# Collective nouns that are plural alone but a modifier before a plural: "40 police officers".
_COLLECTIVES = frozenset("police staff personnel crew media data youth clergy aircraft livestock".split())
# Words that end the noun phrase a number counts.
_STOP = (lx.NOT_COUNTED | STOPWORDS) - {"new", "former", "old"}
_MODIFIERS = frozenset("sq square cubic".split())  # "1.5 million square feet"
_MAX_WORDS = 4
# Whether a capitalised word is a known name (a nationality, a party: "two
# Chinese nationals", "40 Conservative MPs"); the entity gazetteer, given by the
# caller, since the text package sits below the entities.
Known = Callable[[str], object]


def unknown(word: str) -> None:
    return None


def unit_word(word: str) -> str | None:
    """What kind of unit a word after a number is, if it is one."""
    low = word.lower()
    if word == "%" or word == "pc" or low in ("percent", "per", "percentage"):
        return "percent"
    if low in lx.CURRENCY_WORDS:
        return "money"
    if low in TIME_UNITS:
        return "duration"
    if low in lx.MEASURE_UNITS and low not in _MODIFIERS:
        return "measure"
    return None


def singular(word: str) -> str:
    """The singular of a counted noun, lower case: "MPs" -> "mp"."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s") or w.endswith("s'"):
        w = w[:-2] if w.endswith("'s") else w[:-1]
    w = w.rstrip(".'")
    if w in _SINGULAR:
        return _SINGULAR[w]
    if w in lx.IRREGULAR_PLURALS:
        return w
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("sses", "xes", "ches", "shes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def is_plural(word: str) -> bool:
    low = word.lower()
    if low in lx.IRREGULAR_PLURALS or (low in _SINGULAR and _SINGULAR[low] != low and low not in ("sec", "hr")):
        return True
    if word.isupper() or (len(word) > 2 and word[:-1].isupper() and word[-1] == "s"):
        return word.endswith("s") and len(word) > 2  # "MPs"
    return len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is", "ous"))


def _negated(doc: Doc, k: int) -> bool:
    """Token k is the "don" of "don't"."""
    words, n = doc.words, len(doc)
    return k + 2 < n and words[k + 1] in ("'", "’") and words[k + 2].lower() == "t" and doc.starts[k + 1] == doc.ends[k]


def noun_phrase(doc: Doc, j: int, known: Known = unknown) -> tuple[int, bool, str] | None:
    """The noun phrase a number counts, from token j: (its last token, whether
    the entity annotation takes it as the counted noun, its last word as
    written). It ends at its first plural noun or unit word ("fellow Chinese
    nationals", "by-elections", "hour"), at a function word, a verb-like
    word or punctuation."""
    words, kinds, n = doc.words, doc.kinds, len(doc)
    last, sure, taken, noun = -1, True, 0, ""
    while j < n and taken < _MAX_WORDS and kinds[j] == WORD and doc.joined(j):
        head = j  # a hyphenated word counts as one: "by-elections", "state-backed"
        while head + 2 < n and words[head + 1] == "-" and kinds[head + 2] == WORD \
                and doc.starts[head + 1] == doc.ends[head] and doc.starts[head + 2] == doc.ends[head + 1]:
            head += 2
        word = words[head]
        low = word.lower()
        cap = word[0].isupper()
        if low in _STOP or low in lx.NUMBER_WORDS or (cap and low.rstrip(".") in lx.MONTHS) or _negated(doc, head):
            break
        if low.endswith("ing") and not cap and head == j:
            break  # "seven facing charges": a verb, not what is counted ("nine water-bombing aircraft" is)
        if low.endswith("ed") and not cap and not (
            head + 1 < n and kinds[head + 1] == WORD and doc.joined(head + 1) and is_plural(words[head + 1])
        ):
            break  # "nine nationals sanctioned" ends before it; "two armed men" goes on
        if low.endswith("ly") or (cap and not is_plural(word) and known(word) is None):
            sure = False  # "two Dowden aides" is rare; "two likely winners"
        last, noun = head, doc.text[doc.starts[j] : doc.ends[head]]
        taken += 1
        if unit_word(word) == "money" and head + 1 < n and doc.joined(head + 1) \
                and words[head + 1].lower() in ("cent", "cents", "pence"):
            return head + 1, sure, words[head + 1]  # "70 euro cents"
        if unit_word(word) is not None:
            return last, sure, noun
        collective = low in _COLLECTIVES and head + 1 < n and doc.joined(head + 1) and is_plural(words[head + 1])
        if is_plural(word) and not collective:
            return last, sure, noun
        if word.endswith("."):
            break
        j = head + 1
    return (last, False, noun) if last >= 0 else None
