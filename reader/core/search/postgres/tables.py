"""The engine's tables: their names in a schema, what creates them, and the
words' index built at the end of the first write.

The tables are created by the first client that finds them missing, under a
transaction-level advisory lock, so that two clients starting at once do not
race (CREATE EXTENSION and CREATE TABLE IF NOT EXISTS are not safe against
each other).
"""

from __future__ import annotations

import re
import zlib

import psycopg

SCHEMA_VERSION = 1
_NAME = re.compile(r"[a-z_][a-z0-9_]{0,40}")


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


def present(conn: psycopg.Connection, n: Names) -> bool:
    """Whether the tables and the stemming dictionary are all there."""
    return bool(conn.execute(
        "SELECT to_regclass(%s) IS NOT NULL AND to_regclass(%s) IS NOT NULL AND to_regclass(%s) IS NOT NULL"
        " AND EXISTS (SELECT 1 FROM pg_ts_dict WHERE dictname = 'newsreader_english' AND dictnamespace ="
        " COALESCE(to_regnamespace(%s)::oid, current_schema()::regnamespace::oid))",
        (n.docs, n.terms, n.meta, n.schema),
    ).fetchone()[0])


def create(conn: psycopg.Connection, n: Names, write: bool = True) -> None:
    """Create what is missing, in the caller's transaction, under the
    advisory lock, which a writer (write=True) holds until it commits;
    a reader finding everything there takes no lock (it would wait for
    the writer's commit)."""
    if not write and present(conn, n):
        return
    conn.execute("SELECT pg_advisory_xact_lock(%s)", (n.lock_key,))
    if present(conn, n):
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


def index_words(conn: psycopg.Connection, n: Names, rum: bool | None) -> None:
    """Build the words' index if the table has none yet, in the caller's
    write (under the writers' lock): at the end of the first write, over
    all its articles at once: about a minute for 100,000 articles, where
    adding them row by row to a RUM index went at about 80 a second
    (measured, README Engines). CREATE INDEX lets readers read on (they see the table as it
    was, empty, until the commit). RUM when the server has it (and
    rum is not False), else GIN."""
    if conn.execute("SELECT to_regclass(%s) IS NOT NULL", (n.words_index,)).fetchone()[0]:
        return
    method = "rum (words rum_tsvector_ops)" if rum is not False and _with_rum(conn) else "gin (words)"
    conn.execute(f"CREATE INDEX IF NOT EXISTS search_docs_words ON {n.docs} USING {method}")


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
