"""Snippets of Tantivy hits, cut as the Whoosh engine cuts them.

The body is not stored in the index: snippets are cut from the text the
article store supplies, around the words the query matches, found with the
analysis of reader.core.search.tantivy.analysis: the same analysis that
query_words() and the article view's highlighting use, so the three agree.
The cutting itself is shared with the PostgreSQL engine
(reader.core.search.passages); only the stemmer is Tantivy's.
"""

from __future__ import annotations

from collections.abc import Callable

from reader.core.models import Snippet
from reader.core.search import passages
from reader.core.search.tantivy.analysis import STEM


def word_matches(text: str, match: Callable[[str], bool], prefixes: list[str] | None = None, limit: int | None = None):
    """Spans of the tokens of text whose Snowball English stem the query matches."""
    return passages.word_matches(text, match, STEM, prefixes, limit)


def highlight(text: str, match: Callable[[str], bool] | None, prefixes: list[str] | None = None) -> Snippet | None:
    """The best passages of text around the query's words (passages.highlight)."""
    return passages.highlight(text, match, STEM, prefixes)
