"""The words of a sentence as the comparison diffs them, with the edits that
change no fact taken out: case, punctuation, quote style and whitespace
(never tokens here), British and American spelling ("realise"/"realize",
"programme"/"program", "defence"/"defense" outside names), "per cent" /
"percent" / "%", "Mr." / "Mr", "U.S." / "US", "cyber-attack" /
"cyberattack", "wo n't" / "won't", and "nine" / "9".

Each word has a key: two words with one key are one word to the diff. A
name keeps its spelling ("Labour" is not "Labor"): capitalised words other
than a sentence's first, and words inside an entity's mention, are keyed
by case alone.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from reader.core.text import fact_words as fw
from reader.core.text.lexicon import NUMBER_WORDS, PARTY_LETTERS, US_POSTAL, US_STATES, US_STATES_WHOLE
from reader.core.text.sentences import Sentence
from reader.core.text.words import tokens

_PERCENT_SIGN = re.compile(r"\s?%")
_NUMBERED_PC = re.compile(r"(\d+(?:\.\d+)?)pc$")


class Word(NamedTuple):
    """One word of a diffed sentence: as written, its key, its offsets in
    the article's text, and the sentence it is in. (A tuple: a long
    report has thousands, made on every comparison.)"""

    text: str
    key: str
    start: int
    end: int
    sentence: int
    initial: bool = False  # first word of its sentence

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


@lru_cache(maxsize=50_000)
def spelling_key(word: str) -> str:
    """A lower-case word in one spelling for British and American English."""
    if word in fw.SPELLINGS:
        return fw.SPELLINGS[word]
    for stem in fw.OUR_STEMS:
        if stem in word:
            return word.replace(stem, stem[:-2] + "r")
    for stem in fw.RE_STEMS:
        if word.startswith(stem):
            return stem[:-2] + "er" + word[len(stem):]
        if word.startswith(stem[:-1]) and word[len(stem) - 1 : len(stem) + 1] in ("ed", "in"):  # centred, centring
            return stem[:-2] + "er" + word[len(stem) - 1 :]
    for suffix in ("lled", "lling", "ller", "llers"):
        if word.endswith(suffix) and word[: -len(suffix)] + "l" in fw.LL_STEMS:
            return word[: -len(suffix)] + suffix[1:]
    if len(word) >= 6 and word not in fw.ISE_WORDS:
        m = re.fullmatch(r"(\w{3,}?)(is|ys)(e|es|ed|ing|ation|ations|er|ers|able)", word)
        if m and m.group(1) + m.group(2) + "e" not in fw.ISE_WORDS:
            return m.group(1) + m.group(2)[0] + "z" + m.group(3)
    return word


_TENS = frozenset(str(n) for n in range(20, 100, 10))
# Contractions and their long forms, one key sequence for both.
_CONTRACTIONS = {"won't": ("will", "not"), "can't": ("can", "not"), "cannot": ("can", "not"),
                 "shan't": ("shall", "not"), "ain't": ("is", "not")}
_CLITICS = {"re": "are", "m": "am", "ve": "have", "ll": "will", "d": "would"}  # "they're", "I'd"
_SPLIT_NT = frozenset("do does did is are was were has have had would could should must need dare might".split())


@lru_cache(maxsize=100_000)
def _keys(norm: str, as_name: bool) -> tuple[str, ...]:
    if norm in _CONTRACTIONS:
        return _CONTRACTIONS[norm]
    if norm.endswith("n't"):
        return (norm[:-3], "not")
    if norm.endswith("nt") and norm[:-2] in _SPLIT_NT:  # "dont", "didnt": the apostrophe lost
        return (norm[:-2], "not")
    head, _, clitic = norm.rpartition("'")
    if head and clitic in _CLITICS:
        return (head, _CLITICS[clitic])
    if "-" in norm:
        parts = [p for p in norm.split("-") if p]
        if any(p in NUMBER_WORDS or p.isdigit() for p in parts):  # "one-in-three" / "1 in 3", "two-year" / "2-year"
            out: list[str] = []
            for p in parts:
                value = NUMBER_WORDS.get(p)
                if value is not None and 0 < value < 10 and out and out[-1] in _TENS:
                    out[-1] = str(int(out[-1]) + value)  # "twenty-five", "twenty-one-year-old"
                else:
                    out.append(str(value) if value is not None else spelling_key(p))
            return tuple(out)
        norm = norm.replace("-", "")  # "cyber-attack", "co-operate": one word however hyphened
    if "." in norm:  # "u.s" (the tokens drop a final full stop: "Mr.")
        norm = norm.replace(".", "")
    if norm in NUMBER_WORDS:
        return (str(NUMBER_WORDS[norm]),)
    m = _NUMBERED_PC.match(norm)
    if m:
        return (m.group(1), "percent")  # "40pc"
    return (norm if as_name else spelling_key(norm),)


def _state(text: str, tok) -> tuple[str, ...] | None:
    """The words a state's abbreviation stands for, after a town's comma
    ("Aventura, Fla.": florida) or in a lawmaker's party and state ("R-S.C.":
    republican of south carolina; "D-CA", "R-Texas"), as the other house
    style spells them out; None for any other word."""
    norm = tok.norm
    stop = text[tok.end : tok.end + 1] == "."
    party, dash, state = norm.partition("-")
    if dash and party in PARTY_LETTERS and "-" not in state:
        name = (US_STATES.get(state) if stop else None) or (
            US_POSTAL.get(state) if len(state) == 2 and tok.text[2:].isupper() else None) or (
            state if state in US_STATES_WHOLE else None)
        return (PARTY_LETTERS[party], "of", *name.split()) if name else None
    if stop and norm in US_STATES and text[max(0, tok.start - 2) : tok.start].strip() == ",":
        return tuple(US_STATES[norm].split())
    return None


def words(text: str, sentences: Sequence[Sentence], idx: Sequence[int],
          names: Sequence[tuple[int, int]] = ()) -> list[Word]:
    """The words of sentences idx of text, keyed. names: sorted spans of
    entity mentions, whose words keep their spelling. A contraction is two
    words with one span ("won't": will, not)."""
    starts = [s for s, _ in names]
    out: list[Word] = []
    for i in idx:
        s = sentences[i]
        first = True
        for tok in tokens(text[s.start : s.end], s.start):
            norm = tok.norm
            if norm in ("n't", "nt") and out and out[-1].end <= tok.start <= out[-1].end + 1:
                prev = out.pop()  # "wo n't", "do n't"
                norm = prev.text.casefold() + "n't"
                out += [Word(text[prev.start : tok.end], k, prev.start, tok.end, i, prev.initial)
                        for k in _keys(norm, False)]
                continue
            if norm == "cent" and out and out[-1].key == "per":  # "per cent"
                prev = out.pop()
                out.append(Word(text[prev.start : tok.end], "percent", prev.start, tok.end, i, prev.initial))
                continue
            state = _state(text, tok) if tok.text[:1].isupper() else None
            if state:  # "Fla." / "Florida", "R-S.C." / "Republican of South Carolina": one key sequence
                out += [Word(tok.text, key, tok.start, tok.end, i, first) for key in state]
                first = False
                continue
            as_name = tok.text[:1].isupper() and not first
            if not as_name and starts:
                k = bisect.bisect_right(starts, tok.start) - 1
                as_name = k >= 0 and names[k][0] <= tok.start < names[k][1]
            out += [Word(tok.text, key, tok.start, tok.end, i, first) for key in _keys(norm, as_name)]
            first = False
            sign = _PERCENT_SIGN.match(text, tok.end) if "%" in text[tok.end : tok.end + 2] else None
            if sign:
                out.append(Word("%", "percent", sign.end() - 1, sign.end(), i))
    return out


class SideWords:
    """The keyed words of one article's sentences, each sentence cut once
    for the alignment's word diff and the fact rules alike."""

    def __init__(self, text: str, sentences: Sequence[Sentence], names: Sequence[tuple[int, int]] = ()):
        self.text, self.sentences, self.names = text, sentences, names
        self._cut: dict[int, list[Word]] = {}
        self.opcodes: dict[tuple[tuple[int, ...], tuple[int, ...]], list] = {}  # (own idx, other's idx) -> opcodes

    def of(self, idx: Sequence[int]) -> list[Word]:
        out: list[Word] = []
        for i in idx:
            if i not in self._cut:
                self._cut[i] = words(self.text, self.sentences, (i,), self.names)
            out += self._cut[i]
        return out


def opcodes(side_a: SideWords, ga: Sequence[int], side_b: SideWords, gb: Sequence[int]) -> list:
    """difflib's opcodes between the keyed words of sentences ga of A and gb
    of B (kept on A's side: the word diff and the fact rules both ask)."""
    key = (tuple(ga), tuple(gb))
    if key not in side_a.opcodes:
        wa, wb = side_a.of(ga), side_b.of(gb)
        side_a.opcodes[key] = difflib.SequenceMatcher(None, [w.key for w in wa], [w.key for w in wb],
                                                      autojunk=False).get_opcodes()
    return side_a.opcodes[key]


def same_words(a: Sequence[Word], b: Sequence[Word]) -> bool:
    """Do two runs of words say the same, however cut ("cyber attack" /
    "cyberattack", "per cent" / "percent")?"""
    return "".join(w.key for w in a) == "".join(w.key for w in b)
