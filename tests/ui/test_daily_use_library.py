"""Issue 17 on the library screen, with Pilot: every search match reachable,
keys as newsboat and vim readers expect them (q back, Q quit, A with a y, u
undo, ] and [ to unread, R reloads), the preview hidden, resized and never
showing another article than the one under the cursor, the count and the
unread count, and the cursor back on the article read last."""

from __future__ import annotations

import json

import pytest

from reader.core.library import Library
from reader.ui.app import NewsApp
from reader.ui.screens.article import ArticleScreen
from reader.ui.screens.confirm import Confirm
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.sources import SourcePicker
from reader.ui.widgets.preview import WIDTHS

from .conftest import answered, plain, search, wait_for

SIZE = (120, 36)
MANY = 120


@pytest.fixture
def big(tmp_path):
    """MANY articles that all say "narwhal", newest first by number."""
    folder = tmp_path / "many"
    folder.mkdir()
    records = [{"id": f"n{i:03}", "title": f"Narwhal report number {i:03}", "source": "Arctic Times",
                "text": f"Narwhal sightings number {i}. " * (1 + i % 5), "published": f"2024-{1 + i // 28:02}-{1 + i % 28:02}"}
               for i in range(MANY)]
    (folder / "r.jsonl").write_text("\n".join(json.dumps(r) for r in records))
    lib = Library(tmp_path / "ix")
    lib.index_paths([folder])
    yield lib
    lib.close()


def status(app) -> str:
    return plain(app.library_screen.query_one("#status"))


async def test_every_match_is_reachable_beyond_the_first_thirty(big):
    app = NewsApp(big, seed_if_empty=False)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "narwhal")
        screen = app.library_screen
        results = screen.query_one("#results")
        assert len(results.hits) == 30 and results.total == MANY
        assert status(app).startswith(f"{MANY} matching narwhal")  # not "30 shown of": the rest are reachable
        screen.more_results()  # what the cursor nearing the end asks for
        assert status(app).startswith(f"30 shown of {MANY} matching")  # said only while more are on their way
        await wait_for(pilot, lambda: not screen.loading_more, what="more results")
        assert len(results.hits) > 30 and status(app).startswith(f"{MANY} matching")
        results.focus()
        await pilot.press("G")  # one press: the last match, however many are still to come (it took five)
        await wait_for(pilot, lambda: len(results.hits) == MANY and not screen.loading_more, what="every match")
        await pilot.pause()
        assert len(results.hits) == MANY
        assert len({h.id for h in results.hits}) == MANY  # every match once, none twice
        assert results.current.id == results.hits[-1].id
        assert not results.wants_more()


async def test_q_goes_back_one_level_and_quits_only_from_the_top(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.library_screen
        await search(pilot, "Dowden")
        await pilot.press("enter")  # to the results
        await wait_for(pilot, lambda: app.focused is screen.query_one("#results"), what="focus on the results")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen), what="the article")
        await pilot.press("q")  # the article, back to the results
        await wait_for(pilot, lambda: app.screen is screen, what="the library screen")
        assert screen.showing_results and app.is_running
        await pilot.press("q")  # the search, back to the library list
        assert not screen.showing_results and screen.query_one("#search").value == "" and app.is_running
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, SourcePicker), what="the source picker")
        await pilot.press("q")  # the picker cancelled
        await wait_for(pilot, lambda: app.screen is screen, what="the library screen")
        await pilot.press("f", "j", "enter")  # one source
        await wait_for(pilot, lambda: screen.source_filter == "BBC News", what="the source chosen")
        await pilot.press("q")  # back to all sources
        assert screen.source_filter is None and len(screen.query_one("#library").rows_data) == 5 and app.is_running
        await pilot.press("q")  # the top: quits
        await pilot.pause()
    assert not app.is_running and app.return_code == 0


async def test_Q_quits_from_an_article(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen), what="the article")
        await pilot.press("Q")
        await pilot.pause()
    assert not app.is_running and app.return_code == 0


@pytest.mark.on_store  # on the server too in CI (.ci/run)
async def test_A_asks_then_marks_all_read_and_u_undoes(make_app, lib):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        ids = [r["id"] for r in lib.listing()]
        assert status(app).startswith("5 articles  ·  5 unread")
        await pilot.press("A")
        await wait_for(pilot, lambda: isinstance(app.screen, Confirm), what="the question")
        assert "Mark 5 unread articles read (the whole library)?" in plain(app.screen.query_one("#confirm-question"))
        await pilot.press("n")  # any key but y: nothing happens
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen), what="the library again")
        assert not any(lib.store.state(i)["read"] for i in ids)
        await pilot.press("A", "y")
        await wait_for(pilot, lambda: all(lib.store.state(i)["read"] for i in ids), what="all read")
        assert status(app).startswith("5 articles  ·  0 unread")
        assert all(r["read"] for r in app.library_screen.query_one("#library").rows_data)  # the rows say so too
        await pilot.press("u")  # undo: all unread again, as they were
        assert not any(lib.store.state(i)["read"] for i in ids)
        assert status(app).startswith("5 articles  ·  5 unread")
        await pilot.press("j", "r", "b")  # one read, one bookmark: two changes, undone newest first
        second = ids[1]
        assert lib.store.state(second) == {"read": True, "bookmarked": True}
        await pilot.press("u")
        assert lib.store.state(second) == {"read": True, "bookmarked": False}
        await pilot.press("u")
        assert lib.store.state(second) == {"read": False, "bookmarked": False}
        await pilot.press("u")  # nothing left: says so, changes nothing
        assert not any(lib.store.state(i)["read"] for i in ids)


async def test_u_after_opening_an_article_marks_it_unread_not_an_older_change(make_app, lib):
    """Opening an article marks it read: u right after takes that back, and
    an older bookmark on another article stays (it was undone instead)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        ids = [r["id"] for r in lib.listing()]
        await pilot.press("b")  # a bookmark on the first
        assert lib.store.state(ids[0])["bookmarked"]
        await pilot.press("j", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen), what="the article")
        assert lib.store.state(ids[1])["read"]
        await pilot.press("u")
        assert lib.store.state(ids[1]) == {"read": False, "bookmarked": False}  # unread again
        assert lib.store.state(ids[0])["bookmarked"]  # the bookmark is kept
        await pilot.press("u")  # and next, the bookmark
        assert not lib.store.state(ids[0])["bookmarked"]


async def test_A_on_a_search_marks_every_match_not_only_those_shown(big):
    app = NewsApp(big, seed_if_empty=False)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "narwhal")
        app.library_screen.query_one("#results").focus()
        await pilot.press("A")
        await wait_for(pilot, lambda: isinstance(app.screen, Confirm), what="the question")
        assert f"Mark {MANY} unread articles read (all matches of «narwhal»)?" in plain(app.screen.query_one("#confirm-question"))
        await pilot.press("y")
        await wait_for(pilot, lambda: big.store.tally() == (MANY, 0), what="every match read")
        await pilot.press("u")
        assert big.store.tally() == (MANY, MANY)


@pytest.mark.on_store  # on the server too in CI (.ci/run)
async def test_R_reloads_feeds_and_leaves_read_state_alone(make_app, lib, monkeypatch):
    app = make_app()
    fetched = []
    monkeypatch.setattr(app.background, "fetch_feeds", lambda: fetched.append(True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("R")
        await pilot.pause()
        assert fetched == [True]
        assert lib.store.tally() == (5, 5)


@pytest.mark.on_store  # on the server too in CI (.ci/run)
async def test_brackets_move_to_the_next_and_previous_unread(make_app, lib):
    ids = [r["id"] for r in lib.listing()]
    lib.set_read([ids[0], ids[1], ids[3]], True)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.library_screen.query_one("#library")
        await pilot.press("right_square_bracket")
        assert table.cursor_row == 2
        await pilot.press("right_square_bracket")
        assert table.cursor_row == 4
        await pilot.press("right_square_bracket")  # none below: stays, and says so
        assert table.cursor_row == 4
        await pilot.press("left_square_bracket")
        assert table.cursor_row == 2
        await search(pilot, "Dowden")  # in the results as well
        results = app.library_screen.query_one("#results")
        results.focus()
        unread = {ids[2], ids[4]}
        assert results.unread == unread  # marked as in the library list: "● source"
        assert results.scroll_offset.y == 0  # five results of six lines fit: line 6i+1 is result i's source line

        def marked() -> set[str]:
            lines = [i for i in range(len(results.hits)) if results.render_line(i * 6 + 1).text.lstrip().startswith("●")]
            return {results.hits[i].id for i in lines}

        # the marks are read off the painted lines, which follow the results' arrival
        await wait_for(pilot, lambda: marked() == unread, what="the unread results marked")
        await pilot.press("right_square_bracket")
        assert results.current.id in unread and results.highlighted > 0
        assert all(h.id not in unread for h in results.hits[1:results.highlighted])
        await pilot.press("r")  # read: no longer marked
        assert results.unread == unread - {results.current.id}


async def test_next_unread_loads_the_rows_it_needs(big):
    ids = [r["id"] for r in big.listing(limit=MANY)]
    big.set_read(ids[:110], True)
    app = NewsApp(big, seed_if_empty=False)
    async with app.run_test(size=SIZE) as pilot:
        table = app.library_screen.query_one("#library")
        assert len(table.rows_data) == 100
        await pilot.press("right_square_bracket")
        assert table.current["id"] == ids[110]


@pytest.mark.on_store  # on the server too in CI (.ci/run)
async def test_status_counts_articles_and_unread(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert status(app).startswith("5 articles  ·  5 unread  ·  sorted by date")
        await pilot.press("r")
        assert status(app).startswith("5 articles  ·  4 unread")
        await pilot.press("f", "j", "enter")
        await wait_for(pilot, lambda: app.library_screen.source_filter == "BBC News", what="the source chosen")
        assert status(app).startswith("1 article  ·  0 unread")


async def test_the_preview_hides_resizes_and_gives_titles_room(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.library_screen
        preview = screen.query_one("#preview")
        table = screen.query_one("#library")
        await pilot.pause()
        assert preview.display and preview.outer_size.width == pytest.approx(120 * WIDTHS[1] / 100, abs=1)
        title = "UK imposes sanctions after Chinese-backed cyber-attacks"
        row = next(i for i, r in enumerate(table.rows_data) if r["title"] == title)
        await pilot.press("p")  # hidden: the list takes the width, whole titles
        await pilot.pause()
        assert not preview.display and table.size.width == 120
        assert title in table.render_line(row + 1).text
        await pilot.press("p")
        await pilot.pause()
        before = preview.size.width
        await pilot.press("plus")
        await pilot.pause()
        assert preview.size.width > before
        await pilot.press("minus", "minus")
        await pilot.pause()
        assert preview.size.width < before
        assert table.size.width == 120 - preview.outer_size.width
        assert preview.outer_size.width == pytest.approx(120 * WIDTHS[0] / 100, abs=1)
    small = make_app()
    async with small.run_test(size=(80, 24)) as pilot:  # hidden at 80 columns, shown when asked
        preview = small.library_screen.query_one("#preview")
        await pilot.pause()
        assert not preview.display
        await pilot.press("p")
        await wait_for(pilot, lambda: preview.shown_id == small.library_screen.current_id(), what="the preview")


async def test_a_preview_shown_by_widening_the_window_shows_the_article_under_the_cursor(make_app):
    wide = make_app()
    async with wide.run_test(size=(80, 24)) as pilot:  # (it stayed empty until the cursor moved)
        preview = wide.library_screen.query_one("#preview")
        await pilot.pause()
        assert not preview.display and preview.shown_id is None
        await pilot.resize_terminal(120, 36)
        await pilot.pause()
        await pilot.pause()  # at once, not when something else moves it (the entities found, a key)
        assert preview.display and preview.shown_id is not None and preview.shown_id == wide.library_screen.current_id()


async def test_the_preview_never_shows_another_article_than_the_results(make_app, lib):
    assert lib.search("cyber").hits[0].id != lib.search("cyber Loughton").hits[0].id  # the query's first hit moves
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.library_screen
        preview = screen.query_one("#preview")
        await search(pilot, "cyber")
        await wait_for(pilot, lambda: preview.settled and preview.shown_id == screen.current_id(), what="the preview")
        before = preview.shown_id
        await pilot.press(*" Loughton")
        await answered(pilot, "cyber Loughton")
        # at once: the old article is gone. Its title stands for the new one
        # until the preview's timer lays it out; on a loaded machine the timer
        # may have fired before this line runs: the new article whole then
        title = screen.query_one("#results").current.title
        assert preview.shown_id in (None, screen.current_id()) and preview.shown_id != before
        content = preview.query_one("#preview-body").content
        assert (content.renderables[0] if preview.shown_id else content).plain == title
        await wait_for(pilot, lambda: preview.settled and preview.shown_id == screen.current_id(), what="the preview")


async def test_back_from_reading_the_cursor_is_on_the_last_article_read(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.library_screen.query_one("#library")
        await pilot.press("j", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen), what="the article")
        first = app.screen.article.id
        await pilot.press("J", "J")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen) and app.screen.article.id != first
                       and app.screen.article.id == table.rows_data[3]["id"], what="two articles on")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.library_screen, what="the list")
        assert table.cursor_row == 3
        await pilot.press("f", "escape")  # another screen coming and going leaves the cursor alone
        await wait_for(pilot, lambda: app.screen is app.library_screen, what="the list")
        await pilot.press("k")
        assert table.cursor_row == 2
        await search(pilot, "Dowden")  # and in the results
        results = app.library_screen.query_one("#results")
        results.focus()
        await pilot.press("enter", "J")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen) and app.screen.article.id == results.hits[1].id,
                       what="the second result")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.library_screen, what="the results")
        assert results.highlighted == 1


async def test_J_past_the_last_article_and_K_before_the_first_say_so(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.library_screen.query_one("#library")
        await pilot.press("G", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen), what="the last article")
        last = app.screen.article.id
        assert last == table.rows_data[-1]["id"]
        await pilot.press("J")
        await wait_for(pilot, lambda: any("no next article: this is the last" in str(n.message) for n in app._notifications),
                       what="why J did nothing")
        assert isinstance(app.screen, ArticleScreen) and app.screen.article.id == last
        await pilot.press("escape", "g", "enter", "K")
        await wait_for(pilot, lambda: any("no previous article: this is the first" in str(n.message)
                                          for n in app._notifications), what="why K did nothing")
        assert app.screen.article.id == table.rows_data[0]["id"]


async def test_the_new_letters_type_into_the_search_box(make_app, lib):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"quAQRUp+-[]")
        await pilot.pause()
        assert app.is_running and app.library_screen.query_one("#search").value == "quAQRUp+-[]"
        assert isinstance(app.screen, LibraryScreen) and lib.store.tally() == (5, 5)
