"""The store on a PostgreSQL server, behind the same calls as Python's sqlite3.

PgConnection is the thin DB-API adapter the store and the packages above it
use when the store is a postgresql:// URL: execute / executemany with the
project's `?` SQL (dialect.translate), `with db:` commits or rolls back,
in_transaction, commit, rollback, executescript. As sqlite3 does, a
statement that writes opens a transaction and a read outside one sees the
latest commits.

Reader state is per user: the session's `newsreader.user` setting (--user,
default the login name) picks the rows the reader_state view shows (see
pg_schema.py).

A lost connection is one line (StoreError), never a traceback: outside a
transaction the statement is tried again on a new connection once; inside
one the write is lost as a whole (the server rolled it back) and says so.
"""

from __future__ import annotations

import getpass
import re
from decimal import Decimal
from urllib.parse import urlsplit

from reader.core.store import dialect, pg_bulk, pg_schema
from reader.core.store.errors import StoreError
from reader.core.store.migrations import statements

SCHEMES = ("postgresql://", "postgres://")
CONNECT_TIMEOUT = 10  # seconds
FLUSH_AT = 10_000  # row writes held back at most: a copy of a whole table is sent as it goes, not kept


def is_url(location) -> bool:
    return isinstance(location, str) and location.lower().startswith(SCHEMES)


def default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return "reader"


def shown(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        parts = urlsplit(url)
    except ValueError:  # an unclosed [ (a message about that URL must not itself raise)
        return re.sub(r"^([^:/]+://[^:@/]*:)[^@/]*@", r"\1***@", url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return parts._replace(netloc=netloc).geturl()
    return url


def _psycopg():
    try:
        import psycopg  # optional dependency: only a store on a server needs it
    except ImportError as exc:
        raise StoreError("a store on PostgreSQL needs psycopg: pip install 'newsreader[postgres]'") from exc
    return psycopg


def _numeric_loader(psycopg):
    class NumericLoader(psycopg.adapt.Loader):
        """sum() of integers is numeric on PostgreSQL; SQLite gives an int (or a float)."""

        def load(self, data):
            value = Decimal(bytes(data).decode())
            return int(value) if value == value.to_integral_value() else float(value)

    return NumericLoader


class PgConnection:
    dialect = "postgresql"

    def __init__(self, url: str, user: str | None = None):
        try:  # an unclosed [ or a port over 65535: a ValueError out of psycopg or a message quoting the URL
            urlsplit(url).port  # noqa: B018 - reading the port checks it
        except ValueError as exc:
            raise StoreError(f"the article store {shown(url)!r} is not a URL that can be read ({exc})") from None
        self.psycopg = _psycopg()
        self.url = url
        self.user = user or default_user()
        self._translated: dict[str, str] = {}
        self._keys: dict[str, tuple[str, ...]] = {}
        self._tables: dict[str, str | None] = {}  # a row write's SQL -> its table
        self._plans: dict[str, pg_bulk.Plan | None] = {}  # a row write's query -> how many of its rows go at once
        self._views: dict[str, bool] = {}
        self._temps: set[str] = set()  # the temporary tables pg_bulk has made on this connection
        self._in_tx = False
        self._pipeline = self._pipe = None
        self._pending: list[tuple[str, str, tuple]] = []  # row writes of the transaction not sent yet
        self._conn = self._connect()

    def _connect(self):
        psycopg = self.psycopg
        try:
            conn = psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT)
        except psycopg.Error as exc:
            raise StoreError(f"the article store {shown(self.url)} is unreachable ({_one_line(exc)})") from exc
        conn.adapters.register_loader("numeric", _numeric_loader(psycopg))
        try:
            # lz4 for the long values this session writes (the articles' text): about a third of the
            # server's time for a row stored went into pglz
            row = conn.execute("SELECT current_setting('transaction_read_only'), set_config('newsreader.user', %s, false),"
                               " set_config('default_toast_compression', 'lz4', false)", (self.user,)).fetchone()
        except (psycopg.errors.InvalidParameterValue, psycopg.errors.UndefinedObject):  # no lz4 (or before 14)
            row = conn.execute("SELECT current_setting('transaction_read_only'), set_config('newsreader.user', %s, false)",
                               (self.user,)).fetchone()
        self.read_only_server = row[0] == "on"  # a standby (streaming replication), or a role that may only read
        self._temps = set()
        return conn

    # --- sqlite3's calls -------------------------------------------------------
    @property
    def in_transaction(self) -> bool:
        return self._in_tx

    def execute(self, sql: str, params=()):
        if dialect.is_pragma(sql):
            return self._run(lambda c: c.execute("SELECT 1 WHERE false"), sql)
        query = self._sql(sql)
        args = _args(params)
        if self._in_tx and (table := self._table(sql)):
            self._pending.append((query, table, args))
            return self._held(sql)
        return self._run(lambda c: c.execute(query, args), sql)

    def _held(self, sql: str):  # a row write held back: sent with the others once FLUSH_AT wait
        if len(self._pending) >= FLUSH_AT:
            self._run(lambda c: _NO_ROWS, sql)  # a write: flushes what is pending first
        return _NO_ROWS

    def executemany(self, sql: str, seq):
        query = self._sql(sql)
        rows = [_args(p) for p in seq]
        if self._in_tx and (table := self._table(sql)):
            self._pending += [(query, table, r) for r in rows]
            return self._held(sql)

        def many(conn):
            cur = conn.cursor()
            if rows:
                cur.executemany(query, rows)
            return cur

        return self._run(many, sql)

    def batches(self, sql: str, size: int):
        """The rows of a big read, size at a time, from a cursor on the server (a copy of a
        whole table does not hold it in memory)."""
        query = self._sql(sql)
        try:
            with self._conn.transaction(), self._conn.cursor(name="newsreader_batches") as cursor:
                cursor.execute(query, ())
                while rows := cursor.fetchmany(size):
                    yield rows
        except self.psycopg.Error as exc:
            raise StoreError(f"the article store {shown(self.url)} failed during a read ({_one_line(exc)})") from exc

    def executescript(self, script: str) -> None:
        for statement in statements(script):
            self.execute(statement)
        self.commit()

    def commit(self) -> None:
        if self._in_tx:
            try:
                self._run(self._commit, "COMMIT", retry=False)
            except BaseException:
                self.rollback()  # a write refused at the commit: the server's transaction ends too
                raise
            finally:
                self._in_tx = False
                self._end_pipeline()

    def _commit(self, conn) -> None:
        self._flush(conn)
        conn.execute("COMMIT")
        if self._pipe is not None:
            self._pipe.sync()

    def rollback(self) -> None:
        self._pending = []
        if self._in_tx:
            self._in_tx = False
            self._temps = set()  # one made in this transaction is gone with it
            self._end_pipeline()
            try:
                self._conn.execute("ROLLBACK")
            except self.psycopg.Error:
                pass  # a lost connection has rolled it back already

    def begin(self) -> None:
        """Open the transaction the next statements run in (BEGIN IMMEDIATE's place). Its
        writes are sent in a pipeline, without waiting for each answer; a read waits for
        everything sent before it (and reports a failed write then, or at the commit)."""
        if not self._in_tx:
            self._run(lambda c: c.execute("BEGIN"), "BEGIN")
            self._pipeline_on()
            self._in_tx = True

    def _pipeline_on(self) -> None:
        if self._pipe is None:
            self._pipeline = self._conn.pipeline()
            self._pipe = self._pipeline.__enter__()

    def _pipeline_off(self) -> None:
        """Out of pipeline mode (for a COPY), once what was sent in it is answered: its errors raised here."""
        pipeline = self._pipeline
        if pipeline is not None:
            try:
                self._pipe.sync()  # first: leaving raises a lost connection as "exit pipeline mode while busy"
            except BaseException:
                self._end_pipeline()
                raise
            self._pipeline = self._pipe = None
            pipeline.__exit__(None, None, None)

    def _flush(self, conn) -> None:
        """Send the transaction's pending row writes, as few commands as keep their effect:
        each query's rows together when no two queries write one table (the tables have no
        foreign keys or triggers), else runs of one query in their order; a run of
        BULK_MIN rows or more at once (pg_bulk.py), a shorter one pipelined."""
        pending, self._pending = self._pending, []
        if not pending:
            return
        writer: dict[str, str] = {}
        apart = all(writer.setdefault(table, query) == query for query, table, _ in pending)
        runs: list[tuple[str, list[tuple]]] = []
        if apart:
            grouped: dict[str, list[tuple]] = {}
            for query, _, args in pending:
                grouped.setdefault(query, []).append(args)
            runs = list(grouped.items())
        else:
            for query, _, args in pending:
                if runs and runs[-1][0] == query:
                    runs[-1][1].append(args)
                else:
                    runs.append((query, [args]))
        cursor = conn.cursor()
        for query, rows in runs:
            todo = self._plan(query) if len(rows) >= pg_bulk.BULK_MIN else None
            if todo is None:
                self._pipeline_on()
                cursor.executemany(query, rows)
            else:
                if todo.copies:
                    self._pipeline_off()
                then = pg_bulk.write(cursor, todo, rows, self._temps, self._is_view)
                if then is not None:
                    self._pipeline_on()
                    cursor.execute(*then)

    def _end_pipeline(self) -> None:
        pipeline, self._pipeline, self._pipe = self._pipeline, None, None
        if pipeline is not None:
            try:
                pipeline.__exit__(None, None, None)
            except self.psycopg.Error:
                pass  # reported already, by the read or the commit that met it

    def close(self) -> None:
        try:
            self._conn.close()
        except self.psycopg.Error:
            pass

    def __enter__(self) -> PgConnection:
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is None:
            self.commit()
        else:
            self.rollback()
        return False

    # --- the server ----------------------------------------------------------------
    def _sql(self, sql: str) -> str:
        query = self._translated.get(sql)
        if query is None:
            query = self._translated[sql] = dialect.translate(sql, self._primary_key)
        return query

    def _plan(self, query: str) -> pg_bulk.Plan | None:
        if query not in self._plans:
            self._plans[query] = pg_bulk.plan(query, self._primary_key)
        return self._plans[query]

    def _is_view(self, table: str) -> bool:
        if table not in self._views:
            rows = self._catalog("SELECT relkind FROM pg_catalog.pg_class WHERE oid = to_regclass(%s)", table)
            self._views[table] = bool(rows) and rows[0][0] == "v"
        return self._views[table]

    def _table(self, sql: str) -> str | None:
        if sql not in self._tables:
            self._tables[sql] = dialect.table_written(sql)
        return self._tables[sql]

    def _primary_key(self, table: str) -> tuple[str, ...]:
        if table not in self._keys:
            rows = self._catalog(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                " AND a.attnum = ANY(i.indkey) WHERE i.indrelid = to_regclass(%s) AND i.indisprimary"
                " ORDER BY array_position(i.indkey::int2[], a.attnum)", table)
            key = tuple(r[0] for r in rows)
            if not key and table in pg_schema.PER_USER:  # a view of the session's user's rows
                key = pg_schema.PER_USER[table][1]
            self._keys[table] = key
        return self._keys[table]

    def _catalog(self, query: str, table: str) -> list[tuple]:
        """A question to the server's catalog while a statement is translated: its errors (a write
        before it refused, the connection lost) are one line, as the statement's own would be."""
        return self._run(lambda c: c.execute(query, (table,)), "SELECT").fetchall()

    def _run(self, call, sql: str, retry: bool = True):
        psycopg = self.psycopg
        writes = dialect.writes(sql)
        if writes and not self._in_tx:
            self.begin()
        try:
            if self._pending and sql != "COMMIT":
                self._flush(self._conn)  # what was written before, first: a read sees it
            cursor = call(self._conn)
            if self._pipe is not None and not writes:
                self._pipe.sync()  # its rows now, and any error of the writes before it here
            return cursor
        except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
            if not self._conn.closed and not self._conn.broken:  # refused (a lock timeout, say), the connection good
                raise StoreError(f"the article store {shown(self.url)} refused a statement ({_one_line(exc)})") from exc
            lost_write = self._in_tx
            self._in_tx = False
            self._pending = []
            self._temps = set()
            self._end_pipeline()
            if lost_write or not retry:
                raise StoreError(
                    f"the connection to the article store {shown(self.url)} was lost during a write, which was not"
                    f" saved ({_one_line(exc)}); try again"
                ) from exc
            self._conn = self._connect()  # unreachable: StoreError, in one line
            try:
                return call(self._conn)
            except (psycopg.OperationalError, psycopg.InterfaceError) as again:
                raise StoreError(f"the article store {shown(self.url)} is unreachable ({_one_line(again)})") from again
        except psycopg.errors.ReadOnlySqlTransaction as exc:
            raise StoreError(f"the article store {shown(self.url)} is read-only (a standby server, or a read-only"
                             f" role): nothing can be written there ({_one_line(exc)})") from exc
        except psycopg.Error as exc:  # one line, as sqlite3's errors are in the CLI: never a traceback
            raise StoreError(f"the article store {shown(self.url)} refused a statement ({_one_line(exc)})") from exc


class _NoRows:
    """What a row write sent later returns: sqlite3 gives no rows for it either."""

    rowcount = -1

    def fetchone(self):
        return None

    def fetchall(self) -> list:
        return []

    def fetchmany(self, size: int = 1) -> list:
        return []

    def __iter__(self):
        return iter(())


_NO_ROWS = _NoRows()


def _args(params) -> tuple:
    """SQLite stores True as 1 in an INTEGER column; PostgreSQL wants the 1."""
    return tuple(int(p) if isinstance(p, bool) else p for p in params)


def _one_line(exc: BaseException) -> str:
    return re.sub(r"\s+", " ", str(exc)).strip()[:300] or type(exc).__name__


def connect(url: str, user: str | None = None, readonly: bool = False) -> PgConnection:
    """A connection to the store on the server with every migration applied."""
    db = PgConnection(url, user)
    try:
        # a standby takes no migration: it is read as it is (the primary's first client migrates it)
        pg_schema.migrate(db, readonly=readonly or db.read_only_server)
    except BaseException:
        db.close()
        raise
    return db
