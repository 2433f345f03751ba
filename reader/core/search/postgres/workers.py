"""Worker processes for a write's analysis, each on a pipe of its own.

multiprocessing.Pool lost the task of a worker killed by a signal (the OOM
killer, a kill) without a word and started another in its place: the writer
waited for ever on the lost batch, holding the writers' lock, and
Pool.terminate() could wait for ever on the task queue's lock, which the dead
worker may have held. Here a worker's pipe is its own: nothing is shared
between workers, and only the worker holds its end of the pipe, so its death
is an end of file (or a broken pipe) on the writer's side at once, which fails
the write in one line (WorkerLost) and the transaction is rolled back.

Batches go to the workers in turn and their results are taken in the same
order: the oldest batch's worker is the next one given a batch, so a worker
is never sent a batch before its last result is taken (it is waiting on its
pipe, reading what is sent at once).

The workers are forked from the writer where it runs one thread, else from a
fork server (multiprocessing's forkserver: a process started once, which
forks each worker from itself): a build fed while the files are stored runs
beside the parsing pool's threads, and a fork then could leave a lock another
thread held locked in the child for ever.
"""

from __future__ import annotations

import errno
import multiprocessing
import os
from collections import deque
from collections.abc import Callable
from multiprocessing import forkserver

from reader.core.search.errors import one_line

# What the fork server imports once for its workers, instead of the main module it would import
PRELOAD = ["reader.core.search.postgres.writing", "numpy"]


def start_forkserver() -> None:
    """Start the fork server now, if it is not running: it imports PRELOAD while the caller goes
    on (the first worker asked of it waits for that)."""
    multiprocessing.set_forkserver_preload(PRELOAD)
    forkserver.ensure_running()


class WorkerLost(OSError):
    """A worker ended before it gave its batch's result back."""


class Workers:
    def __init__(self, count: int, start: Callable[..., None], args: tuple, task: Callable[[object], object],
                 method: str = "fork"):
        """count processes forked now, each running start(*args) once, then task(batch) for each batch;
        method "forkserver": forked by the fork server (start, args and task are pickled to it)."""
        ctx = multiprocessing.get_context(method)
        self.method = method
        if method == "forkserver":
            start_forkserver()
        self.procs: list = []
        self.pipes: list = []
        self.busy: deque[int] = deque()  # the workers given a batch, oldest batch first
        self.turn = 0  # batches given: they go to the workers in turn
        try:
            for _ in range(count):
                mine, theirs = ctx.Pipe()
                proc = ctx.Process(target=_serve, args=(theirs, start, args, task), daemon=True)
                proc.start()
                theirs.close()  # the worker's end is the worker's alone: its death is our end of file
                self.procs.append(proc)
                self.pipes.append(mine)
        except BaseException:
            self.close()
            raise

    @property
    def count(self) -> int:
        return len(self.procs)

    def full(self) -> bool:
        """Whether every worker has a batch (take the oldest result before giving another)."""
        return len(self.busy) >= len(self.procs)

    def pending(self) -> int:
        return len(self.busy)

    def ready(self) -> bool:
        """Whether the oldest batch's result can be taken without waiting (or its worker has gone)."""
        return bool(self.busy) and self.pipes[self.busy[0]].poll()

    def give(self, batch) -> None:
        """To the next worker in turn, which is free unless full() (results are taken in order)."""
        worker = self.turn % len(self.procs)
        self.turn += 1
        try:
            self.pipes[worker].send(batch)
        except OSError as exc:  # BrokenPipeError: it has gone
            raise self._lost(worker) from exc
        self.busy.append(worker)

    def take(self):
        """The oldest batch's result (a worker's exception raised here)."""
        worker = self.busy.popleft()
        try:
            ok, value = self.pipes[worker].recv()
        except (EOFError, OSError) as exc:
            raise self._lost(worker) from exc
        if not ok:
            raise value
        return value

    def _lost(self, worker: int) -> WorkerLost:
        proc = self.procs[worker]
        proc.join(timeout=1.0)
        code = proc.exitcode
        how = (f"killed by signal {-code}" if code is not None and code < 0
               else f"exit status {code}" if code is not None else "its pipe closed")
        return WorkerLost(errno.EIO, f"a worker analysing articles for the search index ended ({how}) before"
                                     " its batch was done: nothing was written")

    def close(self) -> None:
        """End the workers (at once: what they hold is thrown away) and wait for them."""
        for proc in self.procs:
            if proc.exitcode is None:
                proc.kill()
        for proc in self.procs:
            proc.join()
        for pipe in self.pipes:
            pipe.close()
        self.procs, self.pipes = [], []
        self.busy.clear()


def _serve(pipe, start: Callable[..., None], args: tuple, task: Callable[[object], object]) -> None:
    start(*args)
    while True:
        try:
            batch = pipe.recv()
        except (EOFError, OSError):  # the writer has gone
            os._exit(0)
        try:
            out = (True, task(batch))
        except Exception as exc:  # given back to the writer, which raises it
            out = (False, exc)
        try:
            pipe.send(out)
        except Exception as exc:  # not picklable (a psycopg error, say): the same in one line
            why = one_line(out[1] if not out[0] else exc)[:200]
            pipe.send((False, OSError(errno.EIO, f"the search index could not be written ({why})")))
