"""The app on a PostgreSQL server that goes away mid-session (issue 18): moving, opening and
searching say in one line that the server is unreachable, the app stays up with what it
showed, and it says when the server is back and reads from it again. So does every screen on
top of the library (compare, versions, voices, events, feeds, help, saved searches): its keys
while the server is away keep the screen as it was and say it once, in one line. The server
here is a cluster of this module's own (the session's is shared by the other tests), stopped
and started; each test takes a copy of its seeded database."""

from __future__ import annotations

import dataclasses
import io

import pytest
from rich.console import Console
from textual.widgets import DataTable, Static
from textual.widgets._toast import Toast

from reader.core.config import Config
from reader.core.feeds import subscriptions_for
from reader.core.library import Library
from reader.ui.app import NewsApp
from reader.ui.screens.article import ArticleScreen
from reader.ui.screens.compare import CompareScreen
from reader.ui.screens.event_reports import EventReportsScreen
from reader.ui.screens.events import EventsScreen
from reader.ui.screens.feeds import FeedsScreen
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.saved_searches import SavedSearchesScreen
from reader.ui.screens.versions import VersionsScreen
from reader.ui.screens.voices import VoicesScreen
from reader.ui.services import server_errors
from tests.conftest import _database, _store_on_server
from tests.pg_server import PgServer
from tests.ui.test_versions_screen import edit_bbc

from .conftest import idle, plain, started, wait_for

psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[test]')")

SIZE = (120, 36)


@pytest.fixture(scope="module")
def own_server(pg_server, seeded_dir, tmp_path_factory):  # the session's server only for its skip reason
    server = PgServer().start()
    with psycopg.connect(server.conninfo(), autocommit=True) as admin:
        admin.execute('CREATE DATABASE "seeded"')
    _store_on_server(seeded_dir, server.dsn("seeded"), tmp_path_factory.mktemp("gone") / "index")
    yield server
    server.stop()


@pytest.fixture
def server_lib(own_server, tmp_path, monkeypatch):
    monkeypatch.setattr(server_errors, "PROBE_EVERY", 0.2)
    databases = _database(own_server, template="seeded")
    lib = Library(tmp_path / "local", dataclasses.replace(Config(), store=next(databases), user="ann"))
    yield lib
    lib.close()
    try:
        psycopg.connect(own_server.conninfo(), connect_timeout=2).close()
    except psycopg.Error:  # the test stopped the server and did not get to start it again
        own_server.resume()
    next(databases, None)  # the database dropped


def notices(app) -> list[str]:
    return [n.message for n in app._notifications]


def unreachable(app) -> list[str]:
    return [n for n in notices(app) if "unreachable" in n]


def shown(screen) -> list[str]:
    """What the screen shows: its texts and its tables' rows (not the notices over it)."""
    out = []
    for node in screen.query("*"):
        if isinstance(node, Toast) or any(isinstance(a, Toast) for a in node.ancestors):
            continue
        if isinstance(node, DataTable):
            out.append(repr([[str(c) for c in node.get_row_at(n)] for n in range(node.row_count)]))
        elif isinstance(node, Static):
            console = Console(width=200, file=io.StringIO(), color_system=None)
            with console.capture() as text:
                console.print(node.content)  # a Text or a Rich table, as plain lines
            out.append(text.get())
    return out


async def test_a_server_gone_away_is_one_line_and_the_app_stays_up(server_lib, own_server):
    app = NewsApp(server_lib, seed_if_empty=False)
    async with app.run_test(size=SIZE) as pilot:
        status = app.library_screen.query_one("#status")
        await wait_for(pilot, lambda: plain(status).startswith("5 articles  ·  5 unread"), what="the articles")
        table = app.library_screen.query_one("#library")
        shown_titles = [r["title"] for r in table.rows_data]
        own_server.halt()
        await pilot.press("j", "k", "enter")  # move (the preview reads the article), open it
        await wait_for(pilot, lambda: unreachable(app), what="the notice")
        assert app.is_running and app.return_code is None and app._exception is None
        assert not isinstance(app.screen, ArticleScreen)  # not opened: nothing to show
        assert [r["title"] for r in table.rows_data] == shown_titles  # what was on screen stays
        said = unreachable(app)
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


# --- each screen: how to open it, and its keys that read or write the store -------------------


async def _help(pilot):
    await pilot.press("question_mark")
    return HelpScreen


async def _feeds(pilot):
    subscriptions_for(pilot.app.lib.store).add("https://paper.example/rss", "The Paper")
    await pilot.press("L")
    return FeedsScreen


async def _saved(pilot):
    pilot.app.lib.saved_searches.add("harbour", "Loughton")
    await pilot.press("apostrophe")
    return SavedSearchesScreen


async def _events(pilot):
    await pilot.press("v")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, EventsScreen) and pilot.app.screen.loaded,
                   timeout=60, what=lambda: f"the events ({shown(pilot.app.screen)})")
    return EventsScreen


async def _reports(pilot):
    await _events(pilot)
    await pilot.press("enter")
    return EventReportsScreen


async def _voices(pilot):
    await _reports(pilot)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, EventReportsScreen), what="the reports")
    await pilot.press("v")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, VoicesScreen) and pilot.app.screen.voices is not None,
                   what="the voices")
    return VoicesScreen


async def _compare(pilot):
    await pilot.press("c", "j", "c")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CompareScreen) and pilot.app.screen.on_screen is not None,
                   what="the comparison")
    return CompareScreen


async def _versions(pilot):
    ident = edit_bbc(pilot.app.lib)
    pilot.app.open_article(ident)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ArticleScreen), what="the article")
    await pilot.press("V")
    return VersionsScreen


async def _library(pilot):
    return LibraryScreen


# name: (how to open it, keys pressed before the server goes, keys pressed while it is away:
# each reads or writes the store; a key that only changes the view would change what is shown)
SCREENS = {
    "help": (_help, (), ("j", "k", "down")),
    "feeds": (_feeds, ("j",), ("enter", "F", "a", *"https://wire.example/atom", "enter")),
    "saved searches": (_saved, ("j",), ("d", "y")),  # (enter searches: the library's status line says it then)
    "events, opened while away": (_library, (), ("v",)),
    "feeds, opened while away": (_library, (), ("L",)),
    "reports": (_reports, ("j", "space", "j"), ("o", "space")),  # o reads one; space compares the two marked
    "voices": (_voices, ("d",), ("enter",)),
    "compare": (_compare, ("right_square_bracket",), ("x", "A", "B")),
    "versions": (_versions, ("k",), ("enter",)),  # the first version: compared with the current
}


@pytest.mark.parametrize("name", list(SCREENS))
async def test_each_screen_keeps_what_it_shows_and_says_the_server_is_gone(server_lib, own_server, name):
    opened, moves, keys = SCREENS[name]
    app = NewsApp(server_lib, seed_if_empty=False)
    app.entity_extractor = "rules"  # the same in every environment, spaCy or not
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: started(app) and idle(app), timeout=60, what=lambda: "the app's start"
                       f" (title {app.sub_title!r}, running {[w.name for w in app.workers if not w.is_finished]})")
        kind = await opened(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, kind) and idle(app), timeout=60, what=f"the {name} screen")
        await pilot.press(*moves)
        await pilot.pause(0.1)
        screen, before = app.screen, shown(app.screen)
        own_server.halt()
        for key in keys:
            await pilot.press(key)
            await pilot.pause(0.05)
        await wait_for(pilot, lambda: idle(app), what="the keys' work")
        await pilot.pause(0.3)
        assert app.is_running and app._exception is None, app._exception
        if kind is not HelpScreen:  # the help reads nothing from the store: its keys have nothing to say
            said = unreachable(app)
            assert len(said) == 1 and "\n" not in said[0], said
        assert app.screen is screen, f"{name}: now on {type(app.screen).__name__}"
        assert shown(app.screen) == before
        if kind is not LibraryScreen:
            await pilot.press("escape")  # still answers keys: back to where it came from
            await wait_for(pilot, lambda: app.screen is not screen, what=f"{name} closed")
        assert app._exception is None
