"""The fields of the index, as both engines hold them, and how each is analysed.

The engines differ in how they stem (Whoosh's Porter stemmer, Tantivy's
Snowball English) but hold the same fields, analysed alike otherwise, so that
a query means the same on either.
"""

from __future__ import annotations

SEARCH_FIELDS = ("title", "body")  # what a word without a field: is looked for in
FIELD_ALIASES = {"published": ["date"], "body": ["text"]}
FIELD_BOOSTS = {"title": 2.0}

# Fields a reader may name; the rest of the schema is internal.
PUBLIC_FIELDS = ("title", "body", "source", "byline", "published", "url")
# Named in queries too, but answered from the entity table above the engines
# (reader.core.entities.index): no engine holds them.
ENTITY_FIELDS = ("entity", "entities")

STEMMED_FIELDS = ("title", "body")  # words, lowercased, stemmed
PLAIN_FIELDS = ("source", "byline")  # words, lowercased
RAW_FIELDS = ("id", "url", "source_exact")  # the whole value is one term
DATE_FIELDS = ("published",)
