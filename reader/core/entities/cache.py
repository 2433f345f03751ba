"""Entities are computed once per article and kept in the article store's
SQLite database, keyed by article id, content hash and extractor name, in
the table the store's migrations made (reader/core/store/migrations.py).

One row per (article, extractor): a changed article replaces its row, so old
versions do not pile up. Rows written by another version of the rules are
ignored (CACHE_FORMAT), as if absent.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading

from reader.core.entities.model import Mention

log = logging.getLogger(__name__)

# Bump when extractors or normalisation change what they return.
CACHE_FORMAT = 1

class EntityCache:
    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self._lock = threading.Lock()
        # The store's migrations made the table; a read-only store from
        # before the cache has none, and is read as empty.
        with self._lock:
            self.writable = db.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='entity_mentions'"
            ).fetchone() is not None
        if not self.writable:
            log.info("entity cache is read-only: the store has no entity_mentions table")

    def get(self, article_id: str, content_hash: str, extractor_name: str) -> list[Mention] | None:
        """The cached mentions, or None if absent or computed for another
        version of the article or of the extractor."""
        try:
            with self._lock:
                row = self.db.execute(
                    "SELECT content_hash, format, mentions FROM entity_mentions WHERE article_id=? AND extractor=?",
                    (article_id, extractor_name),
                ).fetchone()
        except sqlite3.OperationalError:
            return None  # no table in a read-only store
        if row is None or row[0] != content_hash or row[1] != CACHE_FORMAT:
            return None
        try:
            return [Mention(*item) for item in json.loads(row[2])]
        except (ValueError, TypeError) as exc:
            log.warning("damaged entity cache row for %s (%s); recomputing", article_id, exc)
            return None

    def put(self, article_id: str, content_hash: str, extractor_name: str, mentions: list[Mention]) -> None:
        if not self.writable:
            return
        payload = json.dumps(
            [[m.text, m.start, m.end, m.type, m.canonical] for m in mentions], ensure_ascii=False, separators=(",", ":")
        )
        self._write(
            "INSERT OR REPLACE INTO entity_mentions(article_id, extractor, content_hash, format, mentions)"
            " VALUES(?,?,?,?,?)",
            [(article_id, extractor_name, content_hash, CACHE_FORMAT, payload)],
        )

    def forget(self, article_ids: list[str]) -> None:
        """Drop the rows of deleted articles."""
        self._write("DELETE FROM entity_mentions WHERE article_id=?", [(i,) for i in article_ids])

    def _write(self, sql: str, rows: list[tuple]) -> None:
        if not self.writable:
            return
        with self._lock:
            own = not self.db.in_transaction  # inside a caller's transaction, leave the commit to it
            try:
                self.db.executemany(sql, rows)
            except sqlite3.OperationalError as exc:
                if "readonly" not in str(exc).replace(" ", ""):
                    raise
                log.info("entity cache is read-only: %s", exc)
                self.writable = False
                return
            if own:
                self.db.commit()

    def cached_ids(self, extractor_name: str) -> set[str]:
        """Ids with a row for this extractor (of any hash): for a background
        pass that fills in the rest."""
        try:
            with self._lock:
                rows = self.db.execute(
                    "SELECT article_id FROM entity_mentions WHERE extractor=? AND format=?",
                    (extractor_name, CACHE_FORMAT),
                ).fetchall()
        except sqlite3.OperationalError:
            return set()
        return {r[0] for r in rows}
