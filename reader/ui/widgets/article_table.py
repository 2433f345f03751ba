"""The library list: one row per article, loaded a page at a time."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from ...core.text import clean_inline
from ...render import short_date

PAGE = 100


def row_cells(row: dict) -> tuple[Text, Text, Text, Text]:
    state = Text()
    state.append("●" if not row["read"] else " ", style="bold")
    state.append("★" if row["bookmarked"] else " ", style="bold")
    title = Text(clean_inline(row["title"]))
    if not row["read"]:
        title.stylize("bold")
    return (
        state,
        Text(short_date(row["published"]) if row["published"] else "—", style="dim"),
        Text(clean_inline(row["source"]) or "(unknown)", no_wrap=True, overflow="ellipsis"),
        title,
    )


class ArticleTable(DataTable):
    """Rows hold metadata only; more rows are fetched as the cursor nears
    the end, so a big library never loads whole."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g", "scroll_top", "First", show=False, id="list.first"),
        Binding("G", "scroll_bottom", "Last", show=False, id="list.last"),
        Binding("ctrl+d", "page_down", "Half page down", show=False, id="list.page_down"),
        Binding("ctrl+u", "page_up", "Half page up", show=False, id="list.page_up"),
    ]

    class NeedMore(Message):
        """The cursor is near the last loaded row."""

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self.rows_data: list[dict] = []
        self.exhausted = False
        self._filling = False

    def on_mount(self) -> None:
        self.add_column("", key="state", width=2)
        self.add_column("date", key="date", width=10)
        self.add_column("source", key="source", width=18)
        self.add_column("title", key="title", width=40)
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """The title takes whatever width the other columns leave."""
        width = self.size.width
        if not width:
            return
        source_width = 14 if width < 70 else 18 if width < 120 else 24
        fixed = 2 + 10 + source_width + 2 * self.cell_padding * 4 + 1  # +1 for the scrollbar
        cols = self.columns
        cols["source"].width = source_width  # type: ignore[index]
        cols["title"].width = max(10, width - fixed)  # type: ignore[index]
        for key in ("source", "title"):
            cols[key].auto_width = False  # type: ignore[index]
        self._require_update_dimensions = True
        self.refresh()

    def set_rows(self, rows: list[dict], exhausted: bool) -> None:
        self._filling = True  # clearing moves the cursor; that is not the reader asking for more
        try:
            self.clear()
            self.rows_data = []
            self.append_rows(rows, exhausted)
        finally:
            self._filling = False

    def append_rows(self, rows: list[dict], exhausted: bool) -> None:
        for row in rows:
            self.add_row(*row_cells(row), key=row["id"])
        self.rows_data += rows
        self.exhausted = exhausted

    def update_row(self, row: dict) -> None:
        for i, existing in enumerate(self.rows_data):
            if existing["id"] == row["id"]:
                self.rows_data[i] = row
                cells = row_cells(row)
                for key, cell in zip(("state", "date", "source", "title"), cells):
                    self.update_cell(row["id"], key, cell)
                return

    @property
    def current(self) -> dict | None:
        if not self.rows_data or self.cursor_row < 0 or self.cursor_row >= len(self.rows_data):
            return None
        return self.rows_data[self.cursor_row]

    def watch_cursor_coordinate(self, old, new) -> None:
        super().watch_cursor_coordinate(old, new)
        if self.wants_more() and not self._filling:
            self.post_message(self.NeedMore())

    def wants_more(self) -> bool:
        return not self.exhausted and bool(self.rows_data) and self.cursor_row >= len(self.rows_data) - 20

    def action_page_down(self) -> None:
        self._move_by(max(1, self.size.height // 2))

    def action_page_up(self) -> None:
        self._move_by(-max(1, self.size.height // 2))

    def _move_by(self, delta: int) -> None:
        if self.row_count:
            self.move_cursor(row=max(0, min(self.row_count - 1, self.cursor_row + delta)))
