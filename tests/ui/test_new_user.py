"""What a new user tripped over, driven as they would: keys, messages and
answers found wrong by using the app (session 7's fresh-eyes pass)."""

from __future__ import annotations

import asyncio
import dataclasses
import subprocess
import sys
import threading
import types
import webbrowser

import pytest

from reader.core import library as library_module
from reader.core.library import Library
from reader.core.store.lock import WriteLock
from reader.ui.app import NewsApp
from reader.ui.screens.article import ArticleScreen
from reader.ui.screens.events import EventsScreen
from reader.ui.screens.terms import TermsScreen
from reader.ui.services import entities as entities_module
from reader.ui.widgets.entity_panel import EntityPanel
from reader.ui.widgets.key_bar import KeyBar

from ..conftest import SEEDS
from .conftest import answered, plain, search, started, wait_for
from .test_events_matrix import cells, extra_articles

# Takes the index's write lock a moment at a time and takes it back at once,
# as `newsreader entities --update` does a batch at a time.
LOCK_HOLDER = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o644)
print("held", flush=True)
while True:
    fcntl.flock(fd, fcntl.LOCK_EX)
    time.sleep(0.3)
    fcntl.flock(fd, fcntl.LOCK_UN)
"""


async def test_the_events_are_grouped_while_the_entity_process_holds_the_lock(tmp_path):
    # A new library opened and v pressed at once: the background entity
    # extraction held the lock, the grouping gave up and said "0 events".
    with Library(tmp_path / "ix") as lib:
        lib.index_paths([SEEDS], label="seeds")
        app = NewsApp(lib)
        app.entity_extractor = "rules"
        holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(lib.dir / "write.lock")],
                                  stdout=subprocess.PIPE, text=True)
        try:
            assert holder.stdout.readline().strip() == "held"
            app.entity_process.process = holder  # as start() would have it
            restarted = []
            app.entity_process.start = lambda: restarted.append(True)
            async with app.run_test(size=(100, 30)) as pilot:
                await pilot.press("v")
                await wait_for(pilot, lambda: isinstance(app.screen, EventsScreen) and app.screen.loaded,
                               what="the events")
                assert [e.count for e in app.screen.events] == [5]
                assert holder.poll() is not None  # ended for the grouping
                await wait_for(pilot, lambda: restarted, what="the entity process started again")
        finally:
            holder.kill()
            holder.wait()


class Extraction:
    """Stands in for `newsreader entities --update`: running until terminated."""

    def __init__(self, *args, **kwargs):
        self.ended = None

    def poll(self):
        return self.ended

    def terminate(self):
        self.ended = -15

    kill = terminate

    def wait(self, timeout=None):
        return self.ended


def spawned_extractions(monkeypatch) -> list:
    """The extraction processes EntityProcess.start spawns (none really started)."""
    spawned = []
    fake = types.SimpleNamespace(Popen=lambda *a, **k: spawned.append(Extraction()) or spawned[-1],
                                 DEVNULL=subprocess.DEVNULL, TimeoutExpired=subprocess.TimeoutExpired)
    monkeypatch.setattr(entities_module, "subprocess", fake)
    return spawned


async def test_a_pause_that_ends_after_the_app_did_starts_no_extraction(make_app, monkeypatch):
    # Quitting (or leaving the events) while the events grouped: the grouping's
    # thread ended its pause after the app had stopped the extraction, and
    # started a new one that outlived the app.
    spawned = spawned_extractions(monkeypatch)
    app = make_app()
    process = app.entity_process
    process.process = running = Extraction()
    inside, leave = threading.Event(), threading.Event()

    def grouping():
        with process.paused():
            inside.set()
            leave.wait(5)

    thread = threading.Thread(target=grouping)
    async with app.run_test(size=(100, 30)) as pilot:
        thread.start()
        await wait_for(pilot, inside.is_set, what="the pause")
        assert running.ended is not None  # ended for the grouping
    leave.set()  # the grouping ends now, the app has
    for _ in range(200):  # not join(): the loop must run to take a call_from_thread
        if not thread.is_alive():
            break
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.05)
    assert not thread.is_alive() and spawned == []
    process.start()
    assert spawned == []  # nor later, from anywhere


async def test_the_events_up_to_date_leave_the_extraction_running(make_app, monkeypatch):
    # Each v ended the extraction for a grouping that wrote nothing (with
    # spaCy a model loaded again at its restart).
    spawned_extractions(monkeypatch)
    app = make_app()
    app.entity_extractor = "rules"
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("v")  # the first grouping: written to the store
        await wait_for(pilot, lambda: isinstance(app.screen, EventsScreen) and app.screen.loaded,
                       what="the events")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, EventsScreen), what="the library")
        app.entity_process.process = running = Extraction()  # running from now on
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, EventsScreen) and app.screen.loaded,
                       what="the events again")
        assert running.ended is None


async def test_the_events_say_what_another_writer_leaves_ungrouped(tmp_path, monkeypatch):
    with Library(tmp_path / "ix") as lib:
        lib.index_paths([SEEDS], label="seeds")
        monkeypatch.setattr(library_module, "MAINTAIN_WAIT", 0.05)
        app = NewsApp(lib)
        async with app.run_test(size=(100, 30)) as pilot:
            with WriteLock(lib.dir):  # another process indexing, say
                await pilot.press("v")
                await wait_for(pilot, lambda: isinstance(app.screen, EventsScreen) and app.screen.loaded,
                               what="the events")
            status = plain(app.screen.query_one("#events-status"))
            assert status.startswith("5 articles not grouped yet (another newsreader process is writing) · 0 events")


async def test_events_of_reports_with_no_outlet_are_listed(tmp_path):
    # BBC's files name no outlet: the events list showed "99 of 395 events"
    # with no filter on, where `newsreader events` lists 395.
    with Library(tmp_path / "ix") as lib:
        lib.add_articles([dataclasses.replace(a, source="") for a in extra_articles()])
        app = NewsApp(lib)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("v")
            await wait_for(pilot, lambda: isinstance(app.screen, EventsScreen) and app.screen.loaded,
                           what="the events")
            assert sorted(e.count for e in app.screen.events) == [2, 4]
            assert {row.split(" | ")[1] for row in cells(app.screen, "#events-table")} == {"(no source)"}
            assert plain(app.screen.query_one("#events-status")).startswith("2 events · 2 reported once hidden")
            await pilot.press("a")
            assert len(app.screen.events) == 4


async def test_g_and_G_go_to_the_first_and_last_row_of_the_events(tmp_path):
    with Library(tmp_path / "ix") as lib:
        lib.add_articles(extra_articles())
        app = NewsApp(lib)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("v")
            await wait_for(pilot, lambda: isinstance(app.screen, EventsScreen) and app.screen.loaded,
                           what="the events")
            await pilot.press("a")  # the single reports too: four rows
            table = app.screen.query_one("#events-table")
            assert table.row_count == 4 and table.cursor_row == 0
            await pilot.press("G")
            assert table.cursor_row == 3
            await pilot.press("g")
            assert table.cursor_row == 0
            await pilot.press("ctrl+d")  # half a page down, as in the library (the four rows fit in it: the last)
            assert table.cursor_row == 3
            await pilot.press("ctrl+u")
            assert table.cursor_row == 0
            await pilot.press("slash", "g")  # in the search box g is a letter
            assert app.screen.query_one("#events-search").value == "g"


async def test_g_and_G_in_the_entity_list(make_app):
    app = make_app()
    app.entity_extractor = "rules"
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen), what="the article")
        await pilot.press("E")
        panel = app.screen.query_one(EntityPanel)
        await wait_for(pilot, lambda: panel.has_focus and panel.option_count > 5, what="the entity list")
        enabled = [i for i in range(panel.option_count) if not panel.get_option_at_index(i).disabled]
        await pilot.press("G")
        assert panel.highlighted == panel.option_count - 1 != enabled[0]
        await pilot.press("g")
        assert panel.highlighted == enabled[0]


async def test_an_empty_list_says_which_keys_bring_articles_back(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: started(app), what="the start")
        status = app.library_screen.query_one("#status")
        await pilot.press("B")  # nothing is bookmarked
        assert plain(status) == "0 articles  ·  bookmarked only  ·  none: B to show more"
        await pilot.press("U")
        assert plain(status) == "0 articles  ·  unread only  ·  bookmarked only  ·  none: U / B to show more"
        await pilot.press("B", "U")
        assert "none" not in plain(status)
        await search(pilot, "zzqxq")
        assert plain(status) == "0 matching zzqxq   a word~ matches other spellings too · esc back"


async def test_a_misspelt_theme_is_named_at_start(lib):
    app = NewsApp(lib, theme="gruvbx")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        assert [n.message for n in app._notifications] == [
            "theme 'gruvbx' is not a theme (did you mean gruvbox?); the palette's Theme lists them (ctrl+p)"]


@pytest.mark.parametrize("system", ["none", "firefox"])
async def test_o_says_opening_only_when_a_browser_opens_the_link(make_app, lib, monkeypatch, system):
    # "opening https://…" came first, then "no browser found": the link was never opened.
    def found():
        if system == "none":
            raise webbrowser.Error("could not locate runnable browser")
        return webbrowser.BackgroundBrowser(system)

    opened = []
    monkeypatch.setattr(webbrowser, "get", found)
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **kw: opened.append(url))
    app = make_app(seed_if_empty=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: started(app), what="start-up")
        with app.lib_lock:
            app.lib.store.db.execute("UPDATE articles SET url='https://example.org/' WHERE id=?",
                                     (app.screen.current_id(),))
        await pilot.press("o")
        await wait_for(pilot, lambda: app._notifications, what="a note")
        await wait_for(pilot, idle_browser(app), what="the browser worker done")
        notes = [str(n.message) for n in app._notifications]
        if system == "none":
            assert len(notes) == 1 and notes[0].startswith("no browser found to open the link") and opened == []
        else:
            assert notes == ["opening https://example.org/"] and opened == ["https://example.org/"]


def idle_browser(app):
    return lambda: all(w.is_finished for w in app.workers if w.group == "browser")


async def test_y_and_o_on_an_article_without_a_link_say_the_same(make_app):
    app = make_app(seed_if_empty=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: started(app), what="start-up")
        await pilot.press("o", "y")  # the seeds have no links
        await wait_for(pilot, lambda: len(app._notifications) == 2, what="two notes")
        assert {str(n.message) for n in app._notifications} == {"this article has no link"}


async def test_t_in_an_article_opened_without_a_search_says_what_it_needs_then_takes_the_find(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen), what="the article")
        await pilot.press("t")  # it did nothing, and said nothing
        assert [str(n.message) for n in app._notifications] == [
            "t shows a search across sources: find a word here first (/)"]
        await pilot.press("slash", *"Dowden", "enter", "t")
        await wait_for(pilot, lambda: isinstance(app.screen, TermsScreen), what="the terms")
        assert app.screen.query_text == "Dowden"


async def test_fetching_with_no_feeds_says_how_to_add_one_in_the_app(make_app):
    app = make_app(seed_if_empty=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("F")
        await wait_for(pilot, lambda: app._notifications, what="a note")
        assert [str(n.message) for n in app._notifications] == ["no feeds to fetch: a in the feeds (L) adds one"]


async def test_c_twice_on_one_article_takes_the_mark_back(make_app):
    # Once c was pressed, nothing took it back: the next c anywhere compared.
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("c")
        assert app.compare_first is not None
        await pilot.press("c")
        assert app.compare_first is None
        assert [str(n.message) for n in app._notifications][-1] == "not comparing it: c on an article starts again"
        await pilot.press("j", "c")  # a new first one, not a comparison
        assert app.compare_first is not None and app.screen is app.library_screen


async def test_n_and_N_step_through_the_results_of_a_search(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await search(pilot, "Dowden")
        await pilot.press("enter")  # to the results
        results = app.library_screen.query_one("#results")
        assert results.has_focus and results.highlighted == 0
        await pilot.press("n", "n")
        assert results.highlighted == 2
        await pilot.press("N")
        assert results.highlighted == 1


async def test_an_empty_library_says_how_to_add_articles_and_has_no_events_to_widen(tmp_path):
    with Library(tmp_path / "ix") as lib:
        app = NewsApp(lib, seed_if_empty=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: " articles · " in app.sub_title, what="the start")
            status = app.library_screen.query_one("#status")
            assert plain(status) == "the library is empty: newsreader open PATH adds files, L a feed"
            await pilot.press("v")
            await wait_for(pilot, lambda: isinstance(app.screen, EventsScreen) and app.screen.loaded,
                           what="the events")
            assert plain(app.screen.query_one("#events-coverage")) == "no events here: the library has no articles yet"


async def test_the_entity_list_opens_on_its_first_entity_and_esc_closes_it_not_the_article(make_app):
    app = make_app()
    app.entity_extractor = "rules"
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen), what="the article")
        article = app.screen
        panel = article.query_one(EntityPanel)
        await wait_for(pilot, lambda: panel.option_count > 5, what="the entities")
        await pilot.press("E")
        assert panel.has_focus and panel.highlighted is not None
        assert not panel.get_option_at_index(panel.highlighted).disabled
        await pilot.press("escape")
        assert app.screen is article and not panel.display and article.query_one("#article").has_focus
        await pilot.press("E", "q")  # q is one level back too
        assert app.screen is article and not panel.display
        await pilot.press("E", "enter")  # the first entity, searched across the sources
        await wait_for(pilot, lambda: app.library_screen.query_text.startswith('entity:"'), what="the search")


async def test_the_help_key_is_in_the_key_bar_at_80_columns(make_app):
    # The library's own keys filled the bar at 80 columns: ? was nowhere on screen.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        bar = app.screen.query_one(KeyBar)
        line = bar.render().plain
        assert " ? Help " in line and line.rstrip().endswith("^p") and line.startswith(" / Search ")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen), what="the article")
        await pilot.pause()
        line = app.screen.query_one(KeyBar).render().plain  # the article's keys fill the bar: ? stays
        assert " ? " in line and " E Entity list " not in line and len(line) == 80
    app = make_app()
    async with app.run_test(size=(160, 24)) as pilot:  # wide: every key, the help's last before the palette's
        line = app.screen.query_one(KeyBar).render().plain
        assert line.index(" v Events ") < line.index(" ? Help ") < line.index("^p Commands")


async def test_the_help_key_alone_where_its_name_would_push_a_key_out(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, EventsScreen) and app.screen.loaded, what="the events")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.query_one(KeyBar).render().plain.startswith(" esc Back  space"),
                       what="the reports")
        line = app.screen.query_one(KeyBar).render().plain
        assert line.endswith(" v Voices  ?  ^p ") and len(line) == 80


async def test_the_first_letter_typed_is_no_error(make_app):
    # Every search typed began with a bold "⚠ nothing to search for in 'd'".
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        status = app.library_screen.query_one("#status")
        await pilot.press("slash", "d")
        await wait_for(pilot, lambda: plain(status) == "keep typing: one letter is not searched for",
                       what=lambda: f"the note, not {plain(status)!r}")
        assert not status.has_class("error")
        await pilot.press(*"owden")  # the rest of the word: its results
        await answered(pilot, "dowden")
        await pilot.press("slash", "ctrl+u", *"the")  # a word with nothing to search for is still said so
        await answered(pilot, "the", error=True)
        assert "nothing to search for in 'the'" in plain(status)
