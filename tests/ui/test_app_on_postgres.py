"""The app on a store on a PostgreSQL server (issue 18), with Pilot: it lists and searches the
server's articles, and a read mark or a bookmark is the reader's own (another user's stays
unread)."""

from __future__ import annotations

import dataclasses

import pytest

from reader.core.config import Config
from reader.core.library import Library
from reader.core.store.articles import ArticleStore
from reader.core.store.copy import copy_store
from reader.ui.app import NewsApp

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
