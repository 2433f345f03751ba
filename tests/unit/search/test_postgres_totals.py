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
        row = conn.execute("SELECT value = 't.search_docs'::regclass::oid::text || ':' ||"
                           " 't.search_terms'::regclass::oid::text FROM t.search_meta WHERE key = 'df'").fetchone()
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


def _ferries(first: int, count: int):
    return [make_article(n, "ferry " * 2 + "harbour wall", title=f"Report {n}", published=day(n % 28 + 1))
            for n in range(first, first + count)]


@pytest.mark.parametrize("change", [
    "DROP TABLE t.search_terms", "TRUNCATE t.search_terms", "DELETE FROM t.search_terms",
    "DROP TRIGGER search_docs_df ON t.search_docs", "DROP TRIGGER search_terms_df ON t.search_terms"])
def test_the_mark_goes_with_an_emptied_or_dropped_vocabulary_or_a_dropped_trigger(engine, pg_dsn, monkeypatch, change):
    """The mark names both tables and trusts them only while both triggers are there: a vocabulary
    created again (empty) or emptied, or a trigger gone (writes unwatched meanwhile), is not exact."""
    if not rum_available(pg_dsn):
        pytest.skip("the server has no rum extension: every match is ranked on GIN, counted with it")
    monkeypatch.setattr(ranking, "RUM_POOL", 4)
    assert _mark(pg_dsn, "t")  # set by the build
    with psycopg.connect(pg_dsn) as conn:
        conn.execute(change)
        if "TRIGGER" in change:  # another tool's write, unseen without the trigger
            conn.execute("DELETE FROM t.search_docs WHERE id IN ('id0001', 'id0002')")
    if "TRIGGER" in change:  # counted: the mark is not trusted without the trigger
        assert engine.search("ferry", limit=3).total == 28
    engine.write(_ferries(100, 10))
    assert not exact(pg_dsn)
    assert engine.search("ferry", limit=3).total == (38 if "TRIGGER" in change else 40)
    engine.optimize()
    assert exact(pg_dsn) and differing(pg_dsn) == 0
    assert engine.search("ferry", limit=3).total == (38 if "TRIGGER" in change else 40)


def test_a_recount_is_not_marked_exact_past_a_write_committed_meanwhile(engine, pg_dsn, monkeypatch):
    """optimize locks the tables against writers that do not take the writers' lock: a write
    committed while it recounts is in the recount (it waits for it), not left out and marked exact."""
    import threading
    import time

    if not rum_available(pg_dsn):
        pytest.skip("the server has no rum extension: every match is ranked on GIN, counted with it")
    monkeypatch.setattr(ranking, "RUM_POOL", 4)
    other = psycopg.connect(pg_dsn)
    try:
        other.execute("DELETE FROM t.search_docs WHERE id IN ('id0001', 'id0002')")  # not committed yet
        failed = []

        def optimize():
            try:
                engine.optimize()
            except BaseException as exc:
                failed.append(exc)

        run = threading.Thread(target=optimize, daemon=True)
        run.start()
        with psycopg.connect(pg_dsn, autocommit=True) as watch:
            for _ in range(200):  # until optimize waits on a lock the other transaction holds
                if watch.execute("SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                                 " AND datname = current_database())").fetchone()[0]:
                    break
                time.sleep(0.05)
            else:
                pytest.fail("optimize did not wait for the other write")
        other.commit()
        run.join(60)
        assert not failed and not run.is_alive()
    finally:
        other.close()
    assert differing(pg_dsn) == 0 or not exact(pg_dsn)
    assert engine.search("ferry", limit=3).total == 28


def _mark(dsn: str, schema: str) -> str | None:
    with psycopg.connect(dsn) as conn:
        row = conn.execute(f"SELECT value FROM {schema}.search_meta WHERE key = 'df'").fetchone()
    return row and row[0]


def test_the_guard_runs_with_its_own_rights_and_search_path(pg_dsn):
    """The trigger's function finds search_meta in the schema the tables were created in (schema
    None: the search_path's), whatever the writing session's search_path (pg_restore --data-only
    sets it to ''), and may delete the mark for a role that may write the articles but not search_meta."""
    e = PostgresEngine(pg_dsn)
    role = "fix_writer_" + pg_dsn.rsplit("/", 1)[1].split("?")[0][-8:]
    try:
        e.write(_ferries(1, 5))
        assert _mark(pg_dsn, "public")
        with psycopg.connect(pg_dsn, options="-c search_path=") as conn:
            conn.execute("UPDATE public.search_docs SET title = title WHERE id = 'id0001'")
        assert _mark(pg_dsn, "public") is None
        e.optimize()
        assert _mark(pg_dsn, "public")
        with psycopg.connect(pg_dsn, autocommit=True) as conn:
            conn.execute(f"CREATE ROLE {role}")
            conn.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
            conn.execute(f"GRANT SELECT, UPDATE ON public.search_docs TO {role}")
        with psycopg.connect(pg_dsn) as conn:
            conn.execute(f"SET ROLE {role}")
            conn.execute("UPDATE public.search_docs SET title = title WHERE id = 'id0001'")
        assert _mark(pg_dsn, "public") is None
    finally:
        e.close()
        with psycopg.connect(pg_dsn, autocommit=True) as conn:
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                conn.execute(f"DROP OWNED BY {role}")
                conn.execute(f"DROP ROLE {role}")
