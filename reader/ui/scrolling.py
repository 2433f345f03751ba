"""Scroll actions shared by the screens that read long text: each screen
says which container scrolls (_scroller) and binds the keys it wants."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll


def scroll_bindings(prefix: str) -> list[Binding]:
    """The reading keys, with ids under the screen's prefix ("article.down",
    "article.half_page_down"; reader.ui.keymap has the ids they replaced)."""
    keys = (
        ("j,down", "scroll_down", "Down", "down"),
        ("k,up", "scroll_up", "Up", "up"),
        ("g,home", "top", "Top", "top"),
        ("G,end", "bottom", "Bottom", "bottom"),
        ("ctrl+d", "half_down", "Half page down", "half_page_down"),
        ("ctrl+u", "half_up", "Half page up", "half_page_up"),
        ("space,pagedown", "page_down", "Page down", "full_page_down"),
        ("pageup", "page_up", "Page up", "full_page_up"),
    )
    return [Binding(key, action, text, show=False, id=f"{prefix}.{name}") for key, action, text, name in keys]


class ScrollActions:
    """Each scroll is done at once (immediate): Textual's default defers it to
    after the next refresh, from where the scroll stands now, so keys that
    come faster than the screen refreshes (a held j, a busy machine) were
    lost: five j in a burst moved one line."""

    def _scroller(self) -> VerticalScroll:
        raise NotImplementedError

    def action_scroll_down(self) -> None:
        self._scroller().scroll_down(animate=False, immediate=True)

    def action_scroll_up(self) -> None:
        self._scroller().scroll_up(animate=False, immediate=True)

    def action_top(self) -> None:
        self._scroller().scroll_home(animate=False, immediate=True)

    def action_bottom(self) -> None:
        self._scroller().scroll_end(animate=False, immediate=True)

    def action_half_down(self) -> None:
        s = self._scroller()
        s.scroll_relative(y=max(1, s.size.height // 2), animate=False, immediate=True)

    def action_half_up(self) -> None:
        s = self._scroller()
        s.scroll_relative(y=-max(1, s.size.height // 2), animate=False, immediate=True)

    def action_page_down(self) -> None:
        # scroll_page_down has no `immediate`: the same page, scrolled at once
        s = self._scroller()
        s.scroll_relative(y=s.scrollable_content_region.height, animate=False, immediate=True)

    def action_page_up(self) -> None:
        s = self._scroller()
        s.scroll_relative(y=-s.scrollable_content_region.height, animate=False, immediate=True)
