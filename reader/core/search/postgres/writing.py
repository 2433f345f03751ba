"""The PostgreSQL engine's writes: articles analysed here (the same
tokenizer and stems as searches use), copied to the server in batches, all
in one transaction under the writers' lock.
"""

from __future__ import annotations

import errno
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import timezone
from typing import TYPE_CHECKING

import psycopg

from reader.core.faults import checkpoint
from reader.core.models import Article
from reader.core.search.errors import one_line
from reader.core.search.postgres import analysis, tables
from reader.core.search.postgres.server import unreachable

if TYPE_CHECKING:
    from reader.core.search.postgres.engine import PostgresEngine

BATCH = 1000  # articles per COPY


def write(engine: PostgresEngine, articles: Iterable[Article], delete_ids: Iterable[str] = (),
          progress: Callable[[int], None] | None = None, procs: int | None = None) -> int:
    """Add or replace articles and delete ids in one transaction."""
    n = engine.names
    engine._ensure()  # committed apart: the stemmer's connection must see the dictionary
    conn = engine.server.connect(autocommit=False)
    count = 0
    try:
        with conn:  # commits at the end, rolls back on any exception
            tables.create(conn, n)  # takes the writers' lock, held to the commit; recreates dropped tables
            doomed = list(delete_ids)
            if doomed:
                conn.execute(f"DELETE FROM {n.docs} WHERE id = ANY(%s)", (doomed,))
            conn.execute(f"CREATE TEMP TABLE nr_batch (LIKE {n.docs}) ON COMMIT DROP")
            vocabulary: Counter = Counter()
            batch: list[Article] = []
            for article in articles:
                batch.append(article)
                count += 1
                if progress is not None:
                    progress(count)
                if len(batch) >= BATCH:
                    _write_batch(engine, conn, batch, vocabulary)
                    batch = []
            if batch:
                _write_batch(engine, conn, batch, vocabulary)
            tables.index_words(conn, n, engine.server.rum)
            if vocabulary:
                keys = sorted(vocabulary)
                conn.execute(
                    f"INSERT INTO {n.terms} (kind, word, df) SELECT * FROM unnest(%s::\"char\"[], %s::text[], %s::int[])"
                    f" ON CONFLICT (kind, word) DO UPDATE SET df = {n.terms}.df + excluded.df",
                    ([k for k, _ in keys], [w for _, w in keys], [vocabulary[k] for k in keys]),
                )
            checkpoint("mid-commit")
    except psycopg.OperationalError as exc:
        raise unreachable(exc) from exc
    except psycopg.Error as exc:
        raise OSError(errno.EIO, f"the search index could not be written ({one_line(exc)[:200]})") from exc
    finally:
        conn.close()
    engine._forget()
    return count


def _write_batch(engine: PostgresEngine, conn: psycopg.Connection, batch: list[Article], vocabulary: Counter) -> None:
    stem = engine.stems
    tokens = [(analysis.lowered(a.title), analysis.lowered(a.text)) for a in batch]
    stem.prime({w for title, body in tokens for w in (*title, *body)}, lowered=True)
    with conn.cursor() as cur:
        with cur.copy("COPY nr_batch (id, title, source, url, published, words, labels) FROM STDIN") as copy:
            for a, (title, body) in zip(batch, tokens):
                title, body = analysis.stemmed(title, stem), analysis.stemmed(body, stem)
                source, byline = analysis.lowered(a.source), analysis.lowered(a.byline)
                vocabulary.update(("w", w) for w in {*title, *body})
                vocabulary.update(("l", w) for w in {*source, *byline})
                published = a.published.astimezone(timezone.utc) if a.published is not None else None
                copy.write_row((a.id, a.title, a.source, a.url, published, analysis.tsvector(title, body),
                                analysis.tsvector(source, byline, "B")))
        cur.execute(
            f"INSERT INTO {engine.names.docs} SELECT * FROM nr_batch ON CONFLICT (id) DO UPDATE SET"
            " title = excluded.title, source = excluded.source, url = excluded.url,"
            " published = excluded.published, words = excluded.words, labels = excluded.labels"
        )
        cur.execute("TRUNCATE nr_batch")
