"""What the screens ask of the app to move between screens and act on an
article: open an article, its terms, a comparison, the feeds, the help; go
back to the library to search or filter; toggle read or bookmarked, open or
copy a URL. NewsApp (reader.ui.app) adds start-up and background work; the
screens see both through reader.ui.access.NewsAppAPI."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import replace
from threading import RLock

from textual.app import App
from textual.message import Message
from textual.widgets import Input

from reader.core.library import Library
from reader.core.links import browser_url
from reader.core.text.clean import clean_inline, clip_at_word
from reader.ui.handoff import open_link, system_browser_problem
from reader.ui.keymap import current_ids
from reader.ui.messages import ArticleStateChanged
from reader.ui.screens.library import LibraryScreen
from reader.ui.services.background import Background
from reader.ui.services.entities import EntityProcess
from reader.ui.services.read_state import ReadState
from reader.ui.widgets.clean_input import clean_line

STATE_NOTES = {"read": ("marked unread", "marked read"), "bookmarked": ("bookmark removed", "bookmarked")}


class Navigation(App):
    """The app's calls that screens share; NewsApp sets the attributes."""

    lib: Library
    lib_lock: RLock
    user_keymap: dict[str, str]
    background: Background
    entity_process: EntityProcess  # the background entity extraction (reader.ui.services.entities)
    library_screen: LibraryScreen  # the first screen, at the bottom of the stack while the app runs
    compare_first: str | None = None  # the article c was pressed on first
    read_state: ReadState  # the read and bookmark changes that u undoes
    last_opened: str | None = None  # the article read last, for the list to put its cursor on

    def entities_paused(self) -> AbstractContextManager[None]:
        """The background entity extraction ended, from a worker thread, while
        the caller takes the write lock for long (EntityProcess.paused)."""
        return self.entity_process.paused()

    def tell_screens(self, message: Message) -> None:
        """Pass a message to every screen on the stack, a copy each (a message
        is handled once); screens that do not handle it ignore it."""
        for screen in self.screen_stack:
            screen.post_message(replace(message))

    def mark_for_compare(self, article_id: str) -> None:
        """c on one article, then c on another: the two side by side."""
        if self.compare_first == article_id:  # c again on it: the way out, as space on a marked report
            self.compare_first = None
            self.notify("not comparing it: c on an article starts again", timeout=3)
            return
        if self.compare_first is None:
            self.compare_first = article_id
            with self.lib_lock:
                title = self.lib.get(article_id).title
            self.notify("compare: " + clean_inline(title)[:60] + " — now press c on another article", timeout=4,
                        markup=False)
            return
        first, self.compare_first = self.compare_first, None
        self.open_compare(first, article_id)

    def open_compare(self, a_id: str, b_id: str, reports: list[str] | None = None, at: int | None = None) -> None:
        self.background.prepare_comparison(a_id, b_id, reports, at)

    def open_article(self, article_id: str, query: str = "", siblings: list[str] | None = None) -> None:
        from reader.ui.screens.article import ArticleScreen  # loaded when first shown (start-up time)

        with self.lib_lock:
            article = self.lib.get(article_id)
            # a change like r's, so that u right after takes back this one, not an older one under it
            note = "opened (marked read): " + clip_at_word(article.title, 50)
            self.read_state.change(self.lib, [article_id], "read", True, note)
        self.last_opened = article_id
        self.tell_screens(ArticleStateChanged(article_id))
        self.push_screen(ArticleScreen(article, query, siblings))

    def open_terms(self, query: str) -> None:
        from reader.ui.screens.terms import TermsScreen  # loaded when first shown (start-up time)

        self.push_screen(TermsScreen(query))

    def toggle_state(self, article_id: str, field: str) -> None:
        """Flip an article's read or bookmarked state and show it (u undoes it)."""
        with self.lib_lock:
            was = self.lib.store.state(article_id)[field]
            # the title too: u may take back a change made screens ago, and says on which article
            note = STATE_NOTES[field][0 if was else 1] + ": " + clip_at_word(self.lib.get(article_id).title, 50)
            self.read_state.change(self.lib, [article_id], field, not was, note)
        self._state_shown([article_id])
        self.notify(note, timeout=1.5, markup=False)  # (a title is text, not markup)

    def mark_read(self, article_ids: list[str], note: str) -> None:
        """Mark many articles read at once (A): u undoes it, as one change."""
        with self.lib_lock:
            step = self.read_state.change(self.lib, article_ids, "read", True, note)
        self._state_shown(list(step.ids))
        self.notify(note + " · u undoes it", timeout=4, markup=False)

    def action_undo_state(self) -> None:
        with self.lib_lock:
            step = self.read_state.undo(self.lib)
        if step is None:
            self.notify("nothing to undo: no article's read or bookmark state has changed", timeout=2)
            return
        self._state_shown(list(step.ids))
        self.notify("undone: " + step.note, timeout=3, markup=False)

    def _state_shown(self, article_ids: list[str]) -> None:
        if len(article_ids) == 1:
            self.tell_screens(ArticleStateChanged(article_ids[0]))
        elif article_ids:
            self.library_screen.reload()  # one query, rather than a message for each of thousands

    def _url_of(self, article_id: str) -> str:
        with self.lib_lock:
            url = self.lib.get(article_id).url
        if not url:
            self.notify("this article has no link", timeout=2)  # as o says
        return url

    def open_article_url(self, article_id: str) -> None:
        with self.lib_lock:
            url, refused = browser_url(self.lib.get(article_id).url)
        if url is None:
            self.notify(clean_inline(refused), timeout=3, markup=False)
            return
        # a browser can take seconds to start: never on the UI thread; it says "opening" once it can
        self.run_worker(lambda: open_link(self, url), thread=True, group="browser")  # the config's browser, if named

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        # Textual's terminal driver calls webbrowser.open, which does nothing
        # when no browser is found and runs lynx or w3m over the app; either
        # is said in one line instead (o runs this in a worker: notify is thread-safe)
        if not self.is_web and (problem := system_browser_problem()):
            self.notify(problem, severity="warning", timeout=6, markup=False)
            return
        super().open_url(url, new_tab=new_tab)
        self.notify("opening " + clean_inline(url), timeout=2, markup=False)

    def copy_article_url(self, article_id: str) -> None:
        if url := self._url_of(article_id):
            self.copy_to_clipboard(url)
            self.notify("copied " + clean_inline(url), timeout=2, markup=False)

    async def action_back(self) -> None:
        """q: one level back, as escape goes on this screen; on the
        library's top level (no search, no source chosen) it quits."""
        screen = self.screen
        if screen is self.library_screen:
            if not self.library_screen.go_back():
                self.exit()
            return
        escape = screen.active_bindings.get("escape")
        if escape is not None:
            await self.run_action(escape.binding.action, escape.node)
        elif len(self.screen_stack) > 2:
            self.pop_screen()

    def _back_to_library(self) -> LibraryScreen:
        while self.screen is not self.library_screen and len(self.screen_stack) > 2:
            self.pop_screen()
        return self.library_screen

    def filter_source(self, source: str) -> None:
        screen = self._back_to_library()
        screen.source_filter = source
        screen.reload()

    def action_focus_search(self) -> None:
        self._back_to_library().action_focus_search()

    def search_for(self, query: str) -> None:
        self.action_focus_search()
        # a saved search's query or an entity's name is stored text from outside: cleaned as a paste is
        self.library_screen.query_one("#search", Input).value = clean_line(query)

    def action_show_feeds(self) -> None:
        from reader.ui.screens.feeds import FeedsScreen  # loaded when first shown (start-up time)

        self.push_screen(FeedsScreen())

    def action_fetch_feeds(self) -> None:
        self.background.fetch_feeds()

    def action_reindex(self) -> None:
        self.background.index([], rebuild=True)

    def action_help(self) -> None:
        from reader.ui.screens.help import HelpScreen, help_sections  # loaded when asked for (start-up time)

        self.push_screen(HelpScreen(help_sections(self), current_ids(self.user_keymap)))

