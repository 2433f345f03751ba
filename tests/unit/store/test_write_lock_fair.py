"""The index's write lock is fair across processes: a writer that lets it go and takes it back
at once (the entity extraction, a batch at a time) no longer keeps another out until its
timeout; and a killed holder, waiting or holding, leaves nothing stale (store/lock.py)."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.core.store.lock import IndexBusy, WriteLock

from ... import lock_writers

REPO = Path(__file__).resolve().parents[3]

HOLDER = """
import sys, time
from reader.core.store.lock import WriteLock
with WriteLock(sys.argv[1], timeout=30):
    print("held", flush=True)
    time.sleep(60)
"""


child = lock_writers.start  # a process running a script here, once it has taken the lock


def turnstile_held(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        for _ in range(100):
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(fd, fcntl.LOCK_UN)
            except BlockingIOError:
                return
            time.sleep(0.05)
        raise AssertionError("the waiter never took the turnstile")
    finally:
        os.close(fd)


def ended(proc: subprocess.Popen) -> None:
    proc.kill()
    proc.wait()


def test_a_writer_gets_the_lock_from_one_that_takes_it_back_in_a_loop(tmp_path):
    looper = child(lock_writers.LOOPER, tmp_path, "0.05")
    try:
        for _ in range(3):  # each time, within a turn or two of the looper's
            start = time.monotonic()
            with WriteLock(tmp_path, timeout=2.0):
                waited = time.monotonic() - start
            assert waited < 0.5
            time.sleep(0.05)
        assert looper.poll() is None  # and the looper still runs, getting its turns
    finally:
        ended(looper)


def test_a_busy_lock_still_says_so_in_one_line_after_its_timeout(tmp_path):
    holder = child(HOLDER, tmp_path)
    try:
        start = time.monotonic()
        with pytest.raises(IndexBusy) as caught, WriteLock(tmp_path, timeout=0.3):
            pass
        assert 0.3 <= time.monotonic() - start < 1.0
        message = str(caught.value)
        assert "\n" not in message and message.startswith(f"the index {tmp_path} is busy") and "(waited 0.3 s)" in message
        with pytest.raises(IndexBusy), WriteLock(tmp_path, timeout=0):
            pass
    finally:
        ended(holder)


@pytest.mark.parametrize("killed", ["holding", "waiting"])
def test_a_killed_writer_leaves_no_stale_lock(tmp_path, killed):
    holder = child(HOLDER, tmp_path)
    waiter = None
    try:
        if killed == "waiting":  # it holds the turnstile while it waits
            waiter = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path)], cwd=REPO,
                                      stdout=subprocess.PIPE, text=True)
            turnstile_held(tmp_path / "write.turn")
            victim, other = waiter, holder
        else:
            victim, other = holder, None
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        if other is not None:
            ended(other)
        with WriteLock(tmp_path, timeout=0):
            pass
    finally:
        for proc in (holder, waiter):
            if proc is not None and proc.poll() is None:
                ended(proc)
