"""Entities for the app: the mentions of one article with the active
extractor, and the separate process that computes every article's entities
for entity: search, with its progress counted for the title."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from textual.app import App
from textual.timer import Timer

from reader.core.store.errors import StoreError
from reader.core.store.pg import PgConnection
from reader.ui.access import NewsAppAPI, news_app
from reader.ui.messages import EntitiesCounted

if TYPE_CHECKING:  # types only: the entity package loads after the first screen
    from reader.core.entities.model import Mention
    from reader.core.models import Article

QUICK_EXTRACTOR = "rules"  # stands in while a model has not read an article (mentions_for(quick=True))
WATCH_EVERY = 2.0  # seconds between progress counts while the process runs
PAUSE_WAIT = 5.0  # seconds a paused process is given to end before it is killed


def mentions_for(app: NewsAppAPI, article: Article, quick: bool = False) -> tuple[str, list[Mention]]:
    """An article's entity mentions with the active extractor: from the
    cache under the lock, else extracted outside it (spaCy takes a while)
    and cached. Call from a worker thread.

    quick=True: when the active extractor has not seen the article and is
    slow (a model), the built-in rules' mentions now instead; the name
    returned says which."""
    # The entity package loads with the first article or comparison, not at start-up.
    from reader.core.entities import EntityService, extract

    with app.lib_lock:
        service = EntityService(app.lib.store.db, app.entity_extractor)
        mentions = service.cached(article)
        if mentions is None and quick and service.name != QUICK_EXTRACTOR:
            service = EntityService(app.lib.store.db, QUICK_EXTRACTOR)
            mentions = service.cached(article)
    if mentions is None:
        mentions = extract(article.text, service.extractor)
        with app.lib_lock:
            if service.cache is not None:
                service.cache.put(article.id, article.content_hash, service.name, mentions)
    return service.name, mentions


class EntityProcess:
    """Entities for entity: search are computed by a separate, lower
    priority process: extraction is CPU-bound Python and would otherwise take
    the interpreter from the UI and from search. Its progress reaches the app
    as EntitiesCounted."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.process: subprocess.Popen | None = None
        self._watch: Timer | None = None
        self._pauses = 0  # paused() held by this many callers: start() waits for the last
        self._start_after_pause = False
        self._lock = threading.Lock()  # paused() runs on workers' threads, start() and stop() on the app's
        self._closing = False  # stop() was called (the app ends): nothing starts again

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def _held(self) -> bool:
        """Is start() to do nothing now (the app ending, or a pause that starts it at its end)? Under _lock."""
        if self._pauses and not self._closing:
            self._start_after_pause = True
        return self._closing or bool(self._pauses)

    def start(self) -> None:
        with self._lock:
            if self._held():
                return
        news = news_app(self.app)
        with news.lib_lock:
            done, total = news.lib.entities.coverage()
        with self._lock:  # again: a pause or the app's end may have come while the coverage was counted
            if done >= total or self.running or self._held():
                return
            self.process = subprocess.Popen(
                [sys.executable, "-m", "reader", "entities", "--update", "--index", str(news.lib.dir)]
                + (["--store", news.lib.config.store] if news.lib.config.store else [])  # the same store, on a server
                + (["--user", news.lib.config.user] if news.lib.config.user else []),
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                preexec_fn=lambda: os.nice(10),
            )
        if self._watch is None:
            self._watch = self.app.set_interval(WATCH_EVERY, self._check, name="entities")

    def _check(self) -> None:
        if not self.running and self._watch is not None:
            self._watch.stop()  # done: no more counting every two seconds
            self._watch = None
        self.count()

    def stop(self) -> None:
        """End the process for good (the app ends): a pause ending later starts nothing."""
        with self._lock:
            self._closing = True
            if self.running:
                self.process.terminate()  # it commits per batch; the rest is done next time

    @contextmanager
    def paused(self) -> Iterator[None]:
        """The process ended while the caller writes (call from a worker
        thread), then started again. It takes the write lock a batch at a time;
        the lock is fair (store/lock.py), so the grouping gets it after one
        batch, but the grouping waits 1 s (library.MAINTAIN_WAIT), less than
        fifty articles through a spaCy model may take, and the process waits
        10 s for the lock, less than a big library's first grouping (then it
        ended, not to start again). Not started again when the app ended
        meanwhile (stop())."""
        with self._lock:
            self._pauses += 1
            process = self.process if self.running else None
            if process is not None:
                self._start_after_pause = True
        if process is not None:
            process.terminate()  # as stop(): the batches done are kept
            try:
                process.wait(timeout=PAUSE_WAIT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        try:
            yield
        finally:
            with self._lock:
                self._pauses -= 1
                again = not self._pauses and self._start_after_pause and not self._closing
                if again:
                    self._start_after_pause = False
            if again and self.app.is_running:
                try:
                    self.app.call_from_thread(self.start)
                except RuntimeError:  # the app ended between the check and the call
                    pass

    def count(self) -> None:
        """The progress count, on a connection of its own in a worker: the
        query takes tens of milliseconds on a big library, and sqlite lets go
        of the interpreter while it runs, so neither the UI nor a search waits."""
        self.app.run_worker(self._count, thread=True, exclusive=True, group="entity-count", exit_on_error=False)

    def _count(self) -> None:
        # A read-only look at the store: the entity process writes to it meanwhile.
        from reader.core.entities.index import coverage  # with the entity package, after the first screen

        store = news_app(self.app).lib.store
        try:  # on a server, a connection of its own too (it takes sqlite3's calls)
            db = PgConnection(store.url) if store.on_server else sqlite3.connect(f"file:{store.path}?mode=ro", uri=True, timeout=5)
        except StoreError:
            return
        try:
            done, total = coverage(db)
        except (sqlite3.Error, StoreError):
            return
        finally:
            db.close()
        self.app.post_message(EntitiesCounted(done, total))
