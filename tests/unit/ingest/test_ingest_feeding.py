"""The engine fed while the files are stored (ingest/feeding.py, Tantivy's feed.py): the index
ends as a write from the store would leave it, whatever happened to an article after it was fed."""

from __future__ import annotations

import pytest

from reader.core.events import EventIndex
from reader.core.ingest import feeding
from reader.core.library import Library
from reader.core.search.tantivy import feed as tantivy_feed
from reader.core.search.tantivy.engine import TantivyEngine
from tests.factories import bump, make

pytest.importorskip("tantivy")


def _indexed(lib: Library) -> dict[str, tuple[str, str]]:
    """id -> (title, source) of every document the index holds."""
    hits = lib.engine.search("*", limit=1000)
    return {h.id: (h.title, h.source) for h in hits.hits}


def _stored(lib: Library) -> dict[str, tuple[str, str]]:
    return {r["id"]: (r["title"], r["source"]) for r in lib.store.listing(limit=1000)}


def _folder(tmp_path, n: int = 12):
    folder = tmp_path / "news"
    for i in range(n):
        make(folder, f"{i:02d}.txt", f"Harbour report {i}", f"Ferries sailed {i} times past the lighthouse.")
    return folder


def test_a_build_feeds_the_engine_and_never_writes_it_from_the_store(tmp_path, monkeypatch):
    writes, added = [], []
    monkeypatch.setattr(TantivyEngine, "write", lambda self, *a, **kw: writes.append(a))
    real_add = tantivy_feed.Feed.add
    monkeypatch.setattr(tantivy_feed.Feed, "add", lambda self, a: (added.append(a.id), real_add(self, a)))
    with Library(tmp_path / "index", engine="tantivy") as lib:
        summary = lib.index_paths([_folder(tmp_path)])
        assert summary.added == 12 and writes == [] and len(added) == 12
        assert _indexed(lib) == _stored(lib)
        assert lib.store.indexed_count() == 12 and lib.engine.doc_count() == 12


def test_an_edit_a_removal_and_an_addition_after_a_fed_build(tmp_path):
    folder = _folder(tmp_path)
    with Library(tmp_path / "index", engine="tantivy") as lib:
        lib.index_paths([folder])
        edited = folder / "03.txt"
        edited.write_text("Harbour report three, corrected\n\nThe ferries sailed on.\n", encoding="utf-8")
        bump(edited)
        (folder / "05.txt").unlink()
        make(folder, "new.txt", "Lighthouse keeper retires", "After forty years.")
        s = lib.index_paths([folder])
        assert (s.added, s.updated, s.removed, s.unchanged) == (1, 1, 1, 10)
        assert _indexed(lib) == _stored(lib)
        assert lib.engine.doc_count() == 12 == lib.store.indexed_count()
        assert lib.search_ids("corrected") == [a for a, (t, _) in _stored(lib).items() if "corrected" in t]
        assert lib.index_paths([folder]).unchanged == 12 and _indexed(lib) == _stored(lib)


def test_a_source_respelt_after_its_articles_were_fed_is_indexed_as_stored(tmp_path):
    # "fox" is stored first; "FOX", with more capitals, relabels it (store.spelling): the articles
    # fed with "fox" are put right from the store at the commit.
    folder = tmp_path / "wire"
    for i in range(3):
        (folder / "a").mkdir(parents=True, exist_ok=True)
        (folder / "a" / f"{i}.json").write_text(
            f'{{"title": "Story {i}", "text": "Words about ferries {i}.", "source": "fox"}}', encoding="utf-8")
    (folder / "b").mkdir()
    (folder / "b" / "9.json").write_text('{"title": "Story 9", "text": "More ferries.", "source": "FOX"}',
                                         encoding="utf-8")
    with Library(tmp_path / "index", engine="tantivy") as lib:
        lib.index_paths([folder])
        assert {s for _, s in _stored(lib).values()} == {"FOX"}
        assert _indexed(lib) == _stored(lib)


def test_a_feed_that_fails_leaves_the_index_to_be_written_from_the_store(tmp_path, monkeypatch):
    calls = []
    real_add = tantivy_feed.Feed.add

    def full_once(self, article):  # the disk full at the first article fed, room again after
        calls.append(article.id)
        if len(calls) == 1:
            raise ValueError("No space left on device (os error 28)")
        real_add(self, article)

    monkeypatch.setattr(tantivy_feed.Feed, "add", full_once)
    with Library(tmp_path / "index", engine="tantivy") as lib:
        summary = lib.index_paths([_folder(tmp_path)])
        assert len(calls) == 1 + 12  # the feed given up at once; the write from the store took all 12
        assert summary.added == 12 and _indexed(lib) == _stored(lib)


def test_a_run_that_fails_before_the_commit_keeps_nothing_fed(tmp_path, monkeypatch):
    folder = _folder(tmp_path)
    with Library(tmp_path / "index", engine="tantivy") as lib:

        def fail(*a, **kw):
            raise RuntimeError("stopped before the index was written")

        monkeypatch.setattr(lib, "_sync_index", fail)
        with pytest.raises(RuntimeError):
            lib.index_paths([folder])
        assert lib.engine.doc_count() == 0 and feeding.of(lib.store) is None
        monkeypatch.undo()
        lib.index_paths([folder])  # the store holds them: the next run indexes them (the writer was let go)
        assert lib.engine.doc_count() == 12 and _indexed(lib) == _stored(lib)


def test_whoosh_is_written_from_the_store_as_before(tmp_path):
    with Library(tmp_path / "index", engine="whoosh") as lib:
        lib.index_paths([_folder(tmp_path)])
        assert _indexed(lib) == _stored(lib) and lib.store.indexed_count() == 12


def test_the_events_features_failing_still_leave_the_fed_index_committed(tmp_path, monkeypatch):
    """The features are computed before the index's commit (library._sync_index): their failure
    (a Ctrl-C) still ends with the fed articles searchable, and is raised after."""
    def interrupted(self, store, progress=None):
        raise KeyboardInterrupt

    monkeypatch.setattr(EventIndex, "prepare_store", interrupted)
    with Library(tmp_path / "index", engine="tantivy") as lib:
        with pytest.raises(KeyboardInterrupt):
            lib.index_paths([_folder(tmp_path)])
        assert lib.store.indexed_count() == 12 and lib.engine.doc_count() == 12
        assert _indexed(lib) == _stored(lib)


def test_a_feed_whose_write_was_lost_is_written_again_from_the_store(tmp_path, monkeypatch):
    """An engine's error that says retry_from_store (a server's connection lost while the files were
    stored, seen at the feed's commit): the feed is rolled back and the index written from the store;
    any other error is raised."""
    class Lost(OSError):
        retry_from_store = True

    writes, ends = [], []
    real_write, real_end = TantivyEngine.write, TantivyEngine.end_feed

    def lose(self, feed):  # the fed write's commit is lost; the write from the store's is not
        ends.append(1)
        if len(ends) == 1:
            raise Lost("the server closed the connection")
        real_end(self, feed)

    monkeypatch.setattr(TantivyEngine, "end_feed", lose)
    monkeypatch.setattr(TantivyEngine, "write", lambda self, *a, **kw: (writes.append(1), real_write(self, *a, **kw))[1])
    with Library(tmp_path / "index", engine="tantivy") as lib:
        assert lib.index_paths([_folder(tmp_path)]).added == 12
        assert writes == [1] and lib.store.indexed_count() == 12 and lib.engine.doc_count() == 12
        assert _indexed(lib) == _stored(lib)
    Lost.retry_from_store = False
    ends.clear()
    with Library(tmp_path / "index2", engine="tantivy") as lib:
        with pytest.raises(Lost):
            lib.index_paths([_folder(tmp_path / "b")])
        assert lib.store.indexed_count() == 0
