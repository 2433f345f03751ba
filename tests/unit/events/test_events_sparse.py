"""The first grouping's candidate cosines as sparse matrix products
(events/sparse.py) find the same pairs, with the same cosines, as the pure
Python search (grouping.all_pairs_reference); numpy and scipy are not
imported until events are computed."""

from __future__ import annotations

import math
import random
import subprocess
import sys

import pytest

from reader.core.events import grouping, sparse
from tests.conftest import REPO


def unit(raw: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in raw.values()))
    return {t: w / norm for t, w in raw.items()}


def collection(seed: int, n: int, vocabulary: int) -> tuple[list[dict[str, float]], list[int | None]]:
    """Vectors over a vocabulary of common and rare words, some undated,
    a few duplicates (exact ties between candidates)."""
    rng = random.Random(seed)
    vectors, days = [], []
    for i in range(n):
        if vectors and rng.random() < 0.1:
            k = rng.randrange(len(vectors))
            vectors.append(dict(vectors[k]))
            days.append(days[k])
            continue
        words = {f"w{int(rng.paretovariate(0.7)) % vocabulary}": rng.uniform(0.5, 3.0) for _ in range(rng.randint(1, 12))}
        vectors.append(unit(words))
        days.append(None if rng.random() < 0.3 else 730000 + rng.randrange(60))
    return vectors, days


def same(found: dict, expected: dict) -> None:
    assert found.keys() == expected.keys()
    for pair, sim in expected.items():
        assert found[pair] == pytest.approx(sim, abs=1e-12)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("dated", [True, False])
def test_sparse_pairs_are_the_reference_pairs(seed, dated):
    vectors, days = collection(seed, 700, 400)
    days_given = days if dated else None
    expected = grouping.all_pairs_reference(vectors, 0.03, 40, days_given, 14.0 if dated else None)
    assert len(expected) > 500  # the collection has pairs to find
    same(grouping.cosine_edges(vectors, None, 0.03, 40, days_given, 14.0 if dated else None), expected)


def test_candidate_cap_and_ties_as_the_reference(monkeypatch):
    """With few candidates allowed, each article keeps the same ones: the
    highest rare part, ties (duplicates) to the earlier article."""
    vectors, days = collection(7, 500, 150)
    monkeypatch.setattr(grouping, "MAX_CANDIDATES", 3)
    expected = grouping.all_pairs_reference(vectors, 0.05, 25, days, 10.0)
    found = sparse.all_pairs(vectors, 0.05, 25, 3, days, 10.0)
    uncapped = sparse.all_pairs(vectors, 0.05, 25, 1000, days, 10.0)
    assert len(uncapped) > len(found)  # the cap bites
    same(found, expected)


def test_small_and_empty_collections():
    assert sparse.all_pairs([], 0.03, 40, 40, None, None) == {}
    assert sparse.all_pairs([{"a": 1.0}], 0.03, 40, 40, [None], 5.0) == {}
    pair = sparse.all_pairs([{"a": 1.0}, {}, {"a": 0.6, "b": 0.8}], 0.03, 40, 40, [730000, None, 730001], 5.0)
    assert pair == {(0, 2): pytest.approx(0.6)}
    # dated more than the window apart: never compared
    assert sparse.all_pairs([{"a": 1.0}, {"a": 1.0}], 0.03, 40, 40, [730000, 730030], 5.0) == {}


def test_numpy_is_not_imported_at_start_up():
    code = ("import sys, reader.core.library, reader.core.events, reader.cli.commands, reader.ui.app; "
            "print(sorted(m for m in ('numpy', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.strip() == "[]"
