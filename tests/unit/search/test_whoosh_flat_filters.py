"""A date range or `field:*` inside an AND of words is answered by flat.py
(the filter's own Whoosh matcher asked only about the documents the words
found) with what Whoosh's matchers give: the same hits, totals, order and
snippets, and scores that differ at most in the last bits (flat.py adds an
OR of three or more words in reading order, Whoosh in a tree), for a
search with terms (snippets) and for search_ids."""

from __future__ import annotations

import random
from datetime import datetime, timezone

import pytest

from reader.core.models import Article
from reader.core.search.whoosh import engine as W
from reader.core.search.whoosh import flat

WORDS = "harbour ferry storm council budget wheat prices bank rates minister river bridge".split()


def _article(n: int, rng: random.Random) -> Article:
    body = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(4, 50)))
    return Article(id=f"d{n:04d}", origin=f"t/{n}", title=" ".join(rng.choice(WORDS) for _ in range(3)).title(),
                   text_paragraphs=(body + ".",), source="Wire", url=f"https://example.org/{n}",
                   published=datetime(2020 + n % 5, 1 + n % 12, 1 + n % 28, tzinfo=timezone.utc) if n % 6 else None)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    rng = random.Random(6)
    e = W.WhooshEngine(tmp_path_factory.mktemp("filters") / "ix")
    for start in (0, 150):
        e.write([_article(n, rng) for n in range(start, start + 150)])
    e.write([], delete_ids=[f"d{n:04d}" for n in range(0, 300, 11)])
    yield e
    e.close()


QUERIES = ["date:2021 harbour", "date:[2021-03-01 to 2022-06-30] ferry storm", "title:* bank", "wheat -date:2022",
           "date:2023 (prices OR rates OR bank) -river", 'date:2020 "bank rates"', "* council"]


def _run(engine):
    out = []
    for text in QUERIES:
        res = engine.search(text, limit=10, body_of=lambda ids: {})
        out.append((res.total, [(h.id, round(h.score, 9), h.title_matches) for h in res.hits],
                    engine.search_ids(text, limit=15), sorted(engine.search_ids(text))))
    return out


@pytest.mark.parametrize("walk_from", [0, 10**9])  # the filter walked whole, or skipped along
def test_filters_in_an_and_are_answered_as_whoosh_answers_them(engine, monkeypatch, walk_from):
    monkeypatch.setattr(flat, "WALK_FROM", walk_from)
    used = []
    matched = flat._matched
    monkeypatch.setattr(flat, "_matched", lambda *a: used.append(1) or matched(*a))
    fast = _run(engine)
    assert used  # the filters went through flat.py
    monkeypatch.setattr(flat, "_OPAQUE", (type("Never", (), {}),))  # every such query left to Whoosh
    slow = _run(engine)
    for text, a, b in zip(QUERIES, fast, slow):
        assert a == b, text
        assert a[0] > 0, text


def test_a_date_range_alone_is_left_to_whoosh(engine):
    assert flat.flat_search(engine.searcher(), engine.parse("date:2021"), 10, engine._field_lengths) is None
