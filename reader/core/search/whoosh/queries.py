"""What the Whoosh engine does to a parsed query before running it: rewrites
that work around Whoosh's matchers, and the filters that keep a search
within (or out of) some articles."""

from __future__ import annotations

import copy
from collections.abc import Iterator

from whoosh import query as wq

FUZZY_PREFIX = 1


def with_fuzzy_prefix(q: wq.Query) -> wq.Query:
    """A fuzzy term keeps its first letter (typos rarely hit it, and the
    Tantivy engine keeps it too), and never more letters than it has
    (`x~1/2` crashed Whoosh's automaton)."""
    if isinstance(q, wq.FuzzyTerm):
        prefix = min(max(int(q.prefixlength or 0), FUZZY_PREFIX), len(q.text))
        if prefix != q.prefixlength:
            q = copy.copy(q)  # keeps where the parser found it, for notes
            q.prefixlength = prefix
        return q
    return q.apply(with_fuzzy_prefix)


def without_andnot(q: wq.Query) -> wq.Query:
    """Whoosh's AndNot matcher lets through documents that the negated part
    matches when it is a union over several fields ("election -volcano"
    returned articles with "volcano" in the body); And(a, Not(b)) is right."""
    if isinstance(q, wq.AndNot):
        return wq.And([without_andnot(q.a), wq.Not(without_andnot(q.b))])
    return q.apply(without_andnot)


def restrict(filter_ids: set[str] | None, exclude_ids: set[str] | None) -> dict:
    """Searcher.search() arguments: only filter_ids (None: all), never exclude_ids."""
    out = {}
    if filter_ids is not None:
        out["filter"] = wq.Or([wq.Term("id", i) for i in sorted(filter_ids)])
    if exclude_ids:
        out["mask"] = wq.Or([wq.Term("id", i) for i in sorted(exclude_ids)])
    return out


def walk(q: wq.Query) -> Iterator[wq.Query]:
    yield q
    for child in q.children():
        yield from walk(child)


def term_text(word) -> str:
    """A term's text as a string (Whoosh gives some as UTF-8 bytes)."""
    return word.decode("utf-8") if isinstance(word, bytes) else str(word)
