"""The main screen: the library list, search as you type, and a preview."""

from __future__ import annotations

import time

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Header, Input, Static
from textual.worker import get_current_worker

from reader.core.library import Library
from reader.core.search.query import QueryError
from reader.core.text.clean import clean_inline
from reader.ui import messages as msg
from reader.ui.access import NewsScreen
from reader.ui.widgets.article_table import PAGE, ArticleTable
from reader.ui.widgets.indexing_bar import IndexingBar
from reader.ui.widgets.key_bar import KeyBar
from reader.ui.widgets.preview import Preview, opening
from reader.ui.widgets.results import ResultList

SORTS = ("published", "source", "title")
DEBOUNCE = 0.12
FAST_SEARCH = 0.06  # seconds: an engine this quick is asked at every keystroke
RESULTS = 30


class LibraryScreen(NewsScreen):
    HELP_TITLE = "Library and search"
    HELP_ORDER = 10
    BINDINGS = [
        Binding("slash", "focus_search", "Search", id="library.search"),
        Binding("escape", "back", "Back", show=False, id="library.back"),
        Binding("r", "toggle_read", "Read/unread", id="library.toggle_read"),
        Binding("R", "mark_all_read", "All read", show=False, id="library.mark_all_read"),
        Binding("b", "toggle_bookmark", "Bookmark", id="library.toggle_bookmark"),
        Binding("u", "filter_unread", "Unread only", show=False, id="library.filter_unread"),
        Binding("B", "filter_bookmarked", "Bookmarked only", show=False, id="library.filter_bookmarked"),
        Binding("s", "cycle_sort", "Sort", show=False, id="library.sort"),
        Binding("S", "reverse_sort", "Reverse sort", show=False, id="library.reverse_sort"),
        Binding("f", "filter_source", "Source", id="library.filter_source"),
        Binding("t", "terms", "Terms", id="library.terms"),
        Binding("c", "compare", "Compare", id="library.compare"),
        Binding("v", "events", "Events", id="library.events"),
        Binding("o", "open_url", "Open URL", show=False, id="library.open_url"),
        Binding("y", "copy_url", "Copy URL", show=False, id="library.copy_url"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sort = "published"
        self.descending = True
        self.source_filter: str | None = None
        self.unread_only = False
        self.bookmarked_only = False
        self.query_text = ""
        self._debounce: Timer | None = None
        self._last_search_s = DEBOUNCE
        self._focus_results = False
        self._searching: str | None = None  # the query of the search started last, until it answers

    @property
    def lib(self) -> Library:
        return self.news_app.lib

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder='Search (/):  APT31   "electoral commission"   source:bbc   date:2024   dowden~', id="search")
        yield Static(id="status")
        with Horizontal(id="panes"):
            with ContentSwitcher(initial="library", id="lists"):
                yield ArticleTable(id="library")
                yield ResultList(id="results")
            yield Preview(self._preview_article, id="preview")
        yield IndexingBar(id="indexing")
        yield KeyBar()

    def on_mount(self) -> None:
        # The list, not the search box, has focus at start: an Input would
        # swallow app keys such as / and q.
        self.query_one("#library", ArticleTable).focus()
        self.reload()

    def on_resize(self, event) -> None:
        self.query_one("#preview").display = event.size.width >= 110

    # --- the library list ------------------------------------------------
    def _listing(self, offset: int) -> list[dict]:
        with self.news_app.lib_lock:
            return self.lib.listing(
                order=self.sort, descending=self.descending, source=self.source_filter,
                unread_only=self.unread_only, bookmarked_only=self.bookmarked_only, limit=PAGE, offset=offset,
            )

    def reload(self) -> None:
        table = self.query_one("#library", ArticleTable)
        keep = table.current["id"] if table.current else None
        rows = self._listing(0)
        table.set_rows(rows, exhausted=len(rows) < PAGE)
        if keep:
            for i, row in enumerate(rows):
                if row["id"] == keep:
                    table.move_cursor(row=i)
                    break
        self._update_status()
        self._preview_soon()

    @on(ArticleTable.NeedMore)
    def load_more(self) -> None:
        table = self.query_one("#library", ArticleTable)
        if not table.wants_more():
            return  # an earlier request already loaded the next page
        rows = self._listing(len(table.rows_data))
        table.append_rows(rows, exhausted=len(rows) < PAGE)

    def _update_status(self, error: str = "") -> None:
        status = self.query_one("#status", Static)
        if error:
            status.update(Text("⚠ " + error, style="bold"))
            status.add_class("error")
            return
        status.remove_class("error")
        if self.query_text:
            results = self.query_one("#results", ResultList)
            text = Text(f"{len(results.hits)} shown of {self._total} matching ")
            text.append(clean_inline(self.query_text), style="italic")
            text.append("   enter open · t terms across sources · esc back", style="dim")
            status.update(text)
            return
        table = self.query_one("#library", ArticleTable)
        names = {"published": "date", "source": "source", "title": "title"}
        parts = [f"{len(table.rows_data)}{'+' if not table.exhausted else ''} articles",
                 f"sorted by {names[self.sort]} {'↓' if self.descending else '↑'}"]
        if self.source_filter:
            parts.append(f"source: {clean_inline(self.source_filter)}")
        if self.unread_only:
            parts.append("unread only")
        if self.bookmarked_only:
            parts.append("bookmarked only")
        status.update(Text("  ·  ".join(parts), style="dim"))

    _total = 0

    # --- search as you type ------------------------------------------------
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
            self.query_one("#lists", ContentSwitcher).current = "library"
            self._update_status()
            self._update_preview()
            return
        self._searching = value
        self.run_search(value)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, value: str) -> None:
        try:
            with self.news_app.lib_lock:
                if get_current_worker().is_cancelled:
                    return  # a newer keystroke's search replaced this one while it waited
                started = time.perf_counter()
                results = self.lib.search(value, limit=RESULTS)
                self._last_search_s = time.perf_counter() - started
        except QueryError as exc:
            self.post_message(msg.SearchFailed(value, str(exc)))
            return
        self.post_message(msg.SearchAnswered(value, results))

    @on(msg.SearchFailed)
    def _search_failed(self, event: msg.SearchFailed) -> None:
        value, message = event.query, event.reason
        if value == self._searching:
            self._searching = None
        if value == self.query_one("#search", Input).value.strip():
            self._focus_results = False  # the box keeps focus to fix the query
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
        results_list = self.query_one("#results", ResultList)
        results_list.show_hits(list(results.hits))
        switcher = self.query_one("#lists", ContentSwitcher)
        if switcher.current != "results":
            switcher.current = "results"
        if self._focus_results:
            self._take_focus()
        self._update_status()
        self._preview_soon()

    # --- selection, opening, preview ---------------------------------------
    def current_id(self) -> str | None:
        if self.query_one("#lists", ContentSwitcher).current == "results":
            hit = self.query_one("#results", ResultList).current
            return hit.id if hit else None
        row = self.query_one("#library", ArticleTable).current
        return row["id"] if row else None

    def shown_ids(self) -> list[str]:
        if self.query_one("#lists", ContentSwitcher).current == "results":
            return [h.id for h in self.query_one("#results", ResultList).hits]
        return [r["id"] for r in self.query_one("#library", ArticleTable).rows_data]

    @on(ArticleTable.RowHighlighted)
    @on(ResultList.Highlighted)
    def _highlight_moved(self) -> None:
        self._preview_soon()

    def _preview_soon(self) -> None:
        self.query_one("#preview", Preview).follow()

    def _update_preview(self) -> None:
        self.query_one("#preview", Preview).show_current()

    def _preview_article(self):
        article_id = self.current_id()
        if not article_id:
            return None
        with self.news_app.lib_lock:
            article = opening(self.lib.get(article_id))
            spans = self.lib.match_spans(article, self.query_text) if self.query_text else None
        return article, spans

    @on(ArticleTable.RowSelected)
    @on(ResultList.Selected)
    def open_selected(self) -> None:
        article_id = self.current_id()
        if article_id:
            self.news_app.open_article(article_id, self.query_text, self.shown_ids())

    def action_back(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus:
            self.query_one("#results" if self.query_text else "#library").focus()
        elif self.query_text or search.value:
            search.value = ""
            self.start_search("")
            self.query_one("#library").focus()

    # --- what background work and other screens report -------------------------
    @on(msg.IndexingStarted)
    @on(msg.IndexingProgressed)
    @on(msg.IndexingFinished)
    def _indexing(self, event: msg.IndexingStarted | msg.IndexingProgressed | msg.IndexingFinished) -> None:
        self.query_one("#indexing", IndexingBar).report(event)
        if isinstance(event, msg.IndexingFinished) and event.outcome is not None:
            self.reload()

    @on(msg.ArticleStateChanged)
    def refresh_row(self, event: msg.ArticleStateChanged) -> None:
        with self.news_app.lib_lock:
            rows = self.lib.listing(ids=[event.article_id], limit=1)
        if rows:
            self.query_one("#library", ArticleTable).update_row(rows[0])

    # --- reader state --------------------------------------------------------

    def action_toggle_read(self) -> None:
        article_id = self.current_id()
        if article_id:
            self.news_app.toggle_state(article_id, "read")

    def action_mark_all_read(self) -> None:
        ids = self.shown_ids()
        with self.news_app.lib_lock:
            self.lib.set_read(ids, True)
        self.reload()
        self.notify(f"marked {len(ids)} shown articles read", timeout=2)

    def action_toggle_bookmark(self) -> None:
        article_id = self.current_id()
        if article_id:
            self.news_app.toggle_state(article_id, "bookmarked")

    def action_filter_unread(self) -> None:
        self.unread_only = not self.unread_only
        self.reload()

    def action_filter_bookmarked(self) -> None:
        self.bookmarked_only = not self.bookmarked_only
        self.reload()

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.descending = self.sort == "published"
        self.reload()

    def action_reverse_sort(self) -> None:
        self.descending = not self.descending
        self.reload()

    def action_filter_source(self) -> None:
        from reader.ui.screens.sources import SourcePicker  # loaded when first shown (start-up time)

        with self.news_app.lib_lock:
            sources = self.lib.sources()

        def chosen(source: str | None | bool) -> None:
            if source is False:
                return
            self.source_filter = source or None
            self.reload()

        self.app.push_screen(SourcePicker(sources, self.source_filter), chosen)

    def action_terms(self) -> None:
        if not self.query_text:
            self.notify("type a search first (/), then t shows it across sources", timeout=3)
            return
        self.news_app.open_terms(self.query_text)

    def action_open_url(self) -> None:
        article_id = self.current_id()
        if article_id:
            self.news_app.open_article_url(article_id)

    def action_copy_url(self) -> None:
        article_id = self.current_id()
        if article_id:
            self.news_app.copy_article_url(article_id)

    def action_compare(self) -> None:
        article_id = self.current_id()
        if article_id:
            self.news_app.mark_for_compare(article_id)

    def action_events(self) -> None:
        from reader.ui.screens.events import EventsScreen  # loaded when first shown (start-up time)

        self.app.push_screen(EventsScreen())
