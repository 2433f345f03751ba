"""The library: one object that the CLI and the app both call.

It composes the parts (the article store, the source of truth; the search
engine and its manifest; the file and index sync; query planning; entities,
events and comparison) and owns the write lock: every write to the store or
the index, and every read that keeps a derived table up to date, goes
through it.

The entity, event and comparison packages are imported where first used:
the app shows the library from the store before any of them is needed.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from reader.core import sources as source_names
from reader.core.config import Config
from reader.core.errors import IndexDamaged, IndexNeedsRebuild, LibraryError, NotFound
from reader.core.models import Article, IndexSummary, SearchResults
from reader.core.paths import seeds_dir
from reader.core.search import manifest
from reader.core.search.engine import DEFAULT_ENGINE, Engine, engine_names
from reader.core.search.saved import SavedSearches
from reader.core.search.terms import terms_across_sources
from reader.core.store.articles import ArticleStore
from reader.core.store.connection import cannot_write
from reader.core.store.lock import IndexBusy

__all__ = ["IndexDamaged", "IndexNeedsRebuild", "Library", "LibraryError", "NotFound", "Progress"]

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
STORE_FILE = "store.sqlite"
ENTITY_BATCH = 50  # articles whose entities are computed under one hold of the write lock
# A read that also brings a derived table up to date (events, entities) waits
# this long for another writer, then answers from what is stored.
MAINTAIN_WAIT = 1.0


def _sync():
    from reader.core.ingest import sync  # start-up time: only writing needs the parsers (~20 ms)

    return sync


def _planning():
    from reader.core.search import planning  # start-up time: it loads the entity rules (~50 ms)

    return planning


def _entities():
    import reader.core.entities.index  # start-up time: the entity rules (~50 ms), on first use

    return reader.core.entities


def _events():
    from reader.core import events  # start-up time: event grouping (~30 ms), on first use

    return events


class Library:
    """engine: the engine for a new index; an existing index is always opened
    with the engine recorded in its manifest (use switch_engine to change)."""

    def __init__(self, index_dir: Path, config: Config | None = None, engine: str | None = None,
                 verify: bool = True, deferred: bool = False):
        """deferred: open the search engine on first use (or open_engine())
        rather than now; the app shows the library from the store before the
        engine's modules are even imported."""
        self.dir = Path(index_dir)
        self.config = config or Config()
        wanted = engine or self.config.engine
        if wanted and wanted not in (*engine_names(), "postgres"):  # before the store is made: it was, beside the error
            named = "--engine" if engine else "the config's engine"
            raise LibraryError(f"unknown engine {wanted!r} ({named}; choose from {', '.join(engine_names())})")
        # config.store: a postgresql:// URL puts the store on a server (the index folder then holds only what a local engine keeps)
        self.store = ArticleStore(self.config.store or self.dir / STORE_FILE, user=self.config.user or None)
        self._entities = None
        try:
            self._recorded = manifest.read(self.dir)
        except LibraryError:
            self.store.close()
            raise
        self.engine_name = self._recorded.get("engine") or engine or self.config.engine or DEFAULT_ENGINE
        self._verify = verify
        self._engine: Engine | None = None
        if not deferred:
            try:
                self.open_engine()
            except LibraryError:
                self.store.close()
                raise

    @property
    def engine(self) -> Engine:
        return self._engine if self._engine is not None else self.open_engine()

    @engine.setter
    def engine(self, value: Engine) -> None:
        self._engine = value
        self.engine_name = value.name

    def open_engine(self) -> Engine:
        """Import, open and check the engine; raises LibraryError (engine not
        installed), IndexNeedsRebuild (old schema) or IndexDamaged."""
        if self._engine is None:
            # The seam where the engine is chosen: a store on a server is searched on the server (manifest.server_engine), once that engine is installed; else the index folder's engine.
            self._engine = manifest.server_engine(self.store) or manifest.open_engine(
                self.dir, self.engine_name, self._recorded, self.store, self._verify)
            self.engine_name = self._engine.name
        return self._engine

    def switch_engine(self, name: str, progress: Progress | None = None) -> int:
        """Rebuild the index with another engine, from the store alone."""
        if name == self.engine.name:
            return self.rebuild_index(progress)
        new = manifest.make(name, self.dir)
        old = self.engine
        with self.write_lock(timeout=10.0):
            new.clear()
            self.engine = new
            self.store.forget_index()
            self._sync_index(progress)
        old.clear()
        return self.store.count()

    def write_lock(self, timeout: float = 10.0):
        """One writer at a time: the index folder's lock file, or the server's advisory lock."""
        return self.store.write_lock(self.dir, timeout)

    def forget_kept(self) -> None:
        """Another Library wrote the index (the app's indexing, in a thread): the engine's words kept are stale."""
        if self._engine is not None:
            self._engine.forget()

    def close(self) -> None:
        if self._engine is not None:
            self._engine.close()
        self.store.close()

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- writing -----------------------------------------------------------
    def index_paths(self, paths: Iterable[Path], progress: Progress | None = None, label: str | None = None,
                    lock_timeout: float = 10.0, should_stop: Callable[[], bool] | None = None,
                    default_source: str = "") -> IndexSummary:
        """Add files and folders; only new or changed files are read, and
        articles whose file was removed from an indexed folder are removed.
        default_source labels articles whose file names no source."""
        summary = IndexSummary()
        sync = _sync()
        # feeding: the engine indexes (in its own threads, Tantivy) while the files are stored
        with self.write_lock(timeout=lock_timeout), sync.feeding.feeding(self.store, lambda: self.engine):
            for path in paths:
                sync.read_path(self.store, Path(path), summary, self.config.max_file_bytes, progress, label,
                               should_stop, default_source)
                if should_stop and should_stop():
                    break
            self._sync_index(progress, summary)
        return summary

    def _sync_index(self, progress: Progress | None = None, summary: IndexSummary | None = None) -> None:
        """Bring the index level with the store (the caller holds the lock)."""
        try:  # the events' features (issue 15) first: a fed Tantivy index indexes its backlog meanwhile
            if not self.store.on_server:
                _events().EventIndex(self.store.db).prepare_store(self.store, progress)
        finally:  # the search index committed whatever they did (a Ctrl-C), as when it came first
            # a store on a server is searched on the server: no manifest in a local folder records it
            if _sync().sync_index(self.store, self.engine, progress) and not self.store.on_server:
                manifest.write(self.dir, self.engine)

    def add_articles(self, articles: Iterable[Article], lock_timeout: float = 10.0,
                     progress: Progress | None = None) -> IndexSummary:
        """Store articles that were not read from files (feed entries) and
        index them. Articles are matched on id; one whose URL is already in
        the store under another id updates that article instead of making a
        second copy of the same story."""
        summary = IndexSummary()
        with self.write_lock(timeout=lock_timeout):
            _sync().store_articles(self.store, articles, summary)
            self._sync_index(progress, summary)
        return summary

    def rebuild_index(self, progress: Progress | None = None, lock_timeout: float = 10.0) -> int:
        """Throw the index away and build it again from the store alone."""
        with self.write_lock(timeout=lock_timeout):
            self.engine.clear()
            self.store.forget_index()
            self._sync_index(progress)
        return self.store.count()

    def optimize_index(self, lock_timeout: float = 10.0) -> int:
        """Merge the search index's segments into one (Whoosh; Tantivy merges
        as it goes). Returns how many there were."""
        with self.write_lock(timeout=lock_timeout):
            return self.engine.optimize()

    def ensure_seeds(self, progress: Progress | None = None) -> IndexSummary | None:
        """Index the bundled seeds into an empty library."""
        if self.store.count() > 0:
            if not self.engine.exists():
                self.rebuild_index(progress)
            return None
        return self.index_paths([seeds_dir()], progress=progress, label="seeds")

    # --- reading -----------------------------------------------------------
    def get(self, id_or_prefix: str) -> Article:
        if "~" in id_or_prefix or "@" in id_or_prefix:  # a version of an article: ID~N, ID@N
            from reader.core.compare import versions  # start-up time, as compare() below

            return versions.resolve(id_or_prefix, self.get, self.store.db)[0]
        matches = self.store.resolve(id_or_prefix)
        if not matches:
            raise NotFound(f"no article with an id starting with {id_or_prefix!r}")
        if len(matches) > 1 and id_or_prefix.lower() not in matches:
            shown = ", ".join(m[:10] for m in matches[:5])
            raise NotFound(f"{id_or_prefix!r} is ambiguous: it starts {len(matches)} ids ({shown}…); type more of it")
        article = self.store.get(id_or_prefix.lower() if id_or_prefix.lower() in matches else matches[0])
        assert article is not None
        return article

    # --- searching -----------------------------------------------------------
    def _plan(self, query: str):
        def complete(ids: list[str]) -> None:
            try:
                self.update_entities(ids, lock_timeout=MAINTAIN_WAIT)
            except (IndexBusy, OSError, sqlite3.OperationalError) as exc:  # busy, or a read-only store or full disk
                log.info("entity: search answers from the entities computed so far: %s", exc)

        return _planning().plan(query, self.entities, complete)

    def search(self, query: str, limit: int = 20, cancel: Callable[[], bool] | None = None) -> SearchResults:
        """cancel: asked between the steps of the search; once it says True
        the search raises SearchCancelled (reader.core.search.budget)."""
        if not self.engine.exists():
            return SearchResults(query, 0, ())
        return _planning().search(query, self._plan(query), self.engine, self.store, limit, cancel)

    def search_ids(self, query: str, limit: int | None = None, cancel: Callable[[], bool] | None = None) -> list[str]:
        return _planning().search_ids(self._plan(query), self.engine, self.store, limit, cancel)

    def query_matcher(self, query: str) -> Callable[[Article], dict[str, list[tuple[int, int]]]]:
        """Where a query matches in an article's title and text (see
        reader.core.search.planning.matcher)."""
        service = _entities().EntityService(self.store.db, _entities().index.SEARCH_EXTRACTOR)
        return _planning().matcher(query, self.engine, self.entities, lambda a: self._mentions(a, service=service)[1])

    def match_spans(self, article: Article, query: str) -> dict[str, list[tuple[int, int]]]:
        return self.query_matcher(query)(article)

    def terms(self, query: str, max_articles: int = 500, context: int = 60):
        return terms_across_sources(self, query, max_articles=max_articles, context=context)

    # --- entities, events, comparison: reads that keep a cache ----------------
    @property
    def entities(self):
        """Which articles mention which entity (the entity: field)."""
        if self._entities is None:
            self._entities = _entities().index.EntityIndex(self.store.db)
        return self._entities

    def update_entities(self, ids: Iterable[str] | None = None, progress: Progress | None = None,
                        should_stop: Callable[[], bool] | None = None, lock_timeout: float = 10.0) -> int:
        """Compute the entities entity: search needs for ids (default: every
        article lacking them), a batch at a time under the write lock, so
        that an indexing run waits for one batch, not for the whole pass."""
        todo = list(ids) if ids is not None else self.entities.missing()
        done = 0
        for start in range(0, len(todo), ENTITY_BATCH):
            if should_stop and should_stop():
                break
            with self.write_lock(timeout=lock_timeout):
                done += self.entities.update(self.store, todo[start : start + ENTITY_BATCH])
            if progress:
                progress("entities", done, len(todo))
        return done

    @contextmanager
    def _maintaining(self) -> Iterator[bool]:
        """The write lock for a read that keeps a derived table: True when
        held; False when another writer has it (or the index is read-only),
        and the caller answers from what is stored."""
        try:
            lock = self.write_lock(timeout=MAINTAIN_WAIT).__enter__()
        except (IndexBusy, OSError) as exc:
            log.info("answering from what is stored: %s", exc)
            yield False
            return
        try:
            yield True
        except sqlite3.OperationalError as exc:
            if not cannot_write(exc):
                raise
            log.info("a read-only store or a full disk: answering from what is stored: %s", exc)
        finally:
            lock.__exit__(None, None, None)

    def _mentions(self, article: Article, extractor: str | None = None, service=None) -> tuple[str, list]:
        """(extractor name, mentions): cached, else extracted outside the lock
        (spaCy takes a while) and cached if the lock is free."""
        service = service or _entities().EntityService(self.store.db, extractor)
        found = service.cached(article)
        if found is None:
            found = _entities().extract(article.text, service.extractor)
            with self._maintaining() as held:
                if held and service.cache is not None:
                    service.cache.put(article.id, article.content_hash, service.name, found)
        return service.name, found

    def mentions(self, article: Article, extractor: str | None = None):
        """An article's entity mentions with an extractor (None: the best
        installed), from the cache or computed and cached."""
        return self._mentions(article, extractor)[1]

    def article_entities(self, article: Article, extractor: str | None = None):
        """(extractor name, entities, variants within the article), computed
        once and cached; extractor None is the best installed one."""
        name, mentions = self._mentions(article, extractor)
        entities = _entities().group(mentions)
        return name, entities, _entities().find_variants(entities, entities)

    def corpus_entities(self, progress: Progress | None = None, should_stop=None):
        """(extractor name, entities with document counts, variants) over the
        whole library, computing what is missing first."""
        ent = _entities()
        self.update_entities(progress=progress, should_stop=should_stop)
        service = ent.EntityService(self.store.db, ent.index.SEARCH_EXTRACTOR)
        lists = [ent.group(self._mentions(a, service=service)[1]) for a in self.store.iter_articles()]
        return service.name, ent.merge(lists), ent.variants_of(lists)

    def events(self, min_count: int = 1, progress: Progress | None = None):
        """The library grouped into events, brought up to date with the store first (incrementally:
        an event keeps its id as it grows; in memory where the store cannot be written)."""
        return _events().reading.up_to_date(self.store, self._maintaining, self.write_lock, progress).events(min_count)

    def event(self, event_id: str):
        return _events().EventIndex(self.store.db).event(event_id)

    def compare(self, a: Article, b: Article, extractor: str | None = None):
        from reader.core.compare.comparison import compare  # start-up time, as the module docstring says

        service = _entities().EntityService(self.store.db, extractor)
        cache = {x.id: self._mentions(x, service=service)[1] for x in (a, b)}
        return compare(a, b, entities_of=lambda art: cache[art.id])

    def voices(self, event, extractor: str | None = "rules"):
        """Who the event's reports quote and how much, and the quotations two
        of them give differently (reader.core.quotes.event_voices). The rules name
        speakers as the quotes benchmark measured them; a model may be asked for."""
        from reader.core.quotes.event_voices import event_voices  # start-up time, as compare

        service = _entities().EntityService(self.store.db, extractor)
        found = self.store.get_many(list(event.article_ids))
        articles = [found[i] for i in event.article_ids if i in found]
        return event_voices(articles, lambda a: self._mentions(a, service=service)[1])

    def listing(self, **kwargs) -> list[dict]:
        return self.store.listing(**kwargs)

    def sources(self) -> list[tuple[str, int]]:
        return self.store.sources()

    def set_source(self, target: str, name: str) -> dict:
        """An article's source (target: an id), or every article's from a file or folder (its path): core.sources."""
        return source_names.set_source(self, target, name)

    @property
    def saved_searches(self) -> SavedSearches:
        """Named queries with their unread counts (reader.core.search.saved)."""
        return SavedSearches(self.store.db, getattr(self.config, "searches", {}), self.search_ids)

    def set_read(self, ids: Iterable[str], read: bool = True) -> None:
        self.store.set_state(ids, read=read)

    def set_bookmarked(self, ids: Iterable[str], bookmarked: bool = True) -> None:
        self.store.set_state(ids, bookmarked=bookmarked)

    def stats(self) -> dict:
        return {
            "index": str(self.dir),
            "engine": self.engine.name,
            "articles": self.store.count(),
            "indexed": self.engine.doc_count(),
            "sources": len(self.store.sources()),
        }
