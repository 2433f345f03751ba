"""The arithmetic of event grouping: sparse cosines through an inverted
index, the hubness and date corrections, and average-link agglomeration.

Vectors are dicts of term -> weight with unit length. cluster.py decides what
goes into them, index.py keeps the results; this module only computes.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

Edges = dict[tuple[int, int], float]  # (i, j) with i < j -> similarity


def cosine(u: dict[str, float], v: dict[str, float]) -> float:
    if len(u) > len(v):
        u, v = v, u
    return sum(w * v[t] for t, w in u.items() if t in v)


def naive(d: datetime | None) -> datetime | None:
    return d.replace(tzinfo=None) if d is not None and d.tzinfo is not None else d


def date_factor(a: datetime | None, b: datetime | None, grace_days: float, halving_days: float) -> float:
    """1 when either date is unknown or they are within grace_days; then
    halves every halving_days."""
    if a is None or b is None:
        return 1.0
    gap = abs((naive(a) - naive(b)).total_seconds()) / 86400.0
    if gap <= grace_days:
        return 1.0
    return 0.5 ** ((gap - grace_days) / halving_days)


def cosine_edges(
    vectors: Sequence[dict[str, float]],
    targets: Iterable[int] | None = None,
    min_sim: float = 0.03,
    max_df: int | None = None,
    days: Sequence[int | None] | None = None,
    max_gap_days: float | None = None,
) -> Edges:
    """Cosines >= min_sim between the articles of targets (default: all) and
    every other article.

    Candidates come from an inverted index on the rarer terms (in at most
    max_df vectors): two reports of one event share names and details, not
    only "government" and "said", and the long postings of common terms are
    what would make this quadratic. A candidate whose rare terms alone give
    less than min_sim is dropped; the others get their exact cosine, unless
    both are dated (days: ordinal day numbers) more than max_gap_days apart.
    """
    n = len(vectors)
    if max_df is None:
        max_df = min(max(40, n // 100), 100)
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, vec in enumerate(vectors):
        for term, w in vec.items():
            postings[term].append((i, w))
    target_list = range(n) if targets is None else sorted(set(targets))
    target_set = set(target_list)
    check_dates = days is not None and max_gap_days is not None
    edges: Edges = {}
    for i in target_list:
        vec = vectors[i]
        acc: dict[int, float] = defaultdict(float)
        for term, w in vec.items():
            plist = postings[term]
            if len(plist) <= max_df:
                for j, wj in plist:
                    acc[j] += w * wj
        for j, partial in acc.items():
            if j == i or (j < i and j in target_set) or partial < min_sim:
                continue  # itself, counted from j's side, or nothing distinctive shared
            if check_dates and days[i] is not None and days[j] is not None and abs(days[i] - days[j]) > max_gap_days:
                continue
            s = cosine(vec, vectors[j])
            if s >= min_sim:
                edges[(min(i, j), max(i, j))] = s
    return edges


def top_neighbours(n: int, edges: Edges, k: int, start: Sequence[list[float]] | None = None) -> list[list[float]]:
    """The k highest similarities of each article (seeded with start), as
    min-heaps."""
    best = [list(start[i]) if start is not None else [] for i in range(n)]
    for row in best:
        heapq.heapify(row)
    for (i, j), s in edges.items():
        for a in (i, j):
            row = best[a]
            if len(row) < k:
                heapq.heappush(row, s)
            elif s > row[0]:
                heapq.heapreplace(row, s)
    return best


def hub_excess(neighbours: Sequence[float], k: int, base: float) -> float:
    """How much of a hub an article is: the mean of its k best similarities
    (missing ones count as 0) above base."""
    return max(0.0, sum(neighbours) / k - base)


def adjusted_edges(
    edges: Edges,
    excess: Sequence[float],
    dates: Sequence[datetime | None],
    hub_cap: float,
    grace_days: float,
    halving_days: float,
    min_sim: float,
) -> Edges:
    """Similarities less the pair's mean hub excess (at most hub_cap), damped
    by their date gap; those left under min_sim are dropped."""
    out: Edges = {}
    for (i, j), s in edges.items():
        s -= min(hub_cap, (excess[i] + excess[j]) / 2)
        s *= date_factor(dates[i], dates[j], grace_days, halving_days)
        if s >= min_sim:
            out[(i, j)] = s
    return out


@dataclass
class Cluster:
    members: list[int]
    fixed: str | None = None  # an existing event's id: two such clusters never merge
    links: dict[int, float] = field(default_factory=dict)  # other cluster -> sum of similarities


def agglomerate(n: int, edges: Edges, threshold: float, fixed: dict[int, str] | None = None) -> list[Cluster]:
    """Average-link agglomeration over a sparse graph (a missing edge is a
    similarity of 0) until no two clusters average threshold or more.
    Articles in fixed start in the cluster of their event."""
    fixed = fixed or {}
    clusters: dict[int, Cluster] = {}
    home: dict[int, int] = {}
    by_event: dict[str, int] = {}
    for i in range(n):
        event = fixed.get(i)
        if event is not None and event in by_event:
            home[i] = by_event[event]
            clusters[home[i]].members.append(i)
            continue
        clusters[i] = Cluster([i], event)
        home[i] = i
        if event is not None:
            by_event[event] = i
    for (i, j), s in edges.items():
        ci, cj = home[i], home[j]
        if ci != cj:
            clusters[ci].links[cj] = clusters[ci].links.get(cj, 0.0) + s
            clusters[cj].links[ci] = clusters[cj].links.get(ci, 0.0) + s

    def average(ci: int, cj: int) -> float:
        return clusters[ci].links.get(cj, 0.0) / (len(clusters[ci].members) * len(clusters[cj].members))

    def may_merge(ci: int, cj: int) -> bool:
        return not (clusters[ci].fixed and clusters[cj].fixed)

    heap = [
        (-average(ci, cj), ci, cj) for ci, c in clusters.items() for cj in c.links if ci < cj and may_merge(ci, cj)
    ]
    heapq.heapify(heap)
    while heap:
        neg, ci, cj = heapq.heappop(heap)
        if -neg < threshold:
            break
        if ci not in clusters or cj not in clusters or abs(average(ci, cj) + neg) > 1e-12:
            continue  # gone, or a stale entry (a newer one is in the heap)
        a, b = clusters[ci], clusters[cj]
        if b.fixed or (not a.fixed and len(b.members) > len(a.members)):
            ci, cj, a, b = cj, ci, b, a  # keep the existing event's (or the larger) cluster
        a.members += b.members
        a.fixed = a.fixed or b.fixed
        for k, s in b.links.items():
            if k == ci:
                continue
            a.links[k] = a.links.get(k, 0.0) + s
            other = clusters[k]
            other.links.pop(cj, None)
            other.links[ci] = other.links.get(ci, 0.0) + s
        a.links.pop(cj, None)
        del clusters[cj]
        for k in a.links:
            if may_merge(ci, k):
                avg = average(ci, k)
                if avg >= threshold:
                    heapq.heappush(heap, (-avg, min(ci, k), max(ci, k)))
    return list(clusters.values())
