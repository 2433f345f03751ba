"""Measuring an extractor against a hand annotation (see
docs/annotation-guide.md): precision and recall per type.

Mentions are compared on (normalised text, type) as multisets, so a mention
written twice must be found twice. Normalising forgives what the guide leaves
outside a span ("Mr", "the", "about", "last") and spelling of quotes, never a
name cut short or run long.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from reader.core.entities.model import TYPES, Mention
from reader.core.text import lexicon as lx

_NUMBER_LEADING = lx.APPROXIMATORS | frozenset({"last", "next", "this", "early", "late", "mid"})


def eval_key(text: str, type_: str) -> str:
    t = unicodedata.normalize("NFKC", text)
    t = t.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    t = " ".join(t.split()).replace("- ", "-").replace(" -", "-").casefold()
    t = t.strip(" .,;:\"'()")
    if t.endswith("'s"):
        t = t[:-2]
    words = t.split()
    drop = lx.ARTICLES | (lx.TITLES if type_ in ("PERSON",) else frozenset())
    if type_ in ("DATE", "MONEY", "PERCENT", "QUANTITY", "CARDINAL"):
        drop = drop | _NUMBER_LEADING
    while len(words) > 1 and words[0].rstrip(".") in drop:
        words.pop(0)
    return " ".join(words).strip(" .,")


@dataclass
class Score:
    tp: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(gold: Iterable[tuple[str, str, int]], predicted: Iterable[Mention], scores: dict[str, Score] | None = None):
    """Add one text's counts to scores (type -> Score, plus "ALL").

    gold: (text, type, count) items; predicted: the extractor's mentions."""
    scores = scores if scores is not None else {}
    g: Counter = Counter()
    for text, type_, count in gold:
        g[(eval_key(text, type_), type_)] += count
    p: Counter = Counter((eval_key(m.text, m.type), m.type) for m in predicted)
    for type_ in (*TYPES, "ALL"):
        scores.setdefault(type_, Score())
    for (key, type_), n in p.items():
        hit = min(n, g.get((key, type_), 0))
        for t in (type_, "ALL"):
            scores[t].predicted += n
            scores[t].tp += hit
    for (_key, type_), n in g.items():
        scores[type_].gold += n
        scores["ALL"].gold += n
    return scores


def misses(gold: Iterable[tuple[str, str, int]], predicted: Iterable[Mention]) -> tuple[Counter, Counter]:
    """(missed gold, spurious predictions) as Counters of (key, type): for
    reading what an extractor gets wrong."""
    g: Counter = Counter()
    for text, type_, count in gold:
        g[(eval_key(text, type_), type_)] += count
    p: Counter = Counter((eval_key(m.text, m.type), m.type) for m in predicted)
    return g - p, p - g


def format_table(results: dict[str, dict[str, Score]]) -> str:
    """A plain-text table: one row per type, P/R/F per extractor."""
    names = list(results)
    head = f"{'type':<9}" + "".join(f" | {n[:22]:^22}" for n in names)
    sub = f"{'':<9}" + "".join(f" | {'P':>5} {'R':>5} {'F':>5} {'n':>4}" for _ in names)
    lines = [head, sub, "-" * len(sub)]
    for type_ in (*TYPES, "ALL"):
        row = f"{type_:<9}"
        for n in names:
            s = results[n].get(type_, Score())
            if not s.gold and not s.predicted:
                row += f" | {'-':>5} {'-':>5} {'-':>5} {0:>4}"
            else:
                row += f" | {s.precision:5.2f} {s.recall:5.2f} {s.f1:5.2f} {s.gold:>4}"
        lines.append(row)
    return "\n".join(lines)
