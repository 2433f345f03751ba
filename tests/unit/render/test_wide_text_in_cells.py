"""A comparison's cells keep all of a line of Japanese or Chinese: Rich cuts a "word" longer
than a table cell with an ellipsis, and a run of CJK has no spaces, so the CLI's compare view
(and the app's, the same Text in a grid) showed its first few characters and dropped the rest."""

from __future__ import annotations

import pytest
from rich.console import Console

from reader.core.compare.comparison import compare
from reader.core.entities import extract
from reader.render import console
from tests.factories import make_article

JAPANESE = "東京都は二十日、新型コロナウイルスの感染者が新たに確認されたと発表した。"
MIXED = f"The minister said {JAPANESE} He left at noon."
OTHER = "The minister said nothing about the figures on Tuesday. He left at noon."


def shown(renderable, width: int) -> str:
    out = Console(width=width, record=True, color_system=None, file=open("/dev/null", "w"))  # noqa: SIM115
    out.print(renderable)
    return out.export_text()


@pytest.mark.parametrize("width", [41, 60, 80, 101])
@pytest.mark.parametrize("text", [JAPANESE, MIXED])
def test_every_character_of_a_wide_line_is_shown_in_the_comparison(text, width):
    a, b = make_article("a", text, source="Wire"), make_article("b", OTHER, source="Daily")
    c = compare(a, b, entities_of=lambda art: extract(art.text, "rules"))
    page = shown(console.comparison(c), width)
    assert "…" not in page
    # B is in English: the Japanese on the page, line by line, is A's, and all of it in order
    wide = "".join(ch for ch in page if ch in set(JAPANESE))
    assert wide == JAPANESE, page
