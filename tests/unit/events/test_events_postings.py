"""The rare terms' postings (postings.py): kept level with the stored vectors by
every add, change, removal and reweighing, so that an add finds the candidates,
and so the events, that reading every stored vector found. On the store the
tests are given (`library`: SQLite, and the PostgreSQL server in .ci/run's
second pass)."""

from __future__ import annotations

import dataclasses

import pytest

from bench.events_sets import written
from reader.core.events import EventIndex, postings, tables
from reader.core.events.cluster import naive
from reader.core.events.grouping import MAX_DF


def _oldest_first(articles):
    return sorted(articles, key=lambda a: (a.published is None, naive(a.published), a.id))


def _kept(db):
    counts = sorted(tuple(r) for r in db.execute("SELECT term, n FROM event_term_counts"))
    terms = sorted(tuple(r) for r in db.execute("SELECT term, doc FROM event_terms"))
    return counts, terms, tables.meta(db, "term_docs")


def _rebuilt(db):
    """The postings built afresh from every stored vector (what ready builds)."""
    postings.stale(db)
    assert postings.ready(db)
    return _kept(db)


def _stored(db) -> int:
    return db.execute("SELECT count(*) FROM event_articles WHERE event_id != ?", (tables.PENDING,)).fetchone()[0]


def _level(db) -> None:
    """Where the postings claim to hold every stored vector, they are what a rebuild makes."""
    kept = _kept(db)
    if kept[2] is None:  # stale: built again at the next add
        return
    assert int(kept[2]) == _stored(db)
    assert _rebuilt(db) == kept


@pytest.mark.parametrize("max_df", [3, MAX_DF])
def test_the_postings_stay_what_a_rebuild_makes_through_adds_changes_and_removals(library, monkeypatch, max_df):
    """max_df 3: terms cross it both ways (an add makes a rare term common, its
    postings dropped; a removal makes a common one rare, the postings stale)."""
    monkeypatch.setattr(postings, "MAX_DF", max_df)
    db = library.store.db
    index = EventIndex(db)
    arts = _oldest_first(written("spread").articles)
    index.add(arts[:8])  # a first grouping: no postings built
    assert tables.meta(db, "term_docs") is None
    for a in arts[8:20]:
        index.add([a])
        _level(db)
    assert int(tables.meta(db, "term_docs")) == _stored(db) == 20
    index.add(arts[20:26])  # a batch
    _level(db)
    late = "A late paragraph: harbour tariffs in Valparaiso, said Ximena Quilodran of the port board."
    changed = dataclasses.replace(arts[9], text_paragraphs=(*arts[9].text_paragraphs, late))
    index.add([changed])  # its vector changes in place
    if max_df == MAX_DF:  # 39 reports: no term common, none turns rare
        assert tables.meta(db, "term_docs") is not None  # kept through the change
    _level(db)
    stale_seen = False
    for gone in (arts[3].id, arts[12].id, arts[21].id):
        index.remove([gone])
        stale_seen |= tables.meta(db, "term_docs") is None
        _level(db)
    index.add(arts[26:30])
    _level(db)
    assert int(tables.meta(db, "term_docs")) == _stored(db) == 27
    if max_df == 3:
        assert stale_seen  # a common term turned rare by a removal: built again


def _full_read(monkeypatch):
    """The add's candidates from every stored vector, as before the postings (d67f3e6)."""
    monkeypatch.setattr(postings, "near", lambda db, new: (tables.vectors(db), None))


def _partition(index):
    return sorted(sorted(e.article_ids) for e in index.events())


@pytest.mark.parametrize("name", ["similar", "outlets"])
def test_an_add_groups_as_reading_every_stored_vector_did(library, tmp_path, monkeypatch, name):
    """One at a time and in batches, the events are those of the full read."""
    from reader.core.store import ArticleStore

    arts = _oldest_first(written(name).articles)
    batches = [arts[:10], *([a] for a in arts[10:40]), arts[40:55], *([a] for a in arts[55:])]
    by_postings = EventIndex(library.store.db)
    for batch in batches:
        by_postings.add(batch)
    with monkeypatch.context() as m:
        _full_read(m)
        by_reading = EventIndex(ArticleStore(tmp_path / "full.sqlite").db)
        for batch in batches:
            by_reading.add(batch)
        assert _kept(by_reading.db)[2] is not None  # the postings kept there too, only not read
    assert _partition(by_postings) == _partition(by_reading)
    assert [e.id for e in by_postings.events()] == [e.id for e in by_reading.events()]


def test_a_store_from_before_the_postings_builds_them_at_its_next_add(library):
    """A store migrated to 0010_event_terms has events and empty postings, no count:
    its next add builds them from every stored vector, then keeps them."""
    db = library.store.db
    arts = _oldest_first(written("spread").articles)
    index = EventIndex(db)
    index.add(arts[:15])
    for a in arts[15:20]:
        index.add([a])
    expected = _partition(index)
    with db:  # as migration 0010 leaves a store grouped before it
        db.execute("DELETE FROM event_terms")
        db.execute("DELETE FROM event_term_counts")
        db.execute("DELETE FROM event_meta WHERE key = 'term_docs'")
    assert _partition(EventIndex(db)) == expected  # read as they were
    EventIndex(db).add([arts[20]])
    assert int(tables.meta(db, "term_docs")) == _stored(db) == 21
    _level(db)


def test_near_finds_only_the_stored_reports_sharing_a_rare_term(library):
    db = library.store.db
    arts = _oldest_first(written("spread").articles)
    index = EventIndex(db)
    index.add(arts[:12])
    index.add([arts[12]])
    assert postings.ready(db)
    stored = {doc: vec for doc, vec, _ in tables.vectors(db)}
    counts = {}
    for vec in stored.values():
        for t in vec:
            counts[t] = counts.get(t, 0) + 1
    probe = {t: 1.0 for t in sorted(counts, key=lambda t: (counts[t], t))[:3]}  # the rarest three
    probe["zzqxv"] = 1.0  # in no stored vector: rare, finds nothing
    found, rare = postings.near(db, [probe])
    assert rare == set(probe)
    assert [doc for doc, _, _ in found] == sorted(doc for doc, vec in stored.items() if vec.keys() & probe.keys())
    assert all(vec == stored[doc] for doc, vec, _ in found)
