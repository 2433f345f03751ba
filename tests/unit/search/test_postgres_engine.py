"""What only the PostgreSQL engine has: its tables on a server, damaged or
dropped; a lost connection; writers at once; its stemmer (Snowball English,
as Tantivy's, where Whoosh has Porter); the vocabulary's bounds. The
interface itself is tested on all three engines by test_engine_conformance."""

from __future__ import annotations

import threading

import pytest

from reader.core.search.budget import Limits
from reader.core.search.errors import EngineDamaged, EngineUnavailable, QueryError
from tests.factories import day, make_article
from tests.unit.search.backends import POSTGRES_DIFFERS, require

require("postgres")
import psycopg  # noqa: E402  (after the skip: psycopg is optional)

from reader.core.search.postgres import translate, vocabulary  # noqa: E402
from reader.core.search.postgres.engine import PostgresEngine  # noqa: E402


@pytest.fixture
def engine(pg_dsn):
    e = PostgresEngine(pg_dsn, schema="s")
    yield e
    e.close()


def art(n: int, title: str = "", body: str = ""):
    return make_article(n, *([body] if body else []), title=title, published=day(n))


@pytest.mark.parametrize("damage", [
    "DROP TABLE s.search_meta", "DELETE FROM s.search_meta", "DROP TABLE s.search_terms"])
def test_a_damaged_server_index_is_detected_and_rebuilt(engine, pg_dsn, damage):
    engine.write([art(1), art(2)])
    engine.verify()
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        conn.execute(damage)
    with pytest.raises(EngineDamaged) as info:
        engine.verify()
    assert "\n" not in str(info.value)
    engine.clear()
    assert not engine.exists()
    engine.write([art(1), art(2)])
    engine.verify()
    assert sorted(engine.search_ids("ferries")) == ["id0001", "id0002"]


def test_a_lost_connection_is_retried_once(engine, pg_dsn):
    engine.write([art(1)])
    assert engine.search_ids("ferries") == ["id0001"]
    with psycopg.connect(pg_dsn, autocommit=True) as admin:  # the server ends the engine's session
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                      " WHERE datname = current_database() AND pid <> pg_backend_pid()")
    assert engine.search_ids("ferries") == ["id0001"]


def test_searches_from_many_threads_reuse_a_few_connections(engine, pg_dsn):
    """The app searches from a new thread for each keystroke: connections are
    given back and reused, never one left open per thread."""
    engine.write([art(n) for n in range(1, 4)])
    for _ in range(3):
        threads = [threading.Thread(target=engine.search_ids, args=("ferries",)) for _ in range(12)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    with psycopg.connect(pg_dsn) as conn:
        opened = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                              " AND pid <> pg_backend_pid()").fetchone()[0]
    assert opened <= 12 + 1 and len(engine.server._idle) <= 4
    engine.close()
    assert engine.server._idle == []


def test_an_unreachable_server_is_one_line(tmp_path):
    engine = PostgresEngine(f"host={tmp_path} user=nobody dbname=none connect_timeout=2")
    for call in (engine.exists, lambda: engine.search_ids("ferries"), lambda: engine.write([art(1)])):
        with pytest.raises(EngineUnavailable) as info:
            call()
        message = str(info.value)
        assert "unreachable" in message and "\n" not in message and "Traceback" not in message


def test_a_connection_factory_and_the_search_path(pg_dsn):
    """With no schema the tables go where the connection's search_path puts them."""
    engine = PostgresEngine(lambda: psycopg.connect(pg_dsn))
    engine.write([art(1, title="Lighthouse closes")])
    with psycopg.connect(pg_dsn) as conn:
        assert conn.execute("SELECT count(*) FROM public.search_docs").fetchone()[0] == 1
    assert engine.search_ids("title:lighthouse") == ["id0001"]
    engine.close()


def test_two_writers_at_once_lose_nothing(pg_dsn):
    """Writers take turns on the advisory lock; each write is one transaction."""
    errors: list[BaseException] = []

    def write(start: int) -> None:
        e = PostgresEngine(pg_dsn, schema="s")
        try:
            for k in range(5):
                e.write([art(start + 10 * k + j) for j in range(10)])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            e.close()

    threads = [threading.Thread(target=write, args=(n * 1000,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    reader = PostgresEngine(pg_dsn, schema="s")
    assert reader.doc_count() == 100 and len(reader.search_ids("ferries", limit=None)) == 100
    reader.close()


def test_weights_keep_fields_apart_and_phrases_within_one(engine):
    engine.write([art(1, title="Harbour", body="Ferries sailed."), art(2, title="Ferries", body="Harbour walls.")])
    assert engine.search_ids("title:harbour") == ["id0001"]
    assert engine.search_ids("body:harbour") == ["id0002"]
    assert engine.search_ids('"harbour ferries"') == []  # title then body: no phrase across the two


def test_stemming_is_snowball_english(engine):
    # POSTGRES_DIFFERS["stemming"]: the same stems as the Tantivy engine's, some apart from Whoosh's
    assert "Porter" in POSTGRES_DIFFERS["stemming"]
    words = "generously elections protested lying happily running cities"
    stems = [w for w, _, _ in engine.analyse(words)]
    assert stems == ["generous", "elect", "protest", "lie", "happili", "run", "citi"]
    from whoosh.lang.porter import stem as porter  # Whoosh's stemmer, for the difference

    assert porter("generously") == "gener" and porter("generously") != stems[0]


def test_expanding_terms_are_bounded_with_a_note(engine, monkeypatch):
    engine.write([art(n, body=f"Ballot{'x' * (n % 7)} counted in ward number {n}.") for n in range(1, 40)])
    monkeypatch.setattr(translate, "LIMITS", Limits(per_term=2, per_query=4, postings=1000))
    results = engine.search("ballo*x*")
    assert results.notes and "only its most common 2 words" in results.notes[0]
    assert engine.search("ballot").notes == ()


def test_database_errors_are_one_line_query_errors(engine):
    engine.write([art(1)])
    for query in ["title:[alpha to beta", "vulcano~3"]:
        with pytest.raises(QueryError) as info:
            engine.search(query)
        assert "\n" not in str(info.value)


def test_a_new_reader_does_not_wait_for_a_writers_commit(engine, pg_dsn):
    """The writers' advisory lock is held to the commit; a client that finds
    the tables there searches at once."""
    engine.write([art(1)])
    holding, release = threading.Event(), threading.Event()

    def slow():
        yield art(2)
        holding.set()
        release.wait(30)

    writer = threading.Thread(target=lambda: engine.write(slow()))
    writer.start()
    try:
        assert holding.wait(30)
        reader = PostgresEngine(pg_dsn, schema="s")
        done = threading.Event()
        threading.Thread(target=lambda: (reader.search_ids("ferries"), list(reader.analyse("ferries")), done.set())).start()
        assert done.wait(5), "the reader waited for the writer"
        assert reader.search_ids("ferries") == ["id0001"]  # the write is not committed yet
        reader.close()
    finally:
        release.set()
        writer.join()
    assert sorted(engine.search_ids("ferries")) == ["id0001", "id0002"]


def test_a_widened_term_never_stands_for_a_stop_word(engine):
    """As in Whoosh's index (which holds none): 'iff~' is not 'if' nor 'it',
    which would match most articles; the index keeps them for phrases."""
    engine.write([art(1, body="If it rains, the ferry waits. Tariffs rose."), art(2, body="Iffy weather.")])
    words = engine.query_words("iff~", "body") | engine.query_words("i?", "body")
    assert words and not words & {"if", "it", "i"}
    assert engine.search_ids('"if it rains"') == ["id0001"]


def test_a_widened_term_is_kept_for_a_few_seconds_and_dropped_at_a_write(engine, pg_dsn, monkeypatch):
    """A search, then the article's highlighting widen the same fuzzy term in turn: one look-up
    in the vocabulary while it is kept; another process's new word is seen once it expires;
    this engine's own write drops it at once."""
    engine.write([art(1, body="The ferry left at noon.")])
    now = [0.0]
    monkeypatch.setattr(engine.vocabulary, "clock", lambda: now[0])  # "kept" whatever the machine's speed
    asked = []
    real = engine.vocabulary._rows
    monkeypatch.setattr(engine.vocabulary, "_rows", lambda sql, params: asked.append(sql) or real(sql, params))
    assert engine.search_ids("fery~1") == ["id0001"]
    first = len(asked)
    assert engine.query_words("fery~1", "body") == {"ferri"} and len(asked) == first  # kept
    other = PostgresEngine(pg_dsn, schema="s")
    other.write([art(2, body="The fern grew by the quay.")])
    other.close()
    now[0] += vocabulary.WIDENED_FOR_S * 0.9
    assert engine.search_ids("fery~1") == ["id0001"]  # kept: the other's 'fern' not yet seen
    now[0] += vocabulary.WIDENED_FOR_S * 0.2
    assert set(engine.search_ids("fery~1")) == {"id0001", "id0002"}
    now[0] += vocabulary.WIDENED_FOR_S * 0.9
    assert set(engine.search_ids("fery~1")) == {"id0001", "id0002"}  # kept again
    engine.write([art(3, body="A ferb, whatever that is.")])
    assert set(engine.search_ids("fery~1")) == {"id0001", "id0002", "id0003"}
