"""What the store remembers while it holds the write lock.

Indexing a folder asks the store, for every file, its signature and the
articles it gave, and for every article whether it is stored and with
which hash: on a server each question is a round trip. Nobody else writes
the articles or the files while this store holds the write lock, so the
answers are read once per folder (per root) and kept up to date by this
store's own writes until the lock is let go. A transaction that fails
forgets them all (its writes were rolled back).

Whether an article is stored at all: a store with no articles yet (the
first import into a new archive) answers every question at once: none is
but those this store writes. Otherwise it is asked one at a time for the
first ASK_FIRST articles (a fetch of a few entries reads no more), then the
ids of every article are read at once, if there are at most MAX_IDS of them.
On a server each question asked alone is a round trip (and sends the
transaction's writes before it), so on an empty one each article cost one.

The articles themselves, as written (up to KEEP_MAX of them): what an
indexing run stores is asked for again before the lock is let go, by the
search index (sync.py) and the events' features, and reading 25,000 back
cost a second of the main thread (their rows, the paragraphs' JSON). An
article kept is given (get_many) only while the store holds the hash it
was written with, the same Article a read would make (kept()).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timezone

from reader.core.models import Article

ASK_FIRST = 50
MAX_IDS = 500_000
KEEP_MAX = 100_000  # articles kept as written: past this, the rest are read back from the store
_LIVE: weakref.WeakSet[Memo] = weakref.WeakSet()  # the memos of the stores holding the lock


class Memo:
    def __init__(self) -> None:
        self.forget()
        # id -> (hash, the article as written); kept through forget(), since each is checked against
        # the hash its row holds whenever it is given (a rolled-back write's, a relabelled one's differ)
        self.articles: dict[str, tuple[str, Article]] = {}
        _LIVE.add(self)

    def forget(self) -> None:
        self._signatures: dict[str, dict[str, str]] = {}  # root -> relpath -> signature
        # root -> relpath -> ids (a dict for its order and O(1) membership: a file of 20,000 records
        # made storing it quadratic as a list), and where each of those ids is
        self._ids: dict[str, dict[str, dict[str, None]]] = {}
        self._where: dict[str, tuple[str, str]] = {}
        self._hashes: dict[str, str] = {}  # id -> hash, of the articles under the roots read (and written since)
        self._all: set[str] | None = None  # every stored id, once read
        self._asked = 0
        self.spellings: dict[str, str] = {}  # a source as given -> its display form
        self._no_overrides: bool | None = None

    # --- files ----------------------------------------------------------------
    def signature(self, db, root: str, relpath: str) -> str | None:
        if root not in self._signatures:
            self._signatures[root] = dict(db.execute("SELECT relpath, signature FROM files WHERE root=?", (root,)))
        return self._signatures[root].get(relpath)

    def signed(self, root: str, relpath: str, signature: str | None) -> None:
        if root in self._signatures:
            if signature is None:
                self._signatures[root].pop(relpath, None)
            else:
                self._signatures[root][relpath] = signature

    # --- articles -------------------------------------------------------------
    def _root(self, db, root: str) -> dict[str, dict[str, None]]:
        if root not in self._ids:
            by_file: dict[str, dict[str, None]] = {}
            for id_, relpath, digest in db.execute("SELECT id, relpath, hash FROM articles WHERE root=?", (root,)):
                by_file.setdefault(relpath, {})[id_] = None
                self._where[id_] = (root, relpath)
                self._hashes[id_] = digest
            self._ids[root] = by_file
        return self._ids[root]

    def ids(self, db, root: str, relpath: str) -> dict[str, str]:
        """ids_under(root, relpath): id -> relpath."""
        return {i: relpath for i in self._root(db, root).get(relpath, ())}

    def hash_of(self, db, article_id: str) -> tuple[str] | None:
        """The stored hash of article_id as a row, None when it is not stored."""
        if article_id in self._hashes:
            return (self._hashes[article_id],)
        if self._all is not None and article_id not in self._all:
            return None
        self._asked += 1
        if self._asked == 1 and db.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is None:
            self._all = set()  # nothing stored, and nobody else writes articles while the lock is held
            return None
        if self._all is None and self._asked > ASK_FIRST:
            if db.execute("SELECT count(*) FROM articles").fetchone()[0] <= MAX_IDS:
                self._all = {r[0] for r in db.execute("SELECT id FROM articles")}
                if article_id not in self._all:
                    return None
        return db.execute("SELECT hash FROM articles WHERE id=?", (article_id,)).fetchone()

    def known_hash(self, article_id: str) -> str | None:
        """The hash of article_id if this store wrote or read it under the lock (asks nothing)."""
        return self._hashes.get(article_id)

    def stored(self, article_id: str, root: str, relpath: str, digest: str, moved: bool = False,
               article: Article | None = None) -> None:
        """An article written by this store; moved: updated, so perhaps from another file or root.
        article: the one written, kept if a read of its row would make the same one."""
        if moved:
            self.deleted([article_id])
        self._hashes[article_id] = digest
        if article is not None and _reads_back(article) and (article_id in self.articles or len(self.articles) < KEEP_MAX):
            self.articles[article_id] = (digest, article)
        if self._all is not None:
            self._all.add(article_id)
        by_file = self._ids.get(root)
        if by_file is not None:
            by_file.setdefault(relpath, {})[article_id] = None
            self._where[article_id] = (root, relpath)

    def all_kept(self, ids: list[str]) -> dict[str, Article] | None:
        """ids' articles as a read of their rows in SQLite gives them, in its order (get_many's ORDER BY
        id: SQLite's binary order of text is Python's order of str), if this store wrote them all
        and they hold the hashes it wrote (_hashes follows its every write; forget() empties it);
        else None."""
        known, kept = self._hashes, self.articles
        for article_id in ids:
            entry = kept.get(article_id)
            if entry is None or known.get(article_id) != entry[0]:
                return None
        return {i: kept[i][1] for i in sorted(set(ids))}

    def relabelled(self, old: str, new: str) -> None:
        """Every article whose source was exactly old now has new (migrations.relabel_source)."""
        for article_id, (_, article) in list(self.articles.items()):
            if article.source == old:
                article = replace(article, source=new)
                self.articles[article_id] = (article.content_hash, article)

    def deleted(self, ids) -> None:
        for article_id in ids:
            self._hashes.pop(article_id, None)
            self.articles.pop(article_id, None)
            if self._all is not None:
                self._all.discard(article_id)
            where = self._where.pop(article_id, None)
            if where is not None:
                self._ids[where[0]][where[1]].pop(article_id, None)

    # --- sources ----------------------------------------------------------------
    def no_overrides(self, db) -> bool:
        """No source set by hand anywhere: nothing to look up for each article."""
        if self._no_overrides is None:
            self._no_overrides = db.execute("SELECT 1 FROM source_overrides LIMIT 1").fetchone() is None
        return self._no_overrides


def _reads_back(article: Article) -> bool:
    """Whether the store's row of article reads back as an equal Article of the same types: its
    paragraphs a tuple, its date in UTC (the row keeps the ISO text; ingest makes every date UTC)."""
    published = article.published
    return type(article.text_paragraphs) is tuple and (published is None or published.tzinfo is timezone.utc)


def kept(article: Article) -> bool:
    """Whether article is one a store holding the lock keeps as written (this very object)."""
    return any(m.articles.get(article.id, (None, None))[1] is article for m in _LIVE)


class Direct:
    """The store's questions when it does not hold the write lock: each one asked of the store."""

    articles: dict[str, tuple[str, Article]] = {}  # none kept (never written to)

    @property
    def spellings(self) -> dict[str, str]:
        return {}  # remembers nothing: what is put in goes

    def forget(self) -> None:
        pass

    def signature(self, db, root: str, relpath: str) -> str | None:
        row = db.execute("SELECT signature FROM files WHERE root=? AND relpath=?", (root, relpath)).fetchone()
        return row[0] if row else None

    def signed(self, root: str, relpath: str, signature: str | None) -> None:
        pass

    def ids(self, db, root: str, relpath: str) -> dict[str, str]:
        return dict(db.execute("SELECT id, relpath FROM articles WHERE root=? AND relpath=?", (root, relpath)).fetchall())

    def hash_of(self, db, article_id: str) -> tuple[str] | None:
        return db.execute("SELECT hash FROM articles WHERE id=?", (article_id,)).fetchone()

    def stored(self, article_id: str, root: str, relpath: str, digest: str, moved: bool = False,
               article: Article | None = None) -> None:
        pass

    def relabelled(self, old: str, new: str) -> None:
        pass

    def all_kept(self, ids: list[str]) -> dict[str, Article] | None:
        return None

    def deleted(self, ids) -> None:
        pass

    def known_hash(self, article_id: str) -> str | None:
        return None

    def no_overrides(self, db) -> bool:
        return False


DIRECT = Direct()


@contextmanager
def held(store, lock) -> Iterator[object]:
    """lock entered, with store remembering (store._memo) until it is let go."""
    with lock:
        store._memo = Memo()
        try:
            yield lock
        finally:
            _LIVE.discard(store._memo)
            store._memo = DIRECT
