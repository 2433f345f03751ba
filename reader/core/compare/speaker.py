"""Two sentences that share nothing but one name and words of saying ("“We've
got a real challenge,” Mr. Boehner said." / "“That is just outrageous
talk,” Boehner said."; "…,” she wrote on Twitter." / "…,” Ms. Warren wrote
on Twitter."): two quotations of one speaker, two posts on one network, no
one thing said. Aligned, they hid both as said by one report only and read
"changes" between them (align.py keeps them apart)."""

from __future__ import annotations

import functools
from collections.abc import Callable

from reader.core.text.lexicon import SPEECH_VERBS
from reader.core.text.words import stem


def name_terms(f, term: Callable[[str], str]) -> set[str]:
    """The alignment terms a sentence's names give (f: align.SentenceFeatures),
    as written and stemmed as content_terms stems them ("jones", "jone")."""
    words = [w for k in f.names for w in k.split()]
    return {"n:" + k for k in f.names} | {term(w) for w in words} | {term(stem(w)) for w in words}


def only_a_speaker_shared(x, y, own: set[str], term: Callable[[str], str]) -> bool:
    """Do x and y share one name and, besides its words, only verbs of saying
    (and no number)? own: name_terms(x)."""
    shared = x.vector.keys() & y.vector.keys()
    if len(x.names & y.names) != 1 or not shared or x.numbers & y.numbers:
        return False
    return not (shared - own - _saying(term) - name_terms(y, term))


@functools.cache
def _saying(term: Callable[[str], str]) -> frozenset[str]:
    """The verbs of saying as terms, written and stemmed (content_terms stems them)."""
    return frozenset(term(stem(v)) for v in SPEECH_VERBS) | frozenset(term(v) for v in SPEECH_VERBS)
