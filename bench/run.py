"""The benchmark of issue 6: indexing, search, the app, compare and entities,
for each engine of the index against baselines on the same articles.

    python bench/run.py [--tier seeds|corpora|100k] [--engines whoosh,tantivy,postgres] [--concurrent]
                        [--baselines fts5,like,tantivy-raw] [--runs 3]
                        [--queries 200] [--limit N] [--out bench/results/NAME.json]

Prints Rich tables and writes JSON (default bench/results/<tier>-<time>.json).
Every build, re-run and search run happens in a fresh child process
(bench/worker.py), so that peak memory and cold starts are its own. See
bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python bench/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "bench"

from bench import queries as Q  # noqa: E402
from bench import report, tiers  # noqa: E402
from bench.engines import BASELINES, PROJECT_ENGINES, Unavailable  # noqa: E402
from bench.engines import make as make_engine  # noqa: E402

REPO = tiers.REPO


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--tier", choices=tiers.TIERS, default="seeds")
    p.add_argument("--engines", default="whoosh,tantivy", help="the project's engines (default whoosh,tantivy)")
    p.add_argument("--baselines", default="fts5,like,tantivy-raw", help="baselines, or 'none'")
    p.add_argument("--runs", type=int, default=3, help="search runs; medians are reported (default 3)")
    p.add_argument("--queries", type=int, default=200, help="queries per run (default 200)")
    p.add_argument("--limit", type=int, help="about this many articles of the tier (whole files, seeded draw)")
    p.add_argument("--seed", type=int, default=6)
    p.add_argument("--change", type=float, default=1.0, help="percent of articles changed before the re-run (1)")
    p.add_argument("--out", type=Path, help="JSON output (default bench/results/<tier>-<time>.json)")
    p.add_argument("--workdir", type=Path, help="where the copy of the tier and the indexes go (default: a temp dir in bench/cache/)")
    p.add_argument("--keep", action="store_true", help="keep the work dir (indexes) afterwards")
    p.add_argument("--concurrent", action="store_true",
                   help="also search with 4 readers while a writer adds articles (bench/contention.py)")
    p.add_argument("--skip-app", action="store_true", help="do not launch the app in tmux")
    p.add_argument("--skip-extras", action="store_true", help="skip compare and entity extraction")
    p.add_argument("--app-marker", default=None, help="regex that the app's first screen shows")
    p.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    return p.parse_args(argv)


class Runner:
    def __init__(self, args, out: Path):
        self.args = args
        self.out = out
        self.notes: list[str] = []

    def save(self, result: dict) -> None:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.out.write_text(json.dumps(result, indent=1, ensure_ascii=False, default=str))

    def log(self, msg: str) -> None:
        if not self.args.quiet:
            print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)

    def worker(self, spec: dict, timeout: float | None = None) -> dict:
        path = self.work / f"spec-{spec['engine']}-{spec['action']}.json"
        path.write_text(json.dumps(spec))
        env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        proc = subprocess.run(
            [sys.executable, "-m", "bench.worker", str(path)], cwd=REPO, env=env,
            capture_output=True, text=True, timeout=timeout,
        )
        if proc.returncode != 0:
            tail = proc.stderr.strip().splitlines()[-1:] or ["no output"]
            raise RuntimeError(f"{spec['engine']} {spec['action']} failed: {tail[0]}")
        return json.loads(proc.stdout.strip().splitlines()[-1])

    # --- the run -------------------------------------------------------------
    def run(self) -> dict:
        a = self.args
        started = time.perf_counter()
        self.loadavg_start = _loadavg()
        names = [n for n in a.engines.split(",") if n] + [n for n in a.baselines.split(",") if n and n != "none"]
        for n in names:
            if n not in PROJECT_ENGINES and n not in BASELINES:
                raise SystemExit(f"bench: unknown engine {n!r} (engines: {', '.join(PROJECT_ENGINES)}; "
                                 f"baselines: {', '.join(BASELINES)})")
        (tiers.CACHE / "work").mkdir(parents=True, exist_ok=True)
        self.work = a.workdir or Path(tempfile.mkdtemp(prefix=f"{a.tier}-", dir=tiers.CACHE / "work"))
        self.work.mkdir(parents=True, exist_ok=True)
        server = self._pg_server(names)
        try:
            return self._run(names, started)
        finally:
            if server is not None:
                server.stop()
            if not a.keep and a.workdir is None:
                shutil.rmtree(self.work, ignore_errors=True)

    def _pg_server(self, names: list[str]):
        """A throwaway PostgreSQL server for the postgres engine, unless BENCH_PG_DSN names one."""
        from bench import pg

        if "postgres" not in names or os.environ.get(pg.ENV):
            return None
        server, reason = pg.start_server()
        if server is None:
            self.log(f"postgres: no server ({reason})")
            return None
        os.environ[pg.ENV] = server.conninfo()
        self.log(f"postgres: a throwaway server in {server.root}")
        return server

    def _run(self, names: list[str], started: float) -> dict:
        a = self.args
        self.log(f"preparing tier {a.tier}")
        files = tiers.subset(tiers.tier_files(a.tier, seed=a.seed), a.limit, a.seed)
        corpus = tiers.materialize(a.tier, files, self.work / "corpus")
        cache = None if a.tier == "seeds" else tiers.CACHE / "articles" / f"{a.tier}-{a.limit or 'all'}-{a.seed}.jsonl"
        articles = tiers.load_articles(corpus, cache)
        articles_path = self.work / "articles.jsonl"
        with articles_path.open("w", encoding="utf-8") as fh:
            for art in articles:
                fh.write(json.dumps(art, ensure_ascii=False) + "\n")
        words = [len(x["text"].split()) for x in articles]
        qs = Q.generate(articles, a.queries, a.seed)
        queries_path = self.work / "queries.json"
        queries_path.write_text(json.dumps(qs, ensure_ascii=False))
        self.log(f"{len(articles):,} articles in {len(files):,} files; {len(qs)} queries")

        engines: dict[str, dict] = {}
        for n in names:
            kind = "engine" if n in PROJECT_ENGINES else "baseline"
            engines[n] = {"kind": kind, "available": True}
            try:
                make_engine(n).check(self.work / "probe")
            except Unavailable as exc:
                engines[n].update(available=False, note=str(exc))
                self.notes.append(f"{n}: skipped: {exc}")
                self.log(f"{n}: skipped ({exc})")
        live = [n for n in names if engines[n]["available"]]
        index_of = {n: self.work / "index" / n for n in live}

        def failed(n: str, phase: str, exc: Exception) -> None:
            """One engine failing takes it out of the run, with a note; the
            others go on."""
            msg = f"{n}: {phase} failed: {' '.join(str(exc).split())[:300]}"
            engines[n].update(available=False, note=msg)
            self.notes.append(msg)
            self.log(msg)
            if n in live:
                live.remove(n)

        for n in list(live):  # full builds
            self.log(f"{n}: full build")
            try:
                r = self.worker({"action": "build", "engine": n, "index": str(index_of[n]), "corpus": str(corpus),
                                 "articles": str(articles_path)})
            except Exception as exc:
                failed(n, "build", exc)
                continue
            count = r["articles"] or len(articles)
            r["articles_per_s"] = count / r["seconds"]
            r["engine_articles_per_s"] = count / r["engine_seconds"] if r["engine_seconds"] else None
            r["index_mb"] = r["index_bytes"] / 1e6
            r["total_mb"] = r["total_bytes"] / 1e6
            engines[n]["build"] = r
            self.log(f"{n}: {r['seconds']:.2f} s ({r['cpu_seconds']:.2f} s CPU), {r['articles_per_s']:,.0f} articles/s")

        n_files, n_changed, changed_rels = tiers.change_some(corpus, files, a.change / 100, a.seed)
        changed = [dict(x, text=x["text"] + "\n\n" + tiers._ADDED) for x in articles if x["rel"] in changed_rels]
        changed_path = self.work / "changed.jsonl"
        changed_path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in changed), encoding="utf-8")
        for n in list(live):  # incremental re-runs
            self.log(f"{n}: re-run after {n_changed} articles in {n_files} files changed")
            try:
                engines[n]["incremental"] = self.worker({"action": "incremental", "engine": n, "index": str(index_of[n]),
                                                         "corpus": str(corpus), "changed": str(changed_path)})
            except Exception as exc:
                failed(n, "re-run", exc)

        runs: dict[str, list[dict]] = {n: [] for n in live}
        for i in range(a.runs):  # interleaved, so that noise spreads over all engines
            for n in list(live):
                self.log(f"{n}: search run {i + 1}/{a.runs}")
                try:
                    runs[n].append(self.worker({"action": "search", "engine": n, "index": str(index_of[n]),
                                                "queries": str(queries_path), "want_ids": i == 0}))
                except Exception as exc:
                    failed(n, "search", exc)
        for n in live:
            engines[n]["search"] = report.aggregate_search(runs[n], qs)
        for n in [n for n in live if a.concurrent and engines[n]["kind"] == "engine"]:
            self.log(f"{n}: 4 readers while a writer adds articles")
            try:
                engines[n]["concurrent"] = self.worker({"action": "concurrent", "engine": n, "index": str(index_of[n]),
                                                        "queries": str(queries_path), "articles": str(articles_path)})
            except Exception as exc:
                failed(n, "concurrent search", exc)
        if "whoosh" in live:
            for n in live:
                engines[n]["search"]["top10_overlap_vs_whoosh"] = report.overlap(runs[n][0]["top10"], runs["whoosh"][0]["top10"])

        result = {
            "meta": self._meta(len(qs)),
            "tier": {
                "name": a.tier, "articles": len(articles), "files": len(files), "words": sum(words),
                "mean_words": statistics.mean(words) if words else 0, "limit": a.limit, "seed": a.seed,
                "changed_pct": a.change, "changed_files": n_files, "changed_articles": n_changed,
            },
            "engines": engines,
            "ratios": report.ratios(engines),
            "queries": qs,
        }
        self.save(result)  # what is measured so far survives a failure below
        mine = [n for n in live if engines[n]["kind"] == "engine"]
        result["app"] = {}
        if a.skip_app:
            result["app"] = {n: {"status": "n/a", "note": "skipped (--skip-app)"} for n in mine}
        else:
            from bench.app import DEFAULT_MARKER, measure_app

            for n in mine:
                self.log(f"{n}: launching the app in tmux")
                try:
                    searches = self._app_searches(n, index_of[n], qs)
                    result["app"][n] = measure_app(index_of[n], a.app_marker or DEFAULT_MARKER, searches=searches)
                except Exception as exc:
                    result["app"][n] = {"status": "n/a", "note": f"{type(exc).__name__}: {exc}"}
        try:
            result["compare"], result["entities"] = self._extras(mine, index_of, articles)
        except Exception as exc:
            na = {"status": "n/a", "note": f"{type(exc).__name__}: {exc}"}
            result["compare"], result["entities"] = na, dict(na)
        result["notes"] = self.notes + [
            "indexing: the project's engines go through Library.index_paths (read files, store, index); "
            "'engine-only' is the store-to-index phase, comparable with the baselines, which index the same "
            "articles already read",
            "FTS5 and LIKE have no fuzzy match: a fuzzy query becomes a prefix of the word there",
            "LIKE: case-insensitive substrings in title or body, newest first (every row is read), "
            "with a count and a cut around the first match",
        ]
        result["meta"]["seconds"] = time.perf_counter() - started
        result["meta"]["loadavg_end"] = _loadavg()
        return result

    def _app_searches(self, engine: str, index_dir: Path, qs: list[dict], n: int = 10) -> list[tuple[str, str]]:
        """Plain-word queries and the title of their first hit, for timing
        keystrokes-to-results in the app."""
        from bench.engines import open_library

        out = []
        lib = open_library(engine, index_dir)
        try:
            for q in qs:
                if q["kind"] in ("term", "terms") and len(out) < n:
                    hits = lib.search(q["text"], limit=1).hits
                    if hits and len(hits[0].title) >= 12:
                        out.append((q["text"], hits[0].title))
        finally:
            lib.close()
        return out

    def _extras(self, mine, index_of, articles) -> tuple[dict, dict]:
        if self.args.skip_extras:
            skipped = {"status": "n/a", "note": "skipped (--skip-extras)"}
            return skipped, dict(skipped)
        from bench import extras

        if not mine:
            na = {"status": "n/a", "note": "no project engine ran"}
            return na, dict(na)
        from bench.engines import open_library

        self.log("compare and entity extraction hooks")
        lib = open_library(mine[0], index_of[mine[0]])
        try:
            comp = extras.time_compare(lib)
        finally:
            lib.close()
        texts = [x["text"] for x in sorted(articles, key=lambda x: x["id"])]
        ents = extras.time_entities(texts)
        self.log("the compare screen, in a headless app")
        try:
            from reader.core.entities import available_extractors

            comp["screen"] = extras.time_compare_screen(index_of[mine[0]], extractors=tuple(available_extractors()))
        except Exception as exc:  # reported, not fatal
            comp["screen"] = {"status": "n/a", "note": f"{type(exc).__name__}: {exc}"}
        return comp, ents

    def _meta(self, n_queries: int) -> dict:
        versions = {"python": platform.python_version(), "sqlite": __import__("sqlite3").sqlite_version}
        for mod in ("whoosh", "tantivy"):
            try:
                from importlib.metadata import version

                versions[mod] = version({"whoosh": "whoosh-reloaded"}.get(mod, mod))
            except Exception:
                versions[mod] = None
        return {
            "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "host": platform.node(), "cpus": os.cpu_count(), "versions": versions,
            "argv": sys.argv[1:], "runs": self.args.runs, "queries": n_queries,
            "loadavg_start": self.loadavg_start,
        }


def _print_concurrent(result: dict) -> None:
    rows = [(n, e["concurrent"]) for n, e in result["engines"].items() if e.get("concurrent")]
    if not rows:
        return
    print("Search with 4 readers while a writer adds articles (20 a commit), 20 hits with snippets:")
    print(f"  {'engine':<10} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'queries':>8} {'added':>7} {'commit ms':>10}")
    for n, c in rows:
        print(f"  {n:<10} {c['median_ms']:>10.1f} {c['p95_ms']:>8.1f} {c['max_ms']:>8.1f} {c['queries']:>8}"
              f" {c['writer_added']:>7} {c['writer_commit_median_ms'] or 0:>10.0f}")


def _loadavg() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def main(argv=None) -> int:
    args = parse_args(argv)
    out = args.out or tiers.BENCH / "results" / f"{args.tier}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    runner = Runner(args, out)
    result = runner.run()
    runner.save(result)
    report.print_tables(result)
    _print_concurrent(result)
    print(f"JSON: {out}  ({result['meta']['seconds']:.0f} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
