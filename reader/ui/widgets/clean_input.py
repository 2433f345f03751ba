"""A text box that cleans what is pasted into it, or given to it at start.

What is pasted comes from outside (a web page, a terminal's output): it may
carry ESC, OSC 52, C1 controls or bidi overrides, and Textual draws an
Input's value as it is, so they would reach the terminal raw. Typed keys
cannot insert them; a paste, or a starting value from stored text, can.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from reader.core.text.clean import strip_controls


def clean_line(text: str) -> str:
    """Text for a one-line box: no controls, a line break (a pasted \\r too) a space."""
    return strip_controls(text).replace("\n", " ").replace("\t", " ")


class CleanInput(Input):
    def __init__(self, value: str | None = None, *args, **kwargs) -> None:
        super().__init__(clean_line(value) if value else value, *args, **kwargs)

    def _on_paste(self, event: events.Paste) -> None:
        # Input's own handling (the first line of the paste, over the selection), cleaned;
        # prevent_default: Input's handler would insert the raw text too
        event.prevent_default()
        event.stop()
        lines = (event.text or "").splitlines()
        if not lines:
            return
        line = clean_line(lines[0])
        if self.selection.is_empty:
            self.insert_text_at_cursor(line)
        else:
            self.replace(line, *self.selection)
