"""Phrases answered from posting lists, as flat.py answers words.

Whoosh matches a phrase as a span matcher over an intersection matcher:
for every document holding all its words it steps a tree of matchers in
Python and builds Span objects for every position of every word (a common
pair such as "vice president" took 50-70 ms on 25,000 articles). Here the
rarest word's postings are read a block at a time, the others are looked
up only among its documents, and a candidate's positions are decoded and
checked (word k at the first word's position + k, which is what Whoosh's
SpanNear2 with slop 1 accepts); a match is scored as Whoosh scores it: the
sum of its words' BM25F scores, added in the order of Whoosh's binary tree
of intersection matchers, times the phrase's boost.
"""

from __future__ import annotations

from whoosh import query as wq

from reader.core.search.budget import Cancel, check
from reader.core.search.whoosh.postings import among, read


def fast_phrase(q, schema) -> bool:
    """Whether q is a phrase this module answers: adjacent words (slop 1)
    of a field that stores positions and is scored."""
    if type(q) is not wq.Phrase or q.slop != 1 or not q.words or q.fieldname not in schema:
        return False
    field = schema[q.fieldname]
    return field.scorable and field.format is not None and field.format.supports("positions")


def phrase_size(q: wq.Phrase, reader) -> int:
    """How many documents the phrase's rarest word is in (0: a word is missing)."""
    sizes = []
    for word in _words(q, reader):
        if word is None:
            return 0
        sizes.append(reader.doc_frequency(q.fieldname, word))
    return min(sizes) if sizes else 0


def evaluate_phrase(q: wq.Phrase, searcher, lengths, cancel: Cancel | None, at: list[int] | None = None) -> dict:
    """{docnum: [score, (field, word), value, ...]} (as flat.py keeps
    them) of the documents (among `at`) where q's words stand together."""
    reader = searcher.reader()
    fieldname = q.fieldname
    words = _words(q, reader)
    if not words or any(w is None for w in words):
        return {}
    order = sorted(range(len(words)), key=lambda i: reader.doc_frequency(fieldname, words[i]))
    first = order[0]
    found: dict[int, list] = {}  # docnum -> [(tf, value) by word index]
    first_postings = read(reader, fieldname, words[first]) if at is None else among(reader, fieldname, words[first], at)
    for docnum, tf, value in first_postings:
        slot = [None] * len(words)
        slot[first] = (tf, value)
        found[docnum] = slot
    for i in order[1:]:
        check(cancel)
        if not found:
            return {}
        kept: dict[int, list] = {}
        for docnum, tf, value in among(reader, fieldname, words[i], sorted(found)):
            slot = found[docnum]
            slot[i] = (tf, value)
            kept[docnum] = slot
        found = kept
    check(cancel)
    decode = searcher.schema[fieldname].format.decode_positions
    field_lengths = lengths(reader, fieldname)
    scorers = [searcher.weighting.scorer(searcher, fieldname, w) for w in words]
    terms = [(fieldname, w) for w in words]
    boost = q.boost
    out: dict[int, list] = {}
    for docnum, slot in found.items():
        if not _adjacent([decode(value) for _tf, value in slot]):
            continue
        scores = []
        for scorer, (tf, _value) in zip(scorers, slot):
            # whoosh.scoring.bm25 written out, as flat.py does
            idf, avgfl, B, K1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
            scores.append(idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * field_lengths[docnum] / avgfl))))
        score = _tree_sum(scores)
        entry = [score * boost if boost != 1.0 else score]
        for term, (_tf, value) in zip(terms, slot):
            entry.append(term)
            entry.append(value)
        out[docnum] = entry
    return out


def _words(q: wq.Phrase, reader) -> list[bytes | None]:
    field = reader.schema[q.fieldname]
    out: list[bytes | None] = []
    for text in q.words:
        try:
            word = field.to_bytes(text)
        except ValueError:
            return [None]
        out.append(word if (q.fieldname, word) in reader else None)
    return out


def _adjacent(positions: list[list[int]]) -> bool:
    """Whether some position p of the first word has word k at p + k."""
    rest = [set(p) for p in positions[1:]]
    return any(all(p + k in s for k, s in enumerate(rest, 1)) for p in positions[0])


def _tree_sum(scores: list[float]) -> float:
    """The sum in the order of whoosh.util.make_binary_tree (a + (b + c)
    for three): floating-point sums depend on the order."""
    if len(scores) == 1:
        return scores[0]
    half = len(scores) // 2
    return _tree_sum(scores[:half]) + _tree_sum(scores[half:])
