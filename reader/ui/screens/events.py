"""Events: reports of one happening grouped, with how many reports and
sources each has and a coverage line for the one under the cursor; enter
lists its reports to compare, m shows who mentions what across them.

The grouping runs in a worker (the first time on a large library it reads
every article) and reports its progress; the list appears when it is done.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Header, Input, ProgressBar, Static

from reader.core.events import EventIndex, reading
from reader.core.events.cluster import Event
from reader.core.events.views import matches, split_singles
from reader.core.library import Library
from reader.core.models import NO_SOURCE
from reader.core.text.words import content_terms
from reader.ui.access import NewsScreen
from reader.ui.screens.event_coverage import coverage_text, dates_label, event_coverage, fit
from reader.ui.table_keys import FirstLastRow, first_last_bindings
from reader.ui.widgets.clean_input import CleanInput
from reader.ui.widgets.key_bar import KeyBar

MIN_SOURCES = (1, 2, 3)  # s cycles through "at least N sources"
REPORTS_W, DATES_W = 7, 14
CHROME = 2 + 2 * 4  # the scrollbar and each of the four columns' padding


@dataclass
class EventsProgressed(Message, bubble=False):
    """The grouping worker's progress (the core's progress callback)."""

    label: str
    done: int
    total: int


@dataclass
class EventsLoaded(Message, bubble=False):
    """Every group, single reports included, and the listing rows of their reports (id -> row)."""

    events: list[Event]
    rows: dict[str, dict]
    ungrouped: int = 0  # articles the events leave out: another process writes, so they are as last grouped


class EventsScreen(FirstLastRow, NewsScreen):
    AUTO_FOCUS = "#events-table"  # not the search box above it (library.py says why)
    HELP_TITLE = "Events"
    HELP_ORDER = 60
    BINDINGS = [
        Binding("escape", "back", "Back", id="events.back"),
        Binding("enter", "reports", "Reports", id="events.reports"),
        Binding("m", "matrix", "Who says what", id="events.matrix"),
        Binding("s", "min_sources", "Sources N+", id="events.min_sources"),
        Binding("slash", "search", "Search", id="events.search"),
        Binding("a", "toggle_all", "Reported once", id="events.all"),
        Binding("j", "cursor_down", "Down", show=False, id="events.down"),
        Binding("k", "cursor_up", "Up", show=False, id="events.up"),
        *first_last_bindings("events"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.all_events: list[Event] = []  # as grouped, latest first
        self.rows: dict[str, dict] = {}
        self.events: list[Event] = []  # those shown, after the filters
        self.loaded = False
        self.show_single = False
        self.min_sources = 1
        self.words = ""
        self.ungrouped = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("grouping reports into events…", style="dim"), id="events-status")
        yield ProgressBar(id="events-progress", show_eta=False)
        yield CleanInput(placeholder="/ searches the titles (the event's, its reports') and the sources", id="events-search")
        yield DataTable(cursor_type="row", id="events-table")
        yield Static(id="events-coverage")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.load()

    @work(thread=True, exclusive=True, group="events")
    def load(self) -> None:
        step = [-1]

        def progress(label: str, done: int, total: int) -> None:
            percent = 100 * done // total if total else 0
            if percent != step[0]:  # a message per percent, not per article
                step[0] = percent
                self.post_message(EventsProgressed(label, done, total))

        lib = self.news_app.lib
        # A library of its own (its own SQLite connection), as indexing has:
        # grouping thousands of articles takes seconds, and holding the app's
        # lock that long would stop every screen that reads the library.
        # The entity process holds the lock a batch at a time: a spaCy batch may
        # outlast the grouping's wait, which would show the events of the last
        # grouping (none in a new library), and a long grouping the process's
        # (the pause starts it again; EntityProcess.paused). Paused only when the
        # grouping will write: events level with the store are read beside it
        # (and each pause costs the process a restart, with spaCy a model's load).
        with Library(lib.dir, lib.config, verify=False) as own:
            will_write = reading.behind(EventIndex(own.store.db), own.store)
            with self.news_app.entities_paused() if will_write else nullcontext():
                events = own.events(min_count=1, progress=progress)
            rows = {r["id"]: r for r in own.store.listing(limit=max(1, own.store.count()))}
        self.post_message(EventsLoaded(events, rows, max(0, len(rows) - sum(e.count for e in events))))

    @on(EventsProgressed)
    def progressed(self, message: EventsProgressed) -> None:
        phase = message.label.removeprefix("events: ")
        if message.done:
            self.query_one(ProgressBar).update(total=message.total or None, progress=message.done)
            where = f"{phase} {message.done:,} of {message.total:,}"
        else:  # a step that counts nothing as it goes (the grouping itself): the bar pulses
            self.query_one(ProgressBar).update(total=None)
            where = f"{phase} {message.total:,} reports"
        self.query_one("#events-status", Static).update(Text(f"grouping reports into events · {where}", style="dim"))

    def keep_shown(self) -> None:
        """The server went away before the events were grouped (server_errors): not shown, then."""
        if not self.loaded and self.app.screen is self:
            self.app.pop_screen()

    @on(EventsLoaded)
    def loaded_events(self, message: EventsLoaded) -> None:
        self.all_events, self.rows = message.events, message.rows
        self.ungrouped = message.ungrouped
        self.loaded = True
        self.query_one(ProgressBar).display = False
        self.paint()

    def titles(self) -> dict[str, str]:
        return {i: r["title"] for i, r in self.rows.items()}

    def chosen(self) -> list[Event]:
        multi, _ = split_singles(self.all_events)
        pool = list(self.all_events) if self.show_single else multi
        titles = self.titles() if self.words else None
        # a report whose outlet is unknown has no source, and is still a report (as events.views.listing)
        return [e for e in pool if (self.min_sources <= 1 or len(e.sources) >= self.min_sources)
                and (not self.words or matches(e, self.words, titles))]

    def widths(self) -> tuple[int, int]:
        """(title, sources) widths: what the terminal leaves after the count and the dates."""
        free = max(20, self.size.width - CHROME - REPORTS_W - DATES_W)
        sources = min(32, max(14, free * 2 // 5))
        return free - sources, sources

    def paint(self) -> None:
        if not self.loaded:
            return
        table = self.query_one(DataTable)
        keep = self.current()
        self.events = events = self.chosen()
        title_w, sources_w = self.widths()
        table.clear(columns=True)
        table.add_column("reports", key="reports", width=REPORTS_W)
        table.add_column("sources", key="sources", width=sources_w)
        table.add_column("event", key="title", width=title_w)
        table.add_column("dates", key="dates", width=DATES_W)
        for e in events:
            names = f"{len(e.sources)} · " + ", ".join(e.sources) if e.sources else NO_SOURCE  # as the coverage line
            once = e.reported_once
            table.add_row(Text(str(e.count).rjust(REPORTS_W), style="dim" if once else "bold"),
                          Text(fit(names, sources_w)),
                          Text(fit(("reported once: " if once else "") + e.title, title_w), style="dim" if once else ""),
                          Text(dates_label(e), style="dim"), key=e.id)
        if keep is not None and keep in events:
            table.move_cursor(row=events.index(keep))
        self.status()
        self.show_coverage()

    def status(self) -> None:
        _, single = split_singles(self.all_events)
        multi = len(self.all_events) - len(single)
        shown = len(self.events) - sum(e.reported_once for e in self.events)
        noun = "event" if multi == 1 else "events"
        parts = [f"{shown} of {multi} {noun}" if shown != multi else f"{multi} {noun}"]
        if self.min_sources > 1:
            parts.append(f"{self.min_sources}+ sources")
        if self.words and not content_terms(self.words):  # "the", "[b]": every event would be "matching" it
            parts.append(f"no word to search for in “{self.words}”")
        elif self.words:
            parts.append(f"matching “{self.words}”")
            if not self.events:  # a name said only in the reports' text (Dowden) is not in their titles
                parts.append("titles and sources only: / in the library searches the text")
        parts.append(f"{len(single)} reported once " + ("shown" if self.show_single else "hidden (a shows them)"))
        parts.append("enter: its reports")
        if self.ungrouped:
            parts.insert(0, f"{self.ungrouped:,} articles not grouped yet (another newsreader process is writing)")
        self.query_one("#events-status", Static).update(Text(" · ".join(parts), style="dim"))

    def current(self) -> Event | None:
        table = self.query_one(DataTable)
        if not self.events or not 0 <= table.cursor_row < len(self.events):
            return None
        return self.events[table.cursor_row]

    @on(DataTable.RowHighlighted, "#events-table")
    def show_coverage(self) -> None:
        e = self.current()
        panel = self.query_one("#events-coverage", Static)
        if e is None:
            hint = ": s, / or a widen the list" if self.all_events else ": the library has no articles yet"
            panel.update(Text("no events here" + (hint if self.loaded else ""), style="dim"))
            return
        panel.update(coverage_text(event_coverage(e, self.rows)))

    def on_resize(self) -> None:
        self.paint()

    @on(DataTable.RowSelected, "#events-table")
    def selected(self) -> None:
        self.action_reports()

    def action_reports(self) -> None:
        from reader.ui.screens.event_reports import EventReportsScreen  # loaded when first shown (start-up time)

        e = self.current()
        if e is None:
            return
        if e.reported_once:
            self.news_app.open_article(e.article_ids[0])
            return
        self.app.push_screen(EventReportsScreen(e, self.rows))

    def action_matrix(self) -> None:
        from reader.ui.screens.matrix import MatrixScreen  # loaded when first shown (start-up time)

        e = self.current()
        if e is not None:
            self.app.push_screen(MatrixScreen(e))

    def action_min_sources(self) -> None:
        self.min_sources = MIN_SOURCES[(MIN_SOURCES.index(self.min_sources) + 1) % len(MIN_SOURCES)]
        self.paint()

    def action_toggle_all(self) -> None:
        self.show_single = not self.show_single
        self.paint()

    def action_search(self) -> None:
        self.set_focus(self.query_one("#events-search", Input))  # at once: the keys typed next go to the box

    @on(Input.Changed, "#events-search")
    def searched(self, event: Input.Changed) -> None:
        self.words = event.value.strip()
        self.paint()

    @on(Input.Submitted, "#events-search")
    def search_done(self) -> None:
        self.query_one(DataTable).focus()

    def action_back(self) -> None:
        """escape: out of the search box first (clearing it if it is
        already out), then back to the library."""
        search = self.query_one("#events-search", Input)
        if search.has_focus:
            self.query_one(DataTable).focus()
            return
        if self.words:
            search.value = ""
            self.words = ""
            self.paint()
            return
        self.app.pop_screen()

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()
