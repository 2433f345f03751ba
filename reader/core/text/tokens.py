"""Splitting a text into tokens with their offsets, for the rules.

A token is a word (letters, then letters or digits: "APT31", "O’Neill"), a
number ("1,500", "2.5", "10:30"), a dotted abbreviation ("U.S."), or one
punctuation character. Hyphens and the possessive "'s" are tokens of their
own, so "UK-based" is UK, -, based and "China’s" is China, ’, s.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.core.text import lexicon as lx
from reader.core.text.words import RULE_TOKEN, is_initials

# Words that keep a following full stop: titles, legal suffixes, months.
_DOTTED = lx.NAME_ABBREVIATIONS | lx.MONTH_ABBREVIATIONS
# After these a new sentence may start ("... Company Ltd. They"); not after
# "Jr.", which ends a name inside its sentence.
_MAY_END = lx.MONTH_ABBREVIATIONS | (lx.NAME_ABBREVIATIONS & lx.MAY_END_ABBREVIATIONS) - {"jr"}
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
    caps: list[bool] = field(default_factory=list)  # capitalised words that may start a name

    def __len__(self) -> int:
        return len(self.words)

    def gap(self, i: int) -> str:
        """The text between token i-1 and token i."""
        return self.text[self.ends[i - 1] : self.starts[i]] if i > 0 else ""

    def joined(self, i: int) -> bool:
        """Token i follows token i-1 on the same line with only spaces (or
        nothing) between: a doubled space is a typing slip, not a break, so
        "New Jersey  Republican" stays one name."""
        if i <= 0:
            return False
        gap = self.gap(i)
        return "\n" not in gap and (len(gap) <= 1 or gap.strip(" \t\u00a0") == "")

    def is_cap(self, i: int) -> bool:
        w = self.words[i]
        return self.kinds[i] in (WORD, ABBR) and w[0].isupper()

    def span_text(self, i: int, j: int) -> str:
        """Text of tokens i..j inclusive."""
        return self.text[self.starts[i] : self.ends[j]]


def tokenise(text: str) -> Doc:
    doc = Doc(text)
    found = [(m.start(), m.end(), m.group(), m.lastgroup) for m in RULE_TOKEN.finditer(text)]
    if found:
        doc.starts, doc.ends, doc.words, doc.kinds = (list(x) for x in zip(*found))
        _keep_dots(doc)
    _split_glued(doc)
    _mark_initials(doc)
    doc.lower_words = {w for w, k in zip(doc.words, doc.kinds) if k == WORD and w[0].islower()}
    doc.caps = [
        k in (WORD, ABBR) and w[0].isupper() and w.lower() not in lx.NUMBER_WORDS for w, k in zip(doc.words, doc.kinds)
    ]
    return doc


def _keep_dots(doc: Doc) -> None:
    """"Mr.", "Ltd.", "W." keep their full stop: it ends no sentence."""
    words, starts, ends = doc.words, doc.starts, doc.ends
    last = len(words) - 1
    dotted = [
        i
        for i, w in enumerate(words)
        if i < last
        and words[i + 1] == "."
        and starts[i + 1] == ends[i]
        and doc.kinds[i] == WORD
        and (w.lower() in _DOTTED or (len(w) == 1 and w.isupper()))
    ]
    for i in reversed(dotted):
        words[i] += "."
        ends[i] = ends[i + 1]
        for seq in (words, starts, ends, doc.kinds):
            del seq[i + 1]


def _split_glued(doc: Doc) -> None:
    """Split a name glued to the next word by a lost space, where the name
    ends in an organisation or place word and the rest is a function word:
    "the Electoral Commissionthat occurred" -> Commission, that."""
    words = doc.words
    glued = [i for i, w in enumerate(words) if len(w) >= 8 and w[0].isupper() and w[1:].islower()]
    for i in reversed(glued):  # from the end, so that splitting keeps the indices before
        w = words[i]
        if doc.kinds[i] == WORD:
            low = w.lower()
            for k in range(4, len(w) - 1):
                if (low[:k] in lx.ORG_HEADS or low[:k] in lx.PLACE_HEADS) and low[k:] in lx.STOP:
                    cut = doc.starts[i] + k
                    doc.words[i : i + 1] = [w[:k], w[k:]]
                    doc.kinds[i : i + 1] = [WORD, WORD]
                    doc.starts[i : i + 1] = [doc.starts[i], cut]
                    doc.ends[i : i + 1] = [cut, doc.ends[i]]
                    break


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
            if w in _SENTENCE_END or w in "“‘" or (w == '"' and text[doc.starts[i] - 1 : doc.starts[i]].isspace()):
                after_stop = True  # a quotation opens a sentence of its own
            elif w not in _OPENERS:
                after_stop = False
            continue
        initial.append(after_stop)
        # "U.S." or "Ltd." may end a sentence: what follows is treated as
        # sentence-initial, which only asks for more evidence.
        w = words[i]
        after_stop = w[-1] == "." and (kind == ABBR or w[:-1].lower() in _MAY_END) and not _inside_name(doc, i)


def _inside_name(doc: Doc, i: int) -> bool:
    """Initials written without a space between a given name and a surname, which end no
    sentence: "George H.W. Bush" (not "Washington D.C. Officials", "Albany N.Y. Protesters",
    "Obama U.S. They")."""
    words = doc.words
    if not (0 < i < len(words) - 1 and doc.kinds[i] == ABBR and is_initials(words[i])):
        return False
    if words[i] in lx.DOTTED_NAMES or not (doc.joined(i) and doc.joined(i + 1)):
        return False
    return _name_word(words[i - 1]) and _name_word(words[i + 1]) and words[i + 1].lower() not in lx.STOP


def _name_word(word: str) -> bool:
    return len(word) > 1 and word.isalpha() and word[:1].isupper() and not word.isupper()
