"""Every version of an article kept: a changed title or text makes one, the
read state stays, the text of each comes back, and it costs little."""

from __future__ import annotations

from dataclasses import replace

from reader.core.store import ArticleStore, versions
from tests.factories import make_article

PARAS = (
    "The council said 120 homes would be built on the site by 2027, with work starting in the spring.",
    "Residents have objected to the plan, saying the roads around the estate cannot take more traffic.",
    "A spokesperson for the developer said the scheme had been changed after a public consultation.",
    "The planning committee will meet again next month to decide whether to approve the application.",
)


def _put(store: ArticleStore, article) -> str:
    with store.transaction() as db:
        return store.upsert(db, article)


def test_each_change_of_text_or_title_is_a_version(tmp_path):
    store = ArticleStore(tmp_path / "store.db")
    first = make_article("a1", *PARAS, title="Homes plan")
    assert _put(store, first) == "added"
    assert versions.count(store.db, "a1") == 1
    second = replace(first, text_paragraphs=(PARAS[0].replace("120", "150"),) + PARAS[1:])
    third = replace(second, title="Homes plan changed", text_paragraphs=second.text_paragraphs[:3])
    assert _put(store, second) == "updated"
    assert _put(store, second) == "unchanged"
    assert _put(store, replace(second, byline="By A Reporter")) == "updated"  # not a new wording
    assert versions.count(store.db, "a1") == 2
    assert _put(store, third) == "updated"
    current = store.get("a1")
    hist = versions.history(store.db, current)
    assert [v.number for v in hist] == [1, 2, 3]
    assert [v.current for v in hist] == [False, False, True]
    assert [v.title for v in hist] == ["Homes plan", "Homes plan", "Homes plan changed"]
    assert [v.words for v in hist] == [first.word_count, second.word_count, third.word_count]
    assert hist[0].seen_at <= hist[1].seen_at <= hist[2].seen_at
    assert versions.article_at(store.db, current, 1).text_paragraphs == first.text_paragraphs
    assert versions.article_at(store.db, current, 2).text_paragraphs == second.text_paragraphs
    assert versions.article_at(store.db, current, 3) == current
    assert versions.article_at(store.db, current, 1).title == "Homes plan"


def test_read_state_is_carried_across(tmp_path):
    store = ArticleStore(tmp_path / "store.db")
    article = make_article("b1", *PARAS)
    _put(store, article)
    store.set_state(["b1"], read=True, bookmarked=True)
    _put(store, replace(article, text_paragraphs=PARAS[:2]))
    assert store.state("b1") == {"read": True, "bookmarked": True}
    hist = versions.history(store.db, store.get("b1"), read_now=True)
    assert hist[0].was_read is True


def test_version_stored_small_and_deleted_with_its_article(tmp_path):
    store = ArticleStore(tmp_path / "store.db")
    article = make_article("c1", *(PARAS * 5))
    _put(store, article)
    edited = replace(article, text_paragraphs=article.text_paragraphs[:-1])
    _put(store, edited)
    kept, size = versions.storage(store.db)
    assert kept == 1
    whole = len(versions._paragraphs_json(article.text_paragraphs))
    # what changed is one paragraph: the version costs far less than its text
    assert size < whole / 10, (size, whole)
    with store.transaction() as db:
        store.delete(db, ["c1"])
    assert versions.storage(store.db) == (0, 0)


def test_bad_version_number(tmp_path):
    store = ArticleStore(tmp_path / "store.db")
    _put(store, make_article("d1", *PARAS))
    current = store.get("d1")
    for number in (0, 2, -1):
        try:
            versions.article_at(store.db, current, number)
        except ValueError as exc:
            assert "1 version" in str(exc)
        else:
            raise AssertionError(number)
