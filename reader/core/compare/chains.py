"""Chains of aligned pairs in reading order on both sides: what stays in
place, the rest being moved (align.py)."""

from __future__ import annotations

import bisect


def longest_chain(values: list[int]) -> list[int]:
    """Positions of a longest strictly increasing subsequence of values."""
    tails: list[int] = []  # values
    tails_at: list[int] = []  # their positions
    back = [-1] * len(values)
    for k, v in enumerate(values):
        t = bisect.bisect_left(tails, v)
        if t == len(tails):
            tails.append(v)
            tails_at.append(k)
        else:
            tails[t] = v
            tails_at[t] = k
        back[k] = tails_at[t - 1] if t > 0 else -1
    out = []
    k = tails_at[-1] if tails_at else -1
    while k >= 0:
        out.append(k)
        k = back[k]
    return out[::-1]


def heaviest_chain(values: list[int], weights: list[float]) -> list[int]:
    """Positions of a strictly increasing subsequence of values whose weights
    sum the most (ties: the earlier chain), in O(n log n): a Fenwick tree of
    the best chain ending at each value."""
    rank = {v: r + 1 for r, v in enumerate(sorted(set(values)))}
    size = len(rank)
    tree: list[tuple[float, int]] = [(0.0, -1)] * (size + 1)  # (best sum, its last position)
    best_at = [0.0] * len(values)
    back = [-1] * len(values)
    for k, v in enumerate(values):
        r, best, prev = rank[v] - 1, 0.0, -1
        while r > 0:  # the best chain ending below v
            if tree[r][0] > best:
                best, prev = tree[r]
            r -= r & -r
        best_at[k], back[k] = best + weights[k], prev
        r = rank[v]
        while r <= size:
            if best_at[k] > tree[r][0]:
                tree[r] = (best_at[k], k)
            r += r & -r
    if not values:
        return []
    k = max(range(len(values)), key=lambda i: (best_at[i], -i))
    out = []
    while k >= 0:
        out.append(k)
        k = back[k]
    return out[::-1]
