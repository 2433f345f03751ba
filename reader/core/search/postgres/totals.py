"""A one-word search's total from the vocabulary instead of a count of the index.

On RUM the count of a common word's matches (the index's bitmap, then every heap page it names)
cost more of the server's CPU than the search itself (*share*, 27,989 matches: the count 38 ms,
the ordered scan and its 300 candidates ranked 24, at load 4). The vocabulary's document frequency
of a word is that count when every write keeps it exact: a write takes the words of the rows it
replaces or deletes off (writing.py), a recount (optimize, a build) makes it exact, and the key
EXACT_DF in search_meta, holding the words table's oid, says that it is. A statement that writes
the table without saying that it keeps them (an older newsreader's write, another tool's) takes
the key away, by a trigger (guard); a build's new table has a new oid. The search reads the key
and the frequency in its own snapshot (Server.read_counted's known), so the total is of the rows
it saw; without the key it counts as before.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import psycopg

if TYPE_CHECKING:
    from reader.core.search.postgres.tables import Names

EXACT_DF = "df"
_KEEPS = "SET LOCAL newsreader.df = 'kept'"  # a writer's transaction that keeps the frequencies exact


def guard(conn: psycopg.Connection, n: Names) -> None:
    """The words table's trigger that takes EXACT_DF away, created where it is missing, and this
    transaction marked as keeping the frequencies (a writer's, under the writers' lock). A role
    that may not create it (tables another role owns) writes without it: no key is set then."""
    conn.execute(_KEEPS)
    if conn.execute("SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = to_regclass(%s)"
                    " AND tgname = 'search_docs_df')", (n.docs,)).fetchone()[0]:
        return
    try:
        with conn.transaction():
            conn.execute(f"""CREATE OR REPLACE FUNCTION {n.q}search_docs_df() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF current_setting('newsreader.df', true) IS DISTINCT FROM 'kept' THEN
                        DELETE FROM {n.meta} WHERE key = '{EXACT_DF}';
                    END IF;
                    RETURN NULL;
                END $$""")
            conn.execute(f"CREATE TRIGGER search_docs_df AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {n.docs}"
                         f" FOR EACH STATEMENT EXECUTE FUNCTION {n.q}search_docs_df()")
    except psycopg.Error:
        pass


def mark_exact(conn: psycopg.Connection, n: Names) -> None:
    """The frequencies just recounted are exact: EXACT_DF set, when the guard's trigger is there."""
    guard(conn, n)
    conn.execute(f"INSERT INTO {n.meta} (key, value) SELECT %s, c.oid::text FROM pg_class c JOIN pg_trigger t"
                 " ON t.tgrelid = c.oid AND t.tgname = 'search_docs_df' WHERE c.oid = to_regclass(%s)"
                 " ON CONFLICT (key) DO UPDATE SET value = excluded.value", (EXACT_DF, n.docs))


_LEXEME = re.compile(r"'((?:[^']|'')+)'")  # one word of any weight: no flags, no operator


def one_word(where: str, params: list, rest: str) -> str | None:
    """The word of a query of one word of the title and body alike (the tsquery 'share', where
    ranking.WORDS; not title:share, 'share':A) and no other condition (rest, the filters' and
    exclusions': TRUE); else None."""
    if where != "d.words @@ %s::tsquery" or len(params) != 1 or rest != "TRUE":
        return None
    m = _LEXEME.fullmatch(params[0])
    return m.group(1).replace("''", "'") if m else None


def known(n: Names, word: str) -> psycopg.sql.Composed:
    """One row: the word's exact document frequency, NULL unless EXACT_DF says the frequencies are
    exact for the words table as it is (the literals inlined: run with other statements at once)."""
    from psycopg import sql

    return sql.SQL("SELECT CASE WHEN (SELECT value FROM {meta} WHERE key = {key}) = to_regclass({docs})::oid::text"
                   " THEN (SELECT df FROM {terms} WHERE kind = 'w' AND word = {word}) END").format(
        meta=sql.SQL(n.meta), terms=sql.SQL(n.terms), key=sql.Literal(EXACT_DF), docs=sql.Literal(n.docs),
        word=sql.Literal(word))
