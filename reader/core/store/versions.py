"""Every version of an article: the wording it had before each change.

The articles table holds the latest version (what the search index and the
views show); each earlier one is a row here, numbered from 1 (the first
seen). A version is made when an article's title or text changes (articles
.upsert calls keep() before it overwrites the row); a change of byline,
source or notes alone is not a new version.

Storage: a version's paragraphs (as JSON) are compressed with zlib using
the next version's paragraphs as the preset dictionary, so that what a
version costs is mostly what changed, not the whole text again. Decoding
a version therefore starts from the current text and walks back one version
at a time. A version whose next one has been overwritten by other means
would not decode: the only writer of the articles' text is upsert, which
calls keep() first. The table is made by migrations.py (0007).

The read state belongs to the article, not to a version: a changed article
stays as read as it was (each version row notes whether it had been read
when it was replaced). The SQL is plain INSERT/SELECT with ? placeholders.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, replace
from datetime import datetime, timezone

from reader.core.models import Article

CODEC = "zlib-next"  # zlib, preset dictionary = the next version's paragraphs JSON

@dataclass(frozen=True)
class Version:
    """One version of an article, without its text (see article_at)."""

    number: int  # 1 = the first seen
    title: str
    words: int
    seen_at: str  # when this wording was first seen (ISO, UTC)
    origin: str
    url: str
    current: bool  # the latest, the one the articles table holds
    was_read: bool  # read by the time it was replaced (the current: read now)
    stored_bytes: int  # what the store keeps for its text (0: the current)

    def as_dict(self) -> dict:
        return {
            "number": self.number, "title": self.title, "words": self.words, "seen_at": self.seen_at,
            "origin": self.origin, "url": self.url or None, "current": self.current, "read": self.was_read,  # absent: null, as elsewhere
            "stored_bytes": self.stored_bytes,
        }


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _paragraphs_json(paragraphs) -> bytes:
    return json.dumps(list(paragraphs), ensure_ascii=False).encode("utf-8")


def encode(paragraphs, next_paragraphs) -> bytes:
    comp = zlib.compressobj(9, zlib.DEFLATED, 15, 9, zlib.Z_DEFAULT_STRATEGY, zdict=_paragraphs_json(next_paragraphs))
    return comp.compress(_paragraphs_json(paragraphs)) + comp.flush()


def decode(body: bytes, next_paragraphs) -> tuple[str, ...]:
    decomp = zlib.decompressobj(15, zdict=_paragraphs_json(next_paragraphs))
    data = decomp.decompress(bytes(body)) + decomp.flush()
    return tuple(json.loads(data.decode("utf-8")))


def keep(db, new: Article) -> bool:
    """Before the article's row is overwritten by new: its present wording
    becomes a version if new changes its title or text. Returns whether a
    version was made. Runs in the caller's transaction."""
    row = db.execute(
        "SELECT title, paragraphs, origin, url, words, added_at FROM articles WHERE id=?", (new.id,)
    ).fetchone()
    if row is None:
        return False
    title, paragraphs_json, origin, url, words, added_at = row
    old_paragraphs = tuple(json.loads(paragraphs_json))
    if title == new.title and old_paragraphs == tuple(new.text_paragraphs):
        return False
    last = db.execute(
        "SELECT number, replaced_at FROM article_versions WHERE article_id=? ORDER BY number DESC LIMIT 1",
        (new.id,),
    ).fetchone()
    number, seen_at = (last[0] + 1, last[1]) if last else (1, added_at)
    state = db.execute("SELECT read FROM reader_state WHERE id=?", (new.id,)).fetchone()
    db.execute(
        "INSERT INTO article_versions(article_id, number, title, origin, url, words, seen_at, replaced_at,"
        " was_read, codec, body) VALUES(?,?,?,?,?,?,?,?,?,?,?)",
        (new.id, number, title, origin or "", url or "", words or 0, seen_at, _now(),
         int(bool(state and state[0])), CODEC, encode(old_paragraphs, new.text_paragraphs)),
    )
    return True


def changes_text(db, new: Article) -> bool:
    """Whether storing new would make a version (its title or text differ
    from the stored article's); False for an article not stored yet."""
    row = db.execute("SELECT title, paragraphs FROM articles WHERE id=?", (new.id,)).fetchone()
    return row is not None and (row[0] != new.title or tuple(json.loads(row[1])) != tuple(new.text_paragraphs))


def forget(db, ids) -> None:
    """The versions of deleted articles go with them."""
    db.executemany("DELETE FROM article_versions WHERE article_id=?", [(i,) for i in ids])


def _rows(db, article_id: str) -> list[tuple]:
    try:
        return db.execute(
            "SELECT number, title, words, seen_at, replaced_at, origin, url, was_read, codec, body"
            " FROM article_versions WHERE article_id=? ORDER BY number",
            (article_id,),
        ).fetchall()
    except Exception as exc:  # a read-only store from before the migration has no such table
        if "no such table" in str(exc):
            return []
        raise


def count(db, article_id: str) -> int:
    """How many versions the article has, the current one included (1: never changed)."""
    return len(_rows(db, article_id)) + 1


def history(db, current: Article, read_now: bool = False) -> list[Version]:
    """Every version of the article, the first first, the current last."""
    rows = _rows(db, current.id)
    out = [
        Version(number, title, words, seen_at, origin, url, False, bool(was_read), len(body))
        for number, title, words, seen_at, _replaced, origin, url, was_read, _codec, body in rows
    ]
    since = rows[-1][4] if rows else _added_at(db, current.id)
    out.append(Version(len(rows) + 1, current.title, current.word_count, since, current.origin, current.url,
                       True, read_now, 0))
    return out


def _added_at(db, article_id: str) -> str:
    row = db.execute("SELECT added_at FROM articles WHERE id=?", (article_id,)).fetchone()
    return row[0] if row else ""


def article_at(db, current: Article, number: int) -> Article:
    """The article as version number had it (title, text, origin, url; the
    rest as now). number must be 1..count(); the current is returned as is."""
    rows = _rows(db, current.id)
    if not 1 <= number <= len(rows) + 1:
        raise ValueError(f"{current.id} has {len(rows) + 1} version(s), not {number}")
    if number == len(rows) + 1:
        return current
    paragraphs = tuple(current.text_paragraphs)
    for row in reversed(rows):  # walk back: each version decodes against the next one
        if row[8] != CODEC:
            raise ValueError(f"version {row[0]} of {current.id} is stored in an unknown form ({row[8]})")
        paragraphs = decode(row[9], paragraphs)
        if row[0] == number:
            return replace(current, title=row[1], text_paragraphs=paragraphs, origin=row[5] or current.origin,
                           url=row[6] or current.url)
    raise ValueError(f"version {number} of {current.id} is missing")


def storage(db) -> tuple[int, int]:
    """(versions kept, bytes their text takes) over the whole store."""
    row = db.execute("SELECT count(*), coalesce(sum(length(body)), 0) FROM article_versions").fetchone()
    return row[0], row[1]
