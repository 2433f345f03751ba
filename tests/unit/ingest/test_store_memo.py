"""What the store remembers under the write lock (store/memo.py) follows its own writes: an article
moved to another file is under that file only, one deleted under none, and the order of a file's
ids is the order they were stored in."""

from __future__ import annotations

import sqlite3

from reader.core.store.memo import Memo


def _db() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE articles (id TEXT PRIMARY KEY, root TEXT, relpath TEXT, hash TEXT)")
    db.executemany("INSERT INTO articles VALUES (?,?,?,?)",
                   [("a", "/r", "one.jsonl", "h1"), ("b", "/r", "one.jsonl", "h2"), ("c", "/r", "two.txt", "h3")])
    return db


def test_moves_deletes_and_order_follow_the_writes():
    db, memo = _db(), Memo()
    assert list(memo.ids(db, "/r", "one.jsonl")) == ["a", "b"]
    memo.stored("b", "/r", "two.txt", "h2b", moved=True)
    memo.stored("d", "/r", "one.jsonl", "h4")
    memo.stored("d", "/r", "one.jsonl", "h4")  # stored again: once
    assert list(memo.ids(db, "/r", "one.jsonl")) == ["a", "d"]
    assert list(memo.ids(db, "/r", "two.txt")) == ["c", "b"]
    assert memo.known_hash("b") == "h2b"
    memo.deleted(["a", "c", "nowhere"])
    assert list(memo.ids(db, "/r", "one.jsonl")) == ["d"]
    assert list(memo.ids(db, "/r", "two.txt")) == ["b"]
    assert memo.known_hash("a") is None and memo.hash_of(db, "d") == ("h4",)
