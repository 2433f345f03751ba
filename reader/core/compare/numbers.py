"""Numbers and quantities in a report, with what they count, and their
reconciliation between two reports.

`extract(text)` finds counts ("40 million voters", "seven people", "about 40
Conservative MPs"), vague counts ("millions of voters"), durations ("nearly
14 years"), dates ("August 2021", "in 2021"), sums of money and percentages,
each with its offsets, value, qualifier ("about", "nearly", "more than") and
what it counts, normalised ("voter", "mp", "year").

`reconcile(a, b)` pairs the quantities of two reports that speak of the same
thing and says, for each, whether both give the same value, a different one
(including a vaguer or less precise one: "millions" against "40 million"), or
whether only one report gives it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reader.core.text.words import STOPWORDS, content_terms

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_UNITS_WORDS = {
    "zero": 0, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}
_SCALES = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "m": 1e6, "mn": 1e6, "bn": 1e9, "k": 1e3, "tn": 1e12,
}
_VAGUE = {
    "dozens": 12, "scores": 20, "hundreds": 1e2, "thousands": 1e3, "millions": 1e6, "billions": 1e9,
    "tens": 10,
}
_QUALIFIERS = [
    "more than", "fewer than", "less than", "at least", "at most", "as many as", "as few as", "up to",
    "close to", "just over", "just under", "an estimated", "nearly", "almost", "about", "around",
    "approximately", "roughly", "some", "over", "under", "only", "barely", "exactly", "precisely",
    "estimated", "approx", "circa",
]
_APPROX = {"about", "around", "approximately", "roughly", "some", "close to", "an estimated", "estimated",
           "approx", "circa"}
_TIME_UNITS = {"second", "minute", "hour", "day", "week", "fortnight", "month", "year", "decade", "century"}
_CURRENCY_SIGNS = {"$": "usd", "£": "gbp", "€": "eur", "¥": "jpy"}
_CURRENCY_WORDS = {"dollar": "usd", "pound": "gbp", "euro": "eur", "yen": "jpy", "yuan": "cny", "rupee": "inr"}
# What counts as the same kind of thing when two reports word it differently.
_UNIT_GROUPS = [
    {"person", "people", "individual", "citizen", "resident", "civilian", "voter", "elector", "national",
     "immigrant", "man", "woman", "adult", "inhabitant", "member"},
    {"mp", "lawmaker", "legislator", "parliamentarian", "politician", "representative", "peer"},
    {"company", "business", "firm", "entity", "organisation", "organization", "group"},
    {"child", "kid", "minor", "boy", "girl"},
    {"death", "dead", "fatality", "victim", "killed"},
    {"soldier", "troop", "servicemember"},
    {"attack", "cyberattack", "hack", "intrusion", "breach"},
]
_IRREGULAR = {"people": "person", "men": "man", "women": "woman", "children": "child", "persons": "person",
              "mps": "mp", "data": "data", "news": "news", "series": "series", "species": "species",
              "police": "police", "staff": "staff", "crises": "crisis", "analyses": "analysis"}
_STOP_AFTER = STOPWORDS | {"said", "told", "was", "were", "is", "are", "has", "have", "had", "will", "would",
                           "could", "been", "being", "be", "and", "or", "but", "of", "to", "in", "on", "at",
                           "for", "with", "by", "from", "as", "than", "that", "who", "which", "per", "a",
                           "an", "the", "ago", "earlier", "later", "before", "after", "since", "prior"}

_STARTS = set("0123456789") | set(_CURRENCY_SIGNS)  # first characters of a numeral
_WORD_STARTS = set(_UNITS_WORDS) | set(_TENS_WORDS) | set(_VAGUE) | {"a", "an", "dozen", "one"} | {
    f"{t}-{u}" for t in _TENS_WORDS for u in _UNITS_WORDS
}
_TOKEN = re.compile(r"[$£€¥]|\d[\d,]*(?:\.\d+)?%?|[A-Za-z][A-Za-z'’\-]*\.?")
_DATE = re.compile(
    r"\b(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m1>(?:%(m)s))\.?(?:,?\s+(?P<y1>\d{4}))?"
    r"|(?P<m2>(?:%(m)s))\.?(?:\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?)?(?:,?\s+(?P<y2>\d{4}))?)\b"
    % {"m": "|".join(sorted(MONTHS, key=len, reverse=True)).replace("may|", "May|")},
    re.IGNORECASE,
)
_MONTH_ONLY_BEFORE = re.compile(r"\b(?:in|last|since|by|until|till|early|late|mid|this|next|of|from|through)[\s-]+$", re.I)
_YEAR = re.compile(r"(?<![\w/.$£€:-])(1[89]\d\d|20\d\d)(?![\w/%:]|\.\d|,\d)")


@dataclass(frozen=True)
class Quantity:
    text: str  # as written, e.g. "about 40 Conservative MPs"
    start: int  # offsets into the text given to extract()
    end: int
    kind: str  # count, duration, date, money, percent
    value: float | None  # 40.0 for "40"; for a vague count its order of magnitude
    unit: str = ""  # what it counts, normalised: "mp", "voter", "year", "usd"
    qualifier: str = ""  # about, nearly, more than...
    vague: bool = False  # "millions of", "dozens of"
    date: tuple[int | None, int | None, int | None] | None = None  # (year, month, day)
    context: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    def as_dict(self) -> dict:
        out = {"text": self.text, "start": self.start, "end": self.end, "kind": self.kind, "value": self.value,
               "unit": self.unit, "qualifier": self.qualifier, "vague": self.vague}
        if self.date is not None:
            out["date"] = list(self.date)
        return out


# --- extraction -----------------------------------------------------------------
def _plural(word: str) -> bool:
    w = word.lower()
    return w in _IRREGULAR and w != _IRREGULAR[w] or (len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")))


def _singular(word: str) -> str:
    w = word.lower().replace("’", "'")
    if w.endswith("'s") or w.endswith("s'"):
        w = w[:-2] if w.endswith("'s") else w[:-1]
    w = w.rstrip(".'")
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("sses", "xes", "ches", "shes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


@dataclass
class _Tok:
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower().rstrip(".")


def _tokens(text: str) -> list[_Tok]:
    return [_Tok(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _gap(text: str, a: _Tok, b: _Tok) -> str:
    return text[a.end : b.start]


def _joined(text: str, a: _Tok, b: _Tok) -> bool:
    """Are two tokens parts of one phrase (only spaces between them)?"""
    return _gap(text, a, b).strip() == ""


def _numeral(tok: _Tok) -> float | None:
    t = tok.text.rstrip("%")
    if not t[:1].isdigit():
        return None
    try:
        return float(t.replace(",", ""))
    except ValueError:
        return None


def _word_number(toks: list[_Tok], i: int, text: str) -> tuple[float, int] | None:
    """A number written in words at toks[i]: (value, tokens used)."""
    low = toks[i].low
    if low in ("a", "an") and i + 1 < len(toks) and _joined(text, toks[i], toks[i + 1]):
        nxt = toks[i + 1].low
        if nxt == "dozen":
            return 12.0, 2
        if nxt in ("hundred", "thousand", "million", "billion"):
            return _SCALES[nxt], 2
        return None
    if low == "dozen":
        return 12.0, 1
    parts = low.split("-")
    if len(parts) == 2 and parts[0] in _TENS_WORDS and parts[1] in _UNITS_WORDS:
        return float(_TENS_WORDS[parts[0]] + _UNITS_WORDS[parts[1]]), 1
    if low in _UNITS_WORDS:
        return float(_UNITS_WORDS[low]), 1
    if low in _TENS_WORDS:
        return float(_TENS_WORDS[low]), 1
    if low == "one" and i + 1 < len(toks) and toks[i + 1].low in ("hundred", "thousand", "million", "billion"):
        return 1.0, 1
    return None


def _qualifier_before(toks: list[_Tok], i: int, text: str) -> tuple[str, int]:
    """The qualifier that ends just before toks[i]: (qualifier, first token index)."""
    for q in _QUALIFIERS:
        words = q.split()
        k = i - len(words)
        if k < 0:
            continue
        if [t.low for t in toks[k:i]] == words and all(_joined(text, toks[j], toks[j + 1]) for j in range(k, i)):
            return q, k
    return "", i


def _unit_after(toks: list[_Tok], i: int, text: str) -> tuple[str, int]:
    """What the number counts: the last word of the noun phrase that starts at
    toks[i] (up to three words, stopping at punctuation, function words and
    verb-like words). Returns (unit as written, index past it)."""
    last = -1
    for j in range(i, min(i + 3, len(toks))):
        if j > 0:
            gap = _gap(text, toks[j - 1], toks[j]).strip()
            if gap and not (j == i and gap == "-"):
                break  # punctuation between: "citizens ‘ personal", "voters; however"
        tok = toks[j]
        low = tok.low
        if not tok.text[:1].isalpha() or low in _STOP_AFTER or (low in MONTHS and tok.text[:1].isupper()):
            break
        if tok.text[:1].islower() and low.endswith("ing") or (j > i and tok.text[:1].islower() and low.endswith("ed")):
            break  # "a group of seven facing", "nine nationals sanctioned"
        last = j
        if tok.text.endswith(("'s", "’s", "s'", "s’")) or tok.text.endswith("."):
            break  # "voters’ personal details": the possessor is what is counted
        if _plural(low):
            break  # "seven people ran": the first plural noun is what is counted
    if last < 0:
        return "", i
    return toks[last].text, last + 1


def _context(text: str, start: int, end: int) -> frozenset[str]:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right_candidates = [p for p in (text.find(". ", end), text.find("\n", end)) if p >= 0]
    right = min(right_candidates) if right_candidates else len(text)
    return frozenset(content_terms(text[left + 1 : right]))


def extract(text: str) -> list[Quantity]:
    """Every quantity in text, in order."""
    found: list[Quantity] = []
    taken = bytearray(len(text) + 1)  # 1 where a quantity already is

    def free(s: int, e: int) -> bool:
        return taken.find(1, s, e) < 0

    def add(q: Quantity) -> None:
        found.append(q)
        taken[q.start : q.end] = b"\x01" * (q.end - q.start)

    # Dates: "August 2021", "5 August 2021", "Aug. 5, 2021", "in August".
    for m in _DATE.finditer(text):
        month_word = m.group("m1") or m.group("m2")
        day = m.group("d1") or m.group("d2")
        year = m.group("y1") or m.group("y2")
        month = MONTHS[month_word.lower()]
        if not day and not year:
            if month_word in ("May", "March") or month_word[:1].islower() or len(month_word) <= 4:
                continue  # a verb, or too short to trust alone
            if not _MONTH_ONLY_BEFORE.search(text, max(0, m.start() - 12), m.start()):
                continue
        if month_word[:1].islower():
            continue
        if day and not 1 <= int(day) <= 31:
            continue
        s, e = m.start(), m.end()
        add(Quantity(text[s:e], s, e, "date", None, "date",
                     date=(int(year) if year else None, month, int(day) if day else None),
                     context=_context(text, s, e)))
    # Years alone: "in 2021" (not "the 1922 Committee").
    for m in _YEAR.finditer(text):
        s, e = m.start(), m.end()
        if not free(s, e):
            continue
        after = text[e : e + 30]
        nxt = re.match(r"\s*([A-Za-z][\w'’-]*)", after)
        if nxt and (nxt.group(1)[:1].isupper() and nxt.group(1).lower() not in MONTHS):
            continue  # part of a name: "1922 Committee"
        if nxt and _singular(nxt.group(1)) in {"person", "voter", "vote", "seat", "case", "job", "home", "troop",
                                                 "member", "employee", "worker", "student", "death", "acre"}:
            continue  # a count that looks like a year: "2021 votes"
        add(Quantity(text[s:e], s, e, "date", None, "date", date=(int(m.group(1)), None, None),
                     context=_context(text, s, e)))
    # Counts, durations, money, percentages.
    toks = _tokens(text)
    i = 0
    while i < len(toks):
        tok = toks[i]
        if not (tok.text[0] in _STARTS or tok.low in _WORD_STARTS) or not free(tok.start, tok.end):
            i += 1
            continue
        q = _read_quantity(text, toks, i)
        if q is None or not free(q.start, q.end):
            i += 1
            continue
        add(q)
        while i < len(toks) and toks[i].start < q.end:
            i += 1
    found.sort(key=lambda q: q.start)
    return found


def _read_quantity(text: str, toks: list[_Tok], i: int) -> Quantity | None:
    tok = toks[i]
    currency = ""
    first = i
    vague = False
    if tok.text in _CURRENCY_SIGNS and i + 1 < len(toks) and _joined(text, tok, toks[i + 1]):
        currency = _CURRENCY_SIGNS[tok.text]
        i += 1
        tok = toks[i]
    value = _numeral(tok)
    used = 1
    if value is not None:
        before = text[max(0, tok.start - 1) : tok.start]
        after = text[tok.end : tok.end + 1]
        if before in ("/", ":", "-", ".") or after in ("/", ":") or (after.isalpha() and after.lower() not in "mkbt") \
                or re.match(r"(?:st|nd|rd|th)\b", text[tok.end : tok.end + 3]):
            return None  # 9/11, 10:30, APT-31, 4th, a code
        if re.fullmatch(r"(1[89]|20)\d\d", tok.text) and i + 1 < len(toks) and toks[i + 1].text[:1].isupper():
            return None  # "the 1922 Committee"
        if not currency and "%" not in tok.text and i > 0 and _joined(text, toks[i - 1], tok):
            prev = toks[i - 1]
            if prev.text[:1].isupper() and prev.low not in MONTHS and not _is_sentence_start(text, prev.start) \
                    and _qualifier_before(toks, i, text)[0] == "":
                return None  # a label: "Group 31", "Windows 10"
    else:
        word = _word_number(toks, i, text)
        if word is None and tok.low in ("a", "an") and i + 1 < len(toks) and toks[i + 1].low in _TIME_UNITS \
                and _qualifier_before(toks, i, text)[0]:
            word = (1.0, 1)  # "about an hour"
        if word is None:
            if tok.low in _VAGUE and i + 1 < len(toks) and toks[i + 1].low == "of":
                return _read_vague(text, toks, i)
            return None
        value, used = word
    j = i + used
    # A scale: "40 million", "$3bn", "two hundred million".
    if j < len(toks) and toks[j].low in _SCALES and _joined(text, toks[j - 1], toks[j]) and \
            not (toks[j].low in ("m", "k") and toks[j].text != toks[j].low):
        value *= _SCALES[toks[j].low]
        j += 1
        if j < len(toks) and toks[j].low in ("million", "billion") and _joined(text, toks[j - 1], toks[j]):
            value *= _SCALES[toks[j].low]  # "two hundred million"
            j += 1
    qualifier, qstart = _qualifier_before(toks, first, text)
    start = toks[qstart].start
    end = toks[j - 1].end
    kind = "count"
    unit = ""
    if tok.text.endswith("%"):
        kind, unit = "percent", "%"
    elif j < len(toks) and toks[j].low == "percent":
        kind, unit, end = "percent", "%", toks[j].end
    elif j + 1 < len(toks) and toks[j].low == "per" and toks[j + 1].low == "cent":
        kind, unit, end = "percent", "%", toks[j + 1].end
    elif currency:
        kind, unit = "money", currency
    else:
        unit_text, k = _unit_after(toks, j, text)
        if unit_text:
            lemma = _singular(unit_text)
            if lemma in _CURRENCY_WORDS:
                kind, unit = "money", _CURRENCY_WORDS[lemma]
            elif lemma in _TIME_UNITS:
                kind, unit = "duration", lemma
            elif lemma in ("percent",):
                kind, unit = "percent", "%"
            else:
                unit = lemma
            end = toks[k - 1].end
        elif j < len(toks) and toks[j].low == "of" and used == 1 and value < 1000:
            # "two of the suspects": count what follows "of the"
            k = j + 1
            if k < len(toks) and toks[k].low in ("the", "his", "her", "their", "its", "our", "those", "these"):
                k += 1
            unit_text, k2 = _unit_after(toks, k, text)
            if unit_text:
                unit = _singular(unit_text)
                end = toks[k2 - 1].end
        if not unit and value is not None and tok.text[:1].isalpha() and not qualifier:
            # "two" alone is too often not a count of anything
            return None
    end = _trim(text, start, end)
    return Quantity(text[start:end], start, end, kind, value, unit, qualifier, vague, None, _context(text, start, end))


def _trim(text: str, start: int, end: int) -> int:
    """No closing full stop or quote at the end of a quantity's span."""
    while end > start + 1 and text[end - 1] in ".,;:'’\"”":
        end -= 1
    return end


def _read_vague(text: str, toks: list[_Tok], i: int) -> Quantity | None:
    """"millions of voters", "tens of thousands of people"."""
    value = _VAGUE[toks[i].low]
    j = i + 2  # past "of"
    if toks[i].low == "tens" and j < len(toks) and toks[j].low in _VAGUE and j + 1 < len(toks) and toks[j + 1].low == "of":
        value = 10 * _VAGUE[toks[j].low]
        j += 2
    elif toks[i].low == "tens":
        return None
    unit_text, k = _unit_after(toks, j, text)
    if not unit_text:
        return None
    start, end = toks[i].start, _trim(text, toks[i].start, toks[k - 1].end)
    lemma = _singular(unit_text)
    kind = "duration" if lemma in _TIME_UNITS else "count"
    return Quantity(text[start:end], start, end, kind, value, lemma, "", True, None, _context(text, start, end))


def _is_sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip(" \"'“‘(")
    return not before or before[-1] in ".!?\n:"


# --- reconciliation -------------------------------------------------------------
@dataclass(frozen=True)
class NumberMatch:
    a: Quantity | None
    b: Quantity | None
    kind: str  # same, different, only_a, only_b
    score: float = 0.0
    note: str = ""  # e.g. "qualifier: nearly / about", "less precise in b"

    def as_dict(self) -> dict:
        return {
            "a": self.a.text if self.a else None,
            "b": self.b.text if self.b else None,
            "kind": self.kind,
            "score": round(self.score, 3),
            "note": self.note,
            "a_span": [self.a.start, self.a.end] if self.a else None,
            "b_span": [self.b.start, self.b.end] if self.b else None,
        }


def unit_similarity(u: str, v: str) -> float:
    if not u or not v:
        return 0.4
    if u == v:
        return 1.0
    if any(u in g and v in g for g in _UNIT_GROUPS):
        return 0.8
    if u.startswith(v) or v.startswith(u):
        return 0.7  # "cyberattack" / "attack"-like near forms
    return 0.0


def _same_value(a: Quantity, b: Quantity) -> str:
    """equal, vaguer (one is less precise but compatible) or differ."""
    if a.kind == "date":
        fa, fb = a.date or (None, None, None), b.date or (None, None, None)
        clash = any(x is not None and y is not None and x != y for x, y in zip(fa, fb))
        if clash:
            return "differ"
        return "equal" if fa == fb else "vaguer"
    if a.vague or b.vague:
        if a.vague and b.vague:
            return "equal" if a.value == b.value else "differ"
        vague, exact = (a, b) if a.vague else (b, a)
        if exact.value is not None and vague.value is not None and vague.value <= exact.value < vague.value * 1000:
            return "vaguer"
        return "differ"
    if a.value is None or b.value is None:
        return "differ"
    return "equal" if abs(a.value - b.value) <= 1e-9 * max(1.0, abs(a.value)) else "differ"


def context_similarity(a: Quantity, b: Quantity) -> float:
    if not a.context or not b.context:
        return 0.0
    inter = len(a.context & b.context)
    return inter / min(len(a.context), len(b.context)) if inter else 0.0


def _compatible_kinds(a: Quantity, b: Quantity) -> bool:
    if a.kind == b.kind:
        return a.kind not in ("money",) or a.unit == b.unit or not a.unit or not b.unit
    return False


def reconcile(
    qa: Sequence[Quantity],
    qb: Sequence[Quantity],
    related: Callable[[Quantity, Quantity], float] | None = None,
) -> list[NumberMatch]:
    """Pair the quantities of two reports. related(qa, qb) in [0, 1] says how
    much their contexts say the same thing (compare() passes the sentence
    alignment); by default, the overlap of the words of their sentences."""
    related = related or context_similarity
    candidates = []
    for i, a in enumerate(qa):
        for j, b in enumerate(qb):
            if not _compatible_kinds(a, b):
                continue
            units = 1.0 if a.kind in ("date", "percent", "money") else unit_similarity(a.unit, b.unit)
            if a.kind == "duration":
                units = 1.0 if a.unit == b.unit else 0.0
            if units == 0.0:
                continue
            ctx = related(a, b)
            relation = _same_value(a, b)
            if relation == "differ":
                # A different value for the same thing: only when clearly the same thing.
                if units < 0.8 or ctx < 0.45:
                    continue
                score = 0.4 * units + 0.6 * ctx
            else:
                if ctx < 0.15 and units < 0.8:
                    continue
                if ctx < 0.1 and a.kind in ("count",) and (a.value or 0) < 10:
                    continue  # "two countries" here, "two countries" about something else there
                score = 0.3 + 0.3 * units + 0.4 * ctx + (0.1 if relation == "equal" else 0.0)
            candidates.append((score, i, j, relation))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: dict[int, tuple[int, float, str]] = {}
    for score, i, j, relation in candidates:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs[i] = (j, score, relation)
    out: list[NumberMatch] = []
    for i, a in enumerate(qa):
        if i in pairs:
            j, score, relation = pairs[i]
            b = qb[j]
            kind = "same" if relation == "equal" else "different"
            out.append(NumberMatch(a, b, kind, score, _note(a, b, relation)))
        else:
            out.append(NumberMatch(a, None, "only_a", 0.0))
    # Quantities only in b, placed after the pair whose b precedes them.
    for j, b in enumerate(qb):
        if j not in used_b:
            out.append(NumberMatch(None, b, "only_b", 0.0))
    return out


def _note(a: Quantity, b: Quantity, relation: str) -> str:
    notes = []
    if relation == "vaguer":
        vaguer = "a" if (a.vague or (a.date and b.date and sum(x is None for x in a.date) > sum(x is None for x in b.date))) else "b"
        notes.append(f"less precise in {vaguer}")
    if a.qualifier != b.qualifier and (a.qualifier or b.qualifier):
        qa = a.qualifier or "(none)"
        qb = b.qualifier or "(none)"
        if not (qa in _APPROX and qb in _APPROX):
            notes.append(f"qualifier: {qa} / {qb}")
    if a.unit != b.unit and a.unit and b.unit and a.kind == "count":
        notes.append(f"counted as: {a.unit} / {b.unit}")
    return "; ".join(notes)
