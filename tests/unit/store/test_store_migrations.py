"""One schema for the store's SQLite file: named migrations, applied once
each, in order, in one transaction, and recorded; a store made before them
upgrades in place without losing anything."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

import pytest

from reader.core.entities import EntityCache, Mention
from reader.core.entities.cache import CACHE_FORMAT
from reader.core.entities.index import coverage
from reader.core.events import EventIndex
from reader.core.feeds import state as feed_state
from reader.core.models import Article
from reader.core.store import ArticleStore, StoreError, connect, migrations
from reader.core.store.migrations import SCHEMA_VERSION, Migration
from tests.conftest import SEEDS

# The tables as the previous version made them, each module its own, copied
# from it: store/articles.py (schema version 1), entities/cache.py,
# entities/index.py, events/index.py ("tables 2, features 1"), feeds/state.py.
OLD_ARTICLES = """
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
"""
OLD_ENTITY_MENTIONS = """
CREATE TABLE IF NOT EXISTS entity_mentions (
    article_id TEXT NOT NULL,
    extractor TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    format INTEGER NOT NULL,
    mentions TEXT NOT NULL,
    computed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    PRIMARY KEY (article_id, extractor)
)
"""
OLD_ENTITY_TERMS = """
CREATE TABLE IF NOT EXISTS entity_terms (
    article_id TEXT NOT NULL,
    term TEXT NOT NULL,
    PRIMARY KEY (term, article_id)
);
CREATE TABLE IF NOT EXISTS entity_done (article_id TEXT PRIMARY KEY, content_hash TEXT NOT NULL);
"""
OLD_EVENTS = """
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
OLD_FEEDS = """
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

ARTICLE = Article(
    id="a1b2c3d4e5f6", origin="seeds/old.txt", title="Ferries return",
    text_paragraphs=("Ferries sailed past the lighthouse on Monday.", "The harbour reopened."),
    source="Harbour Post", published=datetime(2024, 3, 1, 9, 30), url="https://example.org/ferries",
    root="seeds", relpath="old.txt",
)
MENTIONS = [Mention("Monday", 39, 45, "DATE", "Monday")]
FEED = "https://example.org/feed.xml"


def old_store(path, everything: bool = True) -> None:
    """A store as the previous version left it: the article tables and
    their schema version, and (everything) the tables of the entities,
    events and feeds, with a row in each."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.executescript(OLD_ARTICLES)
    db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('schema_version', '1')")
    a = ARTICLE
    db.execute(
        "INSERT INTO articles(id, origin, root, relpath, title, source, byline, published, url, paragraphs, notes, words, hash)"
        " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (a.id, a.origin, a.root, a.relpath, a.title, a.source, a.byline, a.published.isoformat(), a.url,
         json.dumps(list(a.text_paragraphs)), a.notes, a.word_count, a.content_hash),
    )
    db.execute("INSERT INTO files(root, relpath, signature) VALUES('seeds', 'old.txt', '123:456')")
    db.execute("INSERT INTO indexed(id, hash) VALUES(?, ?)", (a.id, a.content_hash))
    db.execute("INSERT INTO reader_state(id, read, bookmarked) VALUES(?, 1, 1)", (a.id,))
    if everything:
        db.execute(OLD_ENTITY_MENTIONS)
        db.executescript(OLD_ENTITY_TERMS + OLD_EVENTS + OLD_FEEDS)
        payload = json.dumps([[m.text, m.start, m.end, m.type, m.canonical] for m in MENTIONS])
        db.execute("INSERT INTO entity_mentions(article_id, extractor, content_hash, format, mentions) VALUES(?,?,?,?,?)",
                   (a.id, "rules", a.content_hash, CACHE_FORMAT, payload))
        db.execute("INSERT INTO entity_terms(article_id, term) VALUES(?, 'monday')", (a.id,))
        db.execute("INSERT INTO entity_done(article_id, content_hash) VALUES(?, ?)", (a.id, a.content_hash))
        db.executemany("INSERT INTO event_meta(key, value) VALUES(?, ?)",
                       [("version", "tables 2, features 1"), ("weighed_n", "1")])
        db.execute("INSERT INTO events(id, title, cohesion) VALUES('eold', 'Ferries return', 1.0)")
        db.execute("INSERT INTO event_articles(doc, article_id, event_id, hash, title, source, published, features)"
                   " VALUES(1, ?, 'eold', ?, ?, ?, ?, '{\"ferri\": 6.0}')",
                   (a.id, a.content_hash, a.title, a.source, a.published.isoformat()))
        db.execute("INSERT INTO event_df(term, df) VALUES('ferri', 1)")
        db.execute("INSERT INTO event_postings(term, doc, weight) VALUES('ferri', 1, 1.0)")
        db.execute("INSERT INTO feed_state(url, title, last_status) VALUES(?, 'Harbour feed', 200)", (FEED,))
        db.execute("INSERT INTO feed_entries(feed_url, entry_key, article_id, digest, seen_at) VALUES(?, 'k1', ?, 'd1', 'then')",
                   (FEED, a.id))
    db.commit()
    db.close()


def contents(db: sqlite3.Connection) -> dict[str, list[tuple]]:
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name != 'migrations'")]
    return {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}


def schema(db: sqlite3.Connection) -> set[tuple[str, str, str]]:
    return set(db.execute("SELECT type, name, sql FROM sqlite_master WHERE name != 'migrations'").fetchall())


def recorded(db: sqlite3.Connection) -> list[str]:
    return [r[0] for r in db.execute("SELECT name FROM migrations ORDER BY rowid")]


# --- a new store ------------------------------------------------------------------
def test_a_new_store_records_every_migration_once_in_order(tmp_path):
    names = [m.name for m in migrations.MIGRATIONS]
    assert len(set(names)) == len(names)
    store = ArticleStore(tmp_path / "store.sqlite")
    assert recorded(store.db) == names
    assert all(at.endswith("Z") and at[:4].isdigit() for at in migrations.applied(store.db).values())
    assert migrations.schema_version(store.db) == SCHEMA_VERSION
    store.close()
    again = connect(tmp_path / "store.sqlite")
    assert migrations.migrate(again) == [] and again.total_changes == 0  # nothing applied, nothing written
    again.close()


def test_the_store_makes_every_table_the_packages_above_use(library):
    """Indexing, entities, entity: search and events add no table to the
    file: its whole schema comes from the migrations."""
    on_server = library.store.url is not None  # NEWSREADER_TEST_STORE=postgresql
    fresh = _server_schema(library.store.db) if on_server else schema(connect(":memory:"))
    library.index_paths([SEEDS], label="seeds")
    library.entities.update(library.store)
    assert library.search('entity:"Tim Loughton"').total > 0
    assert library.events()
    assert feed_state.feed_states(library.store) == {} and feed_state.counts(library.store) == {}
    if on_server:  # the store's tables as the migrations left them; the engine's are its own
        added = {(t, c) for t, c in _server_schema(library.store.db) - fresh if not t.startswith("search_")}
        assert added == set()
    else:
        assert schema(library.store.db) == fresh


def _server_schema(db) -> set[tuple[str, str]]:
    """The server's tables and columns (a column's name beside its table's, '' for the table)."""
    rows = db.execute("SELECT table_name, column_name FROM information_schema.columns"
                      " WHERE table_schema = current_schema()").fetchall()
    return {(t, c) for t, c in rows} | {(t, "") for t, _ in rows}


def test_a_later_migration_is_applied_once_to_an_existing_store(tmp_path, monkeypatch):
    ArticleStore(tmp_path / "store.sqlite").close()

    def add_column(db):
        db.execute("ALTER TABLE reader_state ADD COLUMN starred INTEGER NOT NULL DEFAULT 0")

    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, Migration("9999_starred", add_column)))
    store = ArticleStore(tmp_path / "store.sqlite")
    assert recorded(store.db)[-1] == "9999_starred"
    store.close()
    store = ArticleStore(tmp_path / "store.sqlite")  # a second ALTER would fail: "duplicate column name"
    columns = [r[1] for r in store.db.execute("PRAGMA table_info(reader_state)")]
    assert columns.count("starred") == 1
    store.close()


@pytest.mark.parametrize("existing", [False, True])
def test_a_failing_migration_leaves_the_store_as_it_was(tmp_path, monkeypatch, existing):
    path = tmp_path / "store.sqlite"
    if existing:
        ArticleStore(path).close()
    before = contents(sqlite3.connect(path))
    broken = Migration("9999_broken", "CREATE TABLE half_done (x);\nINSERT INTO no_such_table VALUES (1);")
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, broken))
    with pytest.raises(StoreError, match="no such table: no_such_table"):
        ArticleStore(path)
    db = sqlite3.connect(path)
    assert contents(db) == before  # not even the migrations before the broken one, on a new store
    assert "half_done" not in contents(db)
    db.close()


def test_a_store_written_by_a_newer_schema_is_refused_unchanged(tmp_path):
    path = tmp_path / "store.sqlite"
    db = sqlite3.connect(path)
    db.executescript(OLD_ARTICLES)
    db.execute("INSERT INTO meta(key, value) VALUES('schema_version', ?)", (str(SCHEMA_VERSION + 1),))
    db.commit()
    db.close()
    for readonly in (False, True):
        with pytest.raises(StoreError, match="newer newsreader"):
            ArticleStore(path, readonly=readonly)
    db = sqlite3.connect(path)
    assert "migrations" not in contents(db) and "events" not in contents(db)
    db.close()


def test_a_script_splits_into_whole_statements():
    script = "INSERT INTO t VALUES('a;b');\nCREATE TABLE u (\n    x TEXT DEFAULT ';'\n);\n"
    assert list(migrations.statements(script)) == ["INSERT INTO t VALUES('a;b');", "CREATE TABLE u (\n    x TEXT DEFAULT ';'\n);"]


# --- a store of the previous version ------------------------------------------------
def test_a_store_of_the_previous_version_upgrades_in_place_keeping_everything(tmp_path):
    path = tmp_path / "store.sqlite"
    old_store(path)
    before = contents(sqlite3.connect(path))
    store = ArticleStore(path)
    assert recorded(store.db) == [m.name for m in migrations.MIGRATIONS]
    after = contents(store.db)
    assert {t: rows for t, rows in after.items() if t in before} == before  # every row of every table, as it was
    assert all(not rows for t, rows in after.items() if t not in before)  # tables added since: empty
    assert schema(store.db) == schema(connect(":memory:"))  # the tables a new store has, no more, no less
    # and each package reads its rows back as before
    assert store.get(ARTICLE.id) == ARTICLE
    assert store.state(ARTICLE.id) == {"read": True, "bookmarked": True}
    assert store.index_diff() == ([], []) and store.file_signature("seeds", "old.txt") == "123:456"
    assert EntityCache(store.db).get(ARTICLE.id, ARTICLE.content_hash, "rules") == MENTIONS
    assert coverage(store.db) == (1, 1)
    [event] = EventIndex(store.db).events()  # the same version: kept, not grouped again
    assert (event.id, event.title, event.article_ids) == ("eold", "Ferries return", (ARTICLE.id,))
    assert feed_state.feed_states(store).keys() == {FEED}
    assert feed_state.counts(store) == {FEED: (0, 1)}
    store.close()


def test_a_store_indexed_before_entities_events_and_feeds_gains_their_tables(tmp_path):
    path = tmp_path / "store.sqlite"
    old_store(path, everything=False)
    before = contents(sqlite3.connect(path))
    store = ArticleStore(path)
    after = contents(store.db)
    assert {t: after[t] for t in before} == before
    assert {"entity_mentions", "entity_terms", "events", "event_postings", "feed_entries"} <= after.keys()
    assert schema(store.db) == schema(connect(":memory:"))
    store.close()


def test_an_old_store_opened_read_only_is_read_as_it_is(tmp_path):
    path = tmp_path / "store.sqlite"
    old_store(path, everything=False)
    data = path.read_bytes()
    store = ArticleStore(path, readonly=True)
    assert store.get(ARTICLE.id) == ARTICLE and store.count() == 1
    assert migrations.applied(store.db) == {}
    # what the packages above read of tables it lacks is empty, as before
    assert EntityCache(store.db).get(ARTICLE.id, ARTICLE.content_hash, "rules") is None
    assert feed_state.feed_states(store) == {} and feed_state.counts(store) == {}
    store.close()
    assert path.read_bytes() == data
