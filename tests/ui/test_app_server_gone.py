"""The app on a PostgreSQL server that goes away mid-session (issue 18): moving, opening and
searching say in one line that the server is unreachable, the app stays up with what it
showed, and it says when the server is back and reads from it again. The server here is a
cluster of the test's own (the session's is shared by the other tests), stopped and started."""

from __future__ import annotations

import dataclasses

import pytest

from reader.core.config import Config
from reader.core.library import Library
from reader.core.store.articles import ArticleStore
from reader.core.store.copy import copy_store
from reader.ui.app import NewsApp
from reader.ui.screens.article import ArticleScreen
from reader.ui.services import server_errors

from .conftest import plain, wait_for

SIZE = (120, 36)


@pytest.fixture
def own_server(pg_server):  # the session's server only for its skip reason when there is none
    from tests.pg_server import PgServer

    server = PgServer().start()
    yield server
    server.stop()


@pytest.fixture
def server_lib(own_server, seeded_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(server_errors, "PROBE_EVERY", 0.2)
    dsn = own_server.dsn("postgres")
    src, dst = ArticleStore(seeded_dir / "store.sqlite"), ArticleStore(dsn)
    copy_store(src, dst)
    src.close()
    dst.close()
    lib = Library(tmp_path / "local", dataclasses.replace(Config(), store=dsn, user="ann"))
    lib.rebuild_index()
    yield lib
    lib.close()


def notices(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_a_server_gone_away_is_one_line_and_the_app_stays_up(server_lib, own_server):
    app = NewsApp(server_lib, seed_if_empty=False)
    async with app.run_test(size=SIZE) as pilot:
        status = app.library_screen.query_one("#status")
        await wait_for(pilot, lambda: plain(status).startswith("5 articles  ·  5 unread"), what="the articles")
        table = app.library_screen.query_one("#library")
        shown = [r["title"] for r in table.rows_data]
        own_server.halt()
        await pilot.press("j", "k", "enter")  # move (the preview reads the article), open it
        await wait_for(pilot, lambda: any("unreachable" in n for n in notices(app)), what="the notice")
        assert app.is_running and app.return_code is None and app._exception is None
        assert not isinstance(app.screen, ArticleScreen)  # not opened: nothing to show
        assert [r["title"] for r in table.rows_data] == shown  # what was on screen stays
        said = [n for n in notices(app) if "unreachable" in n]
        assert len(said) == 1 and "\n" not in said[0], said  # one line, said once while the server is away
        await pilot.press("slash", *"Loughton", "enter")
        await wait_for(pilot, lambda: "unreachable" in plain(status), what="the search's one line")
        assert "\n" not in plain(status)
        await pilot.press("escape", "escape", "r")  # a write (read mark) while away: one line too
        await pilot.pause(0.2)
        assert app.is_running and app._exception is None

        own_server.resume()
        await wait_for(pilot, lambda: any("answers again" in n for n in notices(app)), what="the server back")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen), what="the article opened again")
        assert app._exception is None
