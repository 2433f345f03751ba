"""The PostgreSQL engine's two ways of ranking (reader.core.search.postgres.ranking):
from RUM's index when the server has the extension, else every match on GIN.
Both must give the same hits, totals and order where their scores agree."""

from __future__ import annotations

import threading

import pytest

from reader.core.search.errors import EngineUnavailable
from tests.factories import day, make_article
from tests.unit.search.backends import require

require("postgres")
import psycopg  # noqa: E402  (after the skip: psycopg is optional)

from reader.core.search.postgres import ranking, server, tables  # noqa: E402
from reader.core.search.postgres.engine import PostgresEngine  # noqa: E402

FILLER = ["wall", "quay", "tide", "mast", "deck", "rope", "sail", "buoy"]


def corpus() -> list:
    """30 articles of the same length (so that ts_rank_cd's length normalisation,
    which RUM's score lacks, does not reorder them): article n says 'ferry' n
    times; every third says 'harbour' in its title; a few say a phrase."""
    out = []
    for n in range(1, 31):
        words = ["ferry"] * n + [FILLER[(n + i) % len(FILLER)] for i in range(40 - n)]
        if n % 5 == 0:
            words[-3:] = ["north", "sea", "crossing"]
        title = f"Harbour report {n}" if n % 3 == 0 else f"Report {n}"
        out.append(make_article(n, " ".join(words) + ".", title=title, published=day(n)))
    return out


QUERIES = ["ferry", "ferry harbour", "title:harbour", "ferry -harbour", '"north sea"', "fery~1", "ferr*",
           "harbour OR crossing", "ferry date:2024"]


def rum_available(dsn: str) -> bool:
    with psycopg.connect(dsn) as conn:
        return conn.execute("SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'rum')").fetchone()[0]


@pytest.fixture
def engines(pg_dsn):
    made = {"gin": PostgresEngine(pg_dsn, schema="g", rum=False), "auto": PostgresEngine(pg_dsn, schema="r")}
    for e in made.values():
        e.write(corpus())
    yield made
    for e in made.values():
        e.close()


def inexact(dsn: str, schema: str = "r") -> None:
    """The vocabulary's frequencies no longer said to be exact (as after an older newsreader's write):
    a one-word search's total is counted again (totals.py)."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"DELETE FROM {schema}.search_meta WHERE key = 'df'")


def results(engine, query, limit=5):
    r = engine.search(query, limit=limit)
    return r.total, [h.id for h in r.hits], [round(h.score, 5) for h in r.hits]


def test_rum_is_used_when_the_server_has_it_and_gin_when_told_not_to(engines, pg_dsn):
    assert engines["gin"].server.words_index() == "gin"
    assert engines["auto"].server.words_index() == ("rum" if rum_available(pg_dsn) else "gin")


def test_without_the_extension_the_index_is_gin(pg_dsn, monkeypatch):
    """A server without the rum package (or a user who may not create it): GIN, the same search."""
    monkeypatch.setattr(tables, "_with_rum", lambda conn: False)
    e = PostgresEngine(pg_dsn, schema="plain")
    e.write(corpus())
    assert e.server.words_index() == "gin"
    assert results(e, "ferry") == (30, ["id0030", "id0029", "id0028", "id0027", "id0026"],
                                   results(e, "ferry")[2])
    e.close()


@pytest.mark.parametrize("query", QUERIES)
def test_both_rankings_give_the_same_hits_totals_and_order(engines, query):
    assert results(engines["auto"], query) == results(engines["gin"], query)


def test_a_pool_smaller_than_the_matches_still_finds_the_best(engines, monkeypatch):
    """RUM ranks all 30 matches from its index; only the pool's best are
    ranked exactly, and the total counts every match."""
    monkeypatch.setattr(ranking, "RUM_POOL", 4)
    total, ids, _ = results(engines["auto"], "ferry", limit=1)
    assert total == 30 and ids == ["id0030"]
    assert engines["auto"].search_ids("ferry", limit=3) == ["id0030", "id0029", "id0028"]
    assert len(engines["auto"].search_ids("ferry", limit=None)) == 30


def test_the_index_is_looked_up_again_after_a_clear(engines):
    e = engines["auto"]
    before = e.server.words_index()
    e.search("ferry")
    e.clear()
    e.write(corpus()[:3])
    assert e.server.words_index() == before
    assert e.search("ferry").total == 3


def test_the_first_write_builds_the_index_and_later_ones_add_to_it(pg_dsn):
    e = PostgresEngine(pg_dsn, schema="later")
    assert e.search("ferry").total == 0  # the tables exist now, empty, with no words' index yet
    assert e.server.words_index() is None
    e.write(corpus()[:10])
    built = e.server.words_index()
    assert built in ("rum", "gin")
    e.write(corpus()[10:])
    assert e.server.words_index() == built
    assert results(e, "ferry")[:2] == (30, ["id0030", "id0029", "id0028", "id0027", "id0026"])
    e.close()


@pytest.mark.parametrize("pool", [4, 300])
def test_an_or_of_words_counts_every_match_whether_or_not_a_word_fills_its_pool(engines, monkeypatch, pool):
    """On RUM each word of an OR is read apart (ranking._either); the total is the union's
    when no word filled its pool, else counted: the same as GIN's either way (and the hits
    too when the pool holds every match)."""
    monkeypatch.setattr(ranking, "RUM_POOL", pool)
    for query in ("harbour OR crossing", "ferry OR crossing", "fery~1 OR harbour"):
        rum, gin = results(engines["auto"], query, limit=3), results(engines["gin"], query, limit=3)
        assert rum[0] == gin[0]
        if pool > 30:
            assert rum == gin
    assert engines["auto"].search("harbour OR crossing", limit=1).total == 10 + 6 - 2


def test_only_an_or_of_single_words_is_read_word_by_word():
    assert ranking.alternatives(ranking.WORDS, ("('rais' | 'rain':A | 'rai':*)",)) == ["'rais'", "'rain':A", "'rai':*"]
    assert ranking.alternatives(ranking.WORDS, ("('a') | ('it''s')",)) == ["'a'", "'it''s'"]
    for query in ("'a' & 'b'", "'a' <-> 'b' | 'c'", "('a' | 'b') & 'c'", "!'a' | 'b'", "'a'"):
        assert ranking.alternatives(ranking.WORDS, (query,)) is None
    assert ranking.alternatives("(d.words @@ %s::tsquery) OR (d.published > %s)", ("'a' | 'b'", None)) is None


def test_before_the_first_write_the_catalog_is_not_asked_at_every_search(pg_dsn, monkeypatch):
    e = PostgresEngine(pg_dsn, schema="asked")
    asked = []
    real = e.server.words_index
    monkeypatch.setattr(e.server, "words_index", lambda: asked.append(1) or real())
    for _ in range(3):
        assert e.search("ferry").total == 0
    assert len(asked) == 1  # no words' index yet: not asked again for RUM_RECHECK_S
    e.write(corpus()[:3])  # this engine's own write: asked at the next search, and remembered
    assert [e.search("ferry").total for _ in range(2)] == [3, 3]
    assert len(asked) == 2
    e.close()


@pytest.mark.parametrize("pool", [4, 5, 300])
def test_a_phrase_is_taken_from_the_bitmap_when_its_matches_fit_the_pool(engines, monkeypatch, pool, pg_dsn):
    """'north sea' is in 6 articles: with a pool of 4 or 5 they do not fit (RUM's ordered scan
    and the count), with 300 they do (every match ranked); the same hits and total as GIN's
    (limit 1: a pool holds 3 per hit asked at least, 9 for 3 hits, where all 6 fit).
    On RUM a phrase goes to ranking._phrase unless its words' frequencies say every match
    fits the pool (then to the bitmap directly): with 300, only the one with a NOT (no bound)."""
    monkeypatch.setattr(ranking, "RUM_POOL", pool)
    phrased = set()
    real = ranking._phrase
    queries = ('"north sea"', '"sea crossing" ferry', '"ferry ferry" -harbour')
    for query in queries:
        monkeypatch.setattr(ranking, "_phrase", lambda *a, q=query: phrased.add(q) or real(*a))
        rum, gin = results(engines["auto"], query, limit=1), results(engines["gin"], query, limit=1)
        assert rum[0] == gin[0]
        if gin[0] <= pool:  # the pool holds every match: ranked exactly
            assert rum == gin
    expected = set(queries) if pool < 6 else {'"ferry ferry" -harbour'}
    assert phrased == (expected if rum_available(pg_dsn) else set())
    assert engines["auto"].search('"north sea"', limit=1).total == 6


def test_the_bound_on_matches_comes_from_the_words_of_a_query_of_words_alone():
    w = ranking.WORDS
    assert ranking.bound_words(w, ("('ferri') & ('harbour':A)",)) == (["ferri", "harbour"], False)
    assert ranking.bound_words(w, ("'north' <-> 'sea'",)) == (["north", "sea"], False)
    assert ranking.bound_words(w, ("('rais' | 'rain')",)) == (["rais", "rain"], True)
    assert ranking.bound_words(w, ("'it''s'",)) == (["it's"], False)
    for query in ("'ferr':*", "'ferri' & !'harbour'"):  # a prefix's words, a NOT's: not known here
        assert ranking.bound_words(w, (query,)) is None
    assert ranking.bound_words("(d.labels @@ %s::tsquery) AND (d.words @@ %s::tsquery)", ("'bbc'", "'a'")) is None


def test_a_bound_only_chooses_the_plan(engines, monkeypatch):
    """A bound too low (frequencies kept from before a write) ranks every match from the
    bitmap; one unknown reads RUM's pool: the same hits and totals either way."""
    e = engines["auto"]
    expected = {q: results(e, q, limit=3) for q in QUERIES}
    monkeypatch.setattr(ranking, "RUM_POOL", 4)
    monkeypatch.setattr(e, "_bound", lambda tr: (0, None))
    assert {q: results(e, q, limit=3) for q in QUERIES} == expected
    monkeypatch.setattr(e, "_bound", lambda tr: (None, None))  # the pool of 4 is RUM's best, not every match
    assert {q: results(e, q, limit=3)[0] for q in QUERIES} == {q: v[0] for q, v in expected.items()}


def test_an_or_of_words_none_of_which_is_in_the_index_counts_none(engines, monkeypatch):
    monkeypatch.setattr(engines["auto"], "_bound", lambda tr: (None, None))  # the pools are read
    assert results(engines["auto"], "zzyzx OR qwxyz") == (0, [], [])
    assert results(engines["auto"], "fery~1 OR qwxyz", limit=1)[:2] == (30, ["id0030"])


def test_a_query_of_many_words_returns_as_many_hits_as_asked_beyond_the_pool(engines, monkeypatch):
    """A query of more than TWO_PHASE_WORDS words is ranked in two steps on GIN, and on RUM
    too when every match fits the pool: its second step took POOL articles whatever the
    limit, so a limit above POOL got POOL hits (400 of 450 at the real size)."""
    monkeypatch.setattr(ranking, "POOL", 5)
    query = "ferry wall quay tide mast deck sail"  # 7 words, all of them in all 30 articles
    got = {name: (results(e, query, limit=10)[0], len(results(e, query, limit=10)[1]),
                  len(e.search_ids(query, limit=20))) for name, e in engines.items()}
    assert got == {"gin": (30, 10, 20), "auto": (30, 10, 20)}
    assert results(engines["auto"], query, limit=10) == results(engines["gin"], query, limit=10)


def test_the_frequencies_kept_are_read_again_after_this_engines_write(engines):
    """A word kept with a df of 0 (not yet in the index) and then written into articles: the
    bound after the write is its df now, not 0 (which would rank tens of thousands of
    matches from the bitmap, right after an import, for a minute)."""
    e = engines["auto"]
    assert e.vocabulary.frequencies("w", ["zebra"]) == {"zebra": 0}
    e.write([make_article(100 + n, f"A zebra crossing {n}.", published=day(n)) for n in range(1, 4)])
    assert e._bound(e.translate("zebra"))[0] == 3
    assert e.search("zebra").total == 3


def test_optimize_drops_the_frequencies_kept(engines, pg_dsn):
    """Another process's write raises the vocabulary's frequencies, which this engine keeps
    for a minute; its optimize() recounts them, and what it kept is read again after."""
    e = engines["auto"]
    assert e.vocabulary.frequencies("w", ["zebra"]) == {"zebra": 0}
    other = PostgresEngine(pg_dsn, schema="r")
    other.write([make_article(100 + n, f"A zebra crossing {n}.", published=day(n)) for n in range(1, 4)])
    other.close()
    assert e._bound(e.translate("zebra"))[0] == 0  # kept from before the other's write
    e.optimize()
    assert e._bound(e.translate("zebra"))[0] == 3


def test_a_word_of_an_or_that_fills_its_share_has_the_total_counted(engines, monkeypatch):
    """Each word of an OR gives about its part of the pool (ranking._shares, by the vocabulary's
    frequencies): a word that fills its share may have more matches, so the total is counted,
    not taken from the candidates (3 of harbour's 10 and 3 of crossing's 6 here, of a pool of 12
    that their 16 do not fit: the pools are read)."""
    monkeypatch.setattr(ranking, "RUM_POOL", 12)
    monkeypatch.setattr(ranking, "EITHER_SPREAD", 0.01)
    rum, gin = results(engines["auto"], "harbour OR crossing", limit=1), results(engines["gin"], "harbour OR crossing", limit=1)
    assert rum[0] == gin[0] == 10 + 6 - 2


def test_the_words_of_an_or_share_the_pool_by_their_frequencies():
    words = ["'rais'", "'rain'", "'rai':*", "'ras'"]
    df = {"rais": 9000, "rain": 900, "ras": 100}
    # rais: twice its part, at most the pool; rain: at least 3 per hit asked; a prefix: the whole pool
    assert ranking._shares(words, df, 300, 20) == [300, 60, 300, 60]
    assert ranking._shares(words, df, 300, 1) == [300, 54, 300, 6]
    assert ranking._shares(["'a'", "'b'"], {}, 300, 20) == [300, 300]  # no frequencies known


def test_a_query_of_labels_and_words_counts_a_full_pool_from_the_words(engines, monkeypatch):
    """source: and words, the source in more articles than the words: the total is counted from
    the words' bitmap with the labels as a filter (ranking.select's count_by), the same as GIN's,
    and within the ids a search is given."""
    monkeypatch.setattr(ranking, "RUM_POOL", 4)
    e = engines["auto"]
    for other in engines.values():  # three more harbours, from another source
        other.write([make_article(40 + n, "The harbour was quiet.", source="Other Desk", published=day(n))
                     for n in range(3)])
    assert e.search("harbour", limit=1).total == 13
    for query in ("source:wire harbour", "harbour source:wire", "source:wire ferry", "source:wire -harbour"):
        assert results(e, query, limit=2)[0] == results(engines["gin"], query, limit=2)[0]  # the pool of 4 is RUM's best
    assert e._count_by(e.translate("source:wire harbour")) == ("('harbour')", "('wire':A)")
    assert e._count_by(e.translate("source:wire ferry")) is None  # as common as the source: as it was
    allowed = {f"id{n:04d}" for n in (3, 6, 7, 9, 12, 15)}
    assert e.search("source:wire harbour", limit=1).total == 10
    exact = len(allowed & set(engines["gin"].search_ids("source:wire harbour")))  # every match, unranked
    assert 0 < exact < len(allowed)
    gin = engines["gin"].search("source:wire harbour", limit=1, filter_ids=allowed).total
    assert e.search("source:wire harbour", limit=1, filter_ids=allowed).total == gin == exact
    assert e.search("source:nowhere harbour", limit=1).total == 0


def test_a_full_pools_total_is_counted_beside_the_search_in_its_snapshot(engines, monkeypatch, pg_dsn):
    """More matches than the pool holds, by the frequencies: the total is counted on a second
    connection while the search runs (Server.read_counted), in the search's snapshot, so an
    article committed between the search's start and the count is in neither, as in one statement."""
    if not rum_available(pg_dsn):
        pytest.skip("the server has no rum extension: every match is ranked on GIN, counted with it")
    monkeypatch.setattr(ranking, "RUM_POOL", 4)
    inexact(pg_dsn)
    e, counts = engines["auto"], []
    real = server._count

    def count_after_a_write(conn, *args):
        other = PostgresEngine(pg_dsn, schema="r")
        other.write([make_article(100 + len(counts), "One more ferry.", published=day(40))])
        other.close()
        counts.append(real(conn, *args))
        return counts[-1]

    monkeypatch.setattr(server, "_count", count_after_a_write)
    for query, total in (("ferry", 30), ("fery~1 OR harbour", 31)):
        assert results(e, query, limit=2)[0] == total
    assert counts == [30, 31]  # each counted apart, without the article written just before
    assert e.search("ferry", limit=2).total == 32


def test_a_count_beside_the_search_is_retried_on_lost_connections_until_it_has_the_snapshot(engines, monkeypatch,
                                                                                             pg_dsn):
    """Both kept connections lost (a server restart ends every session): the search and its count
    are each retried on a new one, the same total; a count that loses its connection after the
    search's transaction may have ended (its snapshot with it) is one line, not a retry."""
    if not rum_available(pg_dsn):
        pytest.skip("the server has no rum extension: every match is ranked on GIN, counted with it")
    monkeypatch.setattr(ranking, "RUM_POOL", 4)
    inexact(pg_dsn)
    e = engines["auto"]
    assert results(e, "ferry", limit=2)[0] == 30
    assert len(e.server._idle) == 2  # the search's connection and the count's
    with psycopg.connect(pg_dsn, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                      " WHERE datname = current_database() AND pid <> pg_backend_pid()")
    assert results(e, "ferry", limit=2)[0] == 30
    done = threading.Event()
    done.set()
    with pytest.raises(EngineUnavailable, match="lost while counting"):
        server._count(None, "snapshot", done, "", "SELECT 1", [])
