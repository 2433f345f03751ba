"""A query across sources: how often each source uses it, and each use in
context, the keyword in one column (the same core call as `newsreader
terms`). Several plain words ask which spelling each source uses: a column
per word, with its count. Enter on a line opens the article at that match."""

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
from reader.ui.screens.article import ArticleScreen
from reader.ui.table_keys import FirstLastRow, first_last_bindings
from reader.ui.widgets.key_bar import KeyBar

ID_WIDTH = 9  # the article id's first 8 characters and a space
TABLE_SHARE = 0.45  # of the screen's width at most for the sources table: the uses in context need the rest
SPELLING_SHARE = 0.6
MIN_CONTEXT = 8  # columns of left context at least, however narrow the pane


def kwic(line, width: int) -> Text:
    """One use in context, in a pane `width` wide: the keyword starts in the
    same column on every line (left context cut from its start, right
    context from its end)."""
    left, match, right = strip_controls(line.left), strip_controls(line.match), strip_controls(line.right)
    room = max(MIN_CONTEXT * 2, width - ID_WIDTH - len(match) - 1)
    left_width = max(MIN_CONTEXT, room * 2 // 5)
    if len(left) > left_width:
        left = "…" + left[len(left) - left_width + 1:]
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(line.id[:8] + " ", style="dim")
    text.append(left.rjust(left_width))
    text.append(match, style=MATCH_STYLE)
    text.append(right)
    text.truncate(max(width, ID_WIDTH + MIN_CONTEXT), overflow="ellipsis")  # the list would wrap it: one line a use
    return text


class KwicList(OptionList):
    """The uses in context, laid out again for its width when that changes
    (the sources table beside it is sized to its content)."""

    def on_resize(self) -> None:
        screen = self.screen
        if isinstance(screen, TermsScreen) and screen.report is not None:
            screen.show_lines(screen.shown)


class TermsScreen(FirstLastRow, NewsScreen):
    HELP_TITLE = "Terms across sources"
    HELP_ORDER = 40
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="terms.back"),
        Binding("j", "down", "Down", show=False, id="terms.down"),
        Binding("k", "up", "Up", show=False, id="terms.up"),
        *first_last_bindings("terms"),
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
            yield KwicList(id="terms-lines")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#terms-sources", DataTable).focus()
        self.shown = 0
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
        self.fill_sources()
        title = self.query_one("#terms-title", Static)
        if not report.sources:
            title.update(Text(f"No source uses {clean_inline(self.query_text)}", style="bold"))
        elif report.words:
            title.update(Text("Which spelling each source uses: " + " / ".join(clean_inline(w) for w in report.words),
                              style="bold"))
        self.show_lines(0)

    def fill_sources(self) -> None:
        """The sources table as wide as its content, up to TABLE_SHARE of the
        screen (the lines need the room): past that the source names are
        shortened, never the counts."""
        report = self.report
        table = self.query_one("#terms-sources", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        words = list(report.words)
        labels = [Text("source"), *(Text(clean_inline(w), justify="right") for w in words),
                  *([Text("spells it")] if words else []), Text("articles", justify="right"), Text("uses", justify="right")]
        rows = []
        for s in report.sources:
            counts = [Text(str(s.spellings.get(w, 0)), justify="right", style="" if s.spellings.get(w) else "dim")
                      for w in words]
            spelling = [Text(clean_inline(s.spelling))] if words else []
            rows.append([Text(clean_inline(s.source)), *counts, *spelling, Text(str(s.articles), justify="right"),
                         Text(str(s.count), justify="right")])
        widths = [max([label.cell_len] + [row[n].cell_len for row in rows]) for n, label in enumerate(labels)]
        frame = 2 * table.cell_padding * len(widths) + 2  # cell padding, the scrollbar and a border
        # A spelling question's answer is the table: it may take more.
        room = max(24, int(self.app.size.width * (SPELLING_SHARE if words else TABLE_SHARE)))
        over = sum(widths) + frame - room
        if over > 0:  # shorten the names, keep every count
            widths[0] = max(len("source"), widths[0] - over)
            for row in rows:
                row[0].truncate(widths[0], overflow="ellipsis")
        for n, label in enumerate(labels):
            table.add_column(label, width=widths[n], key=f"c{n}")
        for s, row in zip(report.sources, rows):
            table.add_row(*row, key=s.source)
        table.styles.width = sum(widths) + frame
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1))

    def on_resize(self) -> None:
        if self.report is not None:
            self.fill_sources()  # the lines follow when their pane's width changes (KwicList)

    def show_lines(self, index: int) -> None:
        lines = self.query_one("#terms-lines", OptionList)
        keep = lines.highlighted if index == self.shown else None  # laid out again: stay on the same use
        lines.clear_options()
        if not self.report or not self.report.sources:
            return
        self.shown = index = min(index, len(self.report.sources) - 1)
        source = self.report.sources[index]
        region = lines.scrollable_content_region
        width = region.width or max(40, self.app.size.width // 2)
        if not lines.show_vertical_scrollbar and len(source.lines) > region.height > 0:
            # the scrollbar these lines bring takes its columns with no resize to lay them out again: each use
            # wrapped onto a second line, cut to "fou…" (80 columns)
            width -= lines.styles.scrollbar_size_vertical
        lines.add_options([Option(kwic(line, width), id=f"{line.id}:{n}") for n, line in enumerate(source.lines)])
        if lines.option_count:  # a line chosen from the start: tab then enter opens it (it opened nothing)
            lines.highlighted = keep if keep is not None and keep < lines.option_count else 0

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_lines(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.query_one("#terms-lines", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Open the article at this use: its match is the one shown first."""
        if not self.report or not self.report.sources:
            return
        article_id, _, n = (event.option.id or "").partition(":")
        line = self.report.sources[self.shown].lines[int(n)]
        siblings = list(dict.fromkeys(x.id for x in self.report.sources[self.shown].lines))
        query = " OR ".join(self.report.words) if self.report.words else self.query_text
        self.news_app.open_article(article_id, query, siblings)
        if isinstance(self.app.screen, ArticleScreen):  # pushed now, mounted after this handler
            self.app.screen.start_at = line.start

    def action_down(self) -> None:
        focused = self.focused
        if focused is not None and hasattr(focused, "action_cursor_down"):
            focused.action_cursor_down()

    def action_up(self) -> None:
        focused = self.focused
        if focused is not None and hasattr(focused, "action_cursor_up"):
            focused.action_cursor_up()
