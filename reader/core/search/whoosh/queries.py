"""What the Whoosh engine does to a parsed query before running it: rewrites
that work around Whoosh's matchers, and the filters that keep a search
within (or out of) some articles."""

from __future__ import annotations

from collections.abc import Iterator

from whoosh import query as wq

FUZZY_PREFIX = 1


def with_fuzzy_prefix(q: wq.Query) -> wq.Query:
    """A fuzzy term keeps its first letter: with no fixed prefix Whoosh walks
    the whole term dictionary of every field for each `word~` (hundreds of
    milliseconds on 25,000 articles); typos rarely hit the first letter."""
    if isinstance(q, wq.FuzzyTerm) and q.prefixlength < FUZZY_PREFIX:
        return wq.FuzzyTerm(q.fieldname, q.text, boost=q.boost, maxdist=q.maxdist, prefixlength=FUZZY_PREFIX)
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
