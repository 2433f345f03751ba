"""A write's batches between the writer and its analysis workers, moved by a thread of the writer's.

The writer used to give a waiting batch to a free worker, and send a worker's result on, only
when it was given another full batch. A build fed while the files are stored is given articles
in bursts (a file of thousands of records at once, then none while the next files are parsed and
stored), so between bursts the workers sat idle beside finished results and batches waiting, and
the store's last batch left most of the analysis still to do (19 batches of 26 waiting on the
corpora tier), before the indexes' build could begin. Here a batch put goes to a free worker at
once, and a thread takes each result as soon as it is there, sends it on (in order: the rows lie
as before) and gives the freed worker the next batch waiting.

The thread runs only while batches are in flight and ends when none are (a later put starts
another): a process that forks afterwards (the rule of ingest/pool.py: only with one thread) finds
it gone once the write is drained. The writer's connection is the thread's while it runs: the
writer drains it (drain) before it uses the connection itself.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable

from reader.core.search.postgres.workers import Workers


class Pump:
    def __init__(self, pool: Workers, send: Callable[[object], None], most: int):
        """pool: the workers; send: what is done with each result, in order (in the thread);
        most: batches kept waiting at most (past it, put waits, as the storing waited before)."""
        self.pool, self.send, self.most = pool, send, most
        self.waiting: deque = deque()
        self.error: BaseException | None = None
        self.stopped = False
        self._taking = 0  # 1 while the thread receives the oldest result (its worker is not free yet)
        self._running: threading.Thread | None = None
        self._cond = threading.Condition()

    def put(self, batch) -> None:
        with self._cond:
            while len(self.waiting) >= self.most and self.error is None and self._running is not None:
                self._cond.wait()
            self._check()
            self.waiting.append(batch)
            self._give()  # to a free worker at once, whatever the thread is waiting on
            if self._running is None:
                self._running = threading.Thread(target=self._run, name="newsreader-pg-analysis", daemon=True)
                self._running.start()
            self._cond.notify_all()

    def drain(self) -> None:
        """Wait until every batch put is sent (the thread has ended); a failure of the thread raised."""
        with self._cond:
            while self._running is not None:
                self._cond.wait()
            self._check()

    def close(self) -> None:
        """End the workers (what they hold is thrown away) and the thread."""
        with self._cond:
            self.stopped = True
            self.waiting.clear()
            running = self._running
        self.pool.close()  # a thread waiting on a worker's pipe has its end of file (or a closed pipe) at once
        if running is not None and running is not threading.current_thread():
            running.join()

    def _check(self) -> None:
        if self.error is not None:
            raise self.error
        if self.stopped:
            raise RuntimeError("this write to the search index has ended")

    def _give(self) -> None:
        """The waiting batches to the free workers (the lock held): a worker whose result is being
        received is not free yet (results are taken in order, one batch a worker at a time)."""
        pool = self.pool
        while self.waiting and not self.stopped and pool.pending() + self._taking < pool.count:
            pool.give(self.waiting.popleft())

    def _run(self) -> None:
        pool = self.pool
        try:
            while True:
                with self._cond:
                    self._give()
                    if self.stopped or not pool.pending():  # nothing in flight (so nothing waiting): done
                        self._end()  # in the same hold of the lock: a put after it starts another thread
                        return
                    self._taking = 1
                    self._cond.notify_all()  # a put waiting for room may go on
                result = pool.take()  # outside the lock: put goes on (and gives to a free worker) meanwhile
                with self._cond:
                    self._taking = 0
                    self._give()
                self.send(result)
        except BaseException as exc:  # raised in the writer's thread, by put or drain
            with self._cond:
                self._taking = 0
                if self.error is None and not self.stopped:
                    self.error = exc
                self._end()

    def _end(self) -> None:
        if self._running is threading.current_thread():
            self._running = None
        self._cond.notify_all()
