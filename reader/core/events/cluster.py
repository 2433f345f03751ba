"""Grouping reports of one event.

Each article becomes a TF-IDF vector of word stems in which the headline and
the lead count more, cut to its strongest terms. Similar articles are found
through an inverted index on terms (grouping.py), so that tens of thousands
of articles are never compared pair by pair. Two corrections turn a cosine
into evidence of one event:

- hubs: an article that resembles everything on its topic (the fifth report
  on a government shutdown) has a high mean similarity to its nearest
  neighbours; that excess, capped, is taken off its similarities (a capped
  CSLS, the hubness correction of cross-lingual retrieval). It keeps apart
  two events of one running story when no dates are known;
- dates: where both articles have one, the similarity halves every few days
  beyond a short grace period; where either has none, it is left alone;
- subjects: when neither headline's most specific name ("Malatya", "Brandt")
  occurs in the other report, they are taken to be about different subjects
  and their similarity is cut (two quakes in one country, two stars in rehab).

Groups form by average-link agglomeration with a threshold.

`group_events` groups a collection at once. `EventIndex` (index.py, built on
this module) keeps events in the article store's SQLite database and adds new articles
to them without regrouping: an event keeps its id as it grows, and two
existing events never merge.
"""

from __future__ import annotations

import hashlib
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from reader.core.events import grouping
from reader.core.events.grouping import naive
from reader.core.models import Article
from reader.core.text.words import STOPWORDS, stem, term_counts

FEATURES_VERSION = 1  # bump when raw_features changes: stored events are then rebuilt


@dataclass(frozen=True)
class Settings:
    threshold: float = 0.14  # average-link similarity at which groups stop merging
    title_weight: float = 5.0
    lead_weight: float = 5.0  # extra weight on the terms of the lead
    lead_chars: int = 600
    max_terms: int = 60  # terms kept per article vector
    stored_terms: int = 150  # raw term counts kept per article in the database
    hub_k: int = 5  # nearest neighbours that measure how much of a hub an article is
    hub_base: float = 0.15  # a mean neighbour similarity above this is a hub's excess
    hub_cap: float = 0.10  # the most taken off a similarity for hubness
    date_grace_days: float = 3.0
    date_halving_days: float = 4.0
    min_edge: float = 0.03  # similarities below this are not kept at all
    subject_penalty: float = 0.4  # factor on the similarity of reports whose headlines name different subjects

    @property
    def max_gap_days(self) -> float:
        """Beyond this gap the date factor alone keeps a pair under min_edge."""
        return self.date_grace_days + self.date_halving_days * math.log2(1.0 / self.min_edge) + 1


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
    text = article.text
    cut = text.rfind(" ", 0, settings.lead_chars) if len(text) > settings.lead_chars else len(text)
    cut = cut if cut > 0 else settings.lead_chars
    counts: Counter[str] = term_counts(text[cut:])
    for term, n in term_counts(text[:cut]).items():
        counts[term] += n * (1.0 + settings.lead_weight)
    for term, n in term_counts(article.title).items():
        counts[term] += n * settings.title_weight
    return dict(counts)


_TITLE_WORD = re.compile(r"[A-Z][\w'’]*")
_NOT_NAMES = STOPWORDS | {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
}


def title_names(article: Article) -> frozenset[str]:
    """Stems of the names in a headline: capitalised words that the text
    also writes capitalised and never in lower case (so that Title Case
    headlines do not make names of "Signs" or "Bill")."""
    words = set(_TITLE_WORD.findall(article.text.replace("’", "'")))
    lower = set(re.findall(r"\b[a-z][\w']*", article.text.replace("’", "'")))
    out = set()
    for word in _TITLE_WORD.findall(article.title.replace("’", "'")):
        bare = word[:-2] if word.endswith("'s") else word
        low = bare.lower()
        if len(bare) < 2 or low in _NOT_NAMES or low in lower or not (word in words or bare in words):
            continue
        out.add(stem(low))
    return frozenset(out)


def different_subjects(names_a: frozenset[str], terms_a, names_b: frozenset[str], terms_b, idfs: dict[str, float]) -> bool:
    """Do two headlines name different subjects? Each headline's rarest
    names (its most specific: "Malatya" rather than "Turkey") are missing
    from the other report: two quakes in one country, two stars in rehab."""
    if not names_a or not names_b:
        return False
    return not (_rarest(names_a, idfs) & terms_b.keys()) and not (_rarest(names_b, idfs) & terms_a.keys())


def _rarest(names: frozenset[str], idfs: dict[str, float]) -> set[str]:
    top = max(idfs[t] for t in names)
    return {t for t in names if idfs[t] >= top}


def idf(df: int, n: int) -> float:
    return math.log((n + 1) / (df + 1)) + 1.0


class IdfTable(dict):
    """IDF of each term, computed once per term for a corpus size."""

    def __init__(self, df: dict[str, int], n: int):
        super().__init__()
        self.df, self.n = df, n

    def __missing__(self, term: str) -> float:
        value = self[term] = idf(self.df.get(term, 0), self.n)
        return value


def weigh(raw: dict[str, float], idfs: dict[str, float], max_terms: int) -> dict[str, float]:
    """Sublinear TF times IDF, the strongest max_terms, unit length."""
    log = math.log
    vec = {t: (1.0 + log(c)) * idfs[t] for t, c in raw.items() if c >= 1}
    if len(vec) > max_terms:
        vec = dict(heapq.nlargest(max_terms, vec.items(), key=lambda kv: (kv[1], kv[0])))
    norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
    return {t: w / norm for t, w in vec.items()}


# --- grouping ------------------------------------------------------------------
def event_id_for(article_id: str) -> str:
    """An event is named after the article that founded it."""
    return "e" + hashlib.sha1(f"event:{article_id}".encode()).hexdigest()[:11]


@dataclass
class Doc:
    """An article as grouping sees it (from the article, or from the rows
    the event index keeps)."""

    id: str
    title: str
    source: str
    published: datetime | None
    vector: dict[str, float]
    names: frozenset[str] = frozenset()  # title_names
    terms: dict[str, float] = field(default_factory=dict)  # raw features (for the names of other headlines)


def _cluster(docs: Sequence[Doc], settings: Settings, idfs: dict[str, float]) -> list[grouping.Cluster]:
    """Group docs at once."""
    dates = [d.published for d in docs]
    days = [naive(d).toordinal() if d is not None else None for d in dates]
    edges = grouping.cosine_edges([d.vector for d in docs], None, settings.min_edge, None, days, settings.max_gap_days)
    return corrected_clusters(docs, edges, {}, None, settings, idfs)[0]


def corrected_clusters(
    docs: Sequence[Doc],
    edges: grouping.Edges,
    fixed: dict[int, str],
    neighbours: Sequence[list[float]] | None,
    settings: Settings,
    idfs: dict[str, float],
) -> tuple[list[grouping.Cluster], list[list[float]]]:
    """Correct the cosines for hubs, dates and headlines about different
    subjects, then agglomerate; also returns every doc's updated
    best-neighbour heap (of plain cosines)."""
    n = len(docs)
    best = grouping.top_neighbours(n, edges, settings.hub_k, neighbours)
    excess = [grouping.hub_excess(row, settings.hub_k, settings.hub_base) for row in best]
    adjusted = grouping.adjusted_edges(
        edges, excess, [d.published for d in docs], settings.hub_cap, settings.date_grace_days,
        settings.date_halving_days, settings.min_edge,
    )
    for (i, j), sim in adjusted.items():
        a, b = docs[i], docs[j]
        if different_subjects(a.names, a.terms, b.names, b.terms, idfs):
            adjusted[(i, j)] = sim * settings.subject_penalty
    return grouping.agglomerate(n, adjusted, settings.threshold, fixed), best


def summarise(event_id: str, docs: Sequence[Doc]) -> Event:
    """Title from the report nearest the centroid; dates, sources."""
    centroid: dict[str, float] = defaultdict(float)
    for d in docs:
        for t, w in d.vector.items():
            centroid[t] += w
    norm = math.sqrt(sum(w * w for w in centroid.values())) or 1.0
    closeness = {d.id: grouping.cosine(d.vector, centroid) / norm for d in docs}
    # A headline of its own beats one cut from the first sentence ("…").
    central = max(docs, key=lambda d: (bool(d.title), not d.title.endswith("…"), closeness[d.id], d.id))
    dated = sorted(naive(d.published) for d in docs if d.published is not None)
    ordered = sorted(docs, key=age_key)
    return Event(
        id=event_id,
        title=central.title or "(untitled)",
        article_ids=tuple(d.id for d in ordered),
        sources=tuple(sorted({d.source for d in docs if d.source}, key=str.casefold)),
        first=dated[0] if dated else None,
        last=dated[-1] if dated else None,
        cohesion=sum(closeness.values()) / len(docs),
    )


def age_key(d: Doc) -> tuple:
    return (d.published is None, naive(d.published) or datetime.min, d.id)


def sort_events(events: list[Event]) -> list[Event]:
    """Latest first, then the larger; undated events last."""
    return sorted(events, key=lambda e: (e.last is None, -(e.last.timestamp() if e.last else 0), -e.count, e.id))


def group_events(
    articles: Iterable[Article], threshold: float | None = None, use_dates: bool = True, settings: Settings = DEFAULT
) -> list[Event]:
    """Group articles into events at once (EventIndex does it incrementally).
    Events are sorted latest first, undated ones last."""
    arts = list(articles)
    if not arts:
        return []
    if threshold is not None:
        settings = replace(settings, threshold=threshold)
    raws = [raw_features(a, settings) for a in arts]
    df: Counter[str] = Counter()
    for raw in raws:
        df.update(raw.keys())
    idfs = IdfTable(df, len(raws))
    docs = [
        Doc(a.id, a.title, a.source, a.published if use_dates else None, weigh(r, idfs, settings.max_terms), title_names(a), r)
        for a, r in zip(arts, raws)
    ]
    clusters = _cluster(docs, settings, idfs)
    events = []
    for c in clusters:
        members = [docs[i] for i in c.members]
        events.append(summarise(event_id_for(min(members, key=age_key).id), members))
    return sort_events(events)

