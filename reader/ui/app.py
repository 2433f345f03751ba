"""The App: global keys, the command palette, themes, and the few calls that
screens share. Screens and widgets live in their own modules."""

from __future__ import annotations

import gc
import importlib
import os
import threading
from pathlib import Path

from textual import work
from textual.app import App
from textual.binding import Binding

from reader.core.library import Library
from reader.core.text.clean import clean_inline
from reader.ui.commands import ArticleCommands
from reader.ui.screens.library import LibraryScreen

ENTITY_START_DELAY = 2.0  # seconds after start before entity extraction begins
QUICK_EXTRACTOR = "rules"  # stands in while a model has not read an article (mentions_for(quick=True))
COMPARING_NOTE_AFTER = 0.3  # seconds: a comparison slower than this says it is under way


class NewsApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "newsreader"
    COMMANDS = App.COMMANDS | {ArticleCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.command_palette"),
        Binding("L", "show_feeds", "Feeds", show=False, id="app.feeds"),
        Binding("F", "fetch_feeds", "Fetch feeds", show=False, id="app.fetch_feeds"),
    ]

    def __init__(self, lib: Library, seed_if_empty: bool = True, paths: list[Path] | None = None,
                 keymap: dict[str, str] | None = None, theme: str = "", rebuild: bool = False,
                 background_entities: bool = False) -> None:
        super().__init__()
        self.lib = lib
        # One lock around the library: its SQLite connection and Whoosh
        # searcher are shared by the UI thread and the search workers.
        self.lib_lock = threading.RLock()
        self.seed_if_empty = seed_if_empty
        self.paths = list(paths or [])
        self.user_keymap = dict(keymap or {})
        self._theme_name = theme
        self.rebuild_first = rebuild
        # The extractor the article view uses: the best installed (spaCy when
        # there is a pipeline), else the built-in rules.
        self.entity_extractor: str | None = None
        self.background_entities = background_entities
        self._entity_process = None
        self._entity_timer = None
        self._comparing = None  # the "comparing…" note's timer while a comparison is prepared

    def on_mount(self) -> None:
        if self.user_keymap:
            self.set_keymap(self.user_keymap)
        if self._theme_name and self._theme_name in self.available_themes:
            self.theme = self._theme_name
        self.push_screen(LibraryScreen())
        self.update_title(entities=False)  # counting entity coverage can wait for the first screen
        if self.rebuild_first:
            self.notify("the search index was damaged: rebuilding it from the article store", timeout=5)
            self.index_in_background([], rebuild=True)
        else:
            # After the first paint: opening the engine holds the library's
            # lock, which the list's first page would otherwise wait for.
            self.call_after_refresh(self.open_engine)
        minutes = getattr(self.lib.config, "feeds_refresh_minutes", 0)
        if minutes and minutes > 0:
            self.set_interval(minutes * 60, self.action_fetch_feeds, name="feeds refresh")

    # --- the search engine, opened after the first screen --------------------
    @work(thread=True, exclusive=True, group="engine", exit_on_error=False)
    def open_engine(self) -> None:
        """Import and check the engine off the UI thread: the library list is
        read from the store and shows before it (searches wait on the lock)."""
        from reader.core.library import IndexDamaged

        try:
            with self.lib_lock:
                self.lib.open_engine()
                exists = self.lib.engine.exists()
        except IndexDamaged as exc:
            self.call_from_thread(self._engine_damaged, str(exc))
            return
        self.call_from_thread(self._engine_ready, exists)
        # What the first comparison needs, loaded while the reader is still
        # reading the list rather than when they press c.
        for module in ("..core.compare.comparison", "..core.entities", ".screens.compare"):
            importlib.import_module(module, __package__)

    def _engine_ready(self, exists: bool) -> None:
        # Everything alive now (modules, widgets, the engine) lives as long as
        # the app: taking it out of the collector's reach keeps full
        # collections (over 100 ms on a big index) out of keystroke-to-results.
        gc.freeze()
        self.update_title()
        with self.lib_lock:
            count = self.lib.store.count()
        if self.paths or (self.seed_if_empty and count == 0) or (count and not exists):
            self.index_in_background(self.paths)
        elif self.background_entities:
            # after the first screen: the extraction process competes for the CPU
            self.set_timer(ENTITY_START_DELAY, self.start_entity_process)

    def _engine_damaged(self, message: str) -> None:
        self.notify(message + "; rebuilding it now", severity="warning", timeout=6, markup=False)
        with self.lib_lock:
            self.lib = Library(self.lib.dir, self.lib.config, verify=False)
        self.index_in_background([], rebuild=True)

    def update_title(self, entities: bool = True) -> None:
        """The library's size and engine now; how far entity extraction has
        got follows from a worker (entities=True)."""
        with self.lib_lock:
            count = self.lib.store.count()
        self._show_title(count)
        if entities:
            self._count_entities()

    # --- entities in the background ------------------------------------------
    def start_entity_process(self) -> None:
        """Entities for entity: search are computed by a separate, lower
        priority process: extraction is CPU-bound Python and would otherwise
        take the interpreter from the UI and from search."""
        import subprocess
        import sys

        with self.lib_lock:
            done, total = self.lib.entities.coverage()
        if done >= total or (self._entity_process and self._entity_process.poll() is None):
            return
        self._entity_process = subprocess.Popen(
            [sys.executable, "-m", "reader", "entities", "--update", "--index", str(self.lib.dir)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=lambda: os.nice(10),
        )
        if self._entity_timer is None:
            self._entity_timer = self.set_interval(2.0, self._watch_entity_process, name="entities")

    def _watch_entity_process(self) -> None:
        finished = self._entity_process is None or self._entity_process.poll() is not None
        if finished and self._entity_timer is not None:
            self._entity_timer.stop()  # done: no more counting every two seconds
            self._entity_timer = None
        self._count_entities()

    @work(thread=True, exclusive=True, group="entity-count", exit_on_error=False)
    def _count_entities(self) -> None:
        """The progress count, on a connection of its own: the query takes tens
        of milliseconds on a big library, and sqlite lets go of the
        interpreter while it runs, so neither the UI nor a search waits."""
        import sqlite3

        from reader.core.entities.index import coverage

        db = sqlite3.connect(f"file:{self.lib.store.path}?mode=ro", uri=True, timeout=5)
        try:
            done, total = coverage(db)
        except sqlite3.Error:
            return
        finally:
            db.close()
        self.call_from_thread(self._show_title, total, done)

    def _show_title(self, count: int, entities_done: int | None = None) -> None:
        progress = "" if entities_done is None or entities_done >= count else f" · entities {entities_done}/{count}"
        self.sub_title = f"{count} articles · {self.lib.engine_name}{progress}"

    def on_unmount(self) -> None:
        if self._entity_process is not None and self._entity_process.poll() is None:
            self._entity_process.terminate()  # it commits per batch; the rest is done next time

    # --- background indexing ----------------------------------------------
    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def index_in_background(self, paths: list[Path], rebuild: bool = False) -> None:
        from textual.worker import get_current_worker

        worker = get_current_worker()
        bar = self._indexing_bar()
        label = "rebuilding the index" if rebuild else "indexing"
        if bar is not None:
            self.call_from_thread(bar.start, label)

        def progress(stage: str, done: int, total: int) -> None:
            if bar is not None:
                self.call_from_thread(bar.step, stage, done, total)

        # A library of its own: its own SQLite connection and index writer,
        # so that reading and searching go on while it works.
        with Library(self.lib.dir, self.lib.config) as writer_lib:
            if rebuild:
                writer_lib.rebuild_index(progress)
                message = "index rebuilt from the article store"
            elif paths:
                summary = writer_lib.index_paths(paths, progress=progress, should_stop=lambda: worker.is_cancelled)
                message = f"added {summary.added}, updated {summary.updated}, removed {summary.removed}, skipped {len(summary.skipped)}"
            else:
                summary = writer_lib.ensure_seeds(progress)
                message = f"indexed {summary.added} bundled articles" if summary else "index rebuilt"
        if bar is not None:
            self.call_from_thread(bar.finish)
        self.call_from_thread(self._indexing_done, message)

    def _indexing_done(self, message: str) -> None:
        from reader.ui.screens.feeds import FeedsScreen

        self.update_title()
        for screen in self.screen_stack:
            if isinstance(screen, FeedsScreen):
                screen.reload()
        if self.background_entities:
            self.start_entity_process()
        for screen in self.screen_stack:
            if isinstance(screen, LibraryScreen):
                screen.reload()
        self.notify(message, timeout=4, markup=False)

    # --- feeds ---------------------------------------------------------------
    def action_show_feeds(self) -> None:
        from reader.ui.screens.feeds import FeedsScreen

        self.push_screen(FeedsScreen())

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def action_fetch_feeds(self) -> None:
        from textual.worker import get_current_worker

        from reader.core.feeds import Subscriptions, fetch_all

        worker = get_current_worker()
        feeds = Subscriptions().list()
        if not feeds:
            self.call_from_thread(self.notify, "no feeds to fetch: add one with `newsreader feeds add URL`", timeout=4)
            return
        bar = self._indexing_bar()
        if bar is not None:
            self.call_from_thread(bar.start, f"fetching {len(feeds)} feeds")

        def progress(stage: str, done: int, total: int) -> None:
            if bar is not None:
                self.call_from_thread(bar.step, stage, done, total)

        try:
            with Library(self.lib.dir, self.lib.config) as writer_lib:
                report = fetch_all(writer_lib, feeds, progress=progress, should_stop=lambda: worker.is_cancelled)
        finally:
            if bar is not None:
                self.call_from_thread(bar.finish)
        message = f"fetched {len(feeds)} feeds: {report.added} new, {report.updated} updated"
        if report.failed:
            message += f", {len(report.failed)} failed ({report.lines()[0]})"
        self.call_from_thread(self._indexing_done, message)

    def _indexing_bar(self):
        for screen in self.screen_stack:
            if isinstance(screen, LibraryScreen):
                return screen.query_one("#indexing")
        return None

    def filter_source(self, source: str) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, LibraryScreen):
                while self.screen is not screen:
                    self.pop_screen()
                screen.source_filter = source
                screen.reload()
                return

    def action_reindex(self) -> None:
        self.index_in_background([], rebuild=True)

    # --- shared by screens ------------------------------------------------
    def mentions_for(self, article, quick: bool = False):
        """An article's entity mentions with the active extractor: from the
        cache under the lock, else extracted outside it (spaCy takes a while)
        and cached. Call from a worker thread.

        quick=True: when the active extractor has not seen the article and is
        slow (a model), the built-in rules' mentions now instead; the name
        returned says which."""
        from reader.core.entities import EntityService, extract

        with self.lib_lock:
            service = EntityService(self.lib.store.db, self.entity_extractor)
            mentions = service.cached(article)
            if mentions is None and quick and service.name != QUICK_EXTRACTOR:
                service = EntityService(self.lib.store.db, QUICK_EXTRACTOR)
                mentions = service.cached(article)
        if mentions is None:
            mentions = extract(article.text, service.extractor)
            with self.lib_lock:
                if service.cache is not None:
                    service.cache.put(article.id, article.content_hash, service.name, mentions)
        return service.name, mentions

    compare_first: str | None = None

    def mark_for_compare(self, article_id: str) -> None:
        """c on one article, then c on another: the two side by side."""
        if self.compare_first is None or self.compare_first == article_id:
            self.compare_first = article_id
            with self.lib_lock:
                title = self.lib.get(article_id).title
            self.notify("compare: " + clean_inline(title)[:60] + " — now press c on another article", timeout=4,
                        markup=False)
            return
        first, self.compare_first = self.compare_first, None
        self.open_compare(first, article_id)

    def open_compare(self, a_id: str, b_id: str, reports: list[str] | None = None) -> None:
        """The comparison is computed first and the screen shown with it: one
        layout and one paint, and no screen drawn while the comparison runs."""
        if self._comparing is not None:
            return  # one comparison at a time: a second enter does not open it twice
        self._comparing = self.set_timer(COMPARING_NOTE_AFTER, lambda: self.notify("comparing…", timeout=2))
        self._prepare_compare(a_id, b_id, reports)

    @work(thread=True, exclusive=True, group="open-compare", exit_on_error=False)
    def _prepare_compare(self, a_id: str, b_id: str, reports: list[str] | None) -> None:
        from reader.ui.screens.compare import prepare

        try:
            prepared = prepare(self, a_id, b_id)
        except Exception as exc:  # one line for the reader; the screen is not opened
            self.call_from_thread(self._compare_failed, f"cannot compare {a_id[:8]} and {b_id[:8]}: {exc}")
            return
        self.call_from_thread(self._show_compare, a_id, b_id, reports, prepared)

    def _show_compare(self, a_id, b_id, reports, prepared) -> None:
        from reader.ui.screens.compare import CompareScreen

        self._comparing_done()
        self.clear_notifications()  # "now press c on another article" is done with
        self.push_screen(CompareScreen(a_id, b_id, reports, prepared))

    def _comparing_done(self) -> None:
        if self._comparing is not None:
            self._comparing.stop()
            self._comparing = None

    def _compare_failed(self, message: str) -> None:
        self._comparing_done()
        self.notify(message, severity="error", timeout=5, markup=False)

    def open_article(self, article_id: str, query: str = "", siblings: list[str] | None = None) -> None:
        from reader.ui.screens.article import ArticleScreen

        with self.lib_lock:
            article = self.lib.get(article_id)
            self.lib.set_read([article_id], True)
        self.state_changed(article_id)
        self.push_screen(ArticleScreen(article, query, siblings))

    def open_terms(self, query: str) -> None:
        from reader.ui.screens.terms import TermsScreen

        self.push_screen(TermsScreen(query))

    def toggle_state(self, article_id: str, field: str) -> None:
        """Flip an article's read or bookmarked state and show it."""
        with self.lib_lock:
            was = self.lib.store.state(article_id)[field]
            self.lib.store.set_state([article_id], **{field: not was})
        self.state_changed(article_id)
        messages = {"read": ("marked unread", "marked read"), "bookmarked": ("bookmark removed", "bookmarked")}
        self.notify(messages[field][0] if was else messages[field][1], timeout=1.5)

    def state_changed(self, article_id: str) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, LibraryScreen):
                screen.refresh_row(article_id)

    def _url_of(self, article_id: str) -> str:
        with self.lib_lock:
            return self.lib.get(article_id).url

    def open_article_url(self, article_id: str) -> None:
        url = self._url_of(article_id)
        if not url:
            self.notify("this article has no URL", timeout=2)
            return
        self.open_url(url)
        self.notify("opening " + clean_inline(url), timeout=2, markup=False)

    def copy_article_url(self, article_id: str) -> None:
        url = self._url_of(article_id)
        if not url:
            self.notify("this article has no URL", timeout=2)
            return
        self.copy_to_clipboard(url)
        self.notify("copied " + clean_inline(url), timeout=2, markup=False)

    def action_focus_search(self) -> None:
        for screen in reversed(self.screen_stack):
            if isinstance(screen, LibraryScreen):
                while self.screen is not screen:
                    self.pop_screen()
                screen.action_focus_search()
                return

    def search_for(self, query: str) -> None:
        self.action_focus_search()
        self.screen.query_one("#search").value = query

    def action_help(self) -> None:
        from reader.ui.screens.article import ArticleScreen
        from reader.ui.screens.compare import CompareScreen
        from reader.ui.screens.events import EventsScreen
        from reader.ui.screens.feeds import FeedsScreen
        from reader.ui.screens.help import HelpScreen
        from reader.ui.screens.matrix import MatrixScreen
        from reader.ui.screens.terms import TermsScreen
        from reader.ui.widgets.article_table import ArticleTable
        from reader.ui.widgets.results import ResultList

        sections = [
            ("Everywhere", list(self.BINDINGS) + [Binding("tab", "focus_next", "Next pane", id="app.focus_next"),
                                                   Binding("shift+tab", "focus_previous", "Previous pane", id="app.focus_previous")]),
            ("Library and search", LibraryScreen.BINDINGS),
            ("Moving in lists (also arrows, page keys, home/end; enter opens)", ArticleTable.BINDINGS + ResultList.BINDINGS),
            ("Reading an article", ArticleScreen.BINDINGS),
            ("Terms across sources", TermsScreen.BINDINGS),
            ("Feeds", FeedsScreen.BINDINGS),
            ("Events", EventsScreen.BINDINGS),
            ("Who says what", MatrixScreen.BINDINGS),
            ("Comparing two reports", CompareScreen.BINDINGS),
        ]
        # Keys without an id (arrows, page keys) go with the letters that have one.
        sections = [(title, [b for b in bindings if b.id]) for title, bindings in sections]
        self.push_screen(HelpScreen(sections, self.user_keymap))


def run(lib: Library, seed_if_empty: bool = True, paths: list[Path] | None = None, rebuild: bool = False) -> int:
    app = NewsApp(lib, seed_if_empty=seed_if_empty, paths=paths, keymap=lib.config.keymap, theme=lib.config.theme,
                  rebuild=rebuild, background_entities=True)
    app.run()
    return app.return_code or 0
