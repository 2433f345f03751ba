"""Searching a query of words without walking Whoosh's matcher tree.

Most queries are ANDs and ORs of words, wildcards and fuzzy terms over
title and body. Whoosh answers them by stepping a tree of matchers and a
chain of collectors document by document, in Python: a dozen calls a
document. Here such a query is answered a segment at a time from whole
posting lists: each word's postings are read in blocks and scored with BM25F
as Whoosh scores them, ORs add the scores of the documents they hold, ANDs
keep the documents every part holds (and add 1 for each NOT part, as
Whoosh's inverse matcher does), and the best hits are taken at the end. The
hits, their scores, the total and the words each hit holds (for snippets)
come out as Whoosh's would. Phrases of adjacent words are answered the same
way (whoosh/phrases.py); anything else (a phrase with slop, a date, a
filter) is left to Whoosh.
"""

from __future__ import annotations

from contextvars import ContextVar
from heapq import nlargest
from itertools import islice

from whoosh import query as wq
from whoosh.scoring import BM25F
from whoosh.searching import Results

from reader.core.search.budget import Cancel, check
from reader.core.search.whoosh.expansion import FieldLengths, _Bounded
from reader.core.search.whoosh.phrases import evaluate_phrase, fast_phrase, phrase_size
from reader.core.search.whoosh.postings import among, characters, read

# docnum -> [score, (field, word), its posting's value, (field, word), value, ...]: one list a
# document (a search of a common word makes tens of thousands)
Scored = dict[int, list]

# Filters an AND may hold: matched by Whoosh's own matcher, only among the
# documents the other parts found (a date range alone is left to Whoosh).
_OPAQUE = (wq.NumericRange, wq.Every)
# Whether the search records the terms of its hits: Whoosh then asks its
# matchers for "current" scores (a date range scores its numeric terms),
# else a date range scores a constant; the same here.
_NEEDS_CURRENT: ContextVar[bool] = ContextVar("needs_current", default=True)
WALK_FROM = 2000  # a filter asked about more documents than this is walked whole, not skipped along


def flat_search(searcher, q: wq.Query, limit: int | None, lengths: FieldLengths,
                cancel: Cancel | None = None, terms: bool = True) -> Results | None:
    """Whoosh's Results for q (its `limit` best hits, the total, the terms
    of each hit), or None when q is not a query of words only. terms: as
    Searcher.search(terms=...), which changes how a date range scores."""
    if not isinstance(searcher.weighting, BM25F) or not _flat(q, searcher.schema, root=True):
        return None
    token = _NEEDS_CURRENT.set(terms)
    try:
        return _search(searcher, q, limit, lengths, cancel)
    finally:
        _NEEDS_CURRENT.reset(token)


def _search(searcher, q: wq.Query, limit: int | None, lengths: FieldLengths, cancel: Cancel | None) -> Results:
    found: list[tuple[float, int, list, list]] = []
    for subsearcher, offset in searcher.leaf_searchers():
        check(cancel)
        evaluated = _evaluate(q, subsearcher, lengths, cancel)
        found.extend((entry[0], -(offset + docnum), entry) for docnum, entry in evaluated.items())
    total = len(found)
    best = nlargest(limit, found) if limit else sorted(found, reverse=True)
    results = Results(searcher, q, [(score, -negdoc) for score, negdoc, _ in best])
    results._total = total
    results.docterms = {-negdoc: entry[1::2] for _score, negdoc, entry in best}
    # the hits' characters for snippets, from the postings already read
    results._char_cache.update(characters(searcher, results.docterms, {-negdoc: entry[2::2] for _s, negdoc, entry in best}))
    termdocs: dict[tuple, list[int]] = {}
    for docnum, terms in results.docterms.items():
        for term in terms:
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


def _evaluate(q: wq.Query, searcher, lengths: FieldLengths, cancel: Cancel | None,
              at: list[int] | None = None) -> Scored:
    """The documents q matches in searcher's segment, scored; only among
    `at` (sorted document numbers) when given: a common word ANDed with a
    rare one is then looked up where the rare one is, block by block, not
    read whole."""
    if isinstance(q, _Bounded):
        words = q._btexts(searcher.reader())
        # MultiTerm.matcher: one word is a plain Term (without the term's
        # boost), several are an OR of them (with it)
        return _words(searcher, q.fieldname, words, q.boost if len(words) > 1 else 1.0, lengths, cancel, at)
    if type(q) is wq.Phrase:
        return evaluate_phrase(q, searcher, lengths, cancel, at)
    if isinstance(q, _OPAQUE):
        return _matched(q, searcher, cancel, at)
    if type(q) is wq.Term:
        word = _word(q, searcher)
        return {} if word is None else _words(searcher, q.fieldname, [word], q.boost, lengths, cancel, at)
    subs = q.subqueries
    if len(subs) == 1:  # CompoundQuery.matcher: the part alone, without the compound's boost
        return _evaluate(subs[0], searcher, lengths, cancel, at)
    if type(q) is wq.Or:
        # the parts' entries are their own: the first part's become the OR's, the others' join them
        out: Scored = _evaluate(subs[0], searcher, lengths, cancel, at)
        for sub in subs[1:]:
            for docnum, part in _evaluate(sub, searcher, lengths, cancel, at).items():
                entry = out.get(docnum)
                if entry is None:
                    out[docnum] = part
                else:
                    entry[0] += part[0]
                    entry.extend(islice(part, 1, None))
    else:
        out = _intersect(q, searcher, lengths, cancel, at)
    if q.boost != 1.0:
        for entry in out.values():
            entry[0] *= q.boost
    return out


def _intersect(q: wq.And, searcher, lengths: FieldLengths, cancel: Cancel | None, at: list[int] | None) -> Scored:
    """An AND: the documents every positive part holds and no NOT part
    does, the smallest part first and the others looked up among its
    documents; each NOT part adds 1, as Whoosh's inverse matcher scores."""
    reader = searcher.reader()
    positive = sorted((s for s in q.subqueries if not isinstance(s, wq.Not)), key=lambda s: _size(s, reader))
    negated = [s.query for s in q.subqueries if isinstance(s, wq.Not)]
    parts = [_evaluate(positive[0], searcher, lengths, cancel, at)]
    for sub in positive[1:]:
        docs = sorted(parts[0] if len(parts) == 1 else set(parts[0]).intersection(*parts[1:]))
        if not docs:
            return {}
        parts.append(_evaluate(sub, searcher, lengths, cancel, docs))
    docs = set(parts[0]).intersection(*parts[1:])
    for sub in negated:
        docs -= _evaluate(sub, searcher, lengths, cancel, sorted(docs)).keys()
    out: Scored = {}
    for docnum in docs:
        entry = parts[0][docnum]  # the parts' entries are their own
        score = entry[0]
        for part in parts[1:]:
            other = part[docnum]
            score += other[0]
            entry.extend(islice(other, 1, None))
        entry[0] = score + len(negated)
        out[docnum] = entry
    return out


def _size(q: wq.Query, reader) -> int:
    """How many postings a part reads at most (its words' document frequencies)."""
    if isinstance(q, _Bounded):
        return sum(reader.doc_frequency(q.fieldname, w) for w in q._btexts(reader))
    if type(q) is wq.Term:
        return reader.doc_frequency(q.fieldname, q.text) if q.fieldname in reader.schema else 0
    if type(q) is wq.Phrase:
        return phrase_size(q, reader)
    if isinstance(q, _OPAQUE):
        return reader.doc_count_all() + 1  # looked up last, among the others' documents
    sizes = [_size(s, reader) for s in q.subqueries if not isinstance(s, wq.Not)]
    return (sum(sizes) if type(q) is wq.Or else min(sizes)) if sizes else 0


def _word(q: wq.Term, searcher) -> bytes | None:
    """A term's word as the segment holds it, or None when it holds none."""
    try:
        word = searcher.schema[q.fieldname].to_bytes(q.text)
    except ValueError:
        return None
    return word if (q.fieldname, word) in searcher.reader() else None


def _words(searcher, fieldname: str, words: list[bytes], boost: float, lengths: FieldLengths,
           cancel: Cancel | None, at: list[int] | None = None) -> Scored:
    """The documents holding any of words (among `at`), each scored as the
    sum of its words' BM25F scores (times boost), with the words it holds."""
    reader = searcher.reader()
    field_lengths = lengths(reader, fieldname)
    out: Scored = {}
    for word in words:
        check(cancel)
        scorer = searcher.weighting.scorer(searcher, fieldname, word)
        # whoosh.scoring.bm25 written out: the same operations in the same order
        idf, avgfl, B, K1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
        term = (fieldname, word)
        found = read(reader, fieldname, word) if at is None else among(reader, fieldname, word, at)
        norms = _norms(field_lengths, avgfl, B, K1) if reader.doc_frequency(fieldname, word) >= NORMS_FROM else None
        k1p1 = K1 + 1
        for docnum, tf, value in found:
            if norms is None:
                score = idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * field_lengths[docnum] / avgfl)))
            else:  # the same operations, the length's part computed once a document
                score = idf * ((tf * k1p1) / (tf + norms[docnum]))
            entry = out.get(docnum)
            if entry is None:
                out[docnum] = [score, term, value]
            else:
                entry[0] += score
                entry.append(term)
                entry.append(value)
    if boost != 1.0:
        for entry in out.values():
            entry[0] *= boost
    return out


NORMS_FROM = 2000  # a word in at least this many documents of a segment is scored with _norms()
_NORMS: dict[tuple, tuple[list, list]] = {}


def _norms(field_lengths: list, avgfl: float, B: float, K1: float) -> list[float]:
    """BM25's length part, K1 * ((1 - B) + B * length / avgfl), of each
    document of a segment (field_lengths), computed once per segment, field
    and average length instead of once a posting: a fifth of the time of
    scoring a common word."""
    key = (id(field_lengths), avgfl, B, K1)
    held = _NORMS.get(key)
    if held is None or held[0] is not field_lengths:  # an id can be reused once its list is gone
        if len(_NORMS) >= 64:
            _NORMS.clear()
        held = _NORMS[key] = (field_lengths, [K1 * ((1 - B) + B * fl / avgfl) for fl in field_lengths])
    return held[1]


def _matched(q: wq.Query, searcher, cancel: Cancel | None, at: list[int] | None) -> Scored:
    """A filter's documents (among `at`) with the scores Whoosh's matcher
    gives them; no words (a date's numeric terms are never highlighted)."""
    m = q.matcher(searcher, searcher.context(needs_current=_NEEDS_CURRENT.get()))
    out: Scored = {}
    if at is None or len(at) > WALK_FROM:
        # a matcher over many numeric terms skips slowly: walked whole
        wanted = None if at is None else set(at)
        n = 0
        while m.is_active():
            docnum = m.id()
            if wanted is None or docnum in wanted:
                out[docnum] = [m.score()]
            n += 1
            if n % 1024 == 0:
                check(cancel)
            m.next()
        return out
    for n, docnum in enumerate(at):
        if n % 1024 == 1023:
            check(cancel)
        if not m.is_active():
            break
        if m.id() < docnum:
            m.skip_to(docnum)
            if not m.is_active():
                break
        if m.id() == docnum:
            out[docnum] = [m.score()]
    return out
