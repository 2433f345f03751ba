"""What one search may cost, and how a caller gives it up.

A wildcard, a prefix, a fuzzy term or a range of words stands for every
indexed word it matches; searched in full, one such term can cost seconds
(`*a*` is most of the vocabulary). The engines widen each one to a bounded
set of words, the most likely first, and say so in SearchResults.notes.

A caller that no longer wants a search (the app, when the next keystroke
arrives) passes cancel: a function the engine asks between the steps of a
search (expanding a term, a batch of matching documents, a segment, a
snippet); once it answers True the search raises SearchCancelled.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from reader.core.search.errors import SearchCancelled

Cancel = Callable[[], bool]  # True: give the search up


@dataclass(frozen=True)
class Limits:
    """How far a query's expanding terms are widened.

    per_term: words one expanding term (in one field) stands for at most;
    per_query: words all of a query's expanding terms stand for together;
    postings: documents the widened words may cover in all (the sum of their
    document frequencies), which is what matching them costs. A term always
    keeps its first word, whatever that costs: a query never loses a term."""

    per_term: int = 32
    per_query: int = 96
    postings: int = 40_000

    def share(self, terms: int) -> tuple[int, int]:
        """(words, postings) each of `terms` expanding terms may take."""
        terms = max(1, terms)
        return max(1, min(self.per_term, self.per_query // terms)), max(1, self.postings // terms)


LIMITS = Limits()


def deadline(seconds: float, then: Cancel | None = None) -> Cancel:
    """A cancel check that answers True once `seconds` have passed (or when
    `then`, another check, does)."""
    end = time.monotonic() + seconds

    def expired() -> bool:
        return time.monotonic() >= end or (then is not None and then())

    return expired


def check(cancel: Cancel | None) -> None:
    """Raise SearchCancelled if the caller has given the search up."""
    if cancel is not None and cancel():
        raise SearchCancelled("search cancelled: a newer search replaced it, or it ran out of time")


def widened_note(text: str, kind: str, kept: int) -> str:
    """The note a result carries when an expanding term was cut short:
    kind is "fuzzy", "range" or "pattern" (a wildcard or a prefix)."""
    which = {"fuzzy": "closest", "range": "first"}.get(kind, "most common")
    words = "word was" if kept == 1 else f"{kept:,} words were"
    return f"{text} stands for more words than one search takes: only its {which} {words} searched for"
