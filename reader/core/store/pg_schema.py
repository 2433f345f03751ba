"""The store's schema on PostgreSQL: the same migrations as the SQLite file
(migrations.py, translated by dialect.py), applied once by whichever client
connects first, under an advisory lock: two clients connecting to a new
database at once do not both create the tables; the second waits, then
finds them made.

Before them, the server's own migrations (SERVER_MIGRATIONS): reader state
per user. reader_states holds every user's rows; reader_state is a view of
the session's user's rows (the `newsreader.user` setting), which the
store's one copy of the SQL reads and writes as the SQLite table (a view
PostgreSQL updates by itself; `WITH CHECK OPTION`: a row of another user
cannot be written through it). Migration 0001's `CREATE TABLE IF NOT EXISTS
reader_state` then finds the view and leaves it.
"""

from __future__ import annotations

from reader.core.store import migrations
from reader.core.store.migrations import Migration

LOCK_KEY = 0x6E657773  # "news": the advisory lock the migrations are applied under

_READER_STATE_PER_USER = """
CREATE TABLE IF NOT EXISTS reader_states (
    user_name TEXT NOT NULL DEFAULT current_setting('newsreader.user', true),
    id TEXT NOT NULL,
    read INTEGER NOT NULL DEFAULT 0,
    bookmarked INTEGER NOT NULL DEFAULT 0,
    changed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    PRIMARY KEY (user_name, id)
);
CREATE INDEX IF NOT EXISTS reader_states_id ON reader_states(id);
CREATE OR REPLACE VIEW reader_state AS
    SELECT user_name, id, read, bookmarked, changed_at FROM reader_states
    WHERE user_name = current_setting('newsreader.user', true)
    WITH LOCAL CHECK OPTION;
"""

_SAVED_SEARCHES_VIEW = """CREATE OR REPLACE VIEW saved_searches AS
    SELECT user_name, name, query, created_at FROM saved_searches_by_user
    WHERE user_name = current_setting('newsreader.user', true)
    WITH LOCAL CHECK OPTION"""


def _saved_searches_per_user(db) -> None:
    """Saved searches are reader state, per user as the read marks are: saved_searches_by_user
    holds every user's, the saved_searches view the session's user's (migration 0008's CREATE
    TABLE IF NOT EXISTS then finds the view). A database whose 0008 made one shared table
    before: its rows go to the user whose client applies this."""
    row = db.execute("SELECT relkind FROM pg_catalog.pg_class WHERE oid = to_regclass('saved_searches')").fetchone()
    if row and row[0] == "r":
        db.execute("ALTER TABLE saved_searches RENAME TO saved_searches_by_user")
        db.execute("ALTER TABLE saved_searches_by_user ADD COLUMN user_name TEXT COLLATE \"C\" NOT NULL"
                   " DEFAULT current_setting('newsreader.user', true)")
        db.execute("ALTER TABLE saved_searches_by_user DROP CONSTRAINT saved_searches_pkey")
        db.execute("ALTER TABLE saved_searches_by_user ADD PRIMARY KEY (user_name, name)")
    else:
        db.execute("CREATE TABLE IF NOT EXISTS saved_searches_by_user ("
                   " user_name TEXT NOT NULL DEFAULT current_setting('newsreader.user', true),"
                   " name TEXT NOT NULL, query TEXT NOT NULL, created_at TEXT NOT NULL,"
                   " PRIMARY KEY (user_name, name))")
    db.execute(_SAVED_SEARCHES_VIEW)


SERVER_MIGRATIONS: tuple[Migration, ...] = (
    Migration("pg_0001_reader_state_per_user", _READER_STATE_PER_USER),
    Migration("pg_0002_saved_searches_per_user", _saved_searches_per_user),
    # feeds/served.py: a server's subscriptions, the team's (a folder's are its feeds.toml)
    Migration("pg_0003_feed_subscriptions", "CREATE TABLE IF NOT EXISTS feed_subscriptions (url TEXT PRIMARY KEY,"
              " name TEXT NOT NULL DEFAULT '', position INTEGER NOT NULL DEFAULT 0,"
              " added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')))"),
)

_LIBRARY_ORDER = """
CREATE INDEX IF NOT EXISTS articles_library_order ON articles (published DESC NULLS LAST, lower(title));
CREATE INDEX IF NOT EXISTS articles_title_order ON articles (lower(title));
CREATE INDEX IF NOT EXISTS articles_source_order ON articles (lower(source), lower(title));
"""

# Server migrations of the tables the store's own migrations make: applied after those.
SERVER_MIGRATIONS_AFTER: tuple[Migration, ...] = (
    # The library's first page read off an index in the app's orders (date newest first, source and
    # title A to Z): a sort of every article before (by date 274 ms at 100k articles here, 4 ms with
    # it; by title 3.4 s at 1M, 19 ms). The other directions (--asc, ctrl+r) still sort.
    Migration("pg_0004_library_order", _LIBRARY_ORDER),
)

# The views of one user's rows, the tables behind them and the key the views are written by
# (INSERT OR REPLACE through a view: the view has no primary key of its own).
PER_USER: dict[str, tuple[str, tuple[str, ...]]] = {
    "reader_state": ("reader_states", ("user_name", "id")),
    "saved_searches": ("saved_searches_by_user", ("user_name", "name")),
}


def all_migrations() -> tuple[Migration, ...]:
    return SERVER_MIGRATIONS + migrations.MIGRATIONS + SERVER_MIGRATIONS_AFTER


def pending(db) -> list[Migration]:
    done = migrations.applied(db)
    return [m for m in all_migrations() if m.name not in done]


def migrate(db, readonly: bool = False) -> list[str]:
    """Apply what the database lacks, in one transaction under the advisory
    lock (taken, then a second look); returns the names applied."""
    if readonly or not pending(db):
        migrations.check_version(db)
        return []
    db.begin()
    return migrations.apply_pending(db, pending, lock=lambda db: db.execute("SELECT pg_advisory_xact_lock(?)", (LOCK_KEY,)))
