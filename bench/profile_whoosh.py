"""Where the Whoosh engine's time goes: pyinstrument (or cProfile where it
is missing) over a full build and over the benchmark's queries.

    python bench/profile_whoosh.py [--tier corpora] [--limit 3000] [--queries 200]

Writes bench/results/profile-{index,search}.{txt,html} (cProfile: .pstats).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import queries as Q  # noqa: E402
from bench import tiers  # noqa: E402


class Profiler:
    def __init__(self, name: str, out: Path, interval: float = 0.001):
        self.name, self.out, self.interval = name, out, interval

    def __enter__(self):
        try:
            from pyinstrument import Profiler as Pyi

            self.p = Pyi(interval=self.interval)
            self.kind = "pyinstrument"
        except ImportError:
            import cProfile

            self.p = cProfile.Profile()
            self.kind = "cprofile"
        self.p.start() if self.kind == "pyinstrument" else self.p.enable()
        self.t = time.perf_counter()
        return self

    def __exit__(self, *exc):
        seconds = time.perf_counter() - self.t
        self.out.mkdir(parents=True, exist_ok=True)
        base = self.out / f"profile-{self.name}"
        if self.kind == "pyinstrument":
            self.p.stop()
            text = self.p.output_text(unicode=True, color=False, show_all=False)
            base.with_suffix(".txt").write_text(text)
            base.with_suffix(".html").write_text(self.p.output_html())
        else:
            import io
            import pstats

            self.p.disable()
            self.p.dump_stats(base.with_suffix(".pstats"))
            buf = io.StringIO()
            pstats.Stats(self.p, stream=buf).sort_stats("cumulative").print_stats(60)
            text = buf.getvalue()
            base.with_suffix(".txt").write_text(text)
        print(f"{self.name}: {seconds:.2f} s ({self.kind}) -> {base}.txt")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--tier", choices=tiers.TIERS, default="corpora")
    p.add_argument("--limit", type=int, default=3000)
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--seed", type=int, default=6)
    p.add_argument("--out", type=Path, default=tiers.BENCH / "results")
    args = p.parse_args(argv)

    from reader.core.library import Library

    (tiers.CACHE / "work").mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="profile-", dir=tiers.CACHE / "work") as tmp:
        work = Path(tmp)
        files = tiers.subset(tiers.tier_files(args.tier, seed=args.seed), args.limit, args.seed)
        corpus = tiers.materialize(args.tier, files, work / "corpus")
        articles = tiers.load_articles(corpus)
        qs = Q.generate(articles, args.queries, args.seed)
        print(f"{len(articles):,} articles, {len(qs)} queries")
        lib = Library(work / "index")
        with Profiler("index", args.out):
            lib.index_paths([corpus])
        lib.close()
        lib = Library(work / "index")
        lib.search(qs[0]["text"])  # open the index outside the profile
        with Profiler("search", args.out):
            for q in qs:
                lib.search(q["text"], limit=20)
        lib.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
