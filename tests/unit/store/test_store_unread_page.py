"""The library's unread-only page: the same rows and counts on SQLite and PostgreSQL (never read,
read, read then unread again, another user's reads), and on PostgreSQL a plan that walks the
order's index instead of sorting every article (0.2-0.5 s a page at 100k before)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from reader.core.store.articles import ArticleStore
from tests.factories import make_article

START = datetime(2024, 1, 1)


@pytest.fixture(params=["folder", "postgresql"])
def location(request, tmp_path):
    if request.param == "folder":
        return tmp_path / "store.sqlite"
    return request.getfixturevalue("pg_dsn")


def test_unread_only_lists_and_counts_what_this_user_has_not_read(location):
    store = ArticleStore(location, user="ann")
    try:
        articles = [make_article(n, source="Wire" if n % 2 else "Paper", published=START + timedelta(hours=n))
                    for n in range(12)]
        with store.transaction() as db:
            for a in articles:
                store.upsert(db, a)
        ids = [a.id for a in articles]
        store.set_state(ids[0:4], read=True)
        store.set_state(ids[2:4], read=False)  # read, then marked unread: a state row with read 0
        store.set_state(ids[5:7], bookmarked=True)  # a row that holds a bookmark, not a read
        store.set_state([ids[6]], read=True)
        unread = [i for n, i in enumerate(ids) if n not in (0, 1, 6)]
        assert [r["id"] for r in store.listing(unread_only=True)] == unread[::-1]
        assert store.tally(unread_only=True) == (len(unread), len(unread))
        assert [r["id"] for r in store.listing(unread_only=True, bookmarked_only=True)] == [ids[5]]
        wire = [i for i in unread if ids.index(i) % 2]
        assert [r["id"] for r in store.listing(unread_only=True, source="wire", order="published",
                                               descending=False)] == wire
        assert store.tally(source="Wire", unread_only=True) == (len(wire), len(wire))
        assert all(not r["read"] for r in store.listing(unread_only=True))
        assert [r["id"] for r in store.listing(unread_only=True, limit=3, offset=2)] == unread[::-1][2:5]
    finally:
        store.close()
    if isinstance(location, str):  # another user's reads are not this user's
        other = ArticleStore(location, user="bob")
        try:
            assert other.tally(unread_only=True) == (12, 12)
        finally:
            other.close()


def test_an_unread_page_on_postgresql_is_not_a_sort_of_every_article(pg_dsn, monkeypatch):
    psycopg = pytest.importorskip("psycopg")  # an optional dependency; pg_dsn skips without it too
    store = ArticleStore(pg_dsn, user="ann")
    try:
        with psycopg.connect(pg_dsn, autocommit=True) as conn:
            conn.execute("INSERT INTO articles(id, origin, title, source, published, paragraphs, hash)"
                         " SELECT 'id' || g, 'o', 'title ' || md5(g::text), 'src' || (g % 20),"
                         " to_char(timestamp '2020-01-01' + g * interval '7 minutes', 'YYYY-MM-DD\"T\"HH24:MI:SS'),"
                         " '[]', 'h' FROM generate_series(1, 30000) g")
            conn.execute("INSERT INTO reader_states(user_name, id, read)"
                         " SELECT 'ann', 'id' || g, 1 FROM generate_series(1, 30000) g WHERE g % 3 = 0")
            conn.execute("ANALYZE")
        seen: list[tuple[str, tuple]] = []
        execute = store.db.execute
        monkeypatch.setattr(store.db, "execute", lambda sql, params=(): seen.append((sql, params)) or execute(sql, params))
        rows = store.listing(unread_only=True, limit=200)
        assert len(rows) == 200 and rows[0]["id"] == "id29999" and not any(r["read"] for r in rows)
        sql, params = next((q, p) for q, p in seen if q.lstrip().upper().startswith("SELECT A.ID"))
        plan = "\n".join(r[0] for r in execute("EXPLAIN " + sql, params).fetchall())
        assert "Sort" not in plan, plan  # the page comes off the order's index, as an unfiltered page does
    finally:
        store.close()
