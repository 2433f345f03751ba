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

from reader.core.store import dialect, pg_schema
from reader.core.store.errors import StoreError
from reader.core.store.migrations import statements

SCHEMES = ("postgresql://", "postgres://")
CONNECT_TIMEOUT = 10  # seconds


def is_url(location) -> bool:
    return isinstance(location, str) and location.lower().startswith(SCHEMES)


def default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return "reader"


def shown(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
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
        self.psycopg = _psycopg()
        self.url = url
        self.user = user or default_user()
        self._translated: dict[str, str] = {}
        self._keys: dict[str, tuple[str, ...]] = {}
        self._in_tx = False
        self._conn = self._connect()

    def _connect(self):
        psycopg = self.psycopg
        try:
            conn = psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT)
        except psycopg.Error as exc:
            raise StoreError(f"the article store {shown(self.url)} is unreachable ({_one_line(exc)})") from exc
        conn.adapters.register_loader("numeric", _numeric_loader(psycopg))
        conn.execute("SELECT set_config('newsreader.user', %s, false)", (self.user,))
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
        return self._run(lambda c: c.execute(query, args), sql)

    def executemany(self, sql: str, seq):
        query = self._sql(sql)
        rows = [_args(p) for p in seq]

        def many(conn):
            cur = conn.cursor()
            if rows:
                cur.executemany(query, rows)
            return cur

        return self._run(many, sql)

    def executescript(self, script: str) -> None:
        for statement in statements(script):
            self.execute(statement)
        self.commit()

    def commit(self) -> None:
        if self._in_tx:
            self._in_tx = False
            self._run(lambda c: c.execute("COMMIT"), "COMMIT", retry=False)

    def rollback(self) -> None:
        if self._in_tx:
            self._in_tx = False
            try:
                self._conn.execute("ROLLBACK")
            except self.psycopg.Error:
                pass  # a lost connection has rolled it back already

    def begin(self) -> None:
        """Open the transaction the next statements run in (BEGIN IMMEDIATE's place)."""
        if not self._in_tx:
            self._run(lambda c: c.execute("BEGIN"), "BEGIN")
            self._in_tx = True

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

    def _primary_key(self, table: str) -> tuple[str, ...]:
        if table not in self._keys:
            rows = self._conn.execute(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                " AND a.attnum = ANY(i.indkey) WHERE i.indrelid = to_regclass(%s) AND i.indisprimary"
                " ORDER BY array_position(i.indkey::int2[], a.attnum)", (table,)
            ).fetchall()
            key = tuple(r[0] for r in rows)
            if not key and table == "reader_state":  # the per-user view over reader_states
                key = ("user_name", "id")
            self._keys[table] = key
        return self._keys[table]

    def _run(self, call, sql: str, retry: bool = True):
        psycopg = self.psycopg
        if dialect.writes(sql) and not self._in_tx:
            self.begin()
        try:
            return call(self._conn)
        except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
            if not self._conn.closed and not self._conn.broken:
                raise  # a statement the server refused (a lock timeout, say), the connection still good
            lost_write = self._in_tx
            self._in_tx = False
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


def _args(params) -> tuple:
    """SQLite stores True as 1 in an INTEGER column; PostgreSQL wants the 1."""
    return tuple(int(p) if isinstance(p, bool) else p for p in params)


def _one_line(exc: BaseException) -> str:
    return re.sub(r"\s+", " ", str(exc)).strip()[:300] or type(exc).__name__


def connect(url: str, user: str | None = None, readonly: bool = False) -> PgConnection:
    """A connection to the store on the server with every migration applied."""
    db = PgConnection(url, user)
    try:
        pg_schema.migrate(db, readonly=readonly)
    except BaseException:
        db.close()
        raise
    return db
