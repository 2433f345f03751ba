"""The app's long work, each in a thread worker that reports by message:
opening the search engine after the first screen, indexing and fetching
feeds (with their progress), and computing a comparison before its screen
is shown."""

from __future__ import annotations

import importlib
import time
from functools import partial
from pathlib import Path

from textual.app import App
from textual.timer import Timer
from textual.worker import get_current_worker

from reader.core.library import IndexDamaged, Library
from reader.ui.access import news_app
from reader.ui.messages import (
    ComparisonFailed,
    ComparisonPrepared,
    EngineDamaged,
    EngineOpened,
    IndexingFinished,
    IndexingProgressed,
    IndexingStarted,
)
from reader.ui.services.comparing import prepare
from reader.ui.services.server_errors import SERVER_ERRORS

PROGRESS_EVERY = 0.05  # seconds: progress is posted at most this often (and always at the end)
COMPARING_NOTE_AFTER = 0.3  # seconds: a comparison slower than this says it is under way
# What the first comparison needs, loaded while the reader is still reading
# the list rather than when they press c.
WARM_MODULES = ("reader.core.compare.comparison", "reader.core.entities", "reader.ui.screens.compare")


class Background:
    def __init__(self, app: App) -> None:
        self.app = app
        self._comparing: Timer | None = None  # the "comparing…" note's timer while a comparison is prepared

    def _run(self, work, group: str) -> None:
        self.app.run_worker(work, thread=True, exclusive=True, group=group, exit_on_error=False)

    # --- the engine ------------------------------------------------------------
    def open_engine(self) -> None:
        """Import and check the engine off the UI thread: the library list is
        read from the store and shows before it (searches wait on the lock)."""
        self._run(self._open_engine, "engine")

    def _open_engine(self) -> None:
        news = news_app(self.app)
        try:
            with news.lib_lock:
                news.lib.open_engine()
                exists = news.lib.engine.exists()
        except IndexDamaged as exc:
            self.app.post_message(EngineDamaged(str(exc)))
            return
        self.app.post_message(EngineOpened(exists))
        # the engine's query side first (an engine may import it only at its first query), then the comparison's
        for module in (*getattr(news.lib.engine, "QUERY_MODULES", ()), *WARM_MODULES):
            importlib.import_module(module)

    # --- indexing and feeds ------------------------------------------------------
    def _progress(self, label: str):
        """Tell the screens a run began; the callback the core calls with its
        progress, posting it no more often than the screen can show it."""
        self.app.post_message(IndexingStarted(label))
        last = 0.0

        def progress(stage: str, done: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            if done >= total or now - last >= PROGRESS_EVERY:
                last = now
                self.app.post_message(IndexingProgressed(stage, done, total))

        return progress

    def index(self, paths: list[Path], rebuild: bool = False) -> None:
        self._run(partial(self._index, list(paths), rebuild), "index")

    def _index(self, paths: list[Path], rebuild: bool) -> None:
        worker = get_current_worker()
        lib = news_app(self.app).lib
        progress = self._progress("rebuilding the index" if rebuild else "indexing")
        outcome = None
        try:
            # A library of its own: its own SQLite connection and index
            # writer, so that reading and searching go on while it works.
            # a rebuild is what a damaged index needs: opening it must not check it first
            with Library(lib.dir, lib.config, verify=not rebuild) as writer_lib:
                if rebuild:
                    writer_lib.rebuild_index(progress)
                    outcome = "index rebuilt from the article store"
                elif paths:
                    s = writer_lib.index_paths(paths, progress=progress, should_stop=lambda: worker.is_cancelled)
                    outcome = f"added {s.added}, updated {s.updated}, removed {s.removed}, skipped {len(s.skipped)}"
                else:
                    s = writer_lib.ensure_seeds(progress)
                    outcome = f"indexed {s.added} bundled articles" if s else "index rebuilt"
        finally:
            self.app.post_message(IndexingFinished(outcome))

    def fetch_feeds(self) -> None:
        self._run(self._fetch_feeds, "index")

    def _fetch_feeds(self) -> None:
        # Feed modules load when feeds are first fetched, not at start-up.
        from reader.core.feeds import fetch_all, subscriptions_for

        worker = get_current_worker()
        with news_app(self.app).lib_lock:  # on a server, a read of the store the app shares
            feeds = subscriptions_for(news_app(self.app).lib.store).list()
        if not feeds:
            self.app.notify("no feeds to fetch: a in the feeds (L) adds one", timeout=4)  # thread-safe
            return
        progress = self._progress(f"fetching {len(feeds)} feeds")
        outcome = None
        try:
            lib = news_app(self.app).lib
            with Library(lib.dir, lib.config) as writer_lib:
                report = fetch_all(writer_lib, feeds, progress=progress, should_stop=lambda: worker.is_cancelled)
            outcome = report.outcome()
            if report.failed:
                outcome += f" ({report.lines()[0]})"
        finally:
            self.app.post_message(IndexingFinished(outcome))

    # --- a comparison, computed before its screen is shown --------------------------
    def prepare_comparison(self, a_id: str, b_id: str, reports: list[str] | None, at: int | None = None) -> None:
        """The comparison is computed first and the screen shown with it: one
        layout and one paint, and no screen drawn while the comparison runs."""
        if self._comparing is not None:
            return  # one comparison at a time: a second enter does not open it twice
        self._comparing = self.app.set_timer(COMPARING_NOTE_AFTER, lambda: self.app.notify("comparing…", timeout=2))
        self._run(partial(self._prepare, a_id, b_id, reports, at), "open-compare")

    def _prepare(self, a_id: str, b_id: str, reports: list[str] | None, at: int | None = None) -> None:
        try:
            prepared = prepare(news_app(self.app), a_id, b_id)
        except SERVER_ERRORS:  # the server's one line, said once while it is away (the worker's failure)
            self.app.call_from_thread(self.comparison_done)
            raise
        except Exception as exc:  # one line for the reader; the screen is not opened
            self.app.post_message(ComparisonFailed(f"cannot compare {a_id[:8]} and {b_id[:8]}: {exc}"))
            return
        self.app.post_message(ComparisonPrepared(a_id, b_id, reports, prepared, at))

    def comparison_done(self) -> None:
        if self._comparing is not None:
            self._comparing.stop()
            self._comparing = None
