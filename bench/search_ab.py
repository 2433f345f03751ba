"""Search speed of the working tree against an earlier commit, on one kept
index, runs interleaved (the machine is shared: what a run of bench/run.py
measures later is another machine's load).

    python bench/search_ab.py WORKDIR [--base COMMIT] [--runs 3] [--engines whoosh,tantivy]
                              [--queries FILE] [--repeat N] [--by-query]

WORKDIR is a work folder that `bench/run.py --workdir WORKDIR` kept (it
holds index/<engine>/ and queries.json). The base commit's `reader` and
`bench` are exported with `git archive` to a temporary folder; each run is
a fresh bench/worker.py process of one code on one engine, in the order
base, working tree, then each other engine (working tree), repeated.
Prints median / p95 (nearest rank) / max of wall and CPU times (the median
over runs) and medians by kind of query. --queries: other queries than the
work folder's (a JSON list of {"text", "kind"} or of strings); --repeat N:
each query N times in a row in each process; --by-query: each query's
median wall and CPU time, its total and whether both codes found the same.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


def _export(commit: str, into: Path) -> Path:
    data = subprocess.run(["git", "archive", commit, "reader", "bench"], cwd=REPO, check=True,
                          capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into


def _run(tree: Path, spec: dict, folder: Path) -> dict:
    path = folder / f"spec-{os.getpid()}.json"
    path.write_text(json.dumps(spec))
    env = dict(os.environ, PYTHONPATH=str(tree))
    proc = subprocess.run([sys.executable, "-m", "bench.worker", str(path)], cwd=tree, env=env,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"search_ab: {spec['engine']} on {tree} failed: {proc.stderr.strip()[-500:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("workdir", type=Path)
    p.add_argument("--base", default="HEAD", help="the commit to compare with (default HEAD)")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--engines", default="whoosh,tantivy", help="the first is run by both codes, the others by the working tree")
    p.add_argument("--queries", type=Path, help="a JSON list of queries (default: WORKDIR/queries.json)")
    p.add_argument("--repeat", type=int, default=1, help="each query this many times in a row in each process")
    p.add_argument("--by-query", action="store_true", help="each query's median wall and CPU time")
    args = p.parse_args(argv)
    args.workdir = args.workdir.resolve()  # the workers run in another folder
    listed = json.loads((args.queries or args.workdir / "queries.json").read_text())
    unique = [q if isinstance(q, dict) else {"text": q, "kind": "given"} for q in listed]
    queries = [q for q in unique for _ in range(max(1, args.repeat))]
    engines = [e for e in args.engines.split(",") if e]
    with tempfile.TemporaryDirectory(prefix="search-ab-") as tmp:
        query_file = Path(tmp) / "queries.json"
        query_file.write_text(json.dumps(queries))
        base = _export(args.base, Path(tmp) / "base")
        plan = [(f"{engines[0]} {args.base}", base, engines[0]), (f"{engines[0]} now", REPO, engines[0])]
        plan += [(f"{e} now", REPO, e) for e in engines[1:] if (args.workdir / "index" / e).is_dir()]
        runs: dict[str, list[dict]] = {label: [] for label, _, _ in plan}
        for _ in range(args.runs):
            for label, tree, engine in plan:
                spec = {"action": "search", "engine": engine, "index": str(args.workdir / "index" / engine),
                        "queries": str(query_file), "want_ids": args.by_query}
                runs[label].append(_run(tree, spec, Path(tmp)))
    for label, rs in runs.items():
        wall = [r["latencies_ms"] for r in rs]
        cpu = [r["cpu_ms"] for r in rs]
        kinds: dict[str, list[float]] = {}
        for r in rs:
            for q, t in zip(queries, r["latencies_ms"]):
                kinds.setdefault(q["kind"], []).append(t)
        med = statistics.median
        print(f"{label:24s} wall {med(map(med, wall)):6.2f} / {med(map(_p95, wall)):6.2f} / {med(map(max, wall)):6.1f} ms"
              f"  CPU {med(map(med, cpu)):6.2f} / {med(map(_p95, cpu)):6.2f} ms  "
              + " ".join(f"{k} {med(v):.1f}" for k, v in sorted(kinds.items())))
    print(f"(median / p95 / max over {len(queries)} queries, the median of {args.runs} runs; load {os.getloadavg()[0]:.1f})")
    if args.by_query:
        _by_query(runs, unique, max(1, args.repeat))
    return 0


def _by_query(runs: dict[str, list[dict]], queries: list[dict], repeat: int) -> None:
    """Each query's median wall / CPU time per code (over runs and repeats),
    its total, and whether every run of every code found the same hits."""
    med = statistics.median
    labels = list(runs)
    print("query".ljust(48) + "".join(f"{label:>26s}" for label in labels) + "   total  same hits")
    for n, q in enumerate(queries):
        at = range(n * repeat, (n + 1) * repeat)
        cells, answers = [], set()
        for label in labels:
            wall = med(r["latencies_ms"][i] for r in runs[label] for i in at)
            cpu = med(r["cpu_ms"][i] for r in runs[label] for i in at)
            cells.append(f"{wall:9.0f} ms ({cpu:5.0f} CPU)")
            answers.update((r["totals"][i], tuple(r["top10"][i])) for r in runs[label] for i in at)
        total = runs[labels[0]][0]["totals"][n * repeat]
        print(q["text"][:47].ljust(48) + "".join(f"{c:>26s}" for c in cells) + f"  {total:6d}  {len(answers) == 1}")


if __name__ == "__main__":
    sys.exit(main())
