"""The events screen asks whether the events are behind the store before it
groups (reading.behind, to pause the entity extraction only for a grouping
that writes); the grouping then does not read every article's hash again,
unless something was written since (issue 15, speed)."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from reader.core.events import EventIndex, reading
from reader.core.library import STORE_FILE, Library
from tests.conftest import SEEDS


@pytest.fixture
def seeded_library(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(SEEDS, src)
    with Library(tmp_path / "ix") as lib:
        lib.index_paths([src], label="seeds")
        lib.events()
        yield lib, src


def _syncs(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = EventIndex.sync_store

    def counted(self, store, progress=None):
        calls.append(1)
        return real(self, store, progress)

    monkeypatch.setattr(EventIndex, "sync_store", counted)
    return calls


def test_events_found_level_are_read_without_a_second_look_at_the_store(seeded_library, monkeypatch):
    lib, _ = seeded_library
    before = [e.as_dict() for e in lib.events()]
    calls = _syncs(monkeypatch)
    assert not reading.behind(EventIndex(lib.store.db), lib.store)
    assert [e.as_dict() for e in lib.events()] == before
    assert calls == []
    other = sqlite3.connect(lib.dir / STORE_FILE)  # another process's write since the look
    with other:
        other.execute("INSERT INTO event_meta(key, value) VALUES('elsewhere', '1')")
    other.close()
    lib.events()
    assert calls == [1]


def test_a_write_after_the_look_brings_the_events_up_to_date(seeded_library, monkeypatch):
    lib, src = seeded_library
    assert not reading.behind(EventIndex(lib.store.db), lib.store)
    calls = _syncs(monkeypatch)
    first = next(iter(sorted(src.glob("*.txt"))))
    (src / "999_late.txt").write_text(first.read_text(encoding="utf-8").replace("Loughton", "Loughtons"), encoding="utf-8")
    lib.index_paths([src], label="seeds")
    count = sum(e.count for e in lib.events())
    assert calls and count == lib.store.count() == 6


def test_a_commit_while_behind_reads_is_not_recorded_as_level(seeded_library, monkeypatch):
    lib, _ = seeded_library
    real, fired = reading._stamp, []

    def stamp_beside_a_commit(db):  # another process commits at the moment behind() takes its stamp
        if not fired:
            fired.append(1)
            other = sqlite3.connect(lib.dir / STORE_FILE)
            with other:
                other.execute("UPDATE articles SET hash = 'elsewhere' WHERE id = (SELECT min(id) FROM articles)")
            other.close()
        return real(db)

    monkeypatch.setattr(reading, "_stamp", stamp_beside_a_commit)
    reading.behind(EventIndex(lib.store.db), lib.store)
    monkeypatch.setattr(reading, "_stamp", real)
    assert fired and reading.behind(EventIndex(lib.store.db), lib.store)
    assert not reading._known_level(lib.store)
