"""Pairing the numbers of two reports: which of B's numbers counts the same
thing as one of A's, and whether the two give the same value.

Two numbers are paired only when they count the same thing: the same kind and
unit (a date with a date of the same granularity, money in one currency, a
count of one counted noun or its near kin: "nationals" and "people"), in
sentences that say the same thing (the alignment's pairs, or near-identical
words), with the words around them agreeing. A different value asks more of
the context than the same value does: the same "$5.7 billion" in two
sentences that share a few words is one fact, while "2010" and "October", or
"$2.5 billion" and "$200 million", are two. A number with no counterpart is
one-sided (only_a, only_b), never "different" against an unrelated number.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reader.core.text import fact_words as fw
from reader.core.text import quantities as grammar
from reader.core.text.lexicon import WEEKDAYS


@dataclass(frozen=True)
class Quantity(grammar.Quantity):
    context: frozenset[str] = field(default=frozenset(), compare=False, repr=False)  # words of its sentence
    near: frozenset[str] = field(default=frozenset(), compare=False, repr=False)  # words around it
    next_to: frozenset[str] = field(default=frozenset(), compare=False, repr=False)  # the nearest of them
    sentence: int = field(default=-1, compare=False, repr=False)  # where its sentence starts
    ahead: bool | None = field(default=None, compare=False, repr=False)  # a weekday read as the next one (or the last)

    def as_dict(self) -> dict:
        out = {"text": self.text, "start": self.start, "end": self.end, "kind": self.kind, "value": self.value,
               "unit": self.unit, "qualifier": self.qualifier, "vague": self.vague}
        if self.date is not None:
            out["date"] = list(self.date)
        return out


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
_DESCRIBES = re.compile(r"\d-[A-Za-z]|^[a-z]+-[a-z]+$")  # "12-person", "two-term"
_FIGURES_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}")
ALIGNED = 0.99  # related() of two sentences the alignment pairs
_NEAR_IDENTICAL = 0.7  # words two sentences share, of the shorter one's, to count as one without the alignment
_LOCAL = 0.5  # words around two numbers they share (more than this), to say they count the same thing
_EQUAL_BONUS = 0.45  # the same value is itself a sign of the same fact, more than any words around
# What an approximator says of the value it stands before: the range it allows, as factors.
_BOUNDS = {
    "more than": (1.0, 1.5), "over": (1.0, 1.5), "at least": (1.0, 1.5), "just over": (1.0, 1.1),
    "fewer than": (0.67, 1.0), "less than": (0.67, 1.0), "under": (0.67, 1.0), "at most": (0.67, 1.0),
    "up to": (0.67, 1.0), "just under": (0.9, 1.0), "nearly": (0.9, 1.0), "almost": (0.9, 1.0),
    "barely": (0.9, 1.1), "about": (0.95, 1.05), "around": (0.95, 1.05), "approximately": (0.95, 1.05),
    "roughly": (0.95, 1.05), "some": (0.95, 1.05), "close to": (0.9, 1.0), "an estimated": (0.95, 1.05),
    "estimated": (0.95, 1.05), "approx": (0.95, 1.05), "circa": (0.95, 1.05),
}  # "more than 30" is not 300: reports round modestly
# The approximators that say only "about" (two of them are no change of qualifier).
_APPROX = {q for q, bounds in _BOUNDS.items() if bounds == (0.95, 1.05)} | {"close to"}


def unit_similarity(u: str, v: str) -> float:
    if not u or not v:
        return 1.0 if u == v else 0.0
    if u == v:
        return 1.0
    if any(u in g and v in g for g in _UNIT_GROUPS):
        return 0.8
    if u.startswith(v) or v.startswith(u):
        return 0.7  # "cyberattack" / "attack", "by-election" / "election"
    return 0.0


_PEOPLE = frozenset(("person", "people"))
_COLLECTIVE = frozenset("member people person staff official employee worker personnel".split())


def _names_unit(q: grammar.Quantity, unit: str) -> bool:
    """Does q count its unit of the other's ("nearly 90 faculty members":
    members of the faculty; not "40 police cars", which are cars)? Only
    for a head that says no more than "of them" (members, staff, people)."""
    if q.unit not in _COLLECTIVE:
        return False
    words = re.findall(r"[a-z]+", q.text.casefold())
    return len(words) >= 2 and words[-2] in (unit, unit + "s")


def unit_key(unit: str) -> str:
    """One word for a counted noun and its near kin ("nationals", "people")."""
    for k, g in enumerate(_UNIT_GROUPS):
        if unit in g:
            return f"unit:{k}"
    return unit


def granularity(q: grammar.Quantity) -> str:
    if q.kind == "weekday":
        return "weekday"
    y, m, d = q.date or (None, None, None)
    return "day" if d is not None else "month" if m is not None else "year" if y is not None else ""


def _readings(q: grammar.Quantity) -> list[tuple[int | None, int | None, int | None]]:
    """The dates q may mean: "1/5/17" is 5 January in America, 1 May elsewhere."""
    y, m, d = q.date or (None, None, None)
    if _FIGURES_DATE.fullmatch(q.text) and m is not None and d is not None and d <= 12 and d != m:
        return [(y, m, d), (y, d, m)]
    return [(y, m, d)]


def _weekday(date: tuple[int | None, int | None, int | None]) -> int | None:
    y, m, d = date
    return datetime.date(y, m, d).weekday() if y and m and d else None


def same_thing(a: grammar.Quantity, b: grammar.Quantity) -> float:
    """How surely a and b measure one kind of thing, from their kinds and
    units alone (0: never)."""
    if a.kind in ("date", "weekday") and b.kind in ("date", "weekday"):
        ga, gb = granularity(a), granularity(b)
        if ga == gb:
            return 1.0
        if {ga, gb} == {"weekday", "day"}:
            day = a if ga == "day" else b
            return 1.0 if _weekday(day.date or (None, None, None)) is not None else 0.0
        return 0.0  # "2010" and "October", "May 2016" and "2016"
    if {a.kind, b.kind} == {"age", "duration"}:
        return 0.8 if a.unit == b.unit else 0.0  # "around 1,000 years" / "about 1,000 years old"
    if a.kind != b.kind:
        return 0.0
    if a.kind == "count":
        alike = unit_similarity(a.unit, b.unit)
        if not alike and a.unit and b.unit and (_names_unit(a, b.unit) or _names_unit(b, a.unit)):
            return 0.8  # "90 faculty members" / "90 Georgetown University faculty": one head names the other
        if not alike and ((a.unit in _PEOPLE and b.unit in fw.ROLES) or (b.unit in _PEOPLE and a.unit in fw.ROLES)) \
                and not (_DESCRIBES.search(a.text) or _DESCRIBES.search(b.text)):
            return 0.8  # "310 people" / "310 employees": people, whatever they are (not "a 12-person task force")
        return alike
    return 1.0 if a.unit == b.unit else 0.0  # one currency, one time unit, % or percentage points


def value_relation(a: grammar.Quantity, b: grammar.Quantity) -> str:
    """equal, vaguer (one is less precise but compatible) or differ."""
    if a.kind in ("date", "weekday"):
        if a.kind == "weekday" or b.kind == "weekday":
            wa = a.value if a.kind == "weekday" else _weekday(a.date or (None, None, None))
            wb = b.value if b.kind == "weekday" else _weekday(b.date or (None, None, None))
            return "equal" if wa == wb else "differ"
        if _one_weekday_told_two_ways(a, b):
            return "equal"
        for ra in _readings(a):
            for rb in _readings(b):
                if not any(x is not None and y is not None and x != y for x, y in zip(ra, rb)):
                    return "equal"  # "Jan. 5" and "January 5, 2017" are one date
        return "differ"
    if a.vague or b.vague:
        if a.vague and b.vague:
            return "equal" if a.value == b.value else "differ"
        vague, exact = (a, b) if a.vague else (b, a)
        if exact.value is not None and vague.value is not None and vague.value <= exact.value < vague.value * 1000:
            return "vaguer"
        return "differ"
    if a.value is None or b.value is None:
        return "differ"
    if abs(a.value - b.value) <= 1e-9 * max(1.0, abs(a.value)):
        return "equal"
    # "more than $1 million" and "$1.1 million", "nearly $44 million" and "$43 million" agree
    lo_a, hi_a = _range(a)
    lo_b, hi_b = _range(b)
    # (the same hedge before two values is no range: "nearly 700" and "nearly 707" differ)
    return "equal" if a.qualifier != b.qualifier and max(lo_a, lo_b) <= min(hi_a, hi_b) else "differ"


def _one_weekday_told_two_ways(a: grammar.Quantity, b: grammar.Quantity) -> bool:
    """"On Tuesday" on both sides, read as dates a week apart: one sentence
    speaks of the future ("to be shown on Tuesday", the next one) and the
    other not ("in an interview Tuesday", the last one) of one interview.
    Which Tuesday is the reading's guess; the words say the same day."""
    day_a = {w for w in re.findall(r"[a-z]+", a.text.casefold()) if w in WEEKDAYS}
    day_b = {w for w in re.findall(r"[a-z]+", b.text.casefold()) if w in WEEKDAYS}
    if not day_a or day_a != day_b:
        return False
    if not (isinstance(a, Quantity) and isinstance(b, Quantity)) or a.ahead is None or b.ahead is None or a.ahead == b.ahead:
        return False  # (two reports a week apart each saying "on Tuesday" of the past: two Tuesdays; "next Tuesday")
    if not (a.date and b.date and all(a.date) and all(b.date)):
        return False
    try:
        apart = abs((datetime.date(*a.date) - datetime.date(*b.date)).days)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return False
    ahead, back = (a, b) if a.ahead else (b, a)
    return apart == 7 and ahead.date > back.date  # type: ignore[operator]


def _range(q: grammar.Quantity) -> tuple[float, float]:
    low, high = _BOUNDS.get(q.qualifier, (1.0, 1.0))
    value = q.value or 0.0
    return value * low, value * high


def context_similarity(a: Quantity, b: Quantity) -> float:
    """Words the sentences of a and b share, of the shorter one's."""
    return _overlap(a.context, b.context)


def _overlap(x: frozenset[str], y: frozenset[str]) -> float:
    if not x or not y:
        return 0.0
    inter = len(x & y)
    return inter / min(len(x), len(y)) if inter else 0.0


def _dates_by_sentence(qs: Sequence[Quantity]) -> dict[int, list[Quantity]]:
    out: dict[int, list[Quantity]] = {}
    for q in qs:
        if q.kind in ("date", "weekday"):
            out.setdefault(q.sentence, []).append(q)
    return out


def _same_time(a: Quantity, b: Quantity, dates_a: dict, dates_b: dict) -> bool:
    """Do the other dates of the two sentences agree? "31.55 percent from 2007
    through 2014" and "35.7 percent last year" are rates of two periods;
    "resigned Monday" in a sentence that also says "Thursday" may be another day."""
    other_a = [d for d in dates_a.get(a.sentence, ()) if d is not a]
    other_b = [d for d in dates_b.get(b.sentence, ()) if d is not b]
    if not other_a and not other_b:
        return True
    return any(same_thing(x, y) and value_relation(x, y) == "equal" for x in other_a for y in other_b)


def _specific(q: Quantity) -> bool:
    """A value too particular to be the same by chance: "$5.7 billion", "Jan. 5", "800,000",
    an age ("a 14-year-old" in one report, "when she was 14" in the other: reports of one
    event give one person's age; a weekday is no such thing: one day in seven is a Friday)."""
    if q.kind in ("money", "percent", "age") or (q.kind == "date" and granularity(q) == "day"):
        return True
    return q.kind == "count" and q.value is not None and q.value >= 10 and q.value % 10 != 0


def _many(q: Quantity) -> bool:
    """A count of ten or more, exactly: two reports of one event that each give
    "60 votes" or "800,000 workers" give one number, wherever they say it
    ("two countries" here and there may be two things)."""
    return q.kind == "count" and not q.vague and (q.value or 0) >= 10


# A count of one value under another noun ("at least 544 women" / "at least 544 store
# managers", "800,000 federal employees" / "800,000 workers"): one number told two ways
# where the value is one a report does not give by chance. Below a counted noun alike.
_OTHER_NOUN = 0.5


def _counted_otherwise(a: Quantity, b: Quantity) -> bool:
    """Are a and b one number under two nouns? The same value exactly ("more than a
    dozen women" is no "16"): in one sentence copied, where one leaves its noun to be
    understood; else ten or more, in sentences not copied one from the
    other (there the noun changed is the change: "12 soldiers" / "12 tourists"),
    neither "a dozen" (a round word for any number near it) nor a description
    ("a 12-step program", "a 12-person task force": what kind of thing, not how
    many), and a value no report gives by chance: not round, or hedged alike
    ("nearly 90" / "nearly 90"; "more than 30" / "at least 30"), or with a word
    around both."""
    if a.kind != "count" or b.kind != "count" or a.vague or b.vague or a.value != b.value:
        return False
    copied = context_similarity(a, b) >= _NEAR_IDENTICAL
    if copied and not (a.unit and b.unit):
        return True  # "about 5,200 people" / "about 5,200" in one sentence: the noun left to be understood
    if not (_many(a) and _many(b)) or copied:
        return False  # in one sentence copied, "12 soldiers" / "12 tourists" is what changed
    if any("dozen" in q.text.casefold() or _DESCRIBES.search(q.text) for q in (a, b)):
        return False
    distinctive = (a.value or 0) >= 1000 or (a.value or 0) % 10 != 0
    hedged_alike = bool(a.qualifier and b.qualifier) and _BOUNDS.get(a.qualifier) == _BOUNDS.get(b.qualifier)
    return distinctive or hedged_alike or bool(a.near & b.near)


def _family(q: grammar.Quantity) -> str:
    """The kinds same_thing may pair: a date with a weekday, an age with a span, else one kind."""
    return "date" if q.kind in ("date", "weekday") else "duration" if q.kind == "age" else q.kind


def reconcile(
    qa: Sequence[Quantity],
    qb: Sequence[Quantity],
    related: Callable[[Quantity, Quantity], float] | None = None,
) -> list[NumberMatch]:
    """Pair the quantities of two reports. related(qa, qb) in [0, 1] says how
    much their sentences say the same thing (compare() passes the sentence
    alignment: 1 for an aligned pair); by default, the words they share."""
    related = related or context_similarity
    dates_a, dates_b = _dates_by_sentence(qa), _dates_by_sentence(qb)
    candidates = []
    by_family: dict[str, list[int]] = {}  # same_thing is 0 across families: a long report has thousands of numbers
    for j, b in enumerate(qb):
        by_family.setdefault(_family(b), []).append(j)
    for i, a in enumerate(qa):
        for j in by_family.get(_family(a), ()):
            b = qb[j]
            units = same_thing(a, b)
            relation = value_relation(a, b)
            sentences = related(a, b)
            if units < 0.7:
                if relation != "equal" or not _counted_otherwise(a, b):
                    continue
                units = _OTHER_NOUN
            local = _overlap(a.near, b.near)
            if not a.near and not b.near and context_similarity(a, b) >= _NEAR_IDENTICAL:
                local = 1.0  # "rose to 19%" and "rose to 16%": no word around either, one sentence
            if relation == "equal":
                if sentences < 0.15 and local < _LOCAL and not (_specific(a) and _specific(b)) \
                        and not (_many(a) and _many(b)):
                    continue
                if sentences < 0.3 and a.kind == "count" and (a.value or 0) < 10 and local < _LOCAL:
                    continue  # "two countries" here, "two countries" about something else there
                bonus = _EQUAL_BONUS
            else:
                # A different value for the same thing: only in sentences that say the same
                # thing, with the same words around the two numbers, of the same time.
                one = sentences >= ALIGNED or context_similarity(a, b) >= _NEAR_IDENTICAL
                beside = bool(a.next_to & b.next_to)  # "published Saturday", "published Sunday"
                apart = bool(a.next_to and b.next_to) and not beside  # "resigned Monday", "apologized Friday"
                if not one or apart or not (local > _LOCAL or beside) or not _same_time(a, b, dates_a, dates_b):
                    continue
                bonus = 0.0
            score = (0.5 * sentences + 0.4 * local + 0.1 * units + bonus) / (1.0 + _EQUAL_BONUS)
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
    for j, b in enumerate(qb):
        if j not in used_b:
            out.append(NumberMatch(None, b, "only_b", 0.0))
    return out


def _note(a: Quantity, b: Quantity, relation: str) -> str:
    notes = []
    if relation == "vaguer":
        notes.append(f"less precise in {'a' if a.vague else 'b'}")
    if a.qualifier != b.qualifier and (a.qualifier or b.qualifier):
        qa = a.qualifier or "(none)"
        qb = b.qualifier or "(none)"
        if not (qa in _APPROX and qb in _APPROX):
            notes.append(f"qualifier: {qa} / {qb}")
    if a.unit != b.unit and a.unit and b.unit and a.kind == "count":
        notes.append(f"counted as: {a.unit} / {b.unit}")
    return "; ".join(notes)
