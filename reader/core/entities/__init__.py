"""Named entities: extraction, normalisation, linking across articles.

    from reader.core.entities import extract, group
    mentions = extract(article.text)          # best available extractor
    entities = group(mentions)                # one Entity per canonical name

Two extractors: "rules" (built in, no model, fast) and "spacy:<pipeline>"
when an English spaCy 3.8 pipeline is installed. Nothing here imports spaCy
or opens anything at import time.
"""

from __future__ import annotations

from reader.core.entities.cache import EntityCache
from reader.core.entities.cues import Cues, name_cues
from reader.core.entities.extraction import (
    _loaded,  # noqa: F401  (the loaded extractors: tests preload one)
    available_extractors,
    extract,
    get_extractor,
    group,
    index_terms,
    search_names,
)
from reader.core.entities.linking import link_across, merge
from reader.core.entities.model import NAME_TYPES, NUMBER_TYPES, TYPES, Entity, ExtractorUnavailable, Mention, Variant
from reader.core.entities.service import EntityService
from reader.core.entities.variants import find_variants, variants_of, variants_within

__all__ = [
    "TYPES",
    "NAME_TYPES",
    "NUMBER_TYPES",
    "Mention",
    "Entity",
    "Variant",
    "EntityCache",
    "ExtractorUnavailable",
    "available_extractors",
    "get_extractor",
    "extract",
    "group",
    "link_across",
    "merge",
    "find_variants",
    "variants_of",
    "variants_within",
    "name_cues",
    "Cues",
    "index_terms",
    "search_names",
    "EntityService",
]
