"""Events read from a store that may not be written: a read-only file
system, a full disk, or a read-only connection. The stored events are then
missing, behind the articles or of another version (which a write would
clear), so the grouping is done in a private in-memory database from a copy
of what the store keeps (its features, computed at indexing, spare reading
the texts again), and nothing is written to the store. Beside another
writer the stored events are read as they are: that writer brings them up
to date, and nobody waits for it.
"""

from __future__ import annotations

import sqlite3
import weakref
from collections.abc import Callable
from contextlib import AbstractContextManager

from reader.core.events import tables
from reader.core.events.index import _VERSION, EventIndex, Progress
from reader.core.events.tables import PENDING
from reader.core.store import migrations
from reader.core.store.lock import IndexBusy


def up_to_date(store, maintaining: Callable[[], AbstractContextManager[bool]],
               write_lock: Callable[..., AbstractContextManager], progress: Progress | None = None) -> EventIndex:
    """The events of store (its db and get_many) level with its articles.
    maintaining(): the library's hold of the write lock for a read that
    keeps a derived table (True when held; a write the store refuses is
    ended there); write_lock(timeout=0): the lock itself, to tell another
    writer from a store that cannot be written."""
    index = EventIndex(store.db)
    with maintaining() as held:
        if held:
            if not _known_level(store):
                index.sync_store(store, progress)
            return index
    if _another_writer(write_lock) or _known_level(store) or not behind(index, store):
        return index
    memory = in_memory(store)
    memory.sync_store(store, progress)
    return memory


def _another_writer(write_lock: Callable[..., AbstractContextManager]) -> bool:
    try:
        with write_lock(timeout=0):
            return False
    except IndexBusy:
        return True
    except OSError:  # the lock cannot even be made: a read-only index
        return False


def behind(index: EventIndex, store) -> bool:
    """Are there articles in the store that are not in an event as they are now?"""
    if index.version != _VERSION:
        return True
    # The stamp before the reads: a commit between them then leaves it old
    # (a second look later), never recorded as seen.
    stamp = _stamp(store.db) if index.db is store.db else None
    placed = dict(index.db.execute("SELECT article_id, hash FROM event_articles WHERE event_id != ?", (PENDING,)))
    late = placed != dict(store.db.execute("SELECT id, hash FROM articles").fetchall())
    if not late and stamp is not None:
        _LEVEL[store] = stamp
    return late


# The store whose events behind() last found level, and what tells a write
# since (another connection's commit, one of this connection's changes): the
# events screen asks before it groups (to pause the entity extraction only
# for a grouping that writes), and up_to_date need not then read every
# article's hash again (a tenth of a second at 25,000 articles). SQLite only.
_LEVEL: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _stamp(db) -> tuple[int, int] | None:
    if not isinstance(db, sqlite3.Connection):
        return None
    return db.execute("PRAGMA data_version").fetchone()[0], db.total_changes


def _known_level(store) -> bool:
    """Did behind() find the store's events level, with no write since?"""
    known = _LEVEL.get(store)
    return known is not None and known == _stamp(store.db)


def in_memory(store) -> EventIndex:
    """An index in a private in-memory database holding a copy of the
    store's event tables when they are of this version (else nothing)."""
    db = sqlite3.connect(":memory:", check_same_thread=False)
    migrations.migrate(db)
    if tables.meta(store.db, "version") == _VERSION:
        with db:
            for table in tables.TABLES:
                found = store.db.execute(f"SELECT * FROM {table}").fetchall()
                if found:
                    db.executemany(f"INSERT INTO {table} VALUES({','.join('?' * len(found[0]))})", found)
    return EventIndex(db)
