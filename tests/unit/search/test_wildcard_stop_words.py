"""A wildcard stands for no stop word and no one-letter word on every engine (a?d is not
*and*, t?? not *the*): Whoosh's and PostgreSQL's words hold none, the Tantivy index keeps them
for phrases (reader/core/search/tantivy/wildcards.py leaves them out of its expression)."""

from __future__ import annotations

import itertools
import re

import pytest
from whoosh.analysis import STOP_WORDS

from reader.core.search.tantivy.wildcards import without_stop_words
from tests.unit.search.test_engine_conformance import qlib, titles  # noqa: F401 - qlib: the fixture

PATTERNS = ["a?d", "t??", "?n", "a?", "*d", "t*e", "th*s", "w?th", "*t*h*e*", "*e*", "a*?*d", "?*?", "*s", "ele?tion", "b?",
            "*x", "*1", "*1*", "*k*", "x**", "e**", "1**"]  # a letter no stop word holds: no one-letter word


@pytest.mark.parametrize(
    "query,expected",
    [
        ("a?d", []),  # 'and' only, in two of them
        ("an?", []),
        ("t??", []),  # 'the' in all but one
        ("?n", []),  # 'in', 'on', 'an'
        ("a?", []),  # 'at', 'as', and 'a' is one letter
        ("*d", ["Election results", "Harbour reopens", "Volcano erupts in Iceland"]),  # not 'and' in "Markets calm"
        ("t*e", ["Harbour reopens"]),  # 'twice', not 'the'
        ("*e*", ["Election results", "Fishing quotas", "Harbour reopens", "Markets calm", "Volcano erupts in Iceland"]),
        ("ele?tion", ["Election results", "Markets calm"]),  # no stop word in reach: as it was
        ("title:a?d OR body:t?e", []),
    ],
)
def test_a_wildcard_stands_for_no_stop_word(qlib, query, expected):  # noqa: F811 - the fixture
    assert titles(qlib, query) == expected


def _wildcard(text: str) -> re.Pattern:
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in text))


def _words() -> set[str]:
    short = {"".join(t) for n in range(1, 4) for t in itertools.product("adehnstkx1", repeat=n)}
    return short | set(STOP_WORDS) | {w + "s" for w in STOP_WORDS} | {"thesis", "and" * 2, "tbdx", "withe"}


@pytest.mark.parametrize("text", PATTERNS)
def test_the_expression_is_the_wildcard_but_the_stop_words(text):
    pattern = without_stop_words(text)
    got = re.compile(str(pattern))
    wildcard = _wildcard(text)
    for word in _words():
        wanted = wildcard.fullmatch(word) is not None and word not in STOP_WORDS and len(word) > 1
        assert (got.fullmatch(word) is not None) == wanted, (text, word, str(pattern))


@pytest.mark.parametrize("text", ["*e*", "?*?", "*t*h*e*", "a*?*d"])
def test_an_expression_too_big_for_tantivy_is_split_into_parts_apart(text):
    # Tantivy compiles an expression to at most 1,000 states: refused, the parts are searched
    pattern = without_stop_words(text)
    limit = len(str(pattern)) // 3

    def make(expr: str) -> re.Pattern:
        if len(expr) > limit:
            raise ValueError("Compiled regex exceeds size limit of 1000 states")
        return re.compile(expr)

    parts = pattern.queries(make)
    assert len(parts) > 1
    whole = re.compile(str(pattern))
    for word in _words():
        matched = sum(p.fullmatch(word) is not None for p in parts)
        assert matched == (whole.fullmatch(word) is not None), (word, [p.pattern for p in parts])


def test_tantivy_searches_a_wildcard_led_by_stars():
    tantivy = pytest.importorskip("tantivy")
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("body", tokenizer_name="en_stem")
    schema = builder.build()
    pattern = without_stop_words("*e*")  # its whole expression is over Tantivy's 1,000 states
    assert len(pattern.queries(lambda r: tantivy.Query.regex_query(schema, "body", r))) > 1
