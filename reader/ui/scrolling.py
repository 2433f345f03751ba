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
    """A scroll by some lines is done at once while its target is laid out:
    Textual's default defers it to after the next refresh, computed from
    where the scroll stands now, so keys that came faster than the screen
    refreshes (a held j, a busy machine) were lost: five j in a burst moved
    one line. A target beyond what is laid out yet (a screen just shown) is
    left to after the refresh, which may lay out more; so are the top and the
    bottom of what is not laid out yet. A page's length is the scroller's
    height: pressed before the scroller has one (a screen just pushed), the
    key waits for the layout rather than scroll one line (up to 2 s: a
    scroller never shown drops it; a refresh may come with no layout, so
    the wait is on the clock, not on refreshes)."""

    def _scroller(self) -> VerticalScroll:
        raise NotImplementedError

    def _when_laid_out(self, action, tries: int = 0) -> bool:
        """True if the scroller has a height; else action is called again
        in 50 ms (up to 40 times) and False returned."""
        if self._scroller().size.height > 0:
            return True
        if tries < 40:
            self.set_timer(0.05, lambda: action(tries + 1))
        return False

    def _scroll_by(self, lines: int) -> None:
        s = self._scroller()
        y = max(0, s.scroll_target_y + lines)
        s.scroll_to(y=y, animate=False, immediate=y <= s.max_scroll_y)

    def action_scroll_down(self) -> None:
        self._scroll_by(1)

    def action_scroll_up(self) -> None:
        self._scroll_by(-1)

    def action_top(self) -> None:
        s = self._scroller()
        s.scroll_home(animate=False, immediate=s.max_scroll_y > 0)  # in the same order as the keys around it

    def action_bottom(self) -> None:
        s = self._scroller()
        s.scroll_end(animate=False, immediate=s.max_scroll_y > 0)

    def action_half_down(self, tries: int = 0) -> None:
        if self._when_laid_out(self.action_half_down, tries):
            self._scroll_by(max(1, self._scroller().size.height // 2))

    def action_half_up(self, tries: int = 0) -> None:
        if self._when_laid_out(self.action_half_up, tries):
            self._scroll_by(-max(1, self._scroller().size.height // 2))

    def action_page_down(self, tries: int = 0) -> None:
        if self._when_laid_out(self.action_page_down, tries):
            self._scroll_by(self._scroller().scrollable_content_region.height)

    def action_page_up(self, tries: int = 0) -> None:
        if self._when_laid_out(self.action_page_up, tries):
            self._scroll_by(-self._scroller().scrollable_content_region.height)
