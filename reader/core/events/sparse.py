"""grouping.cosine_edges between every two articles, as sparse matrix products.

The same pairs and the same cosines as the pure Python search it replaces
(grouping.all_pairs_reference): the articles' unit vectors become the rows
of a CSR matrix; the rare terms' part of the cosines (terms in at most
max_df vectors) is a product of that matrix's rare columns, block by block
of articles in day order, each block against the articles of its date
window before it (undated ones, last, against every article before them);
a pair is seen from the side of its later article, which keeps at most
MAX_CANDIDATES candidates whose rare terms give min_sim, the most
promising (ties: the earlier article), and their exact cosines are row
products of the whole matrix. The loops are numpy's and scipy's (C), which
is what makes the first grouping of 25,000 articles take seconds.

numpy and scipy are imported by the caller, inside the events computation,
so that starting the app does not pay for them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import chain

import numpy as np
from scipy import sparse

from reader.core.events.rows import LazyDict

_BLOCK = 2000  # articles whose candidates are found in one product
_ROWS = 64  # later articles whose pairs' exact cosines are computed at a time (exact_cosines)


class Pairs(LazyDict):
    """all_pairs' edges, {(i, j): cosine} with i < j: kept as arrays
    (arrays: i, j and the cosines, in the dict's order) until read as a
    dict. A first grouping reads them only as arrays (grouping.neighbour_lists,
    grouping.screen), and building the dict of 270,000 pairs of 25,000
    articles, then arrays again, cost a tenth of a second each way."""

    __slots__ = ("arrays",)

    def __init__(self, low: np.ndarray, high: np.ndarray, sims: np.ndarray):
        super().__init__()
        self.arrays: tuple[np.ndarray, np.ndarray, np.ndarray] | None = (low, high, sims)

    def _fill(self) -> None:
        arrays = self.arrays
        if arrays is not None:
            self.arrays = None
            low, high, sims = arrays
            dict.update(self, zip(zip(low.tolist(), high.tolist()), sims.tolist()))

    def __len__(self) -> int:
        return len(self.arrays[2]) if self.arrays is not None else dict.__len__(self)

    # What changes the dict reads it first (the arrays are then gone).
    def __setitem__(self, key, value) -> None:
        dict.__setitem__(self._filled(), key, value)

    def __delitem__(self, key) -> None:
        dict.__delitem__(self._filled(), key)

    def update(self, *args, **kwargs) -> None:
        dict.update(self._filled(), *args, **kwargs)

    def pop(self, *args):
        return dict.pop(self._filled(), *args)

    def popitem(self):
        return dict.popitem(self._filled())

    def setdefault(self, key, default=None):
        return dict.setdefault(self._filled(), key, default)

    def clear(self) -> None:
        self.arrays = None
        dict.clear(self)

    def __ior__(self, other):
        self.update(other)
        return self


def matrix(vectors: Sequence[dict[str, float]]) -> sparse.csr_matrix:
    """The vectors as rows of a CSR matrix (a column per term, in order of
    first use). Vectors still in their stored form (rows.Vector.packed:
    every one, in a first grouping) are read from it: one split of all
    their terms and their weights' bytes as they are, no dict, no float
    object (the same matrix)."""
    packed = _packed(vectors)
    indices = None
    if packed is not None:
        blobs = [b for _, b in packed]
        data = np.frombuffer(b"".join(blobs), dtype=np.float64).copy()  # sort_indices writes to it
        sizes = [len(b) >> 3 for b in blobs]
        indices, columns = _columns(vectors, len(data))
    if indices is None:
        if packed is not None:
            terms = " ".join(filter(None, [t for t, _ in packed])).split(" ") if data.size else []
        else:
            terms = list(chain.from_iterable(vectors))
            data = np.fromiter(chain.from_iterable(map(dict.values, vectors)), dtype=np.float64, count=len(terms))
            sizes = [len(v) for v in vectors]
        vocab = dict(zip(dict.fromkeys(terms), range(len(terms))))
        indices = np.fromiter(map(vocab.__getitem__, terms), dtype=np.int64, count=len(terms))
        columns = len(vocab)
    indptr = np.zeros(len(vectors) + 1, dtype=np.int64)
    np.cumsum(sizes, out=indptr[1:])
    x = sparse.csr_matrix((data, indices, indptr), shape=(len(vectors), max(columns, 1)))
    x.sort_indices()
    return x


def _columns(vectors: Sequence[dict[str, float]], size: int) -> tuple[np.ndarray | None, int]:
    """(each weight's column, the number of columns) from the terms' ids the
    vectors keep (rows.term_ids), numbered in order of first use as the
    terms would be: the same matrix, to the last bit of every product.
    (None, 0) when a vector keeps none."""
    found = [getattr(v, "ids", lambda: None)() for v in vectors]
    if any(ids is None for ids in found):
        return None, 0
    ids = np.frombuffer(b"".join(found), dtype=np.int64)
    if len(ids) != size:
        return None, 0
    numbered = _first_use(ids)
    if numbered is not None:
        return numbered
    # np.unique(ids, return_index=True, return_inverse=True) with one quick
    # sort, not its stable one (twice the time): a term's first use is the
    # least position among its equal ids.
    perm = np.argsort(ids)
    ordered = ids[perm]
    new = np.empty(len(ids), dtype=bool)
    new[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    first = np.minimum.reduceat(perm, np.flatnonzero(new)) if len(ids) else perm
    column = np.empty(len(first), dtype=np.int64)
    column[np.argsort(first)] = np.arange(len(first))
    out = np.empty(len(ids), dtype=np.int64)
    out[perm] = column[np.cumsum(new) - 1]
    return out, len(first)


def _first_use(ids: np.ndarray) -> tuple[np.ndarray, int] | None:
    """_columns' numbering with a sort of values, not an argsort (numpy's
    sort of integers is vectorised, its argsort is not: a tenth of the time
    for the 1.2 million ids of 25,000 articles): each id's low bits give way
    to its position, so that one sort orders the ids by their high bits,
    then by position, and a run's first is a term's first use. None where
    two distinct ids share their high bits (at 25,000 articles a chance of
    about 4 in 10,000): the argsort then."""
    n = len(ids)
    low = np.int64((1 << max(n.bit_length(), 1)) - 1)
    key = np.sort((ids & ~low) | np.arange(n, dtype=np.int64))
    at = key & low
    ordered = ids[at]
    new = np.empty(n, dtype=bool)
    new[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    high = key & ~low
    if not np.array_equal(new[1:], high[1:] != high[:-1]):
        return None
    first = at[new]
    column = np.empty(len(first), dtype=np.int64)
    column[np.argsort(first)] = np.arange(len(first))
    out = np.empty(n, dtype=np.int64)
    out[at] = column[np.cumsum(new) - 1]
    return out, len(first)


def _packed(vectors: Sequence[dict[str, float]]) -> list[tuple[str, bytes]] | None:
    """Each vector's stored form, if every one has it."""
    out = []
    for v in vectors:
        packed = getattr(v, "packed", None)
        found = packed() if packed is not None else None
        if found is None:
            return None
        out.append(found)
    return out


def all_pairs(
    vectors: Sequence[dict[str, float]],
    min_sim: float,
    max_df: int,
    max_candidates: int,
    days: Sequence[int | None] | None,
    max_gap_days: float | None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[tuple[int, int], float]:
    n = len(vectors)
    if n < 2:
        return {}
    x = matrix(vectors)
    df = np.bincount(x.indices, minlength=x.shape[1])
    rare = x.copy()
    rare.data = np.where(df[rare.indices] <= max_df, rare.data, 0.0)
    rare.eliminate_zeros()
    windowed = days is not None and max_gap_days is not None
    dated = np.array([d is not None for d in days], dtype=bool) if windowed else np.zeros(n, dtype=bool)
    day = np.array([d if d is not None else 0 for d in days], dtype=np.int64) if windowed else np.zeros(n, np.int64)
    # In day order, undated last, ties in the articles' order (as sorted()).
    order = np.lexsort((np.arange(n), day, ~dated)) if windowed else np.arange(n)
    ordered = rare[order].tocsr()
    n_dated = int(dated.sum())
    sorted_days = day[order]
    blocks = [(a, min(a + _BLOCK, n_dated)) for a in range(0, n_dated, _BLOCK)]
    blocks += [(a, min(a + _BLOCK, n)) for a in range(n_dated, n, _BLOCK)]
    later_parts, earlier_parts, partial_parts = [], [], []
    for a, b in blocks:
        if progress:
            progress(a, n)
        # A dated article meets those of its window before it, an undated one every article before it.
        lo = int(np.searchsorted(sorted_days[:n_dated], sorted_days[a] - max_gap_days)) if a < n_dated else 0
        block = (ordered[a:b] @ ordered[lo:b].T).tocoo()
        later, earlier = block.row + a, block.col + lo
        keep = (earlier < later) & (block.data >= min_sim)
        if a < n_dated:
            keep &= sorted_days[later] - sorted_days[earlier] <= max_gap_days
        later_parts.append(later[keep])
        earlier_parts.append(earlier[keep])
        partial_parts.append(block.data[keep])
    later = order[np.concatenate(later_parts)]
    earlier = order[np.concatenate(earlier_parts)]
    partial = np.concatenate(partial_parts)
    # Each later article's most promising candidates: the highest rare
    # part first, ties to the earlier article (heapq.nlargest of (partial,
    # -j)). Only those of articles with more than max_candidates are sorted.
    many = np.bincount(later, minlength=n)[later] > max_candidates
    if many.any():
        crowd = np.flatnonzero(many)
        pick = crowd[np.lexsort((earlier[crowd], -partial[crowd], later[crowd]))]
        starts = np.r_[0, np.flatnonzero(np.diff(later[pick])) + 1]
        counts = np.diff(np.r_[starts, len(pick)])
        rank = np.arange(len(pick)) - np.repeat(starts, counts)
        chosen = np.concatenate([np.flatnonzero(~many), pick[rank < max_candidates]])
        later, earlier = later[chosen], earlier[chosen]
    sims = exact_cosines(x, later, earlier)
    keep = sims >= min_sim
    return Pairs(np.minimum(later, earlier)[keep], np.maximum(later, earlier)[keep], sims[keep])


def exact_cosines(x: sparse.csr_matrix, later: np.ndarray, earlier: np.ndarray) -> np.ndarray:
    """The cosine of each pair (later[k], earlier[k]) of x's rows (sorted
    indices): the same floats as x[later].multiply(x[earlier]).sum(axis=1),
    which copied both rows of every pair (270,000 pairs of 25,000 articles:
    0.9 s, most of the candidate search). Here the rows of _ROWS later
    articles at a time are spread into a dense table (a column per term
    they hold, and one of zeros for the terms they lack), and each earlier
    row, kept in a row of slots (its columns, then a column no row holds),
    is looked up in it: the products the element-wise product keeps (where
    both weigh a term, in the order of the columns), summed by the same CSR
    sum, left to right."""
    n, ncols = x.shape
    out = np.empty(len(later))
    if not len(later):
        return out
    indptr, indices, data = x.indptr.astype(np.int64), x.indices, x.data
    sizes = np.diff(indptr)
    top = max(int(sizes.max()), 1)
    row, slot = np.repeat(np.arange(n), sizes), np.arange(len(indices)) - np.repeat(indptr[:-1], sizes)
    slots = np.full((n, top), ncols, dtype=np.int32)
    slots[row, slot] = indices
    weights = np.zeros((n, top))
    weights[row, slot] = data
    order = np.argsort(later, kind="stable")
    ls, es = later[order], earlier[order]
    firsts = np.arange(0, n, _ROWS)
    lasts = np.minimum(firsts + _ROWS, n)
    bounds = np.searchsorted(ls, np.r_[firsts, n])
    width = int(np.max(indptr[lasts] - indptr[firsts])) + 1  # the last column: zeros
    table = np.zeros(_ROWS * width)
    column = np.full(ncols + 1, width - 1, dtype=np.int64)  # a term's column in the table
    products, columns, counts = [], [], []
    for r0, r1, p0, p1 in zip(firsts.tolist(), lasts.tolist(), bounds[:-1].tolist(), bounds[1:].tolist()):
        if p0 == p1:
            continue
        a, b = indptr[r0], indptr[r1]
        terms = indices[a:b]
        column[terms] = np.arange(b - a)  # a term held twice gets one column, whichever
        spread = np.repeat(np.arange(r1 - r0) * width, sizes[r0:r1]) + column[terms]
        table[spread] = data[a:b]
        e = es[p0:p1]
        cols = slots[e]
        found = table[column[cols] + ((ls[p0:p1] - r0) * width)[:, None]]
        both = found != 0
        products.append(found[both] * weights[e][both])
        columns.append(cols[both])
        counts.append(np.count_nonzero(both, axis=1))
        table[spread] = 0.0
        column[terms] = width - 1
    kept = np.zeros(len(later) + 1, dtype=np.int64)
    np.cumsum(np.concatenate(counts), out=kept[1:])
    pairs = sparse.csr_matrix((np.concatenate(products), np.concatenate(columns), kept), shape=(len(later), ncols))
    out[order] = np.asarray(pairs.sum(axis=1)).ravel()
    return out
