"""The article store on both backends: the index folder's SQLite file and a PostgreSQL server (a
throwaway one, tests/pg_server.py). The same calls, the same answers; then what only a server
has: reader state per user, two writers at once, a connection dropped mid-batch, migrations
raced by clients connecting to a new database together."""

from __future__ import annotations

import dataclasses
import threading

import pytest

from reader.core.config import Config
from reader.core.library import Library
from reader.core.store import pg_schema, versions
from reader.core.store.articles import ArticleStore
from reader.core.store.errors import StoreError
from reader.core.store.lock import IndexBusy
from tests.factories import make_article


@pytest.fixture(params=["folder", "postgresql"])
def location(request, tmp_path):
    if request.param == "folder":
        return tmp_path / "store.sqlite"
    return request.getfixturevalue("pg_dsn")


@pytest.fixture
def store(location):
    s = ArticleStore(location)
    yield s
    s.close()


def put(store: ArticleStore, *articles) -> list[str]:
    with store.transaction() as db:
        return [store.upsert(db, a) for a in articles]


def test_articles_in_and_out(store):
    assert put(store, *(make_article(i) for i in range(1, 6))) == ["added"] * 5
    assert put(store, make_article(3)) == ["unchanged"]
    assert put(store, make_article(3, "Ferries sailed again.")) == ["updated"]
    assert store.count() == 5
    assert store.get("id0003").text_paragraphs == ("Ferries sailed again.",)
    assert store.resolve("id000") == [f"id000{i}" for i in range(1, 6)]
    assert [a.id for a in store.iter_articles(batch=2)] == [f"id000{i}" for i in range(1, 6)]
    assert store.get_many(["id0001", "id0009"]).keys() == {"id0001"}
    with store.transaction() as db:
        store.delete(db, ["id0005"])
    assert store.count() == 4 and store.get("id0005") is None


def test_listing_order_filters_and_tally(store):
    put(store, make_article("b", "x", title="beta", source="Wire"), make_article("a", "x", title="Alpha", source="wire"),
        make_article("c", "x", title="gamma", source="Other"))
    assert [r["title"] for r in store.listing(order="title", descending=False)] == ["Alpha", "beta", "gamma"]
    store.set_state(["a"], read=True)
    store.set_state(["c"], bookmarked=True)
    assert store.state("a") == {"read": True, "bookmarked": False}
    assert [r["id"] for r in store.listing(unread_only=True, order="title", descending=False)] == ["b", "c"]
    assert [r["id"] for r in store.listing(bookmarked_only=True)] == ["c"]
    assert store.tally() == (3, 2)
    assert store.tally(source="WIRE") == (2, 1)  # one source whatever its case
    assert sorted(store.sources()) == [("Other", 1), ("wire", 2)] or sorted(store.sources()) == [("Other", 1), ("Wire", 2)]


def test_one_spelling_per_source(store):
    put(store, make_article("a", "x", source="fox news"))
    put(store, make_article("b", "x", source="Fox News"))
    assert {store.get(i).source for i in "ab"} == {"Fox News"}
    assert store.ids_with_source("FOX NEWS") == ["a", "b"]
    with store.transaction() as db:
        store.set_source(db, "id:a", "FOX")
    assert store.spelling(store.db, "fox") == "FOX"


def test_file_signatures_and_what_the_index_holds(store):
    put(store, make_article(1), make_article(2))
    with store.transaction() as db:
        store.set_file_signature(db, "/r", "a.txt", "s1")
        store.set_file_signature(db, "/r", "a.txt", "s2")
    assert store.file_signature("/r", "a.txt") == "s2" and store.files_under("/r") == ["a.txt"]
    stale, gone = store.index_diff()
    assert (stale, gone) == (["id0001", "id0002"], [])
    store.mark_indexed(["id0001", "id0002"], [])
    store.mark_indexed(["id0001"], [])  # again: replaced, not doubled
    assert store.index_diff() == ([], []) and store.indexed_count() == 2
    put(store, make_article(2, "Changed."))
    assert store.index_diff() == (["id0002"], [])


def test_the_index_diff_is_in_one_order_on_both(store):
    """Stale articles as they came in, then by id; removed ones by id: the same on either backend
    (the server keeps no insertion order, so an order not asked for was the plan's)."""
    put(store, *[make_article(n) for n in (5, 3, 9, 1, 7)])
    with store.transaction() as db:
        db.execute("UPDATE articles SET added_at = '2001-01-01T00:00:00Z' WHERE id = 'id0009'")
    assert store.index_diff() == (["id0009", "id0001", "id0003", "id0005", "id0007"], [])
    store.mark_indexed(["id0009", "id0001", "id0003", "id0005", "id0007"], [])
    with store.transaction() as db:
        db.execute("DELETE FROM articles WHERE id IN ('id0007', 'id0003', 'id0005')")
    assert store.index_diff() == ([], ["id0003", "id0005", "id0007"])


def test_versions_are_kept_on_both(store):
    put(store, make_article("v", "First wording.", title="One"))
    store.set_state(["v"], read=True)
    put(store, make_article("v", "Second wording.", title="Two"))
    current = store.get("v")
    assert versions.count(store.db, "v") == 2
    old = versions.article_at(store.db, current, 1)
    assert (old.title, old.text_paragraphs) == ("One", ("First wording.",))
    assert versions.history(store.db, current)[0].was_read is True


# --- a server only ---------------------------------------------------------------------------


def test_reader_state_is_per_user(pg_dsn):
    alice, bob = ArticleStore(pg_dsn, user="alice"), ArticleStore(pg_dsn, user="bob")
    try:
        put(alice, make_article(1), make_article(2))
        alice.set_state(["id0001"], read=True, bookmarked=True)
        bob.set_state(["id0002"], read=True)
        assert alice.state("id0001") == {"read": True, "bookmarked": True}
        assert bob.state("id0001") == {"read": False, "bookmarked": False}
        assert [r["id"] for r in bob.listing(unread_only=True)] == ["id0001"]
        assert alice.tally() == (2, 1) and bob.tally() == (2, 1)
        rows = alice.db.execute("SELECT user_name, id, read FROM reader_states ORDER BY user_name").fetchall()
        assert rows == [("alice", "id0001", 1), ("bob", "id0002", 1)]
    finally:
        alice.close()
        bob.close()


def test_migrations_raced_by_clients_connecting_at_once(pg_dsn):
    clients = 4
    start = threading.Barrier(clients)
    opened: list[ArticleStore] = []
    errors: list[BaseException] = []

    def connect() -> None:
        start.wait()
        try:
            opened.append(ArticleStore(pg_dsn))
        except BaseException as exc:  # noqa: BLE001 - the test reports whatever one client met
            errors.append(exc)

    threads = [threading.Thread(target=connect) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    try:
        assert errors == [] and len(opened) == clients
        rows = opened[0].db.execute("SELECT name, count(*) FROM migrations GROUP BY name").fetchall()
        assert sorted(rows) == sorted((m.name, 1) for m in pg_schema.all_migrations())
    finally:
        for s in opened:
            s.close()


def _server_library(pg_dsn, folder) -> Library:
    return Library(folder, dataclasses.replace(Config(), store=pg_dsn))


def test_two_writers_at_once_lose_nothing(pg_dsn, tmp_path):
    """A fetcher and a person indexing, on two machines: each adds its articles in batches,
    some articles both have; every article is there once, none lost, no error."""
    one = [make_article(i) for i in range(0, 120)]
    two = [make_article(i) for i in range(100, 220)]
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def write(articles, folder) -> None:
        try:
            with _server_library(pg_dsn, folder) as lib:
                start.wait()
                for k in range(0, len(articles), 20):
                    lib.add_articles(articles[k : k + 20], lock_timeout=60)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(arts, tmp_path / name)) for arts, name in ((one, "a"), (two, "b"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    check = ArticleStore(pg_dsn)
    try:
        assert check.count() == 220
        assert check.db.execute("SELECT count(DISTINCT id) FROM articles").fetchone()[0] == 220
    finally:
        check.close()


def _terminate(admin_dsn: str, store: ArticleStore) -> None:
    import psycopg

    with psycopg.connect(admin_dsn, autocommit=True) as admin:
        assert admin.execute("SELECT pg_terminate_backend(%s)", (store.db._conn.info.backend_pid,)).fetchone()[0]


def test_a_connection_dropped_mid_batch_loses_the_batch_whole_and_says_so(pg_dsn):
    store = ArticleStore(pg_dsn)
    try:
        put(store, make_article(1))
        with pytest.raises(StoreError) as caught:
            with store.transaction() as db:
                store.upsert(db, make_article(2))
                store.upsert(db, make_article(3))
                _terminate(pg_dsn, store)
                store.upsert(db, make_article(4))
        message = str(caught.value)
        assert "lost during a write" in message and "\n" not in message
        # the next call connects again: the first batch is there, the dropped one is not
        assert store.count() == 1
        assert put(store, make_article(2)) == ["added"]
        assert store.count() == 2
    finally:
        store.close()


def test_a_read_after_the_connection_dropped_connects_again(pg_dsn):
    store = ArticleStore(pg_dsn)
    try:
        put(store, make_article(1))
        _terminate(pg_dsn, store)
        assert store.count() == 1
    finally:
        store.close()


def test_a_write_after_the_connection_dropped_connects_again(pg_dsn):
    """A server restarted between two writes: the next write opens its transaction on a new
    connection (nothing of it was sent on the old one)."""
    store = ArticleStore(pg_dsn)
    try:
        put(store, make_article(1))
        _terminate(pg_dsn, store)
        store.set_state(["id0001"], read=True)
        assert store.state("id0001")["read"] is True
    finally:
        store.close()


def test_an_unreachable_server_is_one_line(tmp_path, capsys):
    from reader.cli.commands import main

    url = f"postgresql://nobody@/news?host={tmp_path / 'no-server-here'}"
    with pytest.raises(StoreError, match="unreachable") as caught:
        ArticleStore(url)
    assert "\n" not in str(caught.value)
    assert main(["--store", url, "list", "--json"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "unreachable" in err and "Traceback" not in err


def test_under_the_write_lock_a_rolled_back_batch_is_forgotten(store, tmp_path):
    """The store remembers what it read and wrote while it holds the lock (memo.py); a batch that
    fails is rolled back, and what it remembered of it with it: the article is added again."""
    with store.write_lock(tmp_path / "lock"):
        put(store, make_article(1))
        with pytest.raises(RuntimeError):
            with store.transaction() as db:
                store.upsert(db, make_article(2))
                store.set_file_signature(db, "/r", "b.txt", "s")
                raise RuntimeError("the batch fails")
        assert store.file_signature("/r", "b.txt") is None
        assert put(store, make_article(2), make_article(1)) == ["added", "unchanged"]
    assert store.count() == 2 and store.get("id0002") is not None


def test_under_the_write_lock_many_new_articles_are_told_from_stored_ones(store, tmp_path):
    """Past the first few, whether an article is stored is answered from the ids read at once."""
    put(store, *(make_article(i) for i in range(0, 300, 3)))
    with store.write_lock(tmp_path / "lock"):
        outcomes = put(store, *(make_article(i) for i in range(300)))
        outcomes += put(store, make_article(299, "Changed."))
    assert outcomes.count("unchanged") == 100 and outcomes.count("added") == 200 and outcomes[-1] == "updated"
    assert store.count() == 300


_WRITER = """
import sys, time
from reader.core.store.articles import ArticleStore
from tests.factories import make_article
store = ArticleStore(sys.argv[1])
with store.write_lock(sys.argv[2], timeout=30):
    with store.transaction() as db:
        store.upsert(db, make_article(1))
    with store.transaction() as db:
        store.upsert(db, make_article(2))
        db.execute("SELECT 1").fetchone()  # the insert is on the server, not committed
        print("holding", flush=True)
        time.sleep(60)
"""


def test_a_writer_killed_mid_batch_leaves_the_last_commit_and_frees_the_lock(pg_dsn, tmp_path):
    import signal
    import subprocess
    import sys

    from tests.conftest import REPO

    proc = subprocess.Popen([sys.executable, "-c", _WRITER, pg_dsn, str(tmp_path / "w")], cwd=REPO,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "holding"
        other = ArticleStore(pg_dsn)
        with pytest.raises(IndexBusy, match="busy"):
            with other.write_lock(tmp_path / "o", timeout=0.3):
                pass
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        with other.write_lock(tmp_path / "o", timeout=10):  # the server let go of the dead writer's lock
            assert put(other, make_article(3)) == ["added"]
        assert sorted(a.id for a in other.iter_articles()) == ["id0001", "id0003"]
        other.close()
    finally:
        proc.kill()
        proc.wait(10)
