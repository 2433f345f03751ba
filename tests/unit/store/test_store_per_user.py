"""Per-user data on a server (issue 18): saved searches are each user's, as the read marks are,
while a folder's store keeps one list; a server database made when saved searches were shared
gives them to the user who migrates it; store copy takes every table the migrations make, or
says why the destination makes it itself."""

from __future__ import annotations

import pytest

from reader.core.search.saved import SavedSearchError, SavedSearches
from reader.core.store import copy as store_copy
from reader.core.store import pg_schema
from reader.core.store.articles import ArticleStore
from reader.core.store.copy import copy_store


def _searches(store: ArticleStore) -> SavedSearches:
    return SavedSearches(store.db, {}, lambda query: [])


def _names(store: ArticleStore) -> list[str]:
    return [s.name for s in _searches(store).list()]


def test_saved_searches_are_per_user_on_a_server(pg_dsn):
    ann, ben = ArticleStore(pg_dsn, user="ann"), ArticleStore(pg_dsn, user="ben")
    try:
        _searches(ann).add("China", "china")
        _searches(ben).add("China", "china AND trade")  # the same name: another user's own
        _searches(ben).add("Votes", "vote")
        assert _names(ann) == ["China"] and _names(ben) == ["China", "Votes"]
        assert _searches(ben).find("china").query == "china AND trade"
        with pytest.raises(SavedSearchError, match="already named"):
            _searches(ann).add("china", "other")
        _searches(ben).remove("China")
        assert _names(ann) == ["China"] and _names(ben) == ["Votes"]
        rows = ann.db.execute("SELECT user_name, name FROM saved_searches_by_user ORDER BY user_name, name").fetchall()
        assert rows == [("ann", "China"), ("ben", "Votes")]
    finally:
        ann.close()
        ben.close()


def test_saved_searches_in_a_folder_are_one_list(tmp_path):
    one, two = ArticleStore(tmp_path / "store.sqlite", user="ann"), ArticleStore(tmp_path / "store.sqlite", user="ben")
    try:
        _searches(one).add("China", "china")
        assert _names(two) == ["China"]
    finally:
        one.close()
        two.close()


def test_a_database_with_shared_saved_searches_gives_them_to_the_user_who_migrates(pg_dsn):
    import psycopg  # optional dependency: pg_dsn has skipped the test without it

    ArticleStore(pg_dsn, user="ann").close()
    with psycopg.connect(pg_dsn, autocommit=True) as admin:  # back to the shared table migration 0008 made
        admin.execute("DROP VIEW saved_searches")
        admin.execute("DROP TABLE saved_searches_by_user")
        admin.execute("CREATE TABLE saved_searches (name TEXT PRIMARY KEY, query TEXT NOT NULL, created_at TEXT NOT NULL)")
        admin.execute("INSERT INTO saved_searches VALUES ('Old', 'old', '2026-01-01T00:00:00Z')")
        admin.execute("DELETE FROM migrations WHERE name = 'pg_0002_saved_searches_per_user'")
    carol, dave = ArticleStore(pg_dsn, user="carol"), ArticleStore(pg_dsn, user="dave")
    try:
        assert _names(carol) == ["Old"] and _names(dave) == []
        _searches(dave).add("Old", "older")
        assert _searches(carol).find("Old").query == "old"
    finally:
        carol.close()
        dave.close()


def test_store_copy_takes_saved_searches_and_versions_per_user(tmp_path, pg_dsn):
    folder = ArticleStore(tmp_path / "store.sqlite")
    _searches(folder).add("China", "china")
    with folder.transaction() as db:
        db.execute("INSERT INTO article_versions(article_id, number, title, origin, url, words, seen_at, replaced_at,"
                   " was_read, codec, body) VALUES('a1', 1, 'One', 'o', 'u', 2, 's', 'r', 1, 'plain', ?)", (b"x",))
    erin = ArticleStore(pg_dsn, user="erin")
    try:
        counts = copy_store(folder, erin)
        assert counts["saved_searches"] == 1 and counts["article_versions"] == 1
        assert _names(erin) == ["China"]
        other = ArticleStore(pg_dsn, user="fay")
        assert _names(other) == []
        other.close()
        back = ArticleStore(tmp_path / "back.sqlite")
        copy_store(erin, back)
        assert _names(back) == ["China"]
        row = back.db.execute("SELECT article_id, number, title, was_read, body FROM article_versions").fetchone()
        assert tuple(row) == ("a1", 1, "One", 1, b"x")
        back.close()
    finally:
        folder.close()
        erin.close()


def _tables(db) -> set[str]:
    rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {r[0] for r in rows}


def _server_tables(store: ArticleStore) -> set[str]:
    rows = store.db.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
    return {r[0] for r in rows.fetchall()}


def _columns(store: ArticleStore, table: str) -> set[str]:
    return {r[1] for r in store.db.execute(f"PRAGMA table_info({table})").fetchall()}


def test_every_table_the_migrations_make_is_copied_or_made_at_the_destination(tmp_path, pg_dsn):
    copied = {table for table, _ in store_copy.TABLES}
    assert not copied & set(store_copy.NOT_COPIED)
    folder = ArticleStore(tmp_path / "store.sqlite")
    try:
        made = _tables(folder.db)
        assert made - copied - set(store_copy.NOT_COPIED) == set(), "a table store copy neither copies nor makes"
        for table, columns in store_copy.TABLES:  # every column copied, as the migrations make it
            assert set(columns) == _columns(folder, table), table
    finally:
        folder.close()
    server = ArticleStore(pg_dsn)
    try:
        behind_views = {base for base, _ in pg_schema.PER_USER.values()}
        left = _server_tables(server) - copied - set(store_copy.NOT_COPIED) - behind_views
        assert left == set(), "a table on the server store copy neither copies nor makes"
    finally:
        server.close()
