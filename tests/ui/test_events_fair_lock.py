"""The events group while another process takes the write lock a batch at a time and back at
once (store/lock.py is fair): the grouping waits for one batch, not until it gives up. The
looping writer here is not the app's entity process, so nothing pauses it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from reader.core.library import Library
from reader.ui.app import NewsApp
from reader.ui.screens.events import EventsScreen

from ..conftest import SEEDS
from .conftest import wait_for

REPO = Path(__file__).resolve().parents[2]

# As `newsreader entities --update` does: the lock for a batch, let go, taken back at once.
BATCHES = """
import sys, time
from reader.core.store.lock import WriteLock
lock = WriteLock(sys.argv[1], timeout=30)
with lock:
    print("held", flush=True)
    time.sleep(0.3)
while True:
    with lock:
        time.sleep(0.3)
"""


async def test_the_events_are_grouped_beside_a_writer_that_takes_the_lock_back(tmp_path):
    with Library(tmp_path / "ix") as lib:
        lib.index_paths([SEEDS], label="seeds")
        app = NewsApp(lib)
        app.entity_extractor = "rules"
        app.entity_process.start = lambda: None  # the app's own extraction is not what is tested here
        writer = subprocess.Popen([sys.executable, "-c", BATCHES, str(lib.dir)], cwd=REPO,
                                  stdout=subprocess.PIPE, text=True)
        try:
            assert writer.stdout.readline().strip() == "held"
            async with app.run_test(size=(100, 30)) as pilot:
                await pilot.press("v")
                await wait_for(pilot, lambda: isinstance(app.screen, EventsScreen) and app.screen.loaded,
                               what="the events")
                assert [e.count for e in app.screen.events] == [5]  # grouped, not "0 events"
                assert writer.poll() is None  # it kept running: nothing paused it
        finally:
            writer.kill()
            writer.wait()
