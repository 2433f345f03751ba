"""How much of each report the other says (coverage), and whether one is a
near-copy, rewrite or abridgement of the other (lineage)."""

from __future__ import annotations

from collections.abc import Sequence

from reader.core.compare.align import Pair
from reader.core.compare.model import Coverage, Lineage
from reader.core.compare.side import Side
from reader.core.models import Article
from reader.core.text.sentences import Sentence

# Shares of each report (in words) that the other says too. Two reports
# written apart from one speech share its quotes, up to about 0.65.
REWRITE = 0.75  # both ways: one rewrites the other
CONTAINED = 0.70  # one way (and 0.25 more than the other way): one abridges the other


def _words(s: Sentence) -> int:
    return len(s.text.split())


def coverage(sa: Sequence[Sentence], sb: Sequence[Sentence], pairs: Sequence[Pair]) -> Coverage:
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


def lineage(a: Article, b: Article, sa: Sequence[Sentence], sb: Sequence[Sentence], pairs: Sequence[Pair],
            cov: Coverage) -> Lineage:
    total_a = sum(_words(s) for s in sa) or 1
    total_b = sum(_words(s) for s in sb) or 1
    copied_a = sum(_words(sa[i]) for p in pairs if p.match in ("same", "near") for i in p.a) / total_a
    copied_b = sum(_words(sb[j]) for p in pairs if p.match in ("same", "near") for j in p.b) / total_b
    matched = [p for p in pairs if p.a and p.b]
    in_order = sum(1 for p in matched if not p.moved) / len(matched) if matched else 0.0
    shorter = "a" if total_a <= total_b else "b"
    copied = copied_a if shorter == "a" else copied_b
    later = _later(a, b)
    derived: Side | None
    if copied_a >= 0.8 and copied_b >= 0.8:
        relation, derived = "near-copy", later
        note = "the two reports are near-copies of each other"
    elif cov.a >= REWRITE and cov.b >= REWRITE and in_order >= 0.6:
        relation, derived = "rewrite", later
        note = "one report rewrites the other, sentence by sentence"
    elif cov.a >= CONTAINED and cov.a >= cov.b + 0.25:
        relation, derived = "contained", "a"
        note = "almost everything in A is also in B: A abridges or summarises B (or B expands A)"
    elif cov.b >= CONTAINED and cov.b >= cov.a + 0.25:
        relation, derived = "contained", "b"
        note = "almost everything in B is also in A: B abridges or summarises A (or A expands B)"
    else:
        relation, derived = "independent", None
        note = "the reports are written independently"
    if relation in ("near-copy", "rewrite"):
        note += "; " + (f"{later.upper()} is the later one" if later else "which came first is unknown (no dates)")
    return Lineage(relation, derived, max(cov.a, cov.b), copied, in_order, note)


def _later(a: Article, b: Article) -> Side | None:
    if a.published is None or b.published is None:
        return None
    pa, pb = a.published.replace(tzinfo=None), b.published.replace(tzinfo=None)
    return None if pa == pb else ("a" if pa > pb else "b")
