"""What a comparison of two reports holds: the dataclasses `compare()`
builds and the views over them (`summary`, `differences`, `as_dict`)."""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field

from reader.core.compare import entries
from reader.core.compare import numbers as num
from reader.core.compare.align import Pair
from reader.core.compare.entries import Difference
from reader.core.compare.side import SIDES, Side, check_side, other_side
from reader.core.models import Article
from reader.core.text.sentences import Sentence

Mention = tuple[str, int, int]  # (text, start, end) in one article's text


@dataclass(frozen=True)
class EntityRef:
    """An entity as one comparison sees it, with its mentions on each side."""

    canonical: str
    type: str
    mentions_a: tuple[Mention, ...] = ()
    mentions_b: tuple[Mention, ...] = ()

    def mentions(self, side: Side) -> tuple[Mention, ...]:
        return self.mentions_a if side == "a" else self.mentions_b

    def as_dict(self) -> dict:
        return {
            "canonical": self.canonical,
            "type": self.type,
            "mentions": {
                "a": [{"text": t, "start": s, "end": e} for t, s, e in self.mentions_a],
                "b": [{"text": t, "start": s, "end": e} for t, s, e in self.mentions_b],
            },
        }


@dataclass(frozen=True)
class VariantRef:
    """Two forms of one name: as written in A, as written in B."""

    a: EntityRef  # mentions_a only
    b: EntityRef  # mentions_b only
    type: str
    score: float

    def form(self, side: Side) -> str:
        """The name as the given side writes it (its first mention)."""
        ref = self.a if side == "a" else self.b
        mentions = ref.mentions(side)
        return mentions[0][0] if mentions else ref.canonical

    def mentions(self, side: Side) -> tuple[Mention, ...]:
        return (self.a if side == "a" else self.b).mentions(side)

    def as_dict(self) -> dict:
        return {
            "a": self.form("a"),
            "b": self.form("b"),
            "type": self.type,
            "score": round(self.score, 3),
            "a_canonical": self.a.canonical,
            "b_canonical": self.b.canonical,
            "a_spans": [[s, e] for _, s, e in self.a.mentions_a],
            "b_spans": [[s, e] for _, s, e in self.b.mentions_b],
        }


@dataclass(frozen=True)
class Fact:
    """A fact two aligned sentences give differently: its kind (role, entity,
    descriptor, number, negation, hedge, attribution, quote, claim, variant),
    where it is on each side, and a label naming both."""

    kind: str
    pair: int  # index into Comparison.alignment
    a: tuple[int, int]  # span in A's text (for words only B has, the word where they would be)
    b: tuple[int, int]
    a_text: str  # the words as each side has them, with a word of context
    b_text: str
    label: str  # "role: former minister → former chancellor (Tim Loughton)"

    def span(self, side: Side) -> tuple[int, int]:
        return self.a if side == "a" else self.b

    def as_dict(self) -> dict:
        return {"kind": self.kind, "pair": self.pair, "a": list(self.a), "b": list(self.b), "a_text": self.a_text,
                "b_text": self.b_text, "label": self.label}


@dataclass(frozen=True)
class Move:
    """Consecutive sentences that both reports give, in another place."""

    pairs: tuple[int, ...]  # indices into Comparison.alignment
    a: tuple[int, int]  # the run's span in A's text
    b: tuple[int, int]
    sentences_a: tuple[int, ...]
    sentences_b: tuple[int, ...]

    def span(self, side: Side) -> tuple[int, int]:
        return self.a if side == "a" else self.b

    @property
    def label(self) -> str:
        n = len(self.sentences_a)
        what = "1 sentence" if n == 1 else f"{n} sentences"
        return f"moved: {what} (A{self.sentences_a[0] + 1} / B{self.sentences_b[0] + 1})"

    def as_dict(self) -> dict:
        return {"pairs": list(self.pairs), "a": list(self.a), "b": list(self.b),
                "sentences_a": list(self.sentences_a), "sentences_b": list(self.sentences_b), "label": self.label}


@dataclass(frozen=True)
class Coverage:
    a: float  # share of A's words in sentences that B also says
    b: float
    a_sentences: int  # sentences of A paired with B
    b_sentences: int

    def as_dict(self) -> dict:
        return {"a": round(self.a, 3), "b": round(self.b, 3), "a_sentences": self.a_sentences,
                "b_sentences": self.b_sentences}


@dataclass(frozen=True)
class Lineage:
    """Is one report a near-copy or rewrite of the other?"""

    relation: str  # near-copy, rewrite, contained, independent
    derived: Side | None  # the one that copies, rewrites or abridges; None if unknown
    shared: float  # the larger of the two coverages
    copied: float  # share of the shorter report in same or near-copy sentences
    in_order: float  # share of pairs in the same order in both
    note: str

    def as_dict(self) -> dict:
        return {"relation": self.relation, "derived": self.derived, "shared": round(self.shared, 3),
                "copied": round(self.copied, 3), "in_order": round(self.in_order, 3), "note": self.note}


@dataclass
class Comparison:
    a: Article
    b: Article
    sentences_a: list[Sentence]
    sentences_b: list[Sentence]
    alignment: list[Pair]
    shared: list[EntityRef] = field(default_factory=list)
    only_a: list[EntityRef] = field(default_factory=list)
    only_b: list[EntityRef] = field(default_factory=list)
    variants: list[VariantRef] = field(default_factory=list)
    numbers: list[num.NumberMatch] = field(default_factory=list)
    coverage: Coverage = Coverage(0.0, 0.0, 0, 0)
    lineage: Lineage | None = None
    notes: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)

    def article(self, side: Side) -> Article:
        return self.a if side == "a" else self.b

    def sentences(self, side: Side) -> list[Sentence]:
        return self.sentences_a if side == "a" else self.sentences_b

    def summary(self) -> dict:
        kinds = {k: 0 for k in ("same", "near", "paraphrase", "moved", "only_a", "only_b")}
        for p in self.alignment:
            kinds[p.kind] += 1
        numbers = {k: 0 for k in ("same", "different", "only_a", "only_b")}
        for m in self.numbers:
            numbers[m.kind] += 1
        return {
            "coverage": self.coverage.as_dict(),
            "sentences": kinds,
            "entities": {"shared": len(self.shared), "only_a": len(self.only_a), "only_b": len(self.only_b),
                         "variants": len(self.variants)},
            "numbers": numbers,
            "facts": dict(sorted(Counter(f.kind for f in self.facts).items())),
            "moves": len(self.moves),
        }

    def differences(self, side: str) -> list[Difference]:
        """Where this side differs from the other, in reading order: one
        entry an aligned pair, holding every change listed in it (facts,
        numbers that differ or only one side gives, names spelled
        differently, each at its first mention that the other report's
        form answers in an aligned sentence), passages moved, and
        runs of sentences only this side says (ref: the run's first pair).
        A change that lies in no one pair (a name first written in two
        places) is its own entry. A number only this side gives, in a
        sentence only it says, is that sentence's."""
        side = check_side(side)
        return entries.group(side, {s: self._changes(s) for s in SIDES}, {s: self._pair_of(s) for s in SIDES},
                             self.numbers)

    def _pair_of(self, side: Side):
        """position in this side's text -> the pair its sentence is in (None outside a sentence)."""
        sentences = self.sentences(side)
        starts = [s.start for s in sentences]
        row = {i: k for k, p in enumerate(self.alignment) if p.a and p.b for i in p.indices(side)}

        def at(pos: int) -> int | None:
            i = bisect.bisect_right(starts, pos) - 1
            return row.get(i) if i >= 0 and pos < sentences[i].end else None
        return at

    def _changes(self, side: Side) -> list[Difference]:
        """Each change this side shows, one a Difference, before they are
        grouped by pair."""
        there = other_side(side)
        out: list[Difference] = []
        here, across = self._pair_of(side), self._pair_of(there)
        for k, v in enumerate(self.variants):
            mentions = v.mentions(side)
            if mentions:
                # at the first mention whose sentence the other report says with its own form: where a name
                # both share is respelled once, that mention's counterpart, not the first of them all
                theirs = {across(m[1]) for m in v.mentions(there)} - {None}
                t, s, e = next((m for m in mentions if here(m[1]) in theirs), mentions[0])
                more = f" ({len(mentions)} mentions)" if len(mentions) > 1 else ""
                out.append(Difference("variant", s, e, f"{t} / {v.form(there)}{more}", k, "variants"))
        unique = self.unique_runs(side)
        for k, (s, e, n) in unique.items():
            out.append(Difference("unique", s, e, "only in this report" + (f" ({n} sentences)" if n > 1 else ""), k,
                                  "alignment"))
        for k, m in enumerate(self.numbers):
            q = m.a if side == "a" else m.b
            if q is None or m.kind == "same":
                continue
            counterpart = m.b if side == "a" else m.a
            if counterpart is None and any(s <= q.start < e for s, e, _ in unique.values()):
                continue
            label = f"{q.text} / {counterpart.text}" if counterpart else f"{q.text} (only here)"
            out.append(Difference("number", q.start, q.end, label, k, "numbers"))
        for k, f in enumerate(self.facts):
            out.append(Difference(f.kind, *f.span(side), f.label, k, "facts"))
        for k, mv in enumerate(self.moves):
            out.append(Difference("moved", *mv.span(side), mv.label, k, "moves"))
        return out

    def unique_runs(self, side: Side) -> dict[int, tuple[int, int, int]]:
        """Runs of consecutive sentences only this side says: the alignment
        index of each run's first -> (start, end, sentences)."""
        own = "only_" + side
        sentences = self.sentences(side)
        runs: dict[int, tuple[int, int, int]] = {}
        first, last = -1, -2
        for k, p in enumerate(self.alignment):
            if p.kind != own:
                continue
            i = p.indices(side)[0]
            if first >= 0 and i == last + 1:
                s, _, n = runs[first]
                runs[first] = (s, sentences[i].end, n + 1)
            else:
                first = k
                runs[k] = (sentences[i].start, sentences[i].end, 1)
            last = i
        return runs

    def as_dict(self) -> dict:
        def article(art: Article, sentences: list[Sentence]) -> dict:
            return {
                "id": art.id,
                "title": art.title,
                "source": art.source,
                "url": art.url or None,
                "published": art.published.isoformat() if art.published else None,
                "sentences": [s.text for s in sentences],
                "spans": [[s.start, s.end] for s in sentences],
            }

        return {
            "a": article(self.a, self.sentences_a),
            "b": article(self.b, self.sentences_b),
            "alignment": [p.as_dict() for p in self.alignment],
            "entities": {
                "shared": [e.as_dict() for e in self.shared],
                "only_a": [e.as_dict() for e in self.only_a],
                "only_b": [e.as_dict() for e in self.only_b],
            },
            "variants": [v.as_dict() for v in self.variants],
            "numbers": [m.as_dict() for m in self.numbers],
            "facts": [f.as_dict() for f in self.facts],
            "moves": [m.as_dict() for m in self.moves],
            "coverage": self.coverage.as_dict(),
            "lineage": self.lineage.as_dict() if self.lineage else None,
            "summary": self.summary(),
            "differences": {"a": [d.as_dict() for d in self.differences("a")],
                            "b": [d.as_dict() for d in self.differences("b")]},
            "notes": list(self.notes),
        }
