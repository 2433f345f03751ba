"""Average-link agglomeration over a sparse graph of similarities (a
missing edge is a similarity of 0), and the groups its edges near the
threshold join: what grouping.py's corrected similarities become events by.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

Edges = dict[tuple[int, int], float]  # (i, j) with i < j -> similarity


@dataclass
class Cluster:
    members: list[int]
    fixed: str | None = None  # an existing event's id: two such clusters never merge
    links: dict[int, float] = field(default_factory=dict)  # other cluster -> sum of similarities
    first: int | None = None  # the earliest and latest day of its dated members (agglomerate's days)
    last: int | None = None


def agglomerate(n: int, edges: Edges, threshold: float, fixed: dict[int, str] | None = None,
                days: Sequence[int | None] | None = None, span: float | None = None,
                labels: dict[int, str] | None = None) -> list[Cluster]:
    """Average-link agglomeration over a sparse graph (a missing edge is a
    similarity of 0) until no two clusters average threshold or more.
    Articles in fixed start in the cluster of their event; those in labels
    start alone, labelled with theirs (an incremental grouping's stored
    reports, whose event may come apart): two clusters of other events
    never merge either way.

    days, span: each article's day (None: undated) and the most days a
    group's dated reports may lie apart. Two reports that far apart have no
    similarity at all (their date factor keeps it under min_edge), but an
    average counts a missing edge only as one zero among many: a storyline's
    days months apart were joined through an undated report, or through the
    days between, one group holding what no pair of its ends says is one
    happening."""
    fixed = fixed or {}
    clusters: dict[int, Cluster] = {}
    home: dict[int, int] = {}
    by_event: dict[str, int] = {}
    for i in range(n):
        event = fixed.get(i)
        if event is not None and event in by_event:
            home[i] = by_event[event]
            clusters[home[i]].members.append(i)
            if days is not None:
                _widen(clusters[home[i]], days[i], days[i])
            continue
        clusters[i] = Cluster([i], event if event is not None or labels is None else labels.get(i))
        home[i] = i
        if days is not None:
            clusters[i].first = clusters[i].last = days[i]
        if event is not None:
            by_event[event] = i
    for (i, j), s in _may_join(edges, threshold, home).items():
        ci, cj = home[i], home[j]
        if ci != cj:
            links = clusters[ci].links
            links[cj] = links.get(cj, 0.0) + s
            links = clusters[cj].links
            links[ci] = links.get(ci, 0.0) + s

    def average(ci: int, cj: int) -> float:
        return clusters[ci].links.get(cj, 0.0) / (len(clusters[ci].members) * len(clusters[cj].members))

    # Only pairs that may merge now: one under threshold would end the loop
    # below when popped, after every pair over it.
    heap = []
    for ci, c in clusters.items():
        for cj, s in c.links.items():
            if ci < cj and not _apart(c, clusters[cj]):
                avg = s / (len(c.members) * len(clusters[cj].members))
                if avg >= threshold:
                    heap.append((-avg, ci, cj))
    heapq.heapify(heap)
    while heap:
        neg, ci, cj = heapq.heappop(heap)
        if ci not in clusters or cj not in clusters or abs(average(ci, cj) + neg) > 1e-12:
            continue  # gone, or a stale entry (a newer one is in the heap)
        a, b = clusters[ci], clusters[cj]
        if span is not None and _too_long(a, b, span):
            continue  # never: either only grows
        if b.fixed or (not a.fixed and len(b.members) > len(a.members)):
            ci, cj, a, b = cj, ci, b, a  # keep the existing event's (or the larger) cluster
        a.members += b.members
        a.fixed = a.fixed or b.fixed
        _widen(a, b.first, b.last)
        for k, s in b.links.items():
            if k == ci:
                continue
            a.links[k] = a.links.get(k, 0.0) + s
            other = clusters[k].links
            other.pop(cj, None)
            other[ci] = other.get(ci, 0.0) + s
        a.links.pop(cj, None)
        del clusters[cj]
        size = len(a.members)
        for k, s in a.links.items():
            other = clusters[k]
            if not _apart(a, other):
                avg = s / (size * len(other.members))
                if avg >= threshold:
                    heapq.heappush(heap, (-avg, min(ci, k), max(ci, k)))
    return list(clusters.values())


def keepers(clusters: Sequence[Cluster], m: int, named: Callable[[int, str], bool]) -> dict[str, int]:
    """Which cluster keeps each existing event's id (clusters of agglomerate's
    labels; their first m articles labelled) where the event came apart: the
    one holding the article it is named after (named(article, event)), else
    the one with most of its articles. The other parts are new events, named
    after their first article: no event's name, as the founder stays in its own."""
    out: dict[str, tuple[tuple, int]] = {}
    for k, c in enumerate(clusters):
        labelled = [i for i in c.members if i < m]
        if labelled:
            key = (any(named(i, c.fixed) for i in labelled), len(labelled), -min(labelled))
            if c.fixed not in out or key > out[c.fixed][0]:
                out[c.fixed] = (key, k)
    return {e: k for e, (_, k) in out.items()}


def _apart(a: Cluster, b: Cluster) -> bool:
    """Of two existing events (one event's reports start in one cluster, or
    apart with its label: then its parts may join again)."""
    return bool(a.fixed and b.fixed and a.fixed != b.fixed)


def _widen(c: Cluster, first: int | None, last: int | None) -> None:
    if first is not None:
        c.first = first if c.first is None else min(c.first, first)
        c.last = last if c.last is None else max(c.last, last)


def _too_long(a: Cluster, b: Cluster, span: float) -> bool:
    """Would a and b together hold dated reports more than span days apart?"""
    if a.first is None or b.first is None:
        return False
    return max(a.last, b.last) - min(a.first, b.first) > span


def _may_join(edges: Edges, threshold: float, home: dict[int, int]) -> Edges:
    """The edges inside the groups that edges of about threshold or more
    join (with the articles of one existing event, home: article -> its
    first cluster): an average of threshold needs one such edge between two
    clusters, so that no cluster ever takes in an article of another group,
    and the rest only cost time."""
    root = _joined(edges, threshold, {i: c for i, c in home.items() if i != c})
    return {pair: s for pair, s in edges.items() if root(pair[0]) == root(pair[1])}


def together(edges: Edges, threshold: float, fixed: dict[int, str] | None = None) -> Callable[[int, int], bool]:
    """Whether two articles are in one of the groups _may_join keeps for
    agglomerate(n, edges, threshold, fixed): edges of two articles that are
    not are never read, and an edge under threshold joins no group."""
    root = roots(edges, threshold, fixed)
    return lambda i, j: root(i) == root(j)


def roots(edges: Edges, threshold: float, fixed: dict[int, str] | None = None) -> Callable[[int], int]:
    """Each article's group as together finds them: one article of it."""
    first: dict[str, int] = {}
    return _joined(edges, threshold, {i: c for i, e in sorted((fixed or {}).items()) if (c := first.setdefault(e, i)) != i})


def join_cut(threshold: float) -> float:
    """The similarity from which an edge joins two groups: a millionth under
    threshold, far more than a float sum of similarities can be off."""
    return threshold * (1 - 1e-6)


def _joined(edges: Edges, threshold: float, parent: dict[int, int]) -> Callable[[int], int]:
    """Each article's group (its root) once the edges of join_cut(threshold)
    or more have joined them, starting from parent (article -> another of
    its group)."""
    cut = join_cut(threshold)

    def root(x: int) -> int:
        top = x
        while top in parent:
            top = parent[top]
        while x != top:  # shorten the path for the next look-up
            parent[x], x = top, parent[x]
        return top

    for (i, j), s in edges.items():
        if s >= cut:
            ri, rj = root(i), root(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)
    return root
