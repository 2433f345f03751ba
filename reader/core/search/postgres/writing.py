"""The PostgreSQL engine's writes: articles analysed a batch at a time (rows.py:
the same tokenizer and stems as searches use), copied to the server in batches,
all in one transaction under the writers' lock.

Rows go in binary COPY (tsvectors in their binary form: the server does not
parse them again). A write into an empty index (the first build, a rebuild)
loads new tables that have no index yet and builds the indexes once at the
end, then puts the new tables in the old ones' place (tables.Build): no row
goes through an index one at a time, and readers see the old tables, empty,
until the commit. A write into a filled index goes through a temporary table
and one INSERT ... ON CONFLICT a batch, into the indexes as they are.
"""

from __future__ import annotations

import errno
import os
import signal
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from struct import pack
from typing import Protocol

import psycopg

from reader.core.faults import checkpoint
from reader.core.ingest.pool import _guard, fork_allowed, workers
from reader.core.models import Article
from reader.core.search.errors import one_line
from reader.core.search.postgres import analysis, rows, tables
from reader.core.search.postgres.server import Server, unreachable
from reader.core.search.postgres.workers import Workers


class PostgresEngine(Protocol):
    """What a write uses of the engine (engine.py imports this module: no import back)."""

    names: tables.Names
    server: Server
    stems: analysis.Stemmer

    def _ensure(self) -> None: ...

    def forget(self) -> None: ...


BATCH = 1000  # articles per COPY
COLUMNS = "(id, title, source, url, published, words, labels)"
_HEADER = b"PGCOPY\n\xff\r\n\x00" + pack(">ii", 0, 0)
_TRAILER = pack(">h", -1)


def write(engine: PostgresEngine, articles: Iterable[Article], delete_ids: Iterable[str] = (),
          progress: Callable[[int], None] | None = None, procs: int | None = None) -> int:
    """Add or replace articles and delete ids in one transaction."""
    writer = Writer(engine)
    count = 0
    try:
        writer.delete(delete_ids)
        for article in articles:
            writer.add(article)
            count += 1
            if progress is not None:
                progress(count)
        writer.commit()
    finally:
        writer.rollback()
    return count


class Writer:
    """One write: opened at once (it takes the writers' lock), fed articles, then committed
    (or rolled back: nothing of it is kept). Batches are analysed in worker processes where
    this process may fork (the analysis is most of a write's time on this side), in order."""

    def __init__(self, engine: PostgresEngine):
        self.engine = engine
        self.names = n = engine.names
        engine._ensure()  # committed apart: the stemmer's connection must see the dictionary
        self.conn = engine.server.connect(autocommit=False)
        self.done = False
        self.batch: dict[str, Article] = {}
        self.vocabulary: dict[str, Counter] = {"w": Counter(), "l": Counter()}
        self.pool: Workers | None = None
        self.rows: rows.Rows | None = None  # this process's, when it analyses a batch itself
        self.copy: ExitStack | None = None  # the build's COPY, open across batches
        try:
            tables.create(self.conn, n)  # takes the writers' lock, held to the commit; recreates dropped tables
            self.build = tables.Build.begin(self.conn, n)  # None: the index holds articles
            if self.build is None:
                self.target = "nr_batch"
                self.conn.execute(f"CREATE TEMP TABLE nr_batch (LIKE {n.docs}) ON COMMIT DROP")
            else:
                self.target = self.build.docs
                self.written: set[str] = set()
        except BaseException as exc:
            self._fail(exc)

    def add(self, article: Article) -> None:
        self.batch[article.id] = article  # the later of one id twice replaces the earlier, as a second write would
        if len(self.batch) >= BATCH:
            self._flush()

    def delete(self, ids: Iterable[str]) -> None:
        doomed = list(ids)
        if not doomed:
            return
        self._flush()
        self._run(lambda: self._drain(close=True))
        self._run(lambda: self.conn.execute(f"DELETE FROM {self.target if self.build else self.names.docs}"
                                            " WHERE id = ANY(%s)", (doomed,)))
        if self.build is not None:
            self.written.difference_update(doomed)

    def commit(self) -> None:
        self._flush()
        n, conn = self.names, self.conn

        def finish():
            self._drain(close=True)
            if self.build is not None:
                self.build.finish(self.engine.server.rum, self.vocabulary)
            else:
                tables.index_words(conn, n, self.engine.server.rum)
                tables.add_vocabulary(conn, n.terms, self.vocabulary)
            checkpoint("mid-commit")
            conn.commit()

        self._run(finish)
        self.done = True
        self._end_pool()
        self.conn.close()
        self.engine.forget()

    def rollback(self) -> None:
        """Leave the index as it was (a no-op after the commit)."""
        if not self.done:
            self.done = True
            self._end_pool()
            copy, self.copy = self.copy, None
            try:
                if copy is not None:  # ended as failed (CopyFail): left open, it complains when collected
                    copy.__exit__(RuntimeError, RuntimeError("the write was rolled back"), None)
            except psycopg.Error:
                pass
            try:
                self.conn.close()  # the server rolls back what was not committed
            except psycopg.Error:
                pass

    def _flush(self) -> None:
        if not self.batch:
            return
        batch, self.batch = list(self.batch.values()), {}
        if self.build is not None:
            again = [a.id for a in batch if a.id in self.written]
            if again:  # stored by an earlier batch of this write: that row goes first
                self._run(lambda: self._drain(close=True))
                self._run(lambda: self.conn.execute(f"DELETE FROM {self.target} WHERE id = ANY(%s)", (again,)))
            self.written.update(a.id for a in batch)
        fields = [(a.id, a.title, a.text, a.source, a.byline, a.url, a.published) for a in batch]
        if self.pool is None and len(batch) >= BATCH:
            self.pool = _start_pool(self.engine)  # a batch full: more may follow
        pool = self.pool
        if pool is None:
            if self.rows is None:
                self.rows = rows.Rows(self.engine.stems)
            self._run(lambda: self._send(analyse(fields, self.rows)))
            return
        if not pool.full():
            self._run(lambda: pool.give(fields))
            return
        done: list = []
        self._run(lambda: done.append(pool.take()))
        self._run(lambda: pool.give(fields))  # first: the worker analyses it while its last batch is sent
        self._run(lambda: self._send(done.pop()))

    def _drain(self, close: bool) -> None:
        while self.pool is not None and self.pool.pending():
            self._send(self.pool.take())
        if close and self.copy is not None:
            copy, self.copy = self.copy, None
            self._copy_obj.write(_TRAILER)
            copy.close()  # the COPY ends: the server has every row

    def _send(self, analysed: tuple[bytes, Counter, Counter]) -> None:
        rows, words, labels = analysed
        self.vocabulary["w"].update(words)
        self.vocabulary["l"].update(labels)
        if self.build is not None:
            if self.copy is None:
                self.copy = ExitStack()
                cur = self.copy.enter_context(self.conn.cursor())
                self._copy_obj = self.copy.enter_context(
                    cur.copy(f"COPY {self.target} {COLUMNS} FROM STDIN (FORMAT BINARY)"))
                self._copy_obj.write(_HEADER)
            self._copy_obj.write(rows)
            return
        with self.conn.cursor() as cur:
            with cur.copy(f"COPY nr_batch {COLUMNS} FROM STDIN (FORMAT BINARY)") as copy:
                copy.write(_HEADER + rows + _TRAILER)
            cur.execute(
                f"INSERT INTO {self.names.docs} SELECT * FROM nr_batch ON CONFLICT (id) DO UPDATE SET"
                " title = excluded.title, source = excluded.source, url = excluded.url,"
                " published = excluded.published, words = excluded.words, labels = excluded.labels"
            )
            cur.execute("TRUNCATE nr_batch")

    def _end_pool(self) -> None:
        pool, self.pool = self.pool, None
        if pool is not None:
            pool.close()

    def _run(self, step: Callable[[], object]) -> None:
        if self.done:
            raise RuntimeError("this write to the search index has ended")
        try:
            step()
        except BaseException as exc:
            self._fail(exc)

    def _fail(self, exc: BaseException):
        self.rollback()
        if isinstance(exc, psycopg.OperationalError):
            raise unreachable(exc) from exc
        if isinstance(exc, psycopg.Error):
            raise OSError(errno.EIO, f"the search index could not be written ({one_line(exc)[:200]})") from exc
        raise exc


def analyse(batch: list[rows.Fields], builder: rows.Rows) -> tuple[bytes, Counter, Counter]:
    """A batch's rows in binary COPY form (no header, no trailer), and the articles each
    analysed word (of title and body; of source and byline) was found in."""
    return builder.analyse(batch)


# --- the workers ---------------------------------------------------------------------------
_ROWS: rows.Rows | None = None  # a worker's, its stemmer on a connection of its own


def _start_pool(engine: PostgresEngine):
    """Worker processes for the analysis (None: one core, or forking is not safe here)."""
    procs = workers()
    if procs < 2 or not fork_allowed():
        return None
    return Workers(procs, _start_worker, (os.getpid(), engine.server.connect, engine.names.stem_dict), _analyse_in_worker)


def _start_worker(parent: int, connect: Callable[..., psycopg.Connection], dictionary: str) -> None:
    _guard(parent)  # ends with the writer: a worker left behind would hold the writer's connections open
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the writer's to handle: it ends the workers
    global _ROWS
    held: list[psycopg.Connection] = []

    def run(step):
        if not held:  # never the writer's connections, which this process shares by the fork
            held.append(connect(autocommit=True))
        return step(held[0])

    _ROWS = rows.Rows(analysis.Stemmer(run, dictionary))


def _analyse_in_worker(batch: list[rows.Fields]) -> tuple[bytes, Counter, Counter]:
    return analyse(batch, _ROWS)
