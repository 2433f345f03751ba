"""The first grouping's quicker paths give what the plain ones give (issue
15, speed): neighbour lists sorted with numpy, agglomeration over the
edges inside the groups near-threshold edges join, and the events a first
grouping lists from what it made rather than reading them back."""

from __future__ import annotations

import math
import random
import sqlite3

import pytest

from bench.events_sets import written
from reader.core.events import EventIndex, cluster, grouping, linkage, scoring, tables
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
    days = [rng.choice([None, rng.randrange(60)]) for _ in range(n)]  # groups of dated reports at most 24 days wide
    for fixed in ({}, {i: f"e{rng.randrange(8)}" for i in rng.sample(range(n), 40)}):
        for when in ((), (days, 24.0)):
            quick = [(c.members, c.fixed) for c in grouping.agglomerate(n, edges, 0.1, fixed, *when)]
            with monkeypatch.context() as m:
                m.setattr(linkage, "_may_join", lambda edges, threshold, home: edges)
                every = [(c.members, c.fixed) for c in grouping.agglomerate(n, edges, 0.1, fixed, *when)]
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


def test_the_pair_rules_read_where_they_can_matter_give_the_grouping_of_every_pair_read(monkeypatch):
    """corrected_clusters reads the rules of a pair under the threshold
    (before them, or after the days' factor, at most what the rules leave:
    scoring.day_bound) only if its two reports end in one group: the same groups
    as when every pair's rules are read and every edge kept (join_cut at
    -inf), with and without existing events."""
    arts = [*all_fixtures(), *(a for name in ("outlets", "similar", "leads") for a in written(name).articles)]
    s = cluster.DEFAULT
    docs, idfs = cluster.docs_for(arts, s)
    edges = grouping.cosine_edges([d.vector for d in docs], None, s.min_edge, None, [d.day for d in docs], s.max_gap_days)
    read = []
    corrected = cluster._corrected
    monkeypatch.setattr(cluster, "_corrected", lambda a, b, sim, over, *rest: read.append((a.id, b.id, sim, over))
                        or corrected(a, b, sim, over, *rest))
    first, _ = cluster.corrected_clusters(docs, edges, {}, None, s, idfs)
    rarest = scoring._Rarest(idfs)
    bounds = [(scoring.day_bound(docs[i], docs[j], s), scoring.pair_factor(docs[i], docs[j], idfs, s, rarest))
              for i, j in edges]
    assert all(bound >= f for bound, f in bounds) and any(bound < 1.0 for bound, _ in bounds)
    fixed = {i: f"e{k}" for k, c in enumerate(first) if len(c.members) > 2 for i in c.members[::2]}
    for start in ({}, fixed):
        read.clear()
        quick = [(c.members, c.fixed) for c in cluster.corrected_clusters(docs, edges, start, None, s, idfs)[0]]
        quick_read = list(read)
        with monkeypatch.context() as m:
            m.setattr(grouping, "join_cut", lambda threshold: -math.inf)
            m.setattr(linkage, "join_cut", lambda threshold: -math.inf)
            read.clear()
            every = [(c.members, c.fixed) for c in cluster.corrected_clusters(docs, edges, start, None, s, idfs)[0]]
        assert quick == every and sum(len(members) > 1 for members, _ in quick) >= 20
        # some pairs' rules were not read; some under the threshold before them were, inside a group
        assert len(quick_read) < len(read)
        under = [r for r in quick_read if (r[2] - s.background_weight * (r[3] * s.agreed_background) if r[3] > 0
                                           else r[2]) < grouping.join_cut(s.threshold)]
        assert under


def test_an_edge_under_the_threshold_still_counts_in_its_groups_average():
    """c joins a and b only through the average: 0.15 with a, 0.05 with b
    (a pair whose rules are read last, being under the threshold)."""
    docs = [cluster.Doc(k, k, "", None, {}) for k in "abc"]
    for bc, joined in ((0.05, True), (0.0, False)):
        edges = {(0, 1): 0.3, (0, 2): 0.15, **({(1, 2): bc} if bc else {})}
        clusters, _ = cluster.corrected_clusters(docs, edges, {}, None, cluster.DEFAULT, {})
        assert sorted(map(sorted, (c.members for c in clusters))) == ([[0, 1, 2]] if joined else [[0, 1], [2]])
