"""The store's share of ingest: articles into the article store, in the folder's SQLite file and on
a PostgreSQL server, as `newsreader index` stores them (batches of files, one transaction each,
under the write lock), apart from reading and parsing the files and from the search engine.

    .venv/bin/python -m bench.store_ingest ../shared/corpora/bbc [--runs 3] [--dsn postgresql://...]

The files are parsed once, first (that time is shown apart); each run then stores the parsed
articles into a new store. Without --dsn a throwaway server is started (tests/pg_server.py).
Medians over the runs, and the ratio of the two backends measured in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from reader.core.ingest import discover, pool, read_file, sync
from reader.core.models import IndexSummary
from reader.core.store.articles import ArticleStore


def parsed(corpus: Path) -> list:
    found = list(discover(corpus, []))
    # prepared: each article's hash, words and JSON paragraphs made beforehand, as the workers make them
    return [(item, sync.signature(item.path), pool.prepared(read_file(item, None, 20 * 1024 * 1024, {}, "")))
            for item in found]


def store_once(location, batch: list) -> tuple[int, float]:
    store = ArticleStore(location)
    try:
        summary = IndexSummary()
        started = time.perf_counter()
        with store.write_lock(Path(tempfile.mkdtemp(prefix="store-bench-"))):
            for i in range(0, len(batch), sync.BATCH_FILES):
                sync._store_batch(store, batch[i : i + sync.BATCH_FILES], summary)
        return store.count(), time.perf_counter() - started
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--dsn", help="an empty database's URL is made per run on this server (its maintenance db)")
    args = ap.parse_args(argv)
    import psycopg  # optional: only this benchmark and a store on a server need it

    server = None
    if args.dsn is None:
        from tests.pg_server import PgServer  # the tests' throwaway server

        server = PgServer().start()
        admin, make_url = server.conninfo(), server.dsn
    else:
        admin = args.dsn

        def make_url(name: str) -> str:
            return args.dsn.rsplit("/", 1)[0] + "/" + name + ("?" + args.dsn.split("?", 1)[1] if "?" in args.dsn else "")
    try:
        started = time.perf_counter()
        batch = parsed(args.corpus)
        parse_s = time.perf_counter() - started
        n_files = len(batch)
        times: dict[str, list[float]] = {"folder": [], "postgresql": []}
        count = 0
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as tmp:
                count, took = store_once(Path(tmp) / "store.sqlite", batch)
                times["folder"].append(took)
            name = f"bench_{uuid.uuid4().hex[:12]}"
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            try:
                pg_count, took = store_once(make_url(name), batch)
                assert pg_count == count, (pg_count, count)
                times["postgresql"].append(took)
            finally:
                with psycopg.connect(admin, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        print(f"{args.corpus.name}: {n_files:,} files, {count:,} articles; parsing them once took {parse_s:.2f} s"
              f" ({count / parse_s:,.0f} articles/s)")
        medians = {k: statistics.median(v) for k, v in times.items()}
        for kind, median in medians.items():
            runs = ", ".join(f"{t:.2f}" for t in times[kind])
            print(f"  store phase, {kind:<10}: median {median:.2f} s ({runs}) = {count / median:,.0f} articles/s")
        print(f"  PostgreSQL / folder time: {medians['postgresql'] / medians['folder']:.2f}")
    finally:
        if server is not None:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
