"""One group holds no dated reports further apart than the date factor lets
two reports be similar at all (linkage.agglomerate's span): an average
counts a missing edge only as one zero among many, and a storyline's days
months apart were joined through an undated report or the days between."""

from __future__ import annotations

from reader.core.events import DEFAULT, group_events, linkage
from tests.unit.events.test_events_participants import MONDAY, art


def test_no_group_spans_more_days_than_the_span():
    edges = {(0, 1): 0.5, (1, 2): 0.5}  # 1 is undated, near both; 0 and 2 are 100 days apart
    together = linkage.agglomerate(3, edges, 0.1)
    assert sorted(map(sorted, (c.members for c in together))) == [[0, 1, 2]]
    apart = linkage.agglomerate(3, edges, 0.1, None, [0, None, 100], 24.0)
    assert sorted(map(sorted, (c.members for c in apart))) == [[0, 1], [2]]
    near = linkage.agglomerate(3, edges, 0.1, None, [0, None, 20], 24.0)
    assert sorted(map(sorted, (c.members for c in near))) == [[0, 1, 2]]


def test_a_storyline_s_days_months_apart_are_not_joined_through_an_undated_report():
    text = ("Governor Ada Quill refused to resign over the yearbook photo on Saturday, aides said.\n\n"
            "Lawmakers in Halverton called for her to step down; the photo row has gripped the state.")
    first = art("wire-first", "Governor Quill refuses to resign over photo row", text, MONDAY)
    later = art("daily-later", "Governor Quill photo row: inquiry inconclusive", text, MONDAY.replace(month=9))
    undated = art("post-undated", "Governor Quill photo row deepens", text, None)
    events = group_events([first, later, undated])
    assert DEFAULT.max_gap_days < 120
    assert sorted(e.count for e in events) == [1, 2]
