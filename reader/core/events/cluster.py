"""Grouping reports of one event: who, what, where and when, over topic.

Each article becomes a TF-IDF vector of the terms of its headline, lead and
the start of its body (features.py), the first two counted more, cut to its
strongest terms. Similar articles are found through an inverted index
(grouping.py), so that tens of thousands of articles are never compared pair
by pair. A cosine then becomes evidence of one event through corrections:

- background: an article on a crowded topic (the tenth report of a running
  story, one of two similar quakes) is similar to much that is not its
  event; how much, measured past its likely fellow reports, is taken off
  its similarities (grouping.background), so that topic vocabulary alone
  does not make an event, while an event of many reports keeps together
  (once the groups are known, it is measured again without the other
  reports of its group, and they are grouped again: outside.py);
- when: where both dates are known, the similarity halves every few days
  beyond a short grace, and is cut where no day a lead names ("on Tuesday"
  read against the publication date) is within a day of one the other's
  names (or of the day it was written); without dates, so for weekdays
  (unless both headlines name two particulars alike); and no group holds
  dated reports further apart than any two can be similar at all
  (max_gap_days: linkage.agglomerate's span);
- who: when neither headline's most specific name ("Malatya", "Brandt")
  occurs in the other report, they are about different subjects (a
  headline in capitals that names none, or only short ones as "U.S.": its
  strongest other term);
- where: when each headline names a particular (a place, a person: "Miami
  Beach" against "Atlanta" in two arrests of one star) that the other
  report never mentions, titles and the heads of organisations' names
  ("Senator", "Bank") left out;
- what: when neither headline's other words (what happened: "holds",
  "cuts") occur in the other's headline and first sentence, in one outlet;
- how many: when both headlines give numbers and neither's occur in the
  other's headline and lead ("40 mln" against "265 mln");
- which way: when one headline says something went up and the other down
  ("raises" against "cuts": a wire's two days of one price);
- which outlet: two reports of one outlet, each more similar to another
  outlet's report than to each other (an outlet's two quakes, or two days
  of its storyline, each told by others too).

Groups form by average-link agglomeration with a threshold. `group_events`
groups a collection at once; `EventIndex` (index.py) keeps events in the
store and adds new articles to them without regrouping.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property

from reader.core.events import features as ft
from reader.core.events import grouping
from reader.core.events.features import Features
from reader.core.events.grouping import naive
from reader.core.events.outside import backgrounds_outside, regrouped
from reader.core.events.scoring import _Rarest, agreement, day_bound, nearest_elsewhere, outlet_factor, pair_factor
from reader.core.models import Article

FEATURES_VERSION = 31 + ft.VERSION  # bump when features or their rules change: stored events are then rebuilt


@dataclass(frozen=True)
class Settings:
    """One setting for every corpus, chosen on the development sets (bench/README.md)."""

    threshold: float = 0.09  # average-link similarity at which groups stop merging
    title_weight: float = 5.0
    lead_weight: float = 5.0  # extra weight on the terms of the lead
    lead_chars: int = 600
    body_chars: int = 3000  # what is read of a text
    max_terms: int = 60  # terms kept per article vector
    sibling_ratio: float = 0.4  # neighbours this close to the best one are taken for reports of the same event
    sibling_floor: float = 0.15  # ... if at least this similar
    background_k: int = 8  # neighbours past those that measure an article's background
    background_base: float = 0.06  # a background below this is no correction
    background_weight: float = 5.5
    agreed_background: float = 0.5  # the part of it paid by reports that agree (agreement) and disagree on nothing
    agreement_needed: int = 2  # kinds of evidence of agreement that make them pay only that part
    neighbours_kept: int = 24
    date_grace_days: float = 3.0
    date_halving_days: float = 4.0
    day_penalty: float = 0.7  # factor when no day one lead names is within a day of one the other names (or was written)
    weekday_penalty: float = 0.5  # factor when no weekday one undated lead names is within a day of one the other names
    subject_penalty: float = 0.4  # headlines about different subjects
    place_penalty: float = 0.5  # each headline names a particular the other report never mentions
    what_penalty: float = 0.7  # headlines telling different happenings
    number_penalty: float = 0.25  # headlines giving different numbers
    direction_penalty: float = 0.3  # one headline says it went up, the other down ("raises" / "cuts")
    outlet_penalty: float = 0.5  # two reports of one outlet, each nearer another outlet's report than to the other
    min_edge: float = 0.03  # similarities below this are not kept at all

    @property
    def max_gap_days(self) -> float:
        """Beyond this gap the date factor alone keeps a pair under min_edge."""
        return self.date_grace_days + self.date_halving_days * math.log2(1.0 / self.min_edge) + 1


DEFAULT = Settings()
_EPOCH = datetime(1970, 1, 1)  # naive, as the events' dates (UTC)


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

    @property
    def reported_once(self) -> bool:
        """A group of one report: not an event that others reported."""
        return len(self.article_ids) == 1

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "count": self.count,
            "sources": list(self.sources),
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "cohesion": round(self.cohesion, 4),
            "reported_once": self.reported_once,
            "articles": list(self.article_ids),
        }


# --- vectors -----------------------------------------------------------------
def article_features(article: Article, settings: Settings = DEFAULT, use_dates: bool = True) -> Features:
    return ft.extract(article.title, article.text, article.published if use_dates else None, settings.title_weight,
                      settings.lead_weight, settings.lead_chars, settings.body_chars)


def idf(df: int, n: int) -> float:
    return math.log((n + 1) / (df + 1)) + 1.0


class IdfTable(dict):
    """IDF of each term for a corpus size: those of df computed at once, any
    other on first use."""

    def __init__(self, df: dict[str, int], n: int):
        log = math.log
        super().__init__({t: log((n + 1) / (d + 1)) + 1.0 for t, d in df.items()})
        self.df, self.n = df, n

    def __missing__(self, term: str) -> float:
        value = self[term] = idf(self.df.get(term, 0), self.n)
        return value


def weigh(raw: dict[str, float], idfs: dict[str, float], max_terms: int) -> dict[str, float]:
    """Sublinear TF times IDF, the strongest max_terms (ties in the order of
    raw), unit length."""
    log = math.log
    vec = {t: (1.0 + log(c)) * idfs[t] for t, c in raw.items() if c >= 1}
    if len(vec) > max_terms:
        # sorted() is heapq.nlargest (ties in the order of raw) in C: a third of weighing
        vec = {t: vec[t] for t in sorted(vec, key=vec.__getitem__, reverse=True)[:max_terms]}
    norm = math.sqrt(sum([w * w for w in vec.values()])) or 1.0
    return {t: w / norm for t, w in vec.items()}


# --- pairs -----------------------------------------------------------------------
@dataclass
class Doc:
    """An article as grouping sees it (from the article, or from the rows
    the event index keeps)."""

    id: str
    title: str
    source: str
    published: datetime | None
    vector: dict[str, float]
    features: Features | None = None

    @cached_property
    def day(self) -> int | None:
        """The day of the event: the one the lead gives, else the publication day."""
        if self.features is not None and self.features.day is not None:
            return self.features.day
        return naive(self.published).toordinal() if self.published is not None else None


def corrected_clusters(
    docs: Sequence[Doc],
    edges: grouping.Edges,
    fixed: dict[int, str],
    neighbours: Sequence[list[float]] | None,
    settings: Settings,
    idfs: dict[str, float],
    inner: grouping.Edges | None = None,
    labels: dict[int, str] | None = None,
) -> tuple[list[grouping.Cluster], list[list[float]]]:
    """Correct the cosines for background, dates, subjects, places,
    happenings and numbers, then agglomerate; also returns every doc's
    updated list of best (plain) similarities.

    Twice, when the first grouping has events of several reports: a large
    event's reports are each only a little similar to some of its others
    (the tenth report of a flood, days after the first), too little to be
    taken for fellow reports, and those similarities counted as the
    background that is taken off its pairs. Once the groups are known, each
    report's background is measured again without its group's other
    reports (outside.backgrounds_outside), and the similarities corrected
    and grouped again with it (outside.regrouped); the pair rules are read
    once for both.

    inner, labels: an incremental grouping's stored reports of one event
    and the similarities between them (their lists, neighbours, hold them
    already), and each one's event: they start apart, labelled, so that an
    event grown on the backgrounds of its first days comes apart where its
    reports' backgrounds, read again with the reports since, say it is two
    (linkage.agglomerate's labels)."""
    s = settings
    best = grouping.neighbour_lists(len(docs), edges, s.neighbours_kept, neighbours)
    if inner:
        edges = {**edges, **inner}
    bg = [grouping.background(row, s.sibling_ratio, s.sibling_floor, s.background_k) for row in best]
    nearest = nearest_elsewhere(docs, edges, fixed)
    rules: dict[tuple[int, int], tuple[float, bool | None]] = {}
    clusters, read = _grouped(docs, edges, fixed, bg, s, idfs, nearest, rules, labels)
    again = backgrounds_outside(docs, edges, fixed, clusters, best, bg, s)
    if again is not None:
        rarest = _Rarest(idfs)

        def correct(i: int, j: int, sim: float, over: float) -> float:
            return _corrected(docs[i], docs[j], sim, over, idfs, s, rarest, nearest[i], nearest[j], rules, (i, j))

        clusters = regrouped(docs, edges, fixed, bg, again, clusters, read, s, correct, labels)
    return clusters, best


def _grouped(docs: Sequence[Doc], edges: grouping.Edges, fixed: dict[int, str], bg: Sequence[float], s: Settings,
             idfs: dict[str, float], nearest: Sequence[float], rules: dict,
             labels: dict[int, str] | None = None) -> tuple[list[grouping.Cluster], tuple]:
    """The groups of the edges corrected with the backgrounds bg (rules: what
    the pair rules said of each pair read, kept for the next pass), and the
    pairs' corrected similarities read and the (similarity, over) of those
    not read (outside.regrouped starts from them)."""
    adjusted: grouping.Edges = {}
    rarest = _Rarest(idfs)
    base, weight, min_edge, kept = s.background_base, s.background_weight, s.min_edge, s.agreed_background
    later, order = [], []
    # Those under min_edge however much the two agree are left out; the rules
    # only discount (pair_factor <= 1): a pair they could not bring to the
    # threshold joins no groups, and counts only if its two reports end in
    # one (in the average), known once the others are.
    cut = grouping.join_cut(s.threshold)
    for i, j, sim, over, joins in grouping.screen(edges, bg, base, weight, kept, min_edge, cut):
        order.append((i, j))
        # Days apart: f is at most their factor (under 1: no agreement), read without the features.
        if joins and (d := day_bound(docs[i], docs[j], s)) < 1.0 and (sim - weight * over if over > 0 else sim) * d < cut:
            joins = False
        if joins:
            adjusted[(i, j)] = _corrected(docs[i], docs[j], sim, over, idfs, s, rarest, nearest[i], nearest[j], rules, (i, j))
        else:
            later.append((i, j, sim, over))
    joined = grouping.together(adjusted, s.threshold, fixed)
    unread = {}
    for i, j, sim, over in later:
        if joined(i, j):
            adjusted[(i, j)] = _corrected(docs[i], docs[j], sim, over, idfs, s, rarest, nearest[i], nearest[j], rules, (i, j))
        else:
            unread[(i, j)] = (sim, over)
    read = (dict(adjusted), unread)
    adjusted = {pair: sim for pair in order if (sim := adjusted.get(pair, 0.0)) >= min_edge}  # in edges' order
    return grouping.agglomerate(len(docs), adjusted, s.threshold, fixed, [d.day for d in docs], s.max_gap_days,
                                labels), read


def _corrected(a: Doc, b: Doc, sim: float, over: float, idfs: dict[str, float], s: Settings, rarest: _Rarest,
               nearest_a: float, nearest_b: float, rules: dict | None = None, key: tuple[int, int] | None = None) -> float:
    """A pair's similarity once its background over the base (over) and the
    rules are taken off (nearest_a, nearest_b: nearest_elsewhere's; rules:
    what they said of key's pair before, if read, and where it is kept)."""
    f, agreed = rules.get(key, (None, None)) if rules is not None else (None, None)
    if f is None:
        f = pair_factor(a, b, idfs, s, rarest) * outlet_factor(a, b, sim, nearest_a, nearest_b, s)
    if over > 0:
        # Reports that agree on the day, the opening or the numbers, and
        # disagree on nothing, pay a part of the background only: a
        # crowded topic is no evidence against what they share.
        if agreed is None:
            agreed = f == 1.0 and agreement(a, b) >= s.agreement_needed
        if agreed:
            over *= s.agreed_background
        sim -= s.background_weight * over
    if rules is not None:
        rules[key] = (f, agreed)
    return sim * f


# --- events ------------------------------------------------------------------------
def event_id_for(article_id: str) -> str:
    """An event is named after the article that founded it."""
    return "e" + hashlib.sha1(f"event:{article_id}".encode()).hexdigest()[:11]


def summarise(event_id: str, docs: Sequence[Doc]) -> Event:
    """Title from the report nearest the centroid; dates, sources."""
    if len(docs) == 1:  # most groups: the centroid is the report itself
        d = docs[0]
        square = sum([w * w for w in d.vector.values()])
        return Event(event_id, d.title or "(untitled)", (d.id,), (d.source,) if d.source else (),
                     naive(d.published), naive(d.published), square / (math.sqrt(square) or 1.0))
    centroid: dict[str, float] = defaultdict(float)
    for d in docs:
        for t, w in d.vector.items():
            centroid[t] += w
    norm = math.sqrt(sum(w * w for w in centroid.values())) or 1.0
    return summary(event_id, docs, [grouping.cosine(d.vector, centroid) / norm for d in docs])


def summary(event_id: str, docs: Sequence[Doc], close: Sequence[float]) -> Event:
    """summarise's event of two or more docs, close: each one's cosine with their centroid."""
    closeness = dict(zip([d.id for d in docs], close))
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
    """Latest first, then the larger; undated events last. The seconds since 1970 by subtraction:
    timestamp() would read a naive date as local time and overflow at 0001-01-01 (a date a store
    written before parse_date refused it may hold)."""
    return sorted(events, key=lambda e: (e.last is None, -((e.last - _EPOCH).total_seconds() if e.last else 0),
                                         -e.count, e.id))


def docs_for(arts: Sequence[Article], settings: Settings, use_dates: bool = True) -> tuple[list[Doc], IdfTable]:
    """Grouping's view of a collection: features, document frequencies, vectors."""
    feats = [article_features(a, settings, use_dates) for a in arts]
    df: Counter[str] = Counter()
    for f in feats:
        df.update(f.terms.keys())
    idfs = IdfTable(df, len(feats))
    docs = [
        Doc(a.id, a.title, a.source, a.published if use_dates else None, weigh(f.terms, idfs, settings.max_terms), f)
        for a, f in zip(arts, feats)
    ]
    return docs, idfs


def group_events(
    articles: Iterable[Article], threshold: float | None = None, use_dates: bool = True, settings: Settings = DEFAULT
) -> list[Event]:
    """Group articles into events at once (EventIndex does it incrementally).
    Events are sorted latest first, undated ones last; single reports are
    events of one (Event.reported_once)."""
    arts = list(articles)
    if not arts:
        return []
    if threshold is not None:
        settings = replace(settings, threshold=threshold)
    docs, idfs = docs_for(arts, settings, use_dates)
    days = [d.day for d in docs]
    edges = grouping.cosine_edges([d.vector for d in docs], None, settings.min_edge, None, days, settings.max_gap_days)
    clusters, _ = corrected_clusters(docs, edges, {}, None, settings, idfs)
    events = []
    for c in clusters:
        members = [docs[i] for i in c.members]
        events.append(summarise(event_id_for(min(members, key=age_key).id), members))
    return sort_events(events)
