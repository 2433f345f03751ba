"""One Tantivy write, fed an article at a time and committed once.

Tantivy indexes in its own threads: a write begun while the files of an indexing run are still
being stored (ingest/sync.py's feeding) indexes meanwhile, so that the commit at the end has little
left to do. Nothing is visible to a reader before the commit; a process killed before it leaves the
last commit as it was (the documents written meanwhile are collected by a later writer).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from pathlib import Path

import tantivy

from reader.core.faults import checkpoint
from reader.core.models import Article
from reader.core.search.errors import one_line, write_failed

log = logging.getLogger(__name__)

HEAP_PER_THREAD = 64_000_000  # bytes: more made no difference to a 25,000-article build
# Tantivy's dates are nanoseconds in 64 bits (1677-09-21 to 2262-04-11). Here, not in translate.py,
# which uses them for a query's bounds: a build imports no query side (the parser, Whoosh's).
DATE_MIN = datetime(1677, 9, 22, tzinfo=timezone.utc)
DATE_MAX = datetime(2262, 4, 11, tzinfo=timezone.utc)


class Feed:
    def __init__(self, index: tantivy.Index, path: Path, was_empty: bool, threads: int = 1):
        """was_empty: the index held no document, so an article added is deleted first only if it
        was added by this feed before (an index with documents: always)."""
        self.path = path
        self.was_empty = was_empty
        self.added: set[str] = set()
        try:
            self.writer = index.writer(heap_size=HEAP_PER_THREAD * threads, num_threads=threads)
        except ValueError as exc:
            if "lock" not in str(exc).lower():
                raise write_failed(exc, path) from exc
            raise RuntimeError(f"the tantivy index in {path} is being written by another process ({one_line(exc)})") from exc
        self.done = False

    def add(self, article: Article) -> None:
        try:
            if not self.was_empty or article.id in self.added:
                self.writer.delete_documents_by_term("id", article.id)
            self.writer.add_document(document(article))
        except BaseException as exc:
            self._fail(exc)
        self.added.add(article.id)

    def delete(self, ids: Iterable[str]) -> None:
        try:
            for article_id in ids:
                self.writer.delete_documents_by_term("id", article_id)
        except BaseException as exc:
            self._fail(exc)

    def commit(self) -> None:
        """Everything added and deleted, in one commit; ends the writer (its merges finish and its lock
        is let go)."""
        try:
            checkpoint("mid-commit")
            self.writer.commit()
        except BaseException as exc:
            self._fail(exc)
        self.done = True
        self.writer.wait_merging_threads()

    def rollback(self) -> None:
        """Nothing of this feed is kept; ends the writer. Quiet: called after another failure."""
        if not self.done:
            self.done = True
            _quietly(self.writer.rollback)
            _quietly(self.writer.wait_merging_threads)

    def _fail(self, exc: BaseException) -> None:
        self.rollback()
        if isinstance(exc, ValueError):  # Tantivy's IO errors (a full disk) are ValueErrors
            raise write_failed(exc, self.path) from exc
        raise exc


def document(article: Article) -> tantivy.Document:
    doc = tantivy.Document()
    doc.add_text("id", article.id)
    doc.add_text("title", article.title)
    doc.add_text("body", article.text)
    doc.add_text("source", article.source)
    doc.add_text("source_exact", article.source.lower())
    doc.add_text("byline", article.byline)
    doc.add_text("url", article.url)
    if article.published is not None:
        doc.add_date("published", clamp_date(article.published.astimezone(timezone.utc)))
    return doc


def clamp_date(value: datetime) -> datetime:
    """A UTC date within what Tantivy can hold: one beyond is written as the nearest one it holds."""
    return min(max(value, DATE_MIN), DATE_MAX)


def _quietly(step: Callable[[], object]) -> None:
    """A clean-up step after a failed write: its own failure (the disk is
    still full) must not hide the first one."""
    try:
        step()
    except (ValueError, OSError) as exc:
        log.info("tantivy: %s after a failed write: %s", getattr(step, "__name__", "clean-up"), one_line(exc))
