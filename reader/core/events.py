"""Grouping reports of one event.

Each article becomes a TF-IDF vector of word stems in which the headline and
the lead count more, cut to its strongest terms. Similar articles are found
through an inverted index on terms, so that tens of thousands of articles are
never compared pair by pair. Two corrections turn the cosine into evidence
of one event:

- hubs: an article that resembles everything on its topic (the fifth report
  on a government shutdown) has a high mean similarity to its nearest
  neighbours; that excess, capped, is taken off its similarities (a capped
  form of CSLS, the hubness correction of cross-lingual retrieval). This is
  what keeps apart two events of one running story when no dates are known;
- dates: where both articles have one, the similarity halves every few days
  beyond a short grace period; where either has none, it is left alone.

Groups form by average-link agglomeration with a threshold.

`group_events` groups a collection at once. `EventIndex` keeps events in the
article store's SQLite database (its own tables) and adds new articles to
them without regrouping: an event keeps its id as it grows, and two existing
events are never merged.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import logging
import math
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from .lexical import content_terms
from .models import Article

log = logging.getLogger(__name__)

FEATURES_VERSION = 1  # bump when raw_features changes: stored events are then rebuilt


@dataclass(frozen=True)
class Settings:
    threshold: float = 0.14  # average-link similarity at which groups stop merging
    title_weight: float = 5.0
    lead_weight: float = 5.0  # extra weight on the terms of the lead
    lead_chars: int = 600
    max_terms: int = 60  # terms kept per article vector
    stored_terms: int = 150  # raw terms kept per article in the database
    hub_k: int = 5  # nearest neighbours that measure how much of a hub an article is
    hub_base: float = 0.15  # a mean neighbour similarity above this is a hub's excess
    hub_cap: float = 0.10  # the most taken off a similarity for hubness
    date_grace_days: float = 3.0
    date_halving_days: float = 4.0
    min_edge: float = 0.03  # similarities below this are not kept at all


DEFAULT = Settings()


@dataclass(frozen=True)
class Event:
    id: str
    title: str
    article_ids: tuple[str, ...]  # oldest first, undated last
    sources: tuple[str, ...]
    first: datetime | None = None
    last: datetime | None = None
    cohesion: float = 1.0  # mean cosine of the reports to their centroid

    @property
    def count(self) -> int:
        return len(self.article_ids)

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "count": self.count,
            "sources": list(self.sources),
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "cohesion": round(self.cohesion, 4),
            "articles": list(self.article_ids),
        }


# --- vectors -----------------------------------------------------------------
def raw_features(article: Article, settings: Settings = DEFAULT) -> dict[str, float]:
    """Weighted term counts of an article, before IDF."""
    counts: Counter[str] = Counter()
    text = article.text
    cut = text.rfind(" ", 0, settings.lead_chars) if len(text) > settings.lead_chars else len(text)
    cut = cut if cut > 0 else settings.lead_chars
    counts.update(content_terms(text[cut:]))
    for term in content_terms(text[:cut]):
        counts[term] += 1.0 + settings.lead_weight
    for term in content_terms(article.title):
        counts[term] += settings.title_weight
    return dict(counts)


def idf(df: int, n: int) -> float:
    return math.log((n + 1) / (df + 1)) + 1.0


def weigh(raw: dict[str, float], df: dict[str, int], n: int, max_terms: int) -> dict[str, float]:
    """Sublinear TF times IDF, the strongest max_terms, unit length."""
    vec = {t: (1.0 + math.log(c)) * idf(df.get(t, 0), n) for t, c in raw.items() if c >= 1}
    if len(vec) > max_terms:
        vec = dict(heapq.nlargest(max_terms, vec.items(), key=lambda kv: (kv[1], kv[0])))
    norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
    return {t: w / norm for t, w in vec.items()}


def cosine(u: dict[str, float], v: dict[str, float]) -> float:
    if len(u) > len(v):
        u, v = v, u
    return sum(w * v[t] for t, w in u.items() if t in v)


def date_factor(a: datetime | None, b: datetime | None, settings: Settings = DEFAULT) -> float:
    """1 when either date is unknown or they are close; halves every
    date_halving_days beyond date_grace_days."""
    if a is None or b is None:
        return 1.0
    gap = abs((_naive(a) - _naive(b)).total_seconds()) / 86400.0
    if gap <= settings.date_grace_days:
        return 1.0
    return 0.5 ** ((gap - settings.date_grace_days) / settings.date_halving_days)


def _naive(d: datetime | None) -> datetime | None:
    return d.replace(tzinfo=None) if d is not None and d.tzinfo is not None else d


# --- the similarity graph ------------------------------------------------------
def cosine_edges(
    vectors: Sequence[dict[str, float]],
    targets: Iterable[int] | None = None,
    min_sim: float = 0.03,
    max_df: int | None = None,
) -> dict[tuple[int, int], float]:
    """Cosines >= min_sim between the articles of targets (default: all) and
    every other article; keys are (i, j), i < j.

    Candidates come from an inverted index on the rarer terms (in at most
    max_df vectors): two reports of one event share names and details, not
    only "government" and "said", and the postings of common terms are what
    would make this quadratic. Candidates get their exact cosine."""
    n = len(vectors)
    if max_df is None:
        max_df = max(40, n // 100)
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, vec in enumerate(vectors):
        for term, w in vec.items():
            postings[term].append((i, w))
    target_list = range(n) if targets is None else sorted(set(targets))
    target_set = set(target_list)
    edges: dict[tuple[int, int], float] = {}
    for i in target_list:
        vec = vectors[i]
        acc: dict[int, float] = defaultdict(float)
        for term, w in vec.items():
            plist = postings[term]
            if len(plist) <= max_df:
                for j, wj in plist:
                    acc[j] += w * wj
        for j, partial in acc.items():
            if j == i or (j < i and j in target_set) or partial < min_sim:
                continue  # itself, counted from j's side, or nothing distinctive shared
            s = cosine(vec, vectors[j])
            if s >= min_sim:
                edges[(min(i, j), max(i, j))] = s
    return edges


def top_neighbours(
    n: int, edges: dict[tuple[int, int], float], k: int, start: Sequence[list[float]] | None = None
) -> list[list[float]]:
    """The k highest similarities of each article (seeded with start)."""
    best = [list(start[i]) if start is not None else [] for i in range(n)]
    for (i, j), s in edges.items():
        for a in (i, j):
            row = best[a]
            if len(row) < k:
                heapq.heappush(row, s)
            elif s > row[0]:
                heapq.heapreplace(row, s)
    return best


def hub_excess(neighbours: list[float], settings: Settings) -> float:
    """How much of a hub an article is: the mean of its k best similarities
    above hub_base (missing neighbours count as 0)."""
    mean = sum(neighbours) / settings.hub_k
    return max(0.0, mean - settings.hub_base)


def adjusted_edges(
    edges: dict[tuple[int, int], float],
    excess: Sequence[float],
    dates: Sequence[datetime | None],
    settings: Settings,
) -> dict[tuple[int, int], float]:
    out = {}
    for (i, j), s in edges.items():
        s -= min(settings.hub_cap, (excess[i] + excess[j]) / 2)
        s *= date_factor(dates[i], dates[j], settings)
        if s >= settings.min_edge:
            out[(i, j)] = s
    return out


@dataclass
class _Cluster:
    members: list[int]
    fixed: str | None = None  # an existing event's id: two of them never merge
    links: dict[int, float] = field(default_factory=dict)  # other cluster -> sum of similarities


def agglomerate(
    n: int, edges: dict[tuple[int, int], float], threshold: float, fixed: dict[int, str] | None = None
) -> list[_Cluster]:
    """Average-link agglomeration over a sparse graph (a missing edge is a
    similarity of 0). Articles in fixed start in the cluster of their event."""
    fixed = fixed or {}
    clusters: dict[int, _Cluster] = {}
    home: dict[int, int] = {}
    by_event: dict[str, int] = {}
    for i in range(n):
        event = fixed.get(i)
        if event is not None and event in by_event:
            home[i] = by_event[event]
            clusters[home[i]].members.append(i)
            continue
        clusters[i] = _Cluster([i], event)
        home[i] = i
        if event is not None:
            by_event[event] = i
    for (i, j), s in edges.items():
        ci, cj = home[i], home[j]
        if ci != cj:
            clusters[ci].links[cj] = clusters[ci].links.get(cj, 0.0) + s
            clusters[cj].links[ci] = clusters[cj].links.get(ci, 0.0) + s

    def average(ci: int, cj: int) -> float:
        return clusters[ci].links.get(cj, 0.0) / (len(clusters[ci].members) * len(clusters[cj].members))

    def may_merge(ci: int, cj: int) -> bool:
        return not (clusters[ci].fixed and clusters[cj].fixed)

    heap = [
        (-average(ci, cj), ci, cj)
        for ci, c in clusters.items()
        for cj in c.links
        if ci < cj and may_merge(ci, cj)
    ]
    heapq.heapify(heap)
    while heap:
        neg, ci, cj = heapq.heappop(heap)
        if -neg < threshold:
            break
        if ci not in clusters or cj not in clusters or abs(average(ci, cj) + neg) > 1e-12:
            continue  # gone, or a stale entry (a newer one is in the heap)
        a, b = clusters[ci], clusters[cj]
        if b.fixed or (not a.fixed and len(b.members) > len(a.members)):
            ci, cj, a, b = cj, ci, b, a  # keep the existing event's (or larger) cluster
        a.members += b.members
        a.fixed = a.fixed or b.fixed
        for k, s in b.links.items():
            if k == ci:
                continue
            a.links[k] = a.links.get(k, 0.0) + s
            other = clusters[k]
            other.links.pop(cj, None)
            other.links[ci] = other.links.get(ci, 0.0) + s
        a.links.pop(cj, None)
        del clusters[cj]
        for k in a.links:
            if may_merge(ci, k):
                avg = average(ci, k)
                if avg >= threshold:
                    heapq.heappush(heap, (-avg, min(ci, k), max(ci, k)))
    return list(clusters.values())


# --- events ----------------------------------------------------------------------
def event_id_for(article_id: str) -> str:
    """An event is named after the article that founded it."""
    return "e" + hashlib.sha1(f"event:{article_id}".encode()).hexdigest()[:11]


@dataclass
class _Doc:
    id: str
    title: str
    source: str
    published: datetime | None
    vector: dict[str, float]


def _summarise(event_id: str, docs: Sequence[_Doc]) -> Event:
    """Title from the report nearest the centroid; dates, sources."""
    centroid: dict[str, float] = defaultdict(float)
    for d in docs:
        for t, w in d.vector.items():
            centroid[t] += w
    norm = math.sqrt(sum(w * w for w in centroid.values())) or 1.0
    closeness = {d.id: cosine(d.vector, centroid) / norm for d in docs}
    central = max(docs, key=lambda d: (bool(d.title), closeness[d.id], d.id))
    dated = sorted(_naive(d.published) for d in docs if d.published is not None)
    ordered = sorted(docs, key=lambda d: (d.published is None, _naive(d.published) or datetime.min, d.id))
    return Event(
        id=event_id,
        title=central.title or "(untitled)",
        article_ids=tuple(d.id for d in ordered),
        sources=tuple(sorted({d.source for d in docs if d.source}, key=str.casefold)),
        first=dated[0] if dated else None,
        last=dated[-1] if dated else None,
        cohesion=sum(closeness.values()) / len(docs),
    )


def _sort_events(events: list[Event]) -> list[Event]:
    """Latest first, then the larger; undated events last."""
    return sorted(events, key=lambda e: (e.last is None, -(e.last.timestamp() if e.last else 0), -e.count, e.id))


def _founder(docs: Sequence[_Doc]) -> _Doc:
    return min(docs, key=lambda d: (d.published is None, _naive(d.published) or datetime.min, d.id))


def group_events(
    articles: Iterable[Article], threshold: float | None = None, use_dates: bool = True, settings: Settings = DEFAULT
) -> list[Event]:
    """Group articles into events at once (EventIndex does it incrementally).
    Events are sorted latest first, undated ones last."""
    arts = list(articles)
    if not arts:
        return []
    if threshold is not None:
        settings = Settings(**{**settings.__dict__, "threshold": threshold})
    raws = [raw_features(a, settings) for a in arts]
    df: Counter[str] = Counter()
    for raw in raws:
        df.update(raw.keys())
    docs = [
        _Doc(a.id, a.title, a.source, a.published if use_dates else None, weigh(r, df, len(raws), settings.max_terms))
        for a, r in zip(arts, raws)
    ]
    clusters = _cluster(docs, range(len(docs)), {}, None, settings)[0]
    events = []
    for c in clusters:
        members = [docs[i] for i in c.members]
        events.append(_summarise(event_id_for(_founder(members).id), members))
    return _sort_events(events)


def _cluster(
    docs: Sequence[_Doc],
    targets: Iterable[int],
    fixed: dict[int, str],
    neighbours: Sequence[list[float]] | None,
    settings: Settings,
) -> tuple[list[_Cluster], list[list[float]]]:
    """Cluster the target docs among themselves and into the fixed events;
    returns the clusters and every doc's updated best-neighbour list."""
    edges = cosine_edges([d.vector for d in docs], targets, settings.min_edge)
    best = top_neighbours(len(docs), edges, settings.hub_k, neighbours)
    excess = [hub_excess(row, settings) for row in best]
    adjusted = adjusted_edges(edges, excess, [d.published for d in docs], settings)
    return agglomerate(len(docs), adjusted, settings.threshold, fixed), best


# --- the persistent, incremental form ------------------------------------------------
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
    article_id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL,
    hash TEXT NOT NULL,
    title TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    published TEXT,
    features TEXT NOT NULL,
    neighbours TEXT NOT NULL DEFAULT '[]',
    added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX IF NOT EXISTS event_articles_event ON event_articles(event_id);
CREATE TABLE IF NOT EXISTS event_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL);
"""


@dataclass
class EventUpdate:
    """What an EventIndex.add or sync did."""

    added: int = 0  # articles placed in events
    joined: int = 0  # of which, into events that existed before
    updated: int = 0  # articles whose text changed (they keep their event)
    removed: int = 0
    new_events: list[str] = field(default_factory=list)
    grown_events: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


class EventIndex:
    """Events kept in SQLite beside the articles (tables event_*, created on
    first use). Not thread-safe: one writer, as for the store."""

    def __init__(self, db: sqlite3.Connection, settings: Settings = DEFAULT):
        self.db = db
        self.settings = settings
        with self.db:
            self.db.executescript(_SCHEMA)
        row = self.db.execute("SELECT value FROM event_meta WHERE key='features_version'").fetchone()
        if row is None or int(row[0]) != FEATURES_VERSION:
            if row is not None:
                log.info("event features changed (v%s -> v%s): events are rebuilt", row[0], FEATURES_VERSION)
            self.clear()

    def clear(self) -> None:
        with self.db:
            for table in ("events", "event_articles", "event_df", "event_meta"):
                self.db.execute(f"DELETE FROM {table}")
            self.db.execute(
                "INSERT INTO event_meta(key, value) VALUES('features_version', ?)", (str(FEATURES_VERSION),)
            )

    # --- writing --------------------------------------------------------------
    def add(self, articles: Iterable[Article]) -> EventUpdate:
        """Place new articles into events (existing or new); articles already
        known keep their event (their stored text is refreshed if it changed)."""
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
        with self.db:
            for article_id in article_ids:
                row = self.db.execute(
                    "SELECT event_id, features FROM event_articles WHERE article_id=?", (article_id,)
                ).fetchone()
                if row is None:
                    continue
                self._count_terms(json.loads(row[1]).keys(), -1)
                self.db.execute("DELETE FROM event_articles WHERE article_id=?", (article_id,))
                removed += 1
                left = self.db.execute("SELECT count(*) FROM event_articles WHERE event_id=?", (row[0],)).fetchone()
                if left[0] == 0:
                    self.db.execute("DELETE FROM events WHERE id=?", (row[0],))
                else:
                    self._resummarise([row[0]])
        return removed

    def sync(self, articles: Iterable[Article]) -> EventUpdate:
        """Bring the events level with a whole collection (e.g. the store):
        add what is new, refresh what changed, drop what is gone."""
        arts = list(articles)
        present = {a.id for a in arts}
        gone = [r[0] for r in self.db.execute("SELECT article_id FROM event_articles") if r[0] not in present]
        removed = self.remove(gone)
        update = self.add(arts)
        update.removed = removed
        return update

    def _count_terms(self, terms: Iterable[str], delta: int) -> None:
        rows = [(t, delta) for t in terms]
        self.db.executemany(
            "INSERT INTO event_df(term, df) VALUES(?, ?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df", rows
        )
        if delta < 0:
            self.db.execute("DELETE FROM event_df WHERE df <= 0")

    def _refresh(self, article: Article) -> None:
        old = self.db.execute("SELECT features FROM event_articles WHERE article_id=?", (article.id,)).fetchone()
        raw = self._stored_features(raw_features(article, self.settings))
        self._count_terms(json.loads(old[0]).keys(), -1)
        self._count_terms(raw.keys(), +1)
        self.db.execute(
            "UPDATE event_articles SET hash=?, title=?, source=?, published=?, features=? WHERE article_id=?",
            (article.content_hash, article.title, article.source, _iso(article.published),
             json.dumps(raw, ensure_ascii=False), article.id),
        )

    def _stored_features(self, raw: dict[str, float]) -> dict[str, float]:
        if len(raw) <= self.settings.stored_terms:
            return raw
        df = self._df(raw.keys())
        n = self._n() or 1
        scored = heapq.nlargest(
            self.settings.stored_terms, raw.items(), key=lambda kv: ((1 + math.log(kv[1])) * idf(df.get(kv[0], 0), n), kv[0])
        )
        return dict(scored)

    def _df(self, terms: Iterable[str]) -> dict[str, int]:
        terms = list(terms)
        out: dict[str, int] = {}
        for i in range(0, len(terms), 500):
            chunk = terms[i : i + 500]
            marks = ",".join("?" * len(chunk))
            out.update(self.db.execute(f"SELECT term, df FROM event_df WHERE term IN ({marks})", chunk).fetchall())
        return out

    def _n(self) -> int:
        return self.db.execute("SELECT count(*) FROM event_articles").fetchone()[0]

    def _place(self, arts: list[Article], update: EventUpdate) -> None:
        s = self.settings
        raws = [raw_features(a, s) for a in arts]
        for raw in raws:
            self._count_terms(raw.keys(), +1)
        rows = self.db.execute(
            "SELECT article_id, event_id, title, source, published, features, neighbours FROM event_articles"
        ).fetchall()
        n = len(rows) + len(arts)
        all_raw = [json.loads(r[5]) for r in rows] + raws
        df = dict(self.db.execute("SELECT term, df FROM event_df").fetchall())
        docs = [
            _Doc(r[0], r[2], r[3], _parse_date(r[4]), weigh(raw, df, n, s.max_terms))
            for r, raw in zip(rows, all_raw)
        ] + [
            _Doc(a.id, a.title, a.source, a.published, weigh(raw, df, n, s.max_terms))
            for a, raw in zip(arts, raws)
        ]
        fixed = {i: r[1] for i, r in enumerate(rows)}
        neighbours = [json.loads(r[6]) for r in rows] + [[] for _ in arts]
        targets = range(len(rows), n)
        clusters, best = _cluster(docs, targets, fixed, neighbours, s)
        # Existing articles whose nearest neighbours changed.
        self.db.executemany(
            "UPDATE event_articles SET neighbours=? WHERE article_id=?",
            [(json.dumps(sorted(best[i])), rows[i][0]) for i in range(len(rows)) if best[i] != neighbours[i]],
        )
        touched = []
        for c in clusters:
            new_members = [i for i in c.members if i >= len(rows)]
            if not new_members:
                continue
            if c.fixed:
                event_id = c.fixed
                update.joined += len(new_members)
                update.grown_events.append(event_id)
            else:
                event_id = event_id_for(_founder([docs[i] for i in new_members]).id)
                self.db.execute("INSERT OR IGNORE INTO events(id, title) VALUES(?, '')", (event_id,))
                update.new_events.append(event_id)
            touched.append(event_id)
            for i in new_members:
                a = arts[i - len(rows)]
                self.db.execute(
                    "INSERT INTO event_articles(article_id, event_id, hash, title, source, published, features, neighbours)"
                    " VALUES(?,?,?,?,?,?,?,?)",
                    (a.id, event_id, a.content_hash, a.title, a.source, _iso(a.published),
                     json.dumps(self._stored_features(raws[i - len(rows)]), ensure_ascii=False),
                     json.dumps(sorted(best[i]))),
                )
            update.added += len(new_members)
        self._resummarise(touched, docs)

    def _resummarise(self, event_ids: list[str], docs: Sequence[_Doc] | None = None) -> None:
        """Recompute the title and cohesion of events that changed."""
        if not event_ids:
            return
        by_id = {d.id: d for d in docs} if docs is not None else {}
        n = self._n() or 1
        for event_id in event_ids:
            rows = self.db.execute(
                "SELECT article_id, title, source, published, features FROM event_articles WHERE event_id=?",
                (event_id,),
            ).fetchall()
            members = []
            for r in rows:
                doc = by_id.get(r[0])
                if doc is None:
                    raw = json.loads(r[4])
                    doc = _Doc(r[0], r[1], r[2], _parse_date(r[3]), weigh(raw, self._df(raw.keys()), n, self.settings.max_terms))
                members.append(doc)
            if not members:
                continue
            summary = _summarise(event_id, members)
            self.db.execute(
                "UPDATE events SET title=?, cohesion=?, updated_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id=?",
                (summary.title, summary.cohesion, event_id),
            )

    # --- reading ----------------------------------------------------------------
    def events(self, min_count: int = 1) -> list[Event]:
        """Every event (of at least min_count reports), latest first."""
        members: dict[str, list[tuple]] = defaultdict(list)
        for row in self.db.execute("SELECT event_id, article_id, source, published FROM event_articles"):
            members[row[0]].append(row[1:])
        out = []
        for event_id, title, cohesion in self.db.execute("SELECT id, title, cohesion FROM events"):
            rows = members.get(event_id, [])
            if len(rows) >= min_count:
                out.append(_event_from_rows(event_id, title, cohesion, rows))
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
    dated = [(_parse_date(p), i) for i, _s, p in rows]
    ordered = sorted(dated, key=lambda x: (x[0] is None, _naive(x[0]) or datetime.min, x[1]))
    dates = sorted(_naive(d) for d, _ in dated if d is not None)
    return Event(
        id=event_id,
        title=title or "(untitled)",
        article_ids=tuple(i for _, i in ordered),
        sources=tuple(sorted({s for _i, s, _p in rows if s}, key=str.casefold)),
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
