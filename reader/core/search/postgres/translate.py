"""A query tree of the one query language to SQL over the engine's tables.

The tree comes from the one parser (reader.core.search.parser) over the
schema that does not stem, as for Tantivy: the words arrive as the reader
typed them, lowercased, and are stemmed here as the index stems them
(reader.core.search.postgres.analysis). Stop words and one-letter words are
left out of plain terms and kept in phrases, as in the other engines.

Title and body words are one tsvector (`words`: title weight A, body D), so
a field is a weight (`'elect':A` is title:election); source and byline are
another (`labels`: source A, byline B). A subtree over one of them becomes
one tsquery (one GIN scan); dates, URLs and mixed subtrees become SQL.
Prefixes are tsquery prefixes (`'grind':*`); fuzzy terms, wildcards and
ranges of words are widened against the vocabulary (the search_terms table,
pg_trgm), bounded as in the other engines (reader.core.search.budget).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from whoosh import query as wq

from reader.core.search.budget import LIMITS, widened_note
from reader.core.search.errors import QueryError
from reader.core.search.fields import DATE_FIELDS, PLAIN_FIELDS, SEARCH_FIELDS, STEMMED_FIELDS
from reader.core.search.parser import DATE_HELP, nothing_to_search
from reader.core.search.passages import TOKEN
from reader.core.search.postgres.parts import ALL, NONE, Part, and_, lexeme, like_escape, negate, or_, regex, to_sql, utc
from reader.core.search.postgres.vocabulary import Vocabulary
from reader.core.search.tantivy.translation import Leaf, Translation, covers_stop_word, is_stop_word

MAX_FUZZY = 2  # as the Tantivy engine: fuzzy_candidates and pg_trgm find up to two edits
MAX_SLOP = 20
# A word without a field is looked for in the title and the body: one
# lexeme of any weight ('pay'), not 'pay':A | 'pay':D, which ts_rank_cd
# takes four times as long to rank.
BOTH = "title|body"
# field -> (tsvector column, weight, vocabulary kind)
COLUMNS = {"title": ("words", "A", "w"), "body": ("words", "D", "w"), BOTH: ("words", "", "w"),
           "source": ("labels", "A", "l"), "byline": ("labels", "B", "l")}
STEMMED = (*STEMMED_FIELDS, BOTH)
RAW_COLUMNS = {"id": "d.id", "url": "d.url", "source_exact": "lower(d.source)"}




@dataclass
class PgTranslation(Translation):
    where: str = "TRUE"
    params: tuple = ()
    rank: str = ""  # a tsquery of the positive words, for ts_rank_cd ("" : none)
    notes: list[str] = field(default_factory=list)


Analyse = Callable[[str, str], list[str]]  # (field, text) -> analysed words
Stem = Callable[[str], str]


class Translator:
    """One translation (not shared between threads: it keeps what it found)."""

    def __init__(self, analyse: Analyse, stem: Stem, vocabulary: Vocabulary):
        self.analyse = analyse
        self.stem = stem
        self.vocabulary = vocabulary
        self.out = PgTranslation(query=None)
        self._rank: list[str] = []
        self._share = LIMITS.share(1)

    def translate(self, tree: wq.Query, text: str) -> PgTranslation:
        self._share = LIMITS.share(_expanding(tree))
        part = self._node(tree, negated=False)
        if part is None:
            raise QueryError(nothing_to_search(text))
        where, params = to_sql(part)
        out = self.out
        out.query, out.where, out.params = part, where, tuple(params)
        out.rank = " | ".join(dict.fromkeys(self._rank))
        return out

    # --- the tree --------------------------------------------------------
    def _node(self, node, negated: bool) -> Part | None:
        if isinstance(node, type(wq.NullQuery)):
            return None
        if isinstance(node, wq.Not):
            return negate(self._node(node.query, not negated))
        if isinstance(node, wq.AndNot):
            return and_([self._node(node.a, negated), negate(self._node(node.b, not negated))])
        if isinstance(node, wq.AndMaybe):
            self._node(node.b, negated)  # ranks, never filters
            return self._node(node.a, negated)
        if isinstance(node, wq.Require):
            return and_([self._node(node.a, negated), self._node(node.b, negated)])
        if isinstance(node, (wq.DisjunctionMax, wq.Or)):
            both = _title_and_body(node)
            if both is not None:
                return self._node(both, negated)
            return or_([self._node(c, negated) for c in node.subqueries])
        if isinstance(node, wq.And):
            return and_([self._node(c, negated) for c in node.subqueries])
        if isinstance(node, wq.Every):
            return ALL
        if isinstance(node, wq.DateRange):
            return _date_range(node)
        if isinstance(node, wq.TermRange):
            return self._term_range(node, negated)
        if isinstance(node, wq.NumericRange):
            raise QueryError(f"{node.fieldname}: is not a number or date field, so it takes no range")
        if isinstance(node, wq.Phrase):
            return self._phrase(node, negated)
        if isinstance(node, wq.FuzzyTerm):
            return self._fuzzy(node, negated)
        if isinstance(node, wq.Prefix):
            return self._prefix(node, negated)
        if isinstance(node, wq.Wildcard):
            return self._wildcard(node, negated)
        if isinstance(node, wq.Term):
            return self._term(node, negated)
        raise QueryError(f"the postgres engine cannot search with this part of the query: {node}")

    # --- leaves ----------------------------------------------------------
    def _words(self, fieldname: str, text: str) -> list[str]:
        if fieldname in STEMMED or fieldname in PLAIN_FIELDS:
            return self.analyse("body" if fieldname == BOTH else fieldname, text)
        raise QueryError(f"{fieldname}: cannot be searched as text")

    def _note(self, fieldname: str, words, negated: bool) -> None:
        for f in SEARCH_FIELDS if fieldname == BOTH else (fieldname,):
            for w in words:
                if negated:
                    self.out.negated.add((f, w))
                else:
                    self.out.leaves.append(Leaf(f, "word", w))

    def _ts(self, fieldname: str, query: str, negated: bool) -> Part:
        col = COLUMNS[fieldname][0]
        if col == "words" and not negated:
            self._rank.append(query)
        return Part("ts", col, query)

    def _not_a_date(self, fieldname: str, text: str) -> None:
        if fieldname in DATE_FIELDS:
            raise QueryError(f"not a date: {text!r} ({DATE_HELP})")

    def _term(self, node: wq.Term, negated: bool) -> Part | None:
        fieldname, text = node.fieldname, str(node.text)
        self._not_a_date(fieldname, text)
        if fieldname in RAW_COLUMNS:
            return Part("sql", text=f"{RAW_COLUMNS[fieldname]} = %s", params=(text,))
        if fieldname in STEMMED and is_stop_word(text):
            return None
        words = self._words(fieldname, text)
        if not words:
            return None
        self._note(fieldname, words, negated)
        weight = COLUMNS[fieldname][1]
        # "u.s" is one word to Whoosh and two here: keep them together
        return self._ts(fieldname, " <-> ".join(lexeme(w, weight) for w in words), negated)

    def _phrase(self, node: wq.Phrase, negated: bool) -> Part | None:
        fieldname = node.fieldname
        self._not_a_date(fieldname, " ".join(node.words))
        if fieldname in RAW_COLUMNS:
            return Part("sql", text=f"{RAW_COLUMNS[fieldname]} = %s", params=(" ".join(node.words),))
        words = [w for text in node.words for w in self._words(fieldname, str(text))]
        if not words:
            return None
        self.out.phrase_lengths.append(len(words))
        self._note(fieldname, words, negated)
        weight = COLUMNS[fieldname][1]
        lex = [lexeme(w, weight) for w in words]
        slop = min(MAX_SLOP, max(1, int(node.slop or 1)))
        if len(lex) == 1 or slop == 1:
            query = " <-> ".join(lex)
        else:
            # within slop positions of each other, in order: each pair of neighbours (exact for two words)
            query = " & ".join(
                "(" + " | ".join(f"{a} <{d}> {b}" for d in range(1, slop + 1)) + ")" for a, b in zip(lex, lex[1:])
            )
        return self._ts(fieldname, query, negated)

    def _fuzzy(self, node: wq.FuzzyTerm, negated: bool) -> Part | None:
        fieldname, text = node.fieldname, str(node.text)
        maxdist, prefixlength = int(node.maxdist), int(node.prefixlength or 0)
        if maxdist > MAX_FUZZY:
            raise QueryError(f"fuzzy terms allow at most {MAX_FUZZY} edits here: write {text}~1 or {text}~2")
        self._not_a_date(fieldname, text)
        if fieldname in RAW_COLUMNS:
            return self._term(node, negated)
        words = self._words(fieldname, text)
        if not words:
            return None
        weight, kind = COLUMNS[fieldname][1], COLUMNS[fieldname][2]
        parts = []
        for w in words:
            found = [w]
            if maxdist:
                found, cut = self.vocabulary.fuzzy(kind, w, maxdist, prefixlength, *self._share)
                self.out.index_dependent = True
                if cut:
                    self.out.notes.append(widened_note(text + "~", "fuzzy", len(found)))
                found = found or [w]
            self._note(fieldname, found, negated)
            parts.append(" | ".join(lexeme(f, weight) for f in found))
        return self._ts(fieldname, " & ".join(f"({p})" for p in parts), negated)

    def _prefix(self, node: wq.Prefix, negated: bool) -> Part | None:
        fieldname, text = node.fieldname, str(node.text).lower()
        self._not_a_date(fieldname, text + "*")
        if fieldname in RAW_COLUMNS:
            return Part("sql", text=f"{RAW_COLUMNS[fieldname]} LIKE %s", params=(like_escape(node.text) + "%",))
        if fieldname not in COLUMNS:
            raise QueryError(f"{fieldname}: cannot be searched with a wildcard")
        if not TOKEN.fullmatch(text):  # 'u.s*': the words before, then the prefix
            return self._wildcard(wq.Wildcard(fieldname, text + "*"), negated)
        if fieldname in STEMMED and covers_stop_word(text):
            # 'a:*' would match the stop words the index holds for phrases (a, and, as...): a prefix,
            # like a wildcard, stands only for the words a plain term could be, as in Whoosh's index
            return self._wildcard(wq.Wildcard(fieldname, text + "*"), negated)
        if not negated:
            pattern = re.compile(re.escape(text) + ".*")
            for f in SEARCH_FIELDS if fieldname == BOTH else (fieldname,):
                self.out.leaves.append(Leaf(f, "pattern", text, pattern=pattern, literal_prefix=text))
        return self._ts(fieldname, lexeme(text, COLUMNS[fieldname][1], prefix=True), negated)

    def _wildcard(self, node: wq.Wildcard, negated: bool) -> Part | None:
        fieldname, text = node.fieldname, str(node.text).lower()
        self._not_a_date(fieldname, text)
        if fieldname in RAW_COLUMNS:
            return Part("sql", text=f"{RAW_COLUMNS[fieldname]} ~ %s", params=("^" + regex(text) + "$",))
        if fieldname not in COLUMNS:
            raise QueryError(f"{fieldname}: cannot be searched with a wildcard")
        expression = regex(text)
        if fieldname in STEMMED and text[-1:] not in ("*", "?"):
            # Whoosh stems the text of a wildcard (elect?ons -> elect?on): match either form
            stemmed = self.stem(text)
            if stemmed and stemmed != text:
                expression = f"(?:{expression}|{regex(stemmed)})"
        found, cut = self.vocabulary.pattern(COLUMNS[fieldname][2], "^" + expression + "$", *self._share)
        self.out.index_dependent = True
        if cut:
            self.out.notes.append(widened_note(text, "pattern", len(found)))
        if not found:
            return NONE
        self._note(fieldname, found, negated)
        weight = COLUMNS[fieldname][1]
        return self._ts(fieldname, " | ".join(lexeme(f, weight) for f in found), negated)

    def _term_range(self, node: wq.TermRange, negated: bool) -> Part | None:
        fieldname = node.fieldname
        if fieldname in DATE_FIELDS:
            raise QueryError(f"not a date range: {node} ({DATE_HELP})")
        bounds: list[str | None] = []
        for value in (node.start, node.end):
            if value is None:
                bounds.append(None)
                continue
            value = str(value).lower()
            if not TOKEN.fullmatch(value):
                raise QueryError(
                    f"a range of words takes single words as bounds here ({fieldname}:[alpha to beta]); "
                    "dates are written date:[2024-01 to 2024-06]"
                )
            words = self._words(fieldname, value) if fieldname not in RAW_COLUMNS else [value]
            if len(words) != 1:
                raise QueryError(f"not a word to bound a range with: {value!r}")
            bounds.append(words[0])
        if bounds == [None, None]:
            return ALL
        low_op = ">" if node.startexcl else ">="
        high_op = "<" if node.endexcl else "<="
        if fieldname in RAW_COLUMNS:
            conds, params = [], []
            for bound, op in zip(bounds, (low_op, high_op)):
                if bound is not None:
                    conds.append(f"{RAW_COLUMNS[fieldname]} {op} %s")
                    params.append(bound)
            return Part("sql", text=" AND ".join(conds), params=tuple(params))
        if fieldname not in COLUMNS:
            raise QueryError(f"{fieldname}: cannot be searched with a range of words")
        found, cut = self.vocabulary.between(COLUMNS[fieldname][2], bounds[0], bounds[1], low_op, high_op, *self._share)
        self.out.index_dependent = True
        if cut:
            self.out.notes.append(widened_note(f"{fieldname}:{node.start}..{node.end}", "range", len(found)))
        if not found:
            return NONE
        self._note(fieldname, found, negated)
        weight = COLUMNS[fieldname][1]
        return self._ts(fieldname, " | ".join(lexeme(f, weight) for f in found), negated)


def _date_range(node: wq.DateRange) -> Part:
    if node.fieldname not in DATE_FIELDS:
        raise QueryError(f"{node.fieldname}: is not a date field")
    conds, params = ["d.published IS NOT NULL"], []
    for value, op in ((utc(node.startdate), ">" if node.startexcl else ">="), (utc(node.enddate), "<" if node.endexcl else "<=")):
        if value is not None:
            conds.append(f"d.published {op} %s")
            params.append(value)
    # IS NOT NULL first: NOT date:2024 then keeps the articles without a date, as in the other engines
    return Part("sql", text=" AND ".join(conds), params=tuple(params))


def _title_and_body(node) -> wq.Query | None:
    """The one leaf a word without a field stands for, in both fields
    (fieldname BOTH), when node is the parser's Or of it in title and in
    body; else None."""
    subs = list(node.subqueries)
    if len(subs) != 2 or type(subs[0]) is not type(subs[1]) or any(list(q.children()) for q in subs):
        return None
    if {getattr(q, "fieldname", None) for q in subs} != set(SEARCH_FIELDS):
        return None
    a, b = (dict(vars(q)) for q in subs)
    for d in (a, b):
        d.pop("fieldname", None)
        d.pop("boost", None)
    if a != b:
        return None
    both = copy.copy(subs[0])
    both.fieldname = BOTH
    return both


def _expanding(tree: wq.Query) -> int:
    """How many terms of the tree are widened against the vocabulary."""
    n = 1 if isinstance(tree, (wq.FuzzyTerm, wq.Wildcard, wq.TermRange)) and not isinstance(tree, wq.DateRange) else 0
    return n + sum(_expanding(c) for c in tree.children())
