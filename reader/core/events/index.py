"""Events kept in the article store's database, grown incrementally.

An article's features (its terms, weighted vector and signature: who, what, where, when) are
computed once, when it is indexed (prepare_store, called by the library after indexing) or else
when the events first see it; grouping then reads them back instead of reading texts. New
articles join existing events or found new ones, the events near them grouped again (an event
may come apart; its id stays with its first report) and two never merge. The tables (event_*)
are made by the store's migrations and used on the connection given; they are derived data,
emptied and computed again from the store when the features change (at the next write: until
then they are read as they are).
"""

from __future__ import annotations

import logging
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from reader.core.events import grouping, linkage, parallel, postings, preload, rows, tables
from reader.core.events.cluster import (
    DEFAULT,
    FEATURES_VERSION,
    Doc,
    Event,
    IdfTable,
    Settings,
    age_key,
    corrected_clusters,
    event_id_for,
    sort_events,
    weigh,
)
from reader.core.events.gcpause import without_gc as _without_gc
from reader.core.events.gcpause import without_gc_alone as _without_gc_alone
from reader.core.events.tables import PENDING, EventUpdate
from reader.core.models import Article

log = logging.getLogger(__name__)

# "tables 6": the layout of the migrations 0004_events and 0009_event_features, the columns as
# rows.py writes them (5: the terms' ids; 6: the features in a table of their own), pending rows included.
_VERSION = f"tables 6, features {FEATURES_VERSION}"
_BATCH = 500  # articles read from the store at a time
Progress = Callable[[str, int, int], None]


class EventIndex:
    """Events kept beside the articles, in tables of their own; one writer at a time, as for
    the store. Each article seen keeps its raw term counts, weighted vector and signature
    (rows.py), once placed its event and best similarities (neighbours, for the background
    correction); a new article's candidates come from the postings of its rare terms
    (postings.py). Vectors are weighed again with the current IDF whenever the collection
    has doubled since they last were."""

    def __init__(self, db: sqlite3.Connection, settings: Settings = DEFAULT):
        self.db = db
        self.settings = settings
        self.version = tables.meta(self.db, "version")
        # The events a first grouping made, and the data_version after it:
        # events() lists them, unless another connection wrote since.
        self._made: tuple[list[Event], int] | None = None

    def _current(self) -> None:
        """Before a write: events of other features are derived data, so they
        are computed again from scratch."""
        self._made = None
        if self.version != _VERSION:
            if self.version is not None:
                log.info("the stored events are from another version: they are grouped again")
            self.clear()

    def clear(self) -> None:
        """Forget every event and feature (the next add or sync starts afresh)."""
        with self.db:
            for table in tables.TABLES:
                self.db.execute(f"DELETE FROM {table}")
            tables.set_meta(self.db, "version", _VERSION)
            tables.set_meta(self.db, "weighed_n", "0")
        self.version, self._made = _VERSION, None

    # --- features --------------------------------------------------------------
    @_without_gc_alone
    def prepare_store(self, store, progress: Progress | None = None) -> tuple[int, int]:
        """Bring the features level with the article store (its db and
        get_many): compute those of articles that are new or changed, drop
        those of articles that are gone (and them from their events).
        Returns (removed, changed)."""
        self._current()
        current = dict(store.db.execute("SELECT id, hash FROM articles").fetchall())
        known = {aid: (doc, h) for doc, aid, h in self.db.execute("SELECT doc, article_id, hash FROM event_articles")}
        removed = self.remove([i for i in known if i not in current])
        todo = sorted(i for i, h in current.items() if i not in known or known[i][1] != h)
        if not todo:
            return removed, 0

        def batches():
            for start in range(0, len(todo), _BATCH):
                yield list(store.get_many(todo[start : start + _BATCH]).values())

        with parallel.features(batches(), len(todo), self.settings, _told(progress, "events: reading texts")) as computed:
            arts = computed.arts
            # the store's hash is the article's content_hash, worked out when it was stored
            hashes = [current[a.id] for a in arts]
            fresh = [k for k, a in enumerate(arts) if a.id not in known]
            changed = {known[a.id][0]: k for k, a in enumerate(arts) if a.id in known}
            with self.db:
                self._compute(computed, hashes, fresh, changed)
        return removed, len(changed)

    @_without_gc_alone
    def prepare(self, articles: Iterable[Article], progress: Progress | None = None) -> tuple[int, int]:
        """Compute and keep the features of articles not seen before (they
        wait, pending, to be placed) or whose text changed (they keep their
        event). Returns (new, changed)."""
        self._current()
        known = {aid: (doc, h) for doc, aid, h in self.db.execute("SELECT doc, article_id, hash FROM event_articles")}
        fresh: dict[str, Article] = {}
        changed: dict[int, Article] = {}
        for a in articles:
            row = known.get(a.id)
            if row is None:
                fresh[a.id] = a
            elif row[1] != a.content_hash:
                changed[row[0]] = a
        if fresh or changed:
            arts = [*fresh.values(), *changed.values()]
            batches = (arts[k : k + _BATCH] for k in range(0, len(arts), _BATCH))
            with parallel.features(batches, len(arts), self.settings, _told(progress, "events: reading texts")) as computed, self.db:
                self._compute(computed, [a.content_hash for a in arts], list(range(len(fresh))),
                              {doc: len(fresh) + k for k, doc in enumerate(changed)})
        return len(fresh), len(changed)

    def _compute(self, computed: parallel.Computed, hashes: Sequence[str], fresh: Sequence[int],
                 changed: dict[int, int]) -> None:
        """Keep the features computed of computed.arts (hashes: their content
        hashes): those at the positions fresh as new rows, pending, those of
        changed (doc -> position) in their rows."""
        s, arts = self.settings, computed.arts
        prior = tables.known_count(self.db)
        delta: Counter[str] = Counter(computed.df)
        if changed:
            for (old,) in tables.select_in(self.db, "SELECT features FROM event_features WHERE doc IN ({})", list(changed)):
                delta.subtract(rows.term_keys(old))
        tables.count_terms(self.db, delta)
        n = prior + len(fresh)
        df = dict(delta) if not prior else tables.df_of(self.db, computed.df.keys())
        encoded = computed.rows(df, n, s.max_terms)
        next_doc = (self.db.execute("SELECT max(doc) FROM event_articles").fetchone()[0] or 0) + 1
        self.db.executemany(
            "INSERT INTO event_articles(doc, article_id, event_id, hash, title, source, published, features, names,"
            " neighbours) VALUES(?,?,?,?,?,?,?,'','','')",
            [(next_doc + j, arts[k].id, PENDING, hashes[k], arts[k].title, arts[k].source,
              tables.iso(arts[k].published)) for j, k in enumerate(fresh)],
        )
        self.db.executemany("INSERT INTO event_features(doc, features, names) VALUES(?,?,?)",
                            [(next_doc + j, *encoded[k]) for j, k in enumerate(fresh)])
        self.db.executemany(
            "UPDATE event_articles SET hash=?, title=?, source=?, published=? WHERE doc=?",
            [(hashes[k], arts[k].title, arts[k].source, tables.iso(arts[k].published), doc) for doc, k in changed.items()],
        )
        with postings.changing(self.db, list(changed)):  # their vectors: counted again
            self.db.executemany("UPDATE event_features SET features=?, names=? WHERE doc=?",
                                [(*encoded[k], doc) for doc, k in changed.items()])
        self._reweigh_if_grown(prior, n, next_doc)

    def _idfs(self, terms: Iterable[str], n: int) -> IdfTable:
        return IdfTable(tables.df_of(self.db, terms), n)

    def _reweigh_if_grown(self, prior: int, n: int, first_new: int) -> None:
        """Weigh the vectors of the articles seen before (docs below first_new) again once the
        collection has doubled since they were weighed (IDF moves as it grows): amortised, a constant per article."""
        weighed = int(tables.meta(self.db, "weighed_n") or 0)
        if prior and (n < 2 * weighed or n < 20):
            return
        if prior:
            found = self.db.execute("SELECT doc, features, names FROM event_features WHERE doc < ?", (first_new,)).fetchall()
            raws = [rows.decode_terms(f) for _, f, _ in found]
            idfs = self._idfs({t for raw in raws for t in raw}, n)
            updated = []
            for (doc, _, signature), raw in zip(found, raws):
                _, f = rows.decode_signature(signature, raw)
                updated.append((rows.encode_signature(f, weigh(raw, idfs, self.settings.max_terms)), doc))
            self.db.executemany("UPDATE event_features SET names=? WHERE doc=?", updated)
            postings.stale(self.db)
        tables.set_meta(self.db, "weighed_n", str(n))

    # --- writing --------------------------------------------------------------
    def add(self, articles: Iterable[Article], progress: Progress | None = None) -> EventUpdate:
        """Place new articles into events, existing or new (with any other article pending). Articles
        already placed keep their event (their features are refreshed if their text changed)."""
        _, changed = self.prepare(articles, progress)
        update = self.place(progress)
        update.updated = changed
        return update

    def remove(self, article_ids: Iterable[str]) -> int:
        """Take articles out of their events; an event left empty goes."""
        self._current()
        removed = 0
        touched: set[str] = set()
        uncounted: Counter[str] = Counter()
        article_ids = list(article_ids)
        with self.db:
            postings.forget(self.db, postings.docs_of(self.db, article_ids))
            for article_id in article_ids:
                row = self.db.execute(
                    f"SELECT doc, event_id, f.features FROM {tables.FEATURED} WHERE article_id=?", (article_id,)
                ).fetchone()
                if row is None:
                    continue
                doc, event_id, features = row
                uncounted.update(rows.term_keys(features))
                self.db.execute("DELETE FROM event_articles WHERE doc=?", (doc,))
                self.db.execute("DELETE FROM event_features WHERE doc=?", (doc,))
                if event_id != PENDING:
                    touched.add(event_id)
                removed += 1
            tables.count_terms(self.db, {t: -n for t, n in uncounted.items()})
            for event_id in touched:
                if not self.db.execute("SELECT 1 FROM event_articles WHERE event_id=? LIMIT 1", (event_id,)).fetchone():
                    self.db.execute("DELETE FROM events WHERE id=?", (event_id,))
            tables.resummarise(self.db, [e for e in touched if self.event(e) is not None])
        return removed

    def sync(self, articles: Iterable[Article], progress: Progress | None = None) -> EventUpdate:
        """Bring the events level with a whole collection: add what is new,
        refresh what changed, drop what is gone."""
        arts = list(articles)
        present = {a.id for a in arts}
        self._current()
        gone = [r[0] for r in self.db.execute("SELECT article_id FROM event_articles") if r[0] not in present]
        removed = self.remove(gone)
        update = self.add(arts, progress)
        update.removed = removed
        return update

    def sync_store(self, store, progress: Progress | None = None) -> EventUpdate:
        """sync() with the article store (its db and get_many), reading only
        the articles whose features are not kept yet."""
        removed, changed = self.prepare_store(store, progress)
        # Articles to place: the grouping will need numpy and scipy, imported while place() reads
        # them (only now: a thread beside prepare_store would keep it from forking and from pausing the GC).
        if self.db.execute("SELECT 1 FROM event_articles WHERE event_id=? LIMIT 1", (PENDING,)).fetchone():
            preload.sparse_in_background()
        update = self.place(progress)
        update.removed, update.updated = removed, changed
        return update

    @_without_gc
    def place(self, progress: Progress | None = None) -> EventUpdate:
        """Place every pending article into events, existing or new."""
        self._current()
        update = EventUpdate()
        pending = self.db.execute(
            f"SELECT doc, article_id, title, source, published, {rows.TERMS_SQL}, f.names FROM {tables.FEATURED}"
            " WHERE event_id=? ORDER BY doc", (PENDING,)).fetchall()
        if pending:
            with self.db:
                made = self._place(pending, update, progress)
            seen = self.db.execute("PRAGMA data_version").fetchone()  # none on a server
            self._made = (made, seen[0]) if made is not None and seen else None
        return update

    def _place(self, pending: list[tuple], update: EventUpdate, progress: Progress | None) -> list[Event] | None:
        """Place pending rows; returns every event when there were none before."""
        s = self.settings
        if progress:
            progress("events: reading features", 0, len(pending))
        new_docs = [tables.stored_doc(aid, title, source, published, features, names)
                    for _, aid, title, source, published, features, names in pending]
        idfs = self._idfs(tables.subjects(new_docs), tables.known_count(self.db))
        days = [d.day for d in new_docs]
        # Stored articles similar to a new one (found in memory from the vectors of those
        # holding one of its rare terms: postings.py), and every member of their events.
        kept = postings.ready(self.db)
        stored, rare = postings.near(self.db, [d.vector for d in new_docs]) if kept else ([], set())
        cross = grouping.cross_edges([d.vector for d in new_docs], [v for _, v, _ in stored], s.min_edge, None,
                                     days, [day for _, _, day in stored], s.max_gap_days, rare) if stored else {}
        stored_docs, members, index = self._members(sorted({stored[j][0] for j, _ in cross}), idfs)
        m = len(members)
        # Edges: new with new, new with stored.
        edges = grouping.cosine_edges(
            [d.vector for d in new_docs], None, s.min_edge, None, days, s.max_gap_days,
            (lambda done, total: progress("events: comparing", done, total)) if progress else None,
        )
        if m:  # the new docs come after the stored ones
            edges = {(i + m, j + m): sim for (i, j), sim in edges.items()}
        for (j, k), sim in cross.items():
            edges[(index[stored[j][0]], k + m)] = sim
        labels = {i: r[2] for i, r in enumerate(members)}
        start = [rows.decode_neighbours(r[4]) for r in members] + [[] for _ in new_docs]
        if progress:
            progress("events: grouping", 0, len(pending))
        # The stored reports start apart (their backgrounds grew with the reports since:
        # an event joined on its first days' may come apart, as in a first grouping).
        inner = grouping.within_groups(stored_docs, labels, s.min_edge, s.max_gap_days)
        clusters, best = corrected_clusters([*stored_docs, *new_docs], edges, {}, start, s, idfs, inner, labels)
        self.db.executemany(
            "UPDATE event_articles SET neighbours=? WHERE doc=?",
            [(rows.encode_neighbours(best[i]), members[i][0]) for i in range(m) if best[i] != start[i]],
        )
        if progress:
            progress("events: saving", 0, len(pending))
        first = not stored and not self.db.execute("SELECT 1 FROM events LIMIT 1").fetchone()
        made = self._write(clusters, members, stored_docs, [r[0] for r in pending], new_docs, best, update)
        if kept:
            postings.learn(self.db, [r[0] for r in pending])
        return made if first else None

    def _members(self, near: list[int], idfs: IdfTable) -> tuple[list[Doc], list[tuple], dict[int, int]]:
        """The stored docs of every event that holds one of near, as grouping
        sees them, their rows, and doc -> position."""
        events = sorted(
            {e for (e,) in tables.select_in(self.db, "SELECT DISTINCT event_id FROM event_articles WHERE doc IN ({})", near)}
        )
        # With their titles and outlets, as a first grouping sees them: pair rules read the
        # headline (a given name before a surname, a capitals headline's stand-in) and the outlet.
        members = tables.select_in(
            self.db,
            f"SELECT doc, article_id, event_id, published, neighbours, {rows.TERMS_SQL}, f.names, title, source"
            f" FROM {tables.FEATURED} WHERE event_id IN ({{}}) ORDER BY doc",
            events,
        )
        docs = [tables.stored_doc(article_id, title, source, published, features, names)
                for _, article_id, _e, published, _n, features, names, title, source in members]
        idfs.df.update(tables.df_of(self.db, tables.subjects(docs) - idfs.df.keys()))
        return docs, members, {row[0]: i for i, row in enumerate(members)}

    def _write(self, clusters: list[grouping.Cluster], members: Sequence[tuple], stored_docs: Sequence[Doc],
               doc_ids: Sequence[int], new_docs: Sequence[Doc], best: Sequence[list[float]], update: EventUpdate) -> list[Event]:
        """Put the pending articles in their events, existing or new, and the stored reports
        of an event that came apart in theirs; returns the new events of pending articles only."""
        m = len(members)
        placed_rows, new_events, grown = [], {}, []
        encoded = rows.encode_neighbour_rows(best[m:])  # every new doc's: each is placed
        keeper = linkage.keepers(clusters, m, lambda i, event: event_id_for(members[i][1]) == event)
        moved, parts = [], []
        for k, c in enumerate(clusters):
            placed = [i - m for i in c.members if i >= m]
            stored = [i for i in c.members if i < m]
            if stored and keeper[c.fixed] != k:
                # A part of an event that came apart: a new event, named after its first report.
                founder = min([*(new_docs[p] for p in placed), *(stored_docs[i] for i in stored)], key=age_key)
                event_id = event_id_for(founder.id)
                moved += [(event_id, members[i][0]) for i in stored]
                parts.append(event_id)
                grown.append(c.fixed)
                update.new_events.append(event_id)
            elif not placed:
                continue
            elif c.fixed:
                event_id = c.fixed
                update.joined += len(placed)
                update.grown_events.append(event_id)
                grown.append(event_id)
            else:
                founder = new_docs[placed[0]] if len(placed) == 1 else min((new_docs[k] for k in placed), key=age_key)
                event_id = event_id_for(founder.id)
                new_events[event_id] = [new_docs[k] for k in placed]
                update.new_events.append(event_id)
            placed_rows += [(event_id, encoded[k], doc_ids[k]) for k in placed]
            update.added += len(placed)
        # In key order: SQLite's B-tree is then walked once, not jumped about (a third of the time).
        placed_rows.sort(key=lambda r: r[2])
        self.db.executemany("UPDATE event_articles SET event_id=?, neighbours=? WHERE doc=?", placed_rows)
        if moved:
            self.db.executemany("UPDATE event_articles SET event_id=? WHERE doc=?", moved)
            self.db.executemany("INSERT OR REPLACE INTO events(id, title, cohesion) VALUES(?, '', 1.0)", [(e,) for e in parts])
            grown = sorted(set(grown)) + parts
        # A new event's summary comes from the docs in hand; a grown one's is read back.
        # numpy: only when events are computed (the app's start-up does not pay for it)
        from reader.core.events.summaries import summarise_all

        made = summarise_all([(i, new_events[i]) for i in sorted(new_events)])
        self.db.executemany("INSERT OR REPLACE INTO events(id, title, cohesion) VALUES(?, ?, ?)",
                            [(e.id, e.title, e.cohesion) for e in made])
        tables.resummarise(self.db, grown)
        return made

    # --- reading ----------------------------------------------------------------
    @_without_gc
    def events(self, min_count: int = 1) -> list[Event]:
        """Every event of at least min_count reports, latest first."""
        if self._made is not None:  # as tables.events would read them back (a test holds one to the other)
            made, seen = self._made
            if self.db.execute("PRAGMA data_version").fetchone()[0] == seen:
                return sort_events([e for e in made if e.count >= min_count])
        return tables.events(self.db, min_count)

    def event(self, event_id: str) -> Event | None:
        return tables.event(self.db, event_id)

    def event_of(self, article_id: str) -> Event | None:
        return tables.event_of(self.db, article_id)


def _told(progress: Progress | None, what: str) -> Callable[[int, int], None] | None:
    return (lambda done, total: progress(what, done, total)) if progress else None
