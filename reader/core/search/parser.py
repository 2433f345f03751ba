"""The one query language: Whoosh's syntax, read by Whoosh's parser configured
once, for both engines.

The Whoosh engine parses over its own schema, so the terms arrive stemmed as
its index holds them; the Tantivy engine parses over a schema that does not
stem (reader.core.search.whoosh.schema.unstemmed_schema) and lets Tantivy stem
the words its own way. Either way the same text is accepted or refused with
the same one-line explanation, and means the same: Whoosh's analyser leaves
stop words and one-letter words out of its index, so a phrase made only of
them ("to be", "a b") is nothing to search for; over a schema whose analyser
keeps them, the parser leaves such a phrase out too (as the translations
leave out such a plain word), rather than let the other engines search it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

from whoosh import fields, qparser
from whoosh import query as wq
from whoosh.qparser.dateparse import DateParserPlugin

from reader.core.search.errors import QueryError, one_line
from reader.core.search.fields import FIELD_ALIASES, SEARCH_FIELDS, STEMMED_FIELDS
from reader.core.search.query import check_query
from reader.core.search.tantivy.translation import is_stop_word
from reader.core.text.clean import strip_controls

MAX_EDITS = 2  # of a fuzzy term (word~2)
MAX_SLOP = 1000  # words between a phrase's words ("a b"~N)
DATE_HELP = "use YYYY, YYYY-MM or YYYY-MM-DD; ranges as date:[2024-01 to 2024-06], or date:>2024-03-01"
_DATE_FIELD = re.compile(r"\b(?:date|published):")
_DATE_VALUE = re.compile(r"(?:date|published):(?:\[[^\]]*\]?|[<>]=?\S*|\S*)")
_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_ISO_MONTH = re.compile(r"\b(\d{4})-(\d{2})\b")


def compact_dates(text: str) -> str:
    """Whoosh's date parser misreads ISO dates with dashes (2024-07-01 is
    taken as the year 2024); its compact form (20240701) parses exactly."""

    def fix(m: re.Match) -> str:
        value = _ISO_DAY.sub(r"\1\2\3", m.group(0))
        return _ISO_MONTH.sub(r"\1\2", value)

    return _DATE_VALUE.sub(fix, text)


def make_parser(schema: fields.Schema, date_error: Callable[[str], None]) -> qparser.QueryParser:
    """The query parser of the reader's query language over a schema."""
    parser = qparser.MultifieldParser(list(SEARCH_FIELDS), schema)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(qparser.GtLtPlugin())
    parser.add_plugin(qparser.PlusMinusPlugin())
    parser.add_plugin(qparser.FieldAliasPlugin(FIELD_ALIASES))
    parser.add_plugin(DateParserPlugin(free=False, callback=date_error))
    return parser


WILDCARDS_ONLY = (
    "{term!r} is only wildcards: a wildcard needs a letter beside it (as in elect?on, gov* or *ism);"
    " * alone searches every article"
)


def nothing_to_search(text: str) -> str:
    return (f"nothing to search for in {text.strip()!r}"
            " (only operators, punctuation, one-letter words or words as common as 'the')")


class QuerySyntax:
    """Query text to a Whoosh query tree over `schema`, or a QueryError."""

    def __init__(self, schema: fields.Schema) -> None:
        self.schema = schema
        self._date_errors: list[str] = []
        self.parser = make_parser(schema, self._date_errors.append)
        self._lock = threading.Lock()  # the parser and its list of date errors are shared by every caller
        # the word fields whose analyser keeps the stop words Whoosh's leaves out
        self._keeps_stop_words = {f for f in STEMMED_FIELDS if f in schema and list(schema[f].process_text("the"))}

    def parse(self, text: str) -> wq.Query:
        # an escape sequence goes whole, as at ingest: its ESC alone left "[31m" to read as a range
        text = strip_controls(text)
        check_query(text, self.schema.names(), FIELD_ALIASES)
        with self._lock:
            self._date_errors.clear()
            typed = compact_dates(text)  # what the parser reads: its leaves' characters point into it
            try:
                q = self.parser.parse(typed)
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
        if self._keeps_stop_words and any(_stop_phrase(leaf, self._keeps_stop_words) for leaf in q.leaves()):
            q = _without_stop_phrases(q, self._keeps_stop_words)  # copies the tree: only when there is one
        if isinstance(q, type(wq.NullQuery)):
            raise QueryError(nothing_to_search(text))
        _refuse_bare_wildcards(q)
        _refuse_wide_fuzzy(q, typed)
        _refuse_wide_phrases(q)
        return q


def _refuse_wide_phrases(q: wq.Query) -> None:
    """A phrase's words may stand at most MAX_SLOP apart ("a b"~10): a bigger
    number means "anywhere in the article", which is a plain AND, and past
    2**63 it overflowed Tantivy's integer (a traceback)."""
    for leaf in q.leaves():
        if isinstance(leaf, wq.Phrase) and (leaf.slop or 1) > MAX_SLOP:
            raise QueryError(f"a phrase's words may be at most {MAX_SLOP} apart (\"…\"~{MAX_SLOP}); "
                             "for words anywhere in an article, leave out the quotation marks")


def _stop_phrase(q: wq.Query, fieldnames: set[str]) -> bool:
    """A phrase (in fieldnames) made only of stop words and one-letter words."""
    return isinstance(q, wq.Phrase) and q.fieldname in fieldnames and all(is_stop_word(str(w)) for w in q.words)


def _without_stop_phrases(q: wq.Query, fieldnames: set[str]) -> wq.Query:
    """q without its stop phrases (_stop_phrase): what Whoosh's analyser
    makes of them, nothing."""
    if isinstance(q, wq.Phrase):
        return wq.NullQuery if _stop_phrase(q, fieldnames) else q
    if not q.is_leaf():
        out = q.apply(lambda child: _without_stop_phrases(child, fieldnames))
        return out.normalize() if out != q else q
    return q


def _refuse_wide_fuzzy(q: wq.Query, typed: str) -> None:
    """A fuzzy term of more than MAX_EDITS edits: Tantivy's automata and
    PostgreSQL's list of near words go up to two, and Whoosh's would take
    in most of its vocabulary (slowly); every engine refuses it alike."""
    for leaf in q.leaves():
        if isinstance(leaf, wq.FuzzyTerm) and int(leaf.maxdist) > MAX_EDITS:
            start, end = getattr(leaf, "startchar", None), getattr(leaf, "endchar", None)
            word = typed[start:end] if start is not None and end else str(leaf.text)
            raise QueryError(f"fuzzy terms allow at most {MAX_EDITS} edits: write {word}~1 or {word}~2")


def _refuse_bare_wildcards(q: wq.Query) -> None:
    """A term of wildcards alone (?, ??, *?, **) stands for every word of
    some length: Whoosh's index holds no one-letter words and no stop words,
    Tantivy's does, so the engines would answer differently, and slowly.
    `*` alone is every article in both."""
    if isinstance(q, wq.PatternQuery) and not q.text.strip("*?"):
        raise QueryError(WILDCARDS_ONLY.format(term=q.text))
    for child in q.children():
        _refuse_bare_wildcards(child)
