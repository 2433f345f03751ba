"""Article text is data: markup-like text shows literally, control sequences
never reach the terminal; indexing runs in the background."""

from __future__ import annotations

import json

from reader.core.library import Library
from reader.ui.app import NewsApp
from reader.ui.screens.article import ArticleScreen

from .conftest import idle, plain, search, wait_for

HOSTILE_TITLE = "[bold red]Not bold[/] [link=http://x]link[/link]"
HOSTILE_BODY = (
    "Click [@click=app.quit]here[/] to quit. [/] \x1b[31mred\x1b[0m "
    "\x1b]8;;http://evil.example\x07osc link\x1b]8;;\x07 \x1b]52;c;aGVsbG8=\x07clip \x07bell \rover written"
)


def hostile_library(tmp_path) -> Library:
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "h.jsonl").write_text(
        json.dumps({"id": "h1", "title": HOSTILE_TITLE, "text": HOSTILE_BODY, "source": "[i]Evil[/i] Times"}) + "\n"
    )
    lib = Library(tmp_path / "ix")
    lib.index_paths([folder])
    return lib


async def test_markup_in_articles_is_shown_literally_and_triggers_nothing(tmp_path):
    lib = hostile_library(tmp_path)
    app = NewsApp(lib, seed_if_empty=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        row = app.screen.query_one("#library").current
        assert row["title"] == HOSTILE_TITLE
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ArticleScreen)
        assert plain(screen.query_one("#article-head")) == HOSTILE_TITLE
        body = plain(screen.query_one("#p0"))
        assert "[@click=app.quit]here[/]" in body
        assert "\x1b" not in body and "\x07" not in body and "\r" not in body
        assert "red" in body and "osc link" in body and "clip" in body and "over written" in body
        assert "[i]Evil[/i] Times" in plain(screen.query_one("#article-meta"))
        # clicking the would-be link does nothing: the app is still running
        await pilot.click("#p0", offset=(8, 0))
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, ArticleScreen)
        # the exported screen holds no escape sequence from the article
        svg = app.export_screenshot()
        assert "evil.example" not in svg and "aGVsbG8" not in svg
    lib.close()


async def test_search_snippet_with_markup_is_literal(tmp_path):
    lib = hostile_library(tmp_path)
    app = NewsApp(lib, seed_if_empty=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await search(pilot, "quit")
        [hit] = app.screen.query_one("#results").hits
        assert "[@click=app.quit]" in hit.snippet.text
        assert app.is_running
    lib.close()


async def test_open_indexes_in_the_background_with_progress(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(60):
        (folder / f"{i:03}.txt").write_text(f"Story number {i}\n\nThe walrus count reached {i} today.\n")
    lib = Library(tmp_path / "ix")
    app = NewsApp(lib, seed_if_empty=False, paths=[folder])
    steps = []
    async with app.run_test(size=(120, 36)) as pilot:
        bar = app.screen.query_one("#indexing")
        original = bar.step
        bar.step = lambda stage, done, total: (steps.append((stage, done, total)), original(stage, done, total))
        table = app.screen.query_one("#library")
        await wait_for(pilot, lambda: idle(app) and not bar.has_class("active") and len(table.rows_data) == 60,
                       what="the indexed articles listed")
        assert "60 articles" in app.sub_title
    assert steps and steps[-1][1] == steps[-1][2]
    assert lib.search("walrus").total == 60
    lib.close()


async def test_quitting_during_indexing_leaves_a_usable_index(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(400):
        (folder / f"{i:03}.txt").write_text(f"Story {i}\n\nNarwhal sightings number {i}.\n")
    lib = Library(tmp_path / "ix")
    app = NewsApp(lib, seed_if_empty=False, paths=[folder])
    async with app.run_test(size=(120, 36)) as pilot:
        bar = app.screen.query_one("#indexing")
        await wait_for(pilot, lambda: bar.has_class("active"), what="indexing under way")
        await pilot.press("q")
    lib.close()
    with Library(tmp_path / "ix") as again:
        n = again.search("narwhal").total
        assert 0 <= n <= 400
        assert again.store.count() >= n
        summary = again.index_paths([folder])  # a re-run completes it
        assert summary.added + summary.unchanged == 400
        assert again.search("narwhal").total == 400


async def test_a_damaged_search_index_is_rebuilt_by_the_app(seeded_dir, tmp_path):
    """The engine's files are gone (the store is whole): the app says so, rebuilds the index
    from the store in the background, and searching works again."""
    import shutil

    from reader.core.library import Library
    from reader.ui.app import NewsApp

    from .conftest import search

    path = tmp_path / "index"
    shutil.copytree(seeded_dir, path)
    for toc in (path / "whoosh").glob("*.toc"):
        toc.unlink()
    app = NewsApp(Library(path, deferred=True))
    async with app.run_test(size=(100, 30)) as pilot:
        await search(pilot, "Loughton")
        assert app.library_screen.query_one("#results").hits
