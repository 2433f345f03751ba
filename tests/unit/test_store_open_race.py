"""Two processes creating one store at once: SQLite can answer "database is
locked" at once (switching to WAL, or two writers upgrading their locks)
without waiting on the busy timeout. The store tries again for a while
instead of failing the second `newsreader index`."""

from __future__ import annotations

import sqlite3

import pytest

from reader.core.store import articles as store_mod
from reader.core.store.articles import ArticleStore, StoreError


def test_a_store_locked_while_another_process_creates_it_is_opened(tmp_path, monkeypatch):
    calls = []
    migrate = ArticleStore._migrate

    def busy_twice(self):
        calls.append(1)
        if len(calls) <= 2:
            raise sqlite3.OperationalError("database is locked")
        return migrate(self)

    monkeypatch.setattr(ArticleStore, "_migrate", busy_twice)
    store = ArticleStore(tmp_path / "store.sqlite")
    assert len(calls) == 3 and store.count() == 0
    store.db.close()


def test_a_store_that_stays_locked_gives_up_with_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(store_mod, "OPEN_TIMEOUT", 0.2)

    def always_busy(self):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(ArticleStore, "_migrate", always_busy)
    with pytest.raises(StoreError, match="cannot be opened .database is locked."):
        ArticleStore(tmp_path / "store.sqlite")
