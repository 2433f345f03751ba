"""The store and the index follow the files: add, change, delete; ids and
reader state survive edits and rebuilds."""

from __future__ import annotations

import json
import time

import pytest

from reader.core import library as library_module
from reader.core.entities import EntityService
from reader.core.ingest import sync
from reader.core.library import IndexNeedsRebuild, Library, NotFound
from reader.core.models import article_id
from reader.core.store.connection import BULK_CHECKPOINT
from reader.core.store.lock import IndexBusy
from tests.factories import bump, make


def test_ids_are_stable_and_derived_from_origin(tmp_path, library):
    folder = tmp_path / "news"
    p = make(folder, "one.txt", "Ferry strike ends", "Ferries sail again.")
    library.index_paths([folder])
    [row] = library.listing()
    assert row["id"] == article_id("news/one.txt")
    p.write_text("Ferry strike ends at last\n\nFerries sail again after talks.\n", encoding="utf-8")
    bump(p)
    summary = library.index_paths([folder])
    assert (summary.updated, summary.added) == (1, 0)
    [row2] = library.listing()
    assert row2["id"] == row["id"] and row2["title"] == "Ferry strike ends at last"


def test_add_change_delete_and_other_folders_stay(tmp_path, library):
    a, b = tmp_path / "a", tmp_path / "b"
    make(a, "1.txt", "Alpha one", "Zebras crossed the road.")
    p2 = make(a, "2.txt", "Alpha two", "Giraffes ate leaves.")
    make(b, "3.txt", "Beta three", "Zebras again, in the other folder.")
    s = library.index_paths([a, b])
    assert (s.added, s.updated, s.removed, s.unchanged) == (3, 0, 0, 0)

    s = library.index_paths([a])
    assert (s.added, s.updated, s.removed, s.unchanged) == (0, 0, 0, 2)

    p2.write_text("Alpha two\n\nGiraffes ate acacia leaves and walked off.\n")
    bump(p2)
    make(a, "4.txt", "Alpha four", "Okapis are shy.")
    (a / "1.txt").unlink()
    s = library.index_paths([a])
    assert (s.added, s.updated, s.removed, s.unchanged) == (1, 1, 1, 0)

    titles = {r["title"] for r in library.listing()}
    assert titles == {"Alpha two", "Alpha four", "Beta three"}
    # the index follows the store: the deleted file's words are gone
    assert [h.title for h in library.search("zebras").hits] == ["Beta three"]
    assert [h.title for h in library.search("acacia").hits] == ["Alpha two"]
    assert [h.title for h in library.search("okapis").hits] == ["Alpha four"]


def test_a_file_that_breaks_keeps_its_old_article(tmp_path, library):
    folder = tmp_path / "n"
    p = make(folder, "x.txt", "Kept title", "Kept body words.")
    library.index_paths([folder])
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00garbage")
    bump(p)
    s = library.index_paths([folder])
    assert len(s.skipped) == 1 and "PNG" in s.skipped[0].reason
    assert [r["title"] for r in library.listing()] == ["Kept title"]


def test_reader_state_survives_edit_and_index_rebuild(tmp_path, library):
    folder = tmp_path / "n"
    p = make(folder, "x.txt", "Stateful", "Body one.")
    library.index_paths([folder])
    [row] = library.listing()
    library.set_read([row["id"]])
    library.set_bookmarked([row["id"]])
    p.write_text("Stateful\n\nBody two, edited.\n")
    bump(p)
    library.index_paths([folder])
    library.rebuild_index()
    [row] = library.listing()
    assert row["read"] and row["bookmarked"]
    assert [h.id for h in library.search("edited").hits] == [row["id"]]


def test_index_catches_up_with_store_after_a_crash_between_them(tmp_path):
    folder = tmp_path / "n"
    make(folder, "x.txt", "Crash test", "Words about walruses.")
    with Library(tmp_path / "ix") as lib:
        lib.index_paths([folder])
        # Simulate a crash after the store committed but before the index did.
        lib.store.forget_index()
        lib.engine.clear()
    with Library(tmp_path / "ix") as lib:
        assert lib.search("walruses").total == 0
        lib.index_paths([folder])  # nothing changed on disk, yet the index is brought level
        assert lib.search("walruses").total == 1


def test_rebuild_needs_only_the_store(tmp_path):
    folder = tmp_path / "n"
    make(folder, "x.txt", "Self contained", "Narwhals in the store.")
    with Library(tmp_path / "ix") as lib:
        lib.index_paths([folder])
    (folder / "x.txt").unlink()
    folder.rmdir()
    with Library(tmp_path / "ix") as lib:
        assert lib.rebuild_index() == 1
        assert lib.search("narwhals").total == 1


def test_old_index_schema_says_rebuild(tmp_path):
    folder = tmp_path / "n"
    make(folder, "x.txt", "Old", "Old words.")
    with Library(tmp_path / "ix") as lib:
        lib.index_paths([folder])
    (tmp_path / "ix" / "index.json").write_text(json.dumps({"engine": "whoosh", "schema": 0}))
    with pytest.raises(IndexNeedsRebuild, match="rebuild"):
        Library(tmp_path / "ix")


def test_id_prefixes_like_git(seeded):
    full = seeded.listing()[0]["id"]
    assert seeded.get(full[:6]).id == full
    with pytest.raises(NotFound, match="no article"):
        seeded.get("zzzz")


def test_default_source_labels_files_without_one(tmp_path, library):
    folder = tmp_path / "bbc"
    make(folder, "a.txt", "Plain file", "No outlet named in here.")
    (folder / "b.json").write_text('{"text": "Has its own.", "source": "Own Outlet"}')
    library.index_paths([folder], default_source="BBC")
    assert {r["title"]: r["source"] for r in library.listing()} == {"Plain file": "BBC", "Has its own": "Own Outlet"}


def test_one_library_sees_its_own_deletions_and_another_process_writes(tmp_path):
    """A reused searcher must not keep finding deleted or replaced articles."""
    folder = tmp_path / "n"
    p = make(folder, "a.txt", "First version", "Penguins waddle.")
    make(folder, "b.txt", "Other", "Puffins fly.")
    with Library(tmp_path / "ix") as reader_lib, Library(tmp_path / "ix") as writer_lib:
        writer_lib.index_paths([folder])
        assert reader_lib.search("penguins").total == 1 and reader_lib.engine.doc_count() == 2
        p.write_text("Second version\n\nEmperors waddle.\n")
        bump(p)
        (folder / "b.txt").unlink()
        writer_lib.index_paths([folder])
        for lib in (reader_lib, writer_lib):
            assert lib.search("penguins").total == 0
            assert lib.search("puffins").total == 0
            assert lib.search("emperors").total == 1
            assert lib.engine.doc_count() == 1


# --- reads that keep a derived table take the write lock --------------------------

def _two_stories(tmp_path, library) -> None:
    folder = tmp_path / "n"
    make(folder, "a.txt", "Starmer visits Calais", "Keir Starmer met the mayor of Calais on Monday to talk about ferries.")
    make(folder, "b.txt", "Volcano erupts in Iceland", "Lava from the volcano reached the sea near Grindavik overnight.")
    library.index_paths([folder])


@pytest.fixture
def other_writer(library):
    """The same store opened again, as another process would: its write lock is another writer's
    (the folder's lock file, or the server's advisory lock, which one connection may take twice)."""
    other = Library(library.dir, library.config)
    yield other
    other.close()


def test_reads_answer_from_the_store_while_another_writer_holds_the_lock(tmp_path, library, other_writer,
                                                                         monkeypatch):
    monkeypatch.setattr(library_module, "MAINTAIN_WAIT", 0.1)
    _two_stories(tmp_path, library)
    article = library.get(article_id("n/a.txt"))
    with other_writer.write_lock(timeout=0):
        started = time.monotonic()
        assert library.events() == []  # not grouped yet, and not grouped now
        assert library.search('entity:"Keir Starmer"').total == 0  # entities not computed, and not now
        assert library.mentions(article, "rules")  # extracted, but not cached without the lock
        assert EntityService(library.store.db, "rules").cached(article) is None
        assert time.monotonic() - started < 3.0  # no waiting for the other writer
    assert sum(e.count for e in library.events()) == 2
    assert library.search('entity:"Keir Starmer"').total == 1
    library.mentions(article, "rules")
    assert EntityService(library.store.db, "rules").cached(article) is not None


def test_entities_update_holds_the_lock_a_batch_at_a_time(tmp_path, library, other_writer, monkeypatch):
    monkeypatch.setattr(library_module, "ENTITY_BATCH", 1)
    _two_stories(tmp_path, library)
    with other_writer.write_lock(timeout=0):
        with pytest.raises(IndexBusy):
            library.update_entities(lock_timeout=0.1)
    update = library.entities.update

    def locked_update(store, ids):
        with pytest.raises(IndexBusy):  # the library holds the lock while it writes
            with other_writer.write_lock(timeout=0):
                pass
        return update(store, ids)

    monkeypatch.setattr(library.entities, "update", locked_update)
    seen = []
    assert library.update_entities(progress=lambda *a: seen.append(a)) == 2
    assert seen == [("entities", 1, 2), ("entities", 2, 2)]
    assert library.entities.coverage() == (2, 2)


def test_a_folder_is_stored_with_fewer_checkpoints_then_as_before(tmp_path, library, monkeypatch):
    """While a folder's batches are stored the write-ahead log is copied into the file less often
    (store/connection.fewer_checkpoints); the connection's own setting is back afterwards."""
    if library.store.on_server:
        pytest.skip("a store on a server has no write-ahead log of SQLite's")
    db = library.store.db
    seen = []
    real = sync._store_batch

    def watched(store, batch, summary):
        seen.append(db.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
        return real(store, batch, summary)

    monkeypatch.setattr(sync, "_store_batch", watched)
    monkeypatch.setattr(sync, "BATCH_FILES", 2)
    folder = tmp_path / "news"
    for i in range(5):
        make(folder, f"{i}.txt", f"Ferry strike day {i}", f"Ferries stayed in port on day {i}.")
    before = db.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    assert library.index_paths([folder]).added == 5
    assert BULK_CHECKPOINT > before and seen[:2] == [BULK_CHECKPOINT, BULK_CHECKPOINT]
    assert db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == before
