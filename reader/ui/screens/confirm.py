"""A one-line question at the bottom of the screen, answered with one key:
y does it, any other key does not (as newsboat asks before a bulk change)."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static


class Confirm(ModalScreen[bool]):
    """Dismissed with True for y (or Y), False for any other key."""

    DEFAULT_CSS = """
    Confirm { align: left bottom; background: $background 0%; }
    Confirm > #confirm-question { dock: bottom; height: 1; width: 100%; padding: 0 1;
                                  background: $warning 40%; color: $foreground; text-style: bold; }
    """

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        line = Text(self.question, style="bold")  # plain text: a title in it is data, never markup
        line.append("   y yes · any other key no", style="not bold")
        yield Static(line, id="confirm-question")

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        self.dismiss(event.key in ("y", "Y"))
