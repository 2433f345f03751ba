"""The ANSI colours the app draws with in a light theme (textual-light and
the like). Textual turns a named colour ("bold yellow", an entity's mark)
into one of its light palette, whose yellow, green and cyan read at 2.1 to
3.3:1 on textual-light's background: a NORP mark was near-invisible. These
are the same hues darkened to at least 4.2:1 there (WCAG's 4.5:1 is for
small plain text; the marks are bold); the other colours are kept.
tests/ui/test_daily_use_light.py measures every mark of the article view."""

from __future__ import annotations

from rich.terminal_theme import TerminalTheme

LIGHT_ANSI = TerminalTheme(
    (247, 247, 247),
    (0, 0, 0),
    [
        (0, 0, 0),
        (170, 55, 49),
        (50, 115, 25),  # green, was (68, 140, 39)
        (140, 95, 0),  # yellow, was (203, 144, 0)
        (50, 92, 192),
        (122, 62, 157),
        (0, 110, 150),  # cyan, was (0, 131, 178)
        (247, 247, 247),
        (119, 119, 119),
    ],
    [
        (240, 80, 80),
        (50, 115, 25),
        (140, 95, 0),
        (0, 122, 204),
        (230, 76, 230),
        (0, 110, 150),
        (247, 247, 247),
    ],
)
