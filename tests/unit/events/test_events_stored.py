"""Events from what the store keeps (issue 15, speed and read-only): each
article's features are computed once, at indexing; the first grouping reads
them back instead of the texts; a store that cannot be written still gives
its events (grouped in memory, nothing written)."""

from __future__ import annotations

import gc
import sqlite3
import threading

import pytest

from bench.events_speed import one_run
from reader.core.events import EventIndex, cluster, parallel, rows
from reader.core.events import index as event_index
from reader.core.events.features import extract
from reader.core.events.tables import PENDING
from reader.core.library import Library
from reader.core.store import ArticleStore, migrations
from tests.conftest import SEEDS
from tests.unit.events.test_events import load_seeds


def _placed(db) -> list[str]:
    return [r[0] for r in db.execute("SELECT event_id FROM event_articles")]


@pytest.fixture
def indexed(tmp_path):
    with Library(tmp_path / "ix") as lib:
        lib.index_paths([SEEDS], label="seeds")
    return tmp_path / "ix"


def test_indexing_keeps_each_articles_features_and_the_first_grouping_reads_no_text(indexed, monkeypatch):
    with Library(indexed) as lib:
        assert _placed(lib.store.db) == [PENDING] * 5  # features known, no event yet

        def no_reading(*_a, **_k):
            raise AssertionError("a text was read again")

        monkeypatch.setattr(cluster, "article_features", no_reading)
        monkeypatch.setattr("reader.core.events.parallel.article_features", no_reading)
        events = lib.events()
        assert [e.count for e in events] == [5]
        assert PENDING not in _placed(lib.store.db)


def test_what_is_kept_reads_back_as_it_was_computed(indexed):
    store = ArticleStore(indexed / "store.sqlite")
    a = next(iter(store.get_many([r[0] for r in store.db.execute("SELECT id FROM articles")]).values()))
    f = extract(a.title, a.text, a.published, 5.0, 5.0, 600, 3000)
    vector = {"uk": 0.5, "sanction": 0.25}
    back_vector, back = rows.decode_signature(rows.encode_signature(f, vector), rows.decode_terms(rows.encode_terms(f.terms)))
    assert back == f and back_vector == vector
    store.close()


@pytest.mark.parametrize("older", [False, True])
def test_events_of_a_store_that_cannot_be_written(indexed, older):
    """Read-only, the stored events may be missing or of another version
    (which a write would clear): they are grouped in memory, and the store
    is left as it was."""
    if older:
        store = ArticleStore(indexed / "store.sqlite")
        with store.db:
            store.db.execute("UPDATE event_meta SET value='tables 2, features 0' WHERE key='version'")
        store.close()
    with Library(indexed) as lib:
        lib.store.close()
        lib.store = ArticleStore(indexed / "store.sqlite", readonly=True)
        before = lib.store.db.execute("SELECT * FROM event_articles ORDER BY doc").fetchall()
        events = lib.events()
        assert [e.count for e in events] == [5] and len(events[0].sources) == 5
        assert lib.store.db.execute("SELECT * FROM event_articles ORDER BY doc").fetchall() == before
        assert lib.store.db.execute("SELECT count(*) FROM events").fetchone()[0] == 0


def test_the_speed_bench_times_the_first_events_as_the_app_computes_them(indexed):
    wall, cpu, prepared, groups, multi, prepared_wall = one_run(indexed, cold=False)
    assert (groups, multi) == (1, 1) and prepared is not None and prepared_wall > 0 and wall > 0 and cpu >= 0
    assert one_run(indexed, cold=True)[2:] == (None, 1, 1, None)
    assert one_run(indexed, cold=False, kept=True)[2:] == (None, 1, 1, None)  # the features indexing kept


def test_the_first_grouping_tells_its_progress(indexed):
    told = []
    with Library(indexed) as lib:
        lib.events(progress=lambda label, done, total: told.append((label, done, total)))
    labels = [label for label, _, _ in told]
    assert labels.index("events: comparing") < labels.index("events: grouping") < labels.index("events: saving")
    assert ("events: comparing", 0, 5) in told  # the count of articles the bar is drawn against


def test_a_report_indexed_after_the_first_grouping_joins_its_event(tmp_path):
    seeds = sorted(load_seeds(), key=lambda a: a.id)
    with Library(tmp_path / "ix") as lib:
        lib.add_articles(seeds[:3])
        (first,) = lib.events()
        lib.add_articles(seeds[3:])
        assert PENDING in _placed(lib.store.db)  # its features kept at indexing, not yet placed
        (grown,) = lib.events()
    assert grown.id == first.id and (first.count, grown.count) == (3, 5)


def test_the_collector_is_paused_beside_other_threads_for_the_grouping_only(monkeypatch):
    """Process-wide, a pause also holds a UI thread's collections: beside
    other threads the features (an import's, minutes) run with it on; a
    process of one thread (a build from the CLI) pauses it for them too."""
    if not gc.isenabled():
        pytest.skip("the collector is off in this run")
    seen: list[tuple[str, bool]] = []

    def noting(what, f):
        def call(*args):
            if not seen or seen[-1][0] != what:
                seen.append((what, gc.isenabled()))
            return f(*args)
        return call

    monkeypatch.setattr(parallel, "article_features", noting("features", parallel.article_features))
    monkeypatch.setattr(event_index, "corrected_clusters", noting("grouping", event_index.corrected_clusters))

    def add(out: list) -> None:
        db = sqlite3.connect(":memory:")
        migrations.migrate(db)
        out.append(EventIndex(db).add(load_seeds()).added)

    added: list[int] = []
    worker = threading.Thread(target=add, args=(added,))  # as the app computes them, beside its UI
    worker.start()
    worker.join()
    assert added == [5] and seen == [("features", True), ("grouping", False)] and gc.isenabled()
    if threading.active_count() == 1:
        seen.clear()
        add(added)
        assert seen == [("features", False), ("grouping", False)] and gc.isenabled()


def test_the_stored_members_an_article_meets_have_their_titles_and_outlets(tmp_path):
    """An incremental grouping's stored reports carry their headline and
    outlet, as a first grouping's do: the pair rules read both."""
    seeds = sorted(load_seeds(), key=lambda a: a.id)
    with Library(tmp_path / "ix") as lib:
        lib.add_articles(seeds[:3])
        lib.events()
        index = EventIndex(lib.store.db)
        near = [doc for (doc,) in lib.store.db.execute("SELECT doc FROM event_articles ORDER BY doc")]
        docs, members, _ = index._members(near, cluster.IdfTable({}, 3))
    assert [(d.id, d.title, d.source) for d in docs] == [(a.id, a.title, a.source) for a in seeds[:3]]
    assert all(d.title and d.source for d in docs) and len(members) == 3
