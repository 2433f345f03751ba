"""The PostgreSQL engine's writes (search/postgres/writing.py): the rows in binary COPY hold what
the text form of a tsvector gave; a write into an empty index loads new tables and puts them in
place at the commit, readers seeing the old ones until then; one id twice, deletions and worker
processes give what one write in this process gives."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections import Counter
from pathlib import Path

import pytest

from tests.factories import day, make_article
from tests.unit.search.backends import require

require("postgres")
import psycopg  # noqa: E402  (after the skip: psycopg is optional)

from reader.core.search.postgres import analysis, tables, writing  # noqa: E402
from reader.core.search.postgres.engine import PostgresEngine  # noqa: E402


@pytest.fixture
def engine(pg_dsn):
    e = PostgresEngine(pg_dsn, schema="w")
    yield e
    e.close()


def reference(first: list[str], second: list[str], weight: str = "D") -> str:
    """The tsvector literal the engine sent before binary COPY (its old tsvector()), for the server to read."""
    positions: dict[str, list[str]] = {}
    pos = 0
    for word in first:
        pos += 1
        at = positions.setdefault(word, [])
        if len(at) < 256:
            at.append(f"{min(pos, 16383)}A")
    pos += 1
    for word in second:
        pos += 1
        at = positions.setdefault(word, [])
        if len(at) < 256:
            at.append(f"{min(pos, 16383)}{'' if weight == 'D' else weight}")
    return " ".join(f"'{w}':{','.join(at)}" for w, at in positions.items())


ODD = [
    make_article(1, "the " * 300 + "ferry", title="The the ferry", published=day(1)),  # over 256 positions
    make_article(2, " ".join(f"w{i % 900}" for i in range(17000)), title="Long", published=day(2)),  # past 16,383
    make_article(3, "Café Zürich ÉCOLE naïve straße İstanbul x" + "y" * 45, title="", published=None),
    make_article(4, "plain words", title="Title " * 20000, published=day(4)),  # a title past the last position
]


def test_the_rows_hold_what_the_text_form_gave(engine, pg_dsn):
    engine.write(ODD)
    stem = engine.stems
    with psycopg.connect(pg_dsn) as conn:
        for a in ODD:
            title, body = analysis.lowered(a.title), analysis.lowered(a.text)
            stem.prime([*title, *body], lowered=True)
            words = reference(analysis.stemmed(title, stem), analysis.stemmed(body, stem))
            labels = reference(analysis.lowered(a.source), analysis.lowered(a.byline), "B")
            same = conn.execute("SELECT words = %s::tsvector AND words::text = %s::tsvector::text,"
                                " labels::text = %s::tsvector::text, published IS NOT DISTINCT FROM %s"
                                " FROM w.search_docs WHERE id = %s", (words, words, labels, a.published, a.id)).fetchone()
            assert same == (True, True, True), a.id


def _indexes(conn) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = 'w' AND c.relkind = 'i' ORDER BY 1").fetchall()]


def test_a_build_puts_its_tables_in_place_and_a_later_write_adds_to_them(engine, pg_dsn):
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        engine.write([make_article(1, "ferries sail", published=day(1)), make_article(2, "ferries sink", published=day(2))])
        assert _indexes(conn) == ["search_docs_labels", "search_docs_pkey", "search_docs_published", "search_docs_words",
                                  "search_meta_pkey", "search_terms_pkey", "w_search_terms_trgm"]
        assert conn.execute("SELECT to_regclass('w.search_docs_build'), to_regclass('w.search_terms_build')").fetchone() == (None, None)
        engine.write([make_article(2, "ferries float", published=day(2)), make_article(3, "ferries", published=day(3))])
        assert _indexes(conn)[:4] == ["search_docs_labels", "search_docs_pkey", "search_docs_published", "search_docs_words"]
        df = dict(conn.execute("SELECT word, df FROM w.search_terms WHERE kind = 'w' AND word IN ('ferri', 'sink', 'float')"))
    assert df == {"ferri": 3, "sink": 0, "float": 1}  # a replaced row's words are taken off: df stays exact
    assert sorted(engine.search_ids("ferries")) == ["id0001", "id0002", "id0003"]
    assert engine.search_ids("float") == ["id0002"] and engine.search_ids("sink") == []


def test_readers_see_the_old_tables_until_the_build_commits(engine, pg_dsn, monkeypatch):
    monkeypatch.setattr(writing, "BATCH", 2)
    engine.write([])  # the tables exist, empty, as after a first connection
    writer = writing.Writer(engine)
    try:
        for n in range(1, 6):
            writer.add(make_article(n, "ferries", published=day(n)))
        writer._flush()
        writer._drain(close=True)
        with psycopg.connect(pg_dsn, autocommit=True) as reader:
            reader.execute("SET statement_timeout = '5s'")  # a reader is not kept waiting by the load
            assert reader.execute("SELECT count(*) FROM w.search_docs").fetchone()[0] == 0
            assert engine.search_ids("ferries") == []
        writer.commit()
    finally:
        writer.rollback()
    assert len(engine.search_ids("ferries")) == 5


def test_one_id_twice_and_deletions_in_a_build(engine, monkeypatch):
    monkeypatch.setattr(writing, "BATCH", 2)
    writer = writing.Writer(engine)
    try:
        for n, body in ((1, "ferries"), (2, "ferries"), (3, "ferries"), (1, "lava"), (4, "ferries")):
            writer.add(make_article(n, body, published=day(n)))  # id0001 again, two batches later
        writer.delete(["id0003"])
        writer.add(make_article(5, "ferries", published=day(5)))
        writer.commit()
    finally:
        writer.rollback()
    assert sorted(engine.search_ids("ferries")) == ["id0002", "id0004", "id0005"]
    assert engine.search_ids("lava") == ["id0001"]


def _differ(pg_dsn: str, a: str, b: str) -> tuple[int, int]:
    """Rows of schema a's tables that b's do not hold alike: (documents, vocabulary)."""
    with psycopg.connect(pg_dsn) as conn:
        differ = conn.execute(f"SELECT count(*) FROM {a}.search_docs p FULL JOIN {b}.search_docs h USING (id)"
                              " WHERE p.words::text IS DISTINCT FROM h.words::text OR p.labels::text IS DISTINCT FROM"
                              " h.labels::text OR p.title IS DISTINCT FROM h.title").fetchone()[0]
        terms = conn.execute(f"SELECT count(*) FROM {a}.search_terms p FULL JOIN {b}.search_terms h"
                             " USING (kind, word) WHERE p.df IS DISTINCT FROM h.df").fetchone()[0]
    return differ, terms


def test_worker_processes_write_what_this_process_writes(pg_dsn, monkeypatch):
    monkeypatch.setattr(writing, "BATCH", 3)
    monkeypatch.setattr(writing, "WAITING", 1)  # the writer waits for a worker too
    articles = [make_article(n, f"ferries {n} sail past café number{n % 4}", title=f"Ferry {n}", published=day(n))
                for n in range(1, 20)]
    started = []
    real = writing._start_pool
    # beside other threads (pytest's own): forked by the fork server, connecting by the DSN (the
    # workers forked by this process are the killed-worker test's, below)
    monkeypatch.setattr(writing, "fork_allowed", lambda: False)
    monkeypatch.setattr(writing, "workers", lambda: 2)
    monkeypatch.setattr(writing, "_start_pool", lambda e: started.append(real(e)) or started[-1])
    served = PostgresEngine(pg_dsn, schema="served")
    served.write(articles)
    assert [p is not None and p.method for p in started] == ["forkserver"]
    monkeypatch.setattr(writing, "_start_pool", lambda e: None)
    here = PostgresEngine(pg_dsn, schema="here")
    here.write(articles)
    for e in (served, here):
        e.close()
    assert _differ(pg_dsn, "served", "here") == (0, 0)


def test_a_write_fed_an_article_at_a_time_is_one_write(pg_dsn):
    """begin_feed/end_feed (what an indexing run feeds as it stores, ingest/feeding.py): the same
    tables as one write of what was fed, readers seeing nothing of it before end_feed; a feed
    rolled back leaves the index as it was."""
    articles = [make_article(n, f"ferries {n} sail", title=f"Ferry {n}", published=day(n)) for n in range(1, 8)]
    fed = PostgresEngine(pg_dsn, schema="fed")
    feed = fed.begin_feed()
    try:
        for a in articles + [make_article(9, "lava", title="Gone")]:
            feed.add(a)
        feed.delete(["id0009"])
        assert fed.search_ids("ferries") == []
        fed.end_feed(feed)
    finally:
        feed.rollback()
    whole = PostgresEngine(pg_dsn, schema="whole")
    whole.write(articles)
    assert len(fed.search_ids("ferries")) == 7 and fed.search_ids("lava") == []
    dropped = fed.begin_feed()
    dropped.add(make_article(10, "lava"))
    dropped.rollback()
    assert fed.search_ids("lava") == [] and fed.doc_count() == 7
    for e in (fed, whole):
        e.close()
    assert _differ(pg_dsn, "fed", "whole") == (0, 0)


# Run apart, in a process of its own with a timeout: a write that hangs on its lost batch fails
# this test instead of hanging the suite (one did, in CI, when this ran in pytest's process).
KILLED = r"""
import os, signal, sys
from reader.core.search.postgres import writing
from reader.core.search.postgres.engine import PostgresEngine
from tests.factories import make_article

writing.BATCH = 3
writing.workers = lambda: 2
writing.fork_allowed = lambda: True
articles = [make_article(n, f"ferries {n} sail", title=f"Ferry {n}") for n in range(1, 20)]
here, real = os.getpid(), writing.analyse

def analyse(batch, stem):
    if os.getpid() != here and any(row[0] == articles[6].id for row in batch):
        os.kill(os.getpid(), signal.SIGKILL)
    return real(batch, stem)

writing.analyse = analyse
e = PostgresEngine(sys.argv[1], schema="killed")
try:
    e.write(articles)
except OSError as exc:
    print("failed:", exc)
print("kept", e.doc_count())
writing.analyse = real
print("again", e.write(articles[:5]), e.doc_count())
e.close()
"""


def test_a_worker_killed_mid_batch_fails_the_write_in_one_line(pg_dsn):
    """A worker's batch lost (the OOM killer, a kill -9): the write fails in one line, nothing of
    it is kept, and the writers' lock is free for the next write (it waited for ever on the batch)."""
    done = subprocess.run([sys.executable, "-c", KILLED, pg_dsn], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[3])
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert lines[0] == ("failed: [Errno 5] a worker analysing articles for the search index ended (killed by"
                        " signal 9) before its batch was done: nothing was written"), done.stdout
    assert lines[1:] == ["kept 0", "again 5 5"]


def test_tables_another_role_was_granted_are_written_into_not_replaced(engine, pg_dsn):
    engine.write([])
    role = "reader_" + uuid.uuid4().hex[:8]
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        oid = conn.execute("SELECT 'w.search_docs'::regclass::oid").fetchone()[0]
        conn.execute(f"CREATE ROLE {role}")
        try:
            conn.execute(f"GRANT SELECT ON w.search_docs, w.search_terms TO {role}")
            engine.write([make_article(1, "ferries", published=day(1))])
            kept = conn.execute("SELECT 'w.search_docs'::regclass::oid = %s, has_table_privilege(%s, 'w.search_docs',"
                                " 'SELECT')", (oid, role)).fetchone()
        finally:
            conn.execute(f"DROP OWNED BY {role}")
            conn.execute(f"DROP ROLE {role}")
        engine.clear()
        engine.write([])
        oid = conn.execute("SELECT 'w.search_docs'::regclass::oid").fetchone()[0]
        engine.write([make_article(1, "ferries", published=day(1))])
        replaced = conn.execute("SELECT 'w.search_docs'::regclass::oid <> %s", (oid,)).fetchone()[0]
    assert kept == (True, True) and replaced
    assert engine.search_ids("ferries") == ["id0001"]



def test_a_build_after_everything_was_deleted_keeps_the_old_vocabulary(engine, pg_dsn):
    """The vocabulary of a build goes in by COPY (text form, words escaped): on an index emptied by
    deletions it is added to what the old tables counted (the deleted articles' words taken off:
    a word of none stays, at 0)."""
    engine.write([make_article(1, "ferries sail"), make_article(2, "ferries wait")])
    engine.write((), delete_ids=["id0001", "id0002"])
    engine.write([make_article(3, "ferries return")])
    with psycopg.connect(pg_dsn) as conn:
        df = dict(conn.execute("SELECT word, df FROM w.search_terms WHERE kind = 'w'").fetchall())
        conn.execute('CREATE TEMP TABLE t (kind "char", word text, df integer)')
        odd = {"w": Counter({"back\\slash": 2, "tab\there": 1, "line\nbreak": 3, "plain": 4})}
        with conn.cursor() as cur, cur.copy("COPY t (kind, word, df) FROM STDIN") as copy:
            copy.write(tables._copy_text(odd))
        back = {w: n for _, w, n in conn.execute("SELECT * FROM t").fetchall()}
    assert (df["ferri"], df["sail"], df["return"]) == (1, 0, 1)
    assert back == dict(odd["w"])


def test_a_fed_write_whose_connection_was_lost_says_so_at_its_end(engine, pg_dsn):
    """The feed's connection dropped while the files were stored: its end fails in one line with
    retry_from_store, which sync_index takes to write the index once more from the store."""
    feed = engine.begin_feed()
    try:
        feed.add(make_article(1, "ferries"))
        with psycopg.connect(pg_dsn, autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(%s)", (feed.conn.info.backend_pid,))
        with pytest.raises(writing.WriteLost, match="during a write of the search index") as lost:
            engine.end_feed(feed)
    finally:
        feed.rollback()
    assert lost.value.retry_from_store
    assert engine.write([make_article(2, "ferries")]) == 1 and engine.search_ids("ferries") == ["id0002"]



def test_a_build_stopped_after_its_rows_were_committed_leaves_the_old_tables(pg_dsn, monkeypatch):
    """A build commits its rows (in tables no reader reads) before the indexes are built beside
    each other, then swaps the tables in: stopped before the swap's commit (as by a kill -9, which
    rolls back the same), the old tables stay as they were; the next write drops what the stopped
    one left and builds anew."""
    halfway = PostgresEngine(pg_dsn, schema="halfway")
    halfway.write([])  # the tables, empty, as after a first connection

    def stop(stage):
        if stage == "mid-commit":
            raise KeyboardInterrupt

    monkeypatch.setattr(writing, "checkpoint", stop)
    with pytest.raises(KeyboardInterrupt):
        halfway.write([make_article(n, "ferries") for n in range(1, 4)])
    monkeypatch.undo()
    with psycopg.connect(pg_dsn) as conn:
        assert conn.execute("SELECT count(*) FROM halfway.search_docs_build").fetchone()[0] == 3
    assert halfway.doc_count() == 0 and halfway.search_ids("ferries") == []
    assert halfway.write([make_article(n, "ferries") for n in (4, 5)]) == 2
    assert sorted(halfway.search_ids("ferries")) == ["id0004", "id0005"]
    with psycopg.connect(pg_dsn) as conn:
        assert conn.execute("SELECT to_regclass('halfway.search_docs_build'), to_regclass('halfway.search_terms_build'),"
                            " (SELECT df FROM halfway.search_terms WHERE kind = 'w' AND word = 'ferri')").fetchone() == (None, None, 2)
    halfway.close()


def test_a_write_into_a_filled_index_runs_on_a_kept_connection(engine, pg_dsn):
    """A write into a filled index takes one of the engine's kept connections and gives it back (no
    new backend for each of a fetcher's writes); one the server has ended meanwhile is replaced."""
    engine.write([make_article(1, "ferries")])  # a build: its connection is closed after it
    used = []
    for n in (2, 3):
        feed = engine.begin_feed()
        used.append(feed.conn.info.backend_pid)
        feed.add(make_article(n, "ferries"))
        engine.end_feed(feed)
        assert used[-1] in [c.info.backend_pid for c in engine.server._idle]
    assert used[0] == used[1]
    with psycopg.connect(pg_dsn, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (used[0],))
    assert engine.write([make_article(4, "ferries")]) == 1
    assert sorted(engine.search_ids("ferries")) == ["id0001", "id0002", "id0003", "id0004"]


def test_a_build_raises_the_index_memory_and_never_lowers_it(pg_dsn):
    # both connections of a build (the words' index is built beside the others) ask for this:
    # a server set higher than the build's own figure keeps its setting
    kb = tables.Build.MAINTENANCE_KB
    with psycopg.connect(pg_dsn) as conn:
        for start, expected in ((64 * 1024, kb), (2 * kb, 2 * kb)):
            with conn.transaction():
                conn.execute(f"SET LOCAL maintenance_work_mem = '{start}kB'")
                tables._raise_memory(conn, kb)
                got = conn.execute("SELECT setting::bigint FROM pg_settings WHERE name = 'maintenance_work_mem'").fetchone()[0]
                assert got == expected
