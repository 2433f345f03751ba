"""A large event's reports each a little similar to some of its others: the
second pass measures each report's background without its group's other
reports (events/outside.py), so that the days of one event spread over a
week stay one event, and similar events of its topic stay apart."""

from __future__ import annotations

import pytest

from bench.events_sets import written
from reader.core.events import cluster, grouping, outside

S = cluster.DEFAULT


def test_the_background_outside_a_group_leaves_out_only_its_weak_similarities():
    row = [0.5, 0.3, 0.19, 0.12, 0.11, 0.10, 0.09]  # the cut: 0.4 x 0.5 = 0.2
    whole = grouping.background(row, S.sibling_ratio, S.sibling_floor, S.background_k)
    assert outside._background(row, [], S) == whole
    assert outside._background(row, [0.3], S) == whole  # a sibling either way
    assert outside._background(row, [0.12 + 1e-12, 0.10], S) == pytest.approx((0.19 + 0.11 + 0.09) / S.background_k)
    assert outside._background(row, [0.07], S) == whole  # not in the list: nothing to leave out


@pytest.fixture(scope="module")
def spread():
    s = written("spread")
    docs, idfs = cluster.docs_for(s.articles, S)
    edges = grouping.cosine_edges([d.vector for d in docs], None, S.min_edge, None, [d.day for d in docs], S.max_gap_days)
    return s, docs, idfs, edges


def test_a_plane_crash_told_over_five_days_by_six_outlets_is_one_event_beside_the_airline_s_next_scare(spread, monkeypatch):
    s, docs, idfs, edges = spread
    clusters, _ = cluster.corrected_clusters(docs, edges, {}, None, S, idfs)
    crash = [c for c in clusters if any(s.gold[docs[i].id] == "kestrel-crash" for i in c.members)]
    second = max(len(c.members) for c in crash)
    assert second >= 7  # of 8
    assert {s.gold[docs[i].id] for c in crash for i in c.members} == {"kestrel-crash"}  # the landing apart
    with monkeypatch.context() as m:
        m.setattr(cluster, "backgrounds_outside", lambda *args: None)  # the first pass alone
        first, _ = cluster.corrected_clusters(docs, edges, {}, None, S, idfs)
    assert second > max(len(c.members) for c in first if any(s.gold[docs[i].id] == "kestrel-crash" for i in c.members))


def test_the_stored_members_of_an_event_have_their_similarities_left_out_too(spread):
    """In an incremental grouping the edges hold no pair of two stored reports:
    their similarity is read from their vectors."""
    s, docs, idfs, edges = spread
    crash = [i for i, d in enumerate(docs) if s.gold[d.id] == "kestrel-crash"]
    fixed = {i: "e1" for i in crash[:3]}
    kept = {pair: sim for pair, sim in edges.items() if not (pair[0] in fixed and pair[1] in fixed)}
    group = {i: 0 for i in crash}
    mates = outside._mates(docs, kept, fixed, [grouping.Cluster(crash, "e1")], group, S)
    a, b = crash[0], crash[1]
    assert (a, b) in edges and any(abs(x - edges[(a, b)]) < 1e-9 for x in mates[a])


def test_the_groups_agglomerated_again_are_those_of_grouping_every_pair_again():
    """regrouped corrects again only the pairs of a doc whose background
    changed and agglomerates again only their groups: the same groups, in the
    same order, as the whole second pass, with and without existing events."""
    arts = [a for name in ("similar", "spread") for a in written(name).articles]
    docs, idfs = cluster.docs_for(arts, S)
    edges = grouping.cosine_edges([d.vector for d in docs], None, S.min_edge, None, [d.day for d in docs], S.max_gap_days)
    first, _ = cluster.corrected_clusters(docs, edges, {}, None, S, idfs)
    fixed = {i: f"e{k}" for k, c in enumerate(first) if len(c.members) > 2 for i in c.members[::2]}
    moved = 0
    for start, edges in (({}, edges), (fixed, edges), (fixed, dict(edges))):  # a first grouping's arrays, and a dict
        best = grouping.neighbour_lists(len(docs), edges, S.neighbours_kept, None)
        bg = [grouping.background(row, S.sibling_ratio, S.sibling_floor, S.background_k) for row in best]
        nearest = cluster.nearest_elsewhere(docs, edges, start)
        once, _ = cluster._grouped(docs, edges, start, bg, S, idfs, nearest, {})
        again = outside.backgrounds_outside(docs, edges, start, once, best, bg, S)
        assert again is not None
        whole, _ = cluster._grouped(docs, edges, start, again, S, idfs, nearest, {})
        quick, _ = cluster.corrected_clusters(docs, edges, start, None, S, idfs)
        assert [(c.members, c.fixed) for c in quick] == [(c.members, c.fixed) for c in whole]
        moved += [c.members for c in quick] != [c.members for c in once]
    assert moved  # the second pass changed some groups
