"""Scoring a comparison's entries against planted edits (bench/compare_quality.py,
bench/compare_paraphrase.py): an entry overlapping a planted edit's span on
its side lists the edit; any other is a false flag. And the naive differ,
every run of changed words, as a floor."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from bench import compare_plant_facts, compare_plant_text
from bench.compare_plant import Plant

PLANTERS = {**compare_plant_facts.PLANTERS, **compare_plant_text.PLANTERS}
NEUTRAL_KINDS = [k for k in compare_plant_text.PLANTERS if k.startswith("n_")]
FACT_KINDS = [k for k in PLANTERS if k not in NEUTRAL_KINDS]
# The kind of entry that names each planted edit for what it is.
RIGHT_KIND = {
    "role": {"role"}, "entity": {"entity"}, "descriptor": {"descriptor"}, "number": {"number"},
    "negation": {"negation"}, "hedge": {"hedge"}, "attribution": {"attribution"}, "quote": {"quote"},
    "claim": {"claim"}, "name_one": {"variant"}, "name_all": {"variant"}, "sentence_added": {"unique"},
    "sentence_removed": {"unique"}, "moved": {"moved"},
}


@dataclass(frozen=True)
class Entry:  # what the naive differ lists, shaped like a Difference
    kind: str
    start: int
    end: int
    label: str = ""


def places(d) -> list:
    """The changes an entry lists, each with its kind and span (an entry of
    an aligned pair holds several; the naive differ's entries are one)."""
    return list(getattr(d, "places", None) or (d,))


def _part_on(p, spans) -> bool:
    return any(p.start < e and s < max(p.end, p.start + 1) for s, e in spans if e > s)


def _overlaps(d, spans) -> bool:
    """An entry lists an edit where one of its changes' spans overlaps it
    (not the stretch between two changes of one entry)."""
    return any(_part_on(p, spans) for p in places(d))


def score(p: Plant, diffs_a: list, diffs_b: list) -> dict:
    """Which entries of each side are on the planted edit, and how many are
    on nothing planted (false flags)."""
    on = [("a", d) for d in diffs_a if _overlaps(d, p.spans_a)] + [("b", d) for d in diffs_b if _overlaps(d, p.spans_b)]

    def p_spans(side: str):
        return p.spans_a if side == "a" else p.spans_b

    kinds = sorted({p.kind for side, d in on for p in places(d) if _part_on(p, p_spans(side))})
    return {
        "listed": bool(on), "right_kind": bool(set(kinds) & RIGHT_KIND.get(p.kind, set())), "on_edit": len(on),
        "kinds": kinds, "false_flags": len(diffs_a) + len(diffs_b) - len(on),
        "entries": [{"side": side, "kind": d.kind, "start": d.start, "end": d.end, "label": d.label,
                     "on_edit": (side, d) in on}
                    for side, ds in (("a", diffs_a), ("b", diffs_b)) for d in ds],
    }


_WORD = re.compile(r"\w+(?:['’]\w+)*")


def naive_diff(text_a: str, text_b: str) -> tuple[list[Entry], list[Entry]]:
    """Every run of changed words, as a word diff shows it: the floor."""
    wa, wb = list(_WORD.finditer(text_a)), list(_WORD.finditer(text_b))
    sm = difflib.SequenceMatcher(None, [m[0] for m in wa], [m[0] for m in wb], autojunk=False)
    out_a, out_b = [], []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        if i2 > i1:
            out_a.append(Entry("word", wa[i1].start(), wa[i2 - 1].end()))
        if j2 > j1:
            out_b.append(Entry("word", wb[j1].start(), wb[j2 - 1].end()))
    return out_a, out_b


def context(text: str, spans, width: int = 60) -> str:
    spans = [s for s in spans if s[1] > s[0]] or list(spans)
    if not spans:
        return ""
    s, e = max(spans, key=lambda x: x[1] - x[0])  # the widest: mapped back through a reordered clause, a span comes in parts
    return " ".join((text[max(0, s - width):s] + "[" + text[s:e] + "]" + text[e:e + width]).split())
