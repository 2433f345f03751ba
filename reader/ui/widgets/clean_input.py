"""A text box whose value never holds a control character.

What is pasted comes from outside (a web page, a terminal's output): it may
carry ESC, OSC 52, C1 controls or bidi overrides, and Textual draws an
Input's value as it is, so they would reach the terminal raw. Typed keys
cannot insert them; a paste, or a value set from stored text, can.
"""

from __future__ import annotations

from textual.widgets import Input

from reader.core.text.clean import strip_controls


class CleanInput(Input):
    def validate_value(self, value: str) -> str:
        # a one-line box: a line break (a pasted \r too) is a space, as Textual's paste cuts at the first one
        return strip_controls(value).replace("\n", " ").replace("\t", " ")
