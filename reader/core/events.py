"""Grouping reports of one event.

Each article becomes a TF-IDF vector of word stems (the headline and the lead
count more) plus its names (runs of capitalised words, which keep two stories
on one topic apart: two celebrities in rehab, two earthquakes in one
country). Similar articles are found through an inverted index on terms, so
that a corpus of tens of thousands of articles never compares every pair;
their cosine is damped by the gap between their dates when both have one.
Groups form by average-link agglomeration with a threshold.

`group_events` groups a collection at once. `EventIndex` keeps the events in
the article store's SQLite database and adds new articles to them without
regrouping: an event keeps its id as it grows, and two existing events are
never merged.
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

from .lexical import content_terms, name_runs
from .models import Article

log = logging.getLogger(__name__)

THRESHOLD = 0.2  # average-link cosine at which two groups stop merging
TITLE_WEIGHT = 3.0
LEAD_WEIGHT = 1.0  # extra weight on the first sentences
LEAD_CHARS = 600
NAME_WEIGHT = 1.0
MAX_TERMS = 120  # terms kept per article vector
DATE_GRACE_DAYS = 3.0  # no damping within this gap
DATE_SCALE_DAYS = 4.0  # then the similarity halves every this many days


@dataclass(frozen=True)
class Event:
    id: str
    title: str
    article_ids: tuple[str, ...]
    sources: tuple[str, ...]
    first: datetime | None = None
    last: datetime | None = None
    cohesion: float = 1.0  # mean similarity of the reports to each other

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
def raw_features(article: Article) -> dict[str, float]:
    """Weighted term counts of an article (before IDF): stems, and names
    prefixed with "n:"."""
    counts: Counter[str] = Counter()
    text = article.text
    for term in content_terms(text):
        counts[term] += 1.0
    lead = text[:LEAD_CHARS]
    if LEAD_WEIGHT:
        for term in content_terms(lead):
            counts[term] += LEAD_WEIGHT
    for term in content_terms(article.title):
        counts[term] += TITLE_WEIGHT
    if NAME_WEIGHT:
        for name in name_runs(article.title + ".\n" + text):
            counts["n:" + name] += NAME_WEIGHT
    return dict(counts)


def idf(df: int, n: int) -> float:
    return math.log((n + 1) / (df + 1)) + 1.0


def weigh(raw: dict[str, float], df: dict[str, int], n: int, max_terms: int = MAX_TERMS) -> dict[str, float]:
    """Sublinear TF times IDF, the strongest max_terms, unit length."""
    vec = {t: (1.0 + math.log(c)) * idf(df.get(t, 0), n) for t, c in raw.items() if c > 0}
    if len(vec) > max_terms:
        vec = dict(heapq.nlargest(max_terms, vec.items(), key=lambda kv: kv[1]))
    norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
    return {t: w / norm for t, w in vec.items()}


def cosine(u: dict[str, float], v: dict[str, float]) -> float:
    if len(u) > len(v):
        u, v = v, u
    return sum(w * v[t] for t, w in u.items() if t in v)


def date_factor(a: datetime | None, b: datetime | None) -> float:
    """1 when either date is unknown or they are close; halves every
    DATE_SCALE_DAYS beyond DATE_GRACE_DAYS."""
    if a is None or b is None:
        return 1.0
    try:
        gap = abs((a - b).total_seconds()) / 86400.0
    except TypeError:  # one aware, one naive
        gap = abs((a.replace(tzinfo=None) - b.replace(tzinfo=None)).total_seconds()) / 86400.0
    if gap <= DATE_GRACE_DAYS:
        return 1.0
    return 0.5 ** ((gap - DATE_GRACE_DAYS) / DATE_SCALE_DAYS)


# --- similarity graph ----------------------------------------------------------
def similarity_edges(
    vectors: Sequence[dict[str, float]],
    dates: Sequence[datetime | None],
    targets: Iterable[int] | None = None,
    min_sim: float = 0.05,
) -> dict[tuple[int, int], float]:
    """Cosines >= min_sim between the articles of targets (default: all) and
    every article, found through an inverted index; keys are (i, j), i < j."""
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, vec in enumerate(vectors):
        for term, w in vec.items():
            postings[term].append((i, w))
    target_list = range(len(vectors)) if targets is None else sorted(set(targets))
    target_set = set(target_list)
    edges: dict[tuple[int, int], float] = {}
    for i in target_list:
        acc: dict[int, float] = defaultdict(float)
        for term, w in vectors[i].items():
            for j, wj in postings[term]:
                if j != i:
                    acc[j] += w * wj
        for j, s in acc.items():
            if j in target_set and j < i:
                continue  # counted from j's side
            s *= date_factor(dates[i], dates[j])
            if s >= min_sim:
                edges[(min(i, j), max(i, j))] = s
    return edges


@dataclass
class _Cluster:
    members: list[int]
    fixed: str | None = None  # the id of an existing event, which never merges with another
    links: dict[int, float] = field(default_factory=dict)  # other cluster -> sum of similarities


def agglomerate(
    n: int,
    edges: dict[tuple[int, int], float],
    threshold: float,
    fixed: dict[int, str] | None = None,
) -> list[_Cluster]:
    """Average-link agglomeration over a sparse graph (a missing edge is a
    similarity of 0). Articles in fixed start in the clusters of their
    event ids; two clusters that both hold an existing event never merge."""
    fixed = fixed or {}
    clusters: dict[int, _Cluster] = {}
    home: dict[int, int] = {}
    by_event: dict[str, int] = {}
    for i in range(n):
        event = fixed.get(i)
        if event is not None and event in by_event:
            c = by_event[event]
            clusters[c].members.append(i)
            home[i] = c
            continue
        clusters[i] = _Cluster([i], event)
        home[i] = i
        if event is not None:
            by_event[event] = i
    for (i, j), s in edges.items():
        ci, cj = home[i], home[j]
        if ci == cj:
            continue
        clusters[ci].links[cj] = clusters[ci].links.get(cj, 0.0) + s
        clusters[cj].links[ci] = clusters[cj].links.get(ci, 0.0) + s

    def average(ci: int, cj: int) -> float:
        a, b = clusters[ci], clusters[cj]
        return a.links.get(cj, 0.0) / (len(a.members) * len(b.members))

    heap = []
    for ci, c in clusters.items():
        for cj in c.links:
            if ci < cj and not (c.fixed and clusters[cj].fixed):
                heap.append((-average(ci, cj), ci, cj))
    heapq.heapify(heap)
    while heap:
        neg, ci, cj = heapq.heappop(heap)
        if -neg < threshold:
            break
        if ci not in clusters or cj not in clusters:
            continue
        current = average(ci, cj)
        if abs(current + neg) > 1e-12:
            continue  # stale entry: a newer one for this pair is in the heap
        # Merge the smaller into the larger (an existing event keeps its cluster).
        a, b = clusters[ci], clusters[cj]
        if b.fixed or (not a.fixed and len(b.members) > len(a.members)):
            ci, cj, a, b = cj, ci, b, a
        a.members += b.members
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
            if not (a.fixed and clusters[k].fixed):
                avg = average(ci, k)
                if avg >= threshold:
                    heapq.heappush(heap, (-avg, min(ci, k), max(ci, k)))
    return list(clusters.values())


# --- building events --------------------------------------------------------------
def event_id_for(article_id: str) -> str:
    """An event is named after the article that founded it."""
    return "e" + hashlib.sha1(f"event:{article_id}".encode()).hexdigest()[:11]


def _make_event(
    event_id: str,
    members: list[int],
    ids: Sequence[str],
    titles: Sequence[str],
    sources: Sequence[str],
    dates: Sequence[datetime | None],
    edges: dict[tuple[int, int], float],
) -> Event:
    centrality = {i: 0.0 for i in members}
    pairs = 0
    total = 0.0
    if len(members) > 1:
        member_set = set(members)
        for i in members:
            for j in members:
                if i < j and (i, j) in edges:
                    s = edges[(i, j)]
                    centrality[i] += s
                    centrality[j] += s
                    total += s
        pairs = len(members) * (len(members) - 1) // 2
        del member_set
    central = max(members, key=lambda i: (centrality[i], -len(titles[i]) if titles[i] else -999, ids[i]))
    known = sorted(d for d in (dates[i] for i in members) if d is not None) if members else []
    ordered = sorted(members, key=lambda i: (dates[i] is None, dates[i] or datetime.min, ids[i]))
    srcs = sorted({sources[i] for i in members if sources[i]}, key=str.lower)
    return Event(
        id=event_id,
        title=titles[central] or "(untitled)",
        article_ids=tuple(ids[i] for i in ordered),
        sources=tuple(srcs),
        first=known[0] if known else None,
        last=known[-1] if known else None,
        cohesion=total / pairs if pairs else 1.0,
    )


def _sort_events(events: list[Event]) -> list[Event]:
    return sorted(events, key=lambda e: (e.last is None, -(e.last.timestamp() if e.last else 0), -e.count, e.id))


def _naive(d: datetime | None) -> datetime | None:
    return d.replace(tzinfo=None) if d is not None and d.tzinfo is not None else d


def group_events(
    articles: Iterable[Article],
    threshold: float = THRESHOLD,
    use_dates: bool = True,
) -> list[Event]:
    """Group articles into events at once (see EventIndex for the
    incremental form). Events are sorted latest first, undated last."""
    arts = list(articles)
    if not arts:
        return []
    raws = [raw_features(a) for a in arts]
    df: Counter[str] = Counter()
    for raw in raws:
        df.update(raw.keys())
    vectors = [weigh(r, df, len(raws)) for r in raws]
    dates = [_naive(a.published) if use_dates else None for a in arts]
    edges = similarity_edges(vectors, dates)
    clusters = agglomerate(len(arts), edges, threshold)
    ids = [a.id for a in arts]
    titles = [a.title for a in arts]
    sources = [a.source for a in arts]
    events = []
    for c in clusters:
        founder = min(c.members, key=lambda i: (dates[i] is None, dates[i] or datetime.min, ids[i]))
        events.append(_make_event(event_id_for(ids[founder]), c.members, ids, titles, sources, dates, edges))
    return _sort_events(events)
