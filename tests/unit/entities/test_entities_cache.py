"""Entities are computed once per article and cached in the store's SQLite."""

from __future__ import annotations

import sqlite3

import pytest

from reader.core.entities import EntityCache, EntityService, Mention
from reader.core.entities import cache as cache_module
from reader.core.models import Article
from reader.core.store import connect, migrations

MENTIONS = [
    Mention("Oliver Dowden", 0, 13, "PERSON", "Oliver Dowden"),
    Mention("Britain", 23, 30, "PLACE", "United Kingdom"),
    Mention("40 million voters", 40, 57, "QUANTITY", "40 million voters"),
    Mention("Clare O’Neill", 60, 73, "PERSON", "Clare O’Neill"),
]


@pytest.fixture
def db():
    conn = sqlite3.connect(":memory:")
    migrations.migrate(conn)
    yield conn
    conn.close()


def test_round_trip(db):
    cache = EntityCache(db)
    assert cache.get("a1", "h1", "rules") is None
    cache.put("a1", "h1", "rules", MENTIONS)
    assert cache.get("a1", "h1", "rules") == MENTIONS
    assert cache.get("a1", "h1", "rules")[3].text == "Clare O’Neill"


def test_empty_result_is_cached_too(db):
    cache = EntityCache(db)
    cache.put("a1", "h1", "rules", [])
    assert cache.get("a1", "h1", "rules") == []


def test_keyed_by_article_hash_and_extractor(db):
    cache = EntityCache(db)
    cache.put("a1", "h1", "rules", MENTIONS)
    assert cache.get("a1", "h2", "rules") is None  # the article changed
    assert cache.get("a1", "h1", "spacy:en_core_web_sm") is None  # another extractor
    assert cache.get("a2", "h1", "rules") is None
    cache.put("a1", "h1", "spacy:en_core_web_sm", MENTIONS[:1])
    assert cache.get("a1", "h1", "rules") == MENTIONS
    assert cache.get("a1", "h1", "spacy:en_core_web_sm") == MENTIONS[:1]


def test_a_changed_article_replaces_its_row(db):
    cache = EntityCache(db)
    cache.put("a1", "h1", "rules", MENTIONS)
    cache.put("a1", "h2", "rules", MENTIONS[:2])
    assert cache.get("a1", "h2", "rules") == MENTIONS[:2]
    assert db.execute("SELECT count(*) FROM entity_mentions").fetchone()[0] == 1


def test_a_second_cache_on_the_same_database_sees_the_rows(db):
    EntityCache(db).put("a1", "h1", "rules", MENTIONS)
    assert EntityCache(db).get("a1", "h1", "rules") == MENTIONS


def test_rows_of_another_cache_format_are_misses(db, monkeypatch):
    cache = EntityCache(db)
    cache.put("a1", "h1", "rules", MENTIONS)
    monkeypatch.setattr(cache_module, "CACHE_FORMAT", cache_module.CACHE_FORMAT + 1)
    assert cache.get("a1", "h1", "rules") is None


def test_forget_and_cached_ids(db):
    cache = EntityCache(db)
    cache.put("a1", "h1", "rules", MENTIONS)
    cache.put("a2", "h1", "rules", [])
    assert cache.cached_ids("rules") == {"a1", "a2"}
    cache.forget(["a1"])
    assert cache.get("a1", "h1", "rules") is None
    assert cache.cached_ids("rules") == {"a2"}


def test_a_callers_transaction_is_left_to_the_caller(db):
    db.execute("CREATE TABLE t (x)")
    cache = EntityCache(db)
    db.execute("INSERT INTO t VALUES (1)")  # opens a transaction
    cache.put("a1", "h1", "rules", MENTIONS)
    assert db.in_transaction  # not committed behind the caller's back
    db.rollback()
    assert db.execute("SELECT count(*) FROM t").fetchone()[0] == 0


def test_a_read_only_database_reads_and_does_not_write(tmp_path):
    path = tmp_path / "store.sqlite"
    conn = connect(path)
    EntityCache(conn).put("a1", "h1", "rules", MENTIONS)
    conn.close()
    ro = connect(path, readonly=True)
    cache = EntityCache(ro)
    assert cache.get("a1", "h1", "rules") == MENTIONS
    cache.put("a2", "h1", "rules", MENTIONS)  # no error, nothing written
    assert cache.get("a2", "h1", "rules") is None
    assert not cache.writable
    ro.close()


def test_a_read_only_store_made_before_the_cache_reads_as_empty(tmp_path):
    """A store of the article tables alone, opened read-only, cannot be
    migrated: the cache finds nothing and writes nothing, without error."""
    path = tmp_path / "store.sqlite"
    conn = sqlite3.connect(path)
    migrations.MIGRATIONS[0].apply(conn)  # the article tables only
    conn.commit()
    conn.close()
    ro = connect(path, readonly=True)
    cache = EntityCache(ro)
    assert not cache.writable
    assert cache.get("a1", "h1", "rules") is None and cache.cached_ids("rules") == set()
    cache.put("a1", "h1", "rules", MENTIONS)
    cache.forget(["a1"])
    assert cache.get("a1", "h1", "rules") is None
    ro.close()


def test_service_computes_once_then_reads_the_cache(db):
    article = Article(
        id="a1",
        origin="test/a.txt",
        title="Hack",
        text_paragraphs=("Oliver Dowden blamed China.", "Mr Dowden said Britain would respond."),
    )
    service = EntityService(db, "rules")
    assert service.name == "rules"
    assert service.cached(article) is None
    mentions = service.mentions(article)
    assert [m.text for m in mentions] == ["Oliver Dowden", "China", "Dowden", "Britain"]
    assert all(article.text[m.start : m.end] == m.text for m in mentions)
    assert service.cached(article) == mentions

    class Exploding:
        name = "rules"

        def extract(self, text):
            raise AssertionError("the cache should have answered")

    assert EntityService(db, Exploding()).mentions(article) == mentions
    assert set(service.index_terms(article)) == {"Oliver Dowden", "Dowden", "China", "United Kingdom", "Britain"}
