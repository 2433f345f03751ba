"""Events kept in the article store's SQLite database, grown incrementally.

New articles join existing events, or found new ones, without regrouping:
an event keeps its id as it grows and two existing events never merge. The
tables (event_*) are this module's own, created on first use on the store's
connection; they are derived data, rebuilt from scratch when their layout or
the features change.
"""

from __future__ import annotations

import heapq
import json
import logging
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from reader.core.events import grouping
from reader.core.events.cluster import (
    DEFAULT,
    FEATURES_VERSION,
    Event,
    IdfTable,
    Settings,
    _age,
    _agglomerate,
    _Doc,
    _sort_events,
    _summarise,
    event_id_for,
    raw_features,
    title_names,
    weigh,
)
from reader.core.events.grouping import naive
from reader.core.models import Article

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS event_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    cohesion REAL NOT NULL DEFAULT 1.0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE TABLE IF NOT EXISTS event_articles (
    doc INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL UNIQUE,
    event_id TEXT NOT NULL,
    hash TEXT NOT NULL,
    title TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    published TEXT,
    features TEXT NOT NULL,
    names TEXT NOT NULL DEFAULT '[]',
    neighbours TEXT NOT NULL DEFAULT '[]',
    added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX IF NOT EXISTS event_articles_event ON event_articles(event_id);
CREATE TABLE IF NOT EXISTS event_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS event_postings (
    term TEXT NOT NULL,
    doc INTEGER NOT NULL,
    weight REAL NOT NULL,
    PRIMARY KEY (term, doc)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS event_postings_doc ON event_postings(doc);
"""
_TABLES = ("events", "event_articles", "event_df", "event_postings", "event_meta")
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
    """Events kept in SQLite beside the articles, in tables of their own
    created on first use. One writer at a time, as for the store.

    Each placed article keeps its strongest raw term counts (features), its
    weighted vector as postings (term, doc, weight), from which SQLite finds
    a new article's most similar stored ones, and its best similarities
    (neighbours, for the hub correction). Vectors are weighed again with the
    current IDF whenever the collection has doubled since they last were."""

    def __init__(self, db: sqlite3.Connection, settings: Settings = DEFAULT):
        self.db = db
        self.settings = settings
        with self.db:
            self.db.executescript(_SCHEMA)
        if self._meta("version") != _VERSION:
            # Other tables or other features: the events are derived data,
            # so they are grouped again from scratch.
            if self._meta("version") is not None:
                log.info("the stored events are from another version: they are grouped again")
            with self.db:
                for table in _TABLES:
                    self.db.execute(f"DROP TABLE IF EXISTS {table}")
                self.db.executescript(_SCHEMA)
            self.clear()

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM event_meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO event_meta(key, value) VALUES(?, ?)", (key, value))

    def clear(self) -> None:
        """Forget every event (the next add or sync groups from scratch)."""
        with self.db:
            for table in _TABLES:
                self.db.execute(f"DELETE FROM {table}")
            self._set_meta("version", _VERSION)
            self._set_meta("weighed_n", "0")

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
                self._count_terms(json.loads(features).keys(), -1)
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
    def _count_terms(self, terms: Iterable[str], delta: int) -> None:
        self.db.executemany(
            "INSERT INTO event_df(term, df) VALUES(?, ?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
            [(t, delta) for t in terms],
        )
        if delta < 0:
            self.db.execute("DELETE FROM event_df WHERE df <= 0")

    def _n(self) -> int:
        return self.db.execute("SELECT count(*) FROM event_articles").fetchone()[0]

    def _idfs(self, raws: Iterable[dict[str, float]], n: int) -> IdfTable:
        return IdfTable(self._df_of({t for raw in raws for t in raw}), n)

    def _df_of(self, terms: Iterable[str]) -> dict[str, int]:
        return dict(self._select_in("SELECT term, df FROM event_df WHERE term IN ({})", list(terms)))

    def _select_in(self, sql: str, values: list) -> list[tuple]:
        out: list[tuple] = []
        for i in range(0, len(values), 500):
            chunk = values[i : i + 500]
            out += self.db.execute(sql.format(",".join("?" * len(chunk))), chunk).fetchall()
        return out

    def _stored(self, raw: dict[str, float], idfs: dict[str, float]) -> str:
        """The raw counts kept: the stored_terms strongest, as JSON."""
        if len(raw) > self.settings.stored_terms:
            raw = dict(heapq.nlargest(self.settings.stored_terms, raw.items(), key=lambda kv: (kv[1] * idfs[kv[0]], kv[0])))
        return json.dumps(raw, ensure_ascii=False)

    def _write_postings(self, doc: int, vector: dict[str, float]) -> None:
        self.db.execute("DELETE FROM event_postings WHERE doc=?", (doc,))
        self.db.executemany(
            "INSERT INTO event_postings(term, doc, weight) VALUES(?, ?, ?)", [(t, doc, w) for t, w in vector.items()]
        )

    def _refresh(self, article: Article) -> None:
        doc, old = self.db.execute("SELECT doc, features FROM event_articles WHERE article_id=?", (article.id,)).fetchone()
        raw = raw_features(article, self.settings)
        self._count_terms(json.loads(old).keys(), -1)
        self._count_terms(raw.keys(), +1)
        idfs = self._idfs([raw], self._n())
        self._write_postings(doc, weigh(raw, idfs, self.settings.max_terms))
        self.db.execute(
            "UPDATE event_articles SET hash=?, title=?, source=?, published=?, features=?, names=? WHERE doc=?",
            (article.content_hash, article.title, article.source, _iso(article.published), self._stored(raw, idfs),
             json.dumps(sorted(title_names(article))), doc),
        )

    def _reweigh_if_grown(self, n: int) -> None:
        """Weigh every stored vector again once the collection has doubled
        since they were weighed (IDF moves as it grows); amortised, this
        costs a constant per added article."""
        weighed = int(self._meta("weighed_n") or 0)
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
        self._set_meta("weighed_n", str(n))

    def _similar(self, vector: dict[str, float]) -> list[tuple[int, float]]:
        """The stored articles most similar to vector (cosine >= min_edge),
        computed by SQLite from the postings."""
        if not vector:
            return []
        items = list(vector.items())
        values = ",".join("(?, ?)" for _ in items)
        params = [x for kv in items for x in kv] + [self.settings.min_edge, _SIMILAR_LIMIT]
        return self.db.execute(
            f"WITH q(term, weight) AS (VALUES {values})"
            " SELECT p.doc, sum(p.weight * q.weight) AS s FROM q JOIN event_postings p ON p.term = q.term"
            " GROUP BY p.doc HAVING s >= ? ORDER BY s DESC LIMIT ?",
            params,
        ).fetchall()

    def _place(self, arts: list[Article], update: EventUpdate) -> None:
        s = self.settings
        n = self._n() + len(arts)
        self._reweigh_if_grown(n - len(arts))
        raws = [raw_features(a, s) for a in arts]
        for raw in raws:
            self._count_terms(raw.keys(), +1)
        idfs = self._idfs(raws, n)
        new_docs = [
            _Doc(a.id, a.title, a.source, a.published, weigh(r, idfs, s.max_terms), title_names(a), r)
            for a, r in zip(arts, raws)
        ]
        # Stored articles similar to a new one, and every member of their events.
        similar = [self._similar(d.vector) for d in new_docs]
        near = sorted({doc for rows in similar for doc, _ in rows})
        events = sorted({e for (e,) in self._select_in("SELECT DISTINCT event_id FROM event_articles WHERE doc IN ({})", near)})
        members = self._select_in(
            "SELECT doc, article_id, event_id, published, neighbours FROM event_articles WHERE event_id IN ({}) ORDER BY doc",
            events,
        )
        details = {
            doc: (json.loads(features), frozenset(json.loads(names)))
            for doc, features, names in self._select_in("SELECT doc, features, names FROM event_articles WHERE doc IN ({})", near)
        }
        idfs.df.update(self._df_of({t for _, names in details.values() for t in names} - idfs.df.keys()))
        stored_docs = [
            _Doc(article_id, "", "", _parse_date(published), {}, *reversed(details.get(doc, ({}, frozenset()))))
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
        clusters, best = _agglomerate([*stored_docs, *new_docs], edges, fixed, start, s, idfs)
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
                event_id = event_id_for(min((new_docs[k] for k in placed), key=_age).id)
                self.db.execute("INSERT OR IGNORE INTO events(id, title) VALUES(?, '')", (event_id,))
                update.new_events.append(event_id)
            touched.append(event_id)
            for k in placed:
                a, d = arts[k], new_docs[k]
                cur = self.db.execute(
                    "INSERT INTO event_articles(article_id, event_id, hash, title, source, published, features, names, neighbours)"
                    " VALUES(?,?,?,?,?,?,?,?,?)",
                    (a.id, event_id, a.content_hash, a.title, a.source, _iso(a.published), self._stored(raws[k], idfs),
                     json.dumps(sorted(d.names)), json.dumps(sorted(best[k + m]))),
                )
                self._write_postings(cur.lastrowid, d.vector)
            update.added += len(placed)
        if not int(self._meta("weighed_n") or 0):
            self._set_meta("weighed_n", str(n))
        self._resummarise(touched)

    def _resummarise(self, event_ids: list[str]) -> None:
        """Recompute the title and cohesion of events that changed."""
        for event_id in event_ids:
            rows = self.db.execute(
                "SELECT a.doc, a.article_id, a.title, a.source, a.published, p.term, p.weight"
                " FROM event_articles a JOIN event_postings p ON p.doc = a.doc WHERE a.event_id=?",
                (event_id,),
            ).fetchall()
            docs: dict[int, _Doc] = {}
            for doc, article_id, title, source, published, term, weight in rows:
                if doc not in docs:
                    docs[doc] = _Doc(article_id, title, source, _parse_date(published), {})
                docs[doc].vector[term] = weight
            if docs:
                summary = _summarise(event_id, list(docs.values()))
                self.db.execute(
                    "UPDATE events SET title=?, cohesion=?, updated_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id=?",
                    (summary.title, summary.cohesion, event_id),
                )

    # --- reading ----------------------------------------------------------------
    def events(self, min_count: int = 1) -> list[Event]:
        """Every event of at least min_count reports, latest first."""
        members: dict[str, list[tuple]] = defaultdict(list)
        for event_id, *rest in self.db.execute("SELECT event_id, article_id, source, published FROM event_articles"):
            members[event_id].append(tuple(rest))
        out = [
            _event_from_rows(event_id, title, cohesion, members[event_id])
            for event_id, title, cohesion in self.db.execute("SELECT id, title, cohesion FROM events")
            if len(members.get(event_id, ())) >= min_count
        ]
        return _sort_events(out)

    def event(self, event_id: str) -> Event | None:
        row = self.db.execute("SELECT title, cohesion FROM events WHERE id=?", (event_id,)).fetchone()
        if row is None:
            return None
        rows = self.db.execute(
            "SELECT article_id, source, published FROM event_articles WHERE event_id=?", (event_id,)
        ).fetchall()
        return _event_from_rows(event_id, row[0], row[1], rows)

    def event_of(self, article_id: str) -> Event | None:
        row = self.db.execute("SELECT event_id FROM event_articles WHERE article_id=?", (article_id,)).fetchone()
        return self.event(row[0]) if row else None


def _event_from_rows(event_id: str, title: str, cohesion: float, rows: Sequence[tuple]) -> Event:
    docs = [_Doc(article_id, "", source, _parse_date(published), {}) for article_id, source, published in rows]
    dates = sorted(naive(d.published) for d in docs if d.published is not None)
    return Event(
        id=event_id,
        title=title or "(untitled)",
        article_ids=tuple(d.id for d in sorted(docs, key=_age)),
        sources=tuple(sorted({d.source for d in docs if d.source}, key=str.casefold)),
        first=dates[0] if dates else None,
        last=dates[-1] if dates else None,
        cohesion=cohesion,
    )


def _iso(d: datetime | None) -> str | None:
    return d.isoformat() if d else None


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None
