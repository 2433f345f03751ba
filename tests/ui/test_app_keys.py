"""Pilot tests: press the keys, assert on what is selected, shown and
highlighted."""

from __future__ import annotations

import pytest
from textual.command import CommandList
from textual.widgets import Input

from reader.ui.screens.article import ArticleScreen
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.terms import TermsScreen

from .conftest import answered, plain, search, styled_substrings, wait_for

SIZE = (120, 36)


async def test_starts_on_the_list_and_q_quits(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert app.focused.id == "library"  # not the search box: it would swallow q and /
        assert len(app.screen.query_one("#library").rows_data) == 5
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0 and not app.is_running


async def test_vim_and_arrow_keys_move_the_cursor(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one("#library")
        await pilot.press("j", "j")
        assert table.cursor_row == 2
        await pilot.press("k")
        assert table.cursor_row == 1
        await pilot.press("G")
        assert table.cursor_row == 4
        await pilot.press("g")
        assert table.cursor_row == 0
        await pilot.press("down", "down", "up")
        assert table.cursor_row == 1
        await pilot.press("ctrl+d")
        assert table.cursor_row == 4  # half a page of a 30-row table is past the 5 rows
        await pilot.press("ctrl+u")
        assert table.cursor_row == 0


@pytest.mark.on_store  # on the server too in CI (.ci/run)
async def test_search_as_you_type_and_open_with_highlighted_matches(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "APT31")
        screen = app.screen
        results = screen.query_one("#results")
        assert screen.query_one("#lists").current == "results"
        assert len(results.hits) == 3
        for hit in results.hits:
            assert [hit.snippet.text[a:b] for a, b in hit.snippet.matches] == ["APT31"]
        # typing more narrows the results without pressing enter
        await pilot.press(*" AND Wuhan")
        await answered(pilot, "APT31 AND Wuhan")
        assert len(results.hits) == 3
        await pilot.press(*" OR zebra")
        await answered(pilot, "APT31 AND Wuhan OR zebra")
        assert len(results.hits) == 3
        await pilot.press("enter")  # enter in the search box moves to the results
        await wait_for(pilot, lambda: app.focused is results, what="focus on the results")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen), what="the article")
        article_screen = app.screen
        assert isinstance(article_screen, ArticleScreen)
        highlighted = [w for p in article_screen.query(".paragraph") for w in styled_substrings(p)]
        assert highlighted and all(w in ("APT31", "Wuhan") for w in highlighted)
        assert "APT31" in highlighted


@pytest.mark.on_store  # on the server too in CI (.ci/run)
async def test_n_and_N_move_between_matches(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "Dowden")
        bbc = [h.id for h in app.screen.query_one("#results").hits if h.source == "BBC News"][0]
        app.open_article(bbc, "Dowden")
        await pilot.pause()
        screen = app.screen
        total = len(screen.matches)
        assert total == screen.article.text.count("Dowden") == 5
        await wait_for(pilot, lambda: screen.current == 0, what="the first match")  # opened from a search: at it
        await pilot.press("n", "n")
        assert screen.current == 2
        para = screen.matches[2][0]
        assert styled_substrings(screen.query_one(f"#p{para}"), "underline") == ["Dowden"]
        await pilot.press("N")
        assert screen.current == 1
        await pilot.press("N", "N")
        assert screen.current == total - 1  # wraps around
        assert "match" in plain(screen.query_one("#match-status"))


@pytest.mark.on_store  # on the server too in CI (.ci/run)
async def test_malformed_query_explains_itself_in_place(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, '"electoral commission', error=True)
        status = app.screen.query_one("#status")
        assert "unclosed quote" in plain(status)
        assert status.has_class("error")
        assert isinstance(app.screen, LibraryScreen)


async def test_escape_goes_back(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "sanctions")
        assert isinstance(app.focused, Input)
        await pilot.press("escape")
        assert app.focused.id == "results"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#lists").current == "library"
        assert app.screen.query_one("#search").value == ""


async def test_tab_moves_between_panes(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert app.focused.id == "library"
        await pilot.press("tab")
        assert app.focused.id == "preview"
        await pilot.press("tab")
        assert app.focused.id == "search"
        await pilot.press("shift+tab")
        assert app.focused.id == "preview"


@pytest.mark.on_store  # on the server too in CI (.ci/run)
async def test_read_state_bookmarks_and_filters_persist(make_app, lib):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one("#library")
        first = table.current["id"]
        await pilot.press("r")
        assert table.current["read"] and lib.store.state(first)["read"]
        await pilot.press("b")
        assert lib.store.state(first)["bookmarked"]
        await pilot.press("U")  # unread only: the one just read disappears
        assert first not in [r["id"] for r in table.rows_data] and len(table.rows_data) == 4
        await pilot.press("U", "B")  # bookmarked only
        assert [r["id"] for r in table.rows_data] == [first]
        await pilot.press("B", "A", "y")  # all read, after a y
        await wait_for(pilot, lambda: all(lib.store.state(r["id"])["read"] for r in table.rows_data))
        await pilot.press("r")
        assert not lib.store.state(table.current["id"])["read"]
    # kept across runs: a new app on the same store sees them
    app2 = make_app()
    async with app2.run_test(size=SIZE) as pilot:
        rows = {r["id"]: r for r in app2.screen.query_one("#library").rows_data}
        assert rows[first]["bookmarked"]


async def test_ctrl_d_moves_half_a_page_in_the_results_as_in_every_list(make_app):
    """It was a whole page there, half a page everywhere else (the README's promise)."""
    app = make_app()
    async with app.run_test(size=(80, 16)) as pilot:
        await search(pilot, "China")
        results = app.screen.query_one("#results")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.focused is results, what="focus on the results")
        page = results._page()
        assert len(results.hits) > page >= 2
        await pilot.press("ctrl+d")
        assert results.highlighted == page // 2
        await pilot.press("pagedown")
        assert results.highlighted == min(len(results.hits) - 1, page // 2 + page)
        await pilot.press("ctrl+u")
        assert results.highlighted == min(len(results.hits) - 1, page // 2 + page) - page // 2


async def test_an_undone_bookmark_under_bookmarked_only_leaves_the_list(make_app, lib):
    """Two bookmarked, B, then u: the status said "1 article" and both rows
    stayed listed, the one undone without its star."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one("#library")
        first = table.current["id"]
        await pilot.press("b", "j", "b")
        second = table.current["id"]
        await pilot.press("B")
        await wait_for(pilot, lambda: sorted(r["id"] for r in table.rows_data) == sorted([first, second]), what="two")
        await pilot.press("u")  # the second bookmark undone
        await wait_for(pilot, lambda: [r["id"] for r in table.rows_data] == [first], what="the one still bookmarked")
        assert not lib.store.state(second)["bookmarked"]


async def test_a_state_note_cuts_a_long_title_at_a_word_and_says_so(make_app, lib):
    """"bookmarked: UK imposes sanctions after Chinese-backed cyber-at": cut mid-word, no ellipsis."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one("#library")
        while len(table.current["title"]) <= 50:
            await pilot.press("j")
        title = table.current["title"]
        await pilot.press("b")
        notes = [str(n.message) for n in app._notifications if str(n.message).startswith("bookmarked: ")]
        shown = notes[-1].removeprefix("bookmarked: ")
        assert shown.endswith("…") and title.startswith(shown[:-1]) and title[len(shown) - 1] == " "


@pytest.mark.on_store  # on the server too in CI (.ci/run)
async def test_sort_and_source_filter(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        table = screen.query_one("#library")
        await pilot.press("s")  # by source, ascending
        assert screen.sort == "source"
        sources = [r["source"] for r in table.rows_data]
        assert sources == sorted(sources, key=str.lower)
        await pilot.press("S")
        assert [r["source"] for r in table.rows_data] == sorted(sources, key=str.lower, reverse=True)
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("j", "enter")  # the first source after "All sources"
        await pilot.pause()
        assert screen.source_filter == "BBC News"
        assert [r["source"] for r in table.rows_data] == ["BBC News"]
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("g", "enter")
        await pilot.pause()
        assert screen.source_filter is None and len(table.rows_data) == 5


async def test_terms_view_counts_per_source(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "Loughton")
        await pilot.press("escape", "t")
        await wait_for(pilot, lambda: app.screen.report is not None, what="the terms report")
        assert isinstance(app.screen, TermsScreen)
        counts = {s.source: s.count for s in app.screen.report.sources}
        assert counts == {"Unknown outlet D": 3, "Unknown outlet A (summary of a BBC report)": 1}
        lines = app.screen.query_one("#terms-lines")
        assert lines.option_count == 3  # the first source's uses, in context


async def test_help_lists_every_binding_with_an_id(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        ids = {b.id for _, bindings in app.screen.sections for b in bindings}
        assert {"library.search", "library.toggle_read", "article.next_match", "app.quit", "list.down"} <= ids
        for _, bindings in app.screen.sections:
            for b in bindings:
                assert b.id and b.description
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_keymap_from_config_remaps_keys(make_app, lib):
    app = make_app(keymap={"library.toggle_bookmark": "x"})
    async with app.run_test(size=SIZE) as pilot:
        first = app.screen.query_one("#library").current["id"]
        await pilot.press("b")
        assert not lib.store.state(first)["bookmarked"]
        await pilot.press("x")
        assert lib.store.state(first)["bookmarked"]


async def test_hints_name_the_keys_the_config_gives(make_app, lib):
    """With search on ctrl+f and unread-only on z, the box still said "Search (/)"
    and the empty list "none: U to show more"."""
    app = make_app(keymap={"library.search": "ctrl+f", "library.filter_unread": "z"})
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert screen.query_one("#search").placeholder.startswith("Search (ctrl+f):")
        for row in list(screen.query_one("#library").rows_data):
            lib.set_read([row["id"]])
        await pilot.press("z")
        await wait_for(pilot, lambda: "none: z to show more" in plain(screen.query_one("#status")), what="the hint")


async def test_url_keys_open_or_copy(make_app, monkeypatch):
    app = make_app()
    opened, copied = [], []
    monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
    monkeypatch.setattr(app, "copy_to_clipboard", lambda text: copied.append(text))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o", "y")  # the seeds have no URL: nothing is opened
        assert opened == [] and copied == []
        with app.lib_lock:
            app.lib.store.db.execute("UPDATE articles SET url='https://example.org/a' WHERE id=?", (app.screen.current_id(),))
        await pilot.press("o", "y")
        await wait_for(pilot, lambda: opened == ["https://example.org/a"], what="the browser asked in its worker")
        assert copied == ["https://example.org/a"]


async def test_o_opens_only_web_links(make_app, monkeypatch):
    """A link from a feed is data from outside: javascript:, file:, data: and a link the
    browser would read as an option are never handed to it; the reader is told why."""
    app = make_app()
    opened, told = [], []
    monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
    monkeypatch.setattr(app, "notify", lambda message, **kw: told.append(str(message)))
    async with app.run_test(size=SIZE) as pilot:
        for url in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,<b>x</b>", "--new-window http://x"):
            told.clear()
            with app.lib_lock:
                app.lib.store.db.execute("UPDATE articles SET url=? WHERE id=?", (url, app.screen.current_id()))
            await pilot.press("o")
            await pilot.pause()
            assert told and not told[-1].startswith("opening"), url
        await pilot.pause()
        assert opened == []


async def test_command_palette_opens_an_article_by_title(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"open: UK imposes")
        palette = app.screen
        await wait_for(pilot, lambda: "UK imposes" in str(palette.query_one(CommandList).highlighted_option.prompt),
                       what="the article among the palette's hits")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen), what="the article")
        assert app.screen.article.title == "UK imposes sanctions after Chinese-backed cyber-attacks"


async def test_small_terminal_hides_the_preview(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.screen.query_one("#preview").display
        table = app.screen.query_one("#library")
        assert table.size.width == 80
        from reader.ui.widgets.article_table import column_widths

        assert column_widths(table.scrollable_content_region.width)[3] >= 30
        # what a reader sees: the header, and a whole date and some title on each row

        lines = [table.render_line(y).text for y in range(3)]
        assert lines[0].split() == ["date", "source", "title"]
        assert all(len(line.rstrip()) <= 80 for line in lines)


async def test_library_loads_a_page_at_a_time(tmp_path):
    import json

    from reader.core.library import Library
    from reader.ui.app import NewsApp
    from reader.ui.widgets.article_table import PAGE

    folder = tmp_path / "many"
    folder.mkdir()
    records = [{"id": str(i), "title": f"Story {i:04}", "text": f"Body {i}.", "published": f"2024-01-{1 + i % 28:02}"} for i in range(PAGE * 2 + 50)]
    (folder / "r.jsonl").write_text("\n".join(json.dumps(r) for r in records))
    lib = Library(tmp_path / "ix")
    lib.index_paths([folder])
    app = NewsApp(lib, seed_if_empty=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#library")
        assert len(table.rows_data) == PAGE  # not the whole library
        table.focus()
        table.cursor_row = PAGE - 5  # the cursor near the last loaded row, as j held there: one more page
        await pilot.pause()
        assert len(table.rows_data) == PAGE * 2 and table.cursor_row == PAGE - 5
        await pilot.press("G")  # the last article, in one press (it stopped at the end of the page loaded)
        await wait_for(pilot, lambda: table.exhausted, what="the rest loaded")
        assert len(table.rows_data) == PAGE * 2 + 50
        assert table.cursor_row == PAGE * 2 + 49 and table.current["id"] == table.rows_data[-1]["id"]
        assert len({r["id"] for r in table.rows_data}) == PAGE * 2 + 50
    lib.close()


async def test_article_view_highlights_entities_and_lists_them(make_app):
    from reader.render.console import ENTITY_STYLES

    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        bbc = [r["id"] for r in app.lib.listing() if r["source"] == "BBC News"][0]
        app.entity_extractor = "rules"
        app.open_article(bbc)
        screen = app.screen
        await wait_for(pilot, lambda: screen.extractor_name, what="the article's entities")
        assert screen.extractor_name == "rules"
        assert "entities (rules)" in plain(screen.query_one("#entity-legend"))
        people = set()
        for p in screen.query(".paragraph"):
            people |= set(styled_substrings(p, ENTITY_STYLES["PERSON"]))
        assert {"Oliver Dowden", "Zhao Guangzong", "Ni Gaobin"} <= people
        await pilot.press("e")  # highlighting off
        assert not any(styled_substrings(p, "cyan") for p in screen.query(".paragraph"))
        await pilot.press("e")
        panel = screen.query_one("#entity-panel")
        assert panel.display
        await pilot.press("E", "E")  # hide, then show with focus
        assert app.focused is panel
        labels = [panel.get_option_at_index(i).prompt.plain for i in range(panel.option_count)]
        assert any("Oliver Dowden" in label for label in labels)
        target = next(i for i, label in enumerate(labels) if "Oliver Dowden" in label)
        panel.highlighted = target
        await pilot.press("enter")
        await answered(pilot, 'entity:"Oliver Dowden"')
        assert app.screen.query_one("#search").value == 'entity:"Oliver Dowden"'
        assert len(app.screen.query_one("#results").hits) == 5  # every seed names him


async def test_entities_are_computed_in_a_background_process(make_app, lib, monkeypatch):
    import reader.ui.app as app_module

    monkeypatch.setattr(app_module, "ENTITY_START_DELAY", 0.05)
    # other tests may have computed the seeds' entities in the shared index
    lib.entities.forget([r["id"] for r in lib.listing()])
    assert lib.entities.coverage() == (0, 5)
    app = make_app(background_entities=True)
    counts = []  # what the title was asked to show: (articles, entities done)
    show_title = app._show_title
    monkeypatch.setattr(app, "_show_title", lambda count, done=None: (counts.append((count, done)), show_title(count, done)))
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: app.entity_process.process is not None, what="the entity process")
        app.entity_process.process.wait(timeout=120)
        assert lib.entities.coverage() == (5, 5)
        # the title's counter follows (counted every two seconds) and goes when complete
        await wait_for(pilot, lambda: counts[-1] == (5, 5), what="the complete count")
        assert (5, 0) in counts  # counted while the process worked
        assert "entities" not in app.sub_title


async def test_remapping_a_list_letter_keeps_the_arrow(make_app):
    app = make_app(keymap={"list.down": "n"})
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one("#library")
        await pilot.press("n")
        assert table.cursor_row == 1
        await pilot.press("down")
        assert table.cursor_row == 2
        await pilot.press("j")  # the letter is remapped away
        assert table.cursor_row == 2


async def test_a_search_that_fails_inside_the_engine_does_not_take_the_app_down(make_app, monkeypatch):
    """Every engine error should arrive as a QueryError; one that does not still ends as a
    line in the status, and the next search works."""
    app = make_app()
    real = app.lib.search

    def broken(query, **kw):
        if query == "boom":
            raise RuntimeError("engine\nfell over")
        return real(query, **kw)

    monkeypatch.setattr(app.lib, "search", broken)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"boom")
        # typing searches at each key ('b', 'bo', …): wait for the answer to the whole word
        await wait_for(pilot, lambda: "fell over" in plain(app.library_screen.query_one("#status")),
                       what="the engine's failure in the status line")
        await pilot.press("escape")
        await search(pilot, "Loughton")
        assert app.is_running


async def test_the_lists_not_the_search_boxes_take_the_focus_a_screen_is_given_first(make_app):
    """Textual focuses a screen's first focusable widget once it is composed,
    before on_mount: a key typed then went into the search box."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.library_screen
        screen.set_focus(None)
        screen._update_auto_focus()  # what Textual does right after composing the screen
        assert app.focused is screen.query_one("#library")
        await pilot.press("v")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "EventsScreen", what="the events")
        events = app.screen
        events.set_focus(None)
        events._update_auto_focus()
        assert app.focused is events.query_one("#events-table")
