"""The archive on PostgreSQL at scale (issue 18, item 4): bytes per article of the store and of the
search engine's tables, and the store's reads the app makes (the library's first page, its counts,
an article, an id prefix) at that size.

    BENCH_PG_DSN=postgresql://... python -m bench.pg_sizing [--tier corpora|100k] [--copies K] [--search]

The tier's cached articles (bench/cache/articles, as bench/run.py and bench/pg_search.py use them)
are stored into a new database on that server (its name printed; dropped unless --keep), through
ArticleStore under the write lock in batches of 1,000, as `newsreader index` stores them; --copies K
stores each K times under new ids and URLs (1M from the 100k tier: --copies 10), the text the
same. --search writes the PostgreSQL engine's tables from the same articles (slow: the engine's
indexing). Sizes are pg_total_relation_size (heap, TOAST and indexes) after VACUUM ANALYZE.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import psycopg

from bench import tiers
from bench.pg_search import _article, _p95
from reader.core.store.articles import ArticleStore

BATCH = 1000
SEARCH_TABLES = ("search_docs", "search_terms", "search_meta", "newsreader_english")


def _articles(tier: str, copies: int) -> Iterator:
    with (tiers.CACHE / "articles" / f"{tier}-all-6.jsonl").open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    for k in range(copies):
        for d in rows:
            a = _article(d, d["id"] if k == 0 else f"{d['id']}{k:03d}")
            yield a if k == 0 else replace(a, url=f"https://bench.invalid/{a.id}")


def _sizes(conn) -> dict[str, int]:
    rows = conn.execute(
        "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE c.relkind IN ('r', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"
    ).fetchall()
    return dict(rows)


def _timed(fn, runs: int = 20) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), _p95(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tier", default="100k", choices=("corpora", "100k"))
    ap.add_argument("--copies", type=int, default=1)
    ap.add_argument("--search", action="store_true")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args(argv)
    admin = os.environ["BENCH_PG_DSN"]
    name = f"sizing_{args.tier}_{args.copies}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, query = admin.partition("?")
    url = base.rsplit("/", 1)[0] + "/" + name + ("?" + query if query else "")
    out: dict = {"database": name, "tier": args.tier, "copies": args.copies, "load": os.getloadavg()[0]}
    try:
        store = ArticleStore(url)
        started, count = time.perf_counter(), 0
        with store.write_lock(Path(tempfile.mkdtemp(prefix="sizing-"))):
            batch: list = []
            for article in _articles(args.tier, args.copies):
                batch.append(article)
                if len(batch) >= BATCH:
                    with store.transaction() as db:
                        for a in batch:
                            store.upsert(db, a)
                    count += len(batch)
                    batch = []
            with store.transaction() as db:
                for a in batch:
                    store.upsert(db, a)
            count += len(batch)
        out["articles"] = count
        out["store_s"] = round(time.perf_counter() - started, 1)
        if args.search:
            from reader.core.search.postgres.engine import PostgresEngine  # only with --search

            engine = PostgresEngine(url)
            t = time.perf_counter()
            engine.write(store.iter_articles(batch=2000))
            out["search_write_s"] = round(time.perf_counter() - t, 1)
            queries = ["oil prices", "government", '"interest rates"', "bank AND profit", "elect*", "trade~"]
            out["search_ms"] = {q: _timed(lambda q=q: engine.search(q, limit=20), runs=7) for q in queries}
            engine.close()
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
            sizes = _sizes(conn)
            out["database_bytes"] = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        search = {t: s for t, s in sizes.items() if t in SEARCH_TABLES}
        store_tables = {t: s for t, s in sizes.items() if t not in SEARCH_TABLES}
        out["store_bytes"] = sum(store_tables.values())
        out["search_bytes"] = sum(search.values())
        out["store_bytes_per_article"] = round(out["store_bytes"] / count)
        out["search_bytes_per_article"] = round(out["search_bytes"] / count)
        out["biggest"] = dict(sorted(sizes.items(), key=lambda kv: -kv[1])[:6])
        some = store.listing(limit=1, offset=count // 2)[0]["id"]
        reads = {
            "listing, first page by date": lambda: store.listing(limit=200),
            "listing, one source, by title": lambda: store.listing(order="title", source="Reuters", limit=200),
            "listing, unread only": lambda: store.listing(unread_only=True, limit=200),
            "tally (status line)": lambda: store.tally(),
            "count": store.count,
            "get one article": lambda: store.get(some),
            "resolve an id prefix": lambda: store.resolve(some[:6]),
        }
        out["store_reads_ms"] = {k: tuple(round(v, 1) for v in _timed(fn)) for k, fn in reads.items()}
        store.close()
    finally:
        if not args.keep:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
