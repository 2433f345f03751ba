"""Issue 17, items 4 and 6 and issue 14 item 2, driven as a reader would:
the terms view opens an article at the use chosen, answers a spelling
question per source, keeps the keyword in one column; the article view finds
with /, starts at the first match, keeps a readable width, says where it is
("42%") and flags a name spelled two ways in it."""

from __future__ import annotations

import pytest

from reader.render.console import MATCH_STYLE
from reader.ui.screens.article import TEXT_WIDTH, ArticleScreen, find_spans
from reader.ui.screens.terms import TABLE_SHARE, TermsScreen

from .conftest import plain, wait_for

SIZE = (120, 36)


@pytest.fixture
def app(make_app):
    app = make_app(seed_if_empty=False)
    app.entity_extractor = "rules"  # the same in every environment, spaCy or not
    return app


async def open_terms(pilot, query: str) -> TermsScreen:
    await wait_for(pilot, lambda: "entities" in pilot.app.sub_title, what="start-up")
    pilot.app.open_terms(query)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, TermsScreen) and pilot.app.screen.report is not None,
                   what="the terms report")
    await pilot.pause()
    return pilot.app.screen


def key_bar_text(app) -> str:
    return str(app.screen.query_one("KeyBar").render())


async def test_enter_on_a_use_opens_the_article_at_that_match(app):
    async with app.run_test(size=SIZE) as pilot:
        terms = await open_terms(pilot, "Loughton")
        source = next(s for s in terms.report.sources if len([x for x in s.lines if x.id == s.lines[0].id]) >= 2)
        terms.query_one("#terms-sources").move_cursor(row=terms.report.sources.index(source))
        await pilot.pause()
        lines = terms.query_one("#terms-lines")
        lines.focus()
        lines.highlighted = last = max(n for n, x in enumerate(source.lines) if x.id == source.lines[0].id)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen) and app.screen.current >= 0,
                       what="the article at a match")
        article = app.screen
        i, j = article.matches[article.current]
        s, e = article.per_paragraph[i][j]
        assert article.article.text_paragraphs[i][s:e] == source.lines[last].match
        assert article.current > 0  # not the first match: the one chosen
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, TermsScreen), what="back to the terms")


@pytest.mark.on_store  # on the server too in CI (.ci/run)
async def test_several_spellings_per_source_with_counts(app):
    async with app.run_test(size=SIZE) as pilot:
        terms = await open_terms(pilot, "Loughton Laughton")
        table = terms.query_one("#terms-sources")
        labels = [str(c.label) for c in table.columns.values()]
        assert labels[:4] == ["source", "Loughton", "Laughton", "spells it"]
        rows = {s.source: [str(c) for c in table.get_row_at(n)] for n, s in enumerate(terms.report.sources)}
        assert all(s.source.startswith(row[0].rstrip("…")) for s, row in zip(terms.report.sources, rows.values()))
        assert rows["BBC News"][1:4] == ["0", "3", "Laughton"]
        assert rows["Unknown outlet D"][1:4] == ["3", "0", "Loughton"]
        assert "spelling" in plain(terms.query_one("#terms-title"))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_keyword_in_one_column_and_columns_fit(app, size):
    async with app.run_test(size=size) as pilot:
        terms = await open_terms(pilot, "Loughton")
        table = terms.query_one("#terms-sources")
        longest = max(len(s.source) for s in terms.report.sources)
        needed = longest + len(" articles  uses ") + 4  # every column whole, the long source names too
        share = int(size[0] * TABLE_SHARE)
        assert table.size.width == min(needed, share)
        assert table.virtual_size.width <= table.size.width  # nothing cut off at the right: the counts show
        counts = [str(table.get_row_at(n)[-1]) for n in range(table.row_count)]
        assert counts == [str(s.count) for s in terms.report.sources]
        names = [str(table.get_row_at(n)[0]) for n in range(table.row_count)]
        if needed > share:  # too long for its share: the long name shortened, with an ellipsis
            assert any(name.endswith("…") for name in names)
        else:
            assert names == [s.source for s in terms.report.sources]
        lines = terms.query_one("#terms-lines")
        source = terms.report.sources[terms.shown]
        columns = set()
        for n, line in enumerate(source.lines):
            shown = lines.get_option_at_index(n).prompt
            marked = [span.start for span in shown.spans if span.style == MATCH_STYLE]
            assert len(marked) == 1 and shown.plain[marked[0]:].startswith(line.match)
            columns.add(marked[0])
        assert len(columns) == 1  # the keyword aligned
        def widest() -> int:
            return max(len(lines.get_option_at_index(n).prompt.plain) for n in range(lines.option_count))

        # the lines are laid out again when the pane settles at its width: wait for that
        await wait_for(pilot, lambda: widest() <= lines.scrollable_content_region.width,
                       what=lambda: f"lines {widest()} wide in {lines.scrollable_content_region}")
        assert lines.size.width > size[0] // 3  # the lines have the room the table does not use


def test_find_spans_ignores_case():
    assert find_spans("Cat cat CAT dog", "cat") == [(0, 3), (4, 7), (8, 11)]
    assert find_spans("abc", "  ") == []


async def test_slash_finds_in_the_article_and_n_steps(app, lib):
    article_id = next(r["id"] for r in lib.listing() if r["source"] == "BBC News")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "entities" in app.sub_title, what="start-up")
        app.open_article(article_id)
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen), what="the article")
        screen = app.screen
        await pilot.pause()
        assert "Next match" not in key_bar_text(app)  # no search: n is not offered
        await pilot.press("slash", *"laughton", "enter")
        await wait_for(pilot, lambda: screen.current == 0, what="the first find")
        assert len(screen.matches) == 3
        assert "match 1 of 3" in plain(screen.query_one("#match-status"))
        await pilot.press("n")
        assert screen.current == 1
        await pilot.press("N", "N")
        assert screen.current == 2  # wraps round
        await pilot.pause()
        assert "Next match" in key_bar_text(app)
        await pilot.press("slash", "escape")  # escape closes the prompt, not the article
        assert app.screen is screen and not screen.query_one("#find-box").display


async def test_opened_from_a_search_at_the_first_match_with_width_and_position(app, lib):
    article_id = next(r["id"] for r in lib.listing() if r["source"] == "Unknown outlet D")
    async with app.run_test(size=(120, 20)) as pilot:
        await wait_for(pilot, lambda: "entities" in app.sub_title, what="start-up")
        app.open_article(article_id, "Electoral")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen) and app.screen.current == 0,
                       what="the article at its first match")
        screen = app.screen
        para = screen.matches[0][0]
        await pilot.pause()
        widget = screen.query_one(f"#p{para}")
        scroller = screen.query_one("#article")
        assert scroller.scroll_y <= widget.virtual_region.y <= scroller.scroll_y + scroller.size.height
        assert max(p.size.width for p in screen.query(".paragraph")) <= TEXT_WIDTH
        status = plain(screen.query_one("#match-status"))
        await pilot.press("G")
        await wait_for(pilot, lambda: plain(screen.query_one("#match-status")).endswith("100%"), what="100% at the end")
        await pilot.press("g")
        await wait_for(pilot, lambda: plain(screen.query_one("#match-status")).endswith(" 0%"), what="0% at the top")
    assert status.rstrip().endswith("%")


async def test_a_name_spelled_two_ways_is_flagged(app, lib):
    article_id = next(r["id"] for r in lib.listing() if r["source"] == "BBC News")  # Macdonald and McDonald
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_for(pilot, lambda: "entities" in app.sub_title, what="start-up")
        app.open_article(article_id)
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen) and app.screen.extractor_name,
                       what="the article's entities")
        await pilot.pause()
        screen = app.screen
        legend = plain(screen.query_one("#entity-legend"))
        panel = [o.prompt.plain for o in screen.query_one("#entity-panel")._options]
    assert "Stewart Macdonald / McDonald: spelled two ways here" in legend
    assert panel[0].startswith("Spelled two ways here")
    assert any("Stewart Macdonald / McDonald" in line for line in panel[1:4])


async def test_the_position_is_given_before_the_first_scroll(app, lib):
    """A long article opened (no search) says "0%" once laid out, not "all"
    until the reader first scrolls."""
    article_id = next(r["id"] for r in lib.listing() if r["source"] == "BBC News")
    async with app.run_test(size=(80, 20)) as pilot:
        await wait_for(pilot, lambda: "entities" in app.sub_title, what="start-up")
        app.open_article(article_id)
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen), what="the article")
        screen = app.screen
        await wait_for(pilot, lambda: screen.query_one("#article").max_scroll_y > 0, what="the article laid out")
        await wait_for(pilot, lambda: plain(screen.query_one("#match-status")).rstrip().endswith(" 0%"),
                       what="0% before any scroll")


async def test_each_use_is_one_line_in_80_columns_and_tab_then_enter_opens_the_first(app):
    """The scrollbar that many uses bring took two columns with no resize to
    lay the lines out again: each use wrapped onto a second line ("fou…", seen
    at 80x24 on BASIL).
    And tab into the uses chose none: enter opened nothing."""
    async with app.run_test(size=(80, 20)) as pilot:  # (the seeds' most uses, 19, more than fit)
        terms = await open_terms(pilot, "said")
        lines = terms.query_one("#terms-lines")
        source = terms.report.sources[terms.shown]
        assert len(source.lines) > lines.scrollable_content_region.height  # more than fit: the scrollbar shows
        await wait_for(pilot, lambda: lines.show_vertical_scrollbar, what="the scrollbar")
        await pilot.pause()
        widest = max(lines.get_option_at_index(n).prompt.cell_len for n in range(lines.option_count))
        assert widest <= lines.scrollable_content_region.width
        assert lines.virtual_size.height == lines.option_count  # one row a use
        await pilot.press("tab")
        await wait_for(pilot, lambda: app.focused is lines, what="the uses focused")
        assert lines.highlighted == 0
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen), what="the first use's article")
        assert app.screen.article.id == source.lines[0].id
