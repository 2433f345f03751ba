"""The first grouping's candidate cosines as sparse matrix products
(events/sparse.py) find the same pairs, with the same cosines, as the pure
Python search (grouping.all_pairs_reference); numpy and scipy are not
imported until events are computed."""

from __future__ import annotations

import math
import random
import subprocess
import sys
from array import array

import pytest

from reader.core.events import grouping, rows, sparse
from reader.core.events.features import Features
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


def stored(vector: dict[str, float]) -> rows.Vector:
    """vector as the first grouping reads it back from its row (unread)."""
    terms, weights = rows.encode_signature(Features({}), vector).split("\n")[:2]
    return rows.Vector(terms, weights)


def test_the_matrix_of_stored_vectors_is_the_matrix_of_their_dicts():
    vectors, days = collection(4, 300, 150)
    vectors[5] = {}  # a report without terms
    packed = [stored(v) for v in vectors]
    assert all(v.packed() is not None for v in packed)
    a, b = sparse.matrix(vectors), sparse.matrix(packed)
    assert (a.indptr == b.indptr).all() and (a.indices == b.indices).all() and (a.data == b.data).all()
    assert all(v.packed() is not None for v in packed)  # the matrix read them without making dicts
    assert sparse.all_pairs(packed, 0.03, 40, 40, days, 9.0) == sparse.all_pairs(vectors, 0.03, 40, 40, days, 9.0)
    mixed = [*packed[:10], vectors[10], *packed[11:]]  # one read already: the dicts' way, the same matrix
    assert (sparse.matrix(mixed).data == a.data).all()


def test_the_matrix_from_the_terms_ids_is_the_matrix_of_their_dicts():
    vectors, days = collection(5, 300, 150)
    vectors[7] = {}
    kept = [rows.split_signature(rows.encode_signature(Features({}), v))[0] for v in vectors]
    indices, columns = sparse._columns(kept, sum(map(len, vectors)))
    assert indices is not None and columns == len({t for v in vectors for t in v})  # read from the ids
    a, b = sparse.matrix(vectors), sparse.matrix(kept)
    assert a.shape == b.shape and (a.indptr == b.indptr).all() and (a.indices == b.indices).all()
    assert (a.data == b.data).all()
    assert sparse.all_pairs(kept, 0.03, 40, 40, days, 9.0) == sparse.all_pairs(vectors, 0.03, 40, 40, days, 9.0)
    assert sparse._columns([*kept[:3], stored(vectors[3]), *kept[4:]], 0) == (None, 0)  # one without ids: the terms' way
    assert kept[0] == vectors[0] and rows.split_signature(rows.encode_signature(Features({}), {}))[0].ids() == b""


def test_a_stored_vector_reads_as_its_dict():
    vector = {"quake": 0.8, "malatya": 0.6}
    v = stored(vector)
    assert list(v.values()) == [0.8, 0.6] and v.packed() is not None  # the weights alone leave it unread
    assert v == vector and list(v.items()) == list(vector.items()) and v.packed() is None
    assert stored(vector)["malatya"] == 0.6 and "quake" in stored(vector) and len(stored(vector)) == 2
    assert dict(stored(vector)) == vector and stored({}) == {} and list(stored({}).values()) == []
    assert stored({}).packed() == ("", b"")


def test_the_term_ids_kept_are_bounded_and_each_id_is_the_same_kept_or_not(monkeypatch):
    monkeypatch.setattr(rows, "_IDS", {})
    monkeypatch.setattr(rows, "IDS_KEPT", 10)
    terms = [f"term{i}" for i in range(25)]
    first = array("q", rows.term_ids(terms)).tolist()
    assert len(rows._IDS) == 10 and list(rows._IDS) == terms[:10]  # the first met stay, as a grouping meets them again
    assert array("q", rows.term_ids(terms)).tolist() == first
    monkeypatch.setattr(rows, "_IDS", {})
    assert array("q", rows.term_ids(reversed(terms))).tolist() == first[::-1]
    assert len(set(first)) == 25


def test_the_pairs_kept_as_arrays_read_as_the_dict_they_stand_for():
    """sparse.Pairs: the background screen and the neighbour lists read
    from its arrays what they read from the dict (the same floats, in the
    same order); anything that changes it makes it a dict first."""
    vectors, days = collection(4, 400, 300)
    found = sparse.all_pairs(vectors, 0.03, 40, 40, days, 14.0)
    assert found.arrays is not None and len(found) > 100 and found.arrays is not None  # len reads no dict
    plain = dict(found.items())
    assert found.arrays is None and found == plain and list(found) == list(plain)
    again = sparse.all_pairs(vectors, 0.03, 40, 40, days, 14.0)
    bg = [random.Random(i).uniform(0.0, 0.12) for i in range(len(vectors))]
    screened = grouping.screen(again, bg, 0.06, 5.5, 0.5, 0.03, 0.09)
    assert again.arrays is not None and screened == grouping.screen(plain, bg, 0.06, 5.5, 0.5, 0.03, 0.09)
    assert {joins for *_, joins in screened} == {True, False} and len(screened) < len(plain)
    assert [a.tolist() for a in grouping.edge_arrays(again)] == [a.tolist() for a in grouping.edge_arrays(plain)]
    assert grouping._neighbour_lists_numpy(len(vectors), again, 5, None) == grouping._neighbour_lists_numpy(
        len(vectors), plain, 5, None)
    outlets = [random.Random(-i).choice(["", "wire", "ledger", "post"]) for i in range(len(vectors))]
    assert grouping.best_across(len(vectors), again, outlets) == grouping.best_across(len(vectors), plain, outlets)
    assert again.arrays is not None and 0.0 < max(grouping.best_across(len(vectors), again, outlets))
    again[(0, 1)] = 0.5  # a write: read as a dict first, then written
    assert again.arrays is None and again == {**plain, (0, 1): 0.5}
    # the merge operators and reversed() read the arrays too (dict's own code reads the storage unbound)
    left = sparse.all_pairs(vectors, 0.03, 40, 40, days, 14.0) | {(0, 2): 0.25}
    right = {(0, 2): 0.25} | sparse.all_pairs(vectors, 0.03, 40, 40, days, 14.0)
    assert type(left) is dict and left == {**plain, (0, 2): 0.25}
    assert type(right) is dict and right == {(0, 2): 0.25, **plain}
    assert list(reversed(sparse.all_pairs(vectors, 0.03, 40, 40, days, 14.0))) == list(reversed(plain))
    grown = sparse.all_pairs(vectors, 0.03, 40, 40, days, 14.0)
    grown |= {(0, 3): 0.75}
    assert grown.arrays is None and grown == {**plain, (0, 3): 0.75}


def test_the_exact_cosines_are_the_element_wise_products_summed_to_the_last_bit():
    """sparse.exact_cosines, which reads only the earlier row of each pair,
    gives the floats of the element-wise product of both rows summed (the
    form it replaces): pairs in any order, rows without terms, later
    articles spread over several tables."""
    import numpy as np

    vectors, _ = collection(8, 3 * sparse._ROWS + 5, 60)
    vectors[3] = vectors[sparse._ROWS + 1] = {}
    x = sparse.matrix(vectors)
    rng = np.random.default_rng(8)
    later = rng.integers(0, len(vectors), 5000)
    earlier = rng.integers(0, len(vectors), 5000)
    later[:3], earlier[:3] = [3, 1, sparse._ROWS + 1], [0, 3, 2]
    expected = np.asarray(x[later].multiply(x[earlier]).sum(axis=1)).ravel()
    found = sparse.exact_cosines(x, later, earlier)
    assert found.tobytes() == expected.tobytes() and (found > 0).sum() > 1000 and (found[:3] == 0).all()
    assert len(sparse.exact_cosines(x, later[:0], earlier[:0])) == 0


def test_the_first_use_numbering_by_a_sort_of_values_is_the_argsorts(monkeypatch):
    """sparse._first_use numbers ids in order of first use, as the argsort
    way of _columns does; where two distinct ids share their high bits it
    gives way (None) to that way."""
    import numpy as np

    rng = np.random.default_rng(3)
    distinct = rng.integers(-(2**63), 2**63 - 1, 500, dtype=np.int64)
    ids = distinct[rng.integers(0, 500, 4000)]
    out, columns = sparse._first_use(ids)
    first = {}
    for i in ids.tolist():
        first.setdefault(i, len(first))
    assert columns == len(first) and out.tolist() == [first[i] for i in ids.tolist()]
    assert sparse._first_use(np.array([5, 6, 5], dtype=np.int64)) is None  # 5 and 6 share all but 2 bits
    assert sparse._first_use(np.array([], dtype=np.int64))[1] == 0
    vectors, _ = collection(6, 200, 120)
    kept = [rows.split_signature(rows.encode_signature(Features({}), v))[0] for v in vectors]
    quick, size = sparse._columns(kept, sum(map(len, vectors)))
    monkeypatch.setattr(sparse, "_first_use", lambda ids: None)  # as where high bits are shared
    assert size == sparse._columns(kept, sum(map(len, vectors)))[1] and (quick == sparse._columns(kept, len(quick))[0]).all()
