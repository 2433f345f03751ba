"""The ANSI colours the app draws with in a light theme (textual-light and
the like). Textual turns a named colour ("bold yellow", an entity's mark)
into one of its light palette, whose yellow, green and cyan read at 2.1 to
3.3:1 on textual-light's background: a NORP mark was near-invisible. These
are the same hues darkened to at least 4.2:1 there (WCAG's 4.5:1 is for
small plain text; the marks are bold); the other colours are kept.
tests/ui/test_daily_use_light.py measures every mark of the article view."""

from __future__ import annotations

import difflib

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


def apply_theme(app, name: str) -> None:
    """The config's theme, if Textual has it; else a warning naming the
    nearest (a misspelt theme left the default without a word)."""
    if name and name in app.available_themes:
        app.theme = name
    elif name:
        near = difflib.get_close_matches(name, list(app.available_themes), n=1)
        app.notify(f"theme {name!r} is not a theme" + (f" (did you mean {near[0]}?)" if near else "")
                   + "; the palette's Theme lists them (ctrl+p)", severity="warning", timeout=10, markup=False)
