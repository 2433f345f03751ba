"""Event grouping measured against BASIL's gold events (100 events, one report
each from Fox, the New York Times and HuffPost; `triplet-uuid` is the event).

B-cubed precision, recall and F1, with and without the dates. A plain
TF-IDF cosine with a tuned threshold reaches F1 0.93 here. The floors below
are what this grouping reaches at its one setting (chosen on BASIL and
Reuters together: README, "### Events"), less a little (measured: 0.925
without dates, 0.993 with; 0.983 adding one article at a time in date
order). Without dates BASIL stays short of the issue's 0.98: reports that
one outlet tells as another angle or another day of a running story, on a
crowded topic, are split (bench/events_quality.py)."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from reader.core.events import Event, EventIndex, group_events
from reader.core.models import Article, article_id
from reader.core.store import connect
from tests.conftest import require_corpora

pytestmark = pytest.mark.corpora

FLOOR_WITHOUT_DATES = 0.92
FLOOR_WITH_DATES = 0.985
FLOOR_INCREMENTAL = 0.975


@pytest.fixture(scope="module")
def basil() -> tuple[list[Article], dict[str, str]]:
    folder = require_corpora("basil", "articles")
    articles, gold = [], {}
    for path in sorted(folder.glob("*/*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        paragraphs = tuple(p for p in (" ".join(s.strip() for s in para if s.strip()) for para in d["body-paragraphs"]) if p)
        a = Article(
            id=article_id(f"basil/{path.name}"),
            origin=f"basil/{path.name}",
            title=d.get("title") or "",
            text_paragraphs=paragraphs,
            source=d.get("source", ""),
            published=datetime.fromisoformat(d["date"]) if d.get("date") else None,
        )
        articles.append(a)
        gold[a.id] = d["triplet-uuid"]
    assert len(articles) == 300 and len(set(gold.values())) == 100
    return articles, gold


def bcubed(events: list[Event], gold: dict[str, str]) -> tuple[float, float, float]:
    cluster = {i: e.id for e in events for i in e.article_ids}
    assert sorted(cluster) == sorted(gold), "every article is in exactly one event"
    members: dict[str, set[str]] = {}
    truth: dict[str, set[str]] = {}
    for i in gold:
        members.setdefault(cluster[i], set()).add(i)
        truth.setdefault(gold[i], set()).add(i)
    p = sum(len(members[cluster[i]] & truth[gold[i]]) / len(members[cluster[i]]) for i in gold) / len(gold)
    r = sum(len(members[cluster[i]] & truth[gold[i]]) / len(truth[gold[i]]) for i in gold) / len(gold)
    return p, r, 2 * p * r / (p + r)


def test_bcubed_without_dates(basil):
    articles, gold = basil
    p, r, f = bcubed(group_events(articles, use_dates=False), gold)
    print(f"BASIL without dates: B-cubed P={p:.4f} R={r:.4f} F1={f:.4f}")
    assert f >= FLOOR_WITHOUT_DATES


def test_bcubed_with_dates(basil):
    articles, gold = basil
    p, r, f = bcubed(group_events(articles), gold)
    print(f"BASIL with dates: B-cubed P={p:.4f} R={r:.4f} F1={f:.4f}")
    assert f >= FLOOR_WITH_DATES


def test_bcubed_incremental_one_article_at_a_time(basil, tmp_path):
    articles, gold = basil
    index = EventIndex(connect(tmp_path / "events.sqlite"))
    for a in sorted(articles, key=lambda a: (a.published, a.id)):
        index.add([a])
    p, r, f = bcubed(index.events(), gold)
    print(f"BASIL incremental: B-cubed P={p:.4f} R={r:.4f} F1={f:.4f}")
    assert f >= FLOOR_INCREMENTAL
