"""The Whoosh index's schema: the fields of reader.core.search.fields, with
Whoosh's analysers."""

from __future__ import annotations

import os
from pathlib import Path

from whoosh import fields
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemmingAnalyzer

from reader.core.search.fields import FIELD_BOOSTS, SEARCH_FIELDS

INDEX_NAME = "articles"
# An index of version 1 built before the redesign also holds an `entity`
# field, which the app never filled: it opens and works as it is.
SCHEMA_VERSION = 1


def _analyzer():
    # The stemmer's cache is unbounded: a corpus has far fewer distinct words
    # than tokens, and each stem is then computed once.
    return StemmingAnalyzer(cachesize=-1)


def make_schema() -> fields.Schema:
    words = _analyzer()
    plain = RegexTokenizer() | LowercaseFilter()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=words, stored=True, chars=True, field_boost=FIELD_BOOSTS["title"]),
        body=fields.TEXT(analyzer=words, chars=True),
        source=fields.TEXT(analyzer=plain, stored=True, chars=False),
        source_exact=fields.ID(),
        byline=fields.TEXT(analyzer=plain),
        published=fields.DATETIME(stored=True, sortable=True),
        url=fields.ID(stored=True),
    )


def unstemmed_schema() -> fields.Schema:
    """The schema with title and body analysed without stemming or stop
    words, for parsing queries to an engine that stems on its own side: what
    the parser gives back is what the reader typed, lowercased."""
    schema = make_schema()
    plain = RegexTokenizer() | LowercaseFilter()
    for name in SEARCH_FIELDS:
        schema.remove(name)
        schema.add(name, fields.TEXT(analyzer=plain, stored=True, chars=True))
    return schema


def index_files_present(path: Path) -> bool:
    """Whether an index was committed in path (it has a table of contents)."""
    prefix = f"_{INDEX_NAME}_"
    return path.is_dir() and any(n.startswith(prefix) and n.endswith(".toc") for n in os.listdir(path))
