"""Pick a source to filter the library by."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from reader.core.text.clean import clean_inline

ALL = "\x00all"


class SourcePicker(ModalScreen):
    """Dismissed with the chosen source, None for all sources, or False when
    cancelled."""

    HELP_TITLE = "Choosing a source (f in the library)"
    HELP_ORDER = 90
    BINDINGS = [
        Binding("escape,q", "cancel", "Cancel", id="sources.cancel"),  # q: back one level, as everywhere
        Binding("j", "down", "Down", show=False, id="sources.down"),
        Binding("k", "up", "Up", show=False, id="sources.up"),
        Binding("g", "first", "First", show=False, id="sources.first"),
        Binding("G", "last", "Last", show=False, id="sources.last"),
    ]

    def __init__(self, sources: list[tuple[str, int]], current: str | None) -> None:
        super().__init__()
        self.sources = sources
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Label(Text("Filter by source (enter to choose, esc to cancel)", style="bold"))
            options = [Option(Text(f"All sources ({sum(n for _, n in self.sources)})"), id=ALL)]
            for source, count in self.sources:
                options.append(Option(Text(f"{clean_inline(source) or '(unknown)'}  ({count})"), id=source))
            yield OptionList(*options, id="source-options")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        if self.current is not None:
            for i, (source, _) in enumerate(self.sources, start=1):
                if source == self.current:
                    options.highlighted = i

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(None if event.option.id == ALL else event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_first(self) -> None:
        self.query_one(OptionList).action_first()

    def action_last(self) -> None:
        self.query_one(OptionList).action_last()
