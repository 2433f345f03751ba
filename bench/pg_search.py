"""The PostgreSQL engine alone at a tier's scale: load once, then search.

    BENCH_PG_DSN=... python -m bench.pg_search load   [--tier 100k] [--schema s]
    BENCH_PG_DSN=... python -m bench.pg_search search [--tier 100k] [--schema s] [--runs 3]
    BENCH_PG_DSN=... python -m bench.pg_search concurrent [--tier 100k] [--schema s] [--slowest N] [--waits]
    BENCH_PG_DSN=... python -m bench.pg_search agree [--tier 100k] [--schema s]

Unlike bench/run.py, which builds the folder's store and the index each run
(minutes at 100k), this keeps the loaded schema between runs, so that the
search of one tree can be measured against another's on the same tables
(PYTHONPATH picks the tree, but `python -m` puts the working directory first on the path:
run another tree's code from outside this repo, `cd /tmp && PYTHONPATH=TREE:REPO python -m
bench.pg_search ...`; the JSON's `reader_tree` says whose reader/ ran). The articles and queries are run.py's (the
tier's cached articles, bench/queries.py with its seed); a search asks for
20 hits with snippets, the bodies coming from memory as a store would give
them. Printed: wall and CPU medians and p95 per kind and overall, as JSON;
`agree` prints how much of the exact top ten and twenty the search returns.
The server's CPU (with BENCH_PG_POSTMASTER, a server on this machine) is that
of the engine's own connections, so that other clients of a shared server do
not count; `concurrent` gives the readers' (readers_server_cpu_s) and the
whole server's (server_cpu_s: the writer's and any other client's too);
`concurrent --slowest N`, the N slowest queries by their median over the readers;
`concurrent --waits`, the share of the readers' and the writer's active samples by
wait event (pg_stat_activity every 10 ms; "CPU": none).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

from bench import contention, tiers
from bench import queries as Q

READERS = 4
WRITE_BATCH = 20


def _articles(tier: str) -> list[dict]:
    with (tiers.CACHE / "articles" / f"{tier}-all-6.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def _article(d: dict, new_id: str | None = None):
    from reader.core.models import Article

    aid = new_id or d["id"]
    return Article(
        id=aid, origin=f"bench/{aid}", title=d["title"],
        text_paragraphs=tuple(p for p in d["text"].split("\n\n") if p.strip()) or (d["text"],),
        source=d.get("source") or "", url=d.get("url") or f"https://bench.invalid/{aid}",
        published=datetime.fromisoformat(d["published"]) if d.get("published") else None,
    )


def _engine(schema: str):
    """The PostgreSQL engine on that schema; "tantivy:DIR", the Tantivy engine
    in DIR (the baseline, measured the same way)."""
    if schema.startswith("tantivy:"):
        from reader.core.search.tantivy.engine import TantivyEngine

        return TantivyEngine(Path(schema.split(":", 1)[1]))
    from reader.core.search.postgres.engine import PostgresEngine

    return PostgresEngine(os.environ["BENCH_PG_DSN"], schema=schema)


def _server_cpu_ms() -> float:
    """CPU time so far of the server's processes (the children of the postmaster whose pid
    BENCH_PG_POSTMASTER names, the server running on this machine; 0 when unset): what a
    search costs the server, beside the client's process_time."""
    pid = os.environ.get("BENCH_PG_POSTMASTER")
    if not pid:
        return 0.0
    total = 0
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        try:
            total += int(Path(f"/proc/{child}/schedstat").read_text().split()[0])
        except (OSError, IndexError, ValueError):  # a process that ended meanwhile
            pass
    # and the backends that ended (the postmaster's children it waited for: cutime, cstime)
    ended = sum(int(x) for x in Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[13:15])
    return total / 1e6 + ended * 1000 / os.sysconf("SC_CLK_TCK")


def _backends_cpu_ms(pids: list[int]) -> float:
    """CPU time so far of these server processes (the engine's own connections: other clients of
    a shared server do not count; 0 for a server on another machine)."""
    total = 0
    for pid in pids:
        try:
            total += int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
        except (OSError, IndexError, ValueError):
            pass
    return total / 1e6


def _own_backends(eng) -> list[int]:
    """The server processes of a PostgreSQL engine's kept connections (none for Tantivy)."""
    server = getattr(eng, "server", None)
    return [c.info.backend_pid for c in getattr(server, "_idle", [])]


class _Backends:
    """The CPU of every backend an engine has kept so far (a search may open a second connection,
    to count beside the search: its CPU counts too, from its start)."""

    def __init__(self, eng):
        self.eng = eng
        self.start = {pid: _backends_cpu_ms([pid]) for pid in _own_backends(eng)}

    def seen(self) -> None:
        for pid in _own_backends(self.eng):
            self.start.setdefault(pid, 0.0)

    def cpu_ms(self) -> float:
        """CPU since this was made, of the backends seen (call seen() after each search)."""
        self.seen()
        return sum(_backends_cpu_ms([pid]) - start for pid, start in self.start.items())


def _p95(values: list[float]) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(round(0.95 * len(s))) - 1))]


def load(args) -> dict:
    arts = _articles(args.tier)
    eng = _engine(args.schema)
    eng.clear()
    t, c = time.perf_counter(), time.process_time()
    eng.write(_article(d) for d in arts)
    eng.optimize()
    seconds = time.perf_counter() - t
    return {"articles": len(arts), "seconds": seconds, "cpu_seconds": time.process_time() - c,
            "articles_per_s": len(arts) / seconds}


def search(args) -> dict:
    arts = _articles(args.tier)
    bodies = {a["id"]: a["text"] for a in arts}
    qs = Q.generate(arts, args.queries, 6)
    eng = _engine(args.schema)
    eng.search(qs[0]["text"], limit=20, body_of=lambda ids: {i: bodies[i] for i in ids})
    # the server's CPU: the engine's own backends when it keeps them (a shared server's other
    # clients then do not count), else every backend of BENCH_PG_POSTMASTER's server
    own = _Backends(eng) if os.environ.get("BENCH_PG_POSTMASTER") and _own_backends(eng) else None
    server_ms = own.cpu_ms if own is not None else _server_cpu_ms
    runs = []
    for _ in range(args.runs):
        per = []
        for q in qs:
            t, c, s = time.perf_counter(), time.process_time(), server_ms()
            r = eng.search(q["text"], limit=20, body_of=lambda ids: {i: bodies[i] for i in ids})
            per.append((q["kind"], (time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000, r.total,
                        server_ms() - s))
        runs.append(per)
    # per query, the median over the runs; then the median and p95 over queries
    wall = [statistics.median(r[i][1] for r in runs) for i in range(len(qs))]
    cpu = [statistics.median(r[i][2] for r in runs) for i in range(len(qs))]
    both = [statistics.median(r[i][2] + r[i][4] for r in runs) for i in range(len(qs))]
    out = {"queries": len(qs), "runs": args.runs, "median_ms": statistics.median(wall), "p95_ms": _p95(wall),
           "max_ms": max(wall), "client_cpu_median_ms": statistics.median(cpu),
           "cpu_median_ms": statistics.median(both), "cpu_p95_ms": _p95(both), "cpu_total_s": sum(both) / 1000,
           "loadavg": os.getloadavg(),
           "totals_hash": hash(tuple(x[3] for x in runs[0])) & 0xFFFFFFFF, "kinds": {}}
    for kind in dict.fromkeys(q["kind"] for q in qs):
        w = [wall[i] for i, q in enumerate(qs) if q["kind"] == kind]
        b = [both[i] for i, q in enumerate(qs) if q["kind"] == kind]
        out["kinds"][kind] = {"n": len(w), "median_ms": statistics.median(w), "p95_ms": _p95(w),
                              "cpu_median_ms": statistics.median(b)}
    if args.slowest:
        order = sorted(range(len(qs)), key=lambda i: -wall[i])[: args.slowest]
        out["slowest"] = [(qs[i]["text"], round(wall[i], 1), runs[0][i][3]) for i in order]
    return out


def agree(args) -> dict:
    """How much of the exact top ten and twenty (ts_rank_cd over every match)
    the engine's search returns, over the query mix."""
    from reader.core.search.postgres import ranking

    arts = _articles(args.tier)
    qs = Q.generate(arts, args.queries, 6)
    del arts
    eng = _engine(args.schema)
    at10, at20, same10, totals = [], [], 0, 0
    kinds: dict[str, list[float]] = {}
    for q in qs:
        tr = eng.translate(q["text"])
        got = eng.search_ids(q["text"], limit=20)
        if not tr.rank:
            continue
        sql = (f"SELECT d.id, {ranking.RANK} AS score FROM {eng.names.docs} d WHERE {tr.where}"
               f"{ranking.ORDER} LIMIT 20")
        exact = [r[0] for r in eng.server.read(lambda conn: conn.execute(sql, [tr.rank, *tr.params]).fetchall())]
        if not exact:
            continue
        totals += 1
        at10.append(len(set(got[:10]) & set(exact[:10])) / max(1, min(10, len(exact))))
        kinds.setdefault(q["kind"], []).append(at10[-1])
        at20.append(len(set(got) & set(exact)) / max(1, len(exact)))
        same10 += got[:10] == exact[:10]
    return {"ranked_queries": totals, "overlap_at_10": statistics.mean(at10), "overlap_at_20": statistics.mean(at20),
            "same_top10_order": same10 / max(1, totals),
            "overlap_at_10_by_kind": {k: round(statistics.mean(v), 4) for k, v in kinds.items()}}


def _reader(schema: str, tier: str, texts: list[str], offset: int, ready, out) -> None:
    arts = _articles(tier)
    bodies = {a["id"]: a["text"] for a in arts}
    del arts
    eng = _engine(schema)
    eng.search(texts[0], limit=20, body_of=lambda ids: {i: bodies.get(i, "") for i in ids})
    ready.wait()
    lat, c, own = [], time.process_time(), _Backends(eng)
    for q in texts[offset:] + texts[:offset]:
        t = time.perf_counter()
        eng.search(q, limit=20, body_of=lambda ids: {i: bodies.get(i, "") for i in ids})
        lat.append((time.perf_counter() - t) * 1000)
        own.seen()
    out.put({"latencies_ms": lat, "offset": offset, "cpu_s": time.process_time() - c,
             "backend_cpu_s": own.cpu_ms() / 1000, "backends": len(own.start)})


def _writer(schema: str, tier: str, stop, ready, out) -> None:
    with (tiers.CACHE / "articles" / f"{tier}-all-6.jsonl").open(encoding="utf-8") as fh:
        source = [json.loads(line) for _, line in zip(range(5000), fh)]
    eng = _engine(schema)
    ready.wait()
    added, k, commits, c = 0, 0, [], time.process_time()
    while not stop.is_set():
        batch = [_article(source[(k + j) % len(source)], f"w{os.getpid()}-{k + j}") for j in range(WRITE_BATCH)]
        k += WRITE_BATCH
        t = time.perf_counter()
        eng.write(batch)
        commits.append((time.perf_counter() - t) * 1000)
        added += len(batch)
    cpu = time.process_time() - c
    # the copies go again, so that the next run starts from the same tables
    eng.write((), delete_ids=[f"w{os.getpid()}-{i}" for i in range(k)])
    out.put({"added": added, "commit_median_ms": statistics.median(commits) if commits else None,
             "writer_cpu_s": cpu})


_WRITES = re.compile(r"INSERT|COPY|TRUNCATE|DELETE|CREATE|advisory|tsvector_to_array")


class _Waits(threading.Thread):
    """What the database's active backends wait on, sampled from pg_stat_activity every 10 ms
    until stopped: samples by (writer or reader, wait event; "CPU" for none). The writer's
    backend is told apart by its statements (_WRITES), every other one is a reader's."""

    def __init__(self):
        super().__init__(daemon=True)
        self.samples: dict[tuple[str, str], int] = {}
        self.done = threading.Event()

    def run(self) -> None:
        import psycopg

        with psycopg.connect(os.environ["BENCH_PG_DSN"], autocommit=True) as conn:
            while not self.done.wait(0.01):
                for query, kind, event in conn.execute(
                        "SELECT query, wait_event_type, wait_event FROM pg_stat_activity WHERE state = 'active'"
                        " AND backend_type = 'client backend' AND datname = current_database() AND pid <> pg_backend_pid()").fetchall():
                    key = ("writer" if _WRITES.search(query or "") else "reader", f"{kind}:{event}" if kind else "CPU")
                    self.samples[key] = self.samples.get(key, 0) + 1

    def shares(self) -> dict[str, dict[str, float]]:
        """By writer and reader: each wait event's share of its active samples."""
        out: dict[str, dict[str, float]] = {}
        for who in ("reader", "writer"):
            mine = {e: n for (w, e), n in self.samples.items() if w == who}
            total = sum(mine.values()) or 1
            out[who] = {e: round(n / total, 3) for e, n in sorted(mine.items(), key=lambda kv: -kv[1])}
            out[who]["samples"] = sum(mine.values())
        return out


def concurrent(args) -> dict:
    arts = _articles(args.tier)
    texts = [q["text"] for q in Q.generate(arts, args.queries, 6)]
    del arts
    s = _server_cpu_ms()
    waits = _Waits() if args.waits else None
    if waits is not None:
        waits.start()
    results, seconds, wrote = contention.run_readers_and_writer(_reader, (args.schema, args.tier), texts,
                                                                _writer, (args.schema, args.tier), READERS)
    if waits is not None:
        waits.done.set()
        waits.join()
        wrote["waits"] = waits.shares()
    wrote["server_cpu_s"] = (_server_cpu_ms() - s) / 1000
    lat = [x for r in results for x in r["latencies_ms"]]
    wrote["readers_cpu_s"] = sum(r["cpu_s"] for r in results)
    # the readers' own backends (every one a reader kept: a second one counts beside a search)
    wrote["readers_server_cpu_s"] = sum(r.get("backend_cpu_s", 0.0) for r in results)
    out = {"readers": READERS, "queries": len(lat), "median_ms": statistics.median(lat), "p95_ms": _p95(lat),
           "max_ms": max(lat), "seconds": seconds, "loadavg": os.getloadavg(), **wrote}
    if args.slowest:  # each query's median over the readers (each ran every query once, from its offset)
        by = {}
        for r in results:
            order = texts[r["offset"]:] + texts[:r["offset"]]
            for q, ms in zip(order, r["latencies_ms"]):
                by.setdefault(q, []).append(ms)
        ranked = sorted(by.items(), key=lambda kv: -statistics.median(kv[1]))[: args.slowest]
        out["slowest"] = [(q, round(statistics.median(v), 1), round(max(v), 1)) for q, v in ranked]
    return out


def main(argv=None) -> None:
    p = argparse.ArgumentParser(prog="python -m bench.pg_search")
    p.add_argument("action", choices=("load", "search", "concurrent", "agree"))
    p.add_argument("--tier", default="100k")
    p.add_argument("--schema", default="bench_pgsearch", help="the schema, or tantivy:DIR for the Tantivy engine")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--pool", type=int, help="the RUM pool (reader.core.search.postgres.ranking.RUM_POOL) for this run")
    p.add_argument("--slowest", type=int, default=0, help="also list the N slowest queries")
    p.add_argument("--waits", action="store_true",
                   help="concurrent: sample what the active backends wait on (pg_stat_activity, every 10 ms)")
    args = p.parse_args(argv)
    if args.pool:
        from reader.core.search.postgres import ranking

        ranking.RUM_POOL = args.pool
    c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = {"load": load, "search": search, "concurrent": concurrent, "agree": agree}[args.action](args)
    c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if args.action == "concurrent":
        result["children_cpu_s"] = (c1.ru_utime + c1.ru_stime) - (c0.ru_utime + c0.ru_stime)
    import reader  # which tree's code ran: a comparison of two trees is void when both say the same

    result["reader_tree"] = str(Path(reader.__file__).resolve().parent.parent)
    json.dump(result, sys.stdout, indent=1, default=str)
    print()


if __name__ == "__main__":
    main()
