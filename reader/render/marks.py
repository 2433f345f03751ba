"""Rich Text for one side of a comparison, shared by the CLI and the app:
sentences with what the comparison lists marked (facts given differently,
names spelled differently, numbers, passages only one side has, moved
passages), the word-by-word changes of near-identical sentences on request,
and entity colours. Plain strings in, Text out: nothing from an article is
read as markup. Imports rich, never textual.

One style means one thing, and each keeps an attribute (bold, italic,
underline, reverse) so that it stays visible without colour (NO_COLOR)."""

from __future__ import annotations

from dataclasses import dataclass, field

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
# In a comparison the attributes belong to the marks below: entities there
# are colour alone, so that an entity never reads as a difference.
ENTITY_COLOURS = {k: " ".join(w for w in v.split() if w not in ("bold", "underline")) for k, v in ENTITY_STYLES.items()}

FACT = "bold underline yellow"  # words that give a fact differently (role, quote, claim…)
VARIANT = "bold italic magenta"  # a name spelled differently
NUMBER = "bold cyan"  # a number that differs, or only this side gives
ONLY_HERE = "italic"  # a sentence only this side has (its gutter shows +)
MOVED = "blue_violet"  # a passage given in another place (its gutter shows ↕, the attribute)
WORDS = "underline"  # a changed word of a near-identical sentence (the word diff, on request)
CURRENT = "reverse"  # the entry ] and [ landed on

# A pair's word changes are shown only where they leave most of it alone:
# in a paraphrase nearly every word is another, and underlining them all
# hides the few that matter (delta shows in-line changes on the same rule).
NEAR_IDENTICAL = 0.4  # at most this share of either sentence's characters changed

KIND_MARK = {
    "same": ("=", "same"),
    "near": ("≈", "near-copy"),
    "paraphrase": ("~", "reworded"),
    "moved": ("↕", "moved"),
    "only_a": ("+", "only here"),
    "only_b": ("+", "only here"),
}

KIND_SYMBOL = {kind: symbol for kind, (symbol, _) in KIND_MARK.items()}

Span = tuple[int, int]


@dataclass
class SideMarks:
    """Everything to mark in one report's text, as character spans."""

    entity: list[tuple[int, int, str]]  # (start, end, type)
    variants: list[Span]  # every mention of a name the other spells differently
    numbers_differ: list[Span]
    numbers_only: list[Span]  # listed ones: not those inside a sentence only this side has
    unique: list[Span]
    facts: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, kind)
    moved: list[Span] = field(default_factory=list)
    words: list[Span] = field(default_factory=list)  # the word changes of near-identical pairs
    word_pairs: int = 0  # how many pairs those are


def _inside(spans: list[Span], at: int) -> bool:
    return any(s <= at < e for s, e in spans)


def _near_identical(c, p) -> bool:
    for side in ("a", "b"):
        text, sentences = c.article(side).text, c.sentences(side)
        total = sum(len(sentences[i].text.replace(" ", "")) for i in p.indices(side))
        changed = sum(len(text[sp[0]:sp[1]].replace(" ", "")) for op in p.diff if (sp := op.span(side)))
        if not total or changed / total > NEAR_IDENTICAL:
            return False
    return True


def side_marks(comparison, side: str) -> SideMarks:
    c = comparison
    mine = (lambda e: e.mentions_a) if side == "a" else (lambda e: e.mentions_b)
    entity = [(s, e, ref.type) for ref in c.shared + (c.only_a if side == "a" else c.only_b) for _, s, e in mine(ref)]
    variants = []
    for v in c.variants:
        ref = v.a if side == "a" else v.b
        variants += [(s, e) for _, s, e in mine(ref)]
    own = "only_a" if side == "a" else "only_b"
    sentences = c.sentences_a if side == "a" else c.sentences_b
    unique = []
    for p in c.alignment:
        if p.kind == own:
            for i in p.a if side == "a" else p.b:
                unique.append((sentences[i].start, sentences[i].end))
    numbers_differ, numbers_only = [], []
    for m in c.numbers:
        q = m.a if side == "a" else m.b
        if q is None or m.kind == "same":
            continue
        if m.kind == "different":
            numbers_differ.append((q.start, q.end))
        elif not _inside(unique, q.start):  # that sentence's, as the list has it
            numbers_only.append((q.start, q.end))
    words, word_pairs = [], 0
    for p in c.alignment:
        spans = [tuple(span) for op in p.diff if (span := op.a if side == "a" else op.b)]
        if p.diff and _near_identical(c, p):
            words += spans
            word_pairs += 1
    facts = [(*f.span(side), f.kind) for f in c.facts]
    moved = [tuple(m.span(side)) for m in c.moves]
    return SideMarks(entity, variants, numbers_differ, numbers_only, unique, facts, moved, words, word_pairs)


def _fact_style(kind: str) -> str:
    """A fact's words in the style of what it is: a number or a name keeps theirs."""
    return NUMBER if kind == "number" else VARIANT if kind == "variant" else FACT


def render_span(text: str, start: int, end: int, marks: SideMarks, current: list[Span] | Span | None,
                show_entities: bool = True, words: bool = False) -> Text:
    """The text between start and end with the marks that fall inside it
    (current: the spans of the entry stepped to; words: the word diff too)."""
    piece = text[start:end]
    clean = strip_controls(piece)
    out = Text(clean)
    if len(clean) != len(piece):  # offsets would not hold; show it plain
        return out

    def mark(spans, style):
        for s, e, *_ in spans:
            if e > start and s < end:
                out.stylize(style, max(s, start) - start, min(e, end) - start)

    if show_entities:
        for s, e, type_ in marks.entity:
            if e > start and s < end:
                out.stylize(ENTITY_COLOURS.get(type_, ""), max(s, start) - start, min(e, end) - start)
    mark(marks.unique, ONLY_HERE)
    mark(marks.moved, MOVED)
    if words:
        mark(marks.words, WORDS)
    for s, e, kind in marks.facts:
        if e > start and s < end:
            out.stylize(_fact_style(kind), max(s, start) - start, min(e, end) - start)
    mark(marks.numbers_only, NUMBER)
    mark(marks.numbers_differ, NUMBER)
    mark(marks.variants, VARIANT)
    if current:
        mark([current] if isinstance(current[0], int) else current, CURRENT)
    return out


def gutter(kind: str, current: bool = False) -> Text:
    symbol, _ = KIND_MARK.get(kind, (" ", ""))
    style = "bold" if kind.startswith("only") or kind == "moved" else "dim"
    return Text(symbol, style=CURRENT + " bold" if current else style)


def sentences_text(comparison, side: str, indices, marks: SideMarks, current: list[Span] | Span | None = None,
                   show_entities: bool = True, words: bool = False) -> Text:
    """The sentences of one side (by index) as one marked Text."""
    c = comparison
    sentences = c.sentences_a if side == "a" else c.sentences_b
    text = (c.a if side == "a" else c.b).text
    # Folded, not cut: in a table cell (the comparison's two columns, in the CLI and the app)
    # Rich's default cuts a "word" longer than the cell with an ellipsis, and a run of Japanese
    # or Chinese is one word to it (no spaces): all of it past the cell's width was dropped.
    out = Text(overflow="fold")
    for n, i in enumerate(indices):
        if n:
            out.append(" ")
        out.append_text(render_span(text, sentences[i].start, sentences[i].end, marks, current, show_entities, words))
    return out


LEGEND = (("fact", FACT), ("name variant", VARIANT), ("number", NUMBER), ("+ only here", ONLY_HERE),
          ("↕ moved", MOVED + " bold"))


ENTITY_LEGEND = (("person", "PERSON"), ("org", "ORG"), ("place", "PLACE"), ("group", "NORP"),
                 ("date", "DATE"), ("money", "MONEY"), ("number", "CARDINAL"))


def legend(entities: bool = False) -> Text:
    """One line naming each mark in its own style; with entities coloured,
    a second naming their colours (colour alone: the marks keep bold,
    italic and underline, so a person's cyan is no changed number's)."""
    out = Text()
    for n, (name, style) in enumerate(LEGEND):
        if n:
            out.append("  ")
        out.append(name, style=style)
    out.append("   = same  ≈ near  ~ reworded", style="dim")
    if entities:
        out.append("\nentities, colour only: ", style="dim")
        for n, (name, kind) in enumerate(ENTITY_LEGEND):
            out.append(("  " if n else "") + name, style=ENTITY_COLOURS[kind])
    return out
