"""A store read from a PostgreSQL standby (streaming replication of the tests' server): reading,
listing and searching work as on the primary; a write is refused in one line; a standby of a
primary that no client has migrated yet is read as it is. The same for a database whose sessions
may only read (default_transaction_read_only)."""

from __future__ import annotations

import json
import time
from urllib.parse import urlsplit, urlunsplit

import pytest

from reader.cli.commands import main
from reader.core.config import Config
from reader.core.library import Library
from reader.core.store.articles import ArticleStore
from reader.core.store.errors import StoreError
from reader.core.store.lock import IndexBusy
from tests.conftest import SEEDS as SEEDS_DIR


@pytest.fixture(scope="module")
def standby(pg_server):
    if not (pg_server.bindir / "pg_basebackup").is_file():
        pytest.skip("no pg_basebackup beside the server binaries")
    replica = pg_server.standby()
    yield replica
    replica.stop()


def _caught_up(primary_dsn: str, replica_dsn: str, timeout: float = 30.0) -> None:
    import psycopg

    with psycopg.connect(primary_dsn, autocommit=True) as primary:
        lsn = primary.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
    deadline = time.monotonic() + timeout
    # Wait on the standby's maintenance database: the test's own database may not have been
    # replayed there yet, and connecting to it before it has is refused ("does not exist").
    with psycopg.connect(urlunsplit(urlsplit(replica_dsn)._replace(path="/postgres")), autocommit=True) as replica:
        while not replica.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (lsn,)).fetchone()[0]:
            assert time.monotonic() < deadline, "the standby did not catch up"
            time.sleep(0.05)


def _on(server, dsn: str) -> str:
    """The same database's URL on another server of the tests (the standby)."""
    return server.dsn(_name(dsn))


def _name(dsn: str) -> str:
    return urlsplit(dsn).path.lstrip("/")


def _cli(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_standby_reads_lists_and_searches_and_refuses_a_write_in_one_line(pg_dsn, standby, tmp_path, capsys):
    with Library(tmp_path / "primary", Config(store=pg_dsn)) as lib:
        lib.index_paths([SEEDS_DIR])
        first = lib.store.listing()[0]["id"]
        lib.store.set_state([first], bookmarked=True)
    url = _on(standby, pg_dsn)
    _caught_up(pg_dsn, url)

    for command in (["list", "--json"], ["search", "government", "--json"], ["show", first, "--json"], ["info", "--json"]):
        on_primary = _cli(capsys, "--store", pg_dsn, "--index", str(tmp_path / "a"), *command)
        on_standby = _cli(capsys, "--store", url, "--index", str(tmp_path / "b"), *command)
        assert on_standby[0] == 0 and on_standby[2] == "", (command, on_standby)
        if command[0] != "info":  # info names the index folder
            assert json.loads(on_standby[1]) == json.loads(on_primary[1])

    for command in (["mark", first, "--read"], ["searches", "add", "gov", "government"], ["index", str(SEEDS_DIR)]):
        code, out, err = _cli(capsys, "--store", url, "--index", str(tmp_path / "b"), *command)
        assert code == 1 and err.count("\n") == 1 and "read-only" in err and "Traceback" not in err, (command, err)

    store = ArticleStore(url)
    try:
        assert store.state(first) == {"read": False, "bookmarked": True}
        with pytest.raises(StoreError, match="read-only"):
            store.set_state([first], read=True)
        with pytest.raises(IndexBusy, match="read-only"):
            store.write_lock(tmp_path / "c").__enter__()
        assert store.count() == len(store.listing())  # the connection still reads after the refusal
    finally:
        store.close()


def test_a_standby_of_a_primary_not_migrated_yet_is_read_as_it_is(pg_dsn, standby):
    import psycopg

    primary = ArticleStore(pg_dsn)
    with primary.transaction() as db:
        db.execute("INSERT INTO articles(id, origin, root, relpath, title, source, paragraphs, words, hash)"
                   " VALUES('a1', 'o', '', '', 'Title', 'Wire', '[\"Text.\"]', 1, 'h')")
    primary.close()
    with psycopg.connect(pg_dsn, autocommit=True) as conn:  # as if this client's newest migration were new
        newest = conn.execute("SELECT name FROM migrations ORDER BY applied_at DESC, name DESC LIMIT 1").fetchone()[0]
        conn.execute("DELETE FROM migrations WHERE name = %s", (newest,))
    url = _on(standby, pg_dsn)
    _caught_up(pg_dsn, url)
    store = ArticleStore(url)  # before: "cannot execute CREATE TABLE in a read-only transaction"
    try:
        assert store.count() == 1 and store.get("a1").title == "Title"
    finally:
        store.close()
    again = ArticleStore(pg_dsn)  # the primary's next client applies it
    try:
        assert again.db.execute("SELECT count(*) FROM migrations WHERE name = ?", (newest,)).fetchone()[0] == 1
    finally:
        again.close()


def test_a_database_that_may_only_be_read_reads_and_refuses_in_one_line(pg_dsn):
    import psycopg

    store = ArticleStore(pg_dsn)
    store.set_state(["x1"], read=True)
    store.close()
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{_name(pg_dsn)}" SET default_transaction_read_only = on')
    store = ArticleStore(pg_dsn)
    try:
        assert store.state("x1")["read"] is True
        with pytest.raises(StoreError) as caught:
            store.set_state(["x1"], read=False)
        assert "read-only" in str(caught.value) and "\n" not in str(caught.value)
        assert store.state("x1")["read"] is True
    finally:
        store.close()
