"""The app on a store on a PostgreSQL server (issue 18), with Pilot: it lists and searches the
server's articles, and a read mark or a bookmark is the reader's own (another user's stays
unread); its feeds are the server's, shared by the team."""

from __future__ import annotations

import dataclasses

import pytest

from reader.core.config import Config
from reader.core.feeds import Subscriptions, subscriptions_for
from reader.core.library import Library
from reader.core.store.articles import ArticleStore
from reader.core.store.copy import copy_store
from reader.ui.app import NewsApp
from reader.ui.messages import IndexingFinished
from reader.ui.screens.feeds import FeedsScreen
from tests.factories import make_article
from tests.ui.test_feeds_ui import server  # noqa: F401 (a local HTTP server serving /feed.xml, a fixture)

from .conftest import plain, search, wait_for

SIZE = (120, 36)


@pytest.fixture
def server_lib(seeded_dir, pg_dsn, tmp_path):
    src = ArticleStore(seeded_dir / "store.sqlite")
    dst = ArticleStore(pg_dsn)
    copy_store(src, dst)
    src.close()
    dst.close()
    lib = Library(tmp_path / "local", dataclasses.replace(Config(), store=pg_dsn, user="ann"))
    lib.rebuild_index()
    yield lib
    lib.close()


def status(app) -> str:
    return plain(app.library_screen.query_one("#status"))


async def test_the_app_reads_and_marks_on_the_server_as_its_user(server_lib, pg_dsn):
    assert server_lib.engine.name == "postgres"  # the search is on the server too
    app = NewsApp(server_lib, seed_if_empty=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: status(app).startswith("5 articles  ·  5 unread"), what="the server's articles")
        first = app.library_screen.query_one("#library").rows_data[0]["id"]
        await pilot.press("r", "b")
        await wait_for(pilot, lambda: server_lib.store.state(first) == {"read": True, "bookmarked": True},
                       what="the marks on the server")
        await wait_for(pilot, lambda: status(app).startswith("5 articles  ·  4 unread"), what="the count")
        await search(pilot, "Loughton")
        results = app.library_screen.query_one("#results")
        await wait_for(pilot, lambda: results.total >= 1, what="search on the server")
    ben = ArticleStore(pg_dsn, user="ben")
    try:
        assert ben.state(first) == {"read": False, "bookmarked": False} and ben.tally() == (5, 5)
    finally:
        ben.close()



async def test_the_feeds_screen_lists_adds_and_fetches_the_servers_feeds(server_lib, pg_dsn, server):  # noqa: F811
    """On a server the feeds are the team's, in the store (not this machine's feeds.toml): the
    feeds screen lists them, a adds one there, F fetches them into the server's store."""
    Subscriptions().add("https://local-only.example/rss", "Only Here")  # this machine's file: not shown
    ben = ArticleStore(pg_dsn, user="ben")  # another member of the team subscribed on their machine
    try:
        subscriptions_for(ben).add(f"{server}/missing.xml", "Gone Gazette")
    finally:
        ben.close()
    app = NewsApp(server_lib, seed_if_empty=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: status(app).startswith("5 articles"), what="the server's articles")
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, FeedsScreen), what="the feeds screen")
        table = app.screen.query_one("#feeds-table")
        await wait_for(pilot, lambda: table.row_count == 1, what="the server's one feed")
        assert str(table.get_row_at(0)[0]) == "Gone Gazette"
        await pilot.press("a", *f"{server}/feed.xml", "enter")
        await wait_for(pilot, lambda: table.row_count == 2, what="the feed added on the server")
        await pilot.press("F")
        await wait_for(pilot, lambda: str(table.get_row_at(1)[2]) == "3", timeout=30, what="the feed fetched")
        assert str(table.get_row_at(1)[0]) == "Harbour Times"  # the feed's own title, once fetched
    assert [(f.url, f.name) for f in subscriptions_for(server_lib.store).list()] == [
        (f"{server}/missing.xml", "Gone Gazette"), (f"{server}/feed.xml", "")]
    assert server_lib.store.count() == 8  # the seeds and the feed's three stories, on the server
    assert [f.url for f in Subscriptions().list()] == ["https://local-only.example/rss"]  # left as it was


async def test_a_wildcard_counts_what_the_apps_indexing_wrote_once_it_finishes(server_lib):
    """The app indexes and fetches through a Library of its own (ui/services/background.py): at its
    IndexingFinished the app's engine drops the widened terms it kept (Library.forget_kept), so the
    saved searches' recount does not rest on a widening from before the write."""
    server_lib.engine.vocabulary.clock = lambda: 0.0  # a widening kept for ever, but for a forget()
    app = NewsApp(server_lib, seed_if_empty=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: status(app).startswith("5 articles"), what="the server's articles")
        assert server_lib.search("zeph?r*").total == 0
        with Library(server_lib.dir, server_lib.config) as writer:
            writer.add_articles([make_article(90, "A zephyrine breeze over the quay.", title="Breeze")])
        assert server_lib.search("zeph?r*").total == 0  # the widening kept: the write was the other Library's
        app.post_message(IndexingFinished("added 1"))
        await wait_for(pilot, lambda: server_lib.search("zeph?r*").total == 1, timeout=3, what="the new word")
