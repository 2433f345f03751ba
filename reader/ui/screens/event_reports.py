"""One event's reports, with source, date and length, to compare: space
marks one, space on another compares the two; n compares the marked report
(or the first) with each of the others in turn."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from reader.core.events.cluster import Event
from reader.core.events.views import coverage, pairs_to_compare
from reader.core.models import NO_SOURCE
from reader.core.text.clean import clean_inline
from reader.render.console import short_date
from reader.ui.access import NewsScreen
from reader.ui.screens.event_coverage import coverage_text, fit, reports_of
from reader.ui.table_keys import FirstLastRow, first_last_bindings
from reader.ui.widgets.key_bar import KeyBar

MARK_W, SOURCE_W, DATE_W, WORDS_W = 1, 18, 10, 6
CHROME = 2 + 2 * 5  # the scrollbar and each of the five columns' padding


class EventReportsScreen(FirstLastRow, NewsScreen):
    HELP_TITLE = "An event's reports"
    HELP_ORDER = 65
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="event_reports.back"),
        Binding("space,enter", "mark", "Compare", id="event_reports.mark"),
        Binding("n", "next_pair", "Next pair", id="event_reports.next"),
        Binding("o", "read", "Read", id="event_reports.read"),
        Binding("m", "matrix", "Who says what", id="event_reports.matrix"),
        Binding("v", "voices", "Voices", id="event_reports.voices"),
        Binding("j", "cursor_down", "Down", show=False, id="event_reports.down"),
        Binding("k", "cursor_up", "Up", show=False, id="event_reports.up"),
        *first_last_bindings("event_reports"),
    ]

    def __init__(self, event: Event, rows: dict[str, dict]) -> None:
        super().__init__()
        self.event = event
        self.reports = reports_of(event, rows)
        self.marked: str | None = None
        self.step = -1  # the last of pairs_to_compare(marked) that n opened

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(clean_inline(self.event.title), style="bold"), id="event-title")
        yield Static(coverage_text(coverage(self.reports)), id="event-coverage")
        yield DataTable(cursor_type="row", id="event-reports")
        yield Static(id="event-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.paint()
        self.say("space: mark one, then another to compare · n: the marked one against the next")

    def on_resize(self) -> None:
        self.paint()

    def paint(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        title_w = max(12, self.size.width - CHROME - MARK_W - SOURCE_W - DATE_W - WORDS_W)
        table.clear(columns=True)
        table.add_column("", key="mark", width=MARK_W)
        table.add_column("source", key="source", width=SOURCE_W)
        table.add_column("date", key="date", width=DATE_W)
        table.add_column("words", key="words", width=WORDS_W)
        table.add_column("title", key="title", width=title_w)
        for r in self.reports:
            marked = r.id == self.marked
            table.add_row(Text("*" if marked else " ", style="bold"),
                          Text(fit(r.source or NO_SOURCE, SOURCE_W), style="bold" if marked else ""),
                          Text(short_date(r.published), style="dim"),
                          Text(f"{r.words:,}".rjust(WORDS_W)),
                          Text(fit(r.title, title_w), style="reverse" if marked else ""), key=r.id)
        if 0 <= row < len(self.reports):
            table.move_cursor(row=row)

    def say(self, note: str) -> None:
        self.query_one("#event-status", Static).update(Text(note, style="dim"))

    def current(self) -> str | None:
        row = self.query_one(DataTable).cursor_row
        return self.reports[row].id if 0 <= row < len(self.reports) else None

    def source_of(self, article_id: str) -> str:
        return next((clean_inline(r.source) or NO_SOURCE for r in self.reports if r.id == article_id), "?")

    @on(DataTable.RowSelected, "#event-reports")
    def selected(self) -> None:
        self.action_mark()

    def action_mark(self) -> None:
        here = self.current()
        if here is None:
            return
        if self.marked is None or self.marked == here:
            self.marked = None if self.marked == here else here
            self.step = -1
            self.paint()
            self.say(f"marked {self.source_of(here)}: space on another report compares the two"
                     if self.marked else "unmarked")
            return
        self.compare(self.marked, here)

    def action_next_pair(self) -> None:
        pairs = pairs_to_compare(self.event, self.marked)
        if not pairs:
            return
        self.step = (self.step + 1) % len(pairs)
        a, b = pairs[self.step]
        self.say(f"comparison {self.step + 1} of {len(pairs)}: {self.source_of(a)} against {self.source_of(b)}"
                 " · n for the next")
        self.compare(a, b)

    def compare(self, a: str, b: str) -> None:
        self.news_app.open_compare(a, b, list(self.event.article_ids))

    def action_read(self) -> None:
        if (here := self.current()) is not None:
            self.news_app.open_article(here, siblings=list(self.event.article_ids))

    def action_matrix(self) -> None:
        from reader.ui.screens.matrix import MatrixScreen  # loaded when first shown (start-up time)

        self.app.push_screen(MatrixScreen(self.event))

    def action_voices(self) -> None:
        from reader.ui.screens.voices import VoicesScreen  # loaded when first shown (start-up time)

        self.app.push_screen(VoicesScreen(self.event))

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()
