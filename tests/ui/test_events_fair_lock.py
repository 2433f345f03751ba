"""The events group while another process takes the write lock a batch at a time and back at
once (store/lock.py is fair): the grouping waits for one batch, not until it gives up. The
looping writer here is not the app's entity process, so nothing pauses it."""

from __future__ import annotations

from reader.core.library import Library
from reader.ui.app import NewsApp
from reader.ui.screens.events import EventsScreen

from .. import lock_writers
from ..conftest import SEEDS
from .conftest import wait_for


async def test_the_events_are_grouped_beside_a_writer_that_takes_the_lock_back(tmp_path):
    with Library(tmp_path / "ix") as lib:
        lib.index_paths([SEEDS], label="seeds")
        app = NewsApp(lib)
        app.entity_extractor = "rules"
        app.entity_process.start = lambda: None  # the app's own extraction is not what is tested here
        writer = lock_writers.start(lock_writers.LOOPER, lib.dir, "0.3")  # as a batch of the extraction
        try:
            async with app.run_test(size=(100, 30)) as pilot:
                await pilot.press("v")
                await wait_for(pilot, lambda: isinstance(app.screen, EventsScreen) and app.screen.loaded,
                               what="the events")
                assert [e.count for e in app.screen.events] == [5]  # grouped, not "0 events"
                assert writer.poll() is None  # it kept running: nothing paused it
        finally:
            writer.kill()
            writer.wait()
