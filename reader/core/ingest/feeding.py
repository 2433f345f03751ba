"""The search engine fed while the files are stored, for an engine that indexes in its own threads.

A full build was store everything, then read it all back and index it: the engine's half waited
for the store's. An engine with begin_feed() (Tantivy: feed.py there) is given each article as its
batch is stored, so that it indexes meanwhile, and sync_index only commits it, with whatever the
feed could not take (an article relabelled since, one removed again) put right from the store.

The store stays the source of truth: nothing fed is visible before the engine's commit, which
comes after the store's, and the store is told what the index holds only after that (mark_indexed).
A run stopped or killed half-way leaves the index as it was, and the next run indexes from the store.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from reader.core.models import Article
from reader.core.store.articles import ArticleStore

log = logging.getLogger(__name__)


class Feeding:
    """One indexing run's feed: begun at the first batch that stores something, ended by take()."""

    def __init__(self, store: ArticleStore, engine_of: Callable[[], object]):
        self.store = store
        self.engine_of = engine_of
        self.engine: object | None = None
        self.feed: object | None = None
        self.off = False
        self.fed: dict[str, str] = {}  # id -> the hash it was fed with

    def begin(self) -> bool:
        """Whether articles go to the engine now; called outside any store transaction."""
        if self.feed is None and not self.off:
            self.off = True  # unless all of this works: then sync_index writes the index, as without a feed
            try:
                engine = self.engine_of()
                begin = getattr(engine, "begin_feed", None)
                if begin is None:
                    return False
                if not engine.exists():
                    self.store.forget_index()  # whatever the store believes, the index holds nothing
                self.feed, self.engine, self.off = begin(), engine, False
            except Exception as exc:  # the engine cannot be opened or written now: sync_index says why
                log.info("indexing without a feed: %s", exc)
        return self.feed is not None

    def add(self, article: Article, digest: str) -> None:
        try:
            self.feed.add(article)
        except Exception as exc:  # a full disk...: given up, sync_index writes the index and says why
            log.info("the feed is given up: %s", exc)
            self.abandon()
            return
        self.fed[article.id] = digest

    def take(self) -> tuple[object, dict[str, str]] | None:
        """(the feed, id -> hash fed), for sync_index to end; None if nothing was fed."""
        feed, fed = self.feed, self.fed
        self.feed, self.fed, self.off = None, {}, True
        return (feed, fed) if feed is not None else None

    def abandon(self) -> None:
        if self.feed is not None:
            self.feed.rollback()
        self.feed, self.fed, self.off = None, {}, True


_RUNS: weakref.WeakKeyDictionary[ArticleStore, Feeding] = weakref.WeakKeyDictionary()


@contextmanager
def feeding(store: ArticleStore, engine_of: Callable[[], object]) -> Iterator[None]:
    """While inside, the articles stored from files also go to the engine (engine_of(): asked at the
    first batch). sync_index inside it commits them; whatever it did not take is rolled back."""
    run = Feeding(store, engine_of)
    _RUNS[store] = run
    try:
        yield
    finally:
        if _RUNS.get(store) is run:
            del _RUNS[store]
        run.abandon()


def of(store: ArticleStore) -> Feeding | None:
    return _RUNS.get(store)
