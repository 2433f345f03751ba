"""Files into the store, and the store into the search index.

Only new or changed files are read (a file's signature is its mtime, size
and its folder's sources.toml), articles whose file is gone are removed, and
the index is then brought level with the store: the store is the source of
truth and the index is derived from it, so an interrupted run is finished by
the next one. The caller holds the write lock; the engine is passed in (this
package sits below search).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from reader.core.faults import checkpoint
from reader.core.ingest import FileResult, Found, discover, feeding, pool, sidecar_mtime
from reader.core.links import names_a_story
from reader.core.models import Article, IndexSummary, Skipped
from reader.core.store.articles import ArticleStore
from reader.core.store.connection import fewer_checkpoints

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]
BATCH_FILES = 200


class IndexWriter(Protocol):
    """What syncing needs of a search engine."""

    def exists(self) -> bool: ...

    def write(
        self, articles: Iterable[Article], delete_ids: Iterable[str] = (), *,
        progress: Callable[[int], None] | None = None, procs: int | None = None,
    ) -> int: ...


def signature(path: Path, sidecars: dict[str, int] | None = None) -> str | None:
    """sidecars: the folders' sources.toml mtimes read so far in this run (looked at once a folder),
    by the folder's name (a Path made and hashed for each file cost more than the stat)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    if sidecars is None:
        return f"{st.st_mtime_ns}:{st.st_size}:{sidecar_mtime(path.parent)}"
    folder = os.path.dirname(path)
    if folder not in sidecars:
        sidecars[folder] = sidecar_mtime(path.parent)
    return f"{st.st_mtime_ns}:{st.st_size}:{sidecars[folder]}"


def read_path(
    store: ArticleStore,
    path: Path,
    summary: IndexSummary,
    max_bytes: int,
    progress: Progress | None = None,
    label: str | None = None,
    should_stop: Callable[[], bool] | None = None,
    default_source: str = "",
) -> None:
    """Store what a file or folder holds now, counting into summary.

    A file already indexed from another folder (bbc/business, then bbc/,
    or the other way round) stays the article it was: it is read as a file
    of the folder that first indexed it, under the same id and read state.
    """
    walk_errors: list[tuple[str, str]] = []
    unread: set[str] = set()  # folders that could not be listed: their files are not gone
    found = list(discover(path, walk_errors, unread))
    summary.skipped += [Skipped(p, r) for p, r in walk_errors]
    if not found:
        return
    root = str(found[0].root)
    roots = {r for (r,) in store.db.execute("SELECT DISTINCT root FROM files")}  # every folder indexed before
    label = _label_for(store, root, label, summary, roots)
    homes = _Homes(store, root, roots)
    seen_files: set[str] = set()  # absolute paths
    total = len(found)
    plan: list[tuple[Found, str | None, bool]] = []  # (file, signature, to read)
    todo: list[tuple[Found, str | None]] = []  # (file, label) of the files to read, in order
    sidecars: dict[str, int] = {}
    for item in found:
        seen_files.add(str(item.path))
        item, item_label = homes.of(item, label)
        sig = signature(item.path, sidecars)
        unchanged = sig is not None and store.file_signature(str(item.root), item.relpath) == sig
        plan.append((item, sig, not unchanged))
        if not unchanged:
            todo.append((item, item_label))
    batch: list[tuple[Found, str | None, FileResult | None]] = []  # result None: unchanged
    done = 0
    # parsed in worker processes while this one stores (pool.py); closed early on a stop
    with closing(pool.read_all(todo, max_bytes, {}, default_source)) as results, fewer_checkpoints(store.db):
        for item, sig, to_read in plan:
            if should_stop and should_stop():
                break
            batch.append((item, sig, next(results) if to_read else None))
            done += 1
            if progress:
                progress("reading", done, total)
            if len(batch) >= BATCH_FILES:
                _store_batch(store, batch, summary)
                batch = []
    _store_batch(store, batch, summary)
    if should_stop and should_stop():
        return
    # Files that were indexed from this folder (by any root) before and are gone now.
    if Path(path).is_dir():
        gone = [(r, rel) for r, rel in homes.files_within(root) if os.path.join(r, rel) not in seen_files
                and not any(_within(os.path.join(r, rel), folder) for folder in unread)]
    else:
        gone = [] if Path(path).exists() else [(root, Path(path).name)]
    if gone:
        with store.transaction() as db:
            for r, rel in gone:
                summary.removed += store.delete(db, store.ids_under(r, rel))
                store.set_file_signature(db, r, rel, None)


def _within(path: str, folder: str) -> bool:
    return path.startswith(folder.rstrip(os.sep) + os.sep)


class _Homes:
    """Where the files of one indexing run already live in the store: the
    other roots (folders indexed before) that are above or below this one."""

    def __init__(self, store: ArticleStore, root: str, roots: set[str]):
        self.store = store
        self.root = root
        self.others = sorted(r for r in roots if r != root and (_within(root, r) or _within(r, root)))

    def of(self, item: Found, label: str | None) -> tuple[Found, str | None]:
        """The item as the folder that first indexed it has it, with that
        folder's label; unchanged if none did."""
        if not self.others or self.store.file_signature(self.root, item.relpath) is not None:
            return item, label
        path = str(item.path)
        for other in self.others:
            if not _within(path, other):
                continue
            rel = Path(os.path.relpath(path, other)).as_posix()
            if self.store.file_signature(other, rel) is None and not self.store.ids_under(other, rel):
                continue
            home = Found(Path(other), item.path)
            return home, _label_of(self.store, other, rel) or label
        return item, label

    def files_within(self, folder: str) -> list[tuple[str, str]]:
        """(root, relpath) of every file recorded under folder, by any root."""
        out = [(self.root, rel) for rel in self.store.files_under(self.root)]
        for other in self.others:
            out += [(other, rel) for rel in self.store.files_under(other)
                    if _within(os.path.join(other, rel), folder)]
        return out


def _label_for(store: ArticleStore, root: str, label: str | None, summary: IndexSummary, roots: set[str]) -> str | None:
    """The label of a run's articles (their ids are made of it and their
    paths): the one given, else the one the folder's articles have, else
    its name; but a folder named as another one indexed before ("bbc/2024",
    then "cnn/2024") is labelled with its parent's name too ("cnn/2024"): its
    files would have the other's ids, and replace the other's articles."""
    if label is not None:
        return label
    for rel in store.files_under(root)[:20]:
        if known := _label_of(store, root, rel):
            return known
    name = Path(root).name
    taken = set()
    for other in roots:
        if other != root and Path(other).name == name:
            taken |= {_label_of(store, other, rel) or name for rel in store.files_under(other)[:20]}
    if name not in taken:
        return None  # (read_file's default: the folder's name)
    parts = Path(root).parts
    for k in range(2, len(parts) + 1):
        if (candidate := "/".join(p.strip("/") for p in parts[-k:])) not in taken:
            summary.warnings.append(Skipped(root, f"another folder named {name!r} is indexed already: these articles are "
                                                  f"labelled {candidate!r} (--label names them otherwise)"))
            return candidate
    return None


def _label_of(store: ArticleStore, root: str, rel: str) -> str | None:
    """The label a file's articles were made with (their origin is
    label/relpath, with #key for one of several), so that reading it again
    from another folder keeps their ids."""
    for article_id in store.ids_under(root, rel):
        origin = store.origin_of(article_id) or ""
        for tail in (f"/{rel}", f"/{rel}#"):
            at = origin.rfind(tail)
            if at > 0 and (tail.endswith("#") or at + len(tail) == len(origin)):
                return origin[:at]
    return None


def _store_batch(store: ArticleStore, batch, summary: IndexSummary) -> None:
    if not batch:
        return
    run = feeding.of(store)
    # begun before the transaction: it may have to tell the store its index is gone
    feed = run if run is not None and any(r is not None and not r.error for _, _, r in batch) and run.begin() else None
    killing = os.environ.get("NEWSREADER_KILL_AT") == "mid-batch"  # the test's stage, looked up once a batch
    with store.transaction() as db:
        for item, sig, result in batch:
            root = str(item.root)
            if result is None:
                summary.unchanged += len(store.ids_under(root, item.relpath))
                continue
            if result.error:
                # Keep whatever was indexed from this file before, and do
                # not record its signature, so a re-run tries it again.
                summary.skipped.append(Skipped(str(item.path), result.error))
                continue
            summary.warnings += [Skipped(str(item.path), w) for w in result.warnings]
            before = set(store.ids_under(root, item.relpath))
            # the articles written are kept by the store while it holds the lock (store/memo.py), so
            # that the index and the events' features are given them rather than reading them back
            for article, facts in zip(result.articles, result.facts or [None] * len(result.articles)):
                outcome = store.upsert(db, article, facts)
                setattr(summary, outcome, getattr(summary, outcome) + 1)
                if facts and outcome != "unchanged" and feed is not None and feed.feed is not None:
                    feed.add(article, facts[0])
                before.discard(article.id)
                if killing:
                    checkpoint("mid-batch")
            if before:  # nearly always none: the statements for none cost 0.1 s a 6,000 files
                summary.removed += store.delete(db, before)
            if sig is not None:
                # Read with problems too: recorded, so that an unchanged
                # damaged file is not re-reported on every run.
                store.set_file_signature(db, root, item.relpath, sig)


def store_articles(store: ArticleStore, articles: Iterable[Article], summary: IndexSummary) -> None:
    """Store articles that were not read from files (feed entries). Articles
    are matched on id; one whose URL is already in the store under another
    id updates that article instead of making a second copy of the story."""
    with store.transaction() as db:
        for article in articles:
            existing = store.id_for_url(article.url) if names_a_story(article.url) else None
            if existing and existing != article.id:
                home = store.get(existing)
                if home is not None and home.root:
                    # A saved page of the same story: the file stays the
                    # article's home (deleting it removes the article).
                    summary.unchanged += 1
                    continue
                article = replace(article, id=existing, origin=store.origin_of(existing) or article.origin)
            outcome = store.upsert(db, article)
            setattr(summary, outcome, getattr(summary, outcome) + 1)


def sync_index(store: ArticleStore, engine: IndexWriter, progress: Progress | None = None) -> bool:
    """Bring the index level with the store (also after a crash); True if
    the index was written (and its manifest wants writing)."""
    checkpoint("between-store-and-index")
    run = feeding.of(store)
    taken = run.take() if run is not None else None
    if taken is not None and run.engine is not engine:
        taken[0].rollback()
        taken = None
    if taken is not None:
        try:
            return _finish_feed(store, engine, *taken, progress)
        except Exception as exc:
            # a feed whose write was lost on the way (a server's connection dropped while the files were
            # stored, seen only at its commit; the engine's error says so: retry_from_store) is rolled
            # back: the index is written once more from the store, as without a feed
            if not getattr(exc, "retry_from_store", False):
                raise
            log.info("the feed's write was lost, indexing from the store: %s", exc)
    if not engine.exists():
        store.forget_index()  # whatever the store believes, the index holds nothing
    stale, gone = store.index_diff()
    if not stale and not gone and engine.exists():
        return False
    total = len(stale)

    def articles() -> Iterator[Article]:
        for i in range(0, len(stale), 500):
            ids = stale[i : i + 500]
            chunk = store.get_many(ids)  # those this run wrote as they were written (store/memo.py)
            for article_id in ids:
                if article_id in chunk:
                    yield chunk[article_id]

    def tick(n: int) -> None:
        if progress and (n % 50 == 0 or n == total):
            progress("indexing", n, total)

    # procs=None: the engine decides. Whoosh builds a large batch with its
    # own segment builder, on two cores where there are two (its stock
    # multiprocessing writer pickled every document and merged at the end,
    # which was slower than one process).
    engine.write(articles(), gone, progress=tick, procs=None)
    checkpoint("after-index-commit")
    store.mark_indexed(stale, gone)
    return True


def _finish_feed(store: ArticleStore, engine, feed, fed: dict[str, str], progress: Progress | None) -> bool:
    """sync_index after a feed (feeding.py): what was fed as the store still holds it stays; the
    rest of what is stale is added from the store, and what was fed but is no longer stored (or
    is stored otherwise) is put right; then one commit."""
    try:
        stale, gone = store.index_diff()
        hashes = _hashes(store, list(fed))
        good = {i for i, digest in fed.items() if hashes.get(i) == digest}
        stale_set = set(stale)
        redo = [i for i in stale if i not in good]
        redo += [i for i in fed if i not in good and i not in stale_set and i in hashes]
        feed.delete(gone + [i for i in fed if i not in hashes])
        total = len(stale)
        done = total - sum(1 for i in stale if i not in good)
        if progress and done:
            progress("indexing", done, total)
        for i in range(0, len(redo), 500):
            chunk = store.get_many(redo[i : i + 500])
            for article_id in redo[i : i + 500]:
                if article_id in chunk:
                    feed.add(chunk[article_id])
                    done += 1
                    if progress and done <= total and (done % 50 == 0 or done == total):
                        progress("indexing", done, total)
        engine.end_feed(feed)
    finally:
        feed.rollback()  # after a failure: nothing of it is kept (a no-op after the commit)
    checkpoint("after-index-commit")
    store.mark_indexed(stale, gone)
    return True


def _hashes(store: ArticleStore, ids: list[str]) -> dict[str, str]:
    """The stored hash of each of ids the store holds: remembered for those it wrote this run (reading
    a row's hash goes past its paragraphs, 1.5 s for 25,000 articles under load), the others asked
    500 at a time (SQLite's bound)."""
    out = {i: digest for i in ids if (digest := store.known_hash(i)) is not None}
    ask = [i for i in ids if i not in out]
    for i in range(0, len(ask), 500):
        chunk = ask[i : i + 500]
        marks = ",".join("?" * len(chunk))
        out.update(store.db.execute(f"SELECT id, hash FROM articles WHERE id IN ({marks})", chunk).fetchall())
    return out
