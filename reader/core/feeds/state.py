"""What fetching remembers between runs, in the article store's SQLite.

This is not configuration (that is feeds.toml) but the HTTP state of each
feed (validators for conditional requests, the last status and error) and
which entry of which feed became which article, with a digest of the entry
as the feed last gave it, so that an unchanged entry is not fetched again and
a changed one updates its article. The tables are made by the store's
migrations (reader/core/store/migrations.py); a read-only store made before
them reads as having no feed state.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone


@dataclass
class FeedState:
    url: str
    etag: str | None = None
    last_modified: str | None = None
    title: str = ""
    last_status: int | None = None
    last_error: str = ""
    last_fetched: str | None = None
    last_ok: str | None = None

    def as_dict(self) -> dict:
        return {
            "title": self.title or None,
            "last_status": self.last_status,
            "last_error": self.last_error or None,
            "last_fetched": self.last_fetched,
            "last_ok": self.last_ok,
        }


@dataclass(frozen=True)
class EntryState:
    article_id: str
    digest: str
    fulltext: str  # "" (not needed), "ok", "failed"
    attempts: int


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _has_tables(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='feed_entries'").fetchone() is not None


def feed_states(store) -> dict[str, FeedState]:
    if not _has_tables(store.db):
        return {}
    rows = store.db.execute(
        "SELECT url, etag, last_modified, title, last_status, last_error, last_fetched, last_ok FROM feed_state"
    ).fetchall()
    return {r[0]: FeedState(*r) for r in rows}


def entries(store, feed_url: str) -> dict[str, EntryState]:
    if not _has_tables(store.db):
        return {}
    rows = store.db.execute(
        "SELECT entry_key, article_id, digest, fulltext, attempts FROM feed_entries WHERE feed_url=?", (feed_url,)
    ).fetchall()
    return {r[0]: EntryState(r[1], r[2], r[3], r[4]) for r in rows}


def save_feed(db: sqlite3.Connection, state: FeedState) -> None:
    db.execute(
        "INSERT OR REPLACE INTO feed_state(url, etag, last_modified, title, last_status, last_error,"
        " last_fetched, last_ok) VALUES(?,?,?,?,?,?,?,?)",
        (state.url, state.etag, state.last_modified, state.title, state.last_status,
         state.last_error, state.last_fetched, state.last_ok),
    )


def save_entry(db: sqlite3.Connection, feed_url: str, key: str, entry: EntryState) -> None:
    db.execute(
        "INSERT OR REPLACE INTO feed_entries(feed_url, entry_key, article_id, digest, fulltext, attempts, seen_at)"
        " VALUES(?,?,?,?,?,?,?)",
        (feed_url, key, entry.article_id, entry.digest, entry.fulltext, entry.attempts, now()),
    )


def counts(store) -> dict[str, tuple[int, int]]:
    """feed url -> (unread, total) over the stored articles its entries became."""
    if not _has_tables(store.db):
        return {}
    rows = store.db.execute(
        "SELECT e.feed_url, count(DISTINCT a.id),"
        " count(DISTINCT CASE WHEN coalesce(s.read, 0) = 0 THEN a.id END)"
        " FROM feed_entries e JOIN articles a ON a.id = e.article_id"
        " LEFT JOIN reader_state s ON s.id = a.id GROUP BY e.feed_url"
    ).fetchall()
    return {url: (unread, total) for url, total, unread in rows}
