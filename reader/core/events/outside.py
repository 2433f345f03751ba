"""Each report's background measured outside its group (cluster.corrected_clusters'
second pass): its similarities to the other reports of the group it was
put in are left out of the list the background is read from.

A large event's reports are each only a little similar to some of its
others (the aid announced on the fifth day of a flood and the first day's
levee breach), under the share of the best similarity that marks a likely
fellow report (grouping.background), so the first pass counts them as
background: the more reports an event has, the more of it. The sibling cut
stays where the whole list puts it; only the group's own reports go.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Protocol

from reader.core.events import grouping, linkage
from reader.core.events.scoring import day_bound

# Two floats of one cosine, summed in other orders (the candidates' matrix
# products, a stored report's cosine with its event's others), differ in
# their last bits; two cosines of other pairs this close are one value.
_SAME = 1e-9


class Settings(Protocol):
    threshold: float
    sibling_ratio: float
    sibling_floor: float
    background_k: int
    background_base: float
    background_weight: float
    agreed_background: float
    min_edge: float
    date_grace_days: float
    date_halving_days: float
    max_gap_days: float  # also the most days one group's dated reports lie apart (linkage.agglomerate)


def backgrounds_outside(docs: Sequence, edges: grouping.Edges, fixed: dict[int, str], clusters: Sequence[grouping.Cluster],
                        best: Sequence[list[float]], bg: Sequence[float], s: Settings) -> list[float] | None:
    """Each doc's background with the similarities to its group's others
    (clusters) left out of its list (best); None where none changes (no
    group of several, or their similarities all above the sibling cut or
    beyond the list). bg: the backgrounds of the whole lists."""
    group: dict[int, int] = {}
    for k, c in enumerate(clusters):
        if len(c.members) > 1:
            for i in c.members:
                group[i] = k
    if not group:
        return None
    mates = _mates(docs, edges, fixed, clusters, group, s)
    out = list(bg)
    changed = False
    for i, sims in mates.items():
        value = _background(best[i], sims, s)
        if value != out[i]:
            out[i], changed = value, True
    return out if changed else None


def _mates(docs: Sequence, edges: grouping.Edges, fixed: dict[int, str], clusters: Sequence[grouping.Cluster],
           group: dict[int, int], s: Settings) -> dict[int, list[float]]:
    """doc -> its similarities to the other docs of its group: from the
    edges, and between the stored members of one existing event (fixed), whose
    similarities an incremental grouping's edges do not hold, from their
    vectors, for those in an edge (the only ones whose background is read)."""
    mates: dict[int, list[float]] = defaultdict(list)
    arrays = getattr(edges, "arrays", None)  # sparse.Pairs: a first grouping's, read as arrays
    if arrays is not None:
        import numpy as np  # as grouping.edge_arrays: only inside the events computation

        low, high, sims = arrays
        codes = np.full(len(docs), -1, dtype=np.int64)
        codes[list(group)] = list(group.values())
        inside = (codes[low] == codes[high]) & (codes[low] >= 0)
        pairs = zip(low[inside].tolist(), high[inside].tolist(), sims[inside].tolist())
    else:
        pairs = ((i, j, sim) for (i, j), sim in edges.items() if group.get(i, -1) == group.get(j, -2))
    for i, j, sim in pairs:
        mates[i].append(sim)
        mates[j].append(sim)
    if fixed:
        ends = {k for pair in edges for k in pair if k in fixed and k in group}
        for i in sorted(ends):
            for j in clusters[group[i]].members:
                if j != i and j in fixed and fixed[j] == fixed[i]:
                    sim = grouping.cosine(docs[i].vector, docs[j].vector)
                    if sim >= s.min_edge:
                        mates[i].append(sim)
    return mates


def _background(row: list[float], left_out: list[float], s: Settings) -> float:
    """grouping.background of row (highest first) with the values of left_out
    taken out of it, the sibling cut read from the whole row."""
    if not row:
        return 0.0
    cut = max(s.sibling_floor, s.sibling_ratio * row[0])
    rest = list(row)
    for sim in left_out:
        if sim >= cut:
            continue  # a sibling either way: the background after them is the same
        k = min(range(len(rest)), key=lambda x: abs(rest[x] - sim))
        if abs(rest[k] - sim) <= _SAME:
            del rest[k]
    siblings = 0
    while siblings < len(rest) and rest[siblings] >= cut:
        siblings += 1
    return sum(rest[siblings : siblings + s.background_k]) / s.background_k


def regrouped(docs: Sequence, edges: grouping.Edges, fixed: dict[int, str], bg: Sequence[float], again: Sequence[float],
              clusters: list[grouping.Cluster], read: tuple[dict, dict], s: Settings,
              correct: Callable[[int, int, float, float], float],
              labels: dict[int, str] | None = None) -> list[grouping.Cluster]:
    """The groups once more with the backgrounds again (bg: the first pass's;
    clusters and read: its groups, its pairs' corrected similarities read and
    the (similarity, over) of those not read; correct(i, j, sim, over): a
    pair's corrected similarity, its rules read once). Only the pairs of a doc
    whose background changed are corrected again, and only the groups of the
    edges that may join (linkage.together) holding such a doc agglomerated
    again: a group's agglomeration depends on its own edges alone, and the
    others' are the first pass's, which is what grouping them all again gave
    (the tests hold the two alike); the groups in the order agglomerate gives
    them (by the first of their members); labels: as linkage.agglomerate's."""
    values, unread = dict(read[0]), dict(read[1])
    changed = [k for k, (a, b) in enumerate(zip(bg, again)) if a != b]
    base, weight, kept, min_edge = s.background_base, s.background_weight, s.agreed_background, s.min_edge
    cut = grouping.join_cut(s.threshold)
    for i, j, sim in _touching(edges, changed, len(docs)):
        pair = (i, j)
        values.pop(pair, None)
        unread.pop(pair, None)
        over = (again[i] + again[j]) / 2 - base
        if over > 0 and sim - weight * over * kept < min_edge:
            continue  # as grouping.screen: under min_edge however much they agree
        bound = sim - weight * (over * kept) if over > 0 else sim
        joins = bound >= cut
        if joins and (d := day_bound(docs[i], docs[j], s)) < 1.0 and (sim - weight * over if over > 0 else sim) * d < cut:
            joins = False
        if joins:
            values[pair] = correct(i, j, sim, over)
        else:
            unread[pair] = (sim, over)
    root = linkage.roots(values, s.threshold, fixed)
    for (i, j), (sim, over) in unread.items():
        if root(i) == root(j):
            values[(i, j)] = correct(i, j, sim, over)
    moved = {root(k) for k in changed}
    again_in = sorted(k for k in range(len(docs)) if root(k) in moved)
    local = {k: n for n, k in enumerate(again_in)}
    sub = {}
    for i, j, _ in _touching(edges, again_in, len(docs), both=True):
        if (v := values.get((i, j), 0.0)) >= min_edge:
            sub[(local[i], local[j])] = v  # in edges' order, as the first pass
    regrown = linkage.agglomerate(len(again_in), sub, s.threshold, {local[k]: e for k, e in fixed.items() if k in local},
                                  [docs[k].day for k in again_in], s.max_gap_days,
                                  {local[k]: e for k, e in labels.items() if k in local} if labels else None)
    out = [c for c in clusters if c.members[0] not in local]
    for c in regrown:
        c.members = [again_in[n] for n in c.members]
        c.links = {}
        out.append(c)
    return sorted(out, key=lambda c: c.members[0])


def _touching(edges: grouping.Edges, docs: Sequence[int], n: int, both: bool = False):
    """(i, j, similarity) of the edges with an end (both: both ends) among docs, in the edges' order."""
    arrays = getattr(edges, "arrays", None)
    if arrays is None:
        wanted = set(docs)
        if both:
            return [(i, j, sim) for (i, j), sim in edges.items() if i in wanted and j in wanted]
        return [(i, j, sim) for (i, j), sim in edges.items() if i in wanted or j in wanted]
    import numpy as np  # as grouping.edge_arrays

    low, high, sims = arrays
    mark = np.zeros(n, dtype=bool)
    mark[list(docs)] = True
    pick = (mark[low] & mark[high]) if both else (mark[low] | mark[high])
    return list(zip(low[pick].tolist(), high[pick].tolist(), sims[pick].tolist()))
