"""The first grouping's quicker paths give what the plain ones give (issue
15, speed): neighbour lists sorted with numpy, agglomeration over the
edges inside the groups near-threshold edges join, and the events a first
grouping lists from what it made rather than reading them back."""

from __future__ import annotations

import random
import sqlite3

import pytest

from reader.core.events import EventIndex, grouping, tables
from reader.core.store import migrations
from tests.unit.events.test_events import all_fixtures, art


def _graph(seed: int, n: int) -> grouping.Edges:
    """Similarities around a threshold of 0.1, some exactly equal."""
    rng = random.Random(seed)
    edges = {}
    for _ in range(n * 3):
        i, j = sorted(rng.sample(range(n), 2))
        edges[(i, j)] = rng.choice([0.1, 0.25, rng.uniform(0.03, 0.3), rng.uniform(0.03, 0.12)])
    return edges


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_neighbour_lists_sorted_with_numpy_are_those_sorted_in_python(seed, monkeypatch):
    n = 300
    edges = _graph(seed, n)
    rng = random.Random(seed)
    start = [sorted((rng.uniform(0.03, 0.5) for _ in range(rng.randrange(4))), reverse=True) for _ in range(n)]
    for keep in (0, 1, 5, 24):
        for seeds in (None, start):
            monkeypatch.setattr(grouping, "_SORTED_BY_NUMPY", 10**9)
            plain = grouping.neighbour_lists(n, edges, keep, seeds)
            monkeypatch.setattr(grouping, "_SORTED_BY_NUMPY", 0)
            assert grouping.neighbour_lists(n, edges, keep, seeds) == plain


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_agglomeration_over_the_joined_groups_is_the_agglomeration_over_every_edge(seed, monkeypatch):
    n = 200
    edges = _graph(seed, n)
    rng = random.Random(seed)
    for fixed in ({}, {i: f"e{rng.randrange(8)}" for i in rng.sample(range(n), 40)}):
        quick = [(c.members, c.fixed) for c in grouping.agglomerate(n, edges, 0.1, fixed)]
        with monkeypatch.context() as m:
            m.setattr(grouping, "_may_join", lambda edges, threshold, home: edges)
            every = [(c.members, c.fixed) for c in grouping.agglomerate(n, edges, 0.1, fixed)]
        assert quick == every and any(len(members) > 1 for members, _ in quick)


def test_the_first_groupings_events_are_those_read_back_until_another_connection_writes(tmp_path):
    path = tmp_path / "events.sqlite"
    db = sqlite3.connect(path)
    migrations.migrate(db)
    index = EventIndex(db)
    lone = art("lone", "Gazette", "Village fete raises funds for church roof",
               "The annual fete in Little Hampden raised 3,200 pounds for the church roof on Saturday.")
    index.add([*all_fixtures(), lone])
    assert index._made is not None  # the first grouping: every event is one it made
    for min_count in (2, 1):
        listed = index.events(min_count)
        assert listed == tables.events(db, min_count) and listed
    assert len(index.events(1)) > len(index.events(2))
    other = sqlite3.connect(path)
    with other:
        other.execute("UPDATE events SET title = 'renamed' WHERE id = ?", (listed[0].id,))
    assert index.events(1)[0].title == "renamed"  # read back: another connection wrote
    index.add([])  # a write through the index: what it made is forgotten
    assert index._made is None
