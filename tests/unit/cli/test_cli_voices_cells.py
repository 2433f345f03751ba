"""The voices table is laid out in terminal cells: a CJK character takes
two, so wrapping or cutting by characters made such lines up to twice as
wide as asked."""

from __future__ import annotations

import textwrap

from rich.cells import cell_len

from reader.cli.voices import _cut, wrap_cells

CJK = "外交部发言人表示坚决反对有关制裁措施并将采取必要反制"


def test_cjk_lines_are_wrapped_within_the_width_in_cells():
    text = f"  A/B  quote: {CJK * 3} and the rest in English words"
    lines = wrap_cells(text, 40, " " * 6)
    assert all(cell_len(line) <= 40 for line in lines)
    assert "".join(line.strip() for line in lines).replace(" ", "") == text.replace(" ", "")
    assert max(cell_len(line) for line in textwrap.wrap(text, 40, subsequent_indent=" " * 6)) > 40  # what it was


def test_ascii_is_wrapped_as_textwrap_wraps_it():
    text = "  A/B  quote: the US prosecutors said the scheme was designed to evade the sanctions imposed in 2021"
    assert wrap_cells(text, 30, " " * 6) == textwrap.wrap(text, 30, subsequent_indent=" " * 6)


def test_a_cut_label_fits_its_cells():
    cut = _cut(CJK, 23)
    assert cut.endswith("…") and cell_len(cut) <= 23 and cell_len(cut) >= 22
    assert _cut("Oliver Dowden", 23) == "Oliver Dowden"
