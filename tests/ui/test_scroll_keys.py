"""The reading keys scroll at once: keys that come faster than the screen
refreshes (a held j, a busy machine) each move it, in an article, in the
comparison and in the help (Textual's scroll_down waits for the next refresh
and starts from where the scroll stands: five j in a burst moved one line)."""

from __future__ import annotations

from reader.ui.screens.article import ArticleScreen
from reader.ui.screens.help import HelpScreen

from .conftest import wait_for


def burst(screen, action: str, times: int) -> None:
    """The action `times` times with no refresh between, as keys that came together."""
    for _ in range(times):
        getattr(screen, f"action_{action}")()


async def test_a_burst_of_reading_keys_scrolls_as_many_times_in_an_article(make_app, lib):
    app = make_app()
    longest = max(lib.listing(), key=lambda r: len(lib.get(r["id"]).text))["id"]
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_article(longest)
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen) and app.screen.query_one("#article"),
                       what="the article")
        scroller = app.screen.query_one("#article")
        await wait_for(pilot, lambda: scroller.max_scroll_y > 3 * scroller.size.height, what="the article laid out")
        burst(app.screen, "scroll_down", 5)
        assert scroller.scroll_y == 5
        burst(app.screen, "scroll_up", 2)
        assert scroller.scroll_y == 3
        page = scroller.scrollable_content_region.height
        burst(app.screen, "page_down", 2)
        assert scroller.scroll_y == 3 + 2 * page
        burst(app.screen, "half_up", 2)
        assert scroller.scroll_y == 3 + 2 * page - 2 * (scroller.size.height // 2)
        await pilot.pause()
        assert scroller.scroll_y == 3 + 2 * page - 2 * (scroller.size.height // 2)  # and it stays there


async def test_the_help_scrolls_with_the_reading_keys(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help")
        scroller = app.screen.query_one("#help")
        await wait_for(pilot, lambda: scroller.max_scroll_y > 20, what="the help laid out")
        burst(app.screen, "scroll_down", 5)
        assert scroller.scroll_y == 5
        await pilot.press("G")  # as in the article and the lists
        assert scroller.scroll_y == scroller.max_scroll_y
        await pilot.press("g")
        assert scroller.scroll_y == 0
        await pilot.press("ctrl+d")
        assert scroller.scroll_y == scroller.size.height // 2


async def test_a_page_key_before_the_layout_waits_for_it_rather_than_scroll_one_line():
    """A page is the scroller's height: ctrl+d pressed while the scroller has
    none yet (a screen just pushed) scrolled one line; it now waits for the
    layout and scrolls half a page."""
    from textual.app import App
    from textual.containers import VerticalScroll
    from textual.screen import Screen
    from textual.widgets import Static

    from reader.ui.scrolling import ScrollActions

    class Reading(ScrollActions, Screen):
        def compose(self):
            with VerticalScroll(id="text"):
                yield Static("\n".join(f"line {i}" for i in range(200)))

        def _scroller(self):
            return self.query_one("#text", VerticalScroll)

    class Tiny(App):
        def on_mount(self):
            self.push_screen(Reading())

    app = Tiny()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, Reading), what="the screen")
        scroller = app.screen.query_one("#text", VerticalScroll)
        scroller.display = False
        await wait_for(pilot, lambda: scroller.size.height == 0, what="the scroller hidden")
        app.screen.action_half_down()
        scroller.display = True  # laid out at the next refresh, as a screen just shown
        await wait_for(pilot, lambda: scroller.size.height > 0 and scroller.scroll_y > 1, what="half a page scrolled")
        await pilot.pause()
        assert scroller.scroll_y == scroller.size.height // 2
