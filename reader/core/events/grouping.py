"""The arithmetic of event grouping: sparse cosines through an inverted
index, the background (hubness) and date corrections; the average-link
agglomeration is linkage.py's (its names are those of this module too).

Vectors are dicts of term -> weight with unit length. cluster.py decides what
goes into them, index.py keeps the results; this module only computes.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from datetime import datetime
from itertools import chain

# linkage's, read as grouping's by cluster.py and the benches
from reader.core.events.linkage import Cluster, Edges, agglomerate, join_cut, together  # noqa: F401

# An article gets exact cosines with at most this many of the candidates
# its rare terms find, the most promising: in a large collection a template
# (a weekly statistic, an earnings line) finds hundreds.
MAX_CANDIDATES = 40
# A term in more vectors than this is a topic's, not an event's: it adds to a
# cosine but finds no candidates. One figure for any collection (it was
# n/100 between 40 and 100: at 25,000 articles that made the candidate
# search cost six times as much, for pairs sharing only such terms).
MAX_DF = 40
# From this many edges neighbour_lists sorts them all at once with numpy
# (the first grouping of a large collection); below, in Python.
_SORTED_BY_NUMPY = 20_000


def cosine(u: dict[str, float], v: dict[str, float]) -> float:
    """Summed in the order of u's terms: the order of a set of strings
    changes from run to run (hash seeds), and with it the last bits of the
    sum, which once decided the title of an event of two reports."""
    if len(v) < len(u):
        u, v = v, u
    return sum([w * v[t] for t, w in u.items() if t in v])


def naive(d: datetime | None) -> datetime | None:
    return d.replace(tzinfo=None) if d is not None and d.tzinfo is not None else d


def day_factor(gap_days: float, grace_days: float, halving_days: float) -> float:
    """1 within grace_days; then halves every halving_days."""
    if gap_days <= grace_days:
        return 1.0
    return 0.5 ** ((gap_days - grace_days) / halving_days)


def cosine_edges(
    vectors: Sequence[dict[str, float]],
    targets: Iterable[int] | None = None,
    min_sim: float = 0.03,
    max_df: int | None = None,
    days: Sequence[int | None] | None = None,
    max_gap_days: float | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Edges:
    """Cosines >= min_sim between the articles of targets (default: all) and
    every other article (progress(done, total) is told every few hundred).

    Candidates come from an inverted index on the rare terms (in at most
    max_df vectors, default MAX_DF): two reports of one event share names
    and details, not only "government" and "said", and the long postings of
    common terms are what would make this quadratic. A candidate whose rare
    terms alone give less than min_sim is dropped; the others (at most
    MAX_CANDIDATES, the most promising) get their exact cosine, the rare
    terms' part already summed and the common terms' added, unless both are
    dated (days: ordinal day numbers) more than max_gap_days apart. Over
    every pair (targets None, the first grouping) the same search is made
    with sparse matrix products (sparse.all_pairs).
    """
    max_df = MAX_DF if max_df is None else max_df
    dated = days if days is not None and max_gap_days is not None else None
    if targets is None:
        # numpy and scipy only here: the app's start-up does not pay for their import.
        from reader.core.events import sparse

        return sparse.all_pairs(vectors, min_sim, max_df, MAX_CANDIDATES, dated, max_gap_days, progress)
    rare, keys = _split(vectors, max_df)
    edges: Edges = {}
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, terms in enumerate(rare):
        for term, w in terms:
            postings[term].append((i, w))
    target_set = set(targets)
    for i in sorted(target_set):
        acc = defaultdict(float)
        for term, w in rare[i]:
            for j, wj in postings[term]:
                if j != i and not (j < i and j in target_set):  # itself, or counted from j's side
                    acc[j] += w * wj
        _exact(i, acc, vectors, keys, min_sim, dated, max_gap_days, edges)
    return edges


def _split(vectors: Sequence[dict[str, float]], max_df: int) -> tuple[list[list[tuple[str, float]]], list[frozenset[str]]]:
    """Each vector's rare terms with their weights (in the vector's order:
    sums alike in every run) and its common terms."""
    rare_terms = {t for t, n in Counter(chain.from_iterable(vectors)).items() if n <= max_df}
    rare = [[(t, w) for t, w in vec.items() if t in rare_terms] for vec in vectors]
    return rare, [frozenset(vec.keys() - rare_terms) for vec in vectors]


def all_pairs_reference(vectors: Sequence[dict[str, float]], min_sim: float = 0.03, max_df: int | None = None,
                        days: Sequence[int | None] | None = None, max_gap_days: float | None = None) -> Edges:
    """cosine_edges between every two articles in pure Python, what
    sparse.all_pairs computes with matrix products (the tests hold one to
    the other): each pair once, an article meeting those before it in the
    postings. Dated articles come in the order of their days and meet only
    those of the days max_gap_days before (a window: the rest could not be
    of their event), undated ones come last and meet every article."""
    rare, keys = _split(vectors, MAX_DF if max_df is None else max_df)
    days = days if days is not None and max_gap_days is not None else None
    edges: Edges = {}
    order = list(range(len(vectors)))
    if days is not None:
        order.sort(key=lambda i: (days[i] is None, days[i] or 0))
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)  # every article so far
    window: dict[str, deque[tuple[int, float]]] = defaultdict(deque)  # the dated ones of the last days
    for i in order:
        day = days[i] if days is not None else None
        acc: dict[int, float] = defaultdict(float)
        if day is None:
            for term, w in rare[i]:
                plist = postings[term]
                for j, wj in plist:
                    acc[j] += w * wj
                plist.append((i, w))
        else:
            oldest = day - max_gap_days
            for term, w in rare[i]:
                recent = window[term]
                while recent and days[recent[0][0]] < oldest:
                    recent.popleft()
                for j, wj in recent:
                    acc[j] += w * wj
                recent.append((i, w))
                postings[term].append((i, w))
        _exact(i, acc, vectors, keys, min_sim, days, max_gap_days, edges)
    return edges


def _exact(i: int, acc: dict[int, float], vectors: Sequence[dict[str, float]], keys: Sequence[frozenset[str]],
           min_sim: float, days: Sequence[int | None] | None, max_gap_days: float | None, edges: Edges) -> None:
    """The exact cosines of i's candidates (acc: j -> the rare terms' part;
    keys: each vector's common terms) whose rare terms alone give min_sim, at most MAX_CANDIDATES of them, the
    most promising, unless both are dated more than max_gap_days apart."""
    found = [(partial, -j) for j, partial in acc.items() if partial >= min_sim]
    if len(found) > MAX_CANDIDATES:
        found = heapq.nlargest(MAX_CANDIDATES, found)  # ties: the earlier article
    vi, ki = vectors[i], keys[i]
    day = days[i] if days is not None else None
    for partial, j in found:
        j = -j
        if day is not None and days[j] is not None and abs(day - days[j]) > max_gap_days:
            continue
        vj = vectors[j]
        s = partial + sum([vi[t] * vj[t] for t in ki & keys[j]])
        if s >= min_sim:
            edges[(i, j) if i < j else (j, i)] = s


def within_groups(docs: Sequence, groups: dict[int, str], min_sim: float, max_gap_days: float) -> Edges:
    """Cosines >= min_sim between every two docs of one group (groups: doc ->
    its group; an incremental grouping's stored reports and their events),
    dated ones no further than max_gap_days apart: every pair, where a first
    grouping's candidate search would find most (an event's reports are few)."""
    by_group: dict[str, list[int]] = defaultdict(list)
    for i, g in groups.items():
        by_group[g].append(i)
    out: Edges = {}
    for members in by_group.values():
        members.sort()
        for x, i in enumerate(members):
            vi, di = docs[i].vector, docs[i].day
            for j in members[x + 1 :]:
                dj = docs[j].day
                if di is not None and dj is not None and abs(di - dj) > max_gap_days:
                    continue
                sim = cosine(vi, docs[j].vector)
                if sim >= min_sim:
                    out[(i, j)] = sim
    return out


def cross_edges(
    new: Sequence[dict[str, float]],
    stored: Sequence[dict[str, float]],
    min_sim: float = 0.03,
    max_df: int | None = None,
    new_days: Sequence[int | None] | None = None,
    stored_days: Sequence[int | None] | None = None,
    max_gap_days: float | None = None,
    rare: AbstractSet[str] | None = None,
) -> dict[tuple[int, int], float]:
    """Cosines >= min_sim between each new vector and the stored ones:
    {(stored index, new index): cosine}, found as cosine_edges finds them
    (rare terms, then exact cosines for the most promising). rare: the new
    vectors' terms that fewer than max_df stored vectors hold, where stored
    is only the vectors holding one of them (postings.near): then those
    terms find the candidates, not the postings' lengths here."""
    wanted = set(chain.from_iterable(new)) if rare is None else set(rare)
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for j, vec in enumerate(stored):
        for t in vec.keys() & wanted:
            postings[t].append((j, vec[t]))
    max_df = MAX_DF if max_df is None else max_df
    out: dict[tuple[int, int], float] = {}
    for i, vec in enumerate(new):
        acc: dict[int, float] = defaultdict(float)
        for t, w in vec.items():
            plist = postings.get(t, ())
            if rare is not None or len(plist) < max_df:  # with the new article, at most max_df
                for j, wj in plist:
                    acc[j] += w * wj
        found = [(partial, -j) for j, partial in acc.items() if partial >= min_sim]
        if len(found) > MAX_CANDIDATES:
            found = heapq.nlargest(MAX_CANDIDATES, found)  # ties: the earlier article
        day = new_days[i] if new_days is not None and max_gap_days is not None else None
        for _, j in found:
            j = -j
            if day is not None and stored_days is not None and stored_days[j] is not None and abs(day - stored_days[j]) > max_gap_days:
                continue
            sim = cosine(vec, stored[j])
            if sim >= min_sim:
                out[(j, i)] = sim
    return out


def neighbour_lists(n: int, edges: Edges, keep: int, start: Sequence[list[float]] | None = None) -> list[list[float]]:
    """Each article's keep highest similarities (seeded with start), highest
    first."""
    if len(edges) >= _SORTED_BY_NUMPY:
        return _neighbour_lists_numpy(n, edges, keep, start)
    found: list[list[float]] = [list(start[i]) for i in range(n)] if start is not None else [[] for _ in range(n)]
    for (i, j), s in edges.items():
        found[i].append(s)
        found[j].append(s)
    return [sorted(row, reverse=True)[:keep] if len(row) > 1 else row[:keep] for row in found]


def _neighbour_lists_numpy(n: int, edges: Edges, keep: int, start: Sequence[list[float]] | None) -> list[list[float]]:
    """neighbour_lists with one sort of every similarity (the same floats,
    highest first): the first grouping's hundreds of thousands of edges."""
    import numpy as np  # only for large collections, inside the events computation: start-up does not pay for it

    low, high, sims = edge_arrays(edges)
    node, value = np.concatenate([low, high]), np.concatenate([sims, sims])
    if start is not None:
        seeded = np.repeat(np.arange(n, dtype=np.int64), [len(row) for row in start])
        node = np.concatenate([seeded, node])
        value = np.concatenate([np.fromiter(chain.from_iterable(start), dtype=np.float64, count=len(seeded)), value])
    # One sort of int keys (node, then rank of the value, highest first) is
    # five times quicker than lexsort's two; equal values are the same float.
    rank = np.empty(len(value), dtype=np.int64)
    rank[np.argsort(-value)] = np.arange(len(value))
    order = np.argsort(node * len(value) + rank)
    node, value = node[order], value[order]
    counts = np.bincount(node, minlength=n)
    first = np.zeros(n, dtype=np.int64)
    np.cumsum(counts[:-1], out=first[1:])
    kept = np.arange(len(node)) - np.repeat(first, counts) < keep
    values = value[kept].tolist()
    bounds = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.minimum(counts, max(keep, 0)), out=bounds[1:])
    bounds = bounds.tolist()
    return [values[a:b] for a, b in zip(bounds, bounds[1:])]


def edge_arrays(edges: Edges):
    """(i, j, similarity) of every edge as numpy arrays, in the edges' order."""
    import numpy as np  # only for large collections, inside the events computation: start-up does not pay for it

    found = getattr(edges, "arrays", None)  # sparse.Pairs
    if found is not None:
        return found
    m = len(edges)
    ends = np.fromiter(chain.from_iterable(edges), dtype=np.int64, count=2 * m)
    return ends[0::2], ends[1::2], np.fromiter(edges.values(), dtype=np.float64, count=m)


def best_across(n: int, edges: Edges, groups: Sequence[str]) -> list[float]:
    """Each of n articles' highest similarity over its edges with an
    article of another group (groups: a label per article, "" for none: no
    other's), 0.0 where it has none. With numpy for a first grouping's
    edges (sparse.Pairs): the same floats."""
    out = [0.0] * n
    if getattr(edges, "arrays", None) is None:
        for (i, j), sim in edges.items():
            gi, gj = groups[i], groups[j]
            if gi != gj and gi and gj:
                if sim > out[i]:
                    out[i] = sim
                if sim > out[j]:
                    out[j] = sim
        return out
    import numpy as np  # as edge_arrays

    low, high, sims = edges.arrays
    labels: dict[str, int] = {"": -1}
    codes = np.array([labels.setdefault(g, len(labels)) for g in groups], dtype=np.int64)
    a, b = codes[low], codes[high]
    apart = (a != b) & (a >= 0) & (b >= 0)
    best = np.zeros(n)
    np.maximum.at(best, low[apart], sims[apart])
    np.maximum.at(best, high[apart], sims[apart])
    return best.tolist()


def screen(edges: Edges, background: Sequence[float], base: float, weight: float, agreed: float, min_edge: float,
           cut: float) -> list[tuple[int, int, float, float, bool]]:
    """(i, j, similarity, over, may join) of each edge that its background
    (over: the mean of its two articles' backgrounds past base) cannot keep
    under min_edge, in the edges' order: whether a background over 0 taken
    off in part (agreed) leaves it at cut or more. With numpy for a first
    grouping's edges (sparse.Pairs), the same floats."""
    if getattr(edges, "arrays", None) is None:
        out = []
        for (i, j), sim in edges.items():
            over = (background[i] + background[j]) / 2 - base
            if over > 0 and sim - weight * over * agreed < min_edge:
                continue
            out.append((i, j, sim, over, (sim - weight * (over * agreed) if over > 0 else sim) >= cut))
        return out
    import numpy as np  # as edge_arrays

    low, high, sims = edges.arrays
    bg = np.array(background, dtype=np.float64)
    over = (bg[low] + bg[high]) / 2 - base
    positive = over > 0
    keep = ~(positive & (sims - weight * over * agreed < min_edge))
    sims, over, positive = sims[keep], over[keep], positive[keep]
    joins = np.where(positive, sims - weight * (over * agreed), sims) >= cut
    return list(zip(low[keep].tolist(), high[keep].tolist(), sims.tolist(), over.tolist(), joins.tolist()))


def background(neighbours: Sequence[float], ratio: float, floor: float, k: int) -> float:
    """How similar an article is to what is not its own event: the mean of
    the k similarities after those of its likely fellow reports (at least
    floor and ratio times its best), missing ones counting 0.

    This is the hubness correction of cross-lingual retrieval (CSLS) made to
    hold for events of any size: an article on a crowded topic (the tenth
    report on a running story, the other of two similar quakes) has a high
    background, one alone on its topic a low one, and the reports of its own
    event, however many, do not count against it."""
    if not neighbours:
        return 0.0
    cut = max(floor, ratio * neighbours[0])
    siblings = 0
    while siblings < len(neighbours) and neighbours[siblings] >= cut:
        siblings += 1
    return sum(neighbours[siblings : siblings + k]) / k
