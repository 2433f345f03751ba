"""The library: one object that the CLI and the app both call.

It ties the article store (the source of truth) to the search index (derived
from the store, rebuildable from it at any time) and is the only place that
writes either.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from reader.core.config import Config
from reader.core.faults import checkpoint
from reader.core.models import Article, Hit, IndexSummary, SearchResults, Skipped
from reader.core.search.engine import DEFAULT_ENGINE, Engine, EngineDamaged, EngineUnavailable, make_engine
from reader.core.search.query import QueryError
from reader.core.search.snippets import lead_snippet
from reader.core.store.articles import ArticleStore
from reader.core.store.lock import WriteLock

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
STORE_FILE = "store.sqlite"
MANIFEST = "index.json"
BATCH_FILES = 200
# entity: queries compute missing entities on the spot up to this many
# articles; past it, the background pass (`newsreader entities --update`) does.
SYNC_ENTITY_LIMIT = 200


class LibraryError(RuntimeError):
    """A problem the reader can act on; str() is one line."""


class NotFound(LibraryError):
    pass


class IndexNeedsRebuild(LibraryError):
    pass


class IndexDamaged(IndexNeedsRebuild):
    pass


class Library:
    """engine: the engine for a new index; an existing index is always opened
    with the engine recorded in its manifest (use switch_engine to change)."""

    def __init__(
        self,
        index_dir: Path,
        config: Config | None = None,
        engine: str | None = None,
        verify: bool = True,
        deferred: bool = False,
    ):
        """deferred: open the search engine on first use (or open_engine())
        rather than now; the app shows the library from the store before the
        engine's modules are even imported."""
        self.dir = Path(index_dir)
        self.config = config or Config()
        self.store = ArticleStore(self.dir / STORE_FILE)
        self._entities = None
        self._recorded = self._read_manifest()
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
        if self._engine is not None:
            return self._engine
        name, recorded = self.engine_name, self._recorded
        try:
            engine = make_engine(name, self.dir / name)
        except EngineUnavailable as exc:
            raise LibraryError(str(exc)) from exc
        if recorded and int(recorded.get("schema", 0)) < engine.schema_version:
            raise IndexNeedsRebuild(
                f"the search index in {self.dir} is from an older version; run `newsreader index --rebuild`"
                " (it is rebuilt from the article store, nothing is lost)"
            )
        if recorded and self._verify and self.store.indexed_count():
            try:
                engine.verify()
            except EngineDamaged as exc:
                engine.close()
                raise IndexDamaged(
                    f"the search index in {self.dir} is damaged ({exc}); rebuild it from the article store with"
                    " `newsreader index --rebuild` (read state and bookmarks are kept)"
                ) from exc
        self._engine = engine
        return engine

    # --- set-up ------------------------------------------------------------
    def _read_manifest(self) -> dict:
        path = self.dir / MANIFEST
        if not path.exists():
            return {}
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(manifest, dict):
                raise ValueError("not an object")
            return manifest
        except (OSError, ValueError) as exc:
            self.store.close()
            raise IndexNeedsRebuild(f"{path} is damaged ({exc}); run `newsreader index --rebuild`") from exc

    def _write_manifest(self) -> None:
        path = self.dir / MANIFEST
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"engine": self.engine.name, "schema": self.engine.schema_version}), encoding="utf-8")
        tmp.replace(path)

    def switch_engine(self, name: str, progress: Progress | None = None) -> int:
        """Rebuild the index with another engine, from the store alone."""
        if name == self.engine.name:
            return self.rebuild_index(progress)
        try:
            new = make_engine(name, self.dir / name)
        except EngineUnavailable as exc:
            raise LibraryError(str(exc)) from exc
        old = self.engine
        with WriteLock(self.dir, timeout=10.0):
            new.clear()
            self.engine = new
            self.store.forget_index()
            self._sync_index(progress)
        old.clear()
        return self.store.count()

    def close(self) -> None:
        if self._engine is not None:
            self._engine.close()
        self.store.close()

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- writing -----------------------------------------------------------
    def index_paths(
        self,
        paths: Iterable[Path],
        progress: Progress | None = None,
        label: str | None = None,
        lock_timeout: float = 10.0,
        should_stop: Callable[[], bool] | None = None,
        default_source: str = "",
    ) -> IndexSummary:
        """Add files and folders; only new or changed files are read, and
        articles whose file was removed from an indexed folder are removed.
        default_source labels articles whose file names no source."""
        summary = IndexSummary()
        with WriteLock(self.dir, timeout=lock_timeout):
            for path in paths:
                self._index_one_path(Path(path), summary, progress, label, should_stop, default_source)
                if should_stop and should_stop():
                    break
            self._sync_index(progress, summary)
        return summary

    def _index_one_path(self, path, summary, progress, label, should_stop, default_source="") -> None:
        from reader.core import ingest  # only writing needs the parsers; the app opens without them

        walk_errors: list[tuple[str, str]] = []
        found = list(ingest.discover(path, walk_errors))
        summary.skipped += [Skipped(p, r) for p, r in walk_errors]
        if not found:
            return
        root = str(found[0].root)
        sidecars: dict[Path, dict] = {}
        seen_files: set[str] = set()
        total = len(found)
        batch: list[tuple] = []  # (Found, signature, FileResult or None when unchanged)
        done = 0
        for item in found:
            if should_stop and should_stop():
                break
            seen_files.add(item.relpath)
            signature = _signature(item.path)
            if signature is not None and self.store.file_signature(root, item.relpath) == signature:
                batch.append((item, signature, None))
            else:
                result = ingest.read_file(item, label, self.config.max_file_bytes, sidecars, default_source)
                batch.append((item, signature, result))
            done += 1
            if progress:
                progress("reading", done, total)
            if len(batch) >= BATCH_FILES:
                self._store_batch(root, batch, summary)
                batch = []
        self._store_batch(root, batch, summary)
        if should_stop and should_stop():
            return
        # Files that were indexed from this folder before and are gone now.
        scope_is_folder = Path(path).is_dir()
        known = self.store.files_under(root)
        gone = [rel for rel in known if rel not in seen_files] if scope_is_folder else []
        if not scope_is_folder and not Path(path).exists():
            gone = [Path(path).name]
        if gone:
            with self.store.transaction() as db:
                for rel in gone:
                    ids = self.store.ids_under(root, rel)
                    summary.removed += self.store.delete(db, ids)
                    self.store.set_file_signature(db, root, rel, None)

    def _store_batch(self, root: str, batch, summary: IndexSummary) -> None:
        if not batch:
            return
        with self.store.transaction() as db:
            for item, signature, result in batch:
                if result is None:
                    summary.unchanged += len(self.store.ids_under(root, item.relpath))
                    continue
                if result.error:
                    # Keep whatever was indexed from this file before, and do
                    # not record its signature, so a re-run tries it again.
                    summary.skipped.append(Skipped(str(item.path), result.error))
                    continue
                summary.warnings += [Skipped(str(item.path), w) for w in result.warnings]
                before = set(self.store.ids_under(root, item.relpath))
                for article in result.articles:
                    outcome = self.store.upsert(db, article)
                    setattr(summary, outcome, getattr(summary, outcome) + 1)
                    before.discard(article.id)
                    checkpoint("mid-batch")
                summary.removed += self.store.delete(db, before)
                if signature is not None and not result.warnings:
                    self.store.set_file_signature(db, root, item.relpath, signature)
                elif signature is not None:
                    # Read with problems: still recorded, so that an unchanged
                    # damaged file is not re-reported on every run.
                    self.store.set_file_signature(db, root, item.relpath, signature)

    def _sync_index(self, progress: Progress | None = None, summary: IndexSummary | None = None) -> None:
        """Bring the index level with the store (also after a crash)."""
        checkpoint("between-store-and-index")
        if not self.engine.exists():
            self.store.forget_index()  # whatever the store believes, the index holds nothing
        stale, gone = self.store.index_diff()
        if not stale and not gone and self.engine.exists():
            return
        total = len(stale)

        def articles():
            for i in range(0, len(stale), 500):
                chunk = self.store.get_many(stale[i : i + 500])
                for article_id in stale[i : i + 500]:
                    if article_id in chunk:
                        yield chunk[article_id]

        def tick(n: int) -> None:
            if progress and (n % 50 == 0 or n == total):
                progress("indexing", n, total)

        # procs=None: the engine decides. Whoosh builds a large batch with its
        # own segment builder, on two cores where there are two (its stock
        # multiprocessing writer pickled every document and merged at the end,
        # which was slower than one process).
        self.engine.write(articles(), gone, progress=tick, procs=None)
        checkpoint("after-index-commit")
        self.store.mark_indexed(stale, gone)
        self._write_manifest()

    def add_articles(
        self,
        articles: Iterable[Article],
        lock_timeout: float = 10.0,
        progress: Progress | None = None,
    ) -> IndexSummary:
        """Store articles that were not read from files (feed entries) and
        index them. Articles are matched on id; one whose URL is already in
        the store under another id updates that article instead of making a
        second copy of the same story."""
        summary = IndexSummary()
        with WriteLock(self.dir, timeout=lock_timeout):
            with self.store.transaction() as db:
                for article in articles:
                    existing = self.store.id_for_url(article.url) if article.url else None
                    if existing and existing != article.id:
                        home = self.store.get(existing)
                        if home is not None and home.root:
                            # A saved page of the same story: the file stays the
                            # article's home (deleting it removes the article).
                            summary.unchanged += 1
                            continue
                        article = replace(article, id=existing, origin=self.store.origin_of(existing) or article.origin)
                    outcome = self.store.upsert(db, article)
                    setattr(summary, outcome, getattr(summary, outcome) + 1)
            self._sync_index(progress, summary)
        return summary

    def remove_articles(self, ids: Iterable[str], lock_timeout: float = 10.0) -> int:
        with WriteLock(self.dir, timeout=lock_timeout):
            with self.store.transaction() as db:
                n = self.store.delete(db, ids)
            self._sync_index()
        return n

    def rebuild_index(self, progress: Progress | None = None, lock_timeout: float = 10.0) -> int:
        """Throw the index away and build it again from the store alone."""
        with WriteLock(self.dir, timeout=lock_timeout):
            self.engine.clear()
            self.store.forget_index()
            self._sync_index(progress)
        return self.store.count()

    def optimize_index(self, lock_timeout: float = 10.0) -> int:
        """Merge the search index's segments into one (Whoosh; Tantivy merges
        as it goes). Returns how many there were."""
        with WriteLock(self.dir, timeout=lock_timeout):
            before = self.engine.optimize()
        return before

    def ensure_seeds(self, progress: Progress | None = None) -> IndexSummary | None:
        """Index the bundled seeds into an empty library."""
        from reader.core.paths import seeds_dir

        if self.store.count() > 0:
            if not self.engine.exists():
                self.rebuild_index(progress)
            return None
        return self.index_paths([seeds_dir()], progress=progress, label="seeds")

    # --- reading -----------------------------------------------------------
    def get(self, id_or_prefix: str) -> Article:
        matches = self.store.resolve(id_or_prefix)
        if not matches:
            raise NotFound(f"no article with an id starting with {id_or_prefix!r}")
        if len(matches) > 1 and id_or_prefix.lower() not in matches:
            shown = ", ".join(m[:10] for m in matches[:5])
            raise NotFound(f"{id_or_prefix!r} is ambiguous: it starts {len(matches)} ids ({shown}…); type more of it")
        article = self.store.get(id_or_prefix.lower() if id_or_prefix.lower() in matches else matches[0])
        assert article is not None
        return article

    @property
    def entities(self):
        """Which articles mention which entity (the entity: field)."""
        if self._entities is None:
            from reader.core.entities.index import EntityIndex

            self._entities = EntityIndex(self.store.db)
        return self._entities

    def _plan(self, query: str) -> tuple[str, set[str] | None, set[str]]:
        """(the text query, articles an entity: clause allows (None: any),
        articles a NOT entity: clause excludes)."""
        from reader.core.entities.index import split_entity_clauses

        rest, includes, excludes = split_entity_clauses(query)
        if not includes and not excludes:
            return query, None, set()
        missing = self.entities.missing()
        if missing and len(missing) <= SYNC_ENTITY_LIMIT:
            # A few seconds at most: answer completely rather than from a part.
            self.entities.update(self.store, missing)
        allowed: set[str] | None = None
        for name in includes:
            ids = self.entities.articles_for(name)
            allowed = ids if allowed is None else allowed & ids
        excluded: set[str] = set()
        for name in excludes:
            excluded |= self.entities.articles_for(name)
        if not rest and allowed is None:
            raise QueryError("NOT entity: needs something to search for beside it")
        return rest, allowed, excluded

    def search(self, query: str, limit: int = 20) -> SearchResults:
        if not self.engine.exists():
            return SearchResults(query, 0, ())
        rest, allowed, excluded = self._plan(query)
        if rest:
            results = self.engine.search(
                rest, limit=limit, body_of=self._bodies, filter_ids=allowed, exclude_ids=excluded or None
            )
            return SearchResults(query, results.total, results.hits)
        # only entity: clauses: the articles that mention them, newest first
        ids = sorted((allowed or set()) - excluded)
        rows = self.store.listing(ids=ids, limit=limit) if ids else []
        articles = self.store.get_many([r["id"] for r in rows])
        hits = tuple(
            Hit(r["id"], r["title"], r["source"], articles[r["id"]].published, r["url"], 0.0,
                lead_snippet(articles[r["id"]].text))
            for r in rows
        )
        return SearchResults(query, len(ids), hits)

    def search_ids(self, query: str, limit: int | None = None) -> list[str]:
        rest, allowed, excluded = self._plan(query)
        if rest:
            return self.engine.search_ids(rest, limit=limit, filter_ids=allowed, exclude_ids=excluded or None)
        ids = sorted((allowed or set()) - excluded)
        return [r["id"] for r in self.store.listing(ids=ids, limit=limit or len(ids))] if ids else []

    def _bodies(self, ids: list[str]) -> dict[str, str]:
        return {i: a.text for i, a in self.store.get_many(ids).items()}

    def article_entities(self, article: Article, extractor: str | None = None):
        """(extractor name, entities, variants within the article), computed
        once and cached; extractor None is the best installed one."""
        from reader.core.entities import EntityService, find_variants

        service = EntityService(self.store.db, extractor)
        entities = service.entities(article)
        return service.name, entities, find_variants(entities, entities)

    def corpus_entities(self, progress: Progress | None = None, should_stop=None):
        """(extractor name, entities with document counts, variants) over the
        whole library, computing what is missing first."""
        from reader.core.entities import EntityService, group, merge, variants_of
        from reader.core.entities.index import SEARCH_EXTRACTOR

        self.entities.update(self.store, progress=progress, should_stop=should_stop)
        service = EntityService(self.store.db, SEARCH_EXTRACTOR)
        lists = [group(service.mentions(a)) for a in self.store.iter_articles()]
        return service.name, merge(lists), variants_of(lists)

    # --- events and comparison ------------------------------------------------
    def events(self, min_count: int = 1, progress: Progress | None = None):
        """The library grouped into events, brought up to date with the
        store first (incrementally: an event keeps its id as it grows)."""
        from reader.core.events import EventIndex

        index = EventIndex(self.store.db)
        index.sync(self.store.iter_articles())
        return index.events(min_count=min_count)

    def event(self, event_id: str):
        from reader.core.events import EventIndex

        return EventIndex(self.store.db).event(event_id)

    def mentions(self, article: Article, extractor: str | None = None):
        """An article's entity mentions with an extractor (None: the best
        installed), from the cache or computed and cached."""
        from reader.core.entities import EntityService

        return EntityService(self.store.db, extractor).mentions(article)

    def compare(self, a: Article, b: Article, extractor: str | None = None):
        from reader.core.compare.comparison import compare

        cache = {a.id: self.mentions(a, extractor), b.id: self.mentions(b, extractor)}
        return compare(a, b, entities_of=lambda art: cache[art.id])

    def query_matcher(self, query: str) -> Callable[[Article], dict[str, list[tuple[int, int]]]]:
        """A function giving where a query matches in an article's title and
        text (character spans into article.title and article.text): its words
        (stemmed, wildcards and fuzzy terms expanded; a phrase's words only
        where they stand together) and the mentions of its entity: names."""
        from reader.core.entities.index import split_entity_clauses
        from reader.core.search.terms import word_spans

        rest, includes, _ = split_entity_clauses(query)
        words: set[str] = set()
        min_run = 1
        if rest:
            words = self.engine.query_words(rest, "body") | self.engine.query_words(rest, "title")
            min_run = self.engine.shortest_phrase(rest)
        wanted: set[str] = set()
        for name in includes:
            wanted |= self.entities.names_for(name)

        def spans(article: Article) -> dict[str, list[tuple[int, int]]]:
            text_spans = word_spans(self.engine, article.text, words, min_run)
            if wanted:
                text_spans = sorted(set(text_spans) | set(self._mention_spans(article, wanted)))
            return {"title": word_spans(self.engine, article.title, words, min_run), "text": text_spans}

        return spans

    def match_spans(self, article: Article, query: str) -> dict[str, list[tuple[int, int]]]:
        return self.query_matcher(query)(article)

    def _mention_spans(self, article: Article, names: set[str]) -> list[tuple[int, int]]:
        from reader.core.entities import EntityService
        from reader.core.entities.index import SEARCH_EXTRACTOR

        service = EntityService(self.store.db, SEARCH_EXTRACTOR)
        out = []
        for m in service.mentions(article):
            if m.canonical.casefold() in names or m.text.casefold() in names:
                out.append((m.start, m.end))
        return out

    def terms(self, query: str, max_articles: int = 500, context: int = 60):
        from reader.core.search.terms import terms_across_sources

        return terms_across_sources(self, query, max_articles=max_articles, context=context)

    def listing(self, **kwargs) -> list[dict]:
        return self.store.listing(**kwargs)

    def sources(self) -> list[tuple[str, int]]:
        return self.store.sources()

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


def _signature(path: Path) -> str | None:
    try:
        st = path.stat()
    except OSError:
        return None
    from reader.core.ingest import sidecar_mtime

    return f"{st.st_mtime_ns}:{st.st_size}:{sidecar_mtime(path.parent)}"
