"""Scroll actions shared by the screens that read long text: each screen
says which container scrolls (_scroller) and binds the keys it wants."""

from __future__ import annotations

from textual.containers import VerticalScroll


class ScrollActions:
    def _scroller(self) -> VerticalScroll:
        raise NotImplementedError

    def action_scroll_down(self) -> None:
        self._scroller().scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        self._scroller().scroll_up(animate=False)

    def action_top(self) -> None:
        self._scroller().scroll_home(animate=False)

    def action_bottom(self) -> None:
        self._scroller().scroll_end(animate=False)

    def action_half_down(self) -> None:
        s = self._scroller()
        s.scroll_relative(y=max(1, s.size.height // 2), animate=False)

    def action_half_up(self) -> None:
        s = self._scroller()
        s.scroll_relative(y=-max(1, s.size.height // 2), animate=False)

    def action_page_down(self) -> None:
        self._scroller().scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self._scroller().scroll_page_up(animate=False)
