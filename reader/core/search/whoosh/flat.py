"""Searching a query of words without walking Whoosh's matcher tree.

Most queries are ANDs and ORs of words, wildcards and fuzzy terms over
title and body. Whoosh answers them by stepping a tree of matchers and a
chain of collectors document by document, in Python: a dozen calls a
document. Here such a query is answered a segment at a time, with arrays
over the segment's documents: each word's postings are read in blocks and
scored with BM25F as Whoosh scores them (the same operations in the same
order, in numpy: the same bits), ORs add the scores of the documents they
hold, ANDs keep the documents every part holds (and add 1 for each NOT
part, as Whoosh's inverse matcher does), and the best hits are taken at the
end. Every match is scored and counted, so the total is exact. The hits,
their scores, the total and the words each hit holds (for snippets) come
out as Whoosh's would. Phrases of adjacent words are answered from posting
lists too (whoosh/phrases.py), date ranges from the date column
(whoosh/dates.py); anything else (a phrase with slop, a filter of ids) is
left to Whoosh.
"""

from __future__ import annotations

from bisect import bisect_left
from heapq import nlargest

import numpy as np
from whoosh import query as wq
from whoosh.scoring import BM25F
from whoosh.searching import Results

from reader.core.search.budget import Cancel, check
from reader.core.search.whoosh.dates import ColumnDates
from reader.core.search.whoosh.expansion import FieldLengths, _Bounded
from reader.core.search.whoosh.phrases import evaluate_phrase, fast_phrase, phrase_size
from reader.core.search.whoosh.postings import LOOKUP, among, blocks, characters, live

# Filters an AND may hold, answered without words: a date range (from the
# date column) and every document; alone, they are left to Whoosh.
_OPAQUE = (ColumnDates, wq.Every)
NORMS_FROM = 2000  # a word in at least this many documents of a segment is scored with _norms()


class _Part:
    """What one part of a query matched in one segment: which documents
    (mask), their scores (0 elsewhere), and where to find the (term, value)
    pairs a document holds, in the order Whoosh would list them: the parts
    it is made of (children), or a leaf's words (each: term, its documents
    in order, their values) or entries ({docnum: [score, term, value, ...]})."""

    __slots__ = ("mask", "scores", "children", "words", "entries")

    def __init__(self, mask, scores, children=(), words=(), entries=None) -> None:
        self.mask, self.scores, self.children, self.words, self.entries = mask, scores, children, words, entries

    def pairs(self, docnum: int, out: list) -> list:
        """Append the (term, value) pairs of docnum (a document this part matches) to out."""
        if self.entries is not None:
            entry = self.entries[docnum]
            out.extend(zip(entry[1::2], entry[2::2]))
        for term, ids, values in self.words:
            i = bisect_left(ids, docnum)
            if i < len(ids) and ids[i] == docnum:
                out.append((term, values[i]))
        for child in self.children:
            if child.mask[docnum]:
                child.pairs(docnum, out)
        return out


def flat_search(searcher, q: wq.Query, limit: int | None, lengths: FieldLengths,
                cancel: Cancel | None = None, terms: bool = True) -> Results | None:
    """Whoosh's Results for q (its `limit` best hits, the total, the terms
    of each hit), or None when q is not a query of words only. terms: as
    Searcher.search(terms=...); the terms of the hits are recorded either way."""
    if not isinstance(searcher.weighting, BM25F) or not _flat(q, searcher.schema, root=True):
        return None
    found: list[tuple[float, int, int]] = []  # (score, -docnum, segment)
    parts: list[_Part] = []
    total = 0
    for n, (subsearcher, offset) in enumerate(searcher.leaf_searchers()):
        check(cancel)
        size = subsearcher.reader().doc_count_all()
        part = _evaluate(q, subsearcher, lengths, cancel, None, size)
        parts.append(part)
        docs = np.flatnonzero(part.mask)
        total += len(docs)
        scores = part.scores[docs]
        if limit and len(docs) > limit:
            # the candidates: every document scoring at least the limit-th best (ties kept)
            keep = np.flatnonzero(scores >= np.partition(scores, len(docs) - limit)[len(docs) - limit])
            docs, scores = docs[keep], scores[keep]
        found.extend(zip(scores.tolist(), (-(offset + docs)).tolist(), [n] * len(docs)))
    best = nlargest(limit, found) if limit else sorted(found, reverse=True)
    results = Results(searcher, q, [(score, -negdoc) for score, negdoc, _n in best])
    results._total = total
    offsets = [offset for _s, offset in searcher.leaf_searchers()]
    docterms, values = {}, {}
    for _score, negdoc, n in best:
        docnum = -negdoc
        pairs = parts[n].pairs(docnum - offsets[n], [])
        docterms[docnum] = [term for term, _value in pairs]
        values[docnum] = [value for _term, value in pairs]
    results.docterms = docterms
    # the hits' characters for snippets, from the postings already read
    results._char_cache.update(characters(searcher, docterms, values))
    termdocs: dict[tuple, list[int]] = {}
    for docnum, hit_terms in docterms.items():
        for term in hit_terms:
            termdocs.setdefault(term, []).append(docnum)
    results.termdocs = termdocs
    return results


def _flat(q: wq.Query, schema, root: bool = False) -> bool:
    """Whether q is made of ORs and ANDs (NOTs inside an AND) of words and
    expanding terms over fields scored by BM25F."""
    if isinstance(q, _Bounded) or type(q) is wq.Term:
        field = schema[q.fieldname] if q.fieldname in schema else None
        return field is not None and field.scorable
    if type(q) is wq.Phrase:
        return fast_phrase(q, schema)
    if type(q) is wq.Or:
        return not q.scale and not getattr(q, "minmatch", 0) and all(_flat(s, schema) for s in q.subqueries)
    if type(q) is wq.And:
        positive = [s for s in q.subqueries if not isinstance(s, wq.Not)]
        negative = [s.query for s in q.subqueries if isinstance(s, wq.Not)]
        words = [s for s in positive if not isinstance(s, _OPAQUE)]
        return bool(words) and all(isinstance(s, _OPAQUE) or _flat(s, schema) for s in positive + negative)
    return False


def _evaluate(q: wq.Query, searcher, lengths: FieldLengths, cancel: Cancel | None, at, size: int) -> _Part:
    """The documents q matches in searcher's segment (of `size` documents),
    scored; only among `at` (a mask) when given: a common word ANDed with a
    rare one is then looked up where the rare one is, not read whole."""
    if isinstance(q, _Bounded):
        words = q._btexts(searcher.reader())
        # MultiTerm.matcher: one word is a plain Term (without the term's
        # boost), several are an OR of them (with it)
        return _words(searcher, q.fieldname, words, q.boost if len(words) > 1 else 1.0, lengths, cancel, at, size)
    if type(q) is wq.Phrase:
        among_docs = None if at is None else np.flatnonzero(at).tolist()
        return _from_entries(evaluate_phrase(q, searcher, lengths, cancel, among_docs), size)
    if isinstance(q, _OPAQUE):
        return _filter(q, searcher, at, size)
    if type(q) is wq.Term:
        word = _word(q, searcher)
        return _words(searcher, q.fieldname, [] if word is None else [word], q.boost, lengths, cancel, at, size)
    subs = q.subqueries
    if len(subs) == 1:  # CompoundQuery.matcher: the part alone, without the compound's boost
        return _evaluate(subs[0], searcher, lengths, cancel, at, size)
    if type(q) is wq.Or:
        children = [_evaluate(sub, searcher, lengths, cancel, at, size) for sub in subs]
        mask = np.logical_or.reduce([c.mask for c in children])
        scores = children[0].scores.copy()
        for child in children[1:]:
            scores += child.scores  # a document a part does not hold adds 0.0: the same sum
        out = _Part(mask, scores, children)
    else:
        out = _intersect(q, searcher, lengths, cancel, at, size)
    if q.boost != 1.0:
        out.scores *= q.boost
    return out


def _intersect(q: wq.And, searcher, lengths: FieldLengths, cancel: Cancel | None, at, size: int) -> _Part:
    """An AND: the documents every positive part holds and no NOT part
    does, the smallest part first and the others looked up among its
    documents; each NOT part adds 1, as Whoosh's inverse matcher scores."""
    positive = sorted((s for s in q.subqueries if not isinstance(s, wq.Not)), key=lambda s: _size(s, searcher))
    negated = [s.query for s in q.subqueries if isinstance(s, wq.Not)]
    children = [_evaluate(positive[0], searcher, lengths, cancel, at, size)]
    mask = children[0].mask
    for sub in positive[1:]:
        if not mask.any():
            return _empty(size)
        children.append(_evaluate(sub, searcher, lengths, cancel, mask, size))
        mask = mask & children[-1].mask
    for sub in negated:
        if not mask.any():
            break
        mask = mask & ~_evaluate(sub, searcher, lengths, cancel, mask, size).mask
    scores = children[0].scores.copy()
    for child in children[1:]:
        scores += child.scores
    if negated:
        scores += len(negated)
    scores[~mask] = 0.0
    return _Part(mask, scores, children)


def _size(q: wq.Query, searcher) -> int:
    """How many postings a part reads at most (its words' document frequencies)."""
    reader = searcher.reader()
    if isinstance(q, _Bounded):
        return sum(reader.doc_frequency(q.fieldname, w) for w in q._btexts(reader))
    if type(q) is wq.Term:
        return reader.doc_frequency(q.fieldname, q.text) if q.fieldname in reader.schema else 0
    if type(q) is wq.Phrase:
        return phrase_size(q, reader)
    if isinstance(q, _OPAQUE):
        return reader.doc_count_all() + 1  # looked up last, among the others' documents
    sizes = [_size(s, searcher) for s in q.subqueries if not isinstance(s, wq.Not)]
    return (sum(sizes) if type(q) is wq.Or else min(sizes)) if sizes else 0


def _word(q: wq.Term, searcher) -> bytes | None:
    """A term's word as the segment holds it, or None when it holds none."""
    try:
        word = searcher.schema[q.fieldname].to_bytes(q.text)
    except ValueError:
        return None
    return word if (q.fieldname, word) in searcher.reader() else None


def _empty(size: int) -> _Part:
    return _Part(np.zeros(size, dtype=bool), np.zeros(size))


def _words(searcher, fieldname: str, words: list[bytes], boost: float, lengths: FieldLengths,
           cancel: Cancel | None, at, size: int) -> _Part:
    """The documents holding any of words (among `at`), each scored as the
    sum of its words' BM25F scores (times boost), with the words it holds."""
    reader = searcher.reader()
    field_lengths = lengths(reader, fieldname)
    alive = live(reader, size)
    wanted = alive if at is None else (at if alive is None else at & alive)
    mask = np.zeros(size, dtype=bool)
    scores = np.zeros(size)
    held = []
    for word in words:
        check(cancel)
        scorer = searcher.weighting.scorer(searcher, fieldname, word)
        idf, avgfl, B, K1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
        df = reader.doc_frequency(fieldname, word)
        ids, tf, values = _postings(reader, fieldname, word, at, df)
        if not len(ids):
            continue
        held.append(((fieldname, word), ids, values))
        if wanted is not None:
            keep = wanted[ids]
            ids, tf = ids[keep], tf[keep]
        # whoosh.scoring.bm25: idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * length / avgfl))),
        # the same operations in the same order
        if df >= NORMS_FROM:
            norms = _norms(field_lengths, avgfl, B, K1)[ids]
        else:
            norms = K1 * ((1 - B) + B * _lengths_array(field_lengths)[ids] / avgfl)
        scores[ids] += idf * ((tf * (K1 + 1)) / (tf + norms))
        mask[ids] = True
    if boost != 1.0:
        scores *= boost
    return _Part(mask, scores, words=held)


def _postings(reader, fieldname: str, word: bytes, at, df: int):
    """(documents, weights, values) of a word's postings in the segment,
    deleted ones included; among `at` only when it is so much shorter than
    the list that looking its documents up beats reading the list."""
    if at is not None:
        count = int(np.count_nonzero(at))
        if df > LOOKUP * count:
            found = list(among(reader, fieldname, word, np.flatnonzero(at).tolist()))
            return (np.array([d for d, _w, _v in found], dtype=np.intp), np.array([w for _d, w, _v in found], dtype=float),
                    [v for _d, _w, v in found])
    ids: list[int] = []
    weights: list[float] = []
    values: list = []
    for block_ids, block_weights, block_values in blocks(reader, fieldname, word):
        ids.extend(block_ids)
        weights.extend(block_weights)
        values.extend(block_values)
    return np.array(ids, dtype=np.intp), np.array(weights, dtype=float), values


_NORMS: dict[tuple, tuple[list, object]] = {}
_LENGTHS: dict[int, tuple[list, object]] = {}


def _lengths_array(field_lengths: list):
    """A segment's field lengths as an array of floats, made once per list."""
    held = _LENGTHS.get(id(field_lengths))
    if held is None or held[0] is not field_lengths:  # an id can be reused once its list is gone
        if len(_LENGTHS) >= 64:
            _LENGTHS.clear()
        held = _LENGTHS[id(field_lengths)] = (field_lengths, np.array(field_lengths, dtype=float))
    return held[1]


def _norms(field_lengths: list, avgfl: float, B: float, K1: float):
    """BM25's length part, K1 * ((1 - B) + B * length / avgfl), of each
    document of a segment (field_lengths), computed once per segment, field
    and average length."""
    key = (id(field_lengths), avgfl, B, K1)
    held = _NORMS.get(key)
    if held is None or held[0] is not field_lengths:
        if len(_NORMS) >= 64:
            _NORMS.clear()
        held = _NORMS[key] = (field_lengths, K1 * ((1 - B) + B * _lengths_array(field_lengths) / avgfl))
    return held[1]


def _from_entries(entries: dict, size: int) -> _Part:
    """A part from {docnum: [score, term, value, ...]} (phrases.py)."""
    mask = np.zeros(size, dtype=bool)
    scores = np.zeros(size)
    if entries:
        ids = np.fromiter(entries, dtype=np.intp, count=len(entries))
        mask[ids] = True
        scores[ids] = [entry[0] for entry in entries.values()]
    return _Part(mask, scores, entries=entries)


def _filter(q, searcher, at, size: int) -> _Part:
    """A filter's documents (among `at`), each with the filter's constant
    score; no words (a date's numeric terms are never highlighted)."""
    if isinstance(q, ColumnDates):
        mask, score = q.mask(searcher), q.score()
    else:  # Every: every live document, scored as its ListMatcher scores (a boost of 0 as 1.0)
        alive = live(searcher.reader(), size)
        mask = np.ones(size, dtype=bool) if alive is None else alive
        score = q.boost or 1.0
    if at is not None:
        mask = mask & at
    return _Part(mask, np.where(mask, score, 0.0))
