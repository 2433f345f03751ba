"""Subscriptions kept in the store when the store is on a server.

A folder index follows the feeds in feeds.toml (subscriptions.py), a file of
one person's. A store on a PostgreSQL server is a team's: one scheduled
fetcher and many readers on many machines, who must all see the same feeds,
so there they are rows of the server's `feed_subscriptions` table (made by
the server's migrations, reader/core/store/pg_schema.py), beside the feeds'
fetch state. They are shared, not per user, as the articles are.

subscriptions_for(store) is the one place that chooses; both kinds answer
the same calls (list, find, add, add_many, remove, the OPML and feeds.toml
imports, export_opml).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from reader.core.feeds.subscriptions import Feed, FeedError, Subscriptions, check_new, merge_new, normalise_url
from reader.core.text.clean import clean_inline

TABLE = "feed_subscriptions"
LOCK_KEY = 0x66656564  # "feed": changes to the subscriptions are one at a time, so a name stays unique


def subscriptions_for(store) -> Subscriptions:
    """The subscriptions of the library whose store is store: the server's on a server, else feeds.toml."""
    if getattr(store, "on_server", False):
        return ServerSubscriptions(store)
    return Subscriptions()


class ServerSubscriptions(Subscriptions):
    """The feeds of a store on a server. Each call reads the table afresh (another client may
    have changed it); each change is one transaction, under an advisory lock."""

    def __init__(self, store):
        self.store = store
        self.path = None  # no file: the JSON of the CLI says the store instead

    @property
    def where(self) -> str:
        return f"the store on {self.store.where}"

    def _present(self, db) -> bool:
        # a read-only client of a database not migrated yet: no subscriptions, not an error
        return db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (TABLE,)).fetchone() is not None

    def _rows(self, db) -> list[Feed]:
        if not self._present(db):
            return []
        rows = db.execute(f"SELECT url, name FROM {TABLE} ORDER BY position, url").fetchall()
        return [Feed(url, name) for url, name in rows]

    def list(self) -> list[Feed]:
        return self._rows(self.store.db)

    @contextmanager
    def _changing(self) -> Iterator:
        """The transaction a change runs in, the lock taken first; yields its connection."""
        if self.store.readonly:
            raise FeedError(f"{self.where} is open read-only: its subscriptions cannot change")
        with self.store.transaction() as db:
            db.begin()
            db.execute("SELECT pg_advisory_xact_lock(?)", (LOCK_KEY,))
            if not self._present(db):
                raise FeedError(f"{self.where} has no subscriptions table: open it once read-write to migrate it")
            yield db

    def _insert(self, db, feeds: list[Feed]) -> None:
        start = db.execute(f"SELECT COALESCE(MAX(position), 0) FROM {TABLE}").fetchone()[0]
        db.executemany(f"INSERT INTO {TABLE}(url, name, position) VALUES(?, ?, ?)",
                       [(f.url, f.name, start + n) for n, f in enumerate(feeds, 1)])

    def add(self, url: str, name: str | None = None) -> Feed:
        url = normalise_url(url)
        name = clean_inline(name or "")
        with self._changing() as db:
            check_new(self._rows(db), url, name)
            feed = Feed(url, name)
            self._insert(db, [feed])
        return feed

    def add_many(self, feeds: list[Feed]) -> tuple[list[Feed], list[Feed]]:
        with self._changing() as db:
            added, existing = merge_new(self._rows(db), feeds)
            if added:
                self._insert(db, added)
        return added, existing

    def remove(self, url_or_name: str) -> Feed:
        feed = self.find(url_or_name)
        with self._changing() as db:
            db.execute(f"DELETE FROM {TABLE} WHERE url=?", (feed.url,))
        return feed
