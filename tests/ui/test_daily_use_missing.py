"""Issue 17, item 12 in the app: an article saved (w Markdown, W text) to a
folder that exists; saved searches (ctrl+s, ' and enter); the config's
browser for o; the palette's screenshot where there is no ~/Downloads; an
article's or a folder's source set from the palette."""

from __future__ import annotations

import sys
import webbrowser
from dataclasses import replace
from pathlib import Path

import pytest
from textual.command import CommandList

from reader.core.saving import as_markdown, as_text
from reader.ui.screens.article import ArticleScreen
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.prompt import Prompt
from reader.ui.screens.saved_searches import SavedSearchesScreen

from .conftest import search, started, wait_for

SIZE = (120, 36)


def notes(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


@pytest.fixture
def no_downloads(tmp_path, monkeypatch) -> Path:
    """A home without ~/Downloads, the current directory a folder of its own."""
    home, cwd = tmp_path / "home", tmp_path / "cwd"
    home.mkdir()
    cwd.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(cwd)
    return cwd


async def palette(pilot, text: str) -> None:
    """Run the palette's command whose name starts with text."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*text)
    screen = pilot.app.screen
    await wait_for(pilot, lambda: str(screen.query_one(CommandList).highlighted_option.prompt).startswith(text),
                   what=f"{text!r} among the palette's hits")
    await pilot.press("enter")


async def test_w_and_W_save_to_save_dir_in_article_view_and_library(make_app, lib, tmp_path):
    folder = tmp_path / "saved"
    folder.mkdir()
    lib.config = replace(lib.config, save_dir=str(folder), text_width=60)
    app = make_app(seed_if_empty=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: started(app), what="start-up")
        first = app.screen.current_id()
        await pilot.press("W")  # the library: the article under the cursor, as text
        await wait_for(pilot, lambda: list(folder.glob("*.txt")), what="the text file")
        article = lib.get(first)
        (txt,) = folder.glob("*.txt")
        assert txt.read_text() == as_text(article, 60)
        assert f"saved as text to {txt}" in notes(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen), what="the article")
        await pilot.press("w")
        await wait_for(pilot, lambda: list(folder.glob("*.md")), what="the Markdown file")
        (md,) = folder.glob("*.md")
        assert md.read_text() == as_markdown(article) and md.stem == txt.stem
        assert f"saved as Markdown to {md}" in notes(app)


async def test_saving_without_downloads_goes_to_the_current_directory(make_app, no_downloads):
    app = make_app(seed_if_empty=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: started(app), what="start-up")
        await palette(pilot, "save: this article as Markdown")
        await wait_for(pilot, lambda: list(no_downloads.glob("*.md")), what="the file in the current directory")
        (md,) = no_downloads.glob("*.md")
        assert f"saved as Markdown to {md} (the current directory: there is no ~/Downloads)" in notes(app)


async def test_the_palettes_screenshot_goes_to_a_folder_that_exists(make_app, no_downloads):
    app = make_app(seed_if_empty=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: started(app), what="start-up")
        await palette(pilot, "Screenshot")
        await wait_for(pilot, lambda: list(no_downloads.glob("*.svg")), what="the screenshot")
        (svg,) = no_downloads.glob("*.svg")
        assert svg.read_text().lstrip().startswith("<svg")
        await wait_for(pilot, lambda: any(str(svg) in n for n in notes(app)), what="where it went, said")
        assert not any("Failed" in n for n in notes(app))


@pytest.mark.on_store  # on the server too in CI (.ci/run)
async def test_saved_searches_from_the_search_box_listed_with_counts(make_app, lib):
    app = make_app(seed_if_empty=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: started(app), what="start-up")
        await search(pilot, "electoral")
        await pilot.press("ctrl+s")  # from the search box itself
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt), what="the name prompt")
        await pilot.press(*"Elections", "enter")
        await wait_for(pilot, lambda: [s.name for s in lib.saved_searches.list()] == ["Elections"], what="saved")
        ids = lib.search_ids("electoral")
        lib.set_read(ids[:1], True)
        await pilot.press("escape", "escape")
        assert app.screen.query_text == ""
        await pilot.press("apostrophe")
        await wait_for(pilot, lambda: isinstance(app.screen, SavedSearchesScreen), what="the saved searches")
        table = app.screen.query_one("#searches-table")
        await wait_for(pilot, lambda: table.get_row_at(0)[1].plain != "…", what="the counts")
        assert [c.plain for c in table.get_row_at(0)] == ["Elections", str(len(ids) - 1), str(len(ids)), "electoral",
                                                          "saved"]
        assert app.screen.query_one("#searches-status").content.plain.startswith("1 saved search ·")  # not "searches"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen) and app.screen.query_text == "electoral"
                       and app.screen.query_one("#lists").current == "results", what="its results")
        await pilot.press("escape", "escape", "apostrophe")
        await wait_for(pilot, lambda: isinstance(app.screen, SavedSearchesScreen), what="the list again")
        await pilot.press("d", "y")
        await wait_for(pilot, lambda: lib.saved_searches.list() == [], what="removed")
        assert app.screen.query_one("#searches-table").row_count == 0


async def test_o_runs_the_configured_browser_without_a_shell(make_app, lib, tmp_path):
    record = tmp_path / "opened.txt"
    script = tmp_path / "browser.py"
    script.write_text(f"import sys; open({str(record)!r}, 'w').write(repr(sys.argv[1:]))\n")
    lib.config = replace(lib.config, browser=f"{sys.executable} {script} --new %u")
    app = make_app(seed_if_empty=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: started(app), what="start-up")
        url = "https://example.org/a?b=1&c=$(touch${IFS}x);ls"  # shell syntax, read by no shell
        with app.lib_lock:
            app.lib.store.db.execute("UPDATE articles SET url=? WHERE id=?", (url, app.screen.current_id()))
        await pilot.press("o")
        await wait_for(pilot, lambda: record.exists() and record.read_text(), what="the browser run")
        assert record.read_text() == repr(["--new", url])


async def test_o_says_when_the_browser_cannot_start(make_app, lib):
    lib.config = replace(lib.config, browser="no-such-browser-here %u")
    app = make_app(seed_if_empty=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: started(app), what="start-up")
        with app.lib_lock:
            app.lib.store.db.execute("UPDATE articles SET url='https://example.org/' WHERE id=?",
                                     (app.screen.current_id(),))
        await pilot.press("o")
        await wait_for(pilot, lambda: any("could not be started" in n for n in notes(app)), what="the failure")
        assert any("'no-such-browser-here'" in n for n in notes(app))


@pytest.mark.parametrize("system", ["none", "lynx", "firefox"])
async def test_o_without_a_configured_browser_says_when_the_systems_cannot_open_it(make_app, lib, monkeypatch, system):
    """No browser found: webbrowser.open did nothing and said nothing; a
    terminal browser (lynx) would draw over the app. Either is one line; a
    browser with windows opens the link."""
    def found():
        if system == "none":
            raise webbrowser.Error("could not locate runnable browser")
        return webbrowser.GenericBrowser(system) if system == "lynx" else webbrowser.BackgroundBrowser(system)

    opened = []
    monkeypatch.setattr(webbrowser, "get", found)
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **kw: opened.append(url))
    app = make_app(seed_if_empty=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: started(app), what="start-up")
        with app.lib_lock:
            app.lib.store.db.execute("UPDATE articles SET url='https://example.org/' WHERE id=?",
                                     (app.screen.current_id(),))
        await pilot.press("o")
        if system == "firefox":
            await wait_for(pilot, lambda: opened == ["https://example.org/"], what="the link opened")
            return
        said = "no browser found" if system == "none" else "lynx, runs in the terminal"
        await wait_for(pilot, lambda: any(said in n and 'browser = "firefox %u"' in n for n in notes(app)),
                       what=lambda: f"the reason, among {notes(app)}")
        assert opened == []


async def test_the_palette_shows_a_title_and_a_source_as_they_are_written(make_app, lib):
    """A title or a source from a feed is data: the palette's hits read them
    as markup ([link=…] became a link, [@click=…] an action, [bold red] a
    style, [Live] vanished), and a title Textual could not parse as markup
    ([/] alone) ended the palette's search with no hit at all."""
    title = "[Live] Zebra [link=https://evil.example]vote[/link] [@click=app.quit]now[/] [/] ok"
    source = "[bold red]Wire[/]"
    app = make_app(seed_if_empty=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: started(app), what="start-up")
        with app.lib_lock:
            app.lib.store.db.execute("UPDATE articles SET title=?, source=? WHERE id=?",
                                     (title, source, app.screen.current_id()))
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"zebra")
        commands = app.screen.query_one(CommandList)

        def opened() -> list[str]:
            prompts = [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]
            return [p for p in prompts if p.startswith("open: ")]

        await wait_for(pilot, opened, what="the article among the palette's hits")
        assert opened() == [f"open: {title}\n{source}"]


@pytest.mark.on_store  # on the server too in CI (.ci/run)
async def test_the_palette_sets_an_articles_source(make_app, lib):
    app = make_app(seed_if_empty=False)
    article_id = next(r["id"] for r in lib.listing() if r["source"] == "BBC News")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: started(app), what="start-up")
        app.open_article(article_id)
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen), what="the article")
        await palette(pilot, "source: set this article's source")
        await wait_for(pilot, lambda: isinstance(app.screen, Prompt), what="the source prompt")
        assert app.screen.query_one("#prompt-input").value == "BBC News"  # the current one, to edit
        await pilot.press("ctrl+u", *"BBC Politics", "enter")
        await wait_for(pilot, lambda: any(n.startswith("source 'BBC Politics' set for 1 article") for n in notes(app)),
                       what="the source set")
        with app.lib_lock:
            assert app.lib.get(article_id).source == "BBC Politics"
        await pilot.press("escape")
        await wait_for(pilot, lambda: any(r["source"] == "BBC Politics" for r in app.screen.query_one("#library").rows_data),
                       what="the list relabelled")
