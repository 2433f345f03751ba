"""The PostgreSQL test fixture itself: each test gets a database of its own, empty."""

from __future__ import annotations

import psycopg
import pytest

from tests import pg_server


def test_a_test_database_is_fresh_and_writable(pg_dsn):
    with psycopg.connect(pg_dsn) as conn:
        assert conn.execute("SELECT current_database()").fetchone()[0].startswith("t_")
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0] == 0
        conn.execute("CREATE TABLE left_behind (a int)")


def test_the_next_database_does_not_see_the_last_ones_tables(pg_dsn):
    with psycopg.connect(pg_dsn) as conn:
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE tablename = 'left_behind'").fetchone()[0] == 0


def test_a_stopped_server_leaves_no_folder_and_no_process():
    if pg_server.unavailable_reason():
        pytest.skip(pg_server.unavailable_reason())
    server = pg_server.PgServer().start()
    pid = server._postmaster_pid()
    assert pid and pg_server._alive(pid)
    server.stop()
    assert not server.root.exists()
    assert not pg_server._alive(pid)
