"""Search as you type, for the library screen: the query box's keystrokes
become searches in a worker, answered into the results list, which asks for
more matches as its cursor nears the end (all of them are reachable, a page
at a time, as the library list loads its rows)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.message import Message
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Input, Static
from textual.worker import get_current_worker

from reader.core.library import Library
from reader.core.models import SearchResults
from reader.core.search.errors import SearchCancelled
from reader.core.search.query import QueryError
from reader.ui import messages as msg
from reader.ui.access import NewsScreen
from reader.ui.services.read_state import differing
from reader.ui.widgets.results import ResultList

DEBOUNCE = 0.12
FAST_SEARCH = 0.06  # seconds: an engine this quick is asked at every keystroke
RESULTS = 30  # the first answer: what fills a screen, quickly
MORE = 50  # matches added each time the cursor nears the end of those shown


@dataclass
class MoreResults(Message, bubble=False):
    """The search asked again for more matches: its first `limit` hits."""

    generation: int  # which answer of the results list these extend
    results: SearchResults


class SearchingScreen(NewsScreen):
    """The search box and the results list of a screen that has both
    (#search, #results, #lists); the screen says how its status line and
    preview follow (_update_status, _preview_soon, _update_preview)."""

    def __init__(self) -> None:
        super().__init__()
        self.query_text = ""
        self._debounce: Timer | None = None
        self._last_search_s = DEBOUNCE
        self._focus_results = False
        self._searching: str | None = None  # the query of the search started last, until it answers
        self._total = 0  # matches of the query shown
        self._generation = 0  # counts the answers shown, so that a late "more" for an older one is dropped
        self.loading_more = False

    @property
    def lib(self) -> Library:
        return self.news_app.lib

    def _update_status(self, error: str = "") -> None:
        raise NotImplementedError

    def _preview_soon(self) -> None:
        raise NotImplementedError

    def _update_preview(self) -> None:
        raise NotImplementedError

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    @on(Input.Changed, "#search")
    def query_changed(self, event: Input.Changed) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._focus_results = False  # typing on after enter keeps the box
        value = event.value
        delay = self._debounce_delay()
        if delay:
            self._debounce = self.set_timer(delay, lambda: self.start_search(value))
        else:
            self.start_search(value)

    def _debounce_delay(self) -> float:
        """A fast engine answers each keystroke; a slow one waits for a pause
        in typing as long as its searches take, so that it is not asked for
        every prefix of a word."""
        if self._last_search_s < FAST_SEARCH:
            return 0.0
        return min(DEBOUNCE, self._last_search_s)

    @on(Input.Submitted, "#search")
    def query_submitted(self, event: Input.Submitted) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        value = event.value.strip()
        if not value:
            self.start_search(value)
            return
        # Focus moves to the results when they arrive: moving it now would
        # repaint the screen while the search runs, and delay both.
        self._focus_results = True
        if value == self.query_text and self.query_one("#lists", ContentSwitcher).current == "results":
            self._take_focus()
        elif value != self._searching:  # else the search typing started is on its way
            self.start_search(value)

    def _take_focus(self) -> None:
        self._focus_results = False
        self.query_one("#results", ResultList).focus()

    def start_search(self, value: str) -> None:
        value = value.strip()
        if not value:
            self.query_text = ""
            self.loading_more = False
            self.query_one("#lists", ContentSwitcher).current = "library"
            self._update_status()
            self._update_preview()
            return
        self._searching = value
        self.run_search(value)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, value: str) -> None:
        worker = get_current_worker()
        try:
            with self.news_app.lib_lock:
                if worker.is_cancelled:
                    return  # a newer keystroke's search replaced this one while it waited
                started = time.perf_counter()
                # the engine asks between its steps, so a search the next keystroke
                # replaced gives up at once and frees the lock for the new one
                results = self.lib.search(value, limit=RESULTS, cancel=lambda: worker.is_cancelled)
                self._last_search_s = time.perf_counter() - started
        except SearchCancelled:
            return
        except QueryError as exc:
            self.post_message(msg.SearchFailed(value, str(exc)))
            return
        except Exception as exc:  # noqa: BLE001 - no query may take the app down; say it in one line
            self.post_message(msg.SearchFailed(value, " ".join(f"the search failed: {exc}".split())))
            return
        self.post_message(msg.SearchAnswered(value, results))

    @on(msg.SearchFailed)
    def _search_failed(self, event: msg.SearchFailed) -> None:
        value, message = event.query, event.reason
        if value == self._searching:
            self._searching = None
        if value == self.query_one("#search", Input).value.strip():
            self._focus_results = False  # the box keeps focus to fix the query
            if len(value) == 1:  # the first letter of every word typed: not yet an error to fix
                self._update_status()
                self.query_one("#status", Static).update(Text("keep typing: one letter is not searched for",
                                                              style="dim"))
                return
            self._update_status(error=message)

    @on(msg.SearchAnswered)
    def _show_results(self, event: msg.SearchAnswered) -> None:
        value, results = event.query, event.results
        if value == self._searching:
            self._searching = None
        if value != self.query_one("#search", Input).value.strip():
            return  # a newer query is on its way
        self.query_text = value
        self._total = results.total
        self._generation += 1
        self.loading_more = False
        results_list = self.query_one("#results", ResultList)
        results_list.show_hits(list(results.hits), results.total)
        self.mark_unread()
        switcher = self.query_one("#lists", ContentSwitcher)
        if switcher.current != "results":
            switcher.current = "results"
        if self._focus_results:
            self._take_focus()
        self._update_status()
        self._preview_soon()
        for note in results.notes:  # a wildcard or fuzzy term widened only so far
            self.notify(note, timeout=4, markup=False)

    def mark_unread(self) -> None:
        """The results mark the unread ones, as the library list does."""
        results = self.query_one("#results", ResultList)
        with self.news_app.lib_lock:
            results.set_unread(set(differing(self.lib, [h.id for h in results.hits], "read", True)))

    # --- more matches, as the cursor nears the end -------------------------------
    @on(ResultList.NeedMore)
    def more_results(self) -> None:
        results = self.query_one("#results", ResultList)
        if self.loading_more or len(results.hits) >= results.total:
            return
        self.loading_more = True
        self._update_status()
        self.search_more(self.query_text, self._generation, len(results.hits) + MORE)

    @work(thread=True, exclusive=True, group="more results")
    def search_more(self, value: str, generation: int, limit: int) -> None:
        # The engines page by asking for the first `limit` hits again: a
        # search is a few milliseconds, and the order is the same each time.
        try:
            with self.news_app.lib_lock:
                results = self.lib.search(value, limit=limit)
        except QueryError:  # it answered before with the same words; the index changed under it
            results = SearchResults(value, 0, ())
        self.post_message(MoreResults(generation, results))

    @on(MoreResults)
    def _more_shown(self, event: MoreResults) -> None:
        if event.generation != self._generation:
            return  # a newer query's results are shown
        self.loading_more = False
        results = self.query_one("#results", ResultList)
        known = {h.id for h in results.hits}
        added = [h for h in event.results.hits[len(results.hits):] if h.id not in known]
        self._total = max(event.results.total, len(results.hits) + len(added))
        if not added:
            self._total = len(results.hits)  # nothing further came: what is shown is all there is
        results.append_hits(added, self._total)
        self.mark_unread()
        self._update_status()
        if results.wants_more():  # the cursor is still near the end (G, or a page key held)
            self.more_results()
