"""Which articles mention which entity: the `entity:` query field.

Entity extraction costs far more than indexing (the rules extractor reads
about 80,000 words/s, spaCy about 4,000), so it is not done while indexing.
Entities are computed once per article, cached in the store, and their names
and aliases kept in a table (made by the store's migrations);
`entity:"Oliver Dowden"` is answered from that table and combined with the
rest of the query as a filter. Articles not yet processed are not found by
entity: queries; coverage() says how many are.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable

from reader.core.entities import EntityService, group, index_terms, link_across, search_names

# The extractor behind the entity: field. The rules are fast enough to cover a
# corpus; a view may use spaCy for one article, but search stays on the rules.
SEARCH_EXTRACTOR = "rules"



_HONORIFIC = re.compile(
    r"^(?:(?:mr|mrs|ms|miss|dr|sir|dame|lord|lady|prof|professor|president|minister|senator|rep|gen|general)\.?\s+)+",
    re.IGNORECASE,
)


def coverage(db: sqlite3.Connection) -> tuple[int, int]:
    """(articles whose entities are indexed for their current text, articles)."""
    done = db.execute(
        "SELECT count(*) FROM entity_done d JOIN articles a ON a.id = d.article_id AND a.hash = d.content_hash"
    ).fetchone()[0]
    total = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    return done, total


class EntityIndex:
    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self._links: dict[str, str] | None = None
        self._links_at = -1

    # --- filling -------------------------------------------------------------
    def missing(self) -> list[str]:
        rows = self.db.execute(
            "SELECT a.id FROM articles a LEFT JOIN entity_done d ON d.article_id = a.id"
            " WHERE d.content_hash IS NULL OR d.content_hash != a.hash"
        ).fetchall()
        return [r[0] for r in rows]

    def coverage(self) -> tuple[int, int]:
        return coverage(self.db)

    def update(
        self,
        store,
        ids: Iterable[str] | None = None,
        progress: Callable[[str, int, int], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
        batch: int = 50,
    ) -> int:
        """Compute (or read from the cache) the entities of the articles that
        lack them, and record their names. Commits every batch, so that an
        interrupted run keeps what it did."""
        service = EntityService(self.db, SEARCH_EXTRACTOR)
        todo = list(ids) if ids is not None else self.missing()
        done = 0
        for start in range(0, len(todo), batch):
            if should_stop and should_stop():
                break
            chunk = store.get_many(todo[start : start + batch])
            rows: list[tuple[str, str]] = []
            finished: list[tuple[str, str]] = []
            for article in chunk.values():
                names = index_terms(service.entities(article))
                rows += [(article.id, n.casefold()) for n in names]
                finished.append((article.id, article.content_hash))
            with self.db:
                self.db.executemany("DELETE FROM entity_terms WHERE article_id=?", [(i,) for i, _ in finished])
                self.db.executemany("INSERT OR IGNORE INTO entity_terms(article_id, term) VALUES(?,?)", rows)
                self.db.executemany("INSERT OR REPLACE INTO entity_done(article_id, content_hash) VALUES(?,?)", finished)
            done += len(finished)
            if progress:
                progress("entities", done, len(todo))
        self._links = None
        return done

    def forget(self, ids: Iterable[str]) -> None:
        ids = [(i,) for i in ids]
        with self.db:
            self.db.executemany("DELETE FROM entity_terms WHERE article_id=?", ids)
            self.db.executemany("DELETE FROM entity_done WHERE article_id=?", ids)

    # --- answering -----------------------------------------------------------
    def links(self) -> dict[str, str]:
        """Aliases tied across the corpus ("Mr Dowden" -> "Oliver Dowden"),
        recomputed when the set of processed articles changes."""
        done, _ = self.coverage()
        if self._links is None or self._links_at != done:
            service = EntityService(self.db, SEARCH_EXTRACTOR)
            lists = []
            ids = [r[0] for r in self.db.execute("SELECT article_id FROM entity_done LIMIT 20000")]
            for article_id in ids:
                row = self.db.execute("SELECT hash FROM articles WHERE id=?", (article_id,)).fetchone()
                if row is None:
                    continue
                mentions = service.cache.get(article_id, row[0], SEARCH_EXTRACTOR) if service.cache else None
                if mentions:
                    lists.append(group(mentions))
            self._links = link_across(lists) if lists else {}
            self._links_at = done
        return self._links

    def articles_for(self, name: str) -> set[str]:
        names = self.names_for(name)
        if not names:
            return set()
        marks = ",".join("?" * len(names))
        rows = self.db.execute(f"SELECT DISTINCT article_id FROM entity_terms WHERE term IN ({marks})", list(names))
        return {r[0] for r in rows}

    def names_for(self, name: str) -> set[str]:
        """The casefolded names one asked-for entity goes by: its aliases
        linked across the corpus; a title ("Mr", "Sir") is not part of a name."""
        links = self.links()
        bare = _HONORIFIC.sub("", name).strip() or name
        names = {n.casefold() for n in search_names(name, links)}
        if bare != name:
            names |= {n.casefold() for n in search_names(bare, links)}
        return names
