"""A transaction's rows written at once on PostgreSQL (store/pg_bulk.py): which statements go so,
and that what they leave is what the same writes leave one row at a time, in the folder's SQLite
file as on the server (duplicates in one batch, a view of one user's rows, two flushes in one
transaction, a rollback, a dropped connection)."""

from __future__ import annotations

import pytest

from reader.core.store import dialect, pg, pg_bulk
from reader.core.store.articles import ArticleStore
from reader.core.store.errors import StoreError
from tests.factories import make_article

N = 3 * pg_bulk.BULK_MIN  # rows enough to go at once


def _plan(sql: str, key=("id",)):
    return pg_bulk.plan(dialect.translate(sql, lambda table: key), lambda table: key)


def test_which_statements_go_at_once():
    plain = _plan("INSERT INTO articles(id, title) VALUES(?, ?)")
    assert plain == pg_bulk.Insert("articles", ("id", "title"), "", False, ())
    ignore = _plan("INSERT OR IGNORE INTO reader_state(id) VALUES(?)", key=("user_name", "id"))
    assert (ignore.conflict, ignore.keep_last, ignore.key) == ("ON CONFLICT DO NOTHING", False, (0,))
    replace = _plan("INSERT OR REPLACE INTO files(root, relpath, signature) VALUES(?,?,?)", key=("root", "relpath"))
    assert replace.keep_last and replace.key == (0, 1) and "DO UPDATE SET signature = EXCLUDED.signature" in replace.conflict
    assert _plan("DELETE FROM articles WHERE id=?") == pg_bulk.Delete("articles", "id")
    # row by row: a value worked out on the server, an update adding to the stored value, a wider WHERE
    assert _plan("INSERT INTO t(a, b) VALUES(?, strftime('%Y-%m-%dT%H:%M:%SZ','now'))") is None
    assert _plan("INSERT INTO event_df(term, df) VALUES(?, ?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df") is None
    assert _plan("DELETE FROM files WHERE root=? AND relpath=?") is None
    assert _plan("UPDATE articles SET title=? WHERE id=?") is None


def test_rows_with_one_key_merge_as_written_one_after_another():
    replace = pg_bulk.Insert("t", ("k", "v"), "ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v", True, (0,))
    ignore = pg_bulk.Insert("t", ("k", "v"), "ON CONFLICT DO NOTHING", False, (0,))
    rows = [("a", 1), ("b", 2), ("a", 3)]
    assert sorted(pg_bulk.merged(rows, replace)) == [("a", 3), ("b", 2)]
    assert sorted(pg_bulk.merged(rows, ignore)) == [("a", 1), ("b", 2)]


@pytest.fixture(params=["folder", "postgresql"])
def store(request, tmp_path):
    location = tmp_path / "store.sqlite" if request.param == "folder" else request.getfixturevalue("pg_dsn")
    s = ArticleStore(location)
    yield s
    s.close()


def _files(store) -> list[tuple]:
    return [tuple(r) for r in store.db.execute("SELECT root, relpath, signature FROM files ORDER BY root, relpath")]


def test_an_upsert_batch_with_repeated_keys_keeps_the_last_write(store):
    with store.transaction() as db:
        for i in range(N):
            store.set_file_signature(db, "/r", f"f{i % 5}", f"sig{i}")
        store.set_file_signature(db, "/r", "gone", "x")
        store.set_file_signature(db, "/r", "gone", None)
    last = {f"f{i % 5}": f"sig{i}" for i in range(N)}
    assert _files(store) == [("/r", name, last[name]) for name in sorted(last)]


def test_two_runs_of_one_statement_in_one_transaction_write_each_row_once(store):
    with store.transaction() as db:
        for i in range(N):
            store.set_file_signature(db, "/r", f"f{i}", "one")
        assert len(store.files_under("/r")) == N  # a read between: the first run is sent
        for i in range(N):
            store.set_file_signature(db, "/r", f"g{i}", "two")
    rows = _files(store)
    assert len(rows) == 2 * N and {s for _, _, s in rows} == {"one", "two"}


def test_read_marks_through_the_users_view_at_once(store):
    ids = [f"id{i:04d}" for i in range(N)]
    store.set_state(ids, read=True)
    store.set_state(ids[:5] + ids[:5], bookmarked=True)  # ids repeated in one batch
    with store.transaction() as db:
        db.executemany("INSERT OR IGNORE INTO reader_state(id) VALUES(?)", [(i,) for i in ids + ids])
    rows = store.db.execute("SELECT id, read, bookmarked FROM reader_state ORDER BY id").fetchall()
    assert [tuple(r) for r in rows] == [(i, 1, int(n < 5)) for n, i in enumerate(ids)]
    with store.transaction() as db:  # as a store copy writes them: the last row of an id stays
        db.executemany("INSERT OR REPLACE INTO reader_state(id, read, bookmarked, changed_at) VALUES(?,?,?,?)",
                       [(i, 0, 0, "2020") for i in ids] + [(i, 1, 0, "2021") for i in ids[:3]])
    rows = store.db.execute("SELECT id, read, changed_at FROM reader_state ORDER BY id").fetchall()
    assert [tuple(r) for r in rows] == [(i, int(n < 3), "2021" if n < 3 else "2020") for n, i in enumerate(ids)]


def test_a_plain_insert_of_a_stored_key_fails_the_whole_batch(store):
    with store.transaction() as db:
        for i in range(1, N):
            store.upsert(db, make_article(i))
    with pytest.raises(Exception) as caught:
        with store.transaction() as db:
            db.executemany(
                "INSERT INTO source_names(key, display) VALUES(?,?)", [(f"s{i}", "x") for i in range(N)] + [("s0", "y")]
            )
    assert "\n" not in str(caught.value)
    assert store.db.execute("SELECT count(*) FROM source_names").fetchone()[0] == 0
    assert store.count() == N - 1


def test_after_a_rollback_the_next_batch_makes_its_temporary_table_again(store):
    with pytest.raises(RuntimeError):
        with store.transaction() as db:
            for i in range(N):
                store.set_file_signature(db, "/r", f"f{i}", "lost")
            store.files_under("/r")  # sent (the temporary table made), then rolled back
            raise RuntimeError("stop")
    with store.transaction() as db:
        for i in range(N):
            store.set_file_signature(db, "/r", f"f{i}", "kept")
    assert {s for _, _, s in _files(store)} == {"kept"} and len(_files(store)) == N


def test_deleting_many_at_once(store):
    with store.transaction() as db:
        for i in range(1, N + 1):
            store.upsert(db, make_article(i))
    with store.transaction() as db:
        store.delete(db, [f"id{i:04d}" for i in range(1, N + 1, 2)] + ["id9999"])
    assert [a.id for a in store.iter_articles()] == [f"id{i:04d}" for i in range(2, N + 1, 2)]


def test_an_update_adding_to_the_stored_value_adds_each_row(store):
    with store.transaction() as db:
        db.executemany(
            "INSERT INTO event_df(term, df) VALUES(?, ?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
            [(f"t{i % 3}", 1) for i in range(N)],
        )
    assert dict(store.db.execute("SELECT term, df FROM event_df").fetchall()) == {f"t{k}": N // 3 for k in range(3)}


def test_a_long_transaction_is_sent_as_it_goes_and_still_commits_whole(pg_dsn, monkeypatch):
    monkeypatch.setattr(pg, "FLUSH_AT", 50)
    store = ArticleStore(pg_dsn)
    try:
        with pytest.raises(RuntimeError):
            with store.transaction() as db:
                db.executemany("INSERT INTO source_names(key, display) VALUES(?,?)", [(f"s{i}", "x") for i in range(120)])
                assert len(store.db._pending) < 50  # sent already
                raise RuntimeError("stop")
        assert store.db.execute("SELECT count(*) FROM source_names").fetchone()[0] == 0
        with store.transaction() as db:
            db.executemany("INSERT INTO source_names(key, display) VALUES(?,?)", [(f"s{i}", "x") for i in range(120)])
        assert store.db.execute("SELECT count(*) FROM source_names").fetchone()[0] == 120
    finally:
        store.close()


def test_row_writes_one_at_a_time_are_sent_as_they_go_too(pg_dsn, monkeypatch):
    """upsert writes each row with execute: the cap on what is held back holds there as well."""
    monkeypatch.setattr(pg, "FLUSH_AT", 50)
    store = ArticleStore(pg_dsn)
    try:
        with store.transaction() as db:
            for i in range(120):
                db.execute("INSERT INTO source_names(key, display) VALUES(?,?)", (f"s{i}", "x"))
                assert len(store.db._pending) < 50
        assert store.db.execute("SELECT count(*) FROM source_names").fetchone()[0] == 120
    finally:
        store.close()


def test_a_connection_dropped_before_the_rows_are_copied_loses_them_all(pg_dsn, tmp_path):
    import psycopg

    store = ArticleStore(pg_dsn)
    try:
        # under the write lock nothing is read between the writes: all of them wait for the commit
        with pytest.raises(StoreError) as caught, store.write_lock(tmp_path), store.transaction() as db:
            for i in range(1, N + 1):
                store.upsert(db, make_article(i))
                store.set_file_signature(db, "/r", f"f{i}", "s")
            assert len(store.db._pending) >= 2 * N - 1
            with psycopg.connect(pg_dsn, autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (store.db._conn.info.backend_pid,))
        assert "lost during a write" in str(caught.value) and "\n" not in str(caught.value)
        assert store.count() == 0 and _files(store) == []
        with store.transaction() as db:
            for i in range(1, N + 1):
                store.upsert(db, make_article(i))
        assert store.count() == N
    finally:
        store.close()
