"""Every key binding, with what it does and its id (for [keymap] in the
config file)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


def binding_table(title: str, bindings, keymap: dict[str, str]) -> Table:
    table = Table(title=Text(title, style="bold"), title_justify="left", expand=True, show_edge=False)
    table.add_column("key", no_wrap=True)
    table.add_column("does")
    table.add_column("id (remap in [keymap])", style="dim", no_wrap=True)
    for b in bindings:
        if not isinstance(b, Binding):
            continue
        keys = keymap.get(b.id or "", b.key)
        table.add_row(Text(keys.replace(",", " / ")), Text(b.description or b.action), Text(b.id or ""))
    return table


class HelpScreen(ModalScreen):
    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close help", id="help.close"),
        Binding("j,down", "scroll_down", "Down", show=False, id="help.down"),
        Binding("k,up", "scroll_up", "Up", show=False, id="help.up"),
    ]

    def __init__(self, sections: list[tuple[str, list]], keymap: dict[str, str]) -> None:
        super().__init__()
        self.sections = sections
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text("Keys  (esc or ? to close)", style="bold"))
            for title, bindings in self.sections:
                yield Static(binding_table(title, bindings, self.keymap))

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def action_scroll_down(self) -> None:
        self.query_one("#help", VerticalScroll).scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        self.query_one("#help", VerticalScroll).scroll_up(animate=False)
