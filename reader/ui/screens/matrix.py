"""Who mentions what: an event's entities and numbers down, its reports
across; o keeps what only one report says."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from reader.core.compare.matrix import build_matrix
from reader.core.models import NO_SOURCE
from reader.core.text.clean import clean_inline
from reader.render.console import ENTITY_STYLES
from reader.ui.access import NewsScreen
from reader.ui.messages import MatrixBuilt
from reader.ui.screens.event_coverage import fit
from reader.ui.table_keys import FirstLastRow, first_last_bindings
from reader.ui.widgets.key_bar import KeyBar


class MatrixScreen(FirstLastRow, NewsScreen):
    HELP_TITLE = "Who says what"
    HELP_ORDER = 70
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="matrix.back"),
        Binding("o", "only_one", "Only one says it", id="matrix.only_one"),
        Binding("j", "cursor_down", "Down", show=False, id="matrix.down"),
        Binding("k", "cursor_up", "Up", show=False, id="matrix.up"),
        *first_last_bindings("matrix"),
    ]

    def __init__(self, event) -> None:
        super().__init__()
        self.event = event
        self.matrix = None
        self._painted_width = 0
        self.only_one = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(f"Who says what: {clean_inline(self.event.title)}", style="bold"), id="matrix-title")
        yield Static(id="matrix-legend")
        yield DataTable(cursor_type="row", id="matrix-table")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.load()

    @work(thread=True, exclusive=True, group="matrix")
    def load(self) -> None:
        app = self.news_app
        with app.lib_lock:
            found = app.lib.store.get_many(list(self.event.article_ids))
        articles = [found[i] for i in self.event.article_ids if i in found]
        mentions = {a.id: app.mentions_for(a)[1] for a in articles}
        self.post_message(MatrixBuilt(build_matrix(articles, lambda a: mentions[a.id])))

    @on(MatrixBuilt)
    def show(self, event: MatrixBuilt) -> None:
        self.matrix = matrix = event.matrix
        legend = Text()
        for n, a in enumerate(matrix.articles):
            legend.append(f"{_column(n)} ", style="bold")
            legend.append(clean_inline(a.source) or NO_SOURCE)
            legend.append(f"  {a.id[:8]}   ", style="dim")
        self.query_one("#matrix-legend", Static).update(legend)
        self.paint()

    def on_resize(self) -> None:
        if self.matrix is not None and self._label_width(self._matrix_rows()) != self._painted_width:
            self.paint()  # the names' column fits the new width

    def _label_width(self, rows) -> int:
        """The names' column: as wide as the longest name, but leaving room
        for every report's column (a 54-character company name hid the fifth
        report at 80 columns, and scrolling right took the names away)."""
        longest = max((len(clean_inline(r.label)) for r in rows), default=4)
        counts = max((len(str(c)) for r in rows for c in r.counts), default=1)
        others = 10 + len(self.matrix.articles) * (max(2, counts) + 2) + 4  # type, the reports, the edges
        return max(12, min(longest, (self.size.width or self.app.size.width) - others))

    def _matrix_rows(self):
        return self.matrix.only_one() if self.only_one else list(self.matrix.rows)

    def paint(self) -> None:
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        rows = self._matrix_rows()
        width = self._painted_width = self._label_width(rows)
        table.add_column("", key="label", width=width)
        table.add_column("type", key="type")
        for n, _ in enumerate(self.matrix.articles):
            table.add_column(_column(n), key=f"c{n}")
        for r, row in enumerate(rows):
            style = ENTITY_STYLES.get(row.type, "") if row.kind == "entity" else "bold"
            cells = [Text(fit(clean_inline(row.label), width), style=style), Text(row.type.lower(), style="dim")]
            cells += [Text(str(c) if c else "·", style="bold" if c else "dim") for c in row.counts]
            table.add_row(*cells, key=f"r{r}")
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1))  # (a resize repaints: the reader's row stays)

    def action_only_one(self) -> None:
        self.only_one = not self.only_one
        if self.matrix is not None:
            self.paint()

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()


def _column(n: int) -> str:
    return chr(ord("A") + n) if n < 26 else f"R{n + 1}"
