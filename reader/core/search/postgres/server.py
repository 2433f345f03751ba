"""Connections to the server and the engine's tables.

The engine is given a DSN (a postgresql:// URL or a libpq conninfo string)
or a function returning a new psycopg connection. A search takes a
connection from a few kept open (autocommit: it sees every commit made
before it) and gives it back; a write runs on its own connection, in one
transaction.

What creates the tables is in tables.py.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

import psycopg
import psycopg.sql

from reader.core.search.errors import EngineDamaged, EngineUnavailable, one_line
from reader.core.search.postgres.tables import Names

Connect = Callable[[], psycopg.Connection]

IDLE = 4  # search connections kept open between searches (the app searches from short-lived threads)


def unreachable(exc: BaseException) -> EngineUnavailable:
    """A lost or refused connection, as one line."""
    return EngineUnavailable(
        f"the PostgreSQL search server is unreachable ({one_line(exc)[:200]}); "
        "check that it is running, then search again"
    )


class Server:
    """Connections for one engine: a few kept open for searching (any thread
    takes one, and gives it back), and one of its own for each write."""

    def __init__(self, target: str | Connect, names: Names, rum: bool | None = None):
        self._connect_fn: Connect = target if callable(target) else (lambda: psycopg.connect(target))
        self.target = target  # a DSN, which a write's workers forked by a fork server connect by
        self.names = names
        self.rum = rum  # the words' index on RUM: None when the server has the extension, False never
        self._idle: list[psycopg.Connection] = []
        self._lock = threading.Lock()
        self._counting: ThreadPoolExecutor | None = None  # threads for read_counted's counts

    def connect(self, autocommit: bool) -> psycopg.Connection:
        try:
            conn = self._connect_fn()
            # Searches are short: compiling one (a plan's cost past jit_above_cost, as a scan the
            # planner was told to avoid) takes longer than running it. Set in autocommit, so that
            # it opens no transaction and stays for the session.
            conn.autocommit = True
            conn.execute("SET jit = off")
            conn.autocommit = autocommit
            # No prepared statements: a generic plan of `word = ANY($1)` scanned the whole vocabulary
            # against 1,300 candidates (seconds); each search is planned for its own values.
            conn.prepare_threshold = None
        except psycopg.Error as exc:
            raise unreachable(exc) from exc
        return conn

    def _take(self) -> psycopg.Connection:
        with self._lock:
            while self._idle:
                conn = self._idle.pop()
                if not conn.closed and not conn.broken:
                    return conn
        return self.connect(autocommit=True)

    def _give(self, conn: psycopg.Connection) -> None:
        if conn.closed or conn.broken:
            return
        with self._lock:
            if len(self._idle) < IDLE:
                self._idle.append(conn)
                return
        _close(conn)

    def close(self) -> None:
        with self._lock:
            conns, self._idle = self._idle, []
            counting, self._counting = self._counting, None
        if counting is not None:
            counting.shutdown(wait=True)
        for conn in conns:
            _close(conn)

    def read(self, step: Callable[[psycopg.Connection], object]):
        """step(connection) in autocommit (each statement sees every commit
        before it), retried once on a new connection when the old one was
        lost (a server restart); one line if it fails again."""
        for attempt in (0, 1):
            # the retry on a new connection: a restart ends every session, the others kept too
            conn = self.connect(autocommit=True) if attempt else self._take()
            try:
                result = step(conn)
            except psycopg.OperationalError as exc:
                if not conn.broken and not conn.closed:  # the server refused the statement (a timeout, say)
                    self._give(conn)
                    raise EngineUnavailable(f"the PostgreSQL search server did not answer ({one_line(exc)[:200]})") from exc
                _close(conn)
                if attempt:
                    raise unreachable(exc) from exc
                continue
            except BaseException:
                self._give(conn)
                raise
            self._give(conn)
            return result
        raise AssertionError("unreachable")

    def read_counted(self, settings: str, sql: str, args: list, count_sql: str, count_args: list,
                     known: psycopg.sql.Composable | None = None) -> tuple[list, Future | int]:
        """(the rows of sql, the count count_sql gives, to come), the two run at once on two
        connections in one snapshot: the first's, exported (REPEATABLE READ), the second
        importing it, so that the count is of the very rows the search saw, as in one statement.
        The rows are given as soon as they are read, the count having its snapshot: the caller
        cuts snippets meanwhile. settings: SQL run first in both transactions (SET LOCAL ...).
        known: a statement of no parameters giving the count in that snapshot, or NULL (totals.py):
        when it gives one, nothing is counted (the count, an int). Retried as read() is (the count
        only until it has its snapshot: EngineUnavailable after)."""
        def search(conn):
            try:
                # the known count, else the snapshot's export, with the transaction's start: one round trip
                last = known if known is not None else psycopg.sql.SQL("SELECT pg_export_snapshot()")
                cur = conn.execute(psycopg.sql.SQL(f"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; {settings}; ") + last)
                while cur.nextset():  # to the last statement's row
                    pass
                got = cur.fetchone()[0]  # the known count (None: not known), or the snapshot
                if known is not None:
                    if got is not None:
                        return conn.execute(sql, args).fetchall(), int(got)
                    got = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
                snapshot, imported = got, threading.Event()
                counting = self._count_threads().submit(
                    self.read, lambda other: _count(other, snapshot, imported, settings, count_sql, count_args))
                counting.add_done_callback(lambda _: imported.set())  # failed before it had the snapshot
                try:
                    rows = conn.execute(sql, args).fetchall()
                finally:
                    imported.wait()  # the snapshot lives until this transaction ends
                return rows, counting
            finally:
                if not conn.broken and not conn.closed:
                    conn.execute("ROLLBACK")

        return self.read(search)

    def _count_threads(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._counting is None:
                self._counting = ThreadPoolExecutor(max_workers=IDLE, thread_name_prefix="pg-count")
            return self._counting

    def exists(self) -> bool:
        def ask(conn):
            row = conn.execute(
                "SELECT to_regclass(%s) IS NOT NULL AND to_regclass(%s) IS NOT NULL AND to_regclass(%s) IS NOT NULL",
                (self.names.docs, self.names.terms, self.names.meta),
            ).fetchone()
            return bool(row[0])

        return bool(self.read(ask))

    def words_index(self) -> str | None:
        """The access method of the words' index ("rum", "gin"; None: no table)."""
        def ask(conn):
            row = conn.execute(
                "SELECT am.amname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                " JOIN pg_am am ON am.oid = c.relam WHERE i.indrelid = to_regclass(%s)"
                " AND c.relname = 'search_docs_words'", (self.names.docs,),
            ).fetchone()
            return row[0] if row else None

        return self.read(ask)

    def drop(self) -> None:
        n = self.names
        with self.connect(autocommit=False) as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (n.lock_key,))
            for table in (n.docs, n.terms, n.meta):
                conn.execute(f"DROP TABLE IF EXISTS {table}")
            # the stemming dictionary stays: other clients stem with it, and it holds nothing


def _count(conn: psycopg.Connection, snapshot: str, imported: threading.Event, settings: str, sql: str,
           args: list) -> int:
    if imported.is_set():  # a retry after the search's transaction, and its snapshot, may have ended
        raise EngineUnavailable("the PostgreSQL search server did not answer (a connection was lost while counting)")
    conn.execute(f"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '{snapshot}'; {settings}")
    imported.set()
    try:
        return int(conn.execute(sql, args).fetchone()[0])
    finally:
        if not conn.broken and not conn.closed:
            conn.execute("ROLLBACK")


def damaged(exc: BaseException) -> EngineDamaged:
    return EngineDamaged(f"its tables cannot be read ({one_line(exc)[:200]})")


def _close(conn: psycopg.Connection) -> None:
    try:
        conn.close()
    except psycopg.Error:
        pass
