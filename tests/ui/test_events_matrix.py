"""The events view and the who-says-what matrix, on the seeds."""

from __future__ import annotations

from reader.ui.screens.compare import CompareScreen
from reader.ui.screens.events import EventsScreen
from reader.ui.screens.matrix import MatrixScreen

from .conftest import wait_for

SIZE = (150, 40)


async def test_events_view_opens_the_comparison(make_app):
    app = make_app()
    app.entity_extractor = "rules"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, EventsScreen) and app.screen.events, what="the events")
        screen = app.screen
        assert isinstance(screen, EventsScreen)
        assert len(screen.events) == 1 and screen.events[0].count == 5
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CompareScreen), what="the comparison")
        assert app.screen.reports == list(screen.events[0].article_ids)


async def test_matrix_and_only_one_filter(make_app, lib):
    app = make_app()
    app.entity_extractor = "rules"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, EventsScreen) and app.screen.events, what="the events")
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, MatrixScreen) and app.screen.matrix is not None, what="the matrix")
        screen = app.screen
        assert isinstance(screen, MatrixScreen)
        rows = {r.label: r for r in screen.matrix.rows}
        sources = [a.source for a in screen.matrix.articles]
        assert rows["Oliver Dowden"].reports == 5  # every report names him
        laughton = rows["Tim Laughton"]  # only BBC spells it so
        assert laughton.reports == 1 and laughton.counts[sources.index("BBC News")] > 0
        table = screen.query_one("#matrix-table")
        everything = table.row_count
        await pilot.press("o")
        only = screen.query_one("#matrix-table").row_count
        assert 0 < only < everything
        assert all(r.reports == 1 for r in screen.matrix.only_one())
