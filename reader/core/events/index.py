"""Events kept in the article store's SQLite database, grown incrementally.

New articles join existing events, or found new ones, without regrouping:
an event keeps its id as it grows and two existing events never merge. The
tables (event_*) are made by the store's migrations and used on the store's
connection; they are derived data, emptied and grouped again from scratch
when the features change (at the next write: until then they are read as
they are).
"""

from __future__ import annotations

import heapq
import json
import logging
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
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
    article_features,
    corrected_clusters,
    event_id_for,
    summarise,
    weigh,
)
from reader.core.events.features import Features
from reader.core.models import Article

log = logging.getLogger(__name__)

# "tables 2" is the layout of the migration 0004_events (event_articles.names
# holds an article's signature, Features.signature, since features 12).
_VERSION = f"tables 2, features {FEATURES_VERSION}"
_BATCH = 500  # articles read from the store at a time
Progress = Callable[[str, int, int], None]


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
    signature (features.Features, with its weighted vector), from which a new
    article's most similar stored ones are found in memory, and its best
    similarities (neighbours, for the background correction). Vectors are
    weighed again with the current IDF whenever the collection has doubled
    since they last were."""

    def __init__(self, db: sqlite3.Connection, settings: Settings = DEFAULT):
        self.db = db
        self.settings = settings
        self.version = tables.meta(self.db, "version")

    def _current(self) -> None:
        """Before a write: events of other features are derived data, so they
        are grouped again from scratch."""
        if self.version != _VERSION:
            if self.version is not None:
                log.info("the stored events are from another version: they are grouped again")
            self.clear()

    def clear(self) -> None:
        """Forget every event (the next add or sync groups from scratch)."""
        with self.db:
            for table in tables.TABLES:
                self.db.execute(f"DELETE FROM {table}")
            tables.set_meta(self.db, "version", _VERSION)
            tables.set_meta(self.db, "weighed_n", "0")
        self.version = _VERSION

    # --- writing --------------------------------------------------------------
    def add(self, articles: Iterable[Article], progress: Progress | None = None) -> EventUpdate:
        """Place new articles into events, existing or new. Articles already
        placed keep their event (their terms are refreshed if their text
        changed)."""
        self._current()
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
                self._place(list(fresh.values()), update, progress)
        return update

    def remove(self, article_ids: Iterable[str]) -> int:
        """Take articles out of their events; an event left empty goes."""
        self._current()
        removed = 0
        touched: set[str] = set()
        uncounted: Counter[str] = Counter()
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
                uncounted.update(json.loads(features).keys())
                self.db.execute("DELETE FROM event_articles WHERE doc=?", (doc,))
                touched.add(event_id)
                removed += 1
            tables.count_terms(self.db, {t: -n for t, n in uncounted.items()})
            for event_id in touched:
                if not self.db.execute("SELECT 1 FROM event_articles WHERE event_id=? LIMIT 1", (event_id,)).fetchone():
                    self.db.execute("DELETE FROM events WHERE id=?", (event_id,))
            self._resummarise([e for e in touched if self.event(e) is not None])
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
        the articles that are new or changed since the events last saw them."""
        self._current()
        current = dict(store.db.execute("SELECT id, hash FROM articles").fetchall())
        placed = dict(self.db.execute("SELECT article_id, hash FROM event_articles").fetchall())
        removed = self.remove([i for i in placed if i not in current])
        todo = sorted(i for i, h in current.items() if placed.get(i) != h)
        arts: list[Article] = []
        for start in range(0, len(todo), _BATCH):
            arts += store.get_many(todo[start : start + _BATCH]).values()
            if progress:
                progress("events: reading", len(arts), len(todo))
        update = self.add(arts, progress) if arts else EventUpdate()
        update.removed = removed
        return update

    # --- bookkeeping ------------------------------------------------------------
    def _idfs(self, raws: Iterable[dict[str, float]], n: int) -> IdfTable:
        return IdfTable(tables.df_of(self.db, {t for raw in raws for t in raw}), n)

    def _stored(self, raw: dict[str, float], idfs: dict[str, float]) -> dict[str, float]:
        """The raw counts kept: the stored_terms strongest."""
        if len(raw) > self.settings.stored_terms:
            score = {t: c * idfs[t] for t, c in raw.items()}
            raw = {t: raw[t] for t in heapq.nlargest(self.settings.stored_terms, score, key=score.__getitem__)}
        return raw

    def _refresh(self, article: Article) -> None:
        doc, old = self.db.execute("SELECT doc, features FROM event_articles WHERE article_id=?", (article.id,)).fetchone()
        f = article_features(article, self.settings)
        delta = Counter(f.terms.keys())
        delta.subtract(json.loads(old).keys())
        tables.count_terms(self.db, delta)
        idfs = self._idfs([f.terms], tables.placed_count(self.db))
        self.db.execute(
            "UPDATE event_articles SET hash=?, title=?, source=?, published=?, features=?, names=? WHERE doc=?",
            (article.content_hash, article.title, article.source, tables.iso(article.published),
             json.dumps(self._stored(f.terms, idfs), ensure_ascii=False),
             _signature_json(f, weigh(f.terms, idfs, self.settings.max_terms)), doc),
        )

    def _reweigh_if_grown(self, n: int) -> None:
        """Weigh every stored vector again once the collection has doubled
        since they were weighed (IDF moves as it grows); amortised, this
        costs a constant per added article."""
        weighed = int(tables.meta(self.db, "weighed_n") or 0)
        if n < 2 * weighed or n < 20:
            return
        rows = self.db.execute("SELECT doc, features, names FROM event_articles").fetchall()
        if rows:
            raws = [json.loads(f) for _, f, _ in rows]
            idfs = self._idfs(raws, n)
            updated = []
            for (doc, _, signature), raw in zip(rows, raws):
                sig = tables.signature_of(signature)
                sig["vector"] = _rounded(weigh(raw, idfs, self.settings.max_terms))
                updated.append((json.dumps(sig, ensure_ascii=False), doc))
            self.db.executemany("UPDATE event_articles SET names=? WHERE doc=?", updated)
        tables.set_meta(self.db, "weighed_n", str(n))

    def _place(self, arts: list[Article], update: EventUpdate, progress: Progress | None) -> None:
        s = self.settings
        stored_n = tables.placed_count(self.db)
        n = stored_n + len(arts)
        self._reweigh_if_grown(stored_n)
        feats: list[Features] = []
        for k, a in enumerate(arts):
            feats.append(article_features(a, s))
            if progress and (k + 1) % _BATCH == 0:
                progress("events: reading texts", k + 1, len(arts))
        df: Counter[str] = Counter()
        for f in feats:
            df.update(f.terms.keys())
        tables.count_terms(self.db, df)
        idfs = self._idfs((f.terms for f in feats), n) if stored_n else IdfTable(df, n)
        new_docs = [Doc(a.id, a.title, a.source, a.published, weigh(f.terms, idfs, s.max_terms), f) for a, f in zip(arts, feats)]
        if progress:
            progress("events: grouping", 0, len(arts))
        # Stored articles similar to a new one (found in memory from their
        # vectors), and every member of their events.
        stored = tables.vectors(self.db) if stored_n else []
        cross = grouping.cross_edges([d.vector for d in new_docs], [v for _, v, _ in stored], s.min_edge, None,
                                     [d.day for d in new_docs], [day for _, _, day in stored], s.max_gap_days)
        stored_docs, members, index = self._members(sorted({stored[j][0] for j, _ in cross}), idfs)
        m = len(members)
        # Edges: new with new, new with stored.
        edges = {
            (i + m, j + m): sim
            for (i, j), sim in grouping.cosine_edges(
                [d.vector for d in new_docs], None, s.min_edge, None, [d.day for d in new_docs], s.max_gap_days
            ).items()
        }
        for (j, k), sim in cross.items():
            edges[(index[stored[j][0]], k + m)] = sim
        fixed = {i: r[2] for i, r in enumerate(members)}
        start = [json.loads(r[4]) for r in members] + [[] for _ in new_docs]
        clusters, best = corrected_clusters([*stored_docs, *new_docs], edges, fixed, start, s, idfs)
        self.db.executemany(
            "UPDATE event_articles SET neighbours=? WHERE doc=?",
            [(_neighbours(best[i]), members[i][0]) for i in range(m) if best[i] != start[i]],
        )
        if progress:
            progress("events: saving", 0, len(arts))
        self._write(clusters, m, arts, new_docs, best, idfs, update)
        if not int(tables.meta(self.db, "weighed_n") or 0):
            tables.set_meta(self.db, "weighed_n", str(n))

    def _members(self, near: list[int], idfs: IdfTable) -> tuple[list[Doc], list[tuple], dict[int, int]]:
        """The stored docs of every event that holds one of near, as grouping
        sees them, their rows, and doc -> position."""
        events = sorted(
            {e for (e,) in tables.select_in(self.db, "SELECT DISTINCT event_id FROM event_articles WHERE doc IN ({})", near)}
        )
        members = tables.select_in(
            self.db,
            "SELECT doc, article_id, event_id, published, neighbours, features, names FROM event_articles"
            " WHERE event_id IN ({}) ORDER BY doc",
            events,
        )
        docs = []
        for doc, article_id, _e, published, _n, features, signature in members:
            f = Features.from_signature(json.loads(features), tables.signature_of(signature))
            docs.append(Doc(article_id, "", "", tables.parse_date(published), {}, f))
        idfs.df.update(tables.df_of(self.db, {t for d in docs for t in d.features.subject} - idfs.df.keys()))
        return docs, members, {row[0]: i for i, row in enumerate(members)}

    def _write(self, clusters: list[grouping.Cluster], m: int, arts: Sequence[Article], new_docs: Sequence[Doc],
               best: Sequence[list[float]], idfs: IdfTable, update: EventUpdate) -> None:
        """Store the new articles in their events, existing or new."""
        next_doc = (self.db.execute("SELECT max(doc) FROM event_articles").fetchone()[0] or 0) + 1
        rows, new_events, grown = [], {}, []
        for c in clusters:
            placed = [i - m for i in c.members if i >= m]
            if not placed:
                continue
            if c.fixed:
                event_id = c.fixed
                update.joined += len(placed)
                update.grown_events.append(event_id)
                grown.append(event_id)
            else:
                event_id = event_id_for(min((new_docs[k] for k in placed), key=age_key).id)
                new_events[event_id] = [new_docs[k] for k in placed]
                update.new_events.append(event_id)
            for k in placed:
                a, d = arts[k], new_docs[k]
                rows.append((next_doc, a.id, event_id, a.content_hash, a.title, a.source, tables.iso(a.published),
                             json.dumps(self._stored(d.features.terms, idfs), ensure_ascii=False),
                             _signature_json(d.features, d.vector), _neighbours(best[k + m])))
                next_doc += 1
            update.added += len(placed)
        self.db.executemany(
            "INSERT INTO event_articles(doc, article_id, event_id, hash, title, source, published, features, names,"
            " neighbours) VALUES(?,?,?,?,?,?,?,?,?,?)", rows)
        # A new event's summary comes from the docs in hand; a grown one's is read back.
        self.db.executemany(
            "INSERT OR REPLACE INTO events(id, title, cohesion) VALUES(?, ?, ?)",
            [(e.id, e.title, e.cohesion) for e in (summarise(i, docs) for i, docs in new_events.items())],
        )
        self._resummarise(grown)

    def _resummarise(self, event_ids: list[str]) -> None:
        """Recompute the title and cohesion of events that changed."""
        for event_id in event_ids:
            rows = self.db.execute(
                "SELECT article_id, title, source, published, names FROM event_articles WHERE event_id=?", (event_id,)
            ).fetchall()
            docs = [
                Doc(article_id, title, source, tables.parse_date(published), tables.signature_of(sig).get("vector", {}))
                for article_id, title, source, published, sig in rows
            ]
            if docs:
                summary = summarise(event_id, docs)
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


def _neighbours(row: list[float]) -> str:
    return json.dumps([round(x, 5) for x in row])


def _rounded(vector: dict[str, float]) -> dict[str, float]:
    return {t: round(w, 6) for t, w in vector.items()}


def _signature_json(f: Features, vector: dict[str, float]) -> str:
    """What event_articles.names keeps: the signature and the vector."""
    return json.dumps({**f.signature(), "vector": _rounded(vector)}, ensure_ascii=False)
