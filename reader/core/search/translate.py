"""One query language for every engine: Whoosh's syntax, parsed by Whoosh's
own parser, and translated into a Tantivy query.

The parser is configured as the Whoosh engine's (the same fields, plugins,
aliases and checks), but over a copy of the schema whose text fields do not
stem: the terms arrive lowercased, as the reader typed them, and the
translation lets the target engine analyse (stem) them its own way. Whoosh's
own StemmingAnalyzer also drops stop words and one-letter words from plain
terms; the translation does the same, so that "the election" means the same
thing in both engines. Inside a phrase stop words are kept (the Tantivy index
keeps them), so a phrase matches exactly as written.

Besides the Tantivy query, a translation keeps the positive leaves of the
query (the words, patterns and fuzzy terms that a matching document is
highlighted for) and the words under a negation, for snippets and
highlighting.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache

import tantivy
from rapidfuzz.distance import OSA
from whoosh import fields, qparser
from whoosh import query as wq
from whoosh.analysis import STOP_WORDS, LowercaseFilter, RegexTokenizer
from whoosh.qparser.dateparse import DateParserPlugin

from reader.core.search.query import QueryError, check_query
from reader.core.search.whoosh_engine import DATE_HELP, FIELD_ALIASES, SEARCH_FIELDS, compact_dates, make_schema

# How fields are analysed on the Tantivy side (names of Tantivy tokenizers).
STEMMED_FIELDS = ("title", "body")  # "en_stem": words, lowercased, Snowball English
PLAIN_FIELDS = ("source", "byline")  # "default": words, lowercased
RAW_FIELDS = ("id", "url", "source_exact", "entity")  # "raw": the whole value is one term
DATE_FIELDS = ("published",)
FIELD_BOOSTS = {"title": 2.0}
MAX_FUZZY = 2  # Tantivy's Levenshtein automata go up to two edits
_WORD = re.compile(r"[^\W_]+")
_DATE_FIELD = re.compile(r"\b(?:date|published):")
# Characters that Tantivy's regex syntax treats as operators (regex-syntax's escape set).
_REGEX_META = set("\\.+*?()|[]{}^$#&-~")


# --- the parser -------------------------------------------------------------
def plain_schema() -> fields.Schema:
    """The Whoosh engine's schema with title and body analysed without
    stemming or stop words: what the parser sees is what the reader typed."""
    schema = make_schema()
    plain = RegexTokenizer() | LowercaseFilter()
    for name in SEARCH_FIELDS:
        schema.remove(name)
        schema.add(name, fields.TEXT(analyzer=plain, stored=True, chars=True))
    return schema


def make_parser(schema: fields.Schema, date_error: Callable[[str], None]) -> qparser.QueryParser:
    """The query parser of the reader's query language over a schema (the
    configuration WhooshEngine.parser uses)."""
    parser = qparser.MultifieldParser(list(SEARCH_FIELDS), schema)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(qparser.GtLtPlugin())
    parser.add_plugin(qparser.PlusMinusPlugin())
    parser.add_plugin(qparser.FieldAliasPlugin(FIELD_ALIASES))
    parser.add_plugin(DateParserPlugin(free=False, callback=date_error))
    return parser


class QuerySyntax:
    """Query text to a Whoosh query tree whose terms are not stemmed."""

    def __init__(self) -> None:
        self.schema = plain_schema()
        self._date_errors: list[str] = []
        self._parser = make_parser(self.schema, self._date_errors.append)
        self._lock = threading.Lock()

    def parse(self, text: str) -> wq.Query:
        check_query(text, self.schema.names(), FIELD_ALIASES)
        with self._lock:
            self._date_errors.clear()
            try:
                q = self._parser.parse(compact_dates(text))
            except Exception as exc:  # whoosh raises bare Exception (or ValueError) for bad dates
                if _DATE_FIELD.search(text):
                    raise QueryError(f"not a date or date range: {text.strip()!r} ({DATE_HELP})") from exc
                if isinstance(exc, (IndexError, AttributeError, TypeError)):  # the parser tripped over its own tree
                    raise QueryError(
                        f"cannot read the query {text.strip()!r}: check its operators (AND, OR and NOT need words beside them)"
                    ) from exc
                raise QueryError(one_line(exc)) from exc
            if self._date_errors:
                raise QueryError(f"not a date: {self._date_errors[0]!r} ({DATE_HELP})")
        if isinstance(q, type(wq.NullQuery)):
            raise QueryError(nothing_to_search(text))
        return q


def nothing_to_search(text: str) -> str:
    return f"nothing to search for in {text.strip()!r} (only operators, punctuation or very short words)"


def one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


# --- what a translation keeps for highlighting ------------------------------
@dataclass(frozen=True)
class Leaf:
    """A positive leaf of a query: what a matching document is highlighted for.

    kind: "word" (an analysed word of a term or of a phrase), "pattern" (a
    prefix or wildcard, as a regex over analysed words) or "fuzzy"."""

    field: str
    kind: str
    text: str
    pattern: re.Pattern | None = None
    literal_prefix: str = ""
    maxdist: int = 0
    prefixlength: int = 0
    expanded: frozenset[str] | None = None  # a fuzzy leaf's words in the index, where known

    def matches(self, word: str) -> bool:
        if self.kind == "word":
            return word == self.text
        if self.kind == "pattern":
            return self.pattern is not None and self.pattern.fullmatch(word) is not None
        if self.prefixlength and not word.startswith(self.text[: self.prefixlength]):
            return False
        return OSA.distance(word, self.text, score_cutoff=self.maxdist) <= self.maxdist

    def candidates(self, maxdist: int | None = None) -> frozenset[str]:
        """A fuzzy leaf's possible words: every string within its edit
        distance (the index is then asked which of them it holds)."""
        return fuzzy_candidates(self.text, self.maxdist if maxdist is None else maxdist, self.prefixlength)


@dataclass
class Translation:
    query: object  # tantivy.Query
    leaves: list[Leaf] = field(default_factory=list)
    negated: set[tuple[str, str]] = field(default_factory=set)
    phrase_lengths: list[int] = field(default_factory=list)
    index_dependent: bool = False

    def shortest_phrase(self) -> int:
        return min(self.phrase_lengths) if self.phrase_lengths else 1

    def words(self, fieldname: str, *, stop_words: bool = True) -> set[str]:
        """The exact analysed words of the positive leaves in a field (stop
        words of phrases left out with stop_words=False: highlighted alone
        they would light up every "the")."""
        out = {
            leaf.text
            for leaf in self.leaves
            if leaf.field == fieldname and leaf.kind == "word" and (stop_words or not is_stop_word(leaf.text))
        }
        return out - self.negated_words(fieldname)

    def negated_words(self, fieldname: str) -> set[str]:
        return {w for f, w in self.negated if f == fieldname}

    def expanding(self, fieldname: str) -> list[Leaf]:
        """The prefix, wildcard and fuzzy leaves of a field."""
        return [leaf for leaf in self.leaves if leaf.field == fieldname and leaf.kind != "word"]


def word_prefix(stem: str) -> str:
    """A prefix that every word with this Snowball English stem starts with
    (the stem differs from its word in the last letter at most, but for
    lie/lying and the like; checked on 160,000 words of the corpora)."""
    if stem.endswith("ie") and len(stem) > 2:
        return stem[:-2]
    return stem[: max(1, len(stem) - 1)]


_FUZZY_ALPHABET = frozenset("abcdefghijklmnopqrstuvwxyz0123456789àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿß")


def _edits1(word: str, alphabet) -> set[str]:
    out = {word}
    for i in range(len(word) + 1):
        a, b = word[:i], word[i:]
        if b:
            out.add(a + b[1:])
            if len(b) > 1:
                out.add(a + b[1] + b[0] + b[2:])
        for c in alphabet:
            if b:
                out.add(a + c + b[1:])
            out.add(a + c + b)
    return out


@lru_cache(maxsize=128)
def fuzzy_candidates(word: str, maxdist: int, prefixlength: int = 0) -> frozenset[str]:
    """Every string within maxdist edits (insertions, deletions,
    substitutions, transpositions of two neighbours) of word that keeps its
    first prefixlength characters."""
    alphabet = _FUZZY_ALPHABET | set(word)
    out = {word}
    frontier = {word}
    for _ in range(maxdist):
        grown: set[str] = set()
        for w in frontier:
            grown |= _edits1(w, alphabet)
        frontier = grown - out
        out |= grown
    out.discard("")
    if prefixlength:
        keep = word[:prefixlength]
        out = {w for w in out if w.startswith(keep)}
    return frozenset(out)


def is_stop_word(word: str) -> bool:
    """What Whoosh's StemmingAnalyzer leaves out of plain terms."""
    return word in STOP_WORDS or len(word) < 2


# --- the translation --------------------------------------------------------
Analyse = Callable[[str, str], list[str]]  # (field, text) -> analysed words
Stem = Callable[[str], str]  # one word, as a whole -> its stem


class Translator:
    """A Whoosh query tree to a Tantivy query over `schema`.

    analyse(field, text): the analysed words of text in a field, as the index
    analyses them; stem(word): one word stemmed whole (for wildcard text)."""

    def __init__(self, schema, analyse: Analyse, stem: Stem, native: Callable[[str], object] | None = None):
        self.schema = schema
        self.analyse = analyse
        self.stem = stem
        self.native = native  # Tantivy's own query parser, for what only it can build
        self._exists: Callable[[str, str], bool] | None = None

    def translate(self, tree: wq.Query, text: str = "", exists: Callable[[str, str], bool] | None = None) -> Translation:
        """exists(field, word): whether the index holds a word; with it, fuzzy
        terms are expanded to the words the index holds (and the translation
        is good only for the index as it is: Translation.index_dependent)."""
        out = Translation(query=None)
        self._exists = exists
        q = self._node(tree, out, negated=False)
        if q is None:
            raise QueryError(nothing_to_search(text or str(tree)))
        if isinstance(q, _Negated):
            q = _all_but(q.query)
        out.query = q
        return out

    # Each method returns a tantivy.Query, a _Negated wrapper, or None when the
    # node matches nothing worth searching for (a stop word, say).
    def _node(self, node: wq.Query, out: Translation, negated: bool):
        q = self._dispatch(node, out, negated)
        boost = getattr(node, "boost", 1.0)
        if q is not None and not isinstance(q, _Negated) and boost not in (None, 1, 1.0):
            q = tantivy.Query.boost_query(q, float(boost))
        return q

    def _dispatch(self, node, out, negated):
        if isinstance(node, type(wq.NullQuery)):
            return None
        if isinstance(node, wq.Not):
            inner = self._node(node.query, out, not negated)
            return None if inner is None else _Negated(_plain(inner))
        if isinstance(node, wq.AndNot):
            return self._boolean([(tantivy.Occur.Must, node.a), (tantivy.Occur.MustNot, node.b)], out, negated)
        if isinstance(node, wq.AndMaybe):
            return self._boolean([(tantivy.Occur.Must, node.a), (tantivy.Occur.Should, node.b)], out, negated)
        if isinstance(node, wq.Require):
            return self._boolean([(tantivy.Occur.Must, node.a), (tantivy.Occur.Must, node.b)], out, negated)
        if isinstance(node, wq.DisjunctionMax):
            parts = [self._node(c, out, negated) for c in node.subqueries]
            parts = [_plain(p) for p in parts if p is not None]
            if not parts:
                return None
            return tantivy.Query.disjunction_max_query(parts, float(getattr(node, "tiebreak", 0.0) or 0.0))
        if isinstance(node, wq.And):
            return self._boolean([(tantivy.Occur.Must, c) for c in node.subqueries], out, negated)
        if isinstance(node, wq.Or):
            return self._boolean([(tantivy.Occur.Should, c) for c in node.subqueries], out, negated)
        if isinstance(node, wq.Every):
            return tantivy.Query.all_query()
        if isinstance(node, wq.DateRange):
            return self._date_range(node)
        if isinstance(node, wq.TermRange):
            return self._term_range(node, out, negated)
        if isinstance(node, wq.NumericRange):
            raise QueryError(f"{node.fieldname}: is not a number or date field, so it takes no range")
        if isinstance(node, wq.Phrase):
            return self._phrase(node, out, negated)
        if isinstance(node, wq.FuzzyTerm):
            return self._fuzzy(node, out, negated)
        if isinstance(node, wq.Prefix):
            return self._pattern(node.fieldname, _regex_escape(node.text) + ".*", node.text, out, negated)
        if isinstance(node, wq.Wildcard):
            return self._wildcard(node, out, negated)
        if isinstance(node, wq.Term):
            return self._term(node, out, negated)
        raise QueryError(f"the tantivy engine cannot search with this part of the query: {node}")

    def _boolean(self, clauses, out, negated):
        parts = []
        for occur, child in clauses:
            child_negated = negated if occur != tantivy.Occur.MustNot else not negated
            q = self._node(child, out, child_negated)
            if q is None:
                continue
            if isinstance(q, _Negated):
                if occur == tantivy.Occur.Should:
                    parts.append((occur, _all_but(q.query)))
                elif occur == tantivy.Occur.Must:
                    parts.append((tantivy.Occur.MustNot, q.query))
                else:  # a double negation
                    parts.append((tantivy.Occur.Must, q.query))
            else:
                parts.append((occur, q))
        if not parts:
            return None
        if all(o == tantivy.Occur.MustNot for o, _ in parts):
            return _Negated(tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for _, q in parts]))
        if len(parts) == 1 and parts[0][0] != tantivy.Occur.MustNot:
            return parts[0][1]
        return tantivy.Query.boolean_query(parts)

    def _leaf_query(self, fieldname: str, q):
        boost = FIELD_BOOSTS.get(fieldname)
        return tantivy.Query.boost_query(q, boost) if boost else q

    def _words(self, fieldname: str, text: str) -> list[str]:
        if fieldname in RAW_FIELDS:
            return [text] if text else []
        if fieldname in STEMMED_FIELDS or fieldname in PLAIN_FIELDS:
            return self.analyse(fieldname, text)
        raise QueryError(f"{fieldname}: cannot be searched as text")

    def _note_words(self, fieldname, words, out, negated):
        for w in words:
            if negated:
                out.negated.add((fieldname, w))
            else:
                out.leaves.append(Leaf(fieldname, "word", w))

    def _term(self, node: wq.Term, out, negated):
        fieldname, text = node.fieldname, str(node.text)
        if fieldname in DATE_FIELDS:
            raise QueryError(f"not a date: {text!r} ({DATE_HELP})")
        if fieldname in STEMMED_FIELDS and is_stop_word(text):
            return None
        words = self._words(fieldname, text)
        if not words:
            return None
        self._note_words(fieldname, words, out, negated)
        if len(words) == 1:
            q = tantivy.Query.term_query(self.schema, fieldname, words[0])
        else:  # "u.s" is one word to Whoosh and two to Tantivy: keep them together
            q = tantivy.Query.phrase_query(self.schema, fieldname, words)
        return self._leaf_query(fieldname, q)

    def _phrase(self, node: wq.Phrase, out, negated):
        fieldname = node.fieldname
        if fieldname in DATE_FIELDS:
            raise QueryError(f"not a date: {' '.join(node.words)!r} ({DATE_HELP})")
        words: list[str] = []
        for w in node.words:
            words.extend(self._words(fieldname, str(w)))
        if not words:
            return None
        out.phrase_lengths.append(len(words))
        self._note_words(fieldname, words, out, negated)
        if len(words) == 1:
            q = tantivy.Query.term_query(self.schema, fieldname, words[0])
        else:
            # Whoosh's slop 1 is "next to each other"; Tantivy's is 0.
            slop = max(0, int(node.slop or 1) - 1)
            q = tantivy.Query.phrase_query(self.schema, fieldname, words, slop=slop)
        return self._leaf_query(fieldname, q)

    def _fuzzy(self, node: wq.FuzzyTerm, out, negated):
        fieldname, text = node.fieldname, str(node.text)
        maxdist, prefixlength = int(node.maxdist), int(node.prefixlength or 0)
        if maxdist > MAX_FUZZY:
            raise QueryError(f"fuzzy terms allow at most {MAX_FUZZY} edits here: write {text}~1 or {text}~2")
        if fieldname in DATE_FIELDS:
            raise QueryError(f"not a date: {text!r} ({DATE_HELP})")
        words = self._words(fieldname, text)
        if not words:
            return None
        parts = []
        for w in words:
            if maxdist == 0:
                self._note_words(fieldname, [w], out, negated)
                parts.append((tantivy.Occur.Must, tantivy.Query.term_query(self.schema, fieldname, w)))
                continue
            # Whoosh scores a fuzzy term as the OR of the words it expands to
            # (BM25 of each); Tantivy's FuzzyTermQuery gives every match the
            # same score. So the words one edit away are searched as words
            # (a word the index lacks costs a dictionary lookup), and only
            # the second edit, if asked for, is left to the automaton.
            near = sorted(fuzzy_candidates(w, 1, prefixlength))
            expanded = None
            if self._exists is not None:
                near = [c for c in near if self._exists(fieldname, c)]
                expanded = frozenset(near)
                near = near or [w]
                out.index_dependent = True
            q = tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, tantivy.Query.term_query(self.schema, fieldname, c)) for c in near]
            )
            if maxdist > 1:
                far = tantivy.Query.fuzzy_term_query(
                    self.schema, fieldname, w, distance=maxdist, transposition_cost_one=True
                )
                if prefixlength:
                    prefix = tantivy.Query.regex_query(self.schema, fieldname, _regex_escape(w[:prefixlength]) + ".*")
                    far = tantivy.Query.boolean_query([(tantivy.Occur.Must, far), (tantivy.Occur.Must, prefix)])
                far = tantivy.Query.const_score_query(far, 1.0)
                q = tantivy.Query.boolean_query([(tantivy.Occur.Should, q), (tantivy.Occur.Should, far)])
            if not negated:
                out.leaves.append(
                    Leaf(
                        fieldname, "fuzzy", w, maxdist=maxdist, prefixlength=prefixlength,
                        expanded=expanded if maxdist == 1 else None,
                    )
                )
            parts.append((tantivy.Occur.Must, q))
        q = parts[0][1] if len(parts) == 1 else tantivy.Query.boolean_query(parts)
        return self._leaf_query(fieldname, q)

    def _wildcard(self, node: wq.Wildcard, out, negated):
        text = str(node.text)
        regex = _wildcard_regex(text)
        if node.fieldname in STEMMED_FIELDS and text[-1:] not in ("*", "?"):
            # Whoosh stems the text of a wildcard (elect?ons -> elect?on);
            # match either form.
            stemmed = self.stem(text)
            if stemmed and stemmed != text:
                regex = f"(?:{regex}|{_wildcard_regex(stemmed)})"
        return self._pattern(node.fieldname, regex, text, out, negated)

    def _pattern(self, fieldname: str, regex: str, text: str, out, negated):
        if fieldname in DATE_FIELDS:
            raise QueryError(f"not a date: {text!r} ({DATE_HELP})")
        if fieldname not in RAW_FIELDS + STEMMED_FIELDS + PLAIN_FIELDS:
            raise QueryError(f"{fieldname}: cannot be searched with a wildcard")
        if not negated:
            literal = re.match(r"[^*?]*", text).group(0)
            out.leaves.append(Leaf(fieldname, "pattern", text, pattern=re.compile(regex), literal_prefix=literal))
        try:
            q = tantivy.Query.regex_query(self.schema, fieldname, regex)
        except ValueError as exc:
            raise QueryError(f"cannot search for the pattern {text!r}: {one_line(exc)}") from exc
        return self._leaf_query(fieldname, q)

    def _term_range(self, node: wq.TermRange, out, negated):
        fieldname = node.fieldname
        if fieldname in DATE_FIELDS:
            raise QueryError(f"not a date range: {node} ({DATE_HELP})")
        bounds = []
        for value in (node.start, node.end):
            if value is None:
                bounds.append("*")
                continue
            value = str(value).lower()
            if not _WORD.fullmatch(value) or self.native is None:
                raise QueryError(
                    f"a range of words takes single words as bounds here ({fieldname}:[alpha to beta]); "
                    "dates are written date:[2024-01 to 2024-06]"
                )
            words = self._words(fieldname, value) if fieldname not in RAW_FIELDS else [value]
            if len(words) != 1:
                raise QueryError(f"not a word to bound a range with: {value!r}")
            bounds.append(words[0])
        if bounds == ["*", "*"]:
            return tantivy.Query.all_query()
        opening = "{" if node.startexcl and node.start is not None else "["
        closing = "}" if node.endexcl and node.end is not None else "]"
        try:
            q = self.native(f"{fieldname}:{opening}{bounds[0]} TO {bounds[1]}{closing}")
        except ValueError as exc:
            raise QueryError(f"cannot search for the range {node}: {one_line(exc)}") from exc
        return self._leaf_query(fieldname, q)

    def _date_range(self, node: wq.DateRange):
        if node.fieldname not in DATE_FIELDS:
            raise QueryError(f"{node.fieldname}: is not a date field")
        start, end = _utc(node.startdate), _utc(node.enddate)
        if start is None and end is None:
            return tantivy.Query.exists_query(node.fieldname)
        return tantivy.Query.range_query(
            self.schema,
            node.fieldname,
            tantivy.FieldType.Date,
            start,
            end,
            include_lower=start is None or not node.startexcl,
            include_upper=end is None or not node.endexcl,
        )


@dataclass(frozen=True)
class _Negated:
    """A query whose documents are to be left out (a NOT)."""

    query: object


def _plain(q):
    return _all_but(q.query) if isinstance(q, _Negated) else q


def _all_but(q):
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, tantivy.Query.all_query()), (tantivy.Occur.MustNot, q)])


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    # Whoosh's dates are naive UTC (the index stores UTC).
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def _regex_escape(text: str) -> str:
    return "".join("\\" + ch if ch in _REGEX_META else ch for ch in text)


def _wildcard_regex(text: str) -> str:
    return "".join(".*" if ch == "*" else "." if ch == "?" else _regex_escape(ch) for ch in text)
