"""Reports of one event, grouped.

    grouping.py   the arithmetic: sparse cosines, hub and date corrections,
                  average-link agglomeration
    cluster.py    the event model, article features and grouping at once
    tables.py     the event tables' rows (made by the store's migrations)
    index.py      EventIndex: events kept in the store, grown incrementally

Each module imports only those above it in this list.
"""

from __future__ import annotations

from reader.core.events.cluster import DEFAULT, Event, Settings, group_events, raw_features, title_names
from reader.core.events.index import EventIndex, EventUpdate

__all__ = ["DEFAULT", "Event", "EventIndex", "EventUpdate", "Settings", "group_events", "raw_features", "title_names"]
