"""The schema of the store's SQLite file, every table of it, as named
migrations: each applied once, in order, and recorded with when it was (the
`migrations` table, in the manner of sqlite-utils).

The store owns the whole file. The entity cache and index, the events and
the feeds' state keep their tables in it too; those packages sit above the
store and may not be imported by it, so their tables are created here and
they rely on the store having migrated.

A released migration is never edited: a change to the schema is a new one
at the end. Stores made before migrations were recorded (schema version 1,
no `migrations` table) hold some or all of these tables already; the first
migrations are written `IF NOT EXISTS`, so applying them keeps what is there.

meta.schema_version is what older newsreaders check: they refuse a store
whose version is above their own. A migration bumps it only when older
versions could no longer read or write the store correctly.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from reader.core.models import Article
from reader.core.store.errors import StoreError

SCHEMA_VERSION = 1  # the highest meta.schema_version a migration below writes


@dataclass(frozen=True)
class Migration:
    name: str
    step: str | Callable[[sqlite3.Connection], None]  # an SQL script, or a function given the connection

    def apply(self, db: sqlite3.Connection) -> None:
        if callable(self.step):
            self.step(db)
            return
        # One statement at a time: executescript would commit the
        # transaction the migrations run in.
        for statement in statements(self.step):
            db.execute(statement)


_ARTICLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    origin TEXT NOT NULL,
    root TEXT NOT NULL DEFAULT '',
    relpath TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    byline TEXT NOT NULL DEFAULT '',
    published TEXT,
    url TEXT NOT NULL DEFAULT '',
    paragraphs TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    words INTEGER NOT NULL DEFAULT 0,
    hash TEXT NOT NULL,
    added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX IF NOT EXISTS articles_file ON articles(root, relpath);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
CREATE INDEX IF NOT EXISTS articles_source ON articles(source);
CREATE INDEX IF NOT EXISTS articles_url ON articles(url);
CREATE TABLE IF NOT EXISTS files (
    root TEXT NOT NULL,
    relpath TEXT NOT NULL,
    signature TEXT NOT NULL,
    PRIMARY KEY (root, relpath)
);
CREATE TABLE IF NOT EXISTS indexed (id TEXT PRIMARY KEY, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reader_state (
    id TEXT PRIMARY KEY,
    read INTEGER NOT NULL DEFAULT 0,
    bookmarked INTEGER NOT NULL DEFAULT 0,
    changed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
INSERT OR REPLACE INTO meta(key, value) VALUES('schema_version', '1');
"""

# entities/cache.py: one row per (article, extractor).
_ENTITY_MENTIONS = """
CREATE TABLE IF NOT EXISTS entity_mentions (
    article_id TEXT NOT NULL,
    extractor TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    format INTEGER NOT NULL,
    mentions TEXT NOT NULL,
    computed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    PRIMARY KEY (article_id, extractor)
);
"""

# entities/index.py: the names behind the entity: field.
_ENTITY_TERMS = """
CREATE TABLE IF NOT EXISTS entity_terms (
    article_id TEXT NOT NULL,
    term TEXT NOT NULL,
    PRIMARY KEY (term, article_id)
);
CREATE TABLE IF NOT EXISTS entity_done (article_id TEXT PRIMARY KEY, content_hash TEXT NOT NULL);
"""

# events/index.py: derived data; event_meta's version says which features
# the rows were computed with (the index regroups when they differ).
_EVENTS = """
CREATE TABLE IF NOT EXISTS event_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    cohesion REAL NOT NULL DEFAULT 1.0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE TABLE IF NOT EXISTS event_articles (
    doc INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL UNIQUE,
    event_id TEXT NOT NULL,
    hash TEXT NOT NULL,
    title TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    published TEXT,
    features TEXT NOT NULL,
    names TEXT NOT NULL DEFAULT '[]',
    neighbours TEXT NOT NULL DEFAULT '[]',
    added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX IF NOT EXISTS event_articles_event ON event_articles(event_id);
CREATE TABLE IF NOT EXISTS event_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS event_postings (
    term TEXT NOT NULL,
    doc INTEGER NOT NULL,
    weight REAL NOT NULL,
    PRIMARY KEY (term, doc)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS event_postings_doc ON event_postings(doc);
"""

_EVENT_TERMS = """
CREATE TABLE IF NOT EXISTS event_term_counts (term INTEGER PRIMARY KEY, n INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS event_terms (
    term INTEGER NOT NULL,
    doc INTEGER NOT NULL,
    PRIMARY KEY (term, doc)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS event_terms_doc ON event_terms(doc);
"""

# feeds/state.py: each feed's HTTP state, and which entry became which article.
_FEEDS = """
CREATE TABLE IF NOT EXISTS feed_state (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    title TEXT NOT NULL DEFAULT '',
    last_status INTEGER,
    last_error TEXT NOT NULL DEFAULT '',
    last_fetched TEXT,
    last_ok TEXT
);
CREATE TABLE IF NOT EXISTS feed_entries (
    feed_url TEXT NOT NULL,
    entry_key TEXT NOT NULL,
    article_id TEXT NOT NULL,
    digest TEXT NOT NULL,
    fulltext TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (feed_url, entry_key)
);
CREATE INDEX IF NOT EXISTS feed_entries_article ON feed_entries(article_id);
"""

# store/articles.py: a source set by hand (`newsreader source set`) for an
# article ("id:ID") or a file or folder ("path:/abs/path"), kept over
# re-reading; and a source's display form, one per case-insensitive name.
_SOURCES = """
CREATE TABLE IF NOT EXISTS source_overrides (
    target TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    set_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE TABLE IF NOT EXISTS source_names (key TEXT PRIMARY KEY, display TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS articles_source_nocase ON articles(source COLLATE NOCASE);
"""

# store/versions.py: each earlier version of an article (the articles table
# holds the latest); body: its paragraphs, compressed (see versions.py).
_ARTICLE_VERSIONS = """
CREATE TABLE IF NOT EXISTS article_versions (
    article_id TEXT NOT NULL,
    number INTEGER NOT NULL,
    title TEXT NOT NULL,
    origin TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    words INTEGER NOT NULL DEFAULT 0,
    seen_at TEXT NOT NULL,
    replaced_at TEXT NOT NULL,
    was_read INTEGER NOT NULL DEFAULT 0,
    codec TEXT NOT NULL,
    body BLOB NOT NULL,
    PRIMARY KEY (article_id, number)
);
"""


def display_rank(spelling: str) -> tuple[int, str]:
    """Which spelling of a source is shown: the one with more capitals ("NYT"
    over "nyt", "Fox News" over "fox news"), so that the choice does not
    depend on which file was read first; a tie, the first in code order."""
    return sum(c.isupper() for c in spelling), "".join(chr(0x10FFFF - ord(c)) for c in spelling)


def relabel_source(db: sqlite3.Connection, old: str, new: str) -> int:
    """Every article whose source is exactly old takes new, with its hash
    recomputed, so that the search index and the events follow."""
    rows = db.execute(
        "SELECT id, origin, title, paragraphs, byline, published, url, notes FROM articles WHERE source=?", (old,)
    ).fetchall()
    for id_, origin, title, paragraphs, byline, published, url, notes in rows:
        article = Article(id=id_, origin=origin, title=title, text_paragraphs=tuple(json.loads(paragraphs)),
                          source=new, byline=byline, url=url, notes=notes,
                          published=datetime.fromisoformat(published) if published else None)
        db.execute("UPDATE articles SET source=?, hash=? WHERE id=?", (new, article.content_hash, id_))
    return len(rows)


def _one_spelling_per_source(db: sqlite3.Connection) -> None:
    """"fox" and "FOX" are one source: each is rewritten to the spelling
    display_rank puts first."""
    for statement in statements(_SOURCES):
        db.execute(statement)
    by_key: dict[str, list[str]] = {}
    for (source,) in db.execute("SELECT DISTINCT source FROM articles WHERE source != ''"):
        by_key.setdefault(source.lower(), []).append(source)
    for spellings in by_key.values():
        best = max(spellings, key=display_rank)
        for spelling in spellings:
            if spelling != best:
                relabel_source(db, spelling, best)


MIGRATIONS: tuple[Migration, ...] = (
    Migration("0001_articles", _ARTICLES),
    Migration("0002_entity_mentions", _ENTITY_MENTIONS),
    Migration("0003_entity_terms", _ENTITY_TERMS),
    Migration("0004_events", _EVENTS),
    Migration("0005_feeds", _FEEDS),
    Migration("0006_one_spelling_per_source", _one_spelling_per_source),
    Migration("0007_article_versions", _ARTICLE_VERSIONS),
    # search/saved.py: saved searches (newsboat's query feeds), reader state as the read marks are
    Migration("0008_saved_searches", "CREATE TABLE IF NOT EXISTS saved_searches"
              " (name TEXT PRIMARY KEY, query TEXT NOT NULL, created_at TEXT NOT NULL)"),
    # events/tables.py: an article's event features apart from its event_articles row (derived data)
    Migration("0009_event_features", "CREATE TABLE IF NOT EXISTS event_features"
              " (doc INTEGER PRIMARY KEY, features TEXT NOT NULL, names TEXT NOT NULL)"),
    # events/postings.py: by term id, how many stored vectors hold it and, for the rare ones, which (derived data)
    Migration("0010_event_terms", _EVENT_TERMS),
)

_LEDGER = """CREATE TABLE IF NOT EXISTS migrations (
    name TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
)"""


def statements(script: str) -> Iterator[str]:
    """The statements of an SQL script, each whole (a `;` inside a string
    literal does not end one)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending.strip()
            pending = ""
    if pending.strip():
        yield pending.strip()


def applied(db: sqlite3.Connection) -> dict[str, str]:
    """Name -> applied_at of the migrations recorded in db."""
    if not _has_table(db, "migrations"):
        return {}
    return dict(db.execute("SELECT name, applied_at FROM migrations").fetchall())


def pending(db: sqlite3.Connection) -> list[Migration]:
    done = applied(db)
    return [m for m in MIGRATIONS if m.name not in done]


def migrate(db: sqlite3.Connection, readonly: bool = False) -> list[str]:
    """Apply the migrations db lacks, in order, in one transaction; returns
    their names. A store written by a newer schema is refused. readonly:
    only the check (a read-only store is read as it is)."""
    if readonly or not pending(db):  # the usual open: no write lock taken
        check_version(db)
        return []
    # The write lock first, then a second look: a process creating the same
    # store at once waits here, then finds the migrations applied.
    db.execute("BEGIN IMMEDIATE")
    return apply_pending(db, pending)


def apply_pending(db, pending_of, lock=None) -> list[str]:
    """In the transaction just begun: the lock (where it is not the
    transaction's own), a second look, then every migration still pending,
    committed together; rolled back whole on any failure. The store on a
    server calls this too, with its advisory lock and its own list."""
    try:
        if lock is not None:
            lock(db)
        check_version(db)
        db.execute(_LEDGER)
        names = []
        for migration in pending_of(db):
            migration.apply(db)
            db.execute("INSERT INTO migrations(name) VALUES(?)", (migration.name,))
            names.append(migration.name)
        db.commit()
    except BaseException:
        db.rollback()
        raise
    return names


def check_version(db: sqlite3.Connection) -> None:
    version = schema_version(db)
    if version is not None and version > SCHEMA_VERSION:
        raise StoreError(
            f"the article store was written by a newer newsreader (schema {version}, this one reads {SCHEMA_VERSION})"
        )


def schema_version(db: sqlite3.Connection) -> int | None:
    if not _has_table(db, "meta"):
        return None
    row = db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    return int(row[0]) if row else None


def _has_table(db: sqlite3.Connection, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,)).fetchone() is not None
