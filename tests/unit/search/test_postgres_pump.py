"""The thread that keeps a PostgreSQL write's analysis workers busy (search/postgres/pump.py): it
gives waiting batches to free workers and sends their results on, in order, without the writer
asking; a worker's failure is raised in the writer's thread; drained, the thread has ended."""

from __future__ import annotations

import threading
import time
from collections import deque

import pytest

from reader.core.search.postgres.pump import Pump


class FakeWorkers:
    """Workers' interface: results in order, two workers, each batch doubled (or failing)."""

    count = 2

    def __init__(self, fail_on=None, hold=None):
        self.hold = hold  # an Event the first result waits for
        self.busy: deque = deque()
        self.fail_on = fail_on
        self.closed = False
        self.given: list = []

    def pending(self) -> int:
        return len(self.busy)

    def give(self, batch) -> None:
        self.given.append(batch)
        self.busy.append(batch)

    def take(self):
        batch = self.busy.popleft()
        if self.hold is not None:
            self.hold.wait(5)
        time.sleep(0.01)
        if batch == self.fail_on:
            raise OSError("a worker ended")
        return batch * 2

    def close(self) -> None:
        self.closed = True


def test_results_are_sent_in_order_without_the_writer_asking():
    sent: list = []
    pump = Pump(FakeWorkers(), sent.append, most=32)
    for batch in (1, 2, 3, 4, 5):
        pump.put(batch)
    deadline = time.monotonic() + 5
    while len(sent) < 5 and time.monotonic() < deadline:  # the writer does nothing meanwhile
        time.sleep(0.01)
    assert sent == [2, 4, 6, 8, 10]
    pump.drain()
    assert pump._running is None  # the thread has ended
    pump.put(6)  # a later batch starts the thread again
    pump.drain()
    assert sent[-1] == 12


def test_a_workers_failure_is_raised_in_the_writers_thread():
    sent: list = []
    workers = FakeWorkers(fail_on=2)
    pump = Pump(workers, sent.append, most=32)
    pump.put(1)
    pump.put(2)
    with pytest.raises(OSError, match="a worker ended"):
        pump.drain()
    with pytest.raises(OSError, match="a worker ended"):
        pump.put(3)
    pump.close()
    assert sent == [2] and workers.closed


def test_past_most_waiting_the_writer_waits_for_the_workers():
    sent: list = []
    pump = Pump(FakeWorkers(), sent.append, most=1)
    for batch in range(1, 8):
        pump.put(batch)
        assert len(pump.waiting) <= 1
    pump.drain()
    assert sent == [2 * b for b in range(1, 8)]


def test_a_batch_goes_to_a_free_worker_while_the_thread_waits_on_another():
    """The thread waits on the oldest batch's result; a batch put meanwhile goes to the other
    worker at once (not when that result comes: the second worker sat idle until then)."""
    hold, sent = threading.Event(), []
    workers = FakeWorkers(hold=hold)
    pump = Pump(workers, sent.append, most=32)
    pump.put(1)
    time.sleep(0.05)  # the thread is waiting on batch 1's result
    pump.put(2)
    pump.put(3)
    assert workers.given == [1, 2] and sent == []
    hold.set()
    pump.drain()
    assert sent == [2, 4, 6] and workers.given == [1, 2, 3]
