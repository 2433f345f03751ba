from __future__ import annotations

import time

import pytest

from reader.ui.app import NewsApp
from tests.conftest import copied_library


@pytest.fixture
def lib(seeded_dir, tmp_path, request):
    """A private copy of the seeded index: UI tests change read state."""
    library = copied_library(seeded_dir, tmp_path / "index", request)  # on a server with NEWSREADER_TEST_STORE=postgresql
    # Other tests may have computed entities in the shared index; start every
    # UI test from the same state (none computed) so screens are deterministic.
    library.entities.forget([r["id"] for r in library.listing()])
    yield library
    library.close()


@pytest.fixture
def make_app(lib):
    def factory(**kwargs):
        return NewsApp(lib, **kwargs)

    return factory


def plain(widget) -> str:
    """What a Static shows, as plain text."""
    content = widget.content
    return content.plain if hasattr(content, "plain") else str(content)


def styled_substrings(widget, style_word: str = "reverse") -> list[str]:
    """The pieces of a Static's Text that carry a style containing style_word."""
    text = widget.content
    out = []
    for span in text.spans:
        if style_word in str(span.style):
            out.append(text.plain[span.start : span.end])
    return out


async def wait_for(pilot, predicate, timeout: float = 15.0, what="") -> None:
    """Let the app run until predicate() holds, instead of sleeping for a
    guessed time. An exception from predicate counts as "not yet" (the screen
    it looks at may not be pushed yet); after timeout seconds the test fails
    saying what it waited for (what: a string, or a function that says it then)."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while True:
        try:
            if predicate():
                return
            last = None
        except Exception as exc:  # the widget or screen is not there yet
            last = exc
        if time.monotonic() > deadline:
            said = what() if callable(what) else what
            raise AssertionError(f"timed out after {timeout}s waiting for {said or predicate}") from last
        await pilot.pause(0.02)


def idle(app) -> bool:
    """No worker of the app is running."""
    return all(w.is_finished for w in app.workers)


def started(app) -> bool:
    """The engine is open and the entity count is in the title: the app's
    start-up work is done. UI tests start with no entities computed, but a
    store copied from a shared fixture may hold them all already: then the
    title shows no count, and the start is done once the title is set."""
    if "entities" in app.sub_title:
        return True
    if " articles · " not in app.sub_title:
        return False
    done, total = app.lib.entities.coverage()
    return done >= total


async def answered(pilot, query: str, error: bool = False) -> None:
    """Wait until the library screen shows the answer to query: its results
    (or with error=True, the error in the status line)."""
    screen = pilot.app.library_screen

    def shown() -> bool:
        status = screen.query_one("#status")
        if error:
            return status.has_class("error") and screen.query_one("#search").value.strip() == query.strip()
        return screen.query_text == query.strip() and screen.query_one("#lists").current == "results"

    await wait_for(pilot, shown, what=lambda: f"the {'error' if error else 'results'} for {query!r}"
                   f" (the status line says {plain(screen.query_one('#status'))!r})")


async def search(pilot, text: str, error: bool = False) -> None:
    """Type a query in the search box (/ first) and wait for its answer."""
    await pilot.press("slash", *text)
    await answered(pilot, text, error)
