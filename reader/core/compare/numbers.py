"""Numbers and quantities in a report, with what they count, and their
reconciliation between two reports.

`extract(text)` takes from the one number grammar (`text/quantities.py`) what
the comparison reconciles: counts ("40 million voters", "seven people", "about
40 Conservative MPs"), vague counts ("millions of voters"), durations ("nearly
14 years"), dates ("August 2021", "in 2021"), sums of money and percentages,
each with its offsets, value, qualifier ("about", "nearly", "more than") and
what it counts, normalised ("voter", "mp", "year"), and the words of its
sentence.

`reconcile(a, b)` pairs the quantities of two reports that speak of the same
thing and says, for each, whether both give the same value, a different one
(including a vaguer or less precise one: "millions" against "40 million"), or
whether only one report gives it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reader.core.entities.gazetteer import lookup
from reader.core.text import quantities as grammar
from reader.core.text.tokens import tokenise
from reader.core.text.words import content_terms

_APPROX = {"about", "around", "approximately", "roughly", "some", "close to", "an estimated", "estimated",
           "approx", "circa"}
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
_KINDS = frozenset("count duration date money percent".split())  # what the comparison reconciles


@dataclass(frozen=True)
class Quantity(grammar.Quantity):
    context: frozenset[str] = field(default=frozenset(), compare=False, repr=False)  # words of its sentence

    def as_dict(self) -> dict:
        out = {"text": self.text, "start": self.start, "end": self.end, "kind": self.kind, "value": self.value,
               "unit": self.unit, "qualifier": self.qualifier, "vague": self.vague}
        if self.date is not None:
            out["date"] = list(self.date)
        return out


def _context(text: str, start: int, end: int) -> frozenset[str]:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right_candidates = [p for p in (text.find(". ", end), text.find("\n", end)) if p >= 0]
    right = min(right_candidates) if right_candidates else len(text)
    return frozenset(content_terms(text[left + 1 : right]))


def _counts(q: grammar.Quantity) -> bool:
    """Is this a quantity the comparison reconciles?"""
    if q.kind == "season":
        return q.date is not None
    if q.kind not in _KINDS or q.weak:
        return False
    # "two" alone is too often not a count of anything
    return q.kind != "count" or bool(q.unit or q.qualifier) or not q.text[:1].isalpha()


def extract(text: str) -> list[Quantity]:
    """Every quantity in text, in order."""
    return [
        Quantity(q.text, q.start, q.end, "date" if q.kind == "season" else q.kind, q.value,
                 "date" if q.kind == "season" else q.unit, q.qualifier, q.vague, q.date,
                 context=_context(text, q.start, q.end))
        for q in grammar.scan(tokenise(text), lookup)
        if _counts(q)
    ]


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
