"""Planting one edit of a kind into an article's text (bench/compare_quality.py).

A planter looks for every place in the text where an edit of its kind makes
sense, by word lists (bench/compare_words.py) and patterns, never by
particular sentences; `plant` picks one of them with the caller's seeded
random generator (first a variant of the kind, then a place) and returns the
copy's text with the edited spans on both sides. Everything else stays
verbatim. A word edit's spans take in one word either side of the change
(so each side has a non-empty span where the edit is, and an entry on the
words around an inserted "not" counts); only a sentence or paragraph added,
removed or moved leaves an empty span on the side that lacks it.

The finders: fact kinds in bench/compare_plant_facts.py; sentences added,
removed and moved, and the neutral edits, in bench/compare_plant_text.py.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from reader.core.text.sentences import Sentence, split_sentences


@dataclass(frozen=True)
class Edit:
    start: int  # span of the original text replaced by `new`
    end: int
    new: str


@dataclass(frozen=True)
class Plant:
    kind: str
    sub: str  # which variant of the kind ("insert not", "place", ...)
    text_b: str  # the copy's text; paragraphs split on blank lines
    spans_a: tuple[tuple[int, int], ...]  # where the edit is in the original
    spans_b: tuple[tuple[int, int], ...]  # and in the copy
    before: str
    after: str

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(self.text_b.split("\n\n"))


@dataclass
class Context:
    text: str
    rng: random.Random
    donors: list[str] = field(default_factory=list)  # sentences of other articles, for sentence_added
    vocabulary: frozenset[str] = frozenset()  # lower-case words of all the articles: "States", "Party" are no names
    _sentences: list[Sentence] | None = None

    @property
    def sentences(self) -> list[Sentence]:
        if self._sentences is None:
            self._sentences = split_sentences(self.text)
        return self._sentences


Candidate = tuple[str, list[Edit]]  # (variant of the kind, the edits)
Finder = Callable[[Context], list[Candidate]]  # every place for an edit of one kind


def registrar(table: dict[str, Finder]):
    """A decorator that files a finder under its kind in table. Without
    quoted, edits within quotation marks are left out (a word changed there
    is a `quote` edit, whatever else it is). With grow
    (word edits), the spans of the edit take in one word either side of what
    changed: an insertion "was" -> "was not" is at "I was guilty" in the
    original, where a report lacking the word would mark it."""
    def planter(kind: str, grow: bool = True, quoted: bool = True):
        def register(fn: Finder) -> Finder:
            fn.grow = grow  # type: ignore[attr-defined]
            fn.quoted = quoted  # type: ignore[attr-defined]
            table[kind] = fn
            return fn
        return register
    return planter


def apply(kind: str, sub: str, text: str, edits: list[Edit], raw: list[Edit] | None = None) -> Plant:
    """The copy with edits made; before/after show the first of raw (the
    edits as planted, before they were grown)."""
    edits = sorted(edits, key=lambda e: (e.start, e.end))
    for x, y in zip(edits, edits[1:]):
        if y.start < x.end:
            raise ValueError(f"overlapping edits: {x} {y}")
    out, pos, shift, spans_a, spans_b = [], 0, 0, [], []
    for e in edits:
        out += [text[pos:e.start], e.new]
        spans_a.append((e.start, e.end))
        spans_b.append((e.start + shift, e.start + shift + len(e.new)))
        shift += len(e.new) - (e.end - e.start)
        pos = e.end
    out.append(text[pos:])
    first = min(raw or edits, key=lambda e: e.start)
    return Plant(kind, sub, "".join(out), tuple(spans_a), tuple(spans_b),
                 _clip(text[first.start:first.end]), _clip(first.new))


def plant(kind: str, finder: Finder, ctx: Context) -> Plant | None:
    """One edit of this kind at a place (found by finder) chosen with
    ctx.rng, or None where the text offers no place for it."""
    by_sub: dict[str, list[list[Edit]]] = defaultdict(list)
    quotes = [] if getattr(finder, "quoted", True) else quoted_spans(ctx.text)
    for sub, edits in finder(ctx):
        if not any(inside(quotes, e.start, e.end) for e in edits):
            by_sub[sub].append(edits)
    if not by_sub:
        return None
    sub = ctx.rng.choice(sorted(by_sub))
    raw = ctx.rng.choice(by_sub[sub])
    edits = grown(ctx.text, raw) if getattr(finder, "grow", True) else raw
    return apply(kind, sub, ctx.text, edits, raw)


def _reach(text: str, s: int, e: int) -> tuple[int, int]:
    """The run of non-space characters s:e touches, and one word more on
    each side."""
    def back(i: int, space: bool) -> int:
        while i > 0 and text[i - 1].isspace() == space:
            i -= 1
        return i

    def ahead(i: int, space: bool) -> int:
        while i < len(text) and text[i].isspace() == space:
            i += 1
        return i
    return back(back(back(s, False), True), False), ahead(ahead(ahead(e, False), True), False)


def grown(text: str, raw: list[Edit]) -> list[Edit]:
    """Each edit widened to _reach; edits whose reach overlaps become one."""
    out: list[Edit] = []
    group: list[Edit] = []
    lo = hi = -1
    for x in sorted(raw, key=lambda e: (e.start, e.end)) + [None]:
        a, b = _reach(text, x.start, x.end) if x else (len(text) + 1, len(text) + 1)
        if group and a >= hi:
            parts, pos = [], lo
            for g in group:
                parts += [text[pos:g.start], g.new]
                pos = g.end
            out.append(Edit(lo, hi, "".join(parts) + text[pos:hi]))
            group = []
        if x is None:
            break
        if not group:
            lo = a
        group.append(x)
        hi = max(hi, b)
    return out


def _clip(s: str, n: int = 80) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


# --- helpers ----------------------------------------------------------------------
def table_regex(keys, exact: bool = False) -> re.Pattern:
    alts = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    return re.compile(rf"(?<![\w'’-])(?:{alts})(?![\w-])", 0 if exact else re.IGNORECASE)


def cased(src: str, repl: str) -> str | None:
    """repl written as src is (lower case or a capital first letter); None
    for other casings ("MINISTER", "miNister")."""
    if src == src.lower():
        return repl
    if src[0].isupper() and src[1:] == src[1:].lower():
        return repl[0].upper() + repl[1:]
    return None


def table_matches(text: str, table: dict[str, str], exact: bool = False):
    """(match, replacement) for each occurrence of a key of table."""
    for m in table_regex(table, exact).finditer(text):
        repl = table.get(m[0]) if exact else table.get(m[0].lower())
        if repl is None:
            continue
        repl = repl if exact else cased(m[0], repl)
        if repl is not None:
            yield m, repl


_ABBREV = {"mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt", "prof", "rev"}


def starts_sentence(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in " \t\"“‘'([":
        i -= 1
    if i < 0 or text[i] == "\n" or text[i] in "!?:":
        return True
    if text[i] == ".":
        m = re.search(r"(\w+)\.$", text[max(0, i - 10): i + 1])
        return not (m and m[1].lower() in _ABBREV)
    return False


def in_longer_name(text: str, s: int, e: int) -> bool:
    """The words either side are capitalised: "New York Times", "George
    Washington" (a capital at a sentence's start does not count)."""
    after = re.match(r" ([A-Z][a-z]+)", text[e:e + 30])
    if after:
        return True
    before = re.search(r"([A-Z][\w]+) $", text[max(0, s - 30):s])
    return bool(before) and not starts_sentence(text, s - len(before[0]))


def word_after(text: str, pos: int) -> re.Match | None:
    return re.compile(r"\s*\S+").match(text, pos)


def delete(text: str, s: int, e: int) -> Edit:
    """Delete text[s:e], the edit anchored to the word after it (so both
    sides have a span)."""
    m = word_after(text, e)
    return Edit(s, m.end(), text[e:m.end()]) if m else Edit(s, e, "")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks (the marks excluded), per paragraph: curly
    pairs, and straight pairs where a paragraph has an even number of them."""
    out = []
    for para in re.finditer(r"[^\n]+", text):
        p, base = para[0], para.start()
        out += [(base + m.start() + 1, base + m.end() - 1) for m in re.finditer(r"“[^“”]+”", p)]
        if p.count('"') % 2 == 0:
            marks = [m.start() for m in re.finditer('"', p)]
            out += [(base + x + 1, base + y) for x, y in zip(marks[::2], marks[1::2])]
    return sorted(out)


def inside(spans, s: int, e: int) -> bool:
    return any(a <= s and e <= b for a, b in spans)


def absent(text: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is None
