"""The articles a store writes under the write lock are kept as written (store/memo.py) and given by
get_many instead of being read back, only while their rows hold the hash they were written with: the
same articles, equal to a read of the rows, in the order a read gives them."""

from __future__ import annotations

from datetime import datetime, timezone

from reader.core.store import memo
from reader.core.store.articles import ArticleStore
from tests.factories import make_article


def _read(store: ArticleStore, ids: list[str]):
    """What get_many gives without the lock: every row read."""
    return store.get_many(ids)


def _read_apart(store: ArticleStore, ids: list[str]):
    """What a read of the rows gives, on a connection of its own."""
    other = ArticleStore(store.path)
    try:
        return other.get_many(ids)
    finally:
        other.close()


def test_kept_articles_are_given_as_the_rows_read(tmp_path):
    store = ArticleStore(tmp_path / "store.sqlite")
    when = datetime(2024, 5, 1, 9, 30, tzinfo=timezone.utc)
    arts = [make_article(k, title=f"Title {k}", source="Wire", published=when if k % 2 else None) for k in (5, 1, 3, 2, 4)]
    ids = [a.id for a in arts]
    with store.write_lock(tmp_path):
        with store.transaction() as db:
            for a in arts:
                store.upsert(db, a)
        given = store.get_many(ids)
        assert all(memo.kept(given[a.id]) and given[a.id] is a for a in arts)  # not read again
        assert list(given) == list(_read_apart(store, ids))  # in the order a read gives
        with store.transaction() as db:
            store.upsert(db, make_article(6, title="Later"))
            db.execute("UPDATE articles SET title='Changed' WHERE id=?", (arts[0].id,))  # the row's hash now lies
            db.execute("UPDATE articles SET hash='other' WHERE id=?", (arts[0].id,))
            store._memo.forget()  # as a write outside upsert is followed (spelling()'s relabel)
        mixed = store.get_many(ids + ["id0006"])
    read = _read(store, ids + ["id0006"])
    assert list(mixed) == list(read) == sorted(ids + ["id0006"])  # the store's order, kept and read alike
    assert mixed == read and mixed[arts[0].id].title == "Changed" and not memo.kept(mixed[arts[0].id])
    assert not memo.kept(read[arts[1].id])  # the lock let go: nothing kept


def test_a_relabelled_source_and_a_rolled_back_write_give_what_the_store_holds(tmp_path):
    store = ArticleStore(tmp_path / "store.sqlite")
    first, second = make_article("a", source="nyt"), make_article("b", source="NYT")
    with store.write_lock(tmp_path):
        with store.transaction() as db:
            store.upsert(db, first)
            store.upsert(db, second)  # the better spelling: the first article is relabelled "NYT"
        try:
            with store.transaction() as db:
                store.upsert(db, make_article("b", "Rewritten.", source="NYT"))
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        given = store.get_many(["a", "b"])
        assert given["a"].source == "NYT" and memo.kept(given["a"])  # kept, as it is now
        assert given["b"].text_paragraphs == second.text_paragraphs and not memo.kept(given["b"])
    assert given == _read(store, ["a", "b"])


def test_the_order_is_the_ids_whatever_the_planner_does(tmp_path):
    """After an ANALYZE SQLite may scan the table for a large IN list (rowid order): the order stays
    the ids', as the kept articles are given."""
    store = ArticleStore(tmp_path / "store.sqlite")
    arts = [make_article(k) for k in range(700, 0, -1)]  # stored in the reverse of the ids' order
    with store.write_lock(tmp_path):
        with store.transaction() as db:
            for a in arts:
                store.upsert(db, a)
        store.db.execute("ANALYZE")
        ids = [a.id for a in arts[:500]]
        assert list(store.get_many(ids)) == sorted(ids)  # kept
    assert list(_read_apart(store, ids)) == sorted(ids)  # read
