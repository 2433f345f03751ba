"""SVG snapshots of the main views at a fixed size, on the seeds.

Regenerate after an intended change with `pytest tests/ui/test_snapshots.py --snapshot-update`.
Textual is pinned to a minor range in pyproject.toml because snapshots drift between releases.
"""

from __future__ import annotations

import pytest

from reader.ui.app import NewsApp
from reader.ui.screens.article import ArticleScreen
from reader.ui.screens.compare import CompareScreen
from reader.ui.screens.events import EventsScreen
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.matrix import MatrixScreen
from reader.ui.screens.terms import TermsScreen

from .conftest import idle, search, started, wait_for

SIZE = (110, 32)


@pytest.fixture
def app(lib):
    app = NewsApp(lib, seed_if_empty=False)
    app.entity_extractor = "rules"  # the same in every environment, spaCy or not
    return app


def _settled(app) -> bool:
    """Nothing left to change the screen: start-up done (engine open, the
    entity count in the title), no worker running, and the preview, where
    there is one, showing the article under the cursor."""
    screen = app.screen
    previews = screen.query("#preview") if isinstance(screen, LibraryScreen) else []
    return started(app) and idle(app) and all(p.settled for p in previews)


async def _ready(pilot, also=lambda: True):
    """Wait for the app to settle (and for also()), so that every snapshot
    shows the same screen whatever the machine's load."""
    await wait_for(pilot, lambda: _settled(pilot.app) and also(), what="a settled screen")


def test_library_view(snap_compare, app):
    assert snap_compare(app, terminal_size=SIZE, run_before=_ready)


def test_search_results(snap_compare, app):
    async def search_apt31(pilot):
        await search(pilot, "APT31")
        await pilot.press("escape")
        await _ready(pilot, lambda: pilot.app.focused.id == "results")

    assert snap_compare(app, terminal_size=SIZE, run_before=search_apt31)


def test_article_with_matches(snap_compare, app):
    async def open_article(pilot):
        await search(pilot, '"Electoral Commission"')
        await pilot.press("enter")
        await wait_for(pilot, lambda: pilot.app.focused.id == "results", what="focus on the results")
        await pilot.press("enter", "n")
        await _ready(pilot, lambda: isinstance(pilot.app.screen, ArticleScreen) and pilot.app.screen.extractor_name)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_article)


def test_terms_across_sources(snap_compare, app):
    async def terms(pilot):
        await search(pilot, "Loughton~")
        await pilot.press("escape", "t")
        await _ready(pilot, lambda: isinstance(pilot.app.screen, TermsScreen) and pilot.app.screen.report is not None)

    assert snap_compare(app, terminal_size=SIZE, run_before=terms)


def test_small_terminal(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), run_before=_ready)


def test_compare_screen(snap_compare, app, lib):
    ids = {r["source"]: r["id"] for r in lib.listing()}

    async def compare(pilot):
        await _ready(pilot)
        pilot.app.open_compare(ids["BBC News"], ids["Unknown outlet D"])
        await _ready(pilot, lambda: isinstance(pilot.app.screen, CompareScreen) and pilot.app.screen.on_screen
                     and pilot.app.screen._mounted == len(pilot.app.screen.rows))
        await pilot.press("right_square_bracket")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(140, 40), run_before=compare)


def test_matrix(snap_compare, app):
    async def matrix(pilot):
        await pilot.press("v")
        await _ready(pilot, lambda: isinstance(pilot.app.screen, EventsScreen) and pilot.app.screen.events)
        await pilot.press("m")
        await _ready(pilot, lambda: isinstance(pilot.app.screen, MatrixScreen) and pilot.app.screen.matrix is not None)

    assert snap_compare(app, terminal_size=(140, 40), run_before=matrix)
