"""What a translated query keeps besides the Tantivy query: the positive
leaves of the query (the words, patterns and fuzzy terms that a matching
document is highlighted for) and the words under a negation, for snippets
and highlighting."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import OSA
from whoosh.analysis import STOP_WORDS


@dataclass(frozen=True)
class Leaf:
    """A positive leaf of a query: what a matching document is highlighted for.

    kind: "word" (an analysed word of a term or of a phrase), "pattern" (a
    prefix or wildcard, as a regex over analysed words) or "fuzzy"."""

    field: str
    kind: str
    text: str
    pattern: re.Pattern | None = None
    literal_prefix: str = ""
    maxdist: int = 0
    prefixlength: int = 0
    expanded: frozenset[str] | None = None  # a fuzzy leaf's words in the index, where known

    def matches(self, word: str) -> bool:
        if self.kind == "word":
            return word == self.text
        if self.kind == "pattern":
            return self.pattern is not None and self.pattern.fullmatch(word) is not None
        if self.prefixlength and not word.startswith(self.text[: self.prefixlength]):
            return False
        return OSA.distance(word, self.text, score_cutoff=self.maxdist) <= self.maxdist

    def candidates(self, maxdist: int | None = None) -> frozenset[str]:
        """A fuzzy leaf's possible words: every string within its edit
        distance (the index is then asked which of them it holds)."""
        return fuzzy_candidates(self.text, self.maxdist if maxdist is None else maxdist, self.prefixlength)


@dataclass
class Translation:
    query: object  # tantivy.Query
    leaves: list[Leaf] = field(default_factory=list)
    negated: set[tuple[str, str]] = field(default_factory=set)
    phrase_lengths: list[int] = field(default_factory=list)
    index_dependent: bool = False

    def shortest_phrase(self) -> int:
        return min(self.phrase_lengths) if self.phrase_lengths else 1

    def words(self, fieldname: str, *, stop_words: bool = True) -> set[str]:
        """The exact analysed words of the positive leaves in a field (stop
        words of phrases left out with stop_words=False: highlighted alone
        they would light up every "the")."""
        out = {
            leaf.text
            for leaf in self.leaves
            if leaf.field == fieldname and leaf.kind == "word" and (stop_words or not is_stop_word(leaf.text))
        }
        return out - self.negated_words(fieldname)

    def negated_words(self, fieldname: str) -> set[str]:
        return {w for f, w in self.negated if f == fieldname}

    def expanding(self, fieldname: str) -> list[Leaf]:
        """The prefix, wildcard and fuzzy leaves of a field."""
        return [leaf for leaf in self.leaves if leaf.field == fieldname and leaf.kind != "word"]


_FUZZY_ALPHABET = frozenset("abcdefghijklmnopqrstuvwxyz0123456789àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿß")


def _edits1(word: str, alphabet) -> set[str]:
    out = {word}
    for i in range(len(word) + 1):
        a, b = word[:i], word[i:]
        if b:
            out.add(a + b[1:])
            if len(b) > 1:
                out.add(a + b[1] + b[0] + b[2:])
        for c in alphabet:
            if b:
                out.add(a + c + b[1:])
            out.add(a + c + b)
    return out


@lru_cache(maxsize=128)
def fuzzy_candidates(word: str, maxdist: int, prefixlength: int = 0) -> frozenset[str]:
    """Every string within maxdist edits (insertions, deletions,
    substitutions, transpositions of two neighbours) of word that keeps its
    first prefixlength characters."""
    alphabet = _FUZZY_ALPHABET | set(word)
    out = {word}
    frontier = {word}
    for _ in range(maxdist):
        grown: set[str] = set()
        for w in frontier:
            grown |= _edits1(w, alphabet)
        frontier = grown - out
        out |= grown
    out.discard("")
    if prefixlength:
        keep = word[:prefixlength]
        out = {w for w in out if w.startswith(keep)}
    return frozenset(out)


def is_stop_word(word: str) -> bool:
    """What Whoosh's StemmingAnalyzer leaves out of plain terms."""
    return word in STOP_WORDS or len(word) < 2


def covers_stop_word(prefix: str) -> bool:
    """Whether a prefix (lowercased) starts a word is_stop_word leaves out: such a
    prefix, searched as it stands, would match the stop words an index keeps for phrases."""
    return len(prefix) < 2 or any(w.startswith(prefix) for w in STOP_WORDS)

