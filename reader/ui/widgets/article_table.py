"""The library list: one row per article, loaded a page at a time.

Rows are drawn with Textual's line API: only the rows on screen are turned
into text, once, and the header stays in place while the rows scroll. A
DataTable measured and rendered every cell through Rich, which was a fifth
of the app's first screen.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from reader.core.models import NO_SOURCE
from reader.core.text.clean import clean_inline
from reader.render.console import short_date
from reader.ui.widgets.line_list import LISTS_HELP, LineList, over

PAGE = 100
GAP = 2  # columns between cells


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
        Text(clean_inline(row["source"]) or NO_SOURCE),
        title,
    )


def column_widths(width: int, longest_source: int | None = None) -> tuple[int, int, int, int]:
    """State, date, source and title widths: the source column no wider
    than its longest name (the header's at least), the title what is left."""
    source = 14 if width < 70 else 18 if width < 120 else 24
    if longest_source is not None:
        source = max(len("source"), min(source, longest_source))
    fixed = 1 + 2 + GAP + 10 + GAP + source + GAP
    return 2, 10, source, max(10, width - fixed - 1)


class ArticleTable(LineList):
    """Rows hold metadata only; more rows are fetched as the cursor nears
    the end, so a big library never loads whole."""

    HELP_TITLE = LISTS_HELP
    HELP_ORDER = 20
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g", "scroll_top", "First", show=False, id="list.first"),
        Binding("G", "scroll_bottom", "Last", show=False, id="list.last"),
        Binding("ctrl+d", "half_down", "Half page down", show=False, id="list.half_page_down"),
        Binding("ctrl+u", "half_up", "Half page up", show=False, id="list.half_page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="list.full_page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="list.full_page_up"),
        Binding("down", "cursor_down", show=False),  # no id: remapping the letter keeps the arrow
        Binding("up", "cursor_up", show=False),  # no id: remapping the letter keeps the arrow
        Binding("home", "scroll_top", show=False),  # no id: remapping the letter keeps the arrow
        Binding("end", "scroll_bottom", show=False),  # no id: remapping the letter keeps the arrow
        Binding("enter", "select", "Open", show=False, id="list.open"),
    ]
    COMPONENT_CLASSES = {"article-table--header", "article-table--cursor"}
    CURSOR_CLASS = "article-table--cursor"
    DEFAULT_CSS = """
    ArticleTable {
        background: $surface;
        & > .article-table--header { text-style: bold; background: $panel; color: $foreground; }
        & > .article-table--cursor { background: $block-cursor-blurred-background; }
        &:light > .article-table--cursor { color: $block-cursor-foreground; }  /* the text's own is dark on the dark cursor */
        &:focus > .article-table--cursor { background: $block-cursor-background; }
    }
    """

    cursor_row: reactive[int] = reactive(0, always_update=True, init=False)

    class NeedMore(Message):
        """The cursor is near the last loaded row."""

    class RowHighlighted(Message):
        def __init__(self, row: int) -> None:
            super().__init__()
            self.cursor_row = row

    class RowSelected(Message):
        def __init__(self, row: int) -> None:
            super().__init__()
            self.cursor_row = row

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows_data: list[dict] = []
        self.exhausted = False
        self.to_end = False  # G before every row is loaded: the cursor follows the rows in to the last
        self._filling = False
        self._lines: dict[int, Strip] = {}  # drawn for self._key
        self._key: tuple = ()
        self._header_style = None
        self._longest_source = 0  # of the rows loaded: the source column is no wider

    # --- rows ------------------------------------------------------------------
    @property
    def row_count(self) -> int:
        return len(self.rows_data)

    def set_rows(self, rows: list[dict], exhausted: bool) -> None:
        self._filling = True  # moving the cursor back is not the reader asking for more
        try:
            self.rows_data = []
            self.to_end = False
            self._lines.clear()
            self.scroll_to(y=0, animate=False)
            self.append_rows(rows, exhausted)
            self.cursor_row = 0
        finally:
            self._filling = False

    def append_rows(self, rows: list[dict], exhausted: bool) -> None:
        self.rows_data += rows
        longest = max((len(clean_inline(r["source"]) or NO_SOURCE) for r in self.rows_data), default=0)
        if longest != self._longest_source:
            self._longest_source = longest
            self._lines.clear()  # the columns moved
        self.exhausted = exhausted
        self.virtual_size = Size(1, len(self.rows_data) + 1)
        self.refresh()
        if self.to_end:
            self.to_end = not exhausted
            if rows:
                self.cursor_row = len(self.rows_data) - 1

    def update_row(self, row: dict) -> None:
        for i, existing in enumerate(self.rows_data):
            if existing["id"] == row["id"]:
                self.rows_data[i] = row
                self._lines.pop(i, None)
                self.refresh()
                return

    @property
    def current(self) -> dict | None:
        if not self.rows_data or not (0 <= self.cursor_row < len(self.rows_data)):
            return None
        return self.rows_data[self.cursor_row]

    def index_of(self, article_id: str) -> int | None:
        return next((i for i, r in enumerate(self.rows_data) if r["id"] == article_id), None)

    def unread_after(self, step: int) -> int | None:
        """The next unread row below the cursor (step 1) or above it (-1),
        among the rows loaded."""
        i = self.cursor_row + step
        while 0 <= i < len(self.rows_data):
            if not self.rows_data[i]["read"]:
                return i
            i += step
        return None

    def wants_more(self) -> bool:
        return not self.exhausted and bool(self.rows_data) and self.cursor_row >= len(self.rows_data) - 20

    # --- drawing -------------------------------------------------------------------
    def render_lines(self, crop):
        self._header_style = self.rich_style + self.get_component_rich_style("article-table--header", partial=True)
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self._paint_width
        if y == 0:
            return self._draw(self._header(), width).apply_style(self._header_style)
        index = self.scroll_offset.y + y - 1
        if not (0 <= index < len(self.rows_data)) or width <= 0:
            return Strip.blank(width, self._base)
        key = (width, self._base)
        if key != self._key:
            self._lines.clear()
            self._key = key
        strip = self._lines.get(index)
        if strip is None:
            strip = self._lines[index] = self._draw(row_cells(self.rows_data[index]), width).apply_style(self._base)
        if index == self.cursor_row:
            return over(strip, self._cursor)
        return strip

    @staticmethod
    def _header() -> tuple[Text, Text, Text, Text]:
        return Text(""), Text("date"), Text("source"), Text("title")

    def _draw(self, cells, width: int) -> Strip:
        segments = [Segment(" ")]
        for cell, size, last in zip(cells, column_widths(width, self._longest_source), (False, False, False, True)):
            cell = cell.copy()
            cell.truncate(size, overflow="ellipsis", pad=not last)
            segments += cell.render(self.app.console, end="")
            if not last:
                segments.append(Segment(" " * GAP))
        return Strip(segments).crop_extend(0, width, None)

    def on_resize(self) -> None:
        self.virtual_size = Size(1, len(self.rows_data) + 1)

    # --- the cursor ------------------------------------------------------------------
    def validate_cursor_row(self, row: int) -> int:
        return max(0, min(row, len(self.rows_data) - 1)) if self.rows_data else 0

    def watch_cursor_row(self, old: int, new: int) -> None:
        self.refresh()
        visible = max(1, self.scrollable_content_region.height - 1)
        top = self.scroll_offset.y
        if new < top:
            self.scroll_to(y=new, animate=False, immediate=True)
        elif new >= top + visible:
            self.scroll_to(y=new - visible + 1, animate=False, immediate=True)
        if self.rows_data:
            self.post_message(self.RowHighlighted(new))
        if self.wants_more() and not self._filling:
            self.post_message(self.NeedMore())

    def move_cursor(self, row: int) -> None:
        self.cursor_row = row

    def _move_by(self, delta: int) -> None:
        self.to_end = False
        if self.rows_data:
            self.cursor_row = self.cursor_row + delta

    def action_cursor_down(self) -> None:
        self._move_by(1)

    def action_cursor_up(self) -> None:
        self._move_by(-1)

    def action_scroll_top(self) -> None:
        self.to_end = False
        self.cursor_row = 0

    def action_scroll_bottom(self) -> None:
        self.to_end = not self.exhausted  # (the last loaded row asks for the rest: they come in one page)
        self.cursor_row = len(self.rows_data) - 1

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def action_half_down(self) -> None:
        self._move_by(max(1, self.size.height // 2))

    def action_half_up(self) -> None:
        self._move_by(-max(1, self.size.height // 2))

    def action_page_down(self) -> None:
        self._move_by(self._page())

    def action_page_up(self) -> None:
        self._move_by(-self._page())

    def action_select(self) -> None:
        if self.current is not None:
            self.post_message(self.RowSelected(self.cursor_row))

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            return
        index = self.scroll_offset.y + event.y - 1
        if 0 <= index < len(self.rows_data):
            if index == self.cursor_row:
                self.post_message(self.RowSelected(index))
            else:
                self.cursor_row = index
