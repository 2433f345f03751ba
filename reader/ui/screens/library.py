"""The main screen: the library list, search as you type (the base class,
reader.ui.screens.library_search), and a preview."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import ContentSwitcher, Header, Input, Static

from reader.core.text.clean import clean_inline
from reader.ui import handoff
from reader.ui import messages as msg
from reader.ui.keymap import key_shown
from reader.ui.screens.library_search import SearchingScreen
from reader.ui.screens.library_state import ReadStateActions
from reader.ui.widgets.article_table import PAGE, ArticleTable
from reader.ui.widgets.clean_input import CleanInput
from reader.ui.widgets.indexing_bar import IndexingBar
from reader.ui.widgets.key_bar import KeyBar
from reader.ui.widgets.preview import Preview, opening
from reader.ui.widgets.results import ResultList

ALL = 1_000_000  # rows: the store takes this for "all" (G loads the rest at once)
SORTS = ("published", "source", "title")
SORT_NAMES = {"published": "date", "source": "source", "title": "title"}
PREVIEW_FROM = 110  # columns: narrower, the preview is hidden unless asked for (p)


class LibraryScreen(ReadStateActions, SearchingScreen):
    # Textual focuses the first focusable widget as soon as the screen is composed (the search box),
    # and on_mount moves it to the list only later: a key typed in between went into the box
    AUTO_FOCUS = "#library"
    HELP_TITLE = "Library and search"
    HELP_ORDER = 10
    BINDINGS = [
        Binding("slash", "focus_search", "Search", id="library.search"),
        Binding("escape", "back", "Back", show=False, id="library.back"),
        Binding("r", "toggle_read", "Read/unread", id="library.toggle_read"),
        # newsboat's A; R is its reload, and here fetches feeds (app.fetch_feeds)
        Binding("A", "mark_all_read", "All read", show=False, id="library.mark_all_read"),
        Binding("b", "toggle_bookmark", "Bookmark", id="library.toggle_bookmark"),
        # ] and [ as the compare screen's next difference: n and N stay next and previous match
        Binding("right_square_bracket", "next_unread", "Next unread", show=False, id="library.next_unread"),
        Binding("left_square_bracket", "previous_unread", "Prev unread", show=False, id="library.previous_unread"),
        # capitals filter (B, U); u is undo (app.undo)
        Binding("U", "filter_unread", "Unread only", show=False, id="library.filter_unread"),
        Binding("B", "filter_bookmarked", "Bookmarked only", show=False, id="library.filter_bookmarked"),
        Binding("s", "cycle_sort", "Sort", show=False, id="library.sort"),
        Binding("S", "reverse_sort", "Reverse sort", show=False, id="library.reverse_sort"),
        Binding("f", "filter_source", "Source", id="library.filter_source"),
        Binding("t", "terms", "Terms", id="library.terms"),
        Binding("c", "compare", "Compare", id="library.compare"),
        Binding("v", "events", "Events", id="library.events"),
        Binding("o", "open_url", "Open URL", show=False, id="library.open_url"),
        Binding("y", "copy_url", "Copy URL", show=False, id="library.copy_url"),
        Binding("w", "save('md')", "Save .md", show=False, id="library.save_markdown"),
        Binding("W", "save('txt')", "Save .txt", show=False, id="library.save_text"),
        # ctrl+s works in the search box too (a letter would be typed there); ' as vim's marks
        Binding("ctrl+s", "save_search", "Save search", show=False, id="library.save_search"),
        Binding("apostrophe", "saved_searches", "Saved searches", show=False, id="library.saved_searches"),
        Binding("p", "toggle_preview", "Preview on/off", show=False, id="library.toggle_preview"),
        Binding("plus,equals_sign", "wider_preview", "Wider preview", show=False, id="library.wider_preview"),
        Binding("minus", "narrower_preview", "Narrower preview", show=False, id="library.narrower_preview"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sort = "published"
        self.descending = True
        self.source_filter: str | None = None
        self.unread_only = False
        self.bookmarked_only = False
        self.counts = (0, 0)  # articles and unread ones the list stands for, loaded or not
        self._preview_choice: bool | None = None  # p's say; None: shown when the screen is wide enough

    def compose(self) -> ComposeResult:
        yield Header()
        key = key_shown(self.app, "library.search", "/")
        yield CleanInput(placeholder=f'Search ({key}):  APT31   "electoral commission"   source:bbc   date:2024   dowden~',
                         id="search")
        yield Static(id="status")
        with Horizontal(id="panes"):
            with ContentSwitcher(initial="library", id="lists"):
                yield ArticleTable(id="library")
                yield ResultList(id="results")
            yield Preview(self._preview_target, self._preview_article, id="preview")
        yield IndexingBar(id="indexing")
        yield KeyBar()

    def on_mount(self) -> None:
        # The list, not the search box, has focus at start: an Input would
        # swallow app keys such as / and q.
        self.query_one("#library", ArticleTable).focus()
        self.reload()

    def on_resize(self, event) -> None:
        preview = self.query_one("#preview", Preview)
        was = preview.display
        preview.display = event.size.width >= PREVIEW_FROM if self._preview_choice is None else self._preview_choice
        if preview.display and not was:
            preview.show_current()  # shown by a wider window: the article under the cursor, not an empty pane

    def on_screen_resume(self) -> None:
        # Back from reading (J and K move on there): the cursor is on the last article read.
        opened, self.news_app.last_opened = self.news_app.last_opened, None
        if opened:
            self._cursor_to(opened)

    @property
    def showing_results(self) -> bool:
        return self.query_one("#lists", ContentSwitcher).current == "results"

    # --- the library list ------------------------------------------------
    def _filters(self) -> dict:
        return {"source": self.source_filter, "unread_only": self.unread_only, "bookmarked_only": self.bookmarked_only}

    def _listing(self, offset: int, limit: int = PAGE) -> list[dict]:
        with self.news_app.lib_lock:
            return self.lib.listing(order=self.sort, descending=self.descending, limit=limit, offset=offset,
                                    **self._filters())

    def _count(self) -> None:
        with self.news_app.lib_lock:
            self.counts = self.lib.store.tally(**self._filters())

    def reload(self) -> None:
        """The list again from the store, as many rows as were loaded, the
        cursor on the article it was on."""
        table = self.query_one("#library", ArticleTable)
        keep = table.current["id"] if table.current else None
        limit = max(PAGE, len(table.rows_data))
        rows = self._listing(0, limit)
        table.set_rows(rows, exhausted=len(rows) < limit)
        if keep and (i := table.index_of(keep)) is not None:
            table.move_cursor(row=i)
        self.mark_unread()
        self._count()
        self._update_status()
        self._preview_soon()

    @on(ArticleTable.NeedMore)
    def load_more(self) -> None:
        table = self.query_one("#library", ArticleTable)
        if not table.wants_more():
            return  # an earlier request already loaded the next page
        self._load_page(table)

    def _load_page(self, table: ArticleTable) -> None:
        page = ALL if table.to_end else PAGE  # G: the rest at once, not a page a key
        rows = self._listing(len(table.rows_data), page)
        table.append_rows(rows, exhausted=len(rows) < page)

    def _where(self) -> str:
        """What the list holds, in words."""
        if self.showing_results:
            return "all matches of «" + clean_inline(self.query_text) + "»"
        parts = [f"source {clean_inline(self.source_filter)}"] if self.source_filter else []
        parts += ["unread only"] * self.unread_only + ["bookmarked only"] * self.bookmarked_only
        return ", ".join(parts) or "the whole library"

    def _update_status(self, error: str = "") -> None:
        status = self.query_one("#status", Static)
        if error:
            status.update(Text("⚠ " + error, style="bold"))
            status.add_class("error")
            return
        status.remove_class("error")
        if self.query_text:
            shown = len(self.query_one("#results", ResultList).hits)
            # "n shown of" only while more are on their way: the rest are a keystroke away, not missing
            text = Text(f"{shown} shown of {self._total} matching " if self.loading_more else f"{self._total} matching ")
            text.append(clean_inline(self.query_text), style="italic")
            text.append("   enter open · t terms across sources · esc back" if self._total else
                        "   a word~ matches other spellings too · esc back", style="dim")
            status.update(text)
            return
        count, unread = self.counts
        parts = [f"{count} article{'s' * (count != 1)}", f"{unread} unread",
                 f"sorted by {SORT_NAMES[self.sort]} {'↓' if self.descending else '↑'}"]
        if self.source_filter:
            parts.append(f"source: {clean_inline(self.source_filter)}")
        if self.unread_only:
            parts.append("unread only")
        if self.bookmarked_only:
            parts.append("bookmarked only")
        if not count:  # an empty list, and what brings articles back (the counts and order say nothing then)
            keys = ([key_shown(self.app, "library.filter_unread", "U")] * self.unread_only
                    + [key_shown(self.app, "library.filter_bookmarked", "B")] * self.bookmarked_only
                    + [key_shown(self.app, "library.back", "esc")] * bool(self.source_filter))
            parts = [parts[0], *parts[3:], f"none: {' / '.join(keys)} to show more"] if keys else \
                ["the library is empty: newsreader open PATH adds files, L a feed"]
        status.update(Text("  ·  ".join(parts), style="dim"))

    # --- selection, opening, preview ---------------------------------------
    def current_id(self) -> str | None:
        target = self._preview_target()
        return target[0] if target else None

    def shown_ids(self) -> list[str]:
        if self.showing_results:
            return [h.id for h in self.query_one("#results", ResultList).hits]
        return [r["id"] for r in self.query_one("#library", ArticleTable).rows_data]

    def _cursor_to(self, article_id: str) -> None:
        if self.showing_results:
            results = self.query_one("#results", ResultList)
            if (i := results.index_of(article_id)) is not None:
                results.highlighted = i
        else:
            table = self.query_one("#library", ArticleTable)
            if (i := table.index_of(article_id)) is not None:
                table.move_cursor(i)

    @on(ArticleTable.RowHighlighted)
    @on(ResultList.Highlighted)
    def _highlight_moved(self) -> None:
        self._preview_soon()

    def _preview_soon(self) -> None:
        self.query_one("#preview", Preview).follow()

    def _update_preview(self) -> None:
        self.query_one("#preview", Preview).show_current()

    def _preview_target(self) -> tuple[str, str] | None:
        """The id and title under the cursor: known without reading the article."""
        if self.showing_results:
            hit = self.query_one("#results", ResultList).current
            return (hit.id, hit.title) if hit else None
        row = self.query_one("#library", ArticleTable).current
        return (row["id"], row["title"]) if row else None

    def _preview_article(self, article_id: str):
        with self.news_app.lib_lock:
            article = opening(self.lib.get(article_id))
            spans = self.lib.match_spans(article, self.query_text) if self.query_text else None
        return article, spans

    def action_toggle_preview(self) -> None:
        preview = self.query_one("#preview", Preview)
        self._show_preview(not preview.display)

    def _show_preview(self, shown: bool) -> None:
        preview = self.query_one("#preview", Preview)
        self._preview_choice = preview.display = shown
        if shown:
            preview.show_current()
        elif preview.has_focus:
            self.query_one("#results" if self.showing_results else "#library").focus()

    def action_wider_preview(self) -> None:
        self._resize_preview(1)

    def action_narrower_preview(self) -> None:
        self._resize_preview(-1)

    def _resize_preview(self, steps: int) -> None:
        preview = self.query_one("#preview", Preview)
        if not preview.display:
            self._show_preview(True)  # shown first, at the width it had
            return
        preview.resize(steps)

    @on(ArticleTable.RowSelected)
    @on(ResultList.Selected)
    def open_selected(self) -> None:
        article_id = self.current_id()
        if article_id:
            self.news_app.open_article(article_id, self.query_text, self.shown_ids())

    def go_back(self) -> bool:
        """One level back (escape, and q through the app): the search box to
        the list, a search to the library, a source to all sources. False at
        the top, where q quits."""
        search = self.query_one("#search", Input)
        if search.has_focus:
            self.query_one("#results" if self.query_text else "#library").focus()
        elif self.query_text or search.value:
            search.value = ""
            self.start_search("")
            self.query_one("#library").focus()
        elif self.source_filter:
            self.source_filter = None
            self.reload()
        else:
            return False
        return True

    def action_back(self) -> None:
        self.go_back()

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
        if rows and ((self.unread_only and rows[0]["read"]) or (self.bookmarked_only and not rows[0]["bookmarked"])):
            self.reload()  # out of the filter now (an undone bookmark under B): the list and its count agree
            return
        if rows:
            self.query_one("#library", ArticleTable).update_row(rows[0])
        self.mark_unread()
        self._count()
        self._update_status()

    # --- what the list shows -------------------------------------------------
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

    def action_save(self, fmt: str) -> None:
        if article_id := self.current_id():
            handoff.save(self.app, article_id, fmt)

    def action_save_search(self) -> None:
        from reader.ui.screens.saved_searches import save_search  # loaded when first asked for (start-up time)

        query = self.query_text or self.query_one("#search", Input).value
        if not query.strip():
            self.notify("type a search first (/), then ctrl+s saves it under a name", timeout=3)
            return
        save_search(self.app, query)

    def action_saved_searches(self) -> None:
        from reader.ui.screens.saved_searches import SavedSearchesScreen  # loaded when first shown (start-up time)

        self.app.push_screen(SavedSearchesScreen())

    def action_compare(self) -> None:
        article_id = self.current_id()
        if article_id:
            self.news_app.mark_for_compare(article_id)

    def action_events(self) -> None:
        from reader.ui.screens.events import EventsScreen  # loaded when first shown (start-up time)

        self.app.push_screen(EventsScreen())
