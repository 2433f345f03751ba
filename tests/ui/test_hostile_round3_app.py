"""Hostile cases, round three, in the app: the key hints of a screen with many
keys fit at 80 columns; outside text (file names, a 100,000-character title,
invisible and reordering characters, markup, a config's saved-search names)
is shown literally and never reaches the terminal raw."""

from __future__ import annotations

import json
import re

from textual.widgets import Input

from reader.core.config import Config
from reader.core.library import Library
from reader.core.store.errors import StoreError
from reader.ui.app import NewsApp
from reader.ui.screens.article import ArticleScreen
from reader.ui.screens.event_reports import EventReportsScreen
from reader.ui.screens.events import EventsScreen
from reader.ui.screens.saved_searches import SavedSearchesScreen

from .conftest import plain, started, wait_for

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
STORY = "The harbour reopened on Tuesday, officials said, after the storm had closed it for a week. " * 3
MARKUP = "[bold]x[/] [link=file:///etc/passwd]L[/link] [@click=app.quit]Q[/]"


def key_bar(app) -> str:
    return str(app.screen.query_one("KeyBar").render())


async def test_every_key_of_the_event_reports_fits_at_80_columns(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, EventsScreen) and app.screen.loaded, what="the events")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EventReportsScreen), what="the reports")
        await pilot.pause()
        shown = key_bar(app)
        for hint in ("esc Back", "Compare", "Next pair", "o Read", "m Who says what", "v Voices", "^p"):
            assert hint in shown, (hint, shown)
        assert len(shown) <= 80
    async with make_app().run_test(size=(140, 24)) as pilot:
        await pilot.pause()
        assert "^p Commands" in key_bar(pilot.app)  # room enough: the palette keeps its name


def hostile_library(tmp_path) -> Library:
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "name\x1b]52;c;eA==\x07\u202e\nline.txt").write_text("Odd file name\n\n" + STORY)
    (folder / "long.txt").write_text("T" * 100_000 + "\n\n" + STORY)
    (folder / "r.jsonl").write_text(json.dumps({
        "title": "Bre\u200bxit \u202eRTL\u202c " + MARKUP, "text": STORY, "source": "Src\u2066 " + MARKUP,
        "byline": "By\u200b " + MARKUP, "url": "javascript:alert(1)"}) + "\n")
    config = Config(searches={"Evil\x1b[31m\u202e " + MARKUP: "harbour"})
    lib = Library(tmp_path / "ix", config)
    lib.index_paths([folder])
    return lib


def screen_text(app) -> str:
    return app.export_screenshot()


async def test_outside_text_is_shown_literally_and_nothing_raw_reaches_the_screen(tmp_path):
    lib = hostile_library(tmp_path)
    app = NewsApp(lib, seed_if_empty=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: started(app), what="the app started")
        table = app.screen.query_one("#library")
        assert len(table.rows_data) == 3
        from reader.ui.widgets.clean_input import CleanInput

        assert isinstance(app.screen.query_one("#search"), CleanInput)  # a paste into it is cleaned
        assert not RAW.search(screen_text(app))
        titles = {row["title"] for row in table.rows_data}
        assert "Brexit RTL " + MARKUP in titles
        for row in table.rows_data:  # each article opens, the 100,000-character title too
            table.move_cursor(row=table.rows_data.index(row))
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen), what="the article")
            await pilot.pause()
            head = plain(app.screen.query_one("#article-head"))
            assert head == row["title"] and not RAW.search(head)
            if row["title"].startswith("Brexit"):
                meta = plain(app.screen.query_one("#article-meta"))
                assert "Src " + MARKUP in meta and "By " + MARKUP in meta
            assert not RAW.search(screen_text(app))
            await pilot.press("escape")
            await wait_for(pilot, lambda: not isinstance(app.screen, ArticleScreen), what="back to the library")
        await pilot.press("apostrophe")
        await wait_for(pilot, lambda: isinstance(app.screen, SavedSearchesScreen), what="the saved searches")
        await pilot.pause()
        svg = screen_text(app)
        assert not RAW.search(svg) and "[bold]x[/]" in svg.replace("&#160;", " ")
        assert app.is_running
    lib.close()


async def test_the_save_dir_named_with_escapes_is_cleaned_in_the_note(tmp_path, lib):
    """save_dir is the config's (a folder can be named with ESC, bidi, a newline): the
    line saying where the article went shows it cleaned, and the file is there."""
    import dataclasses

    folder = tmp_path / "out\x1b]52;c;eA==\x07\u202e\nnews"
    folder.mkdir()
    lib.config = dataclasses.replace(lib.config, save_dir=str(folder))
    app = NewsApp(lib)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: started(app), what="the app started")
        await pilot.press("w")
        await wait_for(pilot, lambda: any(folder.iterdir()), what="the article saved")
        await pilot.pause()
        notes = [str(n.message) for n in app._notifications]
        [said] = [n for n in notes if n.startswith("saved as Markdown")]
        assert not RAW.search(said) and "\n" not in said and "news" in said


async def test_config_warnings_quoting_outside_text_reach_the_screen_cleaned(lib):
    """A [keymap] id is a TOML key, which may hold any character ("x\\u001b]52;..."): the
    warning naming it went to the toast raw, and Textual passes ESC on to the terminal
    (OSC 52 writes the clipboard). Every toast is cleaned, whatever sends it."""
    import dataclasses

    evil = "x\x1b]52;c;aGFja2Vk\x07\u202e[bold]B"
    lib.config = dataclasses.replace(lib.config, warnings=(f"config: {evil}",))
    app = NewsApp(lib, keymap={evil: "k", "app.quit": "é"})
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: started(app) and len(list(app._notifications)) >= 2, what="the warnings")
        notes = [str(n.message) for n in app._notifications]
        assert any("no binding has this id" in n for n in notes)
        assert all(not RAW.search(n) for n in notes), notes
        assert any("[bold]B" in n for n in notes)  # literally: the toasts of outside text take no markup
        app.notify("server said \x1b[2J\x9b31m", markup=False)
        assert not RAW.search(str(list(app._notifications)[-1].message))
        await pilot.press("é")  # a key outside ASCII in the keymap works
        await pilot.pause()
        assert not app.is_running


async def test_a_keymap_of_thousands_of_misspelt_ids_does_not_freeze_the_start(lib):
    """Each unknown id was matched against every binding with difflib (~25 ms each) on
    the UI thread: 2,000 of them froze the app for 48 s. The first ten are said (with the
    nearest id), then one line counts the rest; the app answers at once."""
    import time

    keymap = {f"libary.toggle_raed_{n}": "k" for n in range(2000)}
    keymap["library.events"] = ",".join(f"f{n % 24 + 1}" for n in range(5000))
    app = NewsApp(lib, keymap=keymap)
    async with app.run_test(size=(100, 30)) as pilot:
        start = time.monotonic()
        await wait_for(pilot, lambda: started(app) and len(list(app._notifications)) >= 11, what="the warnings")
        assert time.monotonic() - start < 10
        notes = [str(n.message) for n in app._notifications]
        assert len(notes) == 11 and "did you mean library.toggle_read?" in notes[0]
        assert notes[-1] == "... and 1,990 more problems in the config, not shown"
        await pilot.press("Q")
        await pilot.pause()
        assert not app.is_running


async def test_a_paste_holding_escapes_is_cleaned_in_the_text_boxes():
    """Textual draws an Input's value as it is: a paste from a web page or a terminal
    carrying OSC 52, C1 CSI or U+202E would reach the terminal raw. The search box, the
    article's find box, the events' search and the prompts (a saved search's name, a
    feed's address) are CleanInputs."""
    from textual import events
    from textual.app import App

    from reader.ui.screens.article import FindBox
    from reader.ui.widgets.clean_input import CleanInput

    evil = "minister\x1b]52;c;aGFja2Vk\x07 \u202eback\x9b31m\r\nsecond line"

    class Boxes(App):
        def compose(self):
            yield CleanInput(id="box")

    app = Boxes()
    async with app.run_test(size=(60, 5)) as pilot:
        box = app.query_one("#box")
        box.focus()
        box.post_message(events.Paste(evil))
        await pilot.pause()
        assert box.value == "minister back"  # Textual's paste keeps the first line
        shown = "".join(strip.text for strip in box.render_lines(box.region.reset_offset))
        assert not RAW.search(shown) and "minister back" in shown
        await pilot.press("end", "space", "space", "x")
        assert box.value == "minister back  x"  # typing, spaces included, is as before
        assert CleanInput(evil).value == "minister back second line"  # a starting value from stored text
    assert issubclass(FindBox, CleanInput)


async def test_a_stored_query_put_in_the_search_box_is_cleaned(make_app):
    """A saved search's query or an entity's name is stored text from outside;
    the app sets the box's value itself, so the paste's cleaning must hold there too."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.search_for("harbour\x1b]52;c;eA==\x07 \u202estorm\nnext")
        await pilot.pause()
        value = app.library_screen.query_one("#search", Input).value
        assert not RAW.search(value), repr(value)
        assert value.startswith("harbour") and "storm" in value and "\n" not in value


async def test_a_store_that_fails_while_the_library_mounts_leaves_the_library_on_screen(make_app, lib, monkeypatch):
    """A screen that cannot read what it shows is not shown, but the library is
    the app's first screen: popping it would leave a blank one with no keys."""
    def unreachable(*args, **kwargs):
        raise StoreError("the article store on the server is unreachable")

    monkeypatch.setattr(lib, "listing", unreachable)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert app.screen is app.library_screen
