"""Runs of capitalised tokens: the candidates for names.

A run goes on across single spaces, hyphens ("Inter-Parliamentary"), name
particles ("von der"), the "of"/"for"/"on" after an organisation or place
word ("Bank of England"), the "and" inside a company name ("Science and
Technology Company"), a possessive before an organisation word ("US
Attorney's Office"), a legal suffix after a comma ("Co., Ltd."), a number
after an organisation word ("Group 31") and the "for" between a word no list
knows and a known place ("Democracy for America"). It stops at a sentence
start and at a line break.
"""

from __future__ import annotations

from reader.core.entities.gazetteer import lookup
from reader.core.text import lexicon as lx
from reader.core.text.tokens import NUM, PUNCT, WORD, Doc

_OF_HEADS = lx.ORG_HEADS | frozenset(
    "republic kingdom gulf bay isle isles sea strait cape lake mount city state states house "
    "church bank duchy province".split()
)
_POSSESSORS = lx.TITLES | frozenset("people children women men workers veterans".split())


def name_token(doc: Doc, i: int, used: set[int]) -> bool:
    return i < len(doc) and doc.caps[i] and i not in used


def runs(doc: Doc, used: set[int]):
    """(first, last) token of each run of capitalised tokens."""
    caps = doc.caps
    nxt = 0
    for i in [i for i, c in enumerate(caps) if c]:
        if i < nxt or i in used:
            continue
        start = end = i
        while True:
            nxt = _extend(doc, end, used)
            if nxt is None:
                break
            end = nxt
        if start and doc.kinds[start - 1] == NUM and doc.joined(start) and has_head(doc, start, end):
            start -= 1  # "1922 Committee"
        yield start, end
        nxt = end + 1


def _extend(doc: Doc, end: int, used: set[int]) -> int | None:
    """The new last token if the run that ends at `end` goes on, else None."""
    words, kinds, n = doc.words, doc.kinds, len(doc)
    j = end + 1
    if j >= n or not doc.joined(j):
        return None
    if doc.initial[j] and kinds[j] != PUNCT:
        return None  # "... Company Ltd. They claim"
    w = words[j]
    if name_token(doc, j, used):
        return j
    tight = doc.starts[j] == doc.ends[end]
    if w == "-" and tight and j + 1 < n and doc.joined(j + 1) and name_token(doc, j + 1, used):
        return j + 1  # "Inter-Parliamentary", "Sino-UK"
    if w == "-" and tight and j + 3 < n and words[j + 1].islower() and words[j + 2] == "-" and all(
            doc.starts[t] == doc.ends[t - 1] for t in (j + 1, j + 2, j + 3)) and name_token(doc, j + 3, used):
        return j + 3  # "Chick-fil-A", "Stratford-upon-Avon": one word in lower case between hyphens
    last = words[end].lower().rstrip(".")
    if kinds[j] == NUM and last in lx.ORG_HEADS:
        return j  # "Group 31"
    k = j + 1
    if k >= n or not doc.joined(k):
        return None
    if w in lx.NAME_PARTICLES:
        while k < n and words[k] in lx.NAME_PARTICLES and doc.joined(k + 1 if k + 1 < n else k):
            k += 1
        if k < n and words[k] == "-" and k + 1 < n:
            k += 1  # "al-Assad"
        return k if name_token(doc, k, used) and doc.joined(k) else None
    if w in ("of", "for", "on") and (last in _OF_HEADS or last in lx.TITLES):
        if words[k] == "the" and k + 1 < n and doc.joined(k + 1):
            k += 1
        return k if name_token(doc, k, used) else None
    if w == "for" and name_token(doc, k, used) and _named_for(doc, end, k):
        return k  # "Democracy for America": a group named for a country, not the country

    if w in ("and", "&") and name_token(doc, k, used) and last not in lx.ORG_HEADS:
        tail = _cap_tail(doc, k, used)
        if has_head(doc, k, tail) or (w == "&" and tail == k):
            return k  # "Science and Technology Company", "Marks & Spencer"
        return None
    if w in ("’", "'") and tight and words[k] == "s" and last in _POSSESSORS:
        m = k + 1
        if m < n and doc.joined(m) and name_token(doc, m, used) and has_head(doc, m, _cap_tail(doc, m, used)):
            return m  # "US Attorney's Office"
        return None
    if w == "," and words[k].rstrip(".").lower() in lx.LEGAL_SUFFIXES and doc.is_cap(k):
        return k  # "Co., Ltd."
    return None


def _named_for(doc: Doc, end: int, k: int) -> bool:
    """A word no list knows, then "for" and a known place: "Democracy for America"; not "Republican
    for Texas" nor "Secretary Mattis for America" (a person's run)."""
    if lookup(doc.words[end]) or not doc.words[end][1:].islower():
        return False
    if end and (doc.caps[end - 1] or doc.words[end - 1] in ("of", "and", "&", "-")):
        return False  # one word before "for": not "Code of Conduct for U.S. judges"
    found = lookup(doc.words[k])
    return bool(found) and found[0] == "PLACE" and not (k + 1 < len(doc) and doc.caps[k + 1] and doc.joined(k + 1))


def _cap_tail(doc: Doc, k: int, used: set[int]) -> int:
    end = k
    while end + 1 < len(doc) and end - k < 6 and doc.joined(end + 1) and name_token(doc, end + 1, used):
        end += 1
    return end


def has_head(doc: Doc, a: int, b: int) -> bool:
    return any(doc.words[t].lower().rstrip(".") in lx.ORG_HEADS for t in range(a, b + 1) if doc.kinds[t] == WORD)
