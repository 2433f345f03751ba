"""The events view, an event's reports and the who-says-what matrix: on the
seeds (one event of five undated reports) and on a temp index with a dated
event of four reports from three sources, one of two reports from a single
source, and two single reports."""

from __future__ import annotations

import shutil
import threading

import pytest

from reader.core.library import Library
from reader.ui.app import NewsApp
from reader.ui.screens.compare import CompareScreen
from reader.ui.screens.event_coverage import sparkline
from reader.ui.screens.event_reports import EventReportsScreen
from reader.ui.screens.events import EventsScreen
from reader.ui.screens.matrix import MatrixScreen

from ..factories import day, make_article
from .conftest import plain, wait_for

pytestmark = pytest.mark.on_store  # the whole file reads the store: on the server too in CI (.ci/run)

SIZE = (150, 40)

FERRY = [
    "A ferry carrying 140 passengers capsized off the island of Lesbos on Monday, killing 12 people, "
    "the Greek coastguard said.",
    "Rescue boats from the port of Mytilene pulled survivors from the water; the ferry Aegean Star had "
    "left Piraeus on Sunday night.",
]
FIRE = [
    "Fire destroyed the old town library of Tartu overnight; firefighters fought the blaze for six hours "
    "and 30,000 books were lost, the city council said.",
]


def extra_articles():
    ferry = [("Ferry capsizes off Lesbos, 12 dead", "Wire One", 0),
             ("Twelve killed as ferry Aegean Star capsizes near Lesbos", "Daily Two", 0),
             ("Lesbos ferry disaster: coastguard says 12 dead", "Gazette Three", 2),
             ("Aegean Star ferry capsized off Lesbos killing 12", "Wire One", 1)]
    out = [make_article(f"ferry{n}", *FERRY, title=t, source=s, published=day(3 + d)) for n, (t, s, d) in enumerate(ferry)]
    out += [make_article(f"fire{n}", *FIRE, title=t, source="Tartu Post", published=day(12))
            for n, t in enumerate(["Tartu library destroyed by overnight fire", "Fire destroys Tartu old town library"])]
    out.append(make_article("orchid", "A rare ghost orchid flowered in a Florida swamp this week, botanists said.",
                            title="Ghost orchid blooms in Florida swamp", source="Nature Desk", published=day(9)))
    out.append(make_article("chess", "The regional chess championship in Oslo ended in a draw after eleven hours.",
                            title="Oslo chess final drawn after eleven hours", source="Sports Four", published=day(10)))
    return out


@pytest.fixture
def busy_app(seeded_dir, tmp_path):
    """The seeds plus extra_articles(), in a private index."""
    path = tmp_path / "busy"
    shutil.copytree(seeded_dir, path)
    library = Library(path)
    library.add_articles(extra_articles())
    app = NewsApp(library)
    app.entity_extractor = "rules"
    yield app
    library.close()


async def open_events(pilot, app) -> EventsScreen:
    await pilot.press("v")
    await wait_for(pilot, lambda: isinstance(app.screen, EventsScreen) and app.screen.loaded, what="the events")
    return app.screen


async def open_matrix(pilot, app) -> MatrixScreen:
    await open_events(pilot, app)
    await pilot.press("m")
    await wait_for(pilot, lambda: isinstance(app.screen, MatrixScreen) and app.screen.matrix is not None, what="the matrix")
    return app.screen


def shown_titles(screen: EventsScreen) -> list[str]:
    return [e.title for e in screen.events]


def cells(screen, table_id: str) -> list[str]:
    """Each row of a table as one plain line."""
    table = screen.query_one(table_id)
    return [" | ".join(getattr(c, "plain", str(c)) for c in table.get_row_at(r)) for r in range(table.row_count)]


async def test_seeds_enter_lists_the_reports_and_space_compares_two(make_app):
    app = make_app()
    app.entity_extractor = "rules"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_events(pilot, app)
        assert len(screen.events) == 1 and screen.events[0].count == 5
        event = screen.events[0]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EventReportsScreen), what="the reports")
        reports = app.screen
        rows = cells(reports, "#event-reports")
        assert len(rows) == 5
        assert [r.id for r in reports.reports] == list(event.article_ids)
        for row, report in zip(rows, reports.reports):
            assert report.source[:10] in row and f"{report.words:,}" in row and report.words > 0
        await pilot.press("space")  # mark the first
        assert reports.marked == event.article_ids[0]
        assert cells(reports, "#event-reports")[0].startswith("*")
        await pilot.press("j", "j", "space")  # then the third: the two compared
        await wait_for(pilot, lambda: isinstance(app.screen, CompareScreen), what="the comparison")
        assert app.screen.reports == list(event.article_ids)
        assert (app.screen.a_id, app.screen.b_id) == (event.article_ids[0], event.article_ids[2])


async def test_n_steps_the_marked_report_against_each_other(make_app):
    app = make_app()
    app.entity_extractor = "rules"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_events(pilot, app)
        ids = list(screen.events[0].article_ids)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EventReportsScreen), what="the reports")
        reports = app.screen
        await pilot.press("j", "space")  # the second report is the anchor
        seen, pairs = [], []
        for _ in range(len(ids)):  # one more than the others: it wraps to the first pair
            await pilot.press("n")
            await wait_for(pilot, lambda: isinstance(app.screen, CompareScreen), what="a comparison")
            seen.append(plain(reports.query_one("#event-status")))
            pairs.append((app.screen.a_id, app.screen.b_id))
            await pilot.press("escape")
            await wait_for(pilot, lambda: app.screen is reports, what="back at the reports")
        assert [s.split(":")[0] for s in seen] == [f"comparison {k} of {len(ids) - 1}" for k in
                                                   [*range(1, len(ids)), 1]]
        others = [i for i in ids if i != ids[1]]
        assert pairs == [(ids[1], other) for other in [*others, others[0]]]


async def test_matrix_and_only_one_filter(make_app):
    app = make_app()
    app.entity_extractor = "rules"
    async with app.run_test(size=SIZE) as pilot:
        await open_matrix(pilot, app)
        screen = app.screen
        rows = {r.label: r for r in screen.matrix.rows}
        sources = [a.source for a in screen.matrix.articles]
        assert rows["Oliver Dowden"].reports == 5  # every report names him
        laughton = rows["Tim Laughton"]  # only BBC spells it so
        assert laughton.reports == 1 and laughton.counts[sources.index("BBC News")] > 0
        everything = screen.query_one("#matrix-table").row_count
        await pilot.press("o")
        only = screen.query_one("#matrix-table").row_count
        assert 0 < only < everything
        assert all(r.reports == 1 for r in screen.matrix.only_one())


async def test_the_matrix_s_rows_go_to_the_first_and_the_last_and_half_a_page(make_app):
    """g, G, ctrl+d and ctrl+u in the matrix as in every list (the screen's
    own list of rows shadowed the table they move, and the keys did nothing)."""
    app = make_app()
    app.entity_extractor = "rules"
    async with app.run_test(size=(80, 24)) as pilot:
        await open_matrix(pilot, app)
        table = app.screen.query_one("#matrix-table")
        assert table.row_count > 12
        await pilot.press("G")
        await wait_for(pilot, lambda: table.cursor_row == table.row_count - 1, what="the last row")
        await pilot.press("g")
        await wait_for(pilot, lambda: table.cursor_row == 0, what="the first row")
        await pilot.press("ctrl+d")
        await wait_for(pilot, lambda: table.cursor_row > 1, what="half a page down")
        down = table.cursor_row
        await pilot.press("ctrl+u")
        await wait_for(pilot, lambda: table.cursor_row < down, what="half a page up")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_count_and_sources_fit_the_terminal(make_app, size):
    app = make_app()
    app.entity_extractor = "rules"
    async with app.run_test(size=size) as pilot:
        screen = await open_events(pilot, app)
        table = screen.query_one("#events-table")
        widths = sum(c.get_render_width(table) for c in table.ordered_columns)
        assert widths <= size[0] - 2  # every column on screen, the scrollbar beside them
        row = cells(screen, "#events-table")[0]
        assert row.split(" | ")[0].strip() == "5" and row.split(" | ")[1].startswith("5 · ")


async def test_sources_filter_search_and_reported_once(busy_app):
    app = busy_app
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_events(pilot, app)
        titles = shown_titles(screen)
        assert len(titles) == 3 and not any(e.reported_once for e in screen.events)
        assert "2 reported once hidden" in plain(screen.query_one("#events-status"))
        by_sources = {e.title: len(e.sources) for e in screen.events}
        assert sorted(by_sources.values()) == [1, 3, 5]
        await pilot.press("s")  # 2+
        assert sorted(len(e.sources) for e in screen.events) == [3, 5]
        await pilot.press("s")  # 3+
        assert sorted(len(e.sources) for e in screen.events) == [3, 5]
        await pilot.press("s")  # back to 1+
        assert len(screen.events) == 3
        await pilot.press("a")
        once = [e for e in screen.events if e.reported_once]
        assert len(once) == 2 and len(screen.events) == 5
        assert plain(screen.query_one("#events-status")).startswith("3 events · 2 reported once shown")
        assert any("reported once: " in row for row in cells(screen, "#events-table"))
        await pilot.press("a", "slash")
        await pilot.press(*"aegean")  # a word of two headlines, not of the event's title
        assert [e.count for e in screen.events] == [4]
        assert "matching" in plain(screen.query_one("#events-status"))
        assert "titles and sources only" not in plain(screen.query_one("#events-status"))
        await pilot.press(*" zzyzx")  # no title holds it: the line says where else to look
        assert screen.events == []
        assert "titles and sources only: / in the library searches the text" in plain(screen.query_one("#events-status"))
        screen.query_one("#events-search").value = "the"  # a stop word: every event, said as no word to search for
        await pilot.pause()
        assert len(screen.events) == 3 and "no word to search for in “the”" in plain(screen.query_one("#events-status"))
        assert "matching" not in plain(screen.query_one("#events-status"))
        await pilot.press("escape", "escape")  # out of the box, then the search cleared
        assert len(screen.events) == 3 and isinstance(app.screen, EventsScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, EventsScreen)


async def test_coverage_line_with_a_timeline(busy_app):
    app = busy_app
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_events(pilot, app)
        ferry = next(k for k, e in enumerate(screen.events) if e.count == 4)
        screen.query_one("#events-table").move_cursor(row=ferry)
        await pilot.pause()
        text = plain(screen.query_one("#events-coverage"))
        summary, timeline = text.split("\n")
        assert summary.startswith("4 reports · 3 sources (Wire One 2")
        # 4, 5 and 6 January: two reports, one, one
        assert "04 Jan █▄▄ 06 Jan" in timeline and "per day" in timeline
        seeds = next(k for k, e in enumerate(screen.events) if e.count == 5)
        screen.query_one("#events-table").move_cursor(row=seeds)
        await pilot.pause()
        assert "no dates known" in plain(screen.query_one("#events-coverage"))


def test_sparkline_plain_characters():
    assert sparkline([2, 0, 1, 8]) == "▂·▁█"
    assert sparkline([]) == "" and sparkline([0, 0]) == ""


async def test_progress_shown_while_grouping(busy_app, monkeypatch):
    """The grouping runs in a worker and reports its progress: the screen is
    up, with a progress bar, before the events are there."""
    app = busy_app
    real = Library.events
    gate = threading.Event()  # holds the worker until the test has seen the screen

    def slow_events(self, min_count=1, progress=None):
        if progress:
            progress("events: reading", 3, 10)
        gate.wait(30)  # a limit, so that a failing test cannot hang the worker for ever
        return real(self, min_count=min_count, progress=progress)

    monkeypatch.setattr(Library, "events", slow_events)  # the worker opens a Library of its own
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, EventsScreen)
                       and "3 of 10" in plain(app.screen.query_one("#events-status")), timeout=25,
                       what="the progress, while the worker waits")
        screen = app.screen
        assert not screen.loaded and screen.query_one("#events-progress").display
        assert screen.query_one("#events-progress").progress == 3
        assert app.lib_lock.acquire(blocking=False)  # the grouping does not hold the app's library
        app.lib_lock.release()
        gate.set()
        await wait_for(pilot, lambda: screen.loaded, what="the events")
        assert not screen.query_one("#events-progress").display and len(screen.events) == 3


async def test_the_matrix_shows_every_report_at_80_columns(make_app):
    """The names' column gives way to the reports' (a 54-character company
    name hid the fifth report's column)."""
    app = make_app()
    app.entity_extractor = "rules"
    async with app.run_test(size=(80, 24)) as pilot:
        await open_matrix(pilot, app)
        await pilot.pause()
        table = app.screen.query_one("#matrix-table")
        assert len(app.screen.matrix.articles) == 5
        assert sum(c.get_render_width(table) for c in table.ordered_columns) <= 80 - 2
        longest = max(app.screen.matrix.rows, key=lambda r: len(r.label))
        assert len(longest.label) > 40  # a long name, cut with an ellipsis to fit
        assert any(str(table.get_cell_at((k, 0))).endswith("…") for k in range(table.row_count))
