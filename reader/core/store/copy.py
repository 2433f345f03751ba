"""Copying a whole store to another: a folder's SQLite file to a PostgreSQL
server and back (`newsreader store copy SRC DST`).

Every table the migrations make is copied, row for row, except those the
destination makes itself (NOT_COPIED: its ledger, its schema version, what
its search index holds: the search index is rebuilt at the destination from
the articles). The reader state and the saved searches go with the
articles: from a folder to a server they become the destination's user's,
from a server to a folder the source's user's are taken (reader_state and
saved_searches are that user's views there). Rows the destination has already with the same key are
replaced; the rest of what it holds is kept. The whole copy is one
transaction at the destination: an interrupted copy leaves it as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from reader.core.store.articles import ArticleStore

BATCH = 2000

# (table, its columns): the migrations' tables in an order where nothing is
# written before what it refers to. Tables a store lacks (a read-only store
# from before a migration) are skipped.
TABLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("articles", ("id", "origin", "root", "relpath", "title", "source", "byline", "published", "url", "paragraphs",
                  "notes", "words", "hash", "added_at", "updated_at")),
    ("files", ("root", "relpath", "signature")),
    ("reader_state", ("id", "read", "bookmarked", "changed_at")),
    ("source_overrides", ("target", "source", "set_at")),
    ("source_names", ("key", "display")),
    ("article_versions", ("article_id", "number", "title", "origin", "url", "words", "seen_at", "replaced_at",
                          "was_read", "codec", "body")),
    ("feed_state", ("url", "etag", "last_modified", "title", "last_status", "last_error", "last_fetched", "last_ok")),
    ("feed_entries", ("feed_url", "entry_key", "article_id", "digest", "fulltext", "attempts", "seen_at")),
    ("entity_mentions", ("article_id", "extractor", "content_hash", "format", "mentions", "computed_at")),
    ("entity_terms", ("article_id", "term")),
    ("entity_done", ("article_id", "content_hash")),
    ("saved_searches", ("name", "query", "created_at")),
    ("event_meta", ("key", "value")),
    ("events", ("id", "title", "cohesion", "created_at", "updated_at")),
    ("event_articles", ("doc", "article_id", "event_id", "hash", "title", "source", "published", "features", "names",
                        "neighbours", "added_at")),
    ("event_features", ("doc", "features", "names")),
    ("event_df", ("term", "df")),
    ("event_postings", ("term", "doc", "weight")),
    ("event_term_counts", ("term", "n")),
    ("event_terms", ("term", "doc")),
)


# The tables the migrations make that are not copied, and why: the destination makes them itself.
# (On a server the per-user views above are copied; the tables behind them, pg_schema.PER_USER,
# are reached through them: a copy writes the destination user's rows.)
NOT_COPIED: dict[str, str] = {
    "migrations": "the destination's own ledger of the migrations applied to it",
    "meta": "the destination's schema version, written by its migrations",
    "indexed": "what the search index holds: the index is rebuilt at the destination from the articles",
    "feed_subscriptions": "a server's subscriptions: `newsreader feeds import` brings a feeds.toml or OPML there",
}


def _has_table(db, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,)).fetchone() is not None


def copy_store(src: ArticleStore, dst: ArticleStore, progress: Callable[[str, int, int], None] | None = None) -> dict:
    """Copy every row of src's tables into dst in one transaction; returns rows copied per table."""
    counts: dict[str, int] = {}
    present = [(t, cols) for t, cols in TABLES if _has_table(src.db, t) and _has_table(dst.db, t)]
    with dst.transaction() as db:
        for table, columns in present:
            names = ", ".join(columns)
            insert = f"INSERT OR REPLACE INTO {table}({names}) VALUES({','.join('?' * len(columns))})"
            total = src.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            done = 0
            order = columns[0]
            for rows in _batches(src.db, f"SELECT {names} FROM {table} ORDER BY {order}"):
                db.executemany(insert, [tuple(r) for r in rows])
                done += len(rows)
                if progress:
                    progress(table, done, total)
            counts[table] = done
    return counts


def _batches(db, sql: str) -> Iterator[list]:
    """BATCH rows at a time: from a cursor on the server, or sqlite3's (which reads as it goes)."""
    if hasattr(db, "batches"):
        yield from db.batches(sql, BATCH)
        return
    cursor = db.execute(sql)
    while rows := cursor.fetchmany(BATCH):
        yield rows
