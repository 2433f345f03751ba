"""The article store: the source of truth, in SQLite beside the index.

It holds the normalised articles, the signatures of the files they came from
(so that an unchanged file is not even re-read), what the search index holds
(so that the index can be brought level after a crash), and the reader's
state (read, bookmarks), which the index never holds. Its tables, like
every table of the file, are made by migrations.py.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from reader.core.models import Article
from reader.core.store import memo, pg, versions
from reader.core.store.connection import connect
from reader.core.store.errors import StoreError
from reader.core.store.indexed import IndexRecord
from reader.core.store.lock import for_store
from reader.core.store.migrations import display_rank, relabel_source

__all__ = ["ArticleStore", "StoreError"]  # StoreError: where callers have always found it

_COLUMNS = "id, origin, root, relpath, title, source, byline, published, url, paragraphs, notes"


def _row_to_article(row: sqlite3.Row | tuple) -> Article:
    id_, origin, root, relpath, title, source, byline, published, url, paragraphs, notes = row
    return Article(
        id=id_,
        origin=origin,
        title=title,
        text_paragraphs=tuple(json.loads(paragraphs)),
        source=source,
        byline=byline,
        published=datetime.fromisoformat(published) if published else None,
        url=url,
        root=root,
        relpath=relpath,
        notes=notes,
    )


class ArticleStore(IndexRecord):
    def __init__(self, path: Path | str, readonly: bool = False, user: str | None = None):
        """path: the SQLite file or a postgresql:// URL; user: whose reader state there (default: the login name)."""
        self.url = str(path) if pg.is_url(path) else None
        self.path = Path(path) if self.url is None else None
        self.readonly = readonly
        self.db = connect(self.url or self.path, readonly, user)
        self._memo: memo.Memo | memo.Direct = memo.DIRECT  # a Memo while it holds the write lock

    @property
    def on_server(self) -> bool:
        return self.url is not None

    @property
    def where(self) -> str:
        """The store, for messages (a URL without its password)."""
        return pg.shown(self.url) if self.url else str(self.path)

    def write_lock(self, directory: Path, timeout: float = 10.0):
        """One writer at a time (lock.for_store), remembering what it reads meanwhile (memo.py)."""
        return memo.held(self, for_store(self, directory, timeout))

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            with self.db:
                yield self.db
        except BaseException:
            self._memo.forget()  # what it remembered of the rolled-back writes is untrue
            raise

    # --- articles -------------------------------------------------------
    def upsert(self, db: sqlite3.Connection, article: Article, facts: tuple[str, int, str] | None = None) -> str:
        """Insert or update; returns "added", "updated" or "unchanged".
        The source is the one set by hand for the article or its file or
        folder, if any, else the display form of its name (see spelling).
        facts: the article's (content_hash, word_count, paragraphs as JSON), if worked out already (ingest/pool.py)."""
        override = self.source_override(db, article)
        source = override or self.spelling(db, article.source)
        if not override:
            self._memo.spellings[article.source] = source
        if source != article.source:
            article = replace(article, source=source)
            facts = None  # the hash covers the source
        row = self._memo.hash_of(db, article.id)
        digest, words = facts[:2] if facts else (article.content_hash, article.word_count)
        if row and row[0] == digest:
            return "unchanged"
        values = (
            article.id, article.origin, article.root, article.relpath, article.title, article.source,
            article.byline, article.published.isoformat() if article.published else None, article.url,
            facts[2] if facts else json.dumps(list(article.text_paragraphs), ensure_ascii=False), article.notes,
            words, digest,
        )
        if row:
            versions.keep(db, article)  # the wording being replaced, if it changes, becomes a version
            db.execute(
                "UPDATE articles SET origin=?, root=?, relpath=?, title=?, source=?, byline=?, published=?,"
                " url=?, paragraphs=?, notes=?, words=?, hash=?,"
                " updated_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id=?",
                values[1:] + (article.id,),
            )
            self._memo.stored(article.id, article.root, article.relpath, digest, moved=True, article=article)
            return "updated"
        db.execute(
            f"INSERT INTO articles({_COLUMNS}, words, hash) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)", values
        )
        self._memo.stored(article.id, article.root, article.relpath, digest, article=article)
        return "added"

    def delete(self, db: sqlite3.Connection, ids: Iterable[str]) -> int:
        ids = list(ids)
        db.executemany("DELETE FROM articles WHERE id=?", [(i,) for i in ids])
        self._memo.deleted(ids)
        versions.forget(db, ids)
        return len(ids)

    def known_hash(self, article_id: str) -> str | None:
        """article_id's hash if the store wrote or read it while it holds the write lock (memo.py)."""
        return self._memo.known_hash(article_id)

    def get(self, article_id: str) -> Article | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM articles WHERE id=?", (article_id,)).fetchone()
        return _row_to_article(row) if row else None

    def get_many(self, ids: list[str]) -> dict[str, Article]:
        """The stored articles of ids, by id (the id index's order, which SQLite sorts nothing for;
        a planner that scans instead, after an ANALYZE, gives the same). Those this store wrote under
        the lock and kept (memo.py) are not read again while their row has the hash they were written
        with: nothing is read where all of a chunk are known so (memo.all_kept), else only the ids
        and hashes (the same rows, in the same order), and the rest after."""
        out: dict[str, Article | None] = {}
        kept = self._memo.articles
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            if not kept or not any(a in kept for a in chunk):
                rows = self.db.execute(f"SELECT {_COLUMNS} FROM articles WHERE id IN ({marks}) ORDER BY id", chunk)
                out.update((row[0], _row_to_article(row)) for row in rows)
                continue
            given = None if self.on_server else self._memo.all_kept(chunk)
            if given is not None:  # nothing read: a row's hash lies past its paragraphs (0.16 s of 25,000)
                out.update(given)
                continue
            read = []
            hashes = self.db.execute(f"SELECT id, hash FROM articles WHERE id IN ({marks}) ORDER BY id", chunk).fetchall()
            for id_, digest in hashes:
                digest_kept, article = kept.get(id_, (None, None))
                out[id_] = article if digest_kept == digest else None  # its place kept, in the store's order
                if out[id_] is None:
                    read.append(id_)
            if read:
                marks = ",".join("?" * len(read))
                for row in self.db.execute(f"SELECT {_COLUMNS} FROM articles WHERE id IN ({marks}) ORDER BY id", read):
                    out[row[0]] = _row_to_article(row)
                if None in out.values():  # a row gone between the two reads (another connection's write)
                    out = {k: v for k, v in out.items() if v is not None}
        return out  # type: ignore[return-value]

    def resolve(self, prefix: str) -> list[str]:
        """Ids that start with prefix (a git-like unique prefix)."""
        prefix = prefix.strip().lower()
        if not prefix:
            return []
        rows = self.db.execute(
            "SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 10", (prefix, prefix + "\uffff")
        ).fetchall()
        return [r[0] for r in rows]

    def id_for_url(self, url: str) -> str | None:
        row = self.db.execute("SELECT id FROM articles WHERE url=? ORDER BY added_at LIMIT 1", (url,)).fetchone()
        return row[0] if row else None

    def origin_of(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT origin FROM articles WHERE id=?", (article_id,)).fetchone()
        return row[0] if row else None

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def iter_articles(self, batch: int = 500) -> Iterator[Article]:
        last = ""
        while True:
            rows = self.db.execute(
                f"SELECT {_COLUMNS} FROM articles WHERE id > ? ORDER BY id LIMIT ?", (last, batch)
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield _row_to_article(row)
            last = rows[-1][0]

    def ids_under(self, root: str, relpath_prefix: str | None) -> dict[str, str]:
        """Article ids (-> relpath) that came from root, optionally one file."""
        if relpath_prefix is not None:
            return self._memo.ids(self.db, root, relpath_prefix)
        return dict(self.db.execute("SELECT id, relpath FROM articles WHERE root=?", (root,)).fetchall())

    def listing(
        self,
        order: str = "published",
        descending: bool = True,
        source: str | None = None,
        unread_only: bool = False,
        bookmarked_only: bool = False,
        ids: list[str] | None = None,
        limit: int = 1000,
        offset: int = 0,
    ) -> list[dict]:
        """Rows for the library view: metadata and state, never the text."""
        orders = {
            "published": "a.published",
            "source": "lower(a.source)",
            "title": "lower(a.title)",
            "added": "a.added_at",
        }
        if order not in orders:
            raise ValueError(f"unknown sort order {order!r} (choose from {', '.join(orders)})")
        where, args = _filters(source, unread_only, bookmarked_only, ids)
        direction = "DESC" if descending else "ASC"
        nulls = "NULLS LAST"
        sql = (
            "SELECT a.id, a.title, a.source, a.published, a.url, a.words, coalesce(s.read,0), coalesce(s.bookmarked,0)"
            " FROM articles a LEFT JOIN reader_state s ON s.id = a.id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + f" ORDER BY {orders[order]} {direction} {nulls}, lower(a.title) ASC LIMIT ? OFFSET ?"
        )
        rows = self.db.execute(sql, args + [limit, offset]).fetchall()
        return [
            {
                "id": r[0], "title": r[1], "source": r[2], "published": r[3], "url": r[4],
                "words": r[5], "read": bool(r[6]), "bookmarked": bool(r[7]),
            }
            for r in rows
        ]

    def tally(self, source: str | None = None, unread_only: bool = False,
              bookmarked_only: bool = False) -> tuple[int, int]:
        """(articles, unread articles) that listing() lists with these
        filters, counted without reading them: the library's status line."""
        where, args = _filters(source, unread_only, bookmarked_only, None)
        row = self.db.execute(
            "SELECT count(*), coalesce(sum(CASE WHEN coalesce(s.read, 0) = 0 THEN 1 ELSE 0 END), 0)"
            " FROM articles a LEFT JOIN reader_state s ON s.id = a.id"
            + (" WHERE " + " AND ".join(where) if where else ""),
            args,
        ).fetchone()
        return row[0], row[1]

    def sources(self) -> list[tuple[str, int]]:
        return self.db.execute(
            "SELECT source, count(*) FROM articles GROUP BY source ORDER BY count(*) DESC, source"
        ).fetchall()

    # --- sources: one name whatever its case, and names set by hand --------
    def spelling(self, db: sqlite3.Connection, source: str) -> str:
        """The display form of a source: "fox" and "FOX" are one source,
        shown as the name set by hand (`newsreader source set`), else as
        the spelling with more capitals of those the store has been given
        (migrations.display_rank: "NYT", not "nyt", whichever came first)."""
        if not source:
            return source
        if source in self._memo.spellings:
            return self._memo.spellings[source]
        row = db.execute("SELECT display FROM source_names WHERE key=?", (source.lower(),)).fetchone()
        if row is not None:
            return row[0]
        row = db.execute("SELECT source FROM articles WHERE source = ? COLLATE NOCASE LIMIT 1", (source,)).fetchone()
        if row is None or row[0] == source:
            return source
        if display_rank(source) > display_rank(row[0]):
            relabel_source(db, row[0], source)  # the articles stored before take the better spelling
            self._memo.forget()  # the spellings it gave and the hashes of the relabelled articles are untrue
            self._memo.relabelled(row[0], source)  # the articles it keeps as written, as they are now
            return source
        return row[0]

    def source_override(self, db: sqlite3.Connection, article: Article) -> str | None:
        """The source set by hand for this article, else for the nearest
        file or folder it was read from."""
        if self._memo.no_overrides(db):
            return None
        row = db.execute("SELECT source FROM source_overrides WHERE target=?", (f"id:{article.id}",)).fetchone()
        if row is None and article.root:
            path = os.path.join(article.root, article.relpath)
            row = db.execute(
                "SELECT source FROM source_overrides WHERE target = ? OR substr(?, 1, length(target) - 4) = substr(target, 6) || ?"
                " ORDER BY length(target) DESC LIMIT 1",
                (f"path:{path}", path, os.sep),
            ).fetchone()
        return row[0] if row else None

    def set_source(self, db: sqlite3.Connection, target: str, source: str, covers: Iterable[str] = ()) -> None:
        """target: "id:ID" or "path:/absolute/path"; source becomes the
        display form of its name too (every spelling of it is shown so).
        covers: the ids of the articles under a path, whose own names set
        before give way (the latest word on a folder is for all of it)."""
        self._memo.forget()  # the spellings and overrides it remembered
        if target.startswith("path:"):
            db.execute("DELETE FROM source_overrides WHERE substr(target, 1, ?) = ?",
                       (len(target) + 1, f"{target}{os.sep}"))
            db.executemany("DELETE FROM source_overrides WHERE target=?", [(f"id:{i}",) for i in covers])
        db.execute("UPDATE source_overrides SET source=? WHERE source = ? COLLATE NOCASE", (source, source))
        db.execute("INSERT OR REPLACE INTO source_overrides(target, source) VALUES(?,?)", (target, source))
        db.execute("INSERT OR REPLACE INTO source_names(key, display) VALUES(?,?)", (source.lower(), source))

    def ids_from_path(self, path: str) -> list[str]:
        """Articles read from the file path, or from files under the folder path."""
        rows = self.db.execute(
            "SELECT id FROM articles WHERE root != '' AND (root || '/' || relpath = ? OR root = ?"
            " OR substr(root || '/' || relpath, 1, length(?) + 1) = ? || '/') ORDER BY id",
            (path, path, path, path),
        )
        return [r[0] for r in rows]

    def ids_with_source(self, source: str) -> list[str]:
        """Articles of this source, whatever the case of its name."""
        rows = self.db.execute("SELECT id FROM articles WHERE source = ? COLLATE NOCASE ORDER BY id", (source,))
        return [r[0] for r in rows]

    # --- file signatures ---------------------------------------------------
    def file_signature(self, root: str, relpath: str) -> str | None:
        return self._memo.signature(self.db, root, relpath)

    def set_file_signature(self, db: sqlite3.Connection, root: str, relpath: str, signature: str | None) -> None:
        self._memo.signed(root, relpath, signature)
        if signature is None:
            db.execute("DELETE FROM files WHERE root=? AND relpath=?", (root, relpath))
        else:
            db.execute(
                "INSERT OR REPLACE INTO files(root, relpath, signature) VALUES(?,?,?)", (root, relpath, signature)
            )

    def files_under(self, root: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT relpath FROM files WHERE root=?", (root,))]

    # --- reader state ------------------------------------------------------
    def state(self, article_id: str) -> dict:
        row = self.db.execute("SELECT read, bookmarked FROM reader_state WHERE id=?", (article_id,)).fetchone()
        return {"read": bool(row and row[0]), "bookmarked": bool(row and row[1])}

    def set_state(self, ids: Iterable[str], *, read: bool | None = None, bookmarked: bool | None = None) -> None:
        with self.db:
            for article_id in ids:
                self.db.execute("INSERT OR IGNORE INTO reader_state(id) VALUES(?)", (article_id,))
                if read is not None:
                    self.db.execute(
                        "UPDATE reader_state SET read=?, changed_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id=?",
                        (int(read), article_id),
                    )
                if bookmarked is not None:
                    self.db.execute(
                        "UPDATE reader_state SET bookmarked=?, changed_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id=?",
                        (int(bookmarked), article_id),
                    )


def _filters(source: str | None, unread_only: bool, bookmarked_only: bool,
             ids: list[str] | None) -> tuple[list[str], list]:
    """The WHERE clauses of listing() and tally(), kept once so that the
    count always agrees with the rows."""
    where: list[str] = []
    args: list = []
    if source:
        where.append("a.source = ? COLLATE NOCASE")  # "fox" finds FOX: as source: does in a search
        args.append(source)
    if unread_only:
        # not coalesce(s.read, 0) = 0: PostgreSQL cannot estimate that and sorted every article for a
        # page (0.2-0.5 s at 100k); an anti-join walks the order's index and stops at the page
        where.append("NOT EXISTS (SELECT 1 FROM reader_state r WHERE r.id = a.id AND r.read <> 0)")
    if bookmarked_only:
        where.append("coalesce(s.bookmarked, 0) = 1")
    if ids is not None:
        where.append(f"a.id IN ({','.join('?' * len(ids))})")
        args += ids
    return where, args
