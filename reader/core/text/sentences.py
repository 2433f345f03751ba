"""Splitting article text into sentences, with character offsets.

Rule-based and dependency-free. A full stop ends a sentence unless it closes
an abbreviation that does not end one ("Mr.", "Dr.", "Sept. 11"), an initial
("George W. Bush"), or is followed by a lower-case word ("the U.S. and its
allies", "Co., Ltd., and"). Abbreviations that may end a sentence ("U.S.",
"Ltd.", "Inc.", "a.m.") end one only before a word that usually starts one
("... Company Ltd. They claim"). Closing quotes and brackets stay with the
sentence they close; a stray lone "." is merged into the sentence before it.
Paragraphs (and any line break) always end a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.core.text import lexicon as lx


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int  # character offsets into the text that was split
    end: int
    text: str
    paragraph: int

    def as_dict(self) -> dict:
        return {"index": self.index, "start": self.start, "end": self.end, "text": self.text}


_CANDIDATE = re.compile(r"(?:\.{3}|[.!?…]+)[\"'”’»)\]]*(?=\s)")
_WORD_BEFORE = re.compile(r"([A-Za-z](?:[A-Za-z.]*[A-Za-z])?)\.$")
_NEXT_WORD = re.compile(r"\s*[\"'“‘«(\[]*([\w’']+)")


def _boundary(text: str, punct_start: int, punct_end: int) -> bool:
    """Does the punctuation at text[punct_start:punct_end] end a sentence?"""
    follow = _NEXT_WORD.match(text, punct_end)
    if not follow:
        return True  # only punctuation or spaces follow: the paragraph ends
    nxt = follow.group(1)
    first = nxt[0]
    if first.islower():
        return False  # "the U.S. and", "wrongdoing... and"
    mark = text[punct_start]
    if mark != ".":
        return True  # ! ? … before a capital or a digit
    if text[punct_start:punct_start + 3] == "...":
        return True
    m = _WORD_BEFORE.search(text, max(0, punct_start - 40), punct_start + 1)
    if not m or m.end() != punct_start + 1:
        return True  # "2021." or '”.'
    word = m.group(1)
    low = word.lower()
    if "." in word:  # U.S., e.g., a.m.
        return nxt.lower() in lx.SENTENCE_STARTERS and not first.isdigit()
    if len(word) == 1 and word.isupper():
        return False  # an initial: "George W. Bush"
    if low in lx.NEVER_END_ABBREVIATIONS:
        return False
    if low in lx.MONTH_ABBREVIATIONS:  # no end before a number ("Sept. 11")
        return not first.isdigit() and nxt.lower() in lx.SENTENCE_STARTERS
    if low in lx.MAY_END_ABBREVIATIONS:
        return nxt.lower() in lx.SENTENCE_STARTERS
    return True


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of text, in order, each with its offsets into text."""
    out: list[Sentence] = []
    paragraph = 0
    for block in re.finditer(r"[^\n]+", text):
        line_start = block.start()
        line = block.group()
        if out and "\n\n" in text[out[-1].end:line_start]:
            paragraph += 1
        starts = [0]
        for m in _CANDIDATE.finditer(line):
            if _boundary(line, m.start(), m.end()):
                starts.append(m.end())
        starts.append(len(line))
        for s, e in zip(starts, starts[1:]):
            piece = line[s:e]
            lead = len(piece) - len(piece.lstrip())
            piece = piece.strip()
            if not piece:
                continue
            start = line_start + s + lead
            end = start + len(piece)
            if out and out[-1].start >= line_start and not any(ch.isalnum() for ch in piece):
                prev = out[-1]  # a stray ". ." or a lone closing quote
                out[-1] = Sentence(prev.index, prev.start, end, text[prev.start:end], paragraph)
                continue
            out.append(Sentence(len(out), start, end, piece, paragraph))
    return out
