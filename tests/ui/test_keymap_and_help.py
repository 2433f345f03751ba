"""Binding ids: the help is built from the screens' own bindings and lists
every id; ids renamed to say what they do still work from an old config;
the typed view of the app (reader.ui.access) matches the app."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from textual.binding import Binding

import reader.ui
from reader.ui.access import NewsAppAPI
from reader.ui.app import NewsApp
from reader.ui.keymap import RENAMED, current_ids
from reader.ui.screens.article import ArticleScreen
from reader.ui.screens.help import HelpScreen

from .conftest import wait_for

SIZE = (120, 36)


def every_binding_id() -> set[str]:
    """The ids of every binding declared by a class in reader.ui."""
    ids = set()
    for info in pkgutil.walk_packages(reader.ui.__path__, "reader.ui."):
        module = importlib.import_module(info.name)
        for obj in vars(module).values():
            if isinstance(obj, type) and obj.__module__ == module.__name__:
                ids |= {b.id for b in vars(obj).get("BINDINGS", []) if isinstance(b, Binding) and b.id}
    return ids


async def test_help_lists_every_binding_id_once(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help")
        shown = [b.id for _, bindings in app.screen.sections for b in bindings]
        titles = [title for title, _ in app.screen.sections]
    assert sorted(shown) == sorted(every_binding_id())  # all of them, none twice
    assert titles[:3] == ["Everywhere", "Library and search", "Moving in lists (also arrows, page keys, home/end; enter opens)"]
    assert len(titles) == len(set(titles))


def test_no_current_id_is_an_old_one():
    ids = every_binding_id()
    assert set(RENAMED.values()) <= ids  # every old id names a binding that exists
    assert not set(RENAMED) & ids  # and no binding is still called by an old id


def test_old_ids_are_read_as_their_new_names():
    assert current_ids({"list.page_down": "x", "app.quit": "ctrl+q"}) == {"list.half_page_down": "x", "app.quit": "ctrl+q"}
    # both given: the current name wins, whatever the order in the file
    assert current_ids({"article.page_down": "x", "article.full_page_down": "y"}) == {"article.full_page_down": "y"}
    assert current_ids({"article.full_page_down": "y", "article.page_down": "x"}) == {"article.full_page_down": "y"}


async def test_a_config_with_an_old_list_id_still_remaps_the_key(make_app):
    app = make_app(keymap={"list.page_down": "x"})  # half a page, as it always was
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one("#library")
        await pilot.press("x")
        assert table.cursor_row == 4  # half of a 30-row page is past the 5 rows
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help")
        assert app.screen.keymap["list.half_page_down"] == "x"  # the help shows the key under the current id


async def test_a_config_with_an_old_article_id_still_scrolls_a_page(make_app, lib):
    app = make_app(keymap={"article.page_down": "x"})
    longest = max(lib.listing(), key=lambda r: len(lib.get(r["id"]).text))["id"]
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_article(longest)
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen) and app.screen.query_one("#article"),
                       what="the article")
        screen = app.screen
        scroller = screen.query_one("#article")
        await wait_for(pilot, lambda: scroller.max_scroll_y > 2 * scroller.size.height, what="the article laid out")
        await pilot.press("x")
        remapped = scroller.scroll_y
        screen.action_top()
        screen.action_page_down()  # what space did before the remap: a whole page
        await wait_for(pilot, lambda: scroller.scroll_y > 0, what="the page scrolled")
        assert remapped == scroller.scroll_y > scroller.size.height // 2


@pytest.mark.parametrize("name", [n for n in vars(NewsAppAPI) if not n.startswith("_")] +
                         list(NewsAppAPI.__annotations__))
def test_the_typed_view_of_the_app_matches_it(name, make_app):
    """Every member of NewsAppAPI is on NewsApp, methods with the same parameters."""
    app = make_app()
    assert hasattr(app, name)
    declared = getattr(NewsAppAPI, name, None)
    if inspect.isfunction(declared):
        assert inspect.signature(getattr(NewsApp, name)).parameters.keys() == inspect.signature(declared).parameters.keys()
