from __future__ import annotations

import shutil

import pytest

from reader.core.library import Library
from reader.ui.app import NewsApp


@pytest.fixture
def lib(seeded_dir, tmp_path):
    """A private copy of the seeded index: UI tests change read state."""
    path = tmp_path / "index"
    shutil.copytree(seeded_dir, path)
    library = Library(path)
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
