"""The event tables' rows: events read back, and the bookkeeping the
incremental index writes through (document frequencies, the stored vectors).

The tables are made by the store's migrations (0004_events; what the
columns of event_articles hold is in rows.py). A row whose event_id is
PENDING holds an article whose features are known (computed when it was
indexed) but which is not in an event yet. Every function here works on the
connection it is given and leaves transactions to its caller.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from reader.core.events import rows
from reader.core.events.cluster import Doc, Event, age_key, sort_events, summarise
from reader.core.events.grouping import naive

# event_postings (migration 0004) is no longer written: a vector is kept in
# its article's signature and candidates are found in memory.
TABLES = ("events", "event_articles", "event_features", "event_df", "event_postings", "event_meta",
          "event_terms", "event_term_counts")
# An article's row and its features (rows.py), kept apart (migration 0009): placing the pending
# articles in events rewrites only their narrow rows, not their features (the first grouping of
# 25,000 articles rewrote 75 MB). event_articles' own features and names columns are left empty.
FEATURED = "event_articles JOIN event_features f USING (doc)"
PENDING = ""  # event_articles.event_id of an article not yet in an event


# --- bookkeeping -----------------------------------------------------------------
def meta(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM event_meta WHERE key=?", (key,)).fetchone()
    return row[0] if row else None


def set_meta(db: sqlite3.Connection, key: str, value: str) -> None:
    db.execute("INSERT OR REPLACE INTO event_meta(key, value) VALUES(?, ?)", (key, value))


def count_terms(db: sqlite3.Connection, deltas: dict[str, int]) -> None:
    """Add deltas (term -> change) to the document frequencies."""
    rows = sorted((t, n) for t, n in deltas.items() if n)  # in key order: cheaper for SQLite's B-tree
    db.executemany(
        "INSERT INTO event_df(term, df) VALUES(?, ?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df", rows
    )
    if any(n < 0 for _, n in rows):
        db.execute("DELETE FROM event_df WHERE df <= 0")


def known_count(db: sqlite3.Connection) -> int:
    """Articles whose features are kept, in events or pending: the N of IDF."""
    return db.execute("SELECT count(*) FROM event_articles").fetchone()[0]


def df_of(db: sqlite3.Connection, terms: Iterable[str]) -> dict[str, int]:
    return dict(select_in(db, "SELECT term, df FROM event_df WHERE term IN ({})", list(terms)))


def select_in(db: sqlite3.Connection, sql: str, values: list) -> list[tuple]:
    """Rows of sql, whose {} is filled with placeholders for values, a
    chunk at a time (SQLite limits the parameters of one statement)."""
    out: list[tuple] = []
    for i in range(0, len(values), 500):
        chunk = values[i : i + 500]
        out += db.execute(sql.format(",".join("?" * len(chunk))), chunk).fetchall()
    return out


def vectors(db: sqlite3.Connection, docs: Sequence[int] | None = None) -> list[tuple[int, dict[str, float], int | None]]:
    """(doc, vector, day) of every article in an event (the day its lead
    gives, else its publication day), or of those of docs, in doc order."""
    sql = f"SELECT doc, f.names, published, event_id FROM {FEATURED} WHERE "
    found = (db.execute(sql + "event_id != ? ORDER BY doc", (PENDING,)) if docs is None
             else sorted(select_in(db, sql + "doc IN ({})", list(docs))))
    out = []
    for doc, signature, published, event_id in found:
        if event_id == PENDING:
            continue
        day = rows.signature_day(signature)
        if day is None and published:
            d = parse_date(published)
            day = naive(d).toordinal() if d else None
        out.append((doc, rows.decode_vector(signature), day))
    return out


@dataclass
class EventUpdate:
    """What EventIndex.add, remove or sync did."""

    added: int = 0  # articles placed in events
    joined: int = 0  # of which, into events that existed before
    updated: int = 0  # articles whose text changed (they keep their event)
    removed: int = 0
    new_events: list[str] = field(default_factory=list)
    grown_events: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def resummarise(db: sqlite3.Connection, event_ids: list[str]) -> None:
    """Recompute the title and cohesion of events that changed."""
    for event_id in event_ids:
        found = db.execute(
            f"SELECT article_id, title, source, published, f.names FROM {FEATURED} WHERE event_id=?", (event_id,)
        ).fetchall()
        docs = [
            Doc(article_id, title, source, parse_date(published), rows.decode_vector(names))
            for article_id, title, source, published, names in found
        ]
        if docs:
            summary = summarise(event_id, docs)
            db.execute(
                "UPDATE events SET title=?, cohesion=?, updated_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id=?",
                (summary.title, summary.cohesion, event_id),
            )


class _Features:
    """StoredDoc.features: decoded from the row on first use, then an
    attribute like any (kept in the doc's __dict__, which a non-data
    descriptor leaves first): a first grouping's pair rules ask for the
    features of only the reports in its candidate pairs, and building every
    report's sets was most of reading them back."""

    def __get__(self, doc, owner=None):
        if doc is None:
            return self
        f = doc.__dict__["features"] = rows.decode_rest(doc._rest, doc._terms)
        doc._rest = doc._terms = None
        return f


class StoredDoc(Doc):
    """A Doc from its kept row (stored_doc), its features read on first use."""

    features = _Features()
    featured = True  # features it has, unread (scoring.day_bound asks without reading them)

    def __init__(self, article_id: str, title: str, source: str, published: str | None, terms: str, names: str):
        self.id, self.title, self.source, self.published = article_id, title, source, parse_date(published)
        self.vector, self._rest = rows.split_signature(names)
        self._terms = terms
        self.subject_line = rows.rest_subject(self._rest)
        day = rows.rest_day(self._rest)  # Doc.day, as it would be worked out from the features
        self.__dict__["day"] = day if day is not None else naive(self.published).toordinal() if self.published else None


def stored_doc(article_id: str, title: str, source: str, published: str | None, terms: str, names: str) -> StoredDoc:
    """An article as grouping sees it, from its kept row (terms: the first
    line of the features column, rows.TERMS_SQL)."""
    return StoredDoc(article_id, title, source, published, terms, names)


def subjects(docs: Iterable[StoredDoc]) -> set[str]:
    """Every term of the docs' headline names (features.subject), read without their features."""
    return set(" ".join([d.subject_line for d in docs]).split())


# --- reading -------------------------------------------------------------------------
def events(db: sqlite3.Connection, min_count: int = 1) -> list[Event]:
    """Every event of at least min_count reports, latest first."""
    members: dict[str, list[tuple]] = defaultdict(list)
    for event_id, article_id, source, published in db.execute(
        "SELECT event_id, article_id, source, published FROM event_articles WHERE event_id != ?", (PENDING,)
    ):
        members[event_id].append((article_id, source, published))
    out = [
        _event_from_rows(event_id, title, cohesion, members[event_id])
        for event_id, title, cohesion in db.execute("SELECT id, title, cohesion FROM events")
        if len(members.get(event_id, ())) >= min_count
    ]
    return sort_events(out)


def event(db: sqlite3.Connection, event_id: str) -> Event | None:
    row = db.execute("SELECT title, cohesion FROM events WHERE id=?", (event_id,)).fetchone()
    if row is None:
        return None
    rows = db.execute("SELECT article_id, source, published FROM event_articles WHERE event_id=?", (event_id,)).fetchall()
    return _event_from_rows(event_id, row[0], row[1], rows)


def event_of(db: sqlite3.Connection, article_id: str) -> Event | None:
    row = db.execute("SELECT event_id FROM event_articles WHERE article_id=?", (article_id,)).fetchone()
    return event(db, row[0]) if row and row[0] != PENDING else None


def _event_from_rows(event_id: str, title: str, cohesion: float, rows: Sequence[tuple]) -> Event:
    if len(rows) == 1:  # most events: nothing to sort
        article_id, source, published = rows[0]
        day = naive(parse_date(published))
        return Event(event_id, title or "(untitled)", (article_id,), (source,) if source else (), day, day, cohesion)
    docs = [Doc(article_id, "", source, parse_date(published), {}) for article_id, source, published in rows]
    dates = sorted(naive(d.published) for d in docs if d.published is not None)
    return Event(
        id=event_id,
        title=title or "(untitled)",
        article_ids=tuple(d.id for d in sorted(docs, key=age_key)),
        sources=tuple(sorted({d.source for d in docs if d.source}, key=str.casefold)),
        first=dates[0] if dates else None,
        last=dates[-1] if dates else None,
        cohesion=cohesion,
    )


def iso(d: datetime | None) -> str | None:
    return d.isoformat() if d else None


def parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None
