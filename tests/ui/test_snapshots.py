"""SVG snapshots of the main views at a fixed size, on the seeds.

Regenerate after an intended change with `pytest tests/ui/test_snapshots.py --snapshot-update`.
Textual is pinned to a minor range in pyproject.toml because snapshots drift between releases.
"""

from __future__ import annotations

import pytest

from reader.ui.app import NewsApp
from tests.conftest import wait_workers

SIZE = (110, 32)


@pytest.fixture
def app(lib):
    app = NewsApp(lib, seed_if_empty=False)
    app.entity_extractor = "rules"  # the same in every environment, spaCy or not
    return app


async def _settle(pilot):
    await pilot.pause(0.4)
    await wait_workers(pilot.app)
    await _ready(pilot)


async def _ready(pilot):
    """The app opens its search engine after the first paint, then fills in
    the title and the preview: wait for all of it, so that every snapshot
    shows the same screen whatever the machine's load."""
    await wait_workers(pilot.app)
    await pilot.pause(0.3)


def test_library_view(snap_compare, app):
    assert snap_compare(app, terminal_size=SIZE, run_before=_ready)


def test_search_results(snap_compare, app):
    async def search(pilot):
        await pilot.press("slash", *"APT31")
        await _settle(pilot)
        await pilot.press("escape")

    assert snap_compare(app, terminal_size=SIZE, run_before=search)


def test_article_with_matches(snap_compare, app):
    async def open_article(pilot):
        await pilot.press("slash", *'"Electoral Commission"', "enter")
        await _settle(pilot)
        await pilot.press("enter", "n")
        await pilot.pause()
        await wait_workers(pilot.app)
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=open_article)


def test_terms_across_sources(snap_compare, app):
    async def terms(pilot):
        await pilot.press("slash", *"Loughton~", "escape", "t")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=terms)


def test_small_terminal(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), run_before=_ready)


def test_compare_screen(snap_compare, app, lib):
    ids = {r["source"]: r["id"] for r in lib.listing()}

    async def compare(pilot):
        pilot.app.open_compare(ids["BBC News"], ids["Unknown outlet D"])
        await _settle(pilot)
        await pilot.press("right_square_bracket")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(140, 40), run_before=compare)


def test_matrix(snap_compare, app):
    async def matrix(pilot):
        await pilot.press("v")
        await _settle(pilot)
        await pilot.press("m")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=(140, 40), run_before=matrix)
