"""Two reports side by side: what they share, what only one says, and where
they disagree.

`compare(a, b)` aligns the sentences of two articles (align.py), sorts their
entities into shared, only in one, and variants of one another ("Tim
Loughton" against "Tim Laughton"), reconciles their numbers (numbers.py),
measures how much of each the other covers, and says whether one is a
near-copy or rewrite of the other. `Comparison.differences(side)` lists, in
reading order, the places a reader may want to jump to.

Entities come from reader.core.entities (extract, group, find_variants);
a caller may pass its own `entities_of`.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from reader.core import entities
from reader.core.compare import numbers as num
from reader.core.compare.align import Pair, SentenceFeatures, align, features
from reader.core.models import Article
from reader.core.text.sentences import Sentence, split_sentences

log = logging.getLogger(__name__)

EntitiesOf = Callable[[Article], list[Any]]  # Article -> mentions (text, start, end, type, canonical)

# Lineage: shares of each report (in words) that the other says too. Two
# reports written apart from one speech share its quotes, up to about 0.65.
REWRITE = 0.75  # both ways: one rewrites the other
CONTAINED = 0.70  # one way (and 0.25 more than the other way): one abridges the other


@dataclass(frozen=True)
class EntityRef:
    """An entity as one comparison sees it, with its mentions on each side."""

    canonical: str
    type: str
    mentions_a: tuple[tuple[str, int, int], ...] = ()  # (text, start, end) in A's text
    mentions_b: tuple[tuple[str, int, int], ...] = ()

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

    def as_dict(self) -> dict:
        return {
            "a": self.a.mentions_a[0][0] if self.a.mentions_a else self.a.canonical,
            "b": self.b.mentions_b[0][0] if self.b.mentions_b else self.b.canonical,
            "type": self.type,
            "score": round(self.score, 3),
            "a_canonical": self.a.canonical,
            "b_canonical": self.b.canonical,
            "a_spans": [[s, e] for _, s, e in self.a.mentions_a],
            "b_spans": [[s, e] for _, s, e in self.b.mentions_b],
        }


@dataclass(frozen=True)
class Difference:
    """A place in one report where it differs from the other."""

    kind: str  # variant, number, unique
    start: int  # character span in that report's text
    end: int
    label: str
    ref: int  # index into Comparison.variants, .numbers or .alignment

    def as_dict(self) -> dict:
        return {"kind": self.kind, "start": self.start, "end": self.end, "label": self.label, "ref": self.ref}


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
    derived: str | None  # "a" or "b": the one that copies, rewrites or abridges; None if unknown
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
        }

    def differences(self, side: str) -> list[Difference]:
        """Where this side differs from the other, in reading order: name
        variants, numbers that differ or only it gives, and sentences only it
        says."""
        if side not in ("a", "b"):
            raise ValueError("side is 'a' or 'b'")
        out: list[Difference] = []
        for k, v in enumerate(self.variants):
            mine, theirs = (v.a.mentions_a, v.b) if side == "a" else (v.b.mentions_b, v.a)
            other = theirs.mentions_b[0][0] if side == "a" and theirs.mentions_b else (
                theirs.mentions_a[0][0] if theirs.mentions_a else theirs.canonical)
            out += [Difference("variant", s, e, f"{t} / {other}", k) for t, s, e in mine]
        for k, m in enumerate(self.numbers):
            q = m.a if side == "a" else m.b
            if q is None or m.kind == "same":
                continue
            other = m.b if side == "a" else m.a
            label = f"{q.text} / {other.text}" if other else f"{q.text} (only here)"
            out.append(Difference("number", q.start, q.end, label, k))
        own = "only_a" if side == "a" else "only_b"
        sentences = self.sentences_a if side == "a" else self.sentences_b
        for k, p in enumerate(self.alignment):
            if p.kind == own:
                s = sentences[(p.a if side == "a" else p.b)[0]]
                out.append(Difference("unique", s.start, s.end, "only in this report", k))
        return sorted(out, key=lambda d: (d.start, d.end, d.kind))

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
            "coverage": self.coverage.as_dict(),
            "lineage": self.lineage.as_dict() if self.lineage else None,
            "summary": self.summary(),
            "differences": {"a": [d.as_dict() for d in self.differences("a")],
                            "b": [d.as_dict() for d in self.differences("b")]},
            "notes": list(self.notes),
        }


# --- entities -------------------------------------------------------------------
_NUMBER_TYPES = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}  # numbers.py reconciles those


def _key(name: str) -> str:
    return " ".join(name.replace("’", "'").casefold().split())


@dataclass
class _SideEntities:
    entities: list[Any]
    mentions: dict[int, list[tuple[str, int, int]]]  # entity index -> mentions
    by_key: dict[str, int]  # canonical or alias key -> entity index

    @classmethod
    def build(cls, mentions: Sequence[Any], group: Callable) -> _SideEntities:
        ents = list(group(list(mentions))) if mentions else []
        by_key: dict[str, int] = {}
        for k, e in enumerate(ents):
            by_key.setdefault(_key(e.canonical), k)
        for k, e in enumerate(ents):
            for alias in getattr(e, "aliases", ()) or ():
                by_key.setdefault(_key(str(alias)), k)
        found: dict[int, list[tuple[str, int, int]]] = {}
        for m in mentions:
            k = by_key.get(_key(m.canonical), by_key.get(_key(m.text)))
            if k is not None:
                found.setdefault(k, []).append((m.text, m.start, m.end))
        for spans in found.values():
            spans.sort(key=lambda t: t[1])
        return cls(ents, found, by_key)

    def index_of(self, entity: Any) -> int | None:
        if isinstance(entity, str):
            return self.by_key.get(_key(entity))
        for k, e in enumerate(self.entities):
            if e is entity:
                return k
        return self.by_key.get(_key(getattr(entity, "canonical", str(entity))))


def _sort_entities(refs: list[EntityRef]) -> list[EntityRef]:
    return sorted(refs, key=lambda r: (-(len(r.mentions_a) + len(r.mentions_b)), r.canonical.casefold()))


def _match_entities(side_a: _SideEntities, side_b: _SideEntities, find_variants: Callable):
    """(shared, only_a, only_b, variants, key map for sentence names)."""
    shared, variants = [], []
    paired_a: set[int] = set()
    paired_b: set[int] = set()
    names: dict[tuple[str, int], str] = {}  # (side, entity index) -> shared key
    for ka, ea in enumerate(side_a.entities):
        kb = side_b.by_key.get(_key(ea.canonical))
        if kb is None or kb in paired_b:
            continue
        eb = side_b.entities[kb]
        if ea.type and eb.type and ea.type != eb.type:
            continue
        paired_a.add(ka)
        paired_b.add(kb)
        names[("a", ka)] = names[("b", kb)] = _key(ea.canonical)
        shared.append(EntityRef(ea.canonical, ea.type, tuple(side_a.mentions.get(ka, ())), tuple(side_b.mentions.get(kb, ()))))
    rest_a = [e for k, e in enumerate(side_a.entities) if k not in paired_a]
    rest_b = [e for k, e in enumerate(side_b.entities) if k not in paired_b]
    for v in find_variants(rest_a, rest_b) if rest_a and rest_b else []:
        ka, kb = side_a.index_of(v.a), side_b.index_of(v.b)
        if ka is None or kb is None or ka in paired_a or kb in paired_b:
            continue
        ea, eb = side_a.entities[ka], side_b.entities[kb]
        paired_a.add(ka)
        paired_b.add(kb)
        names[("a", ka)] = names[("b", kb)] = "~" + _key(ea.canonical)
        variants.append(VariantRef(
            EntityRef(ea.canonical, ea.type, tuple(side_a.mentions.get(ka, ())), ()),
            EntityRef(eb.canonical, eb.type, (), tuple(side_b.mentions.get(kb, ()))),
            getattr(v, "type", ea.type) or ea.type,
            float(getattr(v, "score", 0.0)),
        ))
    only_a = [EntityRef(e.canonical, e.type, tuple(side_a.mentions.get(k, ())), ())
              for k, e in enumerate(side_a.entities) if k not in paired_a]
    only_b = [EntityRef(e.canonical, e.type, (), tuple(side_b.mentions.get(k, ())))
              for k, e in enumerate(side_b.entities) if k not in paired_b]
    for k, e in enumerate(side_a.entities):
        names.setdefault(("a", k), _key(e.canonical))
    for k, e in enumerate(side_b.entities):
        names.setdefault(("b", k), _key(e.canonical))
    variants.sort(key=lambda v: (v.a.mentions_a[0][1] if v.a.mentions_a else 0))
    return _sort_entities(shared), _sort_entities(only_a), _sort_entities(only_b), variants, names


# --- the comparison ---------------------------------------------------------------
def _sentence_of(sentences: Sequence[Sentence], starts: list[int], pos: int) -> int:
    return max(0, bisect.bisect_right(starts, pos) - 1) if sentences else -1


def _sentence_sets(sentences: Sequence[Sentence], spans: list[tuple[int, str]]) -> list[frozenset[str]]:
    starts = [s.start for s in sentences]
    out: list[set[str]] = [set() for _ in sentences]
    for pos, key in spans:
        i = _sentence_of(sentences, starts, pos)
        if i >= 0:
            out[i].add(key)
    return [frozenset(x) for x in out]


def compare(a: Article, b: Article, entities_of: EntitiesOf | None = None) -> Comparison:
    """Compare two reports (any two articles, of one event or not)."""
    notes: list[str] = []
    text_a, text_b = a.text, b.text
    sa, sb = split_sentences(text_a), split_sentences(text_b)
    # Entities.
    if entities_of is None:
        entities_of = lambda article: entities.extract(article.text)  # noqa: E731
    group, find_variants = entities.group, entities.find_variants
    side_a = _SideEntities.build([m for m in entities_of(a) if m.type not in _NUMBER_TYPES], group)
    side_b = _SideEntities.build([m for m in entities_of(b) if m.type not in _NUMBER_TYPES], group)
    shared, only_a, only_b, variants, names = _match_entities(side_a, side_b, find_variants)
    # Numbers.
    qa, qb = num.extract(text_a), num.extract(text_b)
    # Sentence features: words, names (variants under one key), numbers.
    names_a = _sentence_sets(sa, [(s, names[("a", k)]) for k, spans in side_a.mentions.items() for _, s, _e in spans])
    names_b = _sentence_sets(sb, [(s, names[("b", k)]) for k, spans in side_b.mentions.items() for _, s, _e in spans])
    nums_a = _sentence_sets(sa, [(q.start, _number_key(q)) for q in qa])
    nums_b = _sentence_sets(sb, [(q.start, _number_key(q)) for q in qb])
    fa = [features(s, names_a[i], nums_a[i]) for i, s in enumerate(sa)]
    fb = [features(s, names_b[j], nums_b[j]) for j, s in enumerate(sb)]
    pairs = align(sa, sb, fa, fb, text_a, text_b)
    # Numbers again, now that we know which sentences say the same thing.
    group_a = {i: g for g, p in enumerate(pairs) if p.b for i in p.a}
    group_b = {j: g for g, p in enumerate(pairs) if p.a for j in p.b}
    starts_a, starts_b = [s.start for s in sa], [s.start for s in sb]

    def related(x: num.Quantity, y: num.Quantity) -> float:
        ga = group_a.get(_sentence_of(sa, starts_a, x.start))
        gb = group_b.get(_sentence_of(sb, starts_b, y.start))
        if ga is not None and ga == gb:
            return 1.0
        return num.context_similarity(x, y) * (0.8 if ga is not None and gb is not None else 1.0)

    numbers = num.reconcile(qa, qb, related)
    coverage = _coverage(sa, sb, pairs)
    return Comparison(
        a, b, sa, sb, pairs, shared, only_a, only_b, variants, numbers, coverage,
        _lineage(a, b, sa, sb, pairs, coverage), notes,
    )


def _number_key(q: num.Quantity) -> str:
    if q.kind == "date":
        return f"date:{q.date}"
    return f"{q.kind}:{q.value:g}"


def _words(s: Sentence) -> int:
    return len(s.text.split())


def _coverage(sa: Sequence[Sentence], sb: Sequence[Sentence], pairs: Sequence[Pair]) -> Coverage:
    total_a = sum(_words(s) for s in sa) or 1
    total_b = sum(_words(s) for s in sb) or 1
    covered_a = {i for p in pairs if p.a and p.b for i in p.a}
    covered_b = {j for p in pairs if p.a and p.b for j in p.b}
    return Coverage(
        sum(_words(sa[i]) for i in covered_a) / total_a,
        sum(_words(sb[j]) for j in covered_b) / total_b,
        len(covered_a),
        len(covered_b),
    )


def _lineage(a: Article, b: Article, sa, sb, pairs: Sequence[Pair], coverage: Coverage) -> Lineage:
    total_a = sum(_words(s) for s in sa) or 1
    total_b = sum(_words(s) for s in sb) or 1
    copied_a = sum(_words(sa[i]) for p in pairs if p.match in ("same", "near") for i in p.a) / total_a
    copied_b = sum(_words(sb[j]) for p in pairs if p.match in ("same", "near") for j in p.b) / total_b
    matched = [p for p in pairs if p.a and p.b]
    in_order = sum(1 for p in matched if not p.moved) / len(matched) if matched else 0.0
    shorter = "a" if total_a <= total_b else "b"
    copied = copied_a if shorter == "a" else copied_b
    later = _later(a, b)
    if copied_a >= 0.8 and copied_b >= 0.8:
        relation, derived = "near-copy", later
        note = "the two reports are near-copies of each other"
    elif coverage.a >= REWRITE and coverage.b >= REWRITE and in_order >= 0.6:
        relation, derived = "rewrite", later
        note = "one report rewrites the other, sentence by sentence"
    elif coverage.a >= CONTAINED and coverage.a >= coverage.b + 0.25:
        relation, derived = "contained", "a"
        note = "almost everything in A is also in B: A abridges or summarises B (or B expands A)"
    elif coverage.b >= CONTAINED and coverage.b >= coverage.a + 0.25:
        relation, derived = "contained", "b"
        note = "almost everything in B is also in A: B abridges or summarises A (or A expands B)"
    else:
        relation, derived = "independent", None
        note = "the reports are written independently"
    if relation in ("near-copy", "rewrite"):
        note += "; " + (f"{later.upper()} is the later one" if later else "which came first is unknown (no dates)")
    return Lineage(relation, derived, max(coverage.a, coverage.b), copied, in_order, note)


def _later(a: Article, b: Article) -> str | None:
    if a.published is None or b.published is None:
        return None
    pa, pb = a.published.replace(tzinfo=None), b.published.replace(tzinfo=None)
    return None if pa == pb else ("a" if pa > pb else "b")


__all__ = ["Comparison", "Coverage", "Difference", "EntityRef", "Lineage", "SentenceFeatures", "VariantRef", "compare"]
