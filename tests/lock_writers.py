"""Other processes that take an index's write lock (store/lock.py), for the tests of its
fairness: one started here has taken the lock once when start() returns."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# As a batch's write does (`newsreader entities --update`): the lock held a moment, let go,
# taken back at once, in a loop; argv: the index, the seconds each hold lasts.
LOOPER = """
import sys, time
from reader.core.store.lock import WriteLock
lock, hold = WriteLock(sys.argv[1], timeout=30), float(sys.argv[2])
with lock:
    print("held", flush=True)
    time.sleep(hold)
while True:
    with lock:
        time.sleep(hold)
"""


def start(source: str, directory: Path, *args: str) -> subprocess.Popen:
    """A Python process running source on directory (and args), once it has said "held"."""
    proc = subprocess.Popen([sys.executable, "-c", source, str(directory), *args], cwd=REPO,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc
