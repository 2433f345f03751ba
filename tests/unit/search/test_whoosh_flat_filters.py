"""A date range or `field:*` inside an AND of words is answered by flat.py,
and a date range anywhere from the date column (whoosh/dates.py), with what
Whoosh's own matchers give over its numeric terms: the same hits, totals,
order and snippets, and scores that differ at most in the last bits
(flat.py adds an OR of three or more words in reading order, Whoosh in a
tree), for a search with terms (snippets) and for search_ids; over several
segments, with deleted documents and articles without a date."""

from __future__ import annotations

import random
from datetime import datetime, timezone

import pytest

from reader.core.models import Article
from reader.core.search.whoosh import dates, flat
from reader.core.search.whoosh import engine as W

WORDS = "harbour ferry storm council budget wheat prices bank rates minister river bridge".split()


def _article(n: int, rng: random.Random) -> Article:
    body = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(4, 50)))
    # n % 6 == 0: no date; n % 50 == 1: the first date Whoosh holds (its long is 0)
    published = datetime(2020 + n % 5, 1 + n % 12, 1 + n % 28, tzinfo=timezone.utc) if n % 6 else None
    if n % 50 == 1:
        published = datetime(1, 1, 1, tzinfo=timezone.utc)
    return Article(id=f"d{n:04d}", origin=f"t/{n}", title=" ".join(rng.choice(WORDS) for _ in range(3)).title(),
                   text_paragraphs=(body + ".",), source="Wire", url=f"https://example.org/{n}", published=published)


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
           "date:2023 (prices OR rates OR bank) -river", 'date:2020 "bank rates"', "* council", "date:2021^3 harbour",
           "date:>2022-03-01 bank", "date:<2021-02-01 storm", "date:[0001-01-01 to 9999-12-31] wheat",
           "date:[2020-06-01 to 2021-06-01] OR bridge", "date:2024 OR date:2020 minister"]
ALONE = ["date:2021", "date:[0001-01-01 to 9999-12-31]", "NOT date:2022", "date:<2020-01-01"]


def _run(engine, queries):
    out = []
    for text in queries:
        res = engine.search(text, limit=10, body_of=lambda ids: {})
        out.append((res.total, [(h.id, round(h.score, 9), h.snippet, h.title_matches) for h in res.hits],
                    engine.search_ids(text, limit=15), sorted(engine.search_ids(text))))
    return out


def _whooshs_own(monkeypatch):
    """Every date range left to Whoosh's numeric terms, every query to its matchers."""
    monkeypatch.setattr(W, "column_dates", lambda q, columns: q)
    monkeypatch.setattr(W, "flat_search", lambda *args, **kwargs: None)


def test_filters_are_answered_as_whoosh_answers_them(engine, monkeypatch):
    used = []
    real = flat._filter
    monkeypatch.setattr(flat, "_filter", lambda *a: used.append(1) or real(*a))
    fast = _run(engine, QUERIES)
    assert used  # the filters went through flat.py
    _whooshs_own(monkeypatch)
    slow = _run(engine, QUERIES)
    for text, a, b in zip(QUERIES, fast, slow):
        assert a == b, text
        assert a[0] > 0, text


def test_a_date_range_alone_or_in_an_or_is_whooshs_from_the_column(engine, monkeypatch):
    used = []
    real = dates.ColumnDates.mask
    monkeypatch.setattr(dates.ColumnDates, "mask", lambda self, s: used.append(1) or real(self, s))
    fast = _run(engine, ALONE)
    assert used  # answered from the column, through Whoosh's collector
    _whooshs_own(monkeypatch)
    assert _run(engine, ALONE) == fast
    assert all(total > 0 for total, *_ in fast)


def test_the_range_of_every_date_leaves_out_the_articles_without_one(engine):
    undated = {f"d{n:04d}" for n in range(300) if n % 6 == 0 and n % 11}
    every = set(engine.search_ids("date:[0001-01-01 to 9999-12-31]"))
    assert every and not every & undated
    assert {f"d{n:04d}" for n in range(300) if n % 50 == 1 and n % 11} <= every  # dated 0001-01-01 (the long 0)
    assert undated <= set(engine.search_ids("NOT date:[0001-01-01 to 9999-12-31]"))


def test_a_segment_without_a_date_column_is_answered_by_whooshs_matcher(engine, monkeypatch):
    fast = _run(engine, QUERIES[:6] + ALONE)
    engine._dates.clear()
    monkeypatch.setattr(W, "date_column", lambda reader, fieldname: None)
    try:
        assert _run(engine, QUERIES[:6] + ALONE) == fast
    finally:
        engine._dates.clear()


def test_a_date_range_alone_is_left_to_whoosh(engine):
    s = engine.searcher()
    q, _ = engine._bound(engine.parse("date:2021"), "date:2021", s)
    assert isinstance(q, dates.ColumnDates)
    assert flat.flat_search(s, q, 10, engine._field_lengths) is None
