"""The entries of a comparison's list, what `]` and `[` step through: a
change is a Difference; the changes of one aligned pair are one entry that
holds them all (`parts`), each with its kind and span, under the kind that
matters most. Used by model.py (`Comparison.differences`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

_PAIRED = ("facts", "numbers", "variants")  # the changes an aligned pair's entry holds


class Part(NamedTuple):
    """One change an entry holds: its kind, its span on the entry's side,
    its label, and the item of the comparison it is (as Difference.of, .ref)."""

    kind: str
    start: int
    end: int
    label: str
    of: str
    ref: int


@dataclass(frozen=True)
class Difference:
    """A place in one report where it differs from the other: one entry of
    the list `]` and `[` step through. An entry of an aligned pair holds
    every change listed in that pair (`parts`, each with its kind and
    span), under the kind that matters most (PRIORITY)."""

    kind: str  # variant, number, unique, moved, or the kind of a Fact
    start: int  # character span in that report's text (of all its parts)
    end: int
    label: str
    ref: int  # index into the list `of` names
    of: str = ""  # "variants", "numbers", "alignment" (unique), "moves", "facts" or "pairs" (ref: the pair)
    parts: tuple[Part, ...] = ()  # the changes of an entry of several; () for one

    @property
    def places(self) -> tuple[Part, ...]:
        """Each change the entry lists, where it is on this side."""
        return self.parts or (Part(self.kind, self.start, self.end, self.label, self.of, self.ref),)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "start": self.start, "end": self.end, "label": self.label, "ref": self.ref,
                "of": self.of, "parts": [{"kind": p.kind, "start": p.start, "end": p.end, "label": p.label}
                                         for p in self.places]}


# The kind an entry of several changes goes by: what a fact-checker would
# look at first (a value or a yes turned no before a reworded quotation).
PRIORITY = ("number:different", "negation", "entity", "role", "descriptor", "attribution", "hedge", "claim", "quote",
            "number", "variant")


def _rank(p: Part, numbers: list) -> int:
    key = "number:different" if p.of == "numbers" and numbers[p.ref].kind == "different" else p.kind
    return PRIORITY.index(key) if key in PRIORITY else len(PRIORITY)


def group(side: str, changes: dict[str, list[Difference]], pair_of: dict[str, Callable[[int], int | None]],
          numbers: list) -> list[Difference]:
    """This side's entries in reading order. changes: each side's changes,
    one a Difference; pair_of: position in a side's text -> the aligned
    pair its sentence is in. A change is its pair's where every side that
    shows it has it there (so that the entry is one on both sides); a pair
    of one change keeps it as it is; a change in no one pair is its own."""
    where: dict[tuple[str, int], set[int | None]] = {}
    for s, found in changes.items():
        for d in found:
            where.setdefault((d.of, d.ref), set()).add(pair_of[s](d.start) if d.of in _PAIRED else None)
    home = {key: next(iter(ps)) for key, ps in where.items() if len(ps) == 1 and None not in ps}
    held: dict[int, set[tuple[str, int]]] = {}
    for key, k in home.items():
        held.setdefault(k, set()).add(key)
    out: list[Difference] = []
    grouped: dict[int, list[Part]] = {}
    for d in changes[side]:
        k = home.get((d.of, d.ref))
        if k is None or len(held[k]) < 2:
            out.append(d)
        else:
            grouped.setdefault(k, []).append(d.places[0])
    for k, parts in grouped.items():
        parts.sort(key=lambda p: (p.start, p.end))
        first = min(parts, key=lambda p: _rank(p, numbers))
        label = "; ".join(p.label if p.of == "facts" else f"{p.kind}: {p.label}" for p in parts)
        out.append(Difference(first.kind, parts[0].start, max(p.end for p in parts), label, k, "pairs", tuple(parts)))
    return sorted(out, key=lambda d: (d.start, d.end, d.kind))
