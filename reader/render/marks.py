"""Rich Text for one side of a comparison, shared by the CLI and the app:
sentences with their entities, numbers, word changes and unique passages
marked. Plain strings in, Text out: nothing from an article is read as
markup. Imports rich, never textual."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from reader.core.text.clean import strip_controls

# The colour of each entity type, in the app and the CLI.
ENTITY_STYLES = {
    "PERSON": "bold cyan",
    "ORG": "bold magenta",
    "PLACE": "bold green",
    "NORP": "bold yellow",
    "DATE": "blue",
    "MONEY": "bold red",
    "PERCENT": "red",
    "QUANTITY": "underline red",
    "CARDINAL": "red",
}
# Styles that stay visible without colour (NO_COLOR): each has an attribute.
ONLY_HERE = "italic"
VARIANT = "bold reverse"
NUMBER_DIFFERS = "bold underline"
NUMBER_ONLY = "underline"
CHANGED_WORDS = "underline"
CURRENT = "bold reverse blink"
ENTITY_ONLY_HERE = "underline"

KIND_MARK = {
    "same": ("=", "same"),
    "near": ("≈", "near-copy"),
    "paraphrase": ("~", "paraphrase"),
    "moved": ("↕", "moved"),
    "only_a": ("+", "only here"),
    "only_b": ("+", "only here"),
}


KIND_SYMBOL = {kind: symbol for kind, (symbol, _) in KIND_MARK.items()}


@dataclass
class SideMarks:
    """Everything to mark in one report's text, as character spans."""

    entity: list[tuple[int, int, str]]  # (start, end, type)
    entity_only: list[tuple[int, int]]
    variants: list[tuple[int, int]]
    numbers_differ: list[tuple[int, int]]
    numbers_only: list[tuple[int, int]]
    changed: list[tuple[int, int]]
    unique: list[tuple[int, int]]


def side_marks(comparison, side: str) -> SideMarks:
    c = comparison
    mine = (lambda e: e.mentions_a) if side == "a" else (lambda e: e.mentions_b)
    entity = [(s, e, ref.type) for ref in c.shared + (c.only_a if side == "a" else c.only_b) for _, s, e in mine(ref)]
    entity_only = [(s, e) for ref in (c.only_a if side == "a" else c.only_b) for _, s, e in mine(ref)]
    variants = []
    for v in c.variants:
        ref = v.a if side == "a" else v.b
        variants += [(s, e) for _, s, e in mine(ref)]
    numbers_differ, numbers_only = [], []
    for m in c.numbers:
        q = m.a if side == "a" else m.b
        if q is None or m.kind == "same":
            continue
        (numbers_differ if m.kind == "different" else numbers_only).append((q.start, q.end))
    changed = []
    for p in c.alignment:
        for op in p.diff:
            span = op.a if side == "a" else op.b
            if span:
                changed.append(tuple(span))
    own = "only_a" if side == "a" else "only_b"
    sentences = c.sentences_a if side == "a" else c.sentences_b
    unique = []
    for p in c.alignment:
        if p.kind == own:
            for i in p.a if side == "a" else p.b:
                unique.append((sentences[i].start, sentences[i].end))
    return SideMarks(entity, entity_only, variants, numbers_differ, numbers_only, changed, unique)


def render_span(text: str, start: int, end: int, marks: SideMarks, current: tuple[int, int] | None,
                show_entities: bool = True) -> Text:
    """The text between start and end with the marks that fall inside it."""
    piece = text[start:end]
    clean = strip_controls(piece)
    out = Text(clean)
    if len(clean) != len(piece):  # offsets would not hold; show it plain
        return out

    def mark(spans, style):
        for s, e, *_ in spans:
            if e > start and s < end:
                out.stylize(style, max(s, start) - start, min(e, end) - start)

    mark(marks.unique, ONLY_HERE)
    mark(marks.changed, CHANGED_WORDS)
    if show_entities:
        for s, e, type_ in marks.entity:
            if e > start and s < end:
                out.stylize(ENTITY_STYLES.get(type_, ""), max(s, start) - start, min(e, end) - start)
        mark(marks.entity_only, ENTITY_ONLY_HERE)
    mark(marks.numbers_only, NUMBER_ONLY)
    mark(marks.numbers_differ, NUMBER_DIFFERS)
    mark(marks.variants, VARIANT)
    if current is not None:
        mark([current], CURRENT)
    return out


def gutter(kind: str) -> Text:
    symbol, _ = KIND_MARK.get(kind, (" ", ""))
    return Text(symbol, style="bold" if kind.startswith("only") or kind == "moved" else "dim")


def sentences_text(comparison, side: str, indices, marks: SideMarks, current: tuple[int, int] | None = None,
                   show_entities: bool = True) -> Text:
    """The sentences of one side (by index) as one marked Text."""
    c = comparison
    sentences = c.sentences_a if side == "a" else c.sentences_b
    text = (c.a if side == "a" else c.b).text
    out = Text()
    for n, i in enumerate(indices):
        if n:
            out.append(" ")
        out.append_text(render_span(text, sentences[i].start, sentences[i].end, marks, current, show_entities))
    return out
