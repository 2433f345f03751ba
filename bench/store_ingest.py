"""The store's share of ingest: articles into the article store, in the folder's SQLite file and on
a PostgreSQL server, as `newsreader index` stores them (batches of files, one transaction each,
under the write lock), apart from reading and parsing the files and from the search engine.

    .venv/bin/python -m bench.store_ingest ../shared/corpora/bbc [--runs 3] [--dsn postgresql://...]
    .venv/bin/python -m bench.store_ingest --tier corpora --full [--runs 3]

The files are parsed once, first (that time is shown apart); each run then stores the parsed
articles into a new store. Without --dsn a throwaway server is started (tests/pg_server.py, which
runs with fsync off: what is measured is the work, not the disk). Medians over the runs, and the
ratio of the two backends measured in the same run.

--full times the whole `newsreader --store URL index FOLDER` instead (Library.index_paths: read and
parse on every core, store, then the PostgreSQL search engine's tables), each run into a new
database, with its phases apart: read+store (sync.read_path, of which the store's own batches) and
the search index (sync.index). CPU seconds beside wall time: this process and its parsing workers
("client"), and the server's processes ("server", read from /proc when the server runs here).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from reader.core.ingest import discover, pool, read_file, sync
from reader.core.models import IndexSummary
from reader.core.store.articles import ArticleStore


def parsed(corpus: Path) -> list:
    found = list(discover(corpus, []))
    # prepared: each article's hash, words and JSON paragraphs made beforehand, as the workers make them
    return [(item, sync.signature(item.path), pool.prepared(read_file(item, None, 20 * 1024 * 1024, {}, "")))
            for item in found]


def client_cpu() -> float:
    """CPU seconds of this process, of its children that have ended (the parsing workers), and of
    the processes under it still running, with those they have reaped: the analysis workers a fork
    server forks are its children, not this process's (one run's are counted when they end)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    live = 0
    for stat in _descendants(os.getpid()):
        live += _ticks(stat, children=True)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime + live / os.sysconf("SC_CLK_TCK")


def _descendants(root: int) -> list[str]:
    """The /proc stat lines of the processes under root, running now."""
    stats: dict[int, tuple[int, str]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:  # ended meanwhile
                continue
            stats[int(entry)] = (int(stat.rsplit(")", 1)[1].split()[1]), stat)
    under, found = {root}, []
    grew = True
    while grew:
        grew = False
        for pid, (parent, stat) in stats.items():
            if parent in under and pid not in under:
                under.add(pid)
                found.append(stat)
                grew = True
    return found


def _ticks(stat: str, children: bool) -> int:
    fields = stat.rsplit(")", 1)[1].split()
    # after the name: utime, stime are fields 14, 15 and cutime, cstime 16, 17 (man 5 proc)
    return sum(int(f) for f in fields[11:15 if children else 13])


def server_cpu(postmaster: int | None) -> float | None:
    """CPU seconds of the server so far: the postmaster with the backends it has reaped, and those
    running now (None when /proc does not show the server: not on this machine)."""
    if postmaster is None:
        return None
    try:
        total = _ticks(Path(f"/proc/{postmaster}/stat").read_text(), children=True)
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = Path(f"/proc/{entry}/stat").read_text()
                except OSError:  # ended meanwhile: the postmaster has its time now
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == postmaster:
                    total += _ticks(stat, children=False)
    except (OSError, ValueError, IndexError):
        return None
    return total / os.sysconf("SC_CLK_TCK")


def postmaster_of(conninfo: str) -> int | None:
    import psycopg  # optional: only this benchmark and a store on a server need it

    with psycopg.connect(conninfo, autocommit=True) as conn:
        backend = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
    try:
        return int(Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError):
        return None


def database_url(dsn: str, name: str) -> str:
    """A postgresql:// URL of database name on dsn's server. dsn may be a URL or a conninfo string
    (host=/tmp/x user=postgres): a conninfo's parameters go in the URL's query, since the store
    takes only a URL as a server's (urlsplit of a conninfo gave a relative path: a SQLite file)."""
    if dsn.lower().startswith(("postgresql://", "postgres://")):
        return urlsplit(dsn)._replace(path="/" + name).geturl()
    from psycopg.conninfo import conninfo_to_dict  # optional: only this benchmark and a store on a server need it

    params = {k: str(v) for k, v in conninfo_to_dict(dsn).items() if k != "dbname"}
    return f"postgresql:///{name}" + (f"?{urlencode(params)}" if params else "")


def store_once(location, batch: list, postmaster: int | None = None) -> dict:
    store = ArticleStore(location)
    try:
        summary = IndexSummary()
        cpu, server, started = client_cpu(), server_cpu(postmaster), time.perf_counter()
        with store.write_lock(Path(tempfile.mkdtemp(prefix="store-bench-"))):
            for i in range(0, len(batch), sync.BATCH_FILES):
                sync._store_batch(store, batch[i : i + sync.BATCH_FILES], summary)
        took = time.perf_counter() - started
        after = server_cpu(postmaster)
        return {"articles": store.count(), "seconds": took, "client_cpu": client_cpu() - cpu,
                "server_cpu": None if server is None or after is None else after - server}
    finally:
        store.close()


def index_once(url: str, corpus: Path, postmaster: int | None) -> dict:
    """`newsreader --store URL index corpus` through the Library, its phases timed."""
    from reader.core.config import Config
    from reader.core.library import Library  # the full build: the search engine's packages too

    phases = {"read_store_s": 0.0, "store_s": 0.0, "engine_s": 0.0}
    saved = {name: getattr(sync, name) for name in ("read_path", "_store_batch", "sync_index")}
    cpus = {"read_store": [0.0, 0.0], "engine": [0.0, 0.0]}  # phase -> [client, server] CPU seconds

    def timed(name: str, key: str) -> None:
        real = saved[name]

        def wrapper(*a, **kw):
            t = time.perf_counter()
            spent = cpus.get(key[:-2])
            before = (client_cpu(), server_cpu(postmaster)) if spent is not None else None
            try:
                return real(*a, **kw)
            finally:
                phases[key] += time.perf_counter() - t
                if before is not None:
                    time.sleep(0.1)  # the phase's server processes have ended and been counted
                    spent[0] += client_cpu() - before[0]
                    after = server_cpu(postmaster)
                    spent[1] += (after - before[1]) if after is not None and before[1] is not None else 0.0
        setattr(sync, name, wrapper)

    for name, key in (("read_path", "read_store_s"), ("_store_batch", "store_s"), ("sync_index", "engine_s")):
        timed(name, key)
    folder = Path(tempfile.mkdtemp(prefix="store-bench-index-"))
    try:
        cpu, server, started = client_cpu(), server_cpu(postmaster), time.perf_counter()
        with Library(folder, Config(store=url)) as lib:
            lib.index_paths([corpus], lock_timeout=60)
            took = time.perf_counter() - started
            after = server_cpu(postmaster)
            count = lib.store.count()
            if not lib.store.on_server or lib.engine.name != "postgres":  # not what this measures
                raise SystemExit(f"the build went to {lib.store.where} with {lib.engine.name}, not PostgreSQL's")
        return dict(phases, articles=count, seconds=took, client_cpu=client_cpu() - cpu, phase_cpu=cpus,
                    server_cpu=None if server is None or after is None else after - server)
    finally:
        for name, real in saved.items():
            setattr(sync, name, real)
        shutil.rmtree(folder, ignore_errors=True)


def _median(runs: list[dict], key: str) -> float | None:
    values = [r[key] for r in runs if r.get(key) is not None]
    return statistics.median(values) if values else None


def _cpu_text(runs: list[dict]) -> str:
    client, server = _median(runs, "client_cpu"), _median(runs, "server_cpu")
    return f"CPU client {client:.2f} s" + (f", server {server:.2f} s" if server is not None else "")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path, nargs="?")
    ap.add_argument("--tier", choices=("corpora", "100k"), help="a bench tier's folder (bench/tiers.py) as the corpus")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--full", action="store_true", help="the whole index command: parsing and the search index too")
    ap.add_argument("--dsn", help="an empty database's URL is made per run on this server (its maintenance db)")
    args = ap.parse_args(argv)
    if (args.corpus is None) == (args.tier is None):
        ap.error("give a corpus folder or --tier")
    import psycopg  # optional: only this benchmark and a store on a server need it

    server = work = None
    if args.dsn is None:
        from tests.pg_server import PgServer  # the tests' throwaway server

        server = PgServer().start()
        admin, make_url = server.conninfo(), server.dsn
    else:
        admin = args.dsn

        def make_url(name: str) -> str:  # the same server, another database (the host may be a socket folder)
            return database_url(args.dsn, name)
    try:
        corpus = args.corpus
        if args.tier:
            from bench import tiers  # the bench's tiers: only for --tier

            work = Path(tempfile.mkdtemp(prefix="store-bench-tier-"))
            corpus = tiers.materialize(args.tier, tiers.tier_files(args.tier), work)
        postmaster = postmaster_of(admin)
        if args.full:
            return _full(args, corpus, admin, make_url, postmaster)
        started = time.perf_counter()
        batch = parsed(corpus)
        parse_s = time.perf_counter() - started
        n_files = len(batch)
        runs: dict[str, list[dict]] = {"folder": [], "postgresql": []}
        count = 0
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as tmp:
                r = store_once(Path(tmp) / "store.sqlite", batch)
                count = r["articles"]
                runs["folder"].append(dict(r, server_cpu=None))
            with _database(psycopg, admin) as name:
                r = store_once(make_url(name), batch, postmaster)
                assert r["articles"] == count, (r["articles"], count)
                runs["postgresql"].append(r)
        print(f"{corpus.name}: {n_files:,} files, {count:,} articles; parsing them once took {parse_s:.2f} s"
              f" ({count / parse_s:,.0f} articles/s); load {os.getloadavg()[0]:.1f}")
        medians = {k: statistics.median(r["seconds"] for r in v) for k, v in runs.items()}
        for kind, median in medians.items():
            each = ", ".join(f"{r['seconds']:.2f}" for r in runs[kind])
            print(f"  store phase, {kind:<10}: median {median:.2f} s ({each}) = {count / median:,.0f} articles/s;"
                  f" {_cpu_text(runs[kind])}")
        print(f"  PostgreSQL / folder time: {medians['postgresql'] / medians['folder']:.2f}")
    finally:
        if server is not None:
            server.stop()
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


class _database:
    """A new, empty database on the server for one run, dropped after it."""

    def __init__(self, psycopg, admin: str) -> None:
        self.psycopg, self.admin, self.name = psycopg, admin, f"bench_{uuid.uuid4().hex[:12]}"

    def __enter__(self) -> str:
        with self.psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.name}"')
        return self.name

    def __exit__(self, *exc) -> None:
        with self.psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{self.name}" WITH (FORCE)')


def _full(args, corpus: Path, admin: str, make_url, postmaster: int | None) -> int:
    import psycopg  # optional: only this benchmark and a store on a server need it

    runs = []
    for i in range(args.runs):
        with _database(psycopg, admin) as name:
            r = index_once(make_url(name), corpus, postmaster)
        runs.append(r)
        print(f"  run {i + 1}: {r['seconds']:.2f} s (read+store {r['read_store_s']:.2f}, of which the store"
              f" {r['store_s']:.2f}; search index {r['engine_s']:.2f}); {_cpu_text([r])}; CPU client/server read+store"
              f" {r['phase_cpu']['read_store'][0]:.2f}/{r['phase_cpu']['read_store'][1]:.2f},"
              f" search index {r['phase_cpu']['engine'][0]:.2f}/{r['phase_cpu']['engine'][1]:.2f}", file=sys.stderr, flush=True)
    count = runs[0]["articles"]
    total, engine = _median(runs, "seconds"), _median(runs, "engine_s")
    read_store, store = _median(runs, "read_store_s"), _median(runs, "store_s")
    print(f"{corpus.name}: {count:,} articles, `index` into PostgreSQL (store and search index), medians of"
          f" {args.runs} runs, load {os.getloadavg()[0]:.1f}")
    print(f"  whole build {total:.2f} s = {count / total:,.0f} articles/s; {_cpu_text(runs)}")
    print(f"  read+store  {read_store:.2f} s = {count / read_store:,.0f}/s (the store's batches {store:.2f} s ="
          f" {count / store:,.0f}/s; the rest is waiting on the parsing workers)")
    print(f"  search index {engine:.2f} s = {count / engine:,.0f}/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
