"""The app's comparison keeps all of a line of Japanese in its cell (reader.render.marks folds
it): Rich cut the run, one "word" to it, with an ellipsis at the cell's edge."""

from __future__ import annotations

import json

import pytest
from textual.geometry import Region

from reader.core.library import Library
from reader.ui.app import NewsApp

from .conftest import wait_for
from .test_compare_screen import open_compare

JAPANESE = "東京都は二十日、新型コロナウイルスの感染者が新たに確認されたと発表した。"


@pytest.mark.parametrize("width", [81, 120])
async def test_a_japanese_sentence_is_shown_whole_in_the_comparison(tmp_path, width):
    docs = tmp_path / "docs"
    docs.mkdir()
    records = [
        {"id": "ja", "title": "Tokyo cases", "text": f"The minister said {JAPANESE} He left at noon.", "source": "Wire"},
        {"id": "en", "title": "Tokyo cases", "text": "The minister said nothing new on Tuesday. He left at noon.",
         "source": "Daily"},
    ]
    (docs / "r.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    with Library(tmp_path / "ix") as lib:
        lib.index_paths([docs])
        ids = {r["source"]: r["id"] for r in lib.listing()}
        app = NewsApp(lib, seed_if_empty=False)
        async with app.run_test(size=(width, 40)) as pilot:
            screen = await open_compare(app, pilot, ids["Wire"], ids["Daily"])
            row = next(r for r, (_, ia, _) in enumerate(screen.rows) if ia and JAPANESE[:5] in screen.comparison.sentences_a[ia[0]].text)
            widget = screen.query_one(f"#row{row}")
            await wait_for(pilot, lambda: widget.size.height > 0, what="the row laid out")
            lines = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
            page = "\n".join("".join(seg.text for seg in strip) for strip in lines)
            assert "…" not in page
            assert "".join(ch for ch in page if ch in set(JAPANESE)) == JAPANESE, page
