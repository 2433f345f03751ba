"""Which stored reports hold each rare term: an added article's candidates
without reading every stored vector.

grouping.cross_edges finds a new article's candidates through the terms it
shares with fewer than MAX_DF stored reports (the rare ones; the common ones
only add to a cosine). Finding them by reading every stored vector cost about
a second an add at 25,000 articles, and grows with the archive. So the event
tables keep, by each term's id (rows.term_ids), how many stored reports'
vectors hold it (event_term_counts) and, while that is under MAX_DF, which
ones (event_terms): an add reads the counts of its own terms, the postings of
its rare ones and the vectors of the reports those name, nothing else. The
candidates, their order and so the events are those the full read found (a
test holds it), but for two terms of one id (rows.term_ids: about 3 in 10^8
among a million terms), which count as one.

Kept level by every write that places, forgets or changes a stored vector,
with the number of stored reports counted (event_meta "term_docs"). Where that
is not the number of stored reports (never built; a first grouping, which
needs none; the vectors weighed again; a common term turned rare by a removal,
whose postings were dropped) they are built again, from every stored vector,
at the next add: 3 to 4 s at 25,000 articles, once.
"""

from __future__ import annotations

import binascii
import sqlite3
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from reader.core.events import rows, tables
from reader.core.events.grouping import MAX_DF
from reader.core.events.tables import FEATURED, PENDING

_KEY = "term_docs"


def _stored(db: sqlite3.Connection) -> int:
    return db.execute("SELECT count(*) FROM event_articles WHERE event_id != ?", (PENDING,)).fetchone()[0]


def _counted(db: sqlite3.Connection) -> int | None:
    value = tables.meta(db, _KEY)
    return int(value) if value is not None else None


def stale(db: sqlite3.Connection) -> None:
    """The postings no longer say what the stored vectors hold: built again at the next add."""
    db.execute("DELETE FROM event_meta WHERE key=?", (_KEY,))


def _ids(signature: str) -> list[int]:
    """A stored vector's distinct term ids, from its signature's third line."""
    terms, weights, ids, _ = signature.split("\n", 3)
    if not terms:
        return []
    found = array("q", binascii.a2b_base64(ids)) if ids else array("q", rows.term_ids(terms.split(" ")))
    return list(dict.fromkeys(found))


def ready(db: sqlite3.Connection) -> bool:
    """Whether the postings hold every stored vector, built again first where they
    do not and there are stored vectors; False with none (a first grouping: none built)."""
    stored = _stored(db)
    if _counted(db) == stored:
        return True
    if not stored:
        return False
    db.execute("DELETE FROM event_terms")
    db.execute("DELETE FROM event_term_counts")
    # numpy: only here, inside the events computation (as sparse.py); a third of a build's
    # time at 25,000 articles (1.2 million ids) was counting and sorting them in Python
    import numpy as np

    docs, lines = [], []
    for doc, signature in db.execute(f"SELECT doc, f.names FROM {FEATURED} WHERE event_id != ? ORDER BY doc", (PENDING,)):
        docs.append(doc)
        lines.append(array("q", _ids(signature)).tobytes())
    terms = np.frombuffer(b"".join(lines), dtype=np.int64)
    owners = np.repeat(np.array(docs, dtype=np.int64), [len(b) >> 3 for b in lines])
    unique, counts = np.unique(terms, return_counts=True)
    db.executemany("INSERT INTO event_term_counts(term, n) VALUES(?, ?)", zip(unique.tolist(), counts.tolist()))
    rare = counts[np.searchsorted(unique, terms)] < MAX_DF
    order = np.lexsort((owners[rare], terms[rare]))
    db.executemany("INSERT INTO event_terms(term, doc) VALUES(?, ?)",
                   zip(terms[rare][order].tolist(), owners[rare][order].tolist()))
    tables.set_meta(db, _KEY, str(len(docs)))
    return True


def docs_of(db: sqlite3.Connection, article_ids: Sequence[str]) -> list[int]:
    return [d for (d,) in tables.select_in(db, "SELECT doc FROM event_articles WHERE article_id IN ({})", list(article_ids))]


def _held(db: sqlite3.Connection, docs: Iterable[int]) -> list[tuple[int, list[int]]]:
    """(doc, term ids) of those of docs that are stored (in an event)."""
    found = tables.select_in(db, f"SELECT doc, f.names, event_id FROM {FEATURED} WHERE doc IN ({{}})", sorted(set(docs)))
    return sorted((doc, _ids(signature)) for doc, signature, event_id in found if event_id != PENDING)


def _counts(db: sqlite3.Connection, terms: Iterable[int]) -> dict[int, int]:
    return dict(tables.select_in(db, "SELECT term, n FROM event_term_counts WHERE term IN ({})", sorted(set(terms))))


def learn(db: sqlite3.Connection, docs: Sequence[int]) -> None:
    """Count the vectors of docs, stored now (placed, or changed in place), in the
    postings that held every stored vector before (ready, or forget's True)."""
    held = _held(db, docs)
    if not held:
        return
    delta = Counter(t for _, ids in held for t in ids)
    before = _counts(db, delta)
    db.executemany("INSERT INTO event_term_counts(term, n) VALUES(?, ?)"
                   " ON CONFLICT(term) DO UPDATE SET n = n + excluded.n", sorted(delta.items()))
    after = {t: before.get(t, 0) + n for t, n in delta.items()}
    # A term come to MAX_DF finds no candidates any more: its postings go.
    db.executemany("DELETE FROM event_terms WHERE term = ?",
                   [(t,) for t in sorted(after) if after[t] >= MAX_DF > before.get(t, 0)])
    db.executemany("INSERT INTO event_terms(term, doc) VALUES(?, ?)",
                   sorted((t, doc) for doc, ids in held for t in ids if after[t] < MAX_DF))
    tables.set_meta(db, _KEY, str((_counted(db) or 0) + len(held)))


def forget(db: sqlite3.Connection, docs: Sequence[int]) -> bool:
    """Take the vectors of docs (those stored) out of the postings, before their rows
    are deleted or their vectors change; whether the postings then hold every other
    stored vector (False: built again at the next add)."""
    counted = _counted(db)
    if counted is None or counted != _stored(db):
        return False
    held = _held(db, docs)
    if not held:
        return True
    delta = Counter(t for _, ids in held for t in ids)
    before = _counts(db, delta)
    db.executemany("DELETE FROM event_terms WHERE doc = ?", [(doc,) for doc, _ in held])
    db.executemany("UPDATE event_term_counts SET n = n - ? WHERE term = ?", [(n, t) for t, n in sorted(delta.items())])
    db.execute("DELETE FROM event_term_counts WHERE n <= 0")
    if any(before.get(t, 0) >= MAX_DF > before.get(t, 0) - n for t, n in delta.items()):
        stale(db)  # a common term turned rare: its postings were not kept
        return False
    tables.set_meta(db, _KEY, str(counted - len(held)))
    return True


@contextmanager
def changing(db: sqlite3.Connection, docs: Sequence[int]) -> Iterator[None]:
    """Around a change of the vectors of docs: those stored are forgotten before, counted again after."""
    kept = forget(db, docs) if docs else False
    yield
    if kept:
        learn(db, docs)


def near(db: sqlite3.Connection, new: Sequence[dict[str, float]]) -> tuple[list[tuple[int, dict[str, float], int | None]], set[str]]:
    """(the stored (doc, vector, day) holding a rare term of the new vectors, in doc
    order; those rare terms), from postings that hold every stored vector (ready)."""
    terms = sorted({t for vec in new for t in vec})
    ids = dict(zip(terms, array("q", rows.term_ids(terms))))
    counts = _counts(db, ids.values())
    rare = {t for t, i in ids.items() if counts.get(i, 0) < MAX_DF}
    looked = sorted({ids[t] for t in rare if counts.get(ids[t], 0)})
    docs = {doc for _, doc in tables.select_in(db, "SELECT term, doc FROM event_terms WHERE term IN ({})", looked)}
    return (tables.vectors(db, sorted(docs)) if docs else []), rare
