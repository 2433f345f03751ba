"""A query across sources: how often each source uses it, and each use in
context (the same core call as `newsreader terms`)."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Header, OptionList, Static
from textual.widgets.option_list import Option

from reader.core.search.query import QueryError
from reader.core.text.clean import clean_inline, strip_controls
from reader.render.console import MATCH_STYLE
from reader.ui.access import NewsScreen
from reader.ui.messages import TermsCounted, TermsFailed
from reader.ui.widgets.key_bar import KeyBar


class TermsScreen(NewsScreen):
    HELP_TITLE = "Terms across sources"
    HELP_ORDER = 40
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="terms.back"),
        Binding("j", "down", "Down", show=False, id="terms.down"),
        Binding("k", "up", "Up", show=False, id="terms.up"),
    ]

    def __init__(self, query: str) -> None:
        super().__init__()
        self.query_text = query
        self.report = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(f"Across sources: {clean_inline(self.query_text)}", style="bold"), id="terms-title")
        with Horizontal(id="terms-panes"):
            yield DataTable(cursor_type="row", id="terms-sources")
            yield OptionList(id="terms-lines")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#terms-sources", DataTable)
        table.add_column("source", key="source")
        table.add_column("articles", key="articles")
        table.add_column("uses", key="uses")
        table.focus()
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        try:
            with self.news_app.lib_lock:
                report = self.news_app.lib.terms(self.query_text)
        except QueryError as exc:
            self.post_message(TermsFailed(str(exc)))
            return
        self.post_message(TermsCounted(report))

    @on(TermsFailed)
    def _failed(self, event: TermsFailed) -> None:
        self.notify(event.reason, severity="error", markup=False)

    @on(TermsCounted)
    def show(self, event: TermsCounted) -> None:
        self.report = report = event.report
        table = self.query_one("#terms-sources", DataTable)
        table.clear()
        for s in report.sources:
            table.add_row(Text(clean_inline(s.source)), Text(str(s.articles)), Text(str(s.count)), key=s.source)
        if not report.sources:
            self.query_one("#terms-title", Static).update(Text(f"No source uses {clean_inline(self.query_text)}", style="bold"))
        self.show_lines(0)

    def show_lines(self, index: int) -> None:
        lines = self.query_one("#terms-lines", OptionList)
        lines.clear_options()
        if not self.report or not self.report.sources:
            return
        source = self.report.sources[min(index, len(self.report.sources) - 1)]
        options = []
        for n, line in enumerate(source.lines):
            text = Text()
            text.append(line.id[:8] + " ", style="dim")
            text.append(strip_controls(line.left))
            text.append(strip_controls(line.match), style=MATCH_STYLE)
            text.append(strip_controls(line.right))
            options.append(Option(text, id=f"{line.id}:{n}"))
        lines.add_options(options)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_lines(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.query_one("#terms-lines", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        article_id = (event.option.id or "").split(":")[0]
        if article_id:
            self.news_app.open_article(article_id, self.query_text, [article_id])

    def action_down(self) -> None:
        focused = self.focused
        if focused is not None and hasattr(focused, "action_cursor_down"):
            focused.action_cursor_down()

    def action_up(self) -> None:
        focused = self.focused
        if focused is not None and hasattr(focused, "action_cursor_up"):
            focused.action_cursor_up()
