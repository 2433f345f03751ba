"""g and G on the screens that list rows in a table (events, an event's
reports, voices, versions, feeds, saved searches, terms): to the first and
the last row, as in the library's list, less and vim; ctrl+d and ctrl+u half
a page down and up, as there. The tables' own
home / end scroll sideways; ctrl+home / ctrl+end go to the ends as well."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable, OptionList


def first_last_bindings(prefix: str) -> list[Binding]:
    """g / G, with ids under the screen's prefix ("events.first")."""
    return [Binding("g", "first_row", "First", show=False, id=f"{prefix}.first"),
            Binding("G", "last_row", "Last", show=False, id=f"{prefix}.last"),
            Binding("ctrl+d", "half_page_rows(1)", "Half page down", show=False, id=f"{prefix}.half_page_down"),
            Binding("ctrl+u", "half_page_rows(-1)", "Half page up", show=False, id=f"{prefix}.half_page_up")]


class FirstLastRow:
    """The actions of first_last_bindings, on the table or list that has the
    focus (the first table of the screen when none has)."""

    def _first_last_target(self):
        focused = self.focused
        if isinstance(focused, (DataTable, OptionList)):
            return focused
        tables = self.query(DataTable)
        return tables.first() if tables else None

    def action_first_row(self) -> None:
        rows = self._first_last_target()
        if isinstance(rows, DataTable):
            rows.action_scroll_top()
        elif isinstance(rows, OptionList):
            rows.action_first()

    def action_last_row(self) -> None:
        rows = self._first_last_target()
        if isinstance(rows, DataTable):
            rows.action_scroll_bottom()
        elif isinstance(rows, OptionList):
            rows.action_last()

    def action_half_page_rows(self, direction: int) -> None:
        rows = self._first_last_target()
        if isinstance(rows, DataTable) and rows.row_count:
            step = max(1, rows.scrollable_content_region.height // 2)
            rows.move_cursor(row=max(0, min(rows.row_count - 1, rows.cursor_row + direction * step)))
        elif isinstance(rows, OptionList) and rows.option_count:
            step = max(1, rows.scrollable_content_region.height // 2)
            rows.highlighted = max(0, min(rows.option_count - 1, (rows.highlighted or 0) + direction * step))
