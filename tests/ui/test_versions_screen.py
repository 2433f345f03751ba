"""An article edited upstream: the article view says how many versions it
has, V opens the history, and enter on an earlier version compares it with
the current one."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reader.ui.screens.article import ArticleScreen
from reader.ui.screens.compare import CompareScreen
from reader.ui.screens.versions import VersionsScreen

from .conftest import plain, started, wait_for

pytestmark = pytest.mark.on_store  # the whole file reads the store: on the server too in CI (.ci/run)

SIZE = (120, 40)


def edit_bbc(lib) -> str:
    """The BBC seed in three versions: as indexed, a number changed, a
    paragraph dropped. Returns its id."""
    ident = next(r["id"] for r in lib.listing() if r["source"] == "BBC News")
    first = lib.get(ident)
    paras = list(first.text_paragraphs)
    at = next(i for i, p in enumerate(paras) if "Two people" in p)
    second = replace(first, text_paragraphs=tuple(paras[:at] + [paras[at].replace("Two", "Three")] + paras[at + 1:]))
    third = replace(second, text_paragraphs=second.text_paragraphs[:at + 1] + second.text_paragraphs[at + 2:])
    lib.add_articles([second])
    lib.add_articles([third])
    return ident


async def test_history_lists_versions_and_enter_compares(make_app, lib):
    ident = edit_bbc(lib)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: started(app), what="the app's start")
        app.entity_extractor = "rules"
        app.open_article(ident)
        await wait_for(pilot, lambda: "source" in plain(app.screen.query_one("#article-meta")), what="the article")
        assert isinstance(app.screen, ArticleScreen)
        assert "3 versions" in plain(app.screen.query_one("#article-meta"))
        await pilot.press("V")
        await wait_for(pilot, lambda: isinstance(app.screen, VersionsScreen), what="the history")
        screen = app.screen
        table = screen.query_one("#versions-table")
        assert table.row_count == 3
        await wait_for(pilot, lambda: "drops 1 sentence" in str(table.get_row_at(2)[3]), what="the summaries")
        assert "1 number differs" in str(table.get_row_at(1)[3])
        assert "first seen" in str(table.get_row_at(0)[3])
        assert "(current)" in str(table.get_row_at(2)[0])
        assert table.cursor_row == 1  # the version before the current
        await pilot.press("k")
        assert table.cursor_row == 0
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CompareScreen) and app.screen.on_screen is not None,
                       what="the comparison")
        c = app.screen.on_screen.comparison
        assert (c.a.id, c.b.id) == (f"{ident}@1", ident)
        assert [(m.a.text, m.b.text) for m in c.numbers if m.kind == "different"] == [("Two people", "Three people")]
        assert any(p.kind == "only_a" for p in c.alignment)  # the dropped paragraph


async def test_an_unchanged_article_has_one_version(make_app, lib):
    ident = next(r["id"] for r in lib.listing() if r["source"] == "BBC News")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: started(app), what="the app's start")
        app.open_article(ident)
        await wait_for(pilot, lambda: "source" in plain(app.screen.query_one("#article-meta")), what="the article")
        assert "versions" not in plain(app.screen.query_one("#article-meta"))
        await pilot.press("V")
        await pilot.pause(0.1)
        assert isinstance(app.screen, ArticleScreen)
