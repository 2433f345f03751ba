"""Every key binding, with what it does and its id (for [keymap] in the
config file), built from the bindings each screen and widget declares.

A class shows its own BINDINGS in the help by naming its section:
HELP_TITLE, and HELP_ORDER for where the section goes. Classes with the
same title share a section (the two lists). Keys without an id (arrows,
page keys that stay when their letter is remapped) are left out: they go
with the letters that have one.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.keys import format_key
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.core import paths
from reader.ui.scrolling import ScrollActions, scroll_bindings

Section = tuple[str, list[Binding]]


def _documented(module) -> list[type]:
    return [obj for obj in vars(module).values()
            if isinstance(obj, type) and obj.__module__ == module.__name__ and "HELP_TITLE" in vars(obj)]


def help_sections(app: App) -> list[Section]:
    """The app's bindings and those of every screen and widget that names a
    help section, in HELP_ORDER."""
    classes = [next(cls for cls in type(app).__mro__ if "HELP_TITLE" in vars(cls))]
    for package in ("reader.ui.screens", "reader.ui.widgets"):
        # The app imports a screen when it is first shown (start-up time); the help needs them all.
        modules = pkgutil.iter_modules(importlib.import_module(package).__path__)
        for info in modules:
            classes += _documented(importlib.import_module(f"{package}.{info.name}"))
    classes.sort(key=lambda cls: (getattr(cls, "HELP_ORDER", 0), cls.__qualname__))
    sections: dict[str, list[Binding]] = {}
    for cls in classes:
        own = [b for b in vars(cls).get("BINDINGS", []) if isinstance(b, Binding) and b.id]
        sections.setdefault(cls.HELP_TITLE, []).extend(own)
    return [(title, bindings) for title, bindings in sections.items() if bindings]


def key_display(keys: str) -> str:
    """Keys as a reader types them: `?` and `/`, not question_mark and
    slash; several keys for one action joined with ' / '."""
    shown = []
    for key in (k.strip() for k in keys.split(",") if k.strip()):
        *mods, name = key.split("+") if len(key) > 1 else [key]
        shown.append("+".join([*mods, format_key(name)]))
    return " / ".join(shown)


def binding_table(title: str, bindings: list[Binding], keymap: dict[str, str]) -> Table:
    table = Table(title=Text(title, style="bold"), title_justify="left", expand=True, show_edge=False)
    table.add_column(Text("key"), no_wrap=True)
    table.add_column(Text("does"))
    table.add_column(Text("id (remap in [keymap])"), style="dim", no_wrap=True)  # Text: a str header is read as markup
    for b in bindings:
        keys = keymap.get(b.id or "", b.key)
        table.add_row(Text(key_display(keys)), Text(b.description or b.action), Text(b.id or ""))
    return table


class HelpScreen(ScrollActions, ModalScreen):
    HELP_TITLE: ClassVar[str] = "This help"
    HELP_ORDER: ClassVar[int] = 100
    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close help", id="help.close"),
        *scroll_bindings("help"),
    ]

    def __init__(self, sections: list[Section], keymap: dict[str, str]) -> None:
        """keymap: the user's, by current binding ids (reader.ui.keymap.current_ids)."""
        super().__init__()
        self.sections = sections
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text("Keys  (esc or ? to close)", style="bold"))
            yield Static(Text.assemble(("remap a key in the [keymap] table of ", "dim"), str(paths.config_file()),
                                       ("  (e.g. \"app.quit\" = \"ctrl+q\", the id in quotes)", "dim")), id="help-config")
            for title, bindings in self.sections:
                yield Static(binding_table(title, bindings, self.keymap))

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def _scroller(self) -> VerticalScroll:
        return self.query_one("#help", VerticalScroll)
