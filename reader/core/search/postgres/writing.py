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

An indexing run feeds its write an article at a time as it stores the files
(the engine's begin_feed: ingest/feeding.py), so the analysis and the rows'
COPY go on while the store writes, and only the indexes' build is left after
it: batches wait for a free worker instead of the storing waiting for them,
and a thread sends the rows (the COPY's queued writer). An article fed twice
or fed then deleted (put right after the feed) counts in the vocabulary as
the write of what is left would count it (_uncount). A fed write holds its
transaction and the writers' lock from the first stored batch to the end of
the run (writers take turns on the store's lock already; a long run holds
back the server's vacuum of what it replaces for as long).
"""

from __future__ import annotations

import errno
import multiprocessing
import os
import signal
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from itertools import chain
from struct import pack
from typing import Protocol

import psycopg
from psycopg.copy import QueuedLibpqWriter

from reader.core.faults import checkpoint
from reader.core.ingest.pool import _guard, fork_allowed, workers
from reader.core.models import Article
from reader.core.search.errors import EngineUnavailable, one_line
from reader.core.search.postgres import analysis, rows, tables, totals
from reader.core.search.postgres.pump import Pump
from reader.core.search.postgres.server import Server
from reader.core.search.postgres.workers import Workers, start_forkserver


class PostgresEngine(Protocol):
    """What a write uses of the engine (engine.py imports this module: no import back)."""

    names: tables.Names
    server: Server
    stems: analysis.Stemmer

    def _ensure(self) -> None: ...

    def forget(self) -> None: ...


BATCH = 1000  # articles per COPY
# Batches kept waiting for a free worker at most (past it, the writer waits): a fed build's
# storing goes on while the workers catch up (the batches hold the articles' own strings).
WAITING = 32
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
        # One of the engine's kept connections, given back after a write into a filled index (a build's
        # is closed: it holds a session lock to its end): a new backend for each write cost the server
        # about a quarter more CPU for a fetcher's write of 20 articles (its start, caches and exit).
        self.conn = engine.server._take()
        self.done = False
        self.batch: dict[str, Article] = {}
        self.vocabulary: dict[str, Counter] = {"w": Counter(), "l": Counter()}
        self.pool: Pump | None = None  # the workers, and the thread that keeps them busy (pump.py)
        self.written: set[str] = set()  # the ids this write has sent (their words are in self.vocabulary)
        # The words of the rows a write into a filled index replaces or deletes, taken off the vocabulary
        # at the commit (its frequencies stay exact: totals.py), and the ids whose rows this write put there.
        self.gone: dict[str, Counter] = {"w": Counter(), "l": Counter()}
        self.inserted: set[str] = set()
        self.rows: rows.Rows | None = None  # this process's, when it analyses a batch itself
        self.copy: ExitStack | None = None  # the build's COPY, open across batches
        try:
            try:
                self.conn.autocommit = False
                tables.create(self.conn, n)  # takes the writers' lock, held to the commit; recreates dropped tables
            except psycopg.OperationalError:  # a kept connection the server has ended (a restart): a new one
                _close(self.conn)
                self.conn = engine.server.connect(autocommit=False)
                tables.create(self.conn, n)
            totals.guard(self.conn, n)
            self.build = tables.Build.begin(self.conn, n)  # None: the index holds articles
            if self.build is None:
                self.target = "nr_batch"
                self.conn.execute(f"CREATE TEMP TABLE nr_batch (LIKE {n.docs}) ON COMMIT DROP")
            else:
                self.target = self.build.docs
        except BaseException as exc:
            self._fail(exc)

    def add(self, article: Article) -> None:
        self.batch[article.id] = article  # the later of one id twice replaces the earlier, as a second write would
        if len(self.batch) >= BATCH:
            self._flush()
        elif len(self.batch) == BATCH // 4 and self.build is not None and self.pool is None and _served(self.engine):
            start_forkserver()  # a build, which may want workers, beside other threads: the server's imports meanwhile

    def delete(self, ids: Iterable[str]) -> None:
        doomed = list(ids)
        if not doomed:
            return
        self._flush()
        self._run(lambda: self._drain(close=True))
        self._run(lambda: self._uncount(doomed))
        if self.build is not None:
            self._run(lambda: self.conn.execute(f"DELETE FROM {self.target} WHERE id = ANY(%s)", (doomed,)))
            return
        self._run(lambda: self._forget(self.conn.execute(
            f"DELETE FROM {self.names.docs} WHERE id = ANY(%s) RETURNING id, tsvector_to_array(words),"
            " tsvector_to_array(labels)", (doomed,)).fetchall()))

    def commit(self) -> None:
        self._flush()
        n, conn = self.names, self.conn

        def finish():
            self._drain(close=True)
            if self.build is not None:
                self.build.finish(self.engine.server.rum, self.vocabulary, self.engine.server.connect)
            else:
                tables.index_words(conn, n, self.engine.server.rum)
                tables.add_vocabulary(conn, n.terms, self.vocabulary, self.gone)
            checkpoint("mid-commit")
            conn.commit()

        self._run(finish)
        self.done = True
        self._end_pool()
        if self.build is None and not self.conn.broken:  # nothing of the write is left in its session
            self.conn.autocommit = True
            self.engine.server._give(self.conn)
        else:
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
        again = [a.id for a in batch if a.id in self.written]
        if again:  # sent by an earlier batch of this write (fed twice): its words go, and in a build its row first
            self._run(lambda: self._drain(close=True))
            self._run(lambda: self._uncount(again))
            if self.build is not None:
                self._run(lambda: self.conn.execute(f"DELETE FROM {self.target} WHERE id = ANY(%s)", (again,)))
        self.written.update(a.id for a in batch)
        fields = [(a.id, a.title, a.text, a.source, a.byline, a.url, a.published) for a in batch]
        if self.pool is None and len(batch) >= BATCH:
            workers = _start_pool(self.engine)  # a batch full: more may follow
            if workers is not None:
                self.pool = Pump(workers, self._send, WAITING)
        if self.pool is None:
            if self.rows is None:
                self.rows = rows.Rows(self.engine.stems)
            self._run(lambda: self._send(analyse(fields, self.rows)))
            return
        # analysed and sent by the pump's thread, while this one goes on (storing, in a fed build)
        self._run(lambda: self.pool.put(fields))

    def _uncount(self, ids: list[str]) -> None:
        """Take the words of the rows this write sent for ids off its vocabulary, before those rows
        are replaced or deleted: a word counts the articles the write leaves with it (an article
        fed, then fed again or deleted, is counted as a write of what is left would count it)."""
        sent = [i for i in ids if i in self.written]
        if not sent:
            return
        found = self.conn.execute(f"SELECT tsvector_to_array(words), tsvector_to_array(labels) FROM"
                                  f" {self.target if self.build else self.names.docs} WHERE id = ANY(%s)", (sent,))
        for kind, words in chain.from_iterable(zip("wl", row) for row in found):
            counts = self.vocabulary[kind]
            for word in words:
                if counts[word] > 1:
                    counts[word] -= 1
                else:
                    del counts[word]
        self.written.difference_update(sent)

    def _drain(self, close: bool) -> None:
        if self.pool is not None:
            self.pool.drain()  # the connection is this thread's again
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
                # queued: a thread sends the rows while this one goes on (storing, in a fed build)
                self._copy_obj = self.copy.enter_context(cur.copy(
                    f"COPY {self.target} {COLUMNS} FROM STDIN (FORMAT BINARY)", writer=QueuedLibpqWriter(cur)))
                self._copy_obj.write(_HEADER)
            self._copy_obj.write(rows)
            return
        docs = self.names.docs
        with self.conn.cursor() as cur:
            with cur.copy(f"COPY nr_batch {COLUMNS} FROM STDIN (FORMAT BINARY)") as copy:
                copy.write(_HEADER + rows + _TRAILER)
            # the rows replaced (an ANY of an array: a join with the unanalysed temporary table was
            # planned as a scan of every row)
            self._forget(cur.execute(f"SELECT id, tsvector_to_array(words), tsvector_to_array(labels) FROM {docs}"
                                     " WHERE id = ANY(ARRAY(SELECT id FROM nr_batch))").fetchall())
            cur.execute(
                f"INSERT INTO {docs} SELECT * FROM nr_batch ON CONFLICT (id) DO UPDATE SET"
                " title = excluded.title, source = excluded.source, url = excluded.url,"
                " published = excluded.published, words = excluded.words, labels = excluded.labels RETURNING id"
            )
            self.inserted.update(r[0] for r in cur.fetchall())
            cur.execute("TRUNCATE nr_batch")

    def _forget(self, found: list[tuple[str, list[str], list[str]]]) -> None:
        """The words of rows replaced or deleted in a filled index go at the commit, but for the rows
        this write put there, whose words _uncount took off its own vocabulary."""
        for article_id, words, labels in found:
            if article_id in self.inserted:
                self.inserted.discard(article_id)
                continue
            self.gone["w"].update(words)
            self.gone["l"].update(labels)

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
            raise WriteLost(
                f"the PostgreSQL search server could not be reached, or was lost, during a write of the search index"
                f" ({one_line(exc)[:200]}): nothing of the write was saved; index again once it answers") from exc
        if isinstance(exc, psycopg.Error):
            raise OSError(errno.EIO, f"the search index could not be written ({one_line(exc)[:200]})") from exc
        raise exc


def _close(conn: psycopg.Connection) -> None:
    try:
        conn.close()
    except psycopg.Error:
        pass


class WriteLost(EngineUnavailable):
    """The server lost during a write: for a write fed while the files were stored (whose COPY
    says so only at its end), the index is written once more from the store (ingest/sync.py)."""

    retry_from_store = True


def analyse(batch: list[rows.Fields], builder: rows.Rows) -> tuple[bytes, Counter, Counter]:
    """A batch's rows in binary COPY form (no header, no trailer), and the articles each
    analysed word (of title and body; of source and byline) was found in."""
    return builder.analyse(batch)


# --- the workers ---------------------------------------------------------------------------
_ROWS: rows.Rows | None = None  # a worker's, its stemmer on a connection of its own


def _start_pool(engine: PostgresEngine):
    """Worker processes for the analysis: forked here where this process runs one thread, else
    forked by the fork server, each connecting by the engine's DSN (None: one core, or an
    engine given a function for its connections, which a fork server cannot be sent)."""
    procs = workers()
    if procs < 2:
        return None
    if fork_allowed():
        return Workers(procs, _start_worker, (os.getpid(), engine.server.connect, engine.names.stem_dict),
                       _analyse_in_worker)
    if not _served(engine):
        return None
    return Workers(procs, _start_served, (engine.server.target, engine.names.schema), _analyse_in_worker,
                   method="forkserver")


def _served(engine: PostgresEngine) -> bool:
    """Whether this write's workers are forked by the fork server: this process may not fork
    (it runs other threads), it has a fork server, and the engine a DSN to send its workers."""
    return (not fork_allowed() and workers() >= 2 and isinstance(getattr(engine.server, "target", None), str)
            and "forkserver" in multiprocessing.get_all_start_methods())


def _start_worker(parent: int, connect: Callable[..., psycopg.Connection], dictionary: str,
                  guard: bool = True) -> None:
    if guard:
        _guard(parent)  # ends with the writer: a worker left behind would hold the writer's connections open
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the writer's to handle: it ends the workers
    global _ROWS
    held: list[psycopg.Connection] = []

    def run(step):
        if not held:  # never the writer's connections, which this process shares by the fork
            held.append(connect(autocommit=True))
        return step(held[0])

    _ROWS = rows.Rows(analysis.Stemmer(run, dictionary))


def _start_served(dsn: str, schema: str | None) -> None:
    """A worker forked by the fork server: it holds none of the writer's files or connections (so
    no guard, as a forked one has), and it ends when the writer's end of its pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the writer's to handle: it ends the workers
    names = tables.Names(schema)
    _start_worker(os.getppid(), Server(dsn, names).connect, names.stem_dict, guard=False)


def _analyse_in_worker(batch: list[rows.Fields]) -> tuple[bytes, Counter, Counter]:
    return analyse(batch, _ROWS)
