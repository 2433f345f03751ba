"""SVG snapshots of the events list and an event's reports at 80x24, on the
seeds (one event of five undated reports). Regenerate after an intended
change with `pytest tests/ui/test_events_snapshots.py --snapshot-update`."""

from __future__ import annotations

import pytest

from reader.ui.app import NewsApp
from reader.ui.screens.event_reports import EventReportsScreen
from reader.ui.screens.events import EventsScreen

from .conftest import idle, started, wait_for

SIZE = (80, 24)


@pytest.fixture
def app(lib):
    app = NewsApp(lib, seed_if_empty=False)
    app.entity_extractor = "rules"  # the same in every environment, spaCy or not
    return app


async def _events(pilot):
    await pilot.press("v")
    await wait_for(pilot, lambda: started(pilot.app) and idle(pilot.app) and isinstance(pilot.app.screen, EventsScreen)
                   and pilot.app.screen.loaded, what="the events, settled")


def test_events_list_at_80_columns(snap_compare, app):
    assert snap_compare(app, terminal_size=SIZE, run_before=_events)


def test_event_reports_with_one_marked(snap_compare, app):
    async def reports(pilot):
        await _events(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, EventReportsScreen), what="the reports")
        await pilot.press("j", "space")
        await wait_for(pilot, lambda: pilot.app.screen.marked is not None and idle(pilot.app), what="a marked report")

    assert snap_compare(app, terminal_size=SIZE, run_before=reports)
