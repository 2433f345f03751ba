"""Two articles with one link are one story told again only when the link is a web address: a
feed's `javascript:` or `#` link, written under many entries, must not merge unrelated articles."""

from __future__ import annotations

import pytest

from reader.core.ingest.sync import store_articles
from reader.core.links import names_a_story
from reader.core.models import IndexSummary
from reader.core.store.articles import ArticleStore
from tests.factories import make_article


@pytest.mark.parametrize("url, one_story", [
    ("https://example.org/storm", True),
    ("http://example.org/a?b=1", True),
    ("javascript:alert(1)", False),
    ("#", False),
    ("/relative/path", False),
    ("data:text/html,hi", False),
    ("", False),
])
def test_only_a_web_address_names_a_story(url, one_story):
    assert names_a_story(url) is one_story


@pytest.mark.parametrize("url, stored", [("javascript:alert(1)", 2), ("https://example.org/storm", 1)])
def test_articles_sharing_a_link_merge_only_on_a_web_address(tmp_path, url, stored):
    store = ArticleStore(tmp_path / "store.db")
    try:
        summary = IndexSummary()
        store_articles(store, [make_article("a", "Boats were damaged in the storm.", url=url)], summary)
        store_articles(store, [make_article("b", "The council met about the budget.", url=url)], summary)
        assert store.count() == stored
    finally:
        store.close()
