"""The full build's speed (issue 18, item 5): `newsreader index` of a tier's folder into a new index
(read, parse, store, index, and the events' features kept at indexing, timed apart), beside raw
Tantivy taking the same articles; each build in a fresh process, interleaved so that noise spreads.

    .venv/bin/python -m bench.ingest_speed [--tier corpora] [--runs 3] [--engine tantivy] [--before DIR] [--after DIR]

--before DIR also builds with the reader/ package of another tree (say `git worktree add` of an
older commit), in the same run; --after DIR measures another tree's instead of this one's (a
worktree of a commit, free of uncommitted edits here). Prints medians (wall and CPU seconds, articles/s), the
phases of the project's build, and its ratio to raw Tantivy measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def one(spec: dict) -> dict:
    """One build through the Library, its phases timed (run in a fresh process: --one)."""
    from reader.core import events
    from reader.core.ingest import sync
    from reader.core.library import Library

    phases = {"engine_s": 0.0, "events_s": 0.0, "events_cpu_s": 0.0}

    def timed(owner, name: str, key: str) -> None:
        real = getattr(owner, name)

        def wrapper(*a, **kw):
            t, c = time.perf_counter(), _cpu()
            try:
                return real(*a, **kw)
            finally:
                phases[key] += time.perf_counter() - t
                if key == "events_s":
                    phases["events_cpu_s"] += _cpu() - c
        setattr(owner, name, wrapper)

    if spec.get("no_events"):  # what this build does but the events' features (which another part owns)
        events.EventIndex.prepare_store = lambda self, store, progress=None: None
    timed(sync, "sync_index", "engine_s")
    timed(events.EventIndex, "prepare_store", "events_s")
    cpu, t, main = _cpu(), time.perf_counter(), time.thread_time()
    with Library(Path(spec["index"]), engine=spec["engine"]) as lib:
        lib.index_paths([Path(spec["corpus"])], lock_timeout=60)
        n = lib.store.count()
    # the main thread's own CPU: what stores the files and feeds the workers, steadier than the rest on a busy machine
    return dict(phases, seconds=time.perf_counter() - t, cpu_seconds=_cpu() - cpu, main_cpu_s=time.thread_time() - main,
                articles=n, peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)


def _run(args: list[str], tree: Path | None = None) -> dict:
    path = os.pathsep.join(str(p) for p in (tree, REPO) if p) + os.pathsep + os.environ.get("PYTHONPATH", "")
    proc = subprocess.run([sys.executable, *args], cwd=REPO, env=dict(os.environ, PYTHONPATH=path),
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {proc.stderr.strip()[-800:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    from bench import tiers

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tier", choices=tiers.TIERS, default="corpora")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--engine", default="tantivy", help="the project's engine (default tantivy)")
    ap.add_argument("--before", type=Path, help="a tree whose reader/ package is built with too")
    ap.add_argument("--after", type=Path, help="a tree whose reader/ package is the one measured (default this one)")
    ap.add_argument("--no-raw", action="store_true", help="skip raw Tantivy")
    ap.add_argument("--no-events", action="store_true", help="builds without the events' features (issue 15)")
    args = ap.parse_args(argv)
    (tiers.CACHE / "work").mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"ingest-{args.tier}-", dir=tiers.CACHE / "work"))
    try:
        files = tiers.tier_files(args.tier)
        corpus = tiers.materialize(args.tier, files, work / "corpus")
        cache = None if args.tier == "seeds" else tiers.CACHE / "articles" / f"{args.tier}-all-6.jsonl"
        articles = tiers.load_articles(corpus, cache)
        articles_path = work / "articles.jsonl"
        articles_path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
        builds = {"after": args.after} if args.before is None else {"before": args.before, "after": args.after}
        names = list(builds) + ([] if args.no_raw else ["tantivy-raw"])
        runs: dict[str, list[dict]] = {n: [] for n in names}
        for i in range(args.runs):
            for n in names:
                index = work / f"index-{n}-{i}"
                spec_path = work / f"spec-{n}.json"
                if n == "tantivy-raw":
                    spec_path.write_text(json.dumps({"action": "build", "engine": n, "index": str(index),
                                                     "corpus": str(corpus), "articles": str(articles_path)}))
                    r = _run(["-m", "bench.worker", str(spec_path)])
                else:
                    spec_path.write_text(json.dumps({"engine": args.engine, "index": str(index), "corpus": str(corpus),
                                                     "no_events": args.no_events}))
                    r = _run([str(BENCH / "ingest_speed.py"), "--one", str(spec_path)], builds[n])
                runs[n].append(r)
                r["load"] = os.getloadavg()[0]
                print(f"  run {i + 1} {n}: {r['seconds']:.2f} s ({r['cpu_seconds']:.2f} s CPU, load {r['load']:.1f})",
                      file=sys.stderr, flush=True)
                shutil.rmtree(index, ignore_errors=True)
        count = runs["after"][0]["articles"]
        loads = [r["load"] for rs in runs.values() for r in rs]
        print(f"{args.tier}: {len(files):,} files, {count:,} articles, {args.engine}, medians of {args.runs} runs"
              f" (load {min(loads):.1f}-{max(loads):.1f})")
        med = {n: statistics.median(r["seconds"] for r in runs[n]) for n in names}
        for n in names:
            rs = runs[n]
            line = (f"  {n:<11} {med[n]:6.2f} s = {count / med[n]:7,.0f} articles/s,"
                    f" CPU {statistics.median(r['cpu_seconds'] for r in rs):.2f} s")
            if n != "tantivy-raw" and "main_cpu_s" in rs[0]:
                line += (f" (main thread {statistics.median(r['main_cpu_s'] for r in rs):.2f} s,"
                         f" peak {statistics.median(r['peak_mb'] for r in rs):.0f} MB)")
            if n != "tantivy-raw":
                ev = statistics.median(r["events_s"] for r in rs)
                eng = statistics.median(r["engine_s"] for r in rs)
                bare = statistics.median(r["seconds"] - r["events_s"] for r in rs)
                bare_cpu = statistics.median(r["cpu_seconds"] - r.get("events_cpu_s", 0.0) for r in rs)
                line += (f"; without the events' features {bare:.2f} s = {count / bare:,.0f}/s, CPU {bare_cpu:.2f} s"
                         f" (read+store {bare - eng:.2f} s, then sync_index {eng:.2f} s); events {ev:.2f} s")
                if "tantivy-raw" in med:
                    line += f"; raw/this time {med[n] / med['tantivy-raw']:.1f}x ({bare / med['tantivy-raw']:.1f}x without events)"
            print(line + "  [" + ", ".join(f"{r['seconds']:.1f}" for r in rs) + "]")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        sys.path.remove(str(BENCH))  # run as a file: bench's modules must not shadow top-level ones
        print(json.dumps(one(json.loads(Path(sys.argv[2]).read_text()))))
        sys.exit(0)
    sys.exit(main())
