"""Signs in a text that a capitalised run is a person's name: a word before it that
says so ("former minister Tim Loughton"), a speech verb after it, and words that
look like a name rather than a phrase."""

from __future__ import annotations

import re
from collections import defaultdict

from reader.core.entities.gazetteer import lookup
from reader.core.text import lexicon as lx
from reader.core.text.tokens import ABBR, NUM, WORD, Doc

_CAMEL = re.compile(r"([A-Z][a-z]+)[A-Z][a-z]")
_PARTIES = frozenset("R D I".split())  # "R-La.": Republican, Democrat, independent
_CAMEL_EXPLAINED = lx.NAME_PARTICLES | lx.SURNAME_PREFIXES
_NOT_NAME_SUFFIXES = ("ory", "ive", "ment", "ity", "ness", "ism", "ics", "ical", "ional", "ation", "ution")


def person_context(doc: Doc, a: int, b: int) -> bool:
    words = doc.words
    if a and doc.joined(a) and doc.kinds[a - 1] == WORD and words[a - 1] in lx.PERSON_CUES:
        return True  # "former minister Tim Loughton", "lawyer Christine Lee"
    nxt = b + 1
    if _described(doc, nxt):
        return True
    if not (nxt < len(doc) and words[nxt] in lx.SPEECH_VERBS and doc.joined(nxt)):
        return False
    # "Critics said": a plural noun that opens a sentence is no name
    w = words[b]
    return not (a == b and ((doc.initial[a] and w.endswith("s") and not w.endswith("ss")) or _brand(w)))


def _brand(word: str) -> bool:
    """A word with a capital inside that no name particle or surname's opening explains:
    "WikiLeaks", "BuzzFeed" (not "McCain", "DeSantis", "LePage", "FitzGerald", "ElBaradei")."""
    m = _CAMEL.match(word)
    return bool(m) and m.group(1).lower() not in _CAMEL_EXPLAINED


def _described(doc: Doc, j: int) -> bool:
    """What news writing puts after a person's name at token j: the party and state of a
    lawmaker ("Scalise, R-La.,", "Schumer (D-N.Y.)") or an age ("McCarthy, 49,")."""
    words, kinds = doc.words, doc.kinds
    if j + 3 >= len(doc) or words[j] not in (",", "(") or not doc.joined(j + 1):
        return False
    if party_state(doc, j + 1):
        return True
    return (words[j] == "," and kinds[j + 1] == NUM and words[j + 1].isdigit() and 18 <= int(words[j + 1]) <= 110
            and words[j + 2] == ",")


def party_state(doc: Doc, i: int) -> bool:
    """A lawmaker's party and state from token i, no name of its own: "R-La.", "D-N.Y.",
    "R-Texas" (not "D-Money")."""
    words = doc.words
    if i + 2 >= len(doc) or words[i] not in _PARTIES or words[i + 1] != "-":
        return False
    if not (doc.starts[i + 1] == doc.ends[i] and doc.starts[i + 2] == doc.ends[i + 1] and doc.is_cap(i + 2)):
        return False
    if doc.kinds[i + 2] == ABBR or (i + 3 < len(doc) and words[i + 3] == "." and doc.starts[i + 3] == doc.ends[i + 2]):
        return True  # "N.Y.", "La.", "Calif."
    if len(words[i + 2]) == 2 and words[i + 2].isupper():
        return True  # a postal code: "R-TX"
    return (lookup(words[i + 2]) or ("",))[0] == "PLACE"


def person_like(doc: Doc, toks: list[int]) -> bool:
    common = 0
    if len(toks) > 2 and doc.words[toks[-1]].lower().rstrip(".") in lx.GENERATIONAL:
        toks = toks[:-1]  # "Martin Luther King III"
    for t in toks:
        w = doc.words[t]
        if doc.kinds[t] == NUM or w.isupper() and len(w) > 2:
            return False
        low = w.lower()
        if len(low) > 5 and low.endswith(_NOT_NAME_SUFFIXES):
            return False
        if len(w) == 1 or (lookup(w) or ("PLACE",))[0] in ("NORP", "ORG"):
            return False  # "R-Va", "House Republicans"
        if low in doc.lower_words or low in lx.STOP:
            common += 1
    return common < len(toks)


def named_after_people(doc: Doc, persons: list[list[int]]) -> list[int]:
    """Of the person runs (each as its word tokens), those that begin with the surname of
    someone else the text names (the last word of a full name, or a name after a title: "Mr.
    Trump") and go on with a common word, or are two such surnames joined by a hyphen: things
    named after people ("Trump Campaign", "Trump Tower Moscow", "Romney-Ryan Medicare"). "Ryan
    Zinke" or "Paul D. Ryan" beside "Paul Ryan" and "Rand Paul" stay people."""
    words = doc.words
    names = [tuple(words[t].lower() for t in toks) for toks in persons]
    surname_of: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for toks, name in zip(persons, names):
        if len(name) > 1 and name[-1].rstrip(".") not in lx.GENERATIONAL:
            surname_of[name[-1]].add(name)
        elif len(name) == 1 and toks[0] and words[toks[0] - 1].lower().rstrip(".") in lx.TITLES:
            surname_of[name[0]].add(name)
    out = []
    for k, (toks, name) in enumerate(zip(persons, names)):
        if len(name) < 2 or not surname_of.get(name[0], set()) - {name}:
            continue
        ticket = words[toks[0] + 1] == "-" and bool(surname_of.get(name[1], set()) - {name})
        if ticket or any(w in doc.lower_words for w in name[1:]):
            out.append(k)
    return out
