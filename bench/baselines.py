"""The baselines the project's engines are measured against, on the same
articles: SQLite FTS5 and a LIKE scan, Tantivy used directly, and Whoosh with
its own writer and defaults."""

from __future__ import annotations

import sqlite3
import time
from datetime import datetime, timezone
from pathlib import Path

from . import queries as Q


class Unavailable(RuntimeError):
    """The engine cannot run here; str() says why (shown as a note)."""

# --- baselines -------------------------------------------------------------
def _spans(marked: str, start: str = "\x02", end: str = "\x03") -> tuple[str, list[tuple[int, int]]]:
    """Text with start/end marks -> plain text and match spans."""
    out, spans, pos, open_at = [], [], 0, None
    for ch in marked:
        if ch == start:
            open_at = pos
        elif ch == end and open_at is not None:
            spans.append((open_at, pos))
            open_at = None
        else:
            out.append(ch)
            pos += 1
    return "".join(out), spans


class _Sqlite:
    kind = "baseline"
    FILE = "bench.sqlite"

    def __init__(self):
        self.db = None

    def check(self, tmp: Path) -> None:
        pass

    def _connect(self, index_dir: Path) -> sqlite3.Connection:
        index_dir.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(index_dir / self.FILE)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        return db

    def build(self, index_dir: Path, corpus: Path, articles) -> dict:
        db = self._connect(index_dir)
        db.executescript(self.SCHEMA)
        n = 0
        t0 = time.perf_counter()
        with db:
            for a in articles:
                self._insert(db, a)
                n += 1
        seconds = time.perf_counter() - t0
        db.close()
        return {"seconds": seconds, "engine_seconds": seconds, "articles": n}

    def incremental(self, index_dir: Path, corpus: Path, changed) -> dict:
        changed = list(changed)
        db = self._connect(index_dir)
        t0 = time.perf_counter()
        with db:
            for a in changed:
                self._delete(db, a["id"])
                self._insert(db, a)
        seconds = time.perf_counter() - t0
        db.close()
        return {"seconds": seconds, "engine_seconds": seconds, "articles": len(changed), "updated": len(changed)}

    def _insert(self, db, a: dict) -> None:
        db.execute(self.INSERT, self._row(a))

    def _delete(self, db, article_id: str) -> None:
        db.execute(f"DELETE FROM {self.TABLE} WHERE id=?", (article_id,))

    @staticmethod
    def _row(a: dict) -> tuple:
        return (a["title"], a["text"], a["source"], a["id"], a["published"] or "", a["url"])

    def sizes(self, index_dir: Path) -> dict:
        from .tiers import dir_size

        n = dir_size(index_dir)
        return {"index_bytes": n, "total_bytes": n}

    def open(self, index_dir: Path) -> None:
        self.db = sqlite3.connect(f"file:{index_dir / self.FILE}?mode=ro", uri=True)

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None


class Fts5(_Sqlite):
    """SQLite FTS5, Porter stemming, bm25 with the title weighted 2, snippet()
    and highlight(): what a user could pick instead of the engine."""

    name = "fts5"
    TABLE = "fts"
    SCHEMA = (
        "CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(title, body, source, id UNINDEXED,"
        " published UNINDEXED, url UNINDEXED, tokenize='porter unicode61');"
        # ids -> FTS rowids: FTS5 cannot look an UNINDEXED column up without a scan
        "CREATE TABLE IF NOT EXISTS ids(id TEXT PRIMARY KEY);"
    )
    INSERT = "INSERT INTO fts(rowid, title, body, source, id, published, url) VALUES(?,?,?,?,?,?,?)"

    def _insert(self, db, a: dict) -> None:
        rowid = db.execute("INSERT INTO ids(id) VALUES(?)", (a["id"],)).lastrowid
        db.execute(self.INSERT, (rowid, *self._row(a)))

    def _delete(self, db, article_id: str) -> None:
        row = db.execute("SELECT rowid FROM ids WHERE id=?", (article_id,)).fetchone()
        if row:
            db.execute("DELETE FROM fts WHERE rowid=?", row)
            db.execute("DELETE FROM ids WHERE rowid=?", row)
    SEARCH = (
        "SELECT id, highlight(fts, 0, char(2), char(3)), source, published, url,"
        " snippet(fts, 1, char(2), char(3), ' … ', 32), bm25(fts, 2.0, 1.0, 1.0)"
        " FROM fts WHERE fts MATCH ? ORDER BY bm25(fts, 2.0, 1.0, 1.0) LIMIT 20"
    )

    def search(self, q: dict) -> tuple[int, list[str]]:
        match = Q.to_fts5(q)
        total = self.db.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (match,)).fetchone()[0]
        ids = []
        for id_, title, _source, _published, _url, snippet, _score in self.db.execute(self.SEARCH, (match,)):
            _spans(title)
            _spans(snippet)
            ids.append(id_)
        return total, ids


class Like(_Sqlite):
    """A substring scan with SQL LIKE, newest first: how terminal readers
    search today (unranked; every row is read)."""

    name = "like"
    TABLE = "articles"
    SCHEMA = (
        "CREATE TABLE IF NOT EXISTS articles(title TEXT, body TEXT, source TEXT, id TEXT PRIMARY KEY,"
        " published TEXT, url TEXT);"
    )
    INSERT = "INSERT INTO articles(title, body, source, id, published, url) VALUES(?,?,?,?,?,?)"

    def search(self, q: dict) -> tuple[int, list[str]]:
        where, params = Q.to_like(q)
        rows = self.db.execute(
            f"SELECT id, title, body, count(*) OVER () FROM articles WHERE {where}"
            " ORDER BY published DESC LIMIT 20",
            params,
        ).fetchall()
        needle = params[-1].strip("%").lower()
        for _id, _title, body, _n in rows:
            at = body.lower().find(needle)  # the snippet: text around the first match
            body[max(0, at - 100) : at + 120] if at >= 0 else body[:200]
        return (rows[0][3] if rows else 0), [r[0] for r in rows]


class TantivyRaw:
    """The `tantivy` package used directly (bodies stored for snippets):
    the ceiling for an embedded engine."""

    name = "tantivy-raw"
    kind = "baseline"

    def __init__(self):
        self.index = None

    def check(self, tmp: Path) -> None:
        try:
            import tantivy  # noqa: F401
        except ImportError as exc:
            raise Unavailable(f"the tantivy package is not installed ({exc}); pip install 'tantivy==0.27.*'") from exc

    @staticmethod
    def _schema():
        import tantivy

        sb = tantivy.SchemaBuilder()
        sb.add_text_field("id", stored=True, tokenizer_name="raw")
        sb.add_text_field("title", stored=True, tokenizer_name="en_stem")
        sb.add_text_field("body", stored=True, tokenizer_name="en_stem")
        sb.add_text_field("source", stored=True)
        sb.add_date_field("published", stored=True)
        sb.add_text_field("url", stored=True, tokenizer_name="raw")
        return sb.build()

    def _index(self, index_dir: Path):
        import tantivy

        index_dir.mkdir(parents=True, exist_ok=True)
        return tantivy.Index(self._schema(), path=str(index_dir))

    @staticmethod
    def _doc(a: dict):
        import tantivy

        fields = {"id": a["id"], "title": a["title"], "body": a["text"], "source": a["source"], "url": a["url"]}
        if a.get("published"):
            fields["published"] = datetime.fromisoformat(a["published"])
        return tantivy.Document(**fields)

    def build(self, index_dir: Path, corpus: Path, articles) -> dict:
        index = self._index(index_dir)
        n = 0
        t0 = time.perf_counter()
        writer = index.writer(heap_size=256_000_000)
        for a in articles:
            writer.add_document(self._doc(a))
            n += 1
        writer.commit()
        writer.wait_merging_threads()
        seconds = time.perf_counter() - t0
        return {"seconds": seconds, "engine_seconds": seconds, "articles": n}

    def incremental(self, index_dir: Path, corpus: Path, changed) -> dict:
        changed = list(changed)
        index = self._index(index_dir)
        t0 = time.perf_counter()
        writer = index.writer(heap_size=256_000_000)
        for a in changed:
            writer.delete_documents_by_term("id", a["id"])
            writer.add_document(self._doc(a))
        writer.commit()
        writer.wait_merging_threads()
        seconds = time.perf_counter() - t0
        return {"seconds": seconds, "engine_seconds": seconds, "articles": len(changed), "updated": len(changed)}

    def sizes(self, index_dir: Path) -> dict:
        from .tiers import dir_size

        n = dir_size(index_dir)
        return {"index_bytes": n, "total_bytes": n}

    def open(self, index_dir: Path) -> None:
        self.index = self._index(index_dir)
        self.index.reload()
        self.searcher = self.index.searcher()

    def search(self, q: dict) -> tuple[int, list[str]]:
        import tantivy

        index, searcher = self.index, self.searcher
        both = ["title", "body"]
        if q.get("fuzzy"):
            fuzzy = {"title": (False, 1, True), "body": (False, 1, True)}
            query = index.parse_query(Q.to_tantivy(q), both, field_boosts={"title": 2.0}, fuzzy_fields=fuzzy)
        else:
            query = index.parse_query(Q.to_tantivy(q), both, field_boosts={"title": 2.0}, conjunction_by_default=True)
        result = searcher.search(query, 20, count=True)
        body_gen = tantivy.SnippetGenerator.create(searcher, query, index.schema, "body")
        body_gen.set_max_num_chars(220)
        title_gen = tantivy.SnippetGenerator.create(searcher, query, index.schema, "title")
        ids = []
        for _score, address in result.hits:
            doc = searcher.doc(address)
            for gen in (body_gen, title_gen):
                snip = gen.snippet_from_doc(doc)
                snip.fragment(), [(r.start, r.end) for r in snip.highlighted()]
            ids.append(doc["id"][0])
        return result.count, ids

    def close(self) -> None:
        self.index = None


class WhooshUntuned:
    """Whoosh as a newcomer uses it, from its documentation: stored title and
    body with the stemming analyzer, the default writer (compound segments,
    one process, limitmb=128), add_document per article and one commit;
    search with MultifieldParser and hit.highlights() (re-analysing the
    stored body). The yardstick of issue 6 for the tuned engine's indexing."""

    name = "whoosh-untuned"
    kind = "baseline"
    INDEX = "untuned"

    def __init__(self):
        self.ix = None
        self.searcher = None
        self.parser = None

    def check(self, tmp: Path) -> None:
        try:
            import whoosh  # noqa: F401
        except ImportError as exc:
            raise Unavailable(f"whoosh is not installed ({exc})") from exc

    @staticmethod
    def _schema():
        from whoosh.analysis import StemmingAnalyzer
        from whoosh.fields import DATETIME, ID, TEXT, Schema

        return Schema(
            id=ID(stored=True, unique=True),
            title=TEXT(analyzer=StemmingAnalyzer(), stored=True),
            body=TEXT(analyzer=StemmingAnalyzer(), stored=True),
            source=TEXT(stored=True),
            published=DATETIME(stored=True),
            url=ID(stored=True),
        )

    @staticmethod
    def _doc(a: dict) -> dict:
        doc = {"id": a["id"], "title": a["title"], "body": a["text"], "source": a["source"], "url": a["url"]}
        if a.get("published"):
            published = datetime.fromisoformat(a["published"])
            if published.tzinfo is not None:
                published = published.astimezone(timezone.utc).replace(tzinfo=None)
            doc["published"] = published
        return doc

    def _open(self, index_dir: Path):
        from whoosh import index

        if index.exists_in(str(index_dir), indexname=self.INDEX):
            return index.open_dir(str(index_dir), indexname=self.INDEX)
        index_dir.mkdir(parents=True, exist_ok=True)
        return index.create_in(str(index_dir), self._schema(), indexname=self.INDEX)

    def build(self, index_dir: Path, corpus: Path, articles) -> dict:
        ix = self._open(index_dir)
        n = 0
        t0 = time.perf_counter()
        writer = ix.writer()
        for a in articles:
            writer.add_document(**self._doc(a))
            n += 1
        writer.commit()
        seconds = time.perf_counter() - t0
        ix.close()
        return {"seconds": seconds, "engine_seconds": seconds, "articles": n}

    def incremental(self, index_dir: Path, corpus: Path, changed) -> dict:
        changed = list(changed)
        ix = self._open(index_dir)
        t0 = time.perf_counter()
        writer = ix.writer()
        for a in changed:
            writer.update_document(**self._doc(a))
        writer.commit()
        seconds = time.perf_counter() - t0
        ix.close()
        return {"seconds": seconds, "engine_seconds": seconds, "articles": len(changed), "updated": len(changed)}

    def sizes(self, index_dir: Path) -> dict:
        from .tiers import dir_size

        n = dir_size(index_dir)
        return {"index_bytes": n, "total_bytes": n}

    def open(self, index_dir: Path) -> None:
        from whoosh import qparser

        self.ix = self._open(index_dir)
        self.searcher = self.ix.searcher()
        # the default plugins only, as in the docs: "word~" is searched as "word"
        # (with FuzzyTermPlugin and no prefix a fuzzy query takes seconds here)
        self.parser = qparser.MultifieldParser(["title", "body"], self.ix.schema)

    def search(self, q: dict) -> tuple[int, list[str]]:
        results = self.searcher.search(self.parser.parse(q["text"]), limit=20)
        ids = []
        for hit in results:
            hit.highlights("body")
            hit.highlights("title")
            ids.append(hit["id"])
        return len(results), ids

    def close(self) -> None:
        if self.searcher is not None:
            self.searcher.close()
            self.searcher = None
        if self.ix is not None:
            self.ix.close()
            self.ix = None


BASELINES = {"fts5": Fts5, "like": Like, "tantivy-raw": TantivyRaw, "whoosh-untuned": WhooshUntuned}
