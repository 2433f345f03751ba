"""Two processes creating one store at once: SQLite can answer "database is
locked" at once (switching to WAL, or two writers upgrading their locks)
without waiting on the busy timeout. The store tries again for a while
instead of failing the second `newsreader index`, and the migrations are
applied once, by whichever process takes the write lock first."""

from __future__ import annotations

import multiprocessing
import sqlite3

import pytest

from reader.core.store import connection, migrations
from reader.core.store.articles import ArticleStore, StoreError


def test_a_store_locked_while_another_process_creates_it_is_opened(tmp_path, monkeypatch):
    calls = []
    migrate = migrations.migrate

    def busy_twice(db, readonly=False):
        calls.append(1)
        if len(calls) <= 2:
            raise sqlite3.OperationalError("database is locked")
        return migrate(db, readonly)

    monkeypatch.setattr(migrations, "migrate", busy_twice)
    store = ArticleStore(tmp_path / "store.sqlite")
    assert len(calls) == 3 and store.count() == 0
    store.db.close()


def test_a_store_that_stays_locked_gives_up_with_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(connection, "OPEN_TIMEOUT", 0.2)

    def always_busy(db, readonly=False):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(migrations, "migrate", always_busy)
    with pytest.raises(StoreError, match="cannot be opened .database is locked."):
        ArticleStore(tmp_path / "store.sqlite")


def _open_at_once(path: str, start, results) -> None:
    start.wait()
    try:
        store = ArticleStore(path)
        results.put(("ok", store.count()))
        store.close()
    except Exception as exc:  # reported to the test rather than lost in the child
        results.put(("error", repr(exc)))


@pytest.mark.parametrize("round_", range(3))
def test_processes_creating_one_store_at_once_all_open_it_and_migrate_it_once(tmp_path, round_):
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Event(), ctx.Queue()
    path = str(tmp_path / "store.sqlite")
    procs = [ctx.Process(target=_open_at_once, args=(path, start, results)) for _ in range(4)]
    for p in procs:
        p.start()
    start.set()
    outcomes = [results.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert outcomes == [("ok", 0)] * 4
    db = sqlite3.connect(path)
    rows = db.execute("SELECT name FROM migrations ORDER BY rowid").fetchall()
    assert [r[0] for r in rows] == [m.name for m in migrations.MIGRATIONS]
    db.close()
