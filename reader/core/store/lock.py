"""One writer at a time per index directory, across processes."""

from __future__ import annotations

import errno
import fcntl
import os
import time
from pathlib import Path

POLL = 0.05  # seconds between tries of a lock another writer holds


class IndexBusy(RuntimeError):
    pass


class WriteLock:
    """An advisory lock on <index>/write.lock. The kernel drops it when the
    holder dies, so a killed indexing run never leaves a stale lock.

    Fair across processes: a writer first takes <index>/write.turn (a turnstile),
    then write.lock, and lets the turnstile go at once. One who waits holds the
    turnstile while it waits, so a holder that lets write.lock go and takes it
    back (the entity extraction, a batch at a time) meets the turnstile and waits
    in its turn: the waiter gets write.lock before the holder's next batch. Both
    are flocks, dropped by the kernel with their holder (a kill -9 while waiting
    leaves no stale turnstile either). Polled rather than a blocking flock, whose
    wait cannot be given a timeout without a signal (the main thread's alone) or a
    thread left blocked in the kernel."""

    def __init__(self, directory: Path, timeout: float = 10.0):
        self.path = Path(directory) / "write.lock"
        self.turn = Path(directory) / "write.turn"
        self.timeout = timeout
        self._fd: int | None = None

    def __enter__(self) -> "WriteLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.timeout
        turn = os.open(self.turn, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            self._take(turn, deadline)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                self._take(fd, deadline)
            except BaseException:
                os.close(fd)
                raise
        finally:
            os.close(turn)  # the turnstile goes with its only descriptor
        self._fd = fd
        return self

    def _take(self, fd: int, deadline: float) -> None:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise IndexBusy(
                        f"the index {self.path.parent} is busy: another newsreader process is writing to it"
                        f" (waited {self.timeout:g} s)"
                    ) from None
                time.sleep(POLL)

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


class ServerLock:
    """The write lock of a store on a PostgreSQL server: a session advisory
    lock, so that two writers on any machines take turns (the server drops
    it when the holder's connection goes, as the kernel drops a flock)."""

    KEY = 0x6E657772  # "newr"; the migrations' lock is another key

    def __init__(self, db, where: str, timeout: float = 10.0):
        self.db = db
        self.where = where
        self.timeout = timeout
        self._held = False

    def __enter__(self) -> "ServerLock":
        if getattr(self.db, "read_only_server", False):  # a standby: as a busy store, reads answer from what is there
            raise IndexBusy(f"the store {self.where} is read-only (a standby server): nothing can be written there")
        deadline = time.monotonic() + self.timeout
        while not self.db.execute("SELECT pg_try_advisory_lock(?)", (self.KEY,)).fetchone()[0]:
            if time.monotonic() >= deadline:
                raise IndexBusy(
                    f"the store {self.where} is busy: another newsreader process is writing to it"
                    f" (waited {self.timeout:g} s)"
                )
            time.sleep(0.1)
        self._held = True
        return self

    def __exit__(self, *exc) -> None:
        if self._held:
            self._held = False
            try:
                self.db.execute("SELECT pg_advisory_unlock(?)", (self.KEY,))
            except Exception:  # noqa: BLE001 - a lost connection has released it already
                pass


def for_store(store, directory: Path, timeout: float = 10.0):
    """The write lock of store: the index folder's lock file, or the server's advisory lock (the
    folder is made all the same: a local engine writes there under it)."""
    if store.url is None:
        return WriteLock(directory, timeout)
    Path(directory).mkdir(parents=True, exist_ok=True)
    return ServerLock(store.db, store.where, timeout)
