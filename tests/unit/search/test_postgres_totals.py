"""A one-word search's total from the vocabulary (reader.core.search.postgres.totals): the
frequencies stay exact through replacements, deletions and a write fed twice; the total is
taken from them only while search_meta says they are exact for the table as it is, and is
counted again after a write that does not keep them (an older newsreader's, another tool's)."""

from __future__ import annotations

import pytest

from tests.factories import day, make_article
from tests.unit.search.backends import require

require("postgres")
import psycopg  # noqa: E402  (after the skip: psycopg is optional)

from reader.core.search.postgres import ranking, server  # noqa: E402
from reader.core.search.postgres.engine import PostgresEngine  # noqa: E402
from tests.unit.search.test_postgres_ranking import rum_available  # noqa: E402


@pytest.fixture
def engine(pg_dsn):
    e = PostgresEngine(pg_dsn, schema="t")
    e.write([make_article(n, "ferry " * n + "harbour wall", title=f"Report {n}", published=day(n))
             for n in range(1, 31)])
    yield e
    e.close()


def differing(dsn: str) -> int:
    """Words (of both kinds) whose frequency is not the number of articles holding them."""
    with psycopg.connect(dsn) as conn:
        return sum(conn.execute(
            f"SELECT count(*) FROM (SELECT word, ndoc FROM ts_stat('SELECT {col} FROM t.search_docs')) s FULL JOIN"
            f" (SELECT word, df FROM t.search_terms WHERE kind = '{kind}' AND df > 0) v USING (word)"
            " WHERE s.ndoc IS DISTINCT FROM v.df").fetchone()[0] for kind, col in (("w", "words"), ("l", "labels")))


def exact(dsn: str) -> bool:
    with psycopg.connect(dsn) as conn:
        row = conn.execute("SELECT value = 't.search_docs'::regclass::oid::text FROM t.search_meta"
                           " WHERE key = 'df'").fetchone()
    return bool(row and row[0])


def test_the_frequencies_stay_exact_through_replacements_deletions_and_a_write_fed_twice(engine, pg_dsn):
    assert exact(pg_dsn) and differing(pg_dsn) == 0  # a build counts them
    engine.write([make_article(n, "tugs in the harbour", source="Other Desk", published=day(n)) for n in range(1, 6)])
    engine.write([make_article(40, "a new ferry")], delete_ids=["id0006", "id0007", "id0099"])
    feed = engine.begin_feed()
    for n in (8, 9, 41):
        feed.add(make_article(n, "sails"))
    feed._flush()  # sent: the same ids again replace this write's own rows
    for n in (8, 41):
        feed.add(make_article(n, "masts"))
    feed.delete(["id0009", "id0010"])
    engine.end_feed(feed)
    assert exact(pg_dsn) and differing(pg_dsn) == 0
    with psycopg.connect(pg_dsn) as conn:
        assert conn.execute("SELECT df FROM t.search_terms WHERE kind = 'w' AND word = 'ferri'").fetchone()[0] == 21


def test_a_one_word_total_is_read_from_the_frequencies_only_while_they_are_exact(engine, pg_dsn, monkeypatch):
    if not rum_available(pg_dsn):
        pytest.skip("the server has no rum extension: every match is ranked on GIN, counted with it")
    monkeypatch.setattr(ranking, "RUM_POOL", 4)
    counted = []
    real = server._count
    monkeypatch.setattr(server, "_count", lambda *a: counted.append(1) or real(*a))
    gin = PostgresEngine(pg_dsn, schema="g", rum=False)
    try:
        gin.write([make_article(n, "ferry " * n + "harbour wall", title=f"Report {n}", published=day(n))
                   for n in range(1, 31)])
        engine.write([make_article(2, "no boats here")], delete_ids=["id0003"])
        gin.write([make_article(2, "no boats here")], delete_ids=["id0003"])
        for query in ("ferry", "harbour", "Ferries"):
            got = engine.search(query, limit=3)
            assert (got.total, [h.id for h in got.hits]) == ((lambda r: (r.total, [h.id for h in r.hits]))(
                gin.search(query, limit=3)))
        assert engine.search("ferry", limit=3).total == 28 and not counted
        assert engine.search("title:report", limit=3).total == gin.search("title:report", limit=3).total
        assert len(counted) == 1  # a weight: counted
        with psycopg.connect(pg_dsn) as conn:  # a write that does not keep the frequencies (an older client's)
            conn.execute("UPDATE t.search_docs SET title = title WHERE id = 'id0001'")
        assert not exact(pg_dsn)
        assert engine.search("ferry", limit=3).total == 28 and len(counted) == 2
        engine.write([make_article(50, "ferry")])  # a write of this version does not make them exact again
        assert engine.search("ferry", limit=3).total == 29 and len(counted) == 3
        engine.optimize()  # a recount does
        assert exact(pg_dsn) and engine.search("ferry", limit=3).total == 29 and len(counted) == 3
    finally:
        gin.close()
