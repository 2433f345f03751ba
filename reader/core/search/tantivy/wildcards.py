"""A wildcard's regular expression that matches no stop word and no one-letter word.

The Tantivy index keeps stop words and one-letter words (phrases need them); Whoosh's and
PostgreSQL's word lists hold none, so there `a?d` finds no *and* and `t??` no *the*. Tantivy's
regular expressions have no look-ahead to say "but not these", so the expression is built as
the product of the wildcard (a set of positions in its text, as an NFA has) with a trie of the
words left out: while the letters read so far begin a word left out, each letter is a branch of
its own; once they begin none (or the wildcard could not reach one), the rest is the wildcard's
own expression. A wildcard that can reach no word left out keeps its plain expression."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from whoosh.analysis import STOP_WORDS

from reader.core.search.fields import STEMMED_FIELDS
from reader.core.search.tantivy.translation import covers_stop_word

# Characters that Tantivy's regex syntax treats as operators (regex-syntax's escape set).
_REGEX_META = set("\\.+*?()|[]{}^$#&-~")
_ESCAPED = None  # the trie state once the letters read begin no word left out
Q = TypeVar("Q")


def escape(text: str) -> str:
    return "".join("\\" + ch if ch in _REGEX_META else ch for ch in text)


def plain_regex(text: str) -> str:
    return "".join(".*" if ch == "*" else "." if ch == "?" else escape(ch) for ch in text)


def prefix_regex(fieldname: str, text: str) -> str:
    """The words a prefix stands for: in a stemmed field, not the stop words and one-letter
    words the index keeps for phrases (`a*` is not *a*, *and*, *as*), as in Whoosh's index,
    which holds none of them."""
    if fieldname not in STEMMED_FIELDS or not covers_stop_word(text):
        return escape(text) + ".*"
    left_out = {w[len(text):] for w in STOP_WORDS if w.startswith(text)} | ({""} if len(text) < 2 else set())
    return escape(text) + _none_of(left_out)


def _none_of(ends: set[str]) -> str:
    """A regular expression for every string but those in ends (a trie: at each letter, any
    other letter and then anything, or that letter and what may follow it)."""
    if not ends:
        return ".*"
    firsts = sorted({e[0] for e in ends if e})
    parts = [f"[^{''.join(escape(c) for c in firsts)}].*"] if firsts else [".+"]
    parts += [escape(c) + _none_of({e[1:] for e in ends if e[:1] == c}) for c in firsts]
    group = "(?:" + "|".join(parts) + ")"
    return group if "" in ends else group + "?"


def without_stop_words(text: str) -> Pattern | None:
    """The words the wildcard `text` (lowercased; * and ?) stands for, but for the stop words
    and one-letter words (translation.is_stop_word); None when it stands for none but those."""
    return _Product(text).pattern()


@dataclass(frozen=True)
class Pattern:
    """An expression as alternatives: head, then one of the branches' (or nothing, when
    optional); a leaf (no branches) is head alone."""

    head: str
    branches: tuple[Pattern, ...] = ()
    optional: bool = False

    def __str__(self) -> str:
        if not self.branches:
            return self.head
        group = "(?:" + "|".join(str(b) for b in self.branches) + ")"
        return self.head + group + ("?" if self.optional else "")

    def queries(self, make: Callable[[str], Q]) -> list[Q]:
        """make(expression) of this one, or, where Tantivy refuses it (an expression compiles to
        at most 1,000 automaton states, and ?* reaches every branch of the trie), of its
        branches, each with the head: together they match what this one does, and no word
        matches two of them. Tantivy's ValueError when a leaf is refused."""
        try:
            return [make(str(self))]
        except ValueError:
            if not self.branches:
                raise
        out = [make(self.head)] if self.optional else []
        for b in self.branches:
            out += _prefixed(self.head, b).queries(make)
        return out


class _Product:
    def __init__(self, text: str):
        self.text = text
        self.end = len(text)
        self._memo: dict[tuple[frozenset[int], str | None], Pattern | None] = {}
        # the trie holds only the stop words the wildcard matches: *t*h*e* leaves out *the* alone
        self.left_out = {w for w in STOP_WORDS if self._matches(self._closure({0}), w)}

    def pattern(self) -> Pattern | None:
        start = self._closure({0})
        if not self._reaches_left_out(start, ""):
            return Pattern(plain_regex(self.text))
        return self._from(start, "")

    def _closure(self, positions) -> frozenset[int]:
        """The positions reachable without a letter (a * may match nothing)."""
        out, todo = set(positions), list(positions)
        while todo:
            i = todo.pop()
            if i < self.end and self.text[i] == "*" and i + 1 not in out:
                out.add(i + 1)
                todo.append(i + 1)
        return frozenset(out)

    def _step(self, positions: frozenset[int], letter: str | None) -> frozenset[int]:
        """The positions after one letter (None: a letter the wildcard names nowhere here)."""
        nxt = set()
        for i in positions:
            if i == self.end:
                continue
            ch = self.text[i]
            if ch == "*":
                nxt.add(i)
            elif ch == "?" or ch == letter:
                nxt.add(i + 1)
        return self._closure(nxt)

    def _matches(self, positions: frozenset[int], rest: str) -> bool:
        for letter in rest:
            positions = self._step(positions, letter)
            if not positions:
                return False
        return self.end in positions

    def _reaches_left_out(self, positions: frozenset[int], read: str) -> bool:
        if len(read) < 2 and self._can_match_short(positions, 2 - len(read)):
            return True
        return any(w.startswith(read) and self._matches(positions, w[len(read):]) for w in self.left_out)

    def _can_match_short(self, positions: frozenset[int], shorter_than: int) -> bool:
        """Whether the wildcard can end after fewer than shorter_than more letters (any letters)."""
        # each literal at the positions may be the letter, or one no literal is ("\0": ? and * take it)
        frontier = {positions}
        for _ in range(shorter_than):
            if any(self.end in p for p in frontier):
                return True
            frontier = {q for p in frontier for c in self._letters(p) if (q := self._step(p, c))}
            if not frontier:
                return False
        return False

    def _letters(self, positions: frozenset[int]) -> set[str]:
        return {"\0"} | {self.text[i] for i in positions if i < self.end and self.text[i] not in "*?"}

    def _from(self, positions: frozenset[int], read: str | None) -> Pattern | None:
        key = (positions, read)
        if key not in self._memo:
            self._memo[key] = self._branches(positions, read)
        return self._memo[key]

    def _branches(self, positions: frozenset[int], read: str | None) -> Pattern | None:
        """What may follow, the wildcard at positions and read the letters so far while they
        begin a word left out (None once they begin none); None: nothing may."""
        if not positions:
            return None
        if read is None or (read and not self._reaches_left_out(positions, read)):
            return Pattern(self._suffix(positions))
        branches: list[Pattern] = []
        children = {w[len(read)] for w in self.left_out if len(w) > len(read) and w.startswith(read)}
        literals = {self.text[i] for i in positions if i < self.end and self.text[i] not in "*?"}
        for letter in sorted(children | literals):
            following = read + letter if letter in children else self._escaped(read)
            rest = self._from(self._step(positions, letter), following)
            if rest is not None:
                branches.append(_prefixed(escape(letter), rest))
        others = children | literals
        rest = self._from(self._step(positions, None), self._escaped(read))
        if rest is not None:
            branches.append(_prefixed(f"[^{''.join(escape(c) for c in sorted(others))}]" if others else ".", rest))
        ends_here = self.end in positions and len(read) >= 2 and read not in self.left_out
        if not branches:
            return Pattern("") if ends_here else None
        return Pattern("", tuple(branches), optional=ends_here)

    def _escaped(self, read: str) -> str | None:
        """The state after a letter that begins no word left out: a one-letter word is still
        left out, so after the first letter the trie goes on as the empty "word" read."""
        return "\0" if not read else _ESCAPED  # "\0" begins no stop word, and is one letter long

    def _suffix(self, positions: frozenset[int]) -> str:
        # a position after a * the set holds adds nothing: the * may match nothing
        kept = [i for i in sorted(positions) if not (i and self.text[i - 1] == "*" and i - 1 in positions)]
        ends = [plain_regex(self.text[i:]) for i in kept]
        return ends[0] if len(ends) == 1 else "(?:" + "|".join(ends) + ")"


def _prefixed(head: str, p: Pattern) -> Pattern:
    return Pattern(head + p.head, p.branches, p.optional)
