"""A one-line prompt at the bottom of the screen, as newsboat asks for a
feed's address or a file name: enter answers, escape cancels."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from reader.ui.widgets.clean_input import CleanInput


class Prompt(ModalScreen[str | None]):
    """Dismissed with the answer, stripped (None when cancelled or empty)."""

    HELP_TITLE = "A prompt (adding a feed, saving a search, a source)"
    HELP_ORDER = 95
    DEFAULT_CSS = """
    Prompt { align: left bottom; background: $background 0%; }
    Prompt > #prompt-box { dock: bottom; height: auto; width: 100%; background: $boost; }
    Prompt #prompt-question { height: 1; padding: 0 1; text-style: bold; }
    Prompt #prompt-input { height: 3; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(self, question: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            # plain text: a title or a query in the question is data, never markup
            yield Static(Text(self.question) + Text("   enter: ok · esc: cancel", style="dim"), id="prompt-question")
            yield CleanInput(value=self.value, placeholder=self.placeholder, id="prompt-input")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
