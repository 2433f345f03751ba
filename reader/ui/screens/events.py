"""Events: reports of one happening grouped; enter compares two of them,
m shows who mentions what across all of them."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from reader.core.text.clean import clean_inline
from reader.render.console import short_date
from reader.ui.access import NewsScreen
from reader.ui.messages import EventsGrouped
from reader.ui.widgets.key_bar import KeyBar


class EventsScreen(NewsScreen):
    HELP_TITLE = "Events"
    HELP_ORDER = 60
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="events.back"),
        Binding("enter", "compare", "Compare", id="events.compare"),
        Binding("m", "matrix", "Who says what", id="events.matrix"),
        Binding("a", "toggle_all", "Single reports too", id="events.all"),
        Binding("j", "cursor_down", "Down", show=False, id="events.down"),
        Binding("k", "cursor_up", "Up", show=False, id="events.up"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.events = []
        self.min_count = 2

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("grouping reports into events…", style="dim"), id="events-status")
        yield DataTable(cursor_type="row", id="events-table")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, key in (("event", "title"), ("dates", "dates"), ("reports", "reports"), ("sources", "sources")):
            table.add_column(label, key=key)
        table.focus()
        self.load()

    @work(thread=True, exclusive=True, group="events")
    def load(self) -> None:
        with self.news_app.lib_lock:
            events = self.news_app.lib.events(min_count=self.min_count)
        self.post_message(EventsGrouped(events))

    @on(EventsGrouped)
    def show(self, event: EventsGrouped) -> None:
        self.events = events = event.events
        table = self.query_one(DataTable)
        table.clear()
        for e in events:
            if e.first is None:
                dates = "no date"
            elif e.last is None or short_date(e.last) == short_date(e.first):
                dates = short_date(e.first)
            else:
                dates = f"{short_date(e.first)} – {short_date(e.last)}"
            table.add_row(Text(clean_inline(e.title)), Text(dates, style="dim"), Text(str(e.count)),
                          Text(", ".join(clean_inline(s) for s in e.sources[:4]) + (" …" if len(e.sources) > 4 else "")),
                          key=e.id)
        what = "events with two or more reports" if self.min_count > 1 else "events"
        self.query_one("#events-status", Static).update(
            Text(f"{len(events)} {what} · enter compares two reports · m who says what · a toggles single reports",
                 style="dim"))

    def current(self):
        table = self.query_one(DataTable)
        if not self.events or not 0 <= table.cursor_row < len(self.events):
            return None
        return self.events[table.cursor_row]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_compare()

    def action_compare(self) -> None:
        e = self.current()
        if e is None:
            return
        if e.count < 2:
            self.news_app.open_article(e.article_ids[0])
            return
        self.news_app.open_compare(e.article_ids[0], e.article_ids[1], list(e.article_ids))

    def action_matrix(self) -> None:
        from reader.ui.screens.matrix import MatrixScreen  # loaded when first shown (start-up time)

        e = self.current()
        if e is not None:
            self.app.push_screen(MatrixScreen(e))

    def action_toggle_all(self) -> None:
        self.min_count = 1 if self.min_count > 1 else 2
        self.load()

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()
