"""Reports of one event, grouped: who, what, where and when, over topic.

    features.py   what an article says of its event: terms, the headline's
                  subject and happening, numbers, the day the lead gives
    grouping.py   the arithmetic: sparse cosines, background and date
                  corrections, average-link agglomeration
    cluster.py    the event model, settings, corrections, grouping at once
    tables.py     the event tables' rows (made by the store's migrations)
    rows.py       the text an article's features take in the event tables
    summaries.py  a first grouping's events summarised at once (numpy)
    parallel.py   a full build's features computed over the cores (forked workers)
    gcpause.py    the garbage collector paused around the index's heavy steps
    index.py      EventIndex: events kept in the store, grown incrementally
    reading.py    events level with the store, in memory where it cannot be written
    views.py      what the CLI and the UI list: events apart from single
                  reports, filters, each event's reports and coverage

Each module imports only those above it in this list.
"""

from __future__ import annotations

from reader.core.events import reading
from reader.core.events.cluster import DEFAULT, Event, Settings, article_features, group_events
from reader.core.events.index import EventIndex, EventUpdate

__all__ = ["DEFAULT", "Event", "EventIndex", "EventUpdate", "Settings", "article_features", "group_events", "reading"]
