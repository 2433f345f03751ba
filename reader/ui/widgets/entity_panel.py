"""The entities of the article being read, by type, with how often each is
mentioned; choosing one searches it across all sources."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.core.text.clean import clean_inline
from reader.render.console import ENTITY_STYLES

ATTRIBUTES = ("bold", "italic", "underline", "reverse")


def entity_style(type_: str, no_color: bool = False) -> str:
    """The style an entity of type_ is marked with. Under NO_COLOR, Textual
    shows a colour as its grey (magenta: dark grey on black, near-invisible),
    so the mark keeps only its attributes, in the text's own colour, and one
    that was colour alone (a date is "blue") is underlined
    (reader.render.marks is to give every type an attribute of its own)."""
    style = ENTITY_STYLES.get(type_, "")
    if not no_color or not style:
        return style
    return " ".join(word for word in style.split() if word in ATTRIBUTES) or "underline"


TYPE_NAMES = {
    "PERSON": "People", "ORG": "Organisations", "PLACE": "Places", "NORP": "Nationalities and groups",
    "DATE": "Dates and times", "MONEY": "Money", "PERCENT": "Percentages", "QUANTITY": "Quantities",
    "CARDINAL": "Numbers",
}


class EntityPanel(OptionList):
    HELP_TITLE = "The entity list (E in an article)"
    HELP_ORDER = 35
    BINDINGS = [
        Binding("escape", "close", "Close", show=False, id="entities.close"),  # the list, not the article
        Binding("j", "cursor_down", "Down", show=False, id="entities.down"),
        Binding("k", "cursor_up", "Up", show=False, id="entities.up"),
        Binding("g", "first", "First", show=False, id="entities.first"),
        Binding("G", "last", "Last", show=False, id="entities.last"),
    ]

    class Chosen(Message):
        def __init__(self, name: str, type_: str) -> None:
            super().__init__()
            self.name = name
            self.type = type_

    def show_entities(self, entities, variants=()) -> None:
        """variants: names spelled two ways in this article
        (reader.core.entities.variants_within), listed first."""
        self.clear_options()
        options: list = []
        self._entities = {}
        if variants:
            options.append(Option(Text(f"Spelled two ways here ({len(variants)})", style="bold underline"), disabled=True))
            for v in variants:
                options.append(Option(Text.assemble("  ", (clean_inline(v.a), "bold italic"), " / ",
                                                    (clean_inline(v.b), "bold italic")), disabled=True))
        for type_, title in TYPE_NAMES.items():
            of_type = [e for e in entities if e.type == type_]
            if not of_type:
                continue
            options.append(Option(Text(f"{title} ({len(of_type)})", style="bold underline"), disabled=True))
            for e in of_type:
                label = Text("  ")
                label.append(clean_inline(e.canonical), style=entity_style(type_, self.app.no_color))
                label.append(f"  {e.count}", style="dim")
                others = [a for a in e.aliases if a != e.canonical]
                if others:
                    label.append("  (" + ", ".join(clean_inline(a) for a in others[:3]) + ")", style="dim italic")
                key = f"e{len(self._entities)}"
                self._entities[key] = e
                options.append(Option(label, id=key))
        if not options:
            options.append(Option(Text("no entities found", style="dim"), disabled=True))
        self.add_options(options)
        if self.highlighted is None:  # enter on the list as it opens searched nothing, and said nothing
            self.action_first()

    def action_close(self) -> None:
        self.display = False
        self.screen.query_one("#article").focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        entity = self._entities.get(event.option.id or "")
        if entity is not None:
            self.post_message(self.Chosen(entity.canonical, entity.type))
