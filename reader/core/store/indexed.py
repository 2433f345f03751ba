"""What the search index holds, as the store records it: the id and hash of every article the index
was last written with, so that the index can be brought level with the store after a crash
(ingest/sync.py). A part of ArticleStore (articles.py), kept apart for that module's length."""

from __future__ import annotations


class IndexRecord:
    """ArticleStore's methods on the table indexed (its connection: self.db)."""

    def index_diff(self) -> tuple[list[str], list[str]]:
        """(ids to (re)index, ids to delete from the index): the first in the order the articles
        came in (then by id: within one second, and on a server, which keeps no insertion order),
        the second by id, on every backend alike."""
        stale = [
            r[0]
            for r in self.db.execute(
                "SELECT a.id FROM articles a LEFT JOIN indexed i ON i.id = a.id"
                " WHERE i.hash IS NULL OR i.hash != a.hash ORDER BY a.added_at, a.id"
            )
        ]
        gone = [
            r[0]
            for r in self.db.execute(
                "SELECT i.id FROM indexed i LEFT JOIN articles a ON a.id = i.id WHERE a.id IS NULL ORDER BY i.id"
            )
        ]
        return stale, gone

    def mark_indexed(self, ids: list[str], deleted: list[str]) -> None:
        """ids are in the index as the store holds them now, deleted are not."""
        # the hashes this store wrote or read while it holds the write lock (memo.py) are put as they
        # are: reading them back walks every row past its paragraphs (0.45-0.65 s for 25,224 articles,
        # 0.15-0.24 s so); the others are copied from the rows. On a server: all copied, one statement a chunk.
        known = {} if self.on_server else {i: h for i in ids if (h := self.known_hash(i)) is not None}
        with self.db:
            self.db.executemany("DELETE FROM indexed WHERE id=?", [(i,) for i in deleted])
            self.db.executemany("INSERT OR REPLACE INTO indexed(id, hash) VALUES(?,?)", known.items())
            ids = [i for i in ids if i not in known]
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                marks = ",".join("?" * len(chunk))
                self.db.execute(
                    f"INSERT OR REPLACE INTO indexed(id, hash) SELECT id, hash FROM articles WHERE id IN ({marks})",
                    chunk,
                )

    def indexed_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM indexed").fetchone()[0]

    def forget_index(self) -> None:
        with self.db:
            self.db.execute("DELETE FROM indexed")
