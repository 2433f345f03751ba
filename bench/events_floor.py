"""The floor event grouping is measured against: plain TF-IDF cosine with
average-link agglomeration at a threshold, nothing else (no headline or lead
weight, no names, no dates).

Vectors: every content term of the headline and text (the core's one
tokenizer), sublinear TF times IDF, unit length; all pairs' cosines (exact,
through an inverted index); average link over them, as the core's
agglomeration does it.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

from reader.core.events.grouping import agglomerate
from reader.core.models import Article
from reader.core.text.words import term_counts


def vectors(articles: Sequence[Article]) -> list[dict[str, float]]:
    counts = [term_counts(a.title + "\n" + a.text) for a in articles]
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    n = len(counts)
    out = []
    for c in counts:
        vec = {t: (1.0 + math.log(k)) * (math.log((n + 1) / (df[t] + 1)) + 1.0) for t, k in c.items()}
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        out.append({t: w / norm for t, w in vec.items()})
    return out


def cosines(vecs: Sequence[dict[str, float]], min_sim: float = 0.02) -> dict[tuple[int, int], float]:
    """Every pair's cosine of min_sim or more."""
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, v in enumerate(vecs):
        for t, w in v.items():
            postings[t].append((i, w))
    edges: dict[tuple[int, int], float] = {}
    for i, v in enumerate(vecs):
        acc: dict[int, float] = defaultdict(float)
        for t, w in v.items():
            for j, wj in postings[t]:
                if j > i:
                    acc[j] += w * wj
        for j, s in acc.items():
            if s >= min_sim:
                edges[(i, j)] = s
    return edges


class Floor:
    """The floor on one set: cosines computed once, grouped at any threshold."""

    def __init__(self, articles: Sequence[Article]):
        self.ids = [a.id for a in articles]
        self.edges = cosines(vectors(articles))

    def clusters(self, threshold: float) -> list[list[str]]:
        found = agglomerate(len(self.ids), self.edges, threshold)
        return [[self.ids[i] for i in c.members] for c in found]
