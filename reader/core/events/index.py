"""Events kept in the article store's SQLite database, grown incrementally.

New articles join existing events, or found new ones, without regrouping:
an event keeps its id as it grows and two existing events never merge. The
tables (event_*) are made by the store's migrations and used on the store's
connection; they are derived data, emptied and grouped again from scratch
when the features change.
"""

from __future__ import annotations

import heapq
import json
import logging
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from reader.core.events import grouping, tables
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
    raw_features,
    summarise,
    title_names,
    weigh,
)
from reader.core.events.grouping import naive
from reader.core.models import Article

log = logging.getLogger(__name__)

# "tables 2" is the layout of the migration 0004_events; it stays in the
# version so that the events of stores made before migrations are kept.
_VERSION = f"tables 2, features {FEATURES_VERSION}"
_SIMILAR_LIMIT = 300  # stored articles considered per new article


@dataclass
class EventUpdate:
    """What EventIndex.add, remove or sync did."""

    added: int = 0  # articles placed in events
    joined: int = 0  # of which, into events that existed before
    updated: int = 0  # articles whose text changed (they keep their event)
    removed: int = 0
    new_events: list[str] = field(default_factory=list)
    grown_events: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


class EventIndex:
    """Events kept in SQLite beside the articles, in tables of their own.
    One writer at a time, as for the store.

    Each placed article keeps its strongest raw term counts (features), its
    weighted vector as postings (term, doc, weight), from which SQLite finds
    a new article's most similar stored ones, and its best similarities
    (neighbours, for the hub correction). Vectors are weighed again with the
    current IDF whenever the collection has doubled since they last were."""

    def __init__(self, db: sqlite3.Connection, settings: Settings = DEFAULT):
        self.db = db
        self.settings = settings
        version = tables.meta(self.db, "version")
        if version != _VERSION:
            # Other features: the events are derived data, so they are
            # grouped again from scratch.
            if version is not None:
                log.info("the stored events are from another version: they are grouped again")
            self.clear()

    def clear(self) -> None:
        """Forget every event (the next add or sync groups from scratch)."""
        with self.db:
            for table in tables.TABLES:
                self.db.execute(f"DELETE FROM {table}")
            tables.set_meta(self.db, "version", _VERSION)
            tables.set_meta(self.db, "weighed_n", "0")

    # --- writing --------------------------------------------------------------
    def add(self, articles: Iterable[Article]) -> EventUpdate:
        """Place new articles into events, existing or new. Articles already
        placed keep their event (their terms are refreshed if their text
        changed)."""
        update = EventUpdate()
        known = dict(self.db.execute("SELECT article_id, hash FROM event_articles").fetchall())
        fresh: dict[str, Article] = {}
        changed: list[Article] = []
        for a in articles:
            if a.id not in known:
                fresh[a.id] = a
            elif known[a.id] != a.content_hash:
                changed.append(a)
        with self.db:
            for a in changed:
                self._refresh(a)
            update.updated = len(changed)
            if fresh:
                self._place(list(fresh.values()), update)
        return update

    def remove(self, article_ids: Iterable[str]) -> int:
        """Take articles out of their events; an event left empty goes."""
        removed = 0
        touched: set[str] = set()
        with self.db:
            for article_id in article_ids:
                row = self.db.execute(
                    "SELECT doc, event_id, features FROM event_articles WHERE article_id=?", (article_id,)
                ).fetchone()
                if row is None:
                    continue
                doc, event_id, features = row
                # Only the stored terms can be uncounted: the document
                # frequencies of a removed article's weakest terms stay.
                tables.count_terms(self.db, json.loads(features).keys(), -1)
                self.db.execute("DELETE FROM event_postings WHERE doc=?", (doc,))
                self.db.execute("DELETE FROM event_articles WHERE doc=?", (doc,))
                touched.add(event_id)
                removed += 1
            for event_id in touched:
                if not self.db.execute("SELECT 1 FROM event_articles WHERE event_id=? LIMIT 1", (event_id,)).fetchone():
                    self.db.execute("DELETE FROM events WHERE id=?", (event_id,))
            self._resummarise([e for e in touched if self.event(e) is not None])
        return removed

    def sync(self, articles: Iterable[Article]) -> EventUpdate:
        """Bring the events level with a whole collection (the store): add
        what is new, refresh what changed, drop what is gone."""
        arts = list(articles)
        present = {a.id for a in arts}
        gone = [r[0] for r in self.db.execute("SELECT article_id FROM event_articles") if r[0] not in present]
        removed = self.remove(gone)
        update = self.add(arts)
        update.removed = removed
        return update

    # --- bookkeeping ------------------------------------------------------------
    def _idfs(self, raws: Iterable[dict[str, float]], n: int) -> IdfTable:
        return IdfTable(tables.df_of(self.db, {t for raw in raws for t in raw}), n)

    def _stored(self, raw: dict[str, float], idfs: dict[str, float]) -> str:
        """The raw counts kept: the stored_terms strongest, as JSON."""
        if len(raw) > self.settings.stored_terms:
            raw = dict(heapq.nlargest(self.settings.stored_terms, raw.items(), key=lambda kv: (kv[1] * idfs[kv[0]], kv[0])))
        return json.dumps(raw, ensure_ascii=False)

    def _refresh(self, article: Article) -> None:
        doc, old = self.db.execute("SELECT doc, features FROM event_articles WHERE article_id=?", (article.id,)).fetchone()
        raw = raw_features(article, self.settings)
        tables.count_terms(self.db, json.loads(old).keys(), -1)
        tables.count_terms(self.db, raw.keys(), +1)
        idfs = self._idfs([raw], tables.placed_count(self.db))
        tables.write_postings(self.db, doc, weigh(raw, idfs, self.settings.max_terms))
        self.db.execute(
            "UPDATE event_articles SET hash=?, title=?, source=?, published=?, features=?, names=? WHERE doc=?",
            (article.content_hash, article.title, article.source, tables.iso(article.published), self._stored(raw, idfs),
             json.dumps(sorted(title_names(article))), doc),
        )

    def _reweigh_if_grown(self, n: int) -> None:
        """Weigh every stored vector again once the collection has doubled
        since they were weighed (IDF moves as it grows); amortised, this
        costs a constant per added article."""
        weighed = int(tables.meta(self.db, "weighed_n") or 0)
        if n < 2 * weighed or n < 20:
            return
        rows = self.db.execute("SELECT doc, features FROM event_articles").fetchall()
        if rows:
            raws = [json.loads(f) for _, f in rows]
            idfs = self._idfs(raws, n)
            self.db.execute("DELETE FROM event_postings")
            self.db.executemany(
                "INSERT INTO event_postings(term, doc, weight) VALUES(?, ?, ?)",
                ((t, doc, w) for (doc, _), raw in zip(rows, raws) for t, w in weigh(raw, idfs, self.settings.max_terms).items()),
            )
        tables.set_meta(self.db, "weighed_n", str(n))

    def _place(self, arts: list[Article], update: EventUpdate) -> None:
        s = self.settings
        n = tables.placed_count(self.db) + len(arts)
        self._reweigh_if_grown(n - len(arts))
        raws = [raw_features(a, s) for a in arts]
        for raw in raws:
            tables.count_terms(self.db, raw.keys(), +1)
        idfs = self._idfs(raws, n)
        new_docs = [
            Doc(a.id, a.title, a.source, a.published, weigh(r, idfs, s.max_terms), title_names(a), r)
            for a, r in zip(arts, raws)
        ]
        # Stored articles similar to a new one, and every member of their events.
        similar = [tables.similar(self.db, d.vector, s.min_edge, _SIMILAR_LIMIT) for d in new_docs]
        near = sorted({doc for rows in similar for doc, _ in rows})
        events = sorted(
            {e for (e,) in tables.select_in(self.db, "SELECT DISTINCT event_id FROM event_articles WHERE doc IN ({})", near)}
        )
        members = tables.select_in(
            self.db,
            "SELECT doc, article_id, event_id, published, neighbours FROM event_articles WHERE event_id IN ({}) ORDER BY doc",
            events,
        )
        details = {
            doc: (json.loads(features), frozenset(json.loads(names)))
            for doc, features, names in tables.select_in(self.db, "SELECT doc, features, names FROM event_articles WHERE doc IN ({})", near)
        }
        idfs.df.update(tables.df_of(self.db, {t for _, names in details.values() for t in names} - idfs.df.keys()))
        stored_docs = [
            Doc(article_id, "", "", tables.parse_date(published), {}, *reversed(details.get(doc, ({}, frozenset()))))
            for doc, article_id, _e, published, _n in members
        ]
        index = {row[0]: i for i, row in enumerate(members)}
        m = len(members)
        # Edges: new with new (in memory), new with stored (from SQLite).
        days = [naive(d.published).toordinal() if d.published else None for d in new_docs]
        edges = {
            (i + m, j + m): sim
            for (i, j), sim in grouping.cosine_edges(
                [d.vector for d in new_docs], None, s.min_edge, None, days, s.max_gap_days
            ).items()
        }
        for k, rows in enumerate(similar):
            for doc, sim in rows:
                edges[(index[doc], k + m)] = sim
        fixed = {i: r[2] for i, r in enumerate(members)}
        start = [json.loads(r[4]) for r in members] + [[] for _ in new_docs]
        clusters, best = corrected_clusters([*stored_docs, *new_docs], edges, fixed, start, s, idfs)
        self.db.executemany(
            "UPDATE event_articles SET neighbours=? WHERE doc=?",
            [(json.dumps(sorted(best[i])), members[i][0]) for i in range(m) if sorted(best[i]) != sorted(start[i])],
        )
        touched = []
        for c in clusters:
            placed = [i - m for i in c.members if i >= m]
            if not placed:
                continue
            if c.fixed:
                event_id = c.fixed
                update.joined += len(placed)
                update.grown_events.append(event_id)
            else:
                event_id = event_id_for(min((new_docs[k] for k in placed), key=age_key).id)
                self.db.execute("INSERT OR IGNORE INTO events(id, title) VALUES(?, '')", (event_id,))
                update.new_events.append(event_id)
            touched.append(event_id)
            for k in placed:
                a, d = arts[k], new_docs[k]
                cur = self.db.execute(
                    "INSERT INTO event_articles(article_id, event_id, hash, title, source, published, features, names, neighbours)"
                    " VALUES(?,?,?,?,?,?,?,?,?)",
                    (a.id, event_id, a.content_hash, a.title, a.source, tables.iso(a.published), self._stored(raws[k], idfs),
                     json.dumps(sorted(d.names)), json.dumps(sorted(best[k + m]))),
                )
                tables.write_postings(self.db, cur.lastrowid, d.vector)
            update.added += len(placed)
        if not int(tables.meta(self.db, "weighed_n") or 0):
            tables.set_meta(self.db, "weighed_n", str(n))
        self._resummarise(touched)

    def _resummarise(self, event_ids: list[str]) -> None:
        """Recompute the title and cohesion of events that changed."""
        for event_id in event_ids:
            rows = self.db.execute(
                "SELECT a.doc, a.article_id, a.title, a.source, a.published, p.term, p.weight"
                " FROM event_articles a JOIN event_postings p ON p.doc = a.doc WHERE a.event_id=?",
                (event_id,),
            ).fetchall()
            docs: dict[int, Doc] = {}
            for doc, article_id, title, source, published, term, weight in rows:
                if doc not in docs:
                    docs[doc] = Doc(article_id, title, source, tables.parse_date(published), {})
                docs[doc].vector[term] = weight
            if docs:
                summary = summarise(event_id, list(docs.values()))
                self.db.execute(
                    "UPDATE events SET title=?, cohesion=?, updated_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id=?",
                    (summary.title, summary.cohesion, event_id),
                )

    # --- reading ----------------------------------------------------------------
    def events(self, min_count: int = 1) -> list[Event]:
        """Every event of at least min_count reports, latest first."""
        return tables.events(self.db, min_count)

    def event(self, event_id: str) -> Event | None:
        return tables.event(self.db, event_id)

    def event_of(self, article_id: str) -> Event | None:
        return tables.event_of(self.db, article_id)
