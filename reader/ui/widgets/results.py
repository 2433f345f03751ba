"""Search results: title, source and date, and a snippet with the matched
words highlighted. Built from Text, never from markup strings."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...core.models import Hit
from ...core.text import clean_inline
from ...render import MATCH_STYLE, highlighted, short_date


def hit_prompt(hit: Hit) -> Text:
    title = highlighted(hit.title, hit.title_matches, "underline")
    title.stylize("bold")
    meta = Text()
    meta.append(clean_inline(hit.source) or "(unknown source)", style="italic")
    meta.append(f"  {short_date(hit.published)}  {hit.id[:8]}", style="dim")
    snippet = highlighted(hit.snippet.text, hit.snippet.matches, MATCH_STYLE)
    return Text("\n").join([title, meta, snippet])


class ResultList(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="results.down"),
        Binding("k", "cursor_up", "Up", show=False, id="results.up"),
        Binding("g", "first", "First", show=False, id="results.first"),
        Binding("G", "last", "Last", show=False, id="results.last"),
        Binding("ctrl+d", "page_down", "Page down", show=False, id="results.page_down"),
        Binding("ctrl+u", "page_up", "Page up", show=False, id="results.page_up"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.hits: list[Hit] = []

    def show_hits(self, hits: list[Hit]) -> None:
        self.hits = list(hits)
        self.clear_options()
        options: list = []
        for n, hit in enumerate(self.hits):
            if n:
                options.append(None)  # a separator line between results
            options.append(Option(hit_prompt(hit), id=hit.id))
        self.add_options(options)
        if self.hits:
            self.highlighted = 0

    @property
    def current(self) -> Hit | None:
        if self.highlighted is None or not (0 <= self.highlighted < len(self.hits)):
            return None
        return self.hits[self.highlighted]
