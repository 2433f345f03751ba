"""The PostgreSQL search engine's write alone: a corpus's articles (parsed once, kept in
bench/cache/) written into a new schema per run, as the search-index half of a full build.

    .venv/bin/python -m bench.pg_write ../shared/corpora/bbc [--runs 3] [--dsn postgresql://...]
    .venv/bin/python -m bench.pg_write --tier corpora [--add 20 --writes 20]

Wall time, CPU of this process with its analysis workers ("client") and of the server's processes
("server", from /proc when the server runs on this machine), medians of the runs, and what the
server spent on each kind of statement when pg_stat_statements is loaded. With --add N, each
run then makes --writes writes of N new articles into the index it built (a fetcher adding to an
archive): the median wall time of a write and the whole server's CPU a write. Without --dsn a
throwaway server is started (tests/pg_server.py: fsync off, so what is measured is the work, not
the disk). To compare with another commit, run the same command with PYTHONPATH set to a
worktree of it: the articles are read from the same cache.
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from bench.store_ingest import postmaster_of, server_cpu
from reader.core.ingest import discover, read_file

CACHE = Path(__file__).resolve().parent / "cache" / "pg_write"


def articles_of(corpus: Path, name: str) -> list:
    cached = CACHE / f"{name}.pickle"
    if cached.exists():
        return pickle.loads(cached.read_bytes())
    found = [a for item in discover(corpus, []) for a in read_file(item, None, 20 * 1024 * 1024, {}, "").articles]
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(pickle.dumps(found))
    return found


def client_cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def write_once(conninfo: str, articles: list, postmaster: int | None, add: int = 0, writes: int = 20) -> dict:
    import psycopg  # optional: the engine's driver

    from reader.core.search.postgres.engine import PostgresEngine  # optional: psycopg

    schema = "bench_w_" + uuid.uuid4().hex[:8]
    engine = PostgresEngine(conninfo, schema=schema)
    try:
        engine._ensure()  # the tables, empty, as a first client leaves them
        cpu, server, started = client_cpu(), server_cpu(postmaster), time.perf_counter()
        engine.write(iter(articles))
        took = time.perf_counter() - started
        time.sleep(0.2)  # the write's backend has ended and its CPU is the postmaster's
        after = server_cpu(postmaster)
        count = engine.doc_count()
        added = adding(engine, articles, postmaster, add, writes) if add else {}
    finally:
        engine.close()
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    return {"seconds": took, "client_cpu": client_cpu() - cpu, "articles": count,
            "server_cpu": None if server is None or after is None else after - server, **added}


def adding(engine, articles: list, postmaster: int | None, add: int, writes: int) -> dict:
    """writes writes of add articles each (copies of the tier's first ones, new ids) into the index
    just built, as a fetcher adds to an archive: the median wall time of a write and the whole
    server's CPU a write (every backend of the server: another client's work counts too)."""
    from dataclasses import replace

    engine.search_ids("ferries")  # the process's first search, as a fetcher's run has it before
    walls, server = [], server_cpu(postmaster)
    for w in range(writes):
        batch = [replace(a, id=f"add-{w}-{j}") for j, a in enumerate(articles[w * add:(w + 1) * add])]
        started = time.perf_counter()
        engine.write(batch)
        walls.append(time.perf_counter() - started)
    time.sleep(0.2)  # a write's backend that ended has its CPU counted by the postmaster
    after = server_cpu(postmaster)
    return {"add_wall_ms": statistics.median(walls) * 1000,
            "add_server_ms": None if server is None or after is None else (after - server) * 1000 / writes}


def statements(conninfo: str, reset: bool) -> list[tuple]:
    """(calls, ms, statement) the server spent most on, when pg_stat_statements is loaded."""
    import psycopg  # optional: the engine's driver

    try:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            if reset:
                conn.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
                conn.execute("SELECT pg_stat_statements_reset()")
                return []
            return conn.execute(
                "SELECT calls, total_exec_time, left(regexp_replace(query, '\\s+', ' ', 'g'), 90)"
                " FROM pg_stat_statements WHERE query ~* '(COPY|INDEX|INSERT|ts_lexize|ALTER|DELETE)'"
                " ORDER BY total_exec_time DESC LIMIT 8").fetchall()
    except psycopg.Error:
        return []


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path, nargs="?")
    ap.add_argument("--tier", choices=("corpora", "100k"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--dsn", help="a server's maintenance database (conninfo or URL); else a throwaway server")
    ap.add_argument("--add", type=int, default=0, metavar="N",
                    help="after each build, --writes writes of N new articles each into the filled index, timed")
    ap.add_argument("--writes", type=int, default=20)
    args = ap.parse_args(argv)
    if (args.corpus is None) == (args.tier is None):
        ap.error("give a corpus folder or --tier")
    server = work = None
    try:
        if args.dsn is None:
            from tests.pg_server import PgServer  # the tests' throwaway server

            server = PgServer().start()
            conninfo = server.conninfo()
        else:
            conninfo = args.dsn
        corpus, name = args.corpus, args.corpus.name if args.corpus else args.tier
        if args.tier:
            from bench import tiers  # the bench's tiers: only for --tier

            cached = CACHE / f"{name}.pickle"
            if not cached.exists():
                work = Path(tempfile.mkdtemp(prefix="pg-write-tier-"))
                corpus = tiers.materialize(args.tier, tiers.tier_files(args.tier), work)
        articles = articles_of(corpus, name)
        postmaster = postmaster_of(conninfo)
        runs = []
        for i in range(args.runs):
            statements(conninfo, reset=True)
            r = write_once(conninfo, articles, postmaster, args.add, args.writes)
            runs.append(r)
            server_text = f", server {r['server_cpu']:.2f}" if r["server_cpu"] is not None else ""
            add_text = (f"; then {args.writes} writes of {args.add}: {r['add_wall_ms']:.0f} ms a write (median),"
                        f" server CPU {r['add_server_ms']:.0f} ms a write") if args.add and r.get("add_server_ms") else ""
            print(f"  run {i + 1}: {r['seconds']:.2f} s; CPU client {r['client_cpu']:.2f}{server_text}{add_text}",
                  file=sys.stderr, flush=True)
        top = statements(conninfo, reset=False)
        wall = statistics.median(r["seconds"] for r in runs)
        client = statistics.median(r["client_cpu"] for r in runs)
        servers = [r["server_cpu"] for r in runs if r["server_cpu"] is not None]
        server_text = f", server {statistics.median(servers):.2f} s" if servers else ""
        print(f"{name}: {runs[0]['articles']:,} articles, the engine's write, median of {args.runs}: {wall:.2f} s ="
              f" {runs[0]['articles'] / wall:,.0f} articles/s; CPU client {client:.2f} s{server_text};"
              f" load {os.getloadavg()[0]:.1f}")
        if args.add and all(r.get("add_server_ms") is not None for r in runs):
            per = statistics.median(r["add_server_ms"] for r in runs)
            print(f"  writes of {args.add} into the filled index, medians of {args.runs}:"
                  f" {statistics.median(r['add_wall_ms'] for r in runs):.0f} ms a write, the server's CPU {per:.0f} ms"
                  f" = {per / args.add:.2f} ms an article")
        for calls, ms, text in top:
            print(f"    {ms / 1000:6.2f} s  {calls:>4} x  {text}")
    finally:
        if server is not None:
            server.stop()
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
