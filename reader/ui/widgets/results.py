"""Search results: title, source and date, and a snippet with the matched
words highlighted. Built from Text, never from markup strings.

Every result takes the same number of lines, and only the lines on screen
are rendered: an OptionList wrapped all thirty results on each search and
again on each paint, which cost a reader about 100 ms per query.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from reader.core.models import NO_SOURCE, Hit
from reader.core.text.clean import clean_inline
from reader.render.console import MATCH_STYLE, highlighted, short_date
from reader.ui.widgets.line_list import LISTS_HELP, LineList, over

SNIPPET_LINES = 3
NEAR_END = 10  # results from the end at which more are asked for
ENTRY_LINES = 2 + SNIPPET_LINES + 1  # title, source line, snippet, a blank separator
PAD = 1


def _parts(hit: Hit, unread: bool) -> tuple[Text, Text, Text]:
    title = highlighted(hit.title, hit.title_matches, "underline")
    title.stylize("bold")
    meta = Text()
    if unread:
        meta.append("● ", style="bold")  # as the library list marks it
    meta.append(clean_inline(hit.source) or NO_SOURCE, style="italic")
    meta.append(f"  {short_date(hit.published)}  {hit.id[:8]}", style="dim")
    snippet = highlighted(hit.snippet.text, hit.snippet.matches, MATCH_STYLE)
    return title, meta, snippet


class ResultList(LineList):
    HELP_TITLE = LISTS_HELP
    HELP_ORDER = 21
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="results.down"),
        Binding("k", "cursor_up", "Up", show=False, id="results.up"),
        Binding("g", "first", "First", show=False, id="results.first"),
        Binding("G", "last", "Last", show=False, id="results.last"),
        # each result is a match: n / N step them, as after a search in less and vim
        Binding("n", "cursor_down", "Next match", show=False, id="results.next_match"),
        Binding("N", "cursor_up", "Previous match", show=False, id="results.previous_match"),
        # half a page, as in every other list and in less and vim (it was a whole page here)
        Binding("ctrl+d", "half_page(1)", "Half page down", show=False, id="results.half_page_down"),
        Binding("ctrl+u", "half_page(-1)", "Half page up", show=False, id="results.half_page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="results.full_page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="results.full_page_up"),
        Binding("down", "cursor_down", show=False),  # no id: remapping the letter keeps the arrow
        Binding("up", "cursor_up", show=False),  # no id: remapping the letter keeps the arrow
        Binding("home", "first", show=False),  # no id: remapping the letter keeps the arrow
        Binding("end", "last", show=False),  # no id: remapping the letter keeps the arrow
        Binding("enter", "select", "Open", show=False, id="results.open"),
    ]
    COMPONENT_CLASSES = {"result-list--cursor"}
    CURSOR_CLASS = "result-list--cursor"
    DEFAULT_CSS = """
    ResultList {
        background: $surface;
        & > .result-list--cursor { background: $block-cursor-blurred-background; }
        &:light > .result-list--cursor { color: $block-cursor-foreground; }  /* the text's own is dark on the dark cursor */
        &:focus > .result-list--cursor { background: $block-cursor-background; }
    }
    """

    highlighted: reactive[int | None] = reactive(None, always_update=True)

    class Highlighted(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class Selected(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class NeedMore(Message):
        """The cursor is near the last result shown, and there are more."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.hits: list[Hit] = []
        self.total = 0  # matches of the query, shown or not
        self.to_end = False  # G before every match is shown: the cursor follows them in to the last
        self.unread: set[str] = set()  # the ids among hits not read yet
        self._lines: dict[int, list[Strip]] = {}  # laid out for self._key
        self._key: tuple = ()

    # --- content -----------------------------------------------------------
    def show_hits(self, hits: list[Hit], total: int | None = None) -> None:
        self.hits = list(hits)
        self.to_end = False
        self.total = len(self.hits) if total is None else total
        self._lines.clear()
        self.virtual_size = Size(1, len(self.hits) * ENTRY_LINES)
        self.scroll_to(y=0, animate=False)
        self.highlighted = 0 if self.hits else None
        self.refresh()

    def append_hits(self, hits: list[Hit], total: int) -> None:
        """More of the same query's matches, after those shown."""
        self.hits += hits
        self.total = total
        self.virtual_size = Size(1, len(self.hits) * ENTRY_LINES)
        self.refresh()
        if self.to_end:
            self._move_to(len(self.hits) - 1, to_end=len(self.hits) < self.total)

    def set_unread(self, ids: set[str]) -> None:
        if ids != self.unread:
            self.unread = set(ids)
            self._lines.clear()
            self.refresh()

    def wants_more(self) -> bool:
        return len(self.hits) < self.total and (self.highlighted or 0) >= len(self.hits) - NEAR_END

    def index_of(self, article_id: str) -> int | None:
        return next((i for i, h in enumerate(self.hits) if h.id == article_id), None)

    def unread_after(self, step: int, unread: set[str]) -> int | None:
        """The next result below the cursor (step 1) or above it (-1) whose
        id is in unread, among those shown."""
        i = (self.highlighted or 0) + step
        while 0 <= i < len(self.hits):
            if self.hits[i].id in unread:
                return i
            i += step
        return None

    @property
    def current(self) -> Hit | None:
        if self.highlighted is None or not (0 <= self.highlighted < len(self.hits)):
            return None
        return self.hits[self.highlighted]

    def on_resize(self) -> None:
        self.virtual_size = Size(1, len(self.hits) * ENTRY_LINES)

    def _entry(self, index: int, width: int, style) -> list[Strip]:
        key = (width, style)
        if key != self._key:
            self._lines.clear()
            self._key = key
        lines = self._lines.get(index)
        if lines is None:
            lines = self._lines[index] = [s.apply_style(style) for s in self._layout(self.hits[index], width)]
        return lines

    def _layout(self, hit: Hit, width: int) -> list[Strip]:
        inner = max(1, width - 2 * PAD)
        title, meta, snippet = _parts(hit, hit.id in self.unread)
        title.truncate(inner, overflow="ellipsis")
        meta.truncate(inner, overflow="ellipsis")
        wrapped = list(snippet.wrap(self.app.console, inner))
        if len(wrapped) > SNIPPET_LINES:
            last = wrapped[SNIPPET_LINES - 1]
            last.truncate(inner - 1)
            last.rstrip()
            last.append("…")
            wrapped = wrapped[:SNIPPET_LINES]
        wrapped += [Text()] * (SNIPPET_LINES - len(wrapped))
        return [self._strip(t, width) for t in (title, meta, *wrapped, Text())]

    def _strip(self, text: Text, width: int) -> Strip:
        segments = [Segment(" " * PAD), *text.render(self.app.console, end="")]
        return Strip(segments).crop_extend(0, width, None)

    def render_line(self, y: int) -> Strip:
        width = self._paint_width
        line = self.scroll_offset.y + y
        index, row = divmod(line, ENTRY_LINES)
        if index >= len(self.hits) or width <= 0:
            return Strip.blank(width, self._base)
        strip = self._entry(index, width, self._base)[row]
        if index == self.highlighted and row < ENTRY_LINES - 1:
            return over(strip, self._cursor)
        return strip

    # --- the cursor ----------------------------------------------------------
    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        if new is None:
            return
        self.refresh()
        self.scroll_to_region(Region(0, new * ENTRY_LINES, 1, ENTRY_LINES - 1), animate=False, immediate=True)
        self.post_message(self.Highlighted(new))
        if self.wants_more():
            self.post_message(self.NeedMore())

    def _move_to(self, index: int, to_end: bool = False) -> None:
        self.to_end = to_end
        if self.hits:
            self.highlighted = max(0, min(len(self.hits) - 1, index))

    def action_cursor_down(self) -> None:
        self._move_to(0 if self.highlighted is None else self.highlighted + 1)

    def action_cursor_up(self) -> None:
        self._move_to((self.highlighted or 0) - 1)

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(len(self.hits) - 1, to_end=len(self.hits) < self.total)

    def _page(self) -> int:
        return max(1, self.size.height // ENTRY_LINES)

    def action_page_down(self) -> None:
        self._move_to((self.highlighted or 0) + self._page())

    def action_page_up(self) -> None:
        self._move_to((self.highlighted or 0) - self._page())

    def action_half_page(self, direction: int) -> None:
        self._move_to((self.highlighted or 0) + direction * max(1, self._page() // 2))

    def action_select(self) -> None:
        if self.current is not None:
            self.post_message(self.Selected(self.highlighted))

    def on_click(self, event: events.Click) -> None:
        index = (self.scroll_offset.y + event.y) // ENTRY_LINES
        if 0 <= index < len(self.hits):
            self.highlighted = index
            self.post_message(self.Selected(index))
