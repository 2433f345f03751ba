"""A one-word search's total from the vocabulary instead of a count of the index.

On RUM the count of a common word's matches (the index's bitmap, then every heap page it names)
cost more of the server's CPU than the search itself (*share*, 27,989 matches: the count 38 ms,
the ordered scan and its 300 candidates ranked 24, at load 4). The vocabulary's document frequency
of a word is that count when every write keeps it exact: a write takes the words of the rows it
replaces or deletes off (writing.py); a recount (optimize) makes them exact, and so does a build
into empty tables (its own counts: none kept from older ones). The key EXACT_DF in search_meta,
holding both tables' oids (docs:terms), says that they are. A statement that writes either table
without saying that it keeps them (an older newsreader's write, another tool's, a TRUNCATE) takes
the key away, by a trigger on each (guard); a table dropped and created again has a new oid, one
whose trigger is gone is not trusted (known), and tables.create takes the key away when it creates
anything. The search reads the key and the frequency in its own snapshot (Server.read_counted's
known), so the total is of the rows it saw; without the key it counts as before.
"""

from __future__ import annotations

from typing import Protocol

import psycopg
from psycopg import sql

from reader.core.search.postgres.ranking import _WORD, WORDS, _bare


class Names(Protocol):
    """What this module reads of tables.Names (tables imports this module: no import back)."""

    docs: str
    terms: str
    meta: str

EXACT_DF = "df"
_KEEPS = "SET LOCAL newsreader.df = 'kept'"  # a writer's transaction that keeps the frequencies exact
# The guard's triggers: one on each table (by name), the function both run, and the oids the key holds.
_TRIGGERS = "(t.tgrelid = to_regclass({docs}) AND t.tgname = 'search_docs_df' OR t.tgrelid = to_regclass({terms})" \
            " AND t.tgname = 'search_terms_df')"
_GUARDED = "(SELECT count(*) FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid WHERE p.prosecdef AND " + _TRIGGERS + ")"
_OIDS = "to_regclass({docs})::oid::text || ':' || to_regclass({terms})::oid::text"


def _names(n: Names) -> dict:
    return {"docs": sql.Literal(n.docs), "terms": sql.Literal(n.terms)}


def guard(conn: psycopg.Connection, n: Names) -> None:
    """The tables' triggers that take EXACT_DF away, created where they are missing, and this
    transaction marked as keeping the frequencies (a writer's, under the writers' lock). A role
    that may not create them (tables another role owns) writes without them: no key is set then."""
    conn.execute(_KEEPS)
    if conn.execute(sql.SQL("SELECT " + _GUARDED).format(**_names(n))).fetchone()[0] == 2:
        return
    try:
        with conn.transaction():
            # The schema the tables are in (for schema None, the one the search_path put them in), fixed in
            # the function: it runs with its owner's rights and search_path, not the writing session's (a
            # pg_restore --data-only sets search_path to '', a reader's role may not delete from search_meta).
            schema = conn.execute("SELECT relnamespace::regnamespace::text FROM pg_class WHERE oid = to_regclass(%s)",
                                  (n.docs,)).fetchone()[0]
            conn.execute(f"""CREATE OR REPLACE FUNCTION {schema}.search_docs_df() RETURNS trigger LANGUAGE plpgsql
                SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
                BEGIN
                    IF current_setting('newsreader.df', true) IS DISTINCT FROM 'kept' THEN
                        DELETE FROM {schema}.search_meta WHERE key = '{EXACT_DF}';
                    END IF;
                    RETURN NULL;
                END $$""")
            for table, trigger in ((n.docs, "search_docs_df"), (n.terms, "search_terms_df")):
                conn.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
                conn.execute(f"CREATE TRIGGER {trigger} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}"
                             f" FOR EACH STATEMENT EXECUTE FUNCTION {schema}.search_docs_df()")
            forget(conn, n)  # a trigger was missing: writes went unwatched meanwhile
    except psycopg.Error:
        pass


def mark_exact(conn: psycopg.Connection, n: Names) -> None:
    """The frequencies just recounted are exact: EXACT_DF set, when the guard's triggers are there."""
    guard(conn, n)
    conn.execute(sql.SQL("INSERT INTO {meta} (key, value) SELECT {key}, " + _OIDS + " WHERE " + _GUARDED + " = 2"
                         " ON CONFLICT (key) DO UPDATE SET value = excluded.value").format(
        meta=sql.SQL(n.meta), key=sql.Literal(EXACT_DF), **_names(n)))


def forget(conn: psycopg.Connection, n: Names) -> None:
    """EXACT_DF taken away (tables created: the frequencies are no longer known to be exact)."""
    conn.execute(f"DELETE FROM {n.meta} WHERE key = %s", (EXACT_DF,))


def one_word(where: str, params: list, rest: str) -> str | None:
    """The word of a query of one word of the title and body alike (the tsquery 'share', where
    ranking.WORDS; not title:share, 'share':A, a prefix) and no other condition (rest, the
    filters' and exclusions': TRUE); else None."""
    if where != WORDS or len(params) != 1 or rest != "TRUE":
        return None
    m = _WORD.fullmatch(params[0])
    return _bare(params[0]) if m and m.group(2) is None else None


def known(n: Names, word: str) -> sql.Composed:
    """One row: the word's exact document frequency, NULL unless EXACT_DF says the frequencies are
    exact for both tables as they are and both triggers are there (the literals inlined: run with
    other statements at once)."""
    return sql.SQL("SELECT CASE WHEN (SELECT value FROM {meta} WHERE key = {key}) = " + _OIDS + " AND " + _GUARDED
                   + " = 2 THEN (SELECT df FROM {terms_table} WHERE kind = 'w' AND word = {word}) END").format(
        meta=sql.SQL(n.meta), terms_table=sql.SQL(n.terms), key=sql.Literal(EXACT_DF), word=sql.Literal(word),
        **_names(n))
