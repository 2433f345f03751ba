"""Entities of stored articles: computed once per article and extractor,
kept in the article store's database, read back after that.

    service = EntityService(store.db)               # best available extractor
    service.entities(article)                      # list[Entity], cached
    service.cached(article)                        # list[Mention] or None: never computes
    engine.write(articles, entities=service.index_terms)
"""

from __future__ import annotations

import sqlite3

from reader.core.entities.cache import EntityCache
from reader.core.entities.extraction import extract, get_extractor, group, index_terms
from reader.core.entities.model import Entity, Mention


class EntityService:
    def __init__(self, db: sqlite3.Connection | None, extractor=None):
        self.extractor = extractor if hasattr(extractor, "extract") else get_extractor(extractor)
        self.cache = EntityCache(db) if db is not None else None

    @property
    def name(self) -> str:
        """The active extractor, for the app to show."""
        return self.extractor.name

    def cached(self, article) -> list[Mention] | None:
        """The article's mentions if already computed, else None (cheap: for
        a UI that must not wait)."""
        if self.cache is None:
            return None
        return self.cache.get(article.id, article.content_hash, self.extractor.name)

    def mentions(self, article) -> list[Mention]:
        """The article's mentions (offsets into article.text), computed and
        cached on first use."""
        found = self.cached(article)
        if found is not None:
            return found
        mentions = extract(article.text, self.extractor)
        if self.cache is not None:
            self.cache.put(article.id, article.content_hash, self.extractor.name, mentions)
        return mentions

    def entities(self, article) -> list[Entity]:
        return group(self.mentions(article))

    def index_terms(self, article) -> list[str]:
        """For WhooshEngine.write(entities=...): canonical names and aliases."""
        return index_terms(self.entities(article))
