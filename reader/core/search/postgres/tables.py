"""The engine's tables: their names in a schema, what creates them, and the
words' index built at the end of the first write.

The tables are created by the first client that finds them missing, under a
transaction-level advisory lock, so that two clients starting at once do not
race (CREATE EXTENSION and CREATE TABLE IF NOT EXISTS are not safe against
each other).
"""

from __future__ import annotations

import re
import threading
import zlib
from collections import Counter
from collections.abc import Callable

import psycopg

from reader.core.search.postgres import totals

SCHEMA_VERSION = 1
_NAME = re.compile(r"[a-z_][a-z0-9_]{0,40}")


class Names:
    """The engine's tables, in the given schema (None: the connection's search_path)."""

    def __init__(self, schema: str | None):
        if schema is not None and not _NAME.fullmatch(schema):
            raise ValueError(f"not a schema name the engine uses: {schema!r} (lowercase letters, digits, _)")
        self.schema = schema
        self.q = q = f'"{schema}".' if schema else ""
        self.docs = q + "search_docs"
        self.terms = q + "search_terms"
        self.meta = q + "search_meta"
        self.words_index = q + "search_docs_words"
        self.stem_dict = q + "newsreader_english"
        self.lock_key = zlib.crc32(f"newsreader-search:{schema or ''}".encode()) & 0x7FFFFFFF

    @property
    def trgm_index(self) -> str:
        return (self.schema + "_" if self.schema else "") + "search_terms_trgm"

    def ddl(self) -> list[str]:
        """What creates the tables (each statement safe to run again). The
        words' index is not among them: the first write builds it
        (Server.index_words)."""
        trgm_index = self.trgm_index
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
            # df counts the documents holding the word (a write takes its replaced and deleted rows' words off;
            # an older newsreader's did not: totals.py says when the counts are exact).
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
    totals.forget(conn, n)  # a table created again (empty, or beside older ones): its counts are not known exact
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
    conn.execute(f"CREATE INDEX IF NOT EXISTS search_docs_words ON {n.docs} USING {index_method(conn, rum)}")


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


def index_method(conn: psycopg.Connection, rum: bool | None) -> str:
    """What the words are indexed with: RUM when the server has it (and rum is not False), else GIN."""
    return "rum (words rum_tsvector_ops)" if rum is not False and _with_rum(conn) else "gin (words)"


def add_vocabulary(conn: psycopg.Connection, terms: str, vocabulary: dict[str, Counter],
                   gone: dict[str, Counter] | None = None) -> None:
    """Add a write's document frequencies (kind -> word -> articles) to the vocabulary, less the
    words of the rows it replaced or deleted (gone: the frequencies stay exact, totals.py)."""
    net = {kind: Counter(counts) for kind, counts in vocabulary.items()}
    for kind, counts in (gone or {}).items():
        net.setdefault(kind, Counter()).subtract(counts)
    kinds, words, counts = _columns({k: Counter({w: n for w, n in c.items() if n > 0}) for k, c in net.items()})
    if words:
        conn.execute(
            f"INSERT INTO {terms} (kind, word, df) SELECT * FROM unnest(%s::\"char\"[], %s::text[], %s::int[])"
            f" ON CONFLICT (kind, word) DO UPDATE SET df = {terms}.df + excluded.df",
            (kinds, words, counts),
        )
    kinds, words, counts = _columns({k: Counter({w: -n for w, n in c.items() if n < 0}) for k, c in net.items()})
    if words:  # a word's row stays at 0 (as the widening of terms found it before)
        conn.execute(
            f"UPDATE {terms} t SET df = greatest(0, t.df - x.n) FROM unnest(%s::\"char\"[], %s::text[], %s::int[])"
            " AS x(kind, word, n) WHERE t.kind = x.kind AND t.word = x.word", (kinds, words, counts),
        )


def _columns(vocabulary: dict[str, Counter]) -> tuple[list[str], list[str], list[int]]:
    kinds: list[str] = []
    words: list[str] = []
    counts: list[int] = []
    for kind in sorted(vocabulary):
        ordered = sorted(vocabulary[kind])
        kinds += [kind] * len(ordered)
        words += ordered
        counts += map(vocabulary[kind].__getitem__, ordered)
    return kinds, words, counts


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(vocabulary: dict[str, Counter]) -> str:
    """The vocabulary's rows in COPY's text form (kind, word, df), words escaped where they must be."""
    lines = []
    for kind in sorted(vocabulary):
        for word, df in sorted(vocabulary[kind].items()):
            if "\\" in word or "\t" in word or "\n" in word or "\r" in word:
                word = word.translate(_ESCAPES)
            lines.append(f"{kind}\t{word}\t{df}\n")
    return "".join(lines)


class Build:
    """A write into an empty index: new tables with no index, loaded, indexed once at the
    end (a CREATE INDEX over all the rows, far faster than the rows added one by one), then
    put in the place of the old ones (DROP and RENAME, just before the commit: readers see
    the old tables until then; one that asks meanwhile waits for the commit)."""

    MAINTENANCE_KB = 256 * 1024  # memory for building the indexes (raised to it for this transaction only)

    def __init__(self, conn: psycopg.Connection, n: Names):
        self.conn, self.n = conn, n
        self.docs = n.q + "search_docs_build"
        self.terms = n.q + "search_terms_build"

    @classmethod
    def begin(cls, conn: psycopg.Connection, n: Names) -> Build | None:
        """A build, when the index holds no article and its tables can be replaced as they are
        (None: write into them)."""
        build = cls(conn, n)
        filled, left = conn.execute(f"SELECT EXISTS (SELECT 1 FROM {n.docs}), to_regclass(%s) IS NOT NULL OR"
                                    " to_regclass(%s) IS NOT NULL", (build.docs, build.terms)).fetchone()
        if left:  # a killed build's, committed before its swap (finish): never read, dropped under the lock
            conn.execute(f"DROP TABLE IF EXISTS {build.docs}, {build.terms}")
        if filled:
            return None
        try:
            with conn.transaction():  # undone when the old tables cannot be replaced
                conn.execute(f"CREATE TABLE {build.docs} (LIKE {n.docs} INCLUDING ALL EXCLUDING INDEXES)")
                conn.execute(f"CREATE TABLE {build.terms} (LIKE {n.terms} INCLUDING ALL EXCLUDING INDEXES)")
                if not _replaceable(conn, ((n.docs, build.docs), (n.terms, build.terms))):
                    raise _Kept
        except _Kept:
            return None
        try:
            with conn.transaction():  # lz4 (PostgreSQL 14 and later, when built with it) is quicker than pglz
                conn.execute(f"ALTER TABLE {build.docs} ALTER COLUMN words SET COMPRESSION lz4,"
                             " ALTER COLUMN labels SET COMPRESSION lz4")
        except psycopg.Error:
            pass
        return build

    def finish(self, rum: bool | None, vocabulary: dict[str, Counter], connect: Callable[..., psycopg.Connection]) -> None:
        """Index the loaded tables and put them in the old ones' place; the caller commits. The words'
        index (RUM: most of the time) is built on a second connection beside the others: the rows
        are committed first, in the tables no reader reads, the writers' lock held on by a session
        lock; the swap, in this connection's transaction once every index is built, is the one step
        readers see (a writer killed before it leaves the old tables and the build's, which the next
        build drops)."""
        conn, n = self.conn, self.n
        method = index_method(conn, rum)  # before the commit: a rum extension created here goes with it
        conn.execute("SELECT pg_advisory_lock(%s)", (n.lock_key,))  # held past the commit, to the connection's end
        conn.commit()
        docs = self.docs
        beside = _Beside(connect, f"CREATE INDEX search_docs_build_words ON {docs} USING {method}", self.MAINTENANCE_KB)
        try:
            self._memory(conn)
            conn.execute(f"CREATE UNIQUE INDEX search_docs_build_pkey ON {docs} (id)")
            conn.execute(f"CREATE INDEX search_docs_build_labels ON {docs} USING gin (labels)")
            conn.execute(f"CREATE INDEX search_docs_build_published ON {docs} (published)")
            exact = self._vocabulary(vocabulary)
            beside.join()
        finally:
            beside.cancel()  # after a failure here: not left building (a no-op once joined)
        conn.execute(f"ALTER TABLE {docs} ADD CONSTRAINT search_docs_build_pkey PRIMARY KEY USING INDEX search_docs_build_pkey")
        conn.execute(f"DROP TABLE {n.docs}, {n.terms}")
        conn.execute(f"ALTER TABLE {docs} RENAME TO search_docs")
        conn.execute(f"ALTER TABLE {self.terms} RENAME TO search_terms")
        for old, new in (("search_docs_build_pkey", "search_docs_pkey"), ("search_docs_build_labels", "search_docs_labels"),
                         ("search_docs_build_published", "search_docs_published"),
                         ("search_docs_build_words", "search_docs_words"),
                         ("search_terms_build_pkey", "search_terms_pkey"), ("search_terms_build_trgm", n.trgm_index)):
            conn.execute(f"ALTER INDEX {n.q}{old} RENAME TO {new}")
        if exact:  # the write's own frequencies, recounted as it went (none kept from the old tables)
            totals.mark_exact(conn, n)
        else:  # the old tables' mark, of oids gone (a reused one must not find it)
            totals.forget(conn, n)

    def _memory(self, conn: psycopg.Connection) -> None:
        _raise_memory(conn, self.MAINTENANCE_KB)

    def _vocabulary(self, vocabulary: dict[str, Counter]) -> bool:
        """The vocabulary: what the old tables hold (rows left at 0 by deletions, or words an older
        newsreader's writes left counted after their articles went) and this write's, this write's in
        one COPY (a third of the client's and half the wall time of three arrays). Whether it is
        exact: this write's alone."""
        conn, n = self.conn, self.n
        kept = conn.execute(f"SELECT EXISTS (SELECT 1 FROM {n.terms})").fetchone()[0]
        into = "nr_terms" if kept else self.terms
        if kept:
            conn.execute('CREATE TEMP TABLE nr_terms (kind "char", word text, df integer) ON COMMIT DROP')
        with conn.cursor() as cur, cur.copy(f"COPY {into} (kind, word, df) FROM STDIN") as copy:
            copy.write(_copy_text(vocabulary))
        if kept:
            conn.execute(f"INSERT INTO {self.terms} (kind, word, df) SELECT kind, word, sum(df) FROM (SELECT kind,"
                         f" word, df FROM {n.terms} UNION ALL SELECT * FROM nr_terms) AS t GROUP BY kind, word")
        conn.execute(f"ALTER TABLE {self.terms} ADD CONSTRAINT search_terms_build_pkey PRIMARY KEY (kind, word)")
        conn.execute(f"CREATE INDEX search_terms_build_trgm ON {self.terms} USING gin (word gin_trgm_ops)")
        return not kept


def _raise_memory(conn: psycopg.Connection, kb: int) -> None:
    """maintenance_work_mem raised to kb for this transaction, never lowered: a server set higher
    by its administrator builds with what it was given (both connections of a build ask this)."""
    memory = conn.execute("SELECT setting::bigint FROM pg_settings WHERE name = 'maintenance_work_mem'").fetchone()
    if memory is not None and memory[0] < kb:
        conn.execute(f"SET LOCAL maintenance_work_mem = '{kb}kB'")


class _Beside:
    """One statement on a connection of its own, in a thread, in its own transaction (autocommit):
    the words' index built while the writer's connection builds the others (the server builds
    each index on one core; PostgreSQL 15 builds only B-trees in parallel)."""

    def __init__(self, connect: Callable[..., psycopg.Connection], statement: str, memory_kb: int):
        self.conn: psycopg.Connection | None = None
        self.error: BaseException | None = None
        self._opened = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(connect, statement, memory_kb),
                                        name="newsreader-pg-index", daemon=True)
        self._thread.start()

    def _run(self, connect, statement: str, memory_kb: int) -> None:
        try:
            self.conn = connect(autocommit=True)
            self._opened.set()
            with self.conn.transaction():
                _raise_memory(self.conn, memory_kb)
                self.conn.execute(statement)
        except BaseException as exc:  # raised in the writer's thread, by join
            self.error = exc
        finally:
            self._opened.set()
            if self.conn is not None:
                self.conn.close()

    def join(self) -> None:
        self._thread.join()
        if self.error is not None:
            raise self.error

    def cancel(self) -> None:
        """Stop the statement if it still runs, and wait for the thread."""
        if self._thread.is_alive():
            self._opened.wait()
            conn = self.conn
            if conn is not None and not conn.closed:
                try:
                    conn.cancel()
                except psycopg.Error:
                    pass
            self._thread.join()


class _Kept(Exception):
    """The old tables stay: a build writes into them."""


def _replaceable(conn: psycopg.Connection, pairs) -> bool:
    """Whether each old table can be dropped for its new one with nothing lost: this role owns
    it, no view depends on it, and it has the privileges the new one got (another role's
    grants, for readers on a read-only role, would not be on the new table)."""
    for old, new in pairs:
        ok = conn.execute(
            "SELECT pg_has_role(current_user, o.relowner, 'USAGE') AND o.relacl IS NOT DISTINCT FROM b.relacl"
            " AND NOT EXISTS (SELECT 1 FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid"
            " WHERE d.refobjid = o.oid AND r.ev_class <> o.oid)"
            " FROM pg_class o, pg_class b WHERE o.oid = to_regclass(%s) AND b.oid = to_regclass(%s)", (old, new),
        ).fetchone()
        if not ok or not ok[0]:
            return False
    return True
