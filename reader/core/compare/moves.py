"""Passages one report gives in another place than the other: one entry per
run of consecutive moved sentences, not one per sentence."""

from __future__ import annotations

from collections.abc import Sequence

from reader.core.compare.align import Pair
from reader.core.compare.model import Move
from reader.core.text.sentences import Sentence

GAP = 1  # sentences one side adds inside a moved passage that keep it one run


def moved_runs(pairs: Sequence[Pair], sa: Sequence[Sentence], sb: Sequence[Sentence]) -> list[Move]:
    runs: list[list[int]] = []
    for k, p in enumerate(pairs):
        if not p.moved:
            continue
        if runs:
            last = pairs[runs[-1][-1]]
            if 0 < p.a[0] - last.a[-1] <= GAP + 1 and 0 < p.b[0] - last.b[-1] <= GAP + 1:
                runs[-1].append(k)
                continue
        runs.append([k])
    out = []
    for run in runs:
        ia = tuple(i for k in run for i in pairs[k].a)
        ib = tuple(j for k in run for j in pairs[k].b)
        out.append(Move(tuple(run), (sa[ia[0]].start, sa[ia[-1]].end), (sb[min(ib)].start, sb[max(ib)].end),
                        ia, tuple(sorted(ib))))
    return out
