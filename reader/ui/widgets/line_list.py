"""What the library list and the results list share: rows drawn with
Textual's line API, a cursor laid over the row it is on, and styles looked
up once per paint rather than once per line."""

from __future__ import annotations

from rich.segment import Segment
from textual import events
from textual.scroll_view import ScrollView
from textual.strip import Strip

LISTS_HELP = "Moving in lists (also arrows, page keys, home/end; enter opens)"  # both lists' help section


class LineList(ScrollView, can_focus=True):
    CURSOR_CLASS = ""  # the component class that styles the cursor

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._base = self._cursor = None
        self._paint_width = 0

    def render_lines(self, crop):
        self._base = self.rich_style
        self._cursor = self.get_component_rich_style(self.CURSOR_CLASS, partial=True)
        self._paint_width = self.scrollable_content_region.width
        return super().render_lines(crop)

    def _on_focus(self, event: events.Focus) -> None:
        super()._on_focus(event)
        self.refresh()  # the cursor's colour says whether the list has focus

    def _on_blur(self, event: events.Blur) -> None:
        super()._on_blur(event)
        self.refresh()


def over(strip: Strip, style) -> Strip:
    """The strip with style laid over its own (a cursor's background wins
    over the row's)."""
    return Strip(Segment.apply_style(iter(strip), post_style=style), strip.cell_length)
