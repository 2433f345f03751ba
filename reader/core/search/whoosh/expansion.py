"""Bounded expansion of a Whoosh query's wildcards, prefixes, fuzzy terms and
ranges of words, and collectors that a cancelled search stops.

Whoosh expands such a term once per segment, in full, and matches the union
of every word it finds: `*a*` is most of the vocabulary (seconds, hundreds of
MB). Here bind() replaces each one by a copy whose words are chosen once for
the whole search, from the segments' vocabularies (whoosh/vocabulary.py),
within reader.core.search.budget.Limits: the most common words of a pattern,
the closest of a fuzzy term, the first of a range. A term cut short leaves a
note for the results. Below the limits a term stands for the words Whoosh's
own expansion finds in each segment, in the same order (a fuzzy term's edits
are counted as the Tantivy engine counts them: a swap of neighbours is one).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from itertools import islice

from whoosh import query as wq

from reader.core.search.budget import Cancel, Limits, check, widened_note
from reader.core.search.whoosh.queries import term_text, walk
from reader.core.search.whoosh.union import union_matcher
from reader.core.search.whoosh.vocabulary import FIELDS, WORD, SegmentWords

SegmentVocabulary = Callable[[object], SegmentWords]  # a SegmentReader -> its words
FieldLengths = Callable[[object, str], list]  # (a SegmentReader, field) -> its length in each document
_EXPANDING = (wq.Prefix, wq.Wildcard, wq.FuzzyTerm, wq.TermRange)


class Expansion:
    """The words each expanding term of one query stands for, chosen once
    (every segment's matcher and the highlighter ask again)."""

    def __init__(self, top_reader, vocabulary: SegmentVocabulary, lengths: FieldLengths, terms: int,
                 limits: Limits, cancel: Cancel | None = None, text: str = "") -> None:
        """text: the query as the parser read it, for the notes."""
        self.top_reader = top_reader
        self.text = text
        self.vocabulary = vocabulary
        self.lengths = lengths
        self.per_term, self.postings = limits.share(terms)
        self.cancel = cancel
        self.fields = {name for name in FIELDS if name in top_reader.schema}  # those with a vocabulary
        self._chosen: dict[tuple, list[bytes]] = {}
        self.matchers: dict[tuple, object] = {}  # the unions built, by term and segment
        self._notes: dict[str, int] = {}  # display text -> words kept (the most over its fields)

    @property
    def notes(self) -> tuple[str, ...]:
        return tuple(widened_note(text, kind, kept) for (text, kind), kept in self._notes.items())

    def words(self, leaf) -> list[bytes]:
        key = _key(leaf)
        chosen = self._chosen.get(key)
        if chosen is None:
            check(self.cancel)
            chosen = self._choose(leaf)
            self._chosen[key] = chosen
        return chosen

    def _choose(self, leaf) -> list[bytes]:
        kind, ranked = self._ranked(leaf)
        taken: list[str] = []
        postings = 0
        for word, df in ranked:
            if len(taken) >= self.per_term or (taken and postings + df > self.postings):
                key = (_display(leaf, self.text), kind)
                self._notes[key] = max(self._notes.get(key, 0), len(taken))
                break
            taken.append(word)
            postings += df
        return sorted(w.encode("utf-8") for w in taken)

    def _ranked(self, leaf) -> tuple[str, list[tuple[str, int]]]:
        """(kind, [(word, document frequency)] best first): at most one word
        past what a term may take, enough to tell that it was cut short."""
        fieldname = leaf.fieldname
        segments = [r for r, _ in self.top_reader.leaf_readers()]
        found: dict[str, list[int]] = {}  # word -> [df over segments, edits]
        if isinstance(leaf, wq.FuzzyTerm) and fieldname in self.fields:
            text = leaf.text
            prefix = text[: min(int(leaf.prefixlength or 0), len(text))]
            for segment in segments:
                check(self.cancel)
                words = self.vocabulary(segment).field(fieldname)
                for word, df, edits in words.near(text, int(leaf.maxdist), prefix) if words else ():
                    entry = found.setdefault(word, [0, edits])
                    entry[0] += df
            ranked = sorted(found.items(), key=lambda kv: (kv[1][1], -kv[1][0], kv[0]))
            return "fuzzy", [(w, v[0]) for w, v in islice(ranked, self.per_term + 1)]
        pattern = _word_pattern(leaf)
        if pattern is not None and fieldname in self.fields:
            for segment in segments:
                check(self.cancel)
                words = self.vocabulary(segment).field(fieldname)
                for word, df in words.matching(pattern, self.per_term + 1) if words else ():
                    found.setdefault(word, [0, 0])[0] += df
            ranked = sorted(found.items(), key=lambda kv: (-kv[1][0], kv[0]))
            return "pattern", [(w, v[0]) for w, v in islice(ranked, self.per_term + 1)]
        # A range of words, or a field without a vocabulary (ids, URLs):
        # Whoosh's own walk of the merged dictionary, in its order, cut short.
        kind = "range" if isinstance(leaf, wq.TermRange) else "pattern"
        walk_dictionary = _ORIGINAL[type(leaf)]._btexts
        words = [term_text(b) for b in islice(walk_dictionary(leaf, self.top_reader), self.per_term + 1)]
        return kind, [(w, self.top_reader.doc_frequency(fieldname, w)) for w in words]


class _Bounded:
    """Mixed into copies of Whoosh's expanding queries: their words come from
    the search's Expansion; each segment gets those it holds."""

    expansion: Expansion

    def _btexts(self, ixreader):
        fieldname = self.fieldname
        return [w for w in self.expansion.words(self) if (fieldname, w) in ixreader]

    def matcher(self, searcher, context=None):
        # Asked twice per segment when a search counts its matches after
        # skipping blocks: the union is built once.
        key = (_key(self), id(searcher.reader()), context.weighting if context and not self.constantscore else None)
        built = self.expansion.matchers.get(key)
        if built is not None:
            return built.copy()
        words = self._btexts(searcher.reader())
        if len(words) > 1:
            lengths = self.expansion.lengths(searcher.reader(), self.fieldname)
            m = union_matcher(searcher, context, self.fieldname, words, self.boost, self.constantscore, lengths)
            if m is not None:
                self.expansion.matchers[key] = m
                return m.copy()
        return super().matcher(searcher, context)


class _Prefix(_Bounded, wq.Prefix):
    pass


class _Wildcard(_Bounded, wq.Wildcard):
    pass


class _Fuzzy(_Bounded, wq.FuzzyTerm):
    pass


class _Range(_Bounded, wq.TermRange):
    pass


_BOUNDED = {wq.Prefix: _Prefix, wq.Wildcard: _Wildcard, wq.FuzzyTerm: _Fuzzy, wq.TermRange: _Range}
_ORIGINAL = {bounded: original for original, bounded in _BOUNDED.items()}


def expanding_terms(q: wq.Query) -> int:
    """How many distinct expanding terms a query has (they share the budget)."""
    return len({_key(n) for n in walk(q) if isinstance(n, _EXPANDING) and n.fieldname})


def bind(q: wq.Query, expansion: Expansion) -> wq.Query:
    """q with each expanding term drawing its words from expansion."""
    bounded = _BOUNDED.get(type(q))
    if bounded is not None:
        out = copy.copy(q)
        out.__class__ = bounded
        out.expansion = expansion
        return out
    return q.apply(lambda child: bind(child, expansion))


def every_document(q: wq.Query) -> wq.Query:
    """`*` and `field:*` as every article: Whoosh's Every(field) reads the
    postings of every word of the field (8 s for `*` on 5,000 articles);
    the Tantivy engine answers them as every article too."""
    if isinstance(q, wq.Every):
        return wq.Every(boost=q.boost)
    q = q.apply(every_document)
    if isinstance(q, wq.Or) and q.subqueries and all(isinstance(s, wq.Every) for s in q.subqueries):
        return wq.Every(boost=q.boost)
    return q


def _key(leaf) -> tuple:
    if isinstance(leaf, wq.FuzzyTerm):
        return ("fuzzy", leaf.fieldname, leaf.text, int(leaf.maxdist), int(leaf.prefixlength or 0))
    if isinstance(leaf, wq.TermRange):
        return ("range", leaf.fieldname, leaf.start, leaf.end, leaf.startexcl, leaf.endexcl)
    return (_ORIGINAL.get(type(leaf), type(leaf)).__name__, leaf.fieldname, leaf.text)


def _display(leaf, text: str) -> str:
    """The term as the reader wrote it: the word of the query text at the
    leaf's position (Whoosh's positions point somewhere inside it), else
    rebuilt from the leaf (stemmed, as the index holds it)."""
    at = getattr(leaf, "startchar", None)
    if isinstance(at, int) and 0 <= at < len(text) and not text[at].isspace():
        start, end = at, at
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        word = text[start:end].strip("()").lstrip("+-")
        if word:
            return word
    if isinstance(leaf, wq.FuzzyTerm):
        return f"{leaf.text}~" + (str(int(leaf.maxdist)) if int(leaf.maxdist) > 1 else "")
    if isinstance(leaf, wq.TermRange):
        return f"[{leaf.start or ''} to {leaf.end or ''}]"
    if isinstance(leaf, wq.Prefix):
        return f"{leaf.text}*"
    return str(leaf.text)


def _word_pattern(leaf) -> str | None:
    """A regular expression over vocabulary words for a prefix or a wildcard
    (None: not one, or a wildcard with a [set], left to Whoosh)."""
    if isinstance(leaf, wq.Prefix):
        return re.escape(leaf.text) + WORD + "*"
    if isinstance(leaf, wq.Wildcard) and "[" not in leaf.text:
        return "".join(WORD + "*" if c == "*" else WORD if c == "?" else re.escape(c) for c in leaf.text)
    return None
