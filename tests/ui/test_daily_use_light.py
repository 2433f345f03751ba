"""Issue 17, item 7: the app in a light theme (Textual's textual-light):
SVG snapshots of the library and the compare screen, and the marks the
article view and the library list use checked against the theme's own
background (a mark that is a colour close to it would vanish). Regenerate
after an intended change with
`pytest tests/ui/test_daily_use_light.py --snapshot-update`."""

from __future__ import annotations

import pytest
from rich.color import Color
from rich.style import Style

from reader.ui.app import NewsApp
from reader.ui.screens.article import ArticleScreen
from reader.ui.screens.compare import CompareScreen

from .conftest import search, wait_for
from .test_snapshots import _ready

LIGHT = "textual-light"


@pytest.fixture
def app(lib):
    app = NewsApp(lib, seed_if_empty=False, theme=LIGHT)
    app.entity_extractor = "rules"  # the same in every environment, spaCy or not
    return app


def test_library_in_the_light_theme(snap_compare, app):
    async def light(pilot):
        await _ready(pilot)
        assert pilot.app.theme == LIGHT and not pilot.app.current_theme.dark

    assert snap_compare(app, terminal_size=(110, 32), run_before=light)


def test_compare_in_the_light_theme(snap_compare, app, lib):
    ids = {r["source"]: r["id"] for r in lib.listing()}

    async def compare(pilot):
        await _ready(pilot)
        pilot.app.open_compare(ids["BBC News"], ids["Unknown outlet D"])
        await _ready(pilot, lambda: isinstance(pilot.app.screen, CompareScreen) and pilot.app.screen.on_screen
                     and pilot.app.screen._mounted == len(pilot.app.screen.rows))
        await pilot.press("right_square_bracket")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(140, 40), run_before=compare)


def _contrast(a: Color, b: Color) -> float:
    """WCAG's contrast ratio of two colours."""
    def luminance(c: Color) -> float:
        r, g, b_ = (x / 255 for x in c.get_truecolor())
        lin = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in (r, g, b_)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def low_contrast(widget, background: Color) -> tuple[list[str], int]:
    """The coloured pieces a widget draws below 3:1 (WCAG's floor for large
    or bold text) against background, and how many were measured."""
    bad, checked = [], 0
    for line in widget.render_lines(widget.region.reset_offset):
        for segment in line:
            style: Style = segment.style or Style()
            if not segment.text.strip() or style.color is None:
                continue
            fg, bg = style.color, style.bgcolor or background
            if style.reverse:
                fg, bg = bg, fg
            if _contrast(fg, bg) < 3.0:
                bad.append(f"{segment.text!r} in {style}")
            checked += 1
    return bad, checked


async def test_every_mark_reads_on_the_light_background(app, lib):
    """Each coloured piece of the article view (entities, matches, the
    current match) and of the library list reads against the light theme's
    background."""
    article_id = next(r["id"] for r in lib.listing() if r["source"] == "BBC News")
    async with app.run_test(size=(140, 40)) as pilot:
        await _ready(pilot)
        bad, checked = low_contrast(app.screen.query_one("#library"), app.screen.styles.background.rich_color)
        assert bad == [] and checked > 10  # the cursor's row too (it was dark text on dark blue)
        await search(pilot, "electoral")
        results = app.screen.query_one("#results")
        await wait_for(pilot, lambda: low_contrast(results, app.screen.styles.background.rich_color)[1] > 5,
                       what="the results drawn")
        assert low_contrast(results, app.screen.styles.background.rich_color)[0] == []
        await pilot.press("escape", "escape")
        app.open_article(article_id, "Electoral")
        await _ready(pilot, lambda: isinstance(app.screen, ArticleScreen) and app.screen.extractor_name)
        await pilot.press("n")
        await pilot.pause()
        background = app.screen.styles.background.rich_color
        for paragraph in app.screen.query(".paragraph"):
            found, n = low_contrast(paragraph, background)
            bad += found
            checked += n
        assert bad == []
        assert checked > 40  # entities and matches were there to measure
