"""Opening the store's SQLite file: its pragmas, its schema brought up to
date, and trying again while another process is creating it."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reader.core.store import migrations, pg
from reader.core.store.errors import StoreError

OPEN_TIMEOUT = 30.0  # seconds to keep trying a store another process is creating
BUSY_TIMEOUT = 30.0  # seconds SQLite waits on another connection's lock
# Pages of write-ahead log between two copies of it into the file while a folder is stored: SQLite's
# 1,000 (4 MB) made 17 copies of the corpora tier's 65 MB, each syncing both files.
BULK_CHECKPOINT = 4000


def connect(path: Path | str, readonly: bool = False, user: str | None = None) -> sqlite3.Connection:
    """A connection to the store at path with every migration applied.

    path may be a postgresql:// URL: the store on a server (pg.py), whose
    connection takes the same calls; user is whose reader state it shows.

    readonly opens the file as it is (a read-only file system, another
    user's store): nothing is written, the schema is only checked, and the
    packages reading tables an older store lacks treat them as empty. A
    store that cannot be opened for writing (a read-only file system, a full
    disk) is opened so, by itself: reading still works."""
    if pg.is_url(path):
        return pg.connect(str(path), user, readonly)  # type: ignore[return-value]  # sqlite3's calls, see pg.py
    path = Path(path)
    # Two processes creating the same store at once: switching to WAL
    # reports "locked" at once rather than waiting on the busy timeout,
    # so the opening is tried again for a while.
    deadline = time.monotonic() + OPEN_TIMEOUT
    while True:
        try:
            return _open(path, readonly)
        except sqlite3.OperationalError as exc:
            if not readonly and path.is_file() and _cannot_write(exc):
                return _open_for_reading(path, exc)
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise StoreError(f"the article store {path} cannot be opened ({exc})") from exc
            time.sleep(0.05)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"the article store {path} cannot be opened ({exc})") from exc


_CANNOT_WRITE = ("unable to open", "readonly", "read-only", "disk i/o error", "disk is full", "database or disk is full")


def cannot_write(exc: sqlite3.Error) -> bool:
    """Whether a failed statement failed because the store cannot be written
    (a read-only file system or store, a full disk)."""
    return any(part in str(exc).lower() for part in _CANNOT_WRITE)


_cannot_write = cannot_write


def _open_for_reading(path: Path, why: sqlite3.OperationalError) -> sqlite3.Connection:
    """An existing store on a read-only file system or a full disk: reading
    must still work. Read-only first; if even that needs files SQLite cannot
    make (a WAL store's -shm beside it), as an immutable file, which SQLite
    reads without locks or side files: nothing can write there anyway. A
    write then fails with SQLite's own read-only error."""
    try:
        return _open(path, True)
    except sqlite3.OperationalError:
        pass
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True, check_same_thread=False)
        try:
            migrations.migrate(db, readonly=True)
        except BaseException:
            db.close()
            raise
        return db
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"the article store {path} cannot be opened ({why}; read-only too: {exc})") from exc


def _open(path: Path, readonly: bool) -> sqlite3.Connection:
    if readonly:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT, check_same_thread=False)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT, check_same_thread=False)
    try:
        if not readonly:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
        migrations.migrate(db, readonly=readonly)
    except BaseException:
        db.close()
        raise
    return db


@contextmanager
def fewer_checkpoints(db) -> Iterator[None]:
    """While inside, db copies its write-ahead log into the file every BULK_CHECKPOINT pages rather
    than every 1,000 (many batches written, a folder stored): fewer syncs, the same commits, each
    as durable as before (synchronous=NORMAL syncs at a checkpoint). A store on a server: as it is."""
    if not isinstance(db, sqlite3.Connection):
        yield
        return
    before = db.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    db.execute(f"PRAGMA wal_autocheckpoint={max(before, BULK_CHECKPOINT)}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA wal_autocheckpoint={before}")
