"""Connections to the server and the engine's tables.

The engine is given a DSN (a postgresql:// URL or a libpq conninfo string)
or a function returning a new psycopg connection. A search takes a
connection from a few kept open (autocommit: it sees every commit made
before it) and gives it back; a write runs on its own connection, in one
transaction.

The tables are created by the first client that finds them missing, under a
transaction-level advisory lock, so that two clients starting at once do not
race (CREATE EXTENSION and CREATE TABLE IF NOT EXISTS are not safe against
each other).
"""

from __future__ import annotations

import re
import threading
import zlib
from collections.abc import Callable

import psycopg

from reader.core.search.errors import EngineDamaged, EngineUnavailable, one_line

Connect = Callable[[], psycopg.Connection]

SCHEMA_VERSION = 1
IDLE = 4  # search connections kept open between searches (the app searches from short-lived threads)
_NAME = re.compile(r"[a-z_][a-z0-9_]{0,40}")


def unreachable(exc: BaseException) -> EngineUnavailable:
    """A lost or refused connection, as one line."""
    return EngineUnavailable(
        f"the PostgreSQL search server is unreachable ({one_line(exc)[:200]}); "
        "check that it is running, then search again"
    )


class Names:
    """The engine's tables, in the given schema (None: the connection's search_path)."""

    def __init__(self, schema: str | None):
        if schema is not None and not _NAME.fullmatch(schema):
            raise ValueError(f"not a schema name the engine uses: {schema!r} (lowercase letters, digits, _)")
        self.schema = schema
        q = f'"{schema}".' if schema else ""
        self.docs = q + "search_docs"
        self.terms = q + "search_terms"
        self.meta = q + "search_meta"
        self.words_index = q + "search_docs_words"
        self.stem_dict = q + "newsreader_english"
        self.lock_key = zlib.crc32(f"newsreader-search:{schema or ''}".encode()) & 0x7FFFFFFF

    def ddl(self) -> list[str]:
        """What creates the tables (each statement safe to run again). The
        words' index is not among them: the first write builds it
        (Server.index_words)."""
        trgm_index = (self.schema + "_" if self.schema else "") + "search_terms_trgm"
        out = ["CREATE EXTENSION IF NOT EXISTS pg_trgm"]
        if self.schema:
            out.append(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"')
        out += [
            f"""CREATE TABLE IF NOT EXISTS {self.docs} (
                id text PRIMARY KEY,
                title text NOT NULL DEFAULT '',
                source text NOT NULL DEFAULT '',
                url text NOT NULL DEFAULT '',
                published timestamptz,
                words tsvector NOT NULL,  -- title (weight A) and body (D)
                labels tsvector NOT NULL  -- source (A) and byline (B) words
            )""",
            f"CREATE INDEX IF NOT EXISTS search_docs_labels ON {self.docs} USING gin (labels)",
            f"CREATE INDEX IF NOT EXISTS search_docs_published ON {self.docs} (published)",
            # The vocabulary for fuzzy terms, wildcards and ranges of words:
            # kind 'w' the analysed words of title and body, 'l' of source and byline.
            # df counts the documents a word was added with (deletions do not lower it).
            f"""CREATE TABLE IF NOT EXISTS {self.terms} (
                kind "char" NOT NULL, word text NOT NULL, df integer NOT NULL DEFAULT 0,
                PRIMARY KEY (kind, word)
            )""",
            f"CREATE INDEX IF NOT EXISTS {trgm_index} ON {self.terms} USING gin (word gin_trgm_ops)",
            f"CREATE TABLE IF NOT EXISTS {self.meta} (key text PRIMARY KEY, value text NOT NULL)",
        ]
        return out


class Server:
    """Connections for one engine: a few kept open for searching (any thread
    takes one, and gives it back), and one of its own for each write."""

    def __init__(self, target: str | Connect, names: Names, rum: bool | None = None):
        self._connect_fn: Connect = target if callable(target) else (lambda: psycopg.connect(target))
        self.names = names
        self.rum = rum  # the words' index on RUM: None when the server has the extension, False never
        self._idle: list[psycopg.Connection] = []
        self._lock = threading.Lock()

    def connect(self, autocommit: bool) -> psycopg.Connection:
        try:
            conn = self._connect_fn()
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
        for conn in conns:
            _close(conn)

    def read(self, step: Callable[[psycopg.Connection], object]):
        """step(connection) in autocommit (each statement sees every commit
        before it), retried once on a new connection when the old one was
        lost (a server restart); one line if it fails again."""
        for attempt in (0, 1):
            conn = self._take()
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

    def exists(self) -> bool:
        def ask(conn):
            row = conn.execute(
                "SELECT to_regclass(%s) IS NOT NULL AND to_regclass(%s) IS NOT NULL AND to_regclass(%s) IS NOT NULL",
                (self.names.docs, self.names.terms, self.names.meta),
            ).fetchone()
            return bool(row[0])

        return bool(self.read(ask))

    def present(self, conn: psycopg.Connection) -> bool:
        """Whether the tables and the stemming dictionary are all there."""
        n = self.names
        return bool(conn.execute(
            "SELECT to_regclass(%s) IS NOT NULL AND to_regclass(%s) IS NOT NULL AND to_regclass(%s) IS NOT NULL"
            " AND EXISTS (SELECT 1 FROM pg_ts_dict WHERE dictname = 'newsreader_english' AND dictnamespace ="
            " COALESCE(to_regnamespace(%s)::oid, current_schema()::regnamespace::oid))",
            (n.docs, n.terms, n.meta, n.schema),
        ).fetchone()[0])

    def create(self, conn: psycopg.Connection, write: bool = True) -> None:
        """Create what is missing, in the caller's transaction, under the
        advisory lock, which a writer (write=True) holds until it commits;
        a reader finding everything there takes no lock (it would wait for
        the writer's commit)."""
        n = self.names
        if not write and self.present(conn):
            return
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (n.lock_key,))
        if self.present(conn):
            return
        for statement in n.ddl():
            conn.execute(statement)
        found = conn.execute(
            "SELECT 1 FROM pg_ts_dict WHERE dictname = 'newsreader_english' AND dictnamespace = "
            "COALESCE(to_regnamespace(%s)::oid, current_schema()::regnamespace::oid)", (n.schema,),
        ).fetchone()
        if found is None:
            # Snowball English without a stop list: every word has its stem (Tantivy's en_stem keeps stop words too).
            conn.execute(f"CREATE TEXT SEARCH DICTIONARY {n.stem_dict} (TEMPLATE = snowball, Language = english)")
        conn.execute(f"INSERT INTO {n.meta} VALUES ('schema', %s) ON CONFLICT (key) DO NOTHING", (str(SCHEMA_VERSION),))

    def index_words(self, conn: psycopg.Connection) -> None:
        """Build the words' index if the table has none yet, in the caller's
        write (under the writers' lock): at the end of the first write, over
        all its articles at once: about a minute for 100,000 articles, where
        adding them row by row to a RUM index went at about 80 a second
        (measured, README Engines). CREATE INDEX lets readers read on (they see the table as it
        was, empty, until the commit). RUM when the server has it (and
        self.rum is not False), else GIN."""
        n = self.names
        if conn.execute("SELECT to_regclass(%s) IS NOT NULL", (n.words_index,)).fetchone()[0]:
            return
        method = "rum (words rum_tsvector_ops)" if self.rum is not False and _with_rum(conn) else "gin (words)"
        conn.execute(f"CREATE INDEX IF NOT EXISTS search_docs_words ON {n.docs} USING {method}")

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


def _with_rum(conn: psycopg.Connection) -> bool:
    """Whether the rum extension is there or could be created here (in a
    savepoint: it needs the server's package and a superuser, when not
    created by an administrator already)."""
    if conn.execute("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'rum')").fetchone()[0]:
        return True
    if not conn.execute("SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'rum')").fetchone()[0]:
        return False
    try:
        with conn.transaction():
            conn.execute("CREATE EXTENSION IF NOT EXISTS rum")
    except psycopg.Error:
        return False
    return True


def damaged(exc: BaseException) -> EngineDamaged:
    return EngineDamaged(f"its tables cannot be read ({one_line(exc)[:200]})")


def _close(conn: psycopg.Connection) -> None:
    try:
        conn.close()
    except psycopg.Error:
        pass
