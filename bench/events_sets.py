"""The development sets of event grouping (issue 15) and their gold events.

Each set is a list of articles, read by the core's own ingest as a user's
would be, and a gold event label per article id:

- basil: BASIL's 100 events, each reported by Fox, the NYT and HuffPost
  (the event is `triplet-uuid`);
- reuters: hard negatives from Reuters-21578: stories of one topic and one
  place (`<TOPICS>`, `<PLACES>`: one of each) told on different days, one
  story a day, so each is an event of its own; the days are close (a run of
  days), so dates alone do not keep them apart;
- bbc: the whole BBC set (five categories, no dates): each story is its own
  event but those the set holds twice (one title, two files), which are one;
- outlets, similar: sets written for these tests (tests/fixtures/events):
  events told by five outlets in different words, and topics with two
  similar events each (two quakes in one region, two arrests of one star);
- leads: written later, to check the place and agreement rules: events
  whose outlets lead with different people, and two topics with two
  similar events each (one county's two wildfires, one carmaker's two recalls);
- spread: written in session 10, to check large events: six to eight
  reports of one happening over two to five days and several outlets, the
  later ones leading with what came next, each beside a similar event of
  its topic, people or company;
- baly: Baly et al. 2020's AllSides articles (many US outlets), hand-labelled
  by happening: a few outlets' reports of one happening beside same-topic
  reports of other happenings, most of them reported once
  (bench/events_baly.py, labels in tests/fixtures/events/baly_labels.json);
- seeds: the five bundled reports of one event;
- basil-onefeed, reuters-outlets: BASIL and Reuters with their outlets
  turned about, so that no set ties one event to several outlets and two
  events to one: BASIL's three reports of each event given one outlet name
  (one feed reporting an event three times, in three wordings), and each
  Reuters story one of five outlet names by a hash of its id (similar events
  of one topic and place on close days, from different outlets); and
  `turned`, the two in one collection: every event of several reports is
  one outlet's, every pair of outlets' reports two events.

Every set but bbc and seeds comes with and without dates ("-nodates": the
publication dates removed). What is read from the corpora is cached in
bench/cache/events/ (git-ignored): delete it after a change to ingest.
"""

from __future__ import annotations

import hashlib
import html
import json
import pickle
import random
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from bench.events_baly import baly_articles
from bench.events_baly import missing as baly_missing
from bench.events_floor import vectors
from bench.tiers import CACHE, REPO, corpora_dir
from reader.core import ingest
from reader.core.events.grouping import cosine_edges
from reader.core.models import Article, article_id

FIXTURES = REPO / "tests" / "fixtures" / "events"
_CACHE = CACHE / "events"


@dataclass(frozen=True)
class DevSet:
    name: str
    articles: list[Article]
    gold: dict[str, str]  # article id -> gold event
    note: str = ""

    def with_sources(self, name: str, source: Callable[[Article], str], note: str) -> DevSet:
        """The same articles and gold, each article's outlet renamed by source()."""
        return DevSet(name, [replace(a, source=source(a)) for a in self.articles], self.gold, note)

    def without_dates(self) -> DevSet:
        return DevSet(self.name + "-nodates", [replace(a, published=None) for a in self.articles], self.gold, self.note)

    @property
    def events(self) -> int:
        return len(set(self.gold.values()))


# --- reading --------------------------------------------------------------------
def _read(path: Path, sidecars: dict | None = None) -> list[Article]:
    sidecars = {} if sidecars is None else sidecars
    return [a for f in ingest.discover(path) for a in ingest.read_file(f, None, ingest.DEFAULT_MAX_BYTES, sidecars).articles]


def _cached(name: str, build: Callable[[], tuple[list[Article], dict[str, str]]]) -> tuple[list[Article], dict[str, str]]:
    path = _CACHE / f"{name}.pickle"
    if path.exists():
        with path.open("rb") as fh:
            return pickle.load(fh)
    value = build()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        pickle.dump(value, fh)
    return value


def basil(root: Path) -> DevSet:
    def build():
        articles, gold = [], {}
        for path in sorted((root / "basil" / "articles").glob("*/*.json")):
            [a] = _read(path)
            articles.append(a)
            gold[a.id] = json.loads(path.read_text(encoding="utf-8"))["triplet-uuid"]
        return articles, gold

    articles, gold = _cached("basil", build)
    return DevSet("basil", articles, gold, "100 events x 3 outlets")


def bbc(root: Path) -> DevSet:
    def build():
        articles = []
        for category in sorted(p for p in (root / "bbc" / "bbc").iterdir() if p.is_dir()):
            for a in _read(category):
                articles.append(replace(a, source="BBC News", origin=f"bbc/{a.origin}", id=article_id(f"bbc/{a.origin}")))
        by_title: dict[str, str] = {}
        gold = {a.id: by_title.setdefault(a.title.strip().casefold(), a.id) for a in articles}
        return articles, copies_joined(articles, gold)

    articles, gold = _cached("bbc-2", build)
    return DevSet("bbc", articles, gold, "every story its own event; a story held twice (one title, or nearly one text) is one")


_ITEM = re.compile(r"<REUTERS\b[^>]*NEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", re.DOTALL)


def _d_list(tag: str, body: str) -> list[str]:
    m = re.search(rf"<{tag}>(.*?)</{tag}>", body, re.DOTALL)
    return [html.unescape(d) for d in re.findall(r"<D>(.*?)</D>", m.group(1))] if m else []


def reuters(root: Path, per_group: int = 6, max_gap_days: int = 4, seed: int = 15) -> DevSet:
    """Stories of one (topic, place), one a day, in runs of days no more than
    max_gap_days apart, at most per_group from a run."""

    def build():
        rng = random.Random(seed)
        articles, gold = [], {}
        for sgm in sorted((root / "reuters21578").glob("*.sgm")):
            labels = {}
            for newid, body in _ITEM.findall(sgm.read_text(encoding="latin-1")):
                topics, places = _d_list("TOPICS", body), _d_list("PLACES", body)
                if len(topics) == 1 and len(places) == 1:
                    labels[newid] = (topics[0], places[0])
            for a in _read(sgm):
                key = labels.get(a.origin.rsplit("#", 1)[-1])
                if key and a.published is not None:
                    articles.append((key, a))
        groups: dict[tuple[str, str], dict[int, list[Article]]] = defaultdict(lambda: defaultdict(list))
        for key, a in articles:
            groups[key][a.published.toordinal()].append(a)
        chosen: list[Article] = []
        for key in sorted(groups):
            days = sorted(groups[key])
            run: list[int] = []
            for day in days + [10**9]:
                if run and day - run[-1] > max_gap_days:
                    if len(run) >= 2:
                        picked = run if len(run) <= per_group else sorted(rng.sample(run, per_group))
                        chosen += [rng.choice(sorted(groups[key][d], key=lambda a: a.id)) for d in picked]
                    run = []
                run.append(day)
        gold.update({a.id: a.id for a in chosen})
        return chosen, copies_joined(chosen, gold)

    articles, gold = _cached(f"reuters-3-{per_group}-{max_gap_days}-{seed}", build)
    return DevSet("reuters", articles, gold, "one topic and place, a story a day on close days: all apart")


def copies_joined(articles: list[Article], gold: dict[str, str], min_cosine: float = 0.9) -> dict[str, str]:
    """gold with the events of near copies (plain TF-IDF cosine of min_cosine
    or more: one story sent twice, retitled or corrected) made one."""
    parent = {g: g for g in gold.values()}

    def root(g: str) -> str:
        while parent[g] != g:
            parent[g] = parent[parent[g]]
            g = parent[g]
        return g

    # Near copies share their rare terms: those find the candidates, whose
    # exact cosine then decides.
    edges = cosine_edges(vectors(articles), None, 0.1, None)
    for i, j in (pair for pair, cos in edges.items() if cos >= min_cosine):
        a, b = root(gold[articles[i].id]), root(gold[articles[j].id])
        if a != b:
            parent[max(a, b)] = min(a, b)
    return {i: root(g) for i, g in gold.items()}


def written(name: str) -> DevSet:
    """A set written for these tests: a JSON list of events, each
    {"event": id, "reports": [{"source", "date", "title", "text"}]}."""
    data = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    articles, gold = [], {}
    for event in data["events"]:
        for k, r in enumerate(event["reports"]):
            a = fixture_article(f"{name}/{event['event']}/{k}", r)
            articles.append(a)
            gold[a.id] = event["event"]
    return DevSet(name, articles, gold, data.get("note", ""))


def fixture_article(key: str, report: dict) -> Article:
    paragraphs = tuple(p.strip() for p in report["text"].split("\n\n") if p.strip())
    published = datetime.fromisoformat(report["date"]) if report.get("date") else None
    return Article(id=article_id("fixture/" + key), origin="fixture/" + key, title=report["title"],
                   text_paragraphs=paragraphs, source=report["source"], published=published)


def baly(root: Path) -> DevSet:
    read = baly_articles(True, root)
    assert read is not None, baly_missing(root)
    articles, gold = read
    return DevSet("baly", articles, gold, "many US outlets, hand-labelled by happening")


_OUTLETS = ("Wire One", "Daily Two", "Herald Three", "Post Four", "News Five")


def basil_onefeed(root: Path) -> DevSet:
    """BASIL with every report of one outlet name: each event told three times by one feed."""
    return basil(root).with_sources("basil-onefeed", lambda a: "One Feed", "100 events x 3 reports of one outlet name")


def reuters_outlets(root: Path) -> DevSet:
    """The Reuters hard negatives, each story given one of five outlet names
    by a hash of its id (stable across runs and machines)."""
    def outlet(a: Article) -> str:
        return _OUTLETS[int(hashlib.sha1(a.id.encode()).hexdigest(), 16) % len(_OUTLETS)]

    return reuters(root).with_sources("reuters-outlets", outlet, "the Reuters hard negatives from five outlet names")


def turned(root: Path) -> DevSet:
    """basil-onefeed and reuters-outlets in one collection (one IDF, one background)."""
    a, b = basil_onefeed(root), reuters_outlets(root)
    return DevSet("turned", a.articles + b.articles, {**a.gold, **b.gold},
                  "basil-onefeed and reuters-outlets together")


def seeds() -> DevSet:
    articles = _read(REPO / "seeds")
    return DevSet("seeds", articles, {a.id: "seeds" for a in articles}, "five reports of one event")


def dev_sets(names: Iterable[str] | None = None, root: Path | None = None) -> list[DevSet]:
    """The sets by name (default: all that can be read here), each with and
    without dates where it has dates."""
    root = root or corpora_dir()
    makers: dict[str, Callable[[], DevSet]] = {
        "basil": lambda: basil(root),
        "reuters": lambda: reuters(root),
        "bbc": lambda: bbc(root),
        "outlets": lambda: written("outlets"),
        "similar": lambda: written("similar"),
        "leads": lambda: written("leads"),
        "spread": lambda: written("spread"),
        "baly": lambda: baly(root),
        "seeds": seeds,
        "basil-onefeed": lambda: basil_onefeed(root),
        "reuters-outlets": lambda: reuters_outlets(root),
        "turned": lambda: turned(root),
    }
    out = []
    for name in names or makers:
        base = name.removesuffix("-nodates")
        if base in ("basil", "reuters", "bbc", "basil-onefeed", "reuters-outlets", "turned") and not root.is_dir():
            continue
        if base in ("outlets", "similar", "leads", "spread") and not (FIXTURES / f"{base}.json").exists():
            continue
        if base == "baly" and baly_missing(root):
            continue
        s = makers[base]()
        dated = any(a.published for a in s.articles)
        if name == base:
            out.append(s)
            if dated and names is None:
                out.append(s.without_dates())
        else:
            out.append(s.without_dates())
    return out


# --- scoring --------------------------------------------------------------------
def bcubed(clusters: Iterable[Iterable[str]], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of clusters (of article ids) against
    gold (article id -> event); every article of gold in exactly one cluster."""
    cluster = {i: k for k, c in enumerate(clusters) for i in c}
    assert sorted(cluster) == sorted(gold), "every article is in exactly one event"
    members: dict[int, set[str]] = defaultdict(set)
    truth: dict[str, set[str]] = defaultdict(set)
    for i, g in gold.items():
        members[cluster[i]].add(i)
        truth[g].add(i)
    p = sum(len(members[cluster[i]] & truth[gold[i]]) / len(members[cluster[i]]) for i in gold) / len(gold)
    r = sum(len(members[cluster[i]] & truth[gold[i]]) / len(truth[gold[i]]) for i in gold) / len(gold)
    return p, r, 2 * p * r / (p + r)
