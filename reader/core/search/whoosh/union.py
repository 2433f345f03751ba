"""One matcher for the words an expanding term stands for.

Whoosh matches a wildcard or fuzzy term as a tree of union matchers over its
words, one leaf per word, walked in Python document by document and pruned
by block quality at every step: with a few dozen words that is most of a
search's time (`coming~` 100 ms, `*a*` 800 ms on 5,000 articles). Here the
words' postings are read once, scored as Whoosh scores them (BM25F, the
same scorer per word), and summed per document into one sorted list, which
the collector walks like any other matcher, skipping blocks below the score
it needs. TermsCollector still sees one term matcher per word (a view on the
list), so snippets highlight the words each hit holds.
"""

from __future__ import annotations

from bisect import bisect_left

from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.matching import Matcher, NullMatcher
from whoosh.scoring import BM25FScorer
from whoosh.util.numeric import byte_to_length

from reader.core.search.whoosh.postings import read

BLOCK = 64  # documents per block, for the collector's quality skipping


def union_matcher(searcher, context, fieldname: str, words: list[bytes], boost: float,
                  constantscore: bool, lengths: list[int]) -> Matcher | None:
    """The union of words' postings in searcher's segment as one matcher, or
    None when the field is not scored with BM25F (left to Whoosh).

    Scored as MultiTerm.matcher scores it: a "constant score" term asks for
    no weighting, and Whoosh then falls back to the searcher's. lengths: the
    segment's field length of each document (field_lengths())."""
    given = context.weighting if context is not None and not constantscore else None
    weighting = given or searcher.weighting
    reader = searcher.reader()
    scores: dict[int, float] = {}
    terms: dict[int, list[bytes]] = {}
    for word in words:
        scorer = weighting.scorer(searcher, fieldname, word)
        if type(scorer) is not BM25FScorer:
            return None
        # whoosh.scoring.bm25, written out (the same operations in the same
        # order, so the same scores), saving two calls a posting
        idf, avgfl, B, K1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
        for docnum, tf, _value in read(reader, fieldname, word):
            score = idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * lengths[docnum] / avgfl)))
            if docnum in scores:
                scores[docnum] += score
                terms[docnum].append(word)
            else:
                scores[docnum] = score
                terms[docnum] = [word]
    if not scores:
        return NullMatcher()
    ids = sorted(scores)
    values = [scores[i] * boost for i in ids] if boost != 1.0 else [scores[i] for i in ids]
    return ScoredList(ids, values, [terms[i] for i in ids], fieldname, words)


def field_lengths(reader, fieldname: str) -> list[int]:
    """A segment's length of fieldname in each document, as BM25F reads it
    (searcher.doc_field_length): read in one go from the lengths column where
    it can be (whoosh-reloaded is pinned), else a document at a time."""
    count = reader.doc_count_all()
    try:
        column = reader._perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
        if column is not None and column._fixedlen == 1:
            raw = column._dbfile.get(column._basepos, column._count)
            lengths = [byte_to_length(b) if b else 1 for b in raw]
            return lengths + [1] * (count - len(lengths))
    except (AttributeError, TypeError):
        pass
    return [reader.doc_field_length(d, fieldname, 1) or 1 for d in range(count)]


class ScoredList(Matcher):
    """Documents in order with their scores and the words each holds."""

    def __init__(self, ids: list[int], scores: list[float], terms: list[list[bytes]], fieldname: str,
                 words: list[bytes], position: int = 0) -> None:
        self._ids = ids
        self._scores = scores
        self._terms = terms
        self._fieldname = fieldname
        self._words = words
        self._i = position
        maxima = [max(scores[b : b + BLOCK]) for b in range(0, len(scores), BLOCK)]
        self._block_max = maxima
        # the best score from each block on, for max_quality()
        self._rest_max = maxima[:]
        for b in range(len(maxima) - 2, -1, -1):
            self._rest_max[b] = max(maxima[b], self._rest_max[b + 1])

    def __repr__(self):
        return f"<ScoredList {self._fieldname} {len(self._words)} words, {len(self._ids)} docs>"

    def copy(self):
        twin = object.__new__(ScoredList)
        twin.__dict__.update(self.__dict__)
        return twin

    def is_active(self):
        return self._i < len(self._ids)

    def reset(self):
        self._i = 0

    def id(self):
        return self._ids[self._i]

    def score(self):
        return self._scores[self._i]

    def weight(self):
        return float(len(self._terms[self._i]))

    def value(self):
        return ""

    def supports(self, astype):
        return False

    def next(self):
        self._i += 1
        return self._i % BLOCK == 0  # entered a new block

    def skip_to(self, id):
        if self.is_active() and id > self._ids[self._i]:
            self._i = bisect_left(self._ids, id, self._i)

    def all_ids(self):
        return iter(self._ids[self._i :])

    def supports_block_quality(self):
        return True

    def block_quality(self):
        return self._block_max[self._i // BLOCK]

    def max_quality(self):
        return self._rest_max[self._i // BLOCK] if self.is_active() else 0.0

    def skip_to_quality(self, minquality):
        skipped = 0
        while self.is_active() and self._block_max[self._i // BLOCK] <= minquality:
            self._i = (self._i // BLOCK + 1) * BLOCK
            skipped += 1
        return skipped

    def replace(self, minquality=0):
        if not self.is_active() or (minquality and self.max_quality() < minquality):
            return NullMatcher()
        return self

    def term(self):
        return None

    def term_matchers(self):
        for word in self._words:
            yield _WordView(self, word)

    def matching_terms(self, id=None):
        if self.is_active() and (id is None or id == self.id()):
            for word in self._terms[self._i]:
                yield self._fieldname, word


class _WordView:
    """One word of a ScoredList as a term matcher (for TermsCollector): it
    matches the list's current document when the document holds the word."""

    __slots__ = ("owner", "word")

    def __init__(self, owner: ScoredList, word: bytes) -> None:
        self.owner = owner
        self.word = word

    def is_active(self):
        return self.owner.is_active()

    def id(self):
        owner = self.owner
        return owner.id() if self.word in owner._terms[owner._i] else -1

    def term(self):
        return self.owner._fieldname, self.word
