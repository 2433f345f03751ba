"""Splitting a text into tokens with their offsets, for the rules.

A token is a word (letters, then letters or digits: "APT31", "O’Neill"), a
number ("1,500", "2.5", "10:30"), a dotted abbreviation ("U.S."), or one
punctuation character. Hyphens and the possessive "'s" are tokens of their
own, so "UK-based" is UK, -, based and "China’s" is China, ’, s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TOKEN = re.compile(
    r"""
    (?P<abbr>(?:[^\W\d_]\.){2,})                     # U.S., U.K., a.m.
  | (?P<num>\d+(?:[.,:]\d+)*)                        # 40, 1,500, 2.5, 10:30
  | (?P<word>[^\W\d_]\w*(?:['’][^\W\d_]{2,}\w*)*)    # words, APT31, O’Neill
  | (?P<punct>\S)
    """,
    re.VERBOSE,
)
# Words that keep a following full stop: titles, legal suffixes, months.
_DOTTED = frozenset(
    """
mr mrs ms dr st jr sr gen gov sen rep lt col capt sgt prof rev fr co ltd inc corp bros no vs
jan feb mar apr jun jul aug sep sept oct nov dec mt ft
""".split()
)
_MAY_END = frozenset("co ltd inc corp bros jan feb mar apr jun jul aug sep sept oct nov dec".split())
_SENTENCE_END = frozenset(".!?:;")
_QUOTES = frozenset("\"“”‘’'«»„")
_OPENERS = _SENTENCE_END | _QUOTES | frozenset("(•-–—*|")

WORD, NUM, ABBR, PUNCT = "word", "num", "abbr", "punct"


@dataclass
class Doc:
    """A text and its tokens, in parallel lists (faster than an object each)."""

    text: str
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    initial: list[bool] = field(default_factory=list)  # starts a sentence or a line
    lower_words: set[str] = field(default_factory=set)  # words seen in lower case

    def __len__(self) -> int:
        return len(self.words)

    def gap(self, i: int) -> str:
        """The text between token i-1 and token i."""
        return self.text[self.ends[i - 1] : self.starts[i]] if i > 0 else ""

    def joined(self, i: int) -> bool:
        """Token i follows token i-1 with a single space or nothing between."""
        return i > 0 and self.starts[i] - self.ends[i - 1] <= 1 and "\n" not in self.gap(i)

    def is_cap(self, i: int) -> bool:
        w = self.words[i]
        return self.kinds[i] in (WORD, ABBR) and w[0].isupper()

    def span_text(self, i: int, j: int) -> str:
        """Text of tokens i..j inclusive."""
        return self.text[self.starts[i] : self.ends[j]]


def tokenise(text: str) -> Doc:
    doc = Doc(text)
    starts, ends, words, kinds = doc.starts, doc.ends, doc.words, doc.kinds
    last_end = 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        start, end = m.span()
        if start < last_end:
            continue  # the full stop taken by "Mr." just before
        word = m.group()
        if kind == WORD and end < len(text) and text[end] == ".":
            low = word.lower()
            if low in _DOTTED or (len(word) == 1 and word.isupper()):
                end += 1  # "Mr.", "Ltd.", "George W. Bush"
                word += "."
        last_end = end
        starts.append(start)
        ends.append(end)
        words.append(word)
        kinds.append(kind)
    _mark_initials(doc)
    doc.lower_words = {w for w, k in zip(words, kinds) if k == WORD and w[0].islower()}
    return doc


def _mark_initials(doc: Doc) -> None:
    """A token starts a sentence when it opens the text or a line, or follows
    sentence punctuation (looking past opening quotes and brackets)."""
    initial = doc.initial
    text, words, kinds = doc.text, doc.words, doc.kinds
    after_stop = True
    for i in range(len(words)):
        if i and "\n" in text[doc.ends[i - 1] : doc.starts[i]]:
            after_stop = True
        kind = kinds[i]
        if kind == PUNCT:
            w = words[i]
            initial.append(after_stop)
            if w in _SENTENCE_END:
                after_stop = True
            elif w not in _OPENERS:
                after_stop = False
            continue
        initial.append(after_stop)
        # "U.S." or "Ltd." may end a sentence: what follows is treated as
        # sentence-initial, which only asks for more evidence.
        w = words[i]
        after_stop = w[-1] == "." and (kind == ABBR or w[:-1].lower() in _MAY_END)
