"""Signs in a text that a capitalised run is a person's name: a word before it that
says so ("former minister Tim Loughton"), a speech verb after it, and words that
look like a name rather than a phrase."""

from __future__ import annotations

from reader.core.entities.gazetteer import lookup
from reader.core.text import lexicon as lx
from reader.core.text.tokens import NUM, WORD, Doc

_NOT_NAME_SUFFIXES = ("ory", "ive", "ment", "ity", "ness", "ism", "ics", "ical", "ional", "ation", "ution")


def person_context(doc: Doc, a: int, b: int) -> bool:
    words = doc.words
    if a and doc.joined(a) and doc.kinds[a - 1] == WORD and words[a - 1] in lx.PERSON_CUES:
        return True  # "former minister Tim Loughton", "lawyer Christine Lee"
    nxt = b + 1
    if not (nxt < len(doc) and words[nxt] in lx.SPEECH_VERBS and doc.joined(nxt)):
        return False
    # "Critics said": a plural noun that opens a sentence is no name
    w = words[b]
    return not (a == b and doc.initial[a] and w.endswith("s") and not w.endswith("ss"))


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
