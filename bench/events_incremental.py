"""Event grouping added one report at a time (as the app's feed fetcher adds
them, oldest first, undated last) against the first grouping of the same
articles at once, B-cubed on the development sets:

    .venv/bin/python bench/events_incremental.py                 # baly, spread, similar, outlets, leads
    .venv/bin/python bench/events_incremental.py --sets baly --batches 6
    .venv/bin/python bench/events_incremental.py --sets baly2    # the held-out set: measure once, at the end

--batches N adds them in N batches instead of one at a time. --partition
FILE writes each set's first-grouping partition (sorted lists of ids), to
hold one version's first grouping to another's. --cost INDEX times adding
one article at a time to a library (an index folder made by `newsreader
index`, copied first): its latest --latest articles are taken out, the rest
grouped at once, then they are added back one by one, oldest first.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.events_sets import DevSet, bcubed, dev_sets
from reader.core.events import EventIndex, group_events
from reader.core.events.cluster import naive
from reader.core.store import connect

DEFAULT_SETS = ("baly", "spread", "similar", "outlets", "leads")


def _sets(names: list[str]) -> list[DevSet]:
    out = []
    for name in names:
        if name.startswith("baly2"):
            from bench.events_baly import baly2_set

            s = baly2_set(not name.endswith("-nodates"))
            if s is not None:
                out.append(s)
        else:
            out.extend(dev_sets([name]))
    return out


def oldest_first(dev: DevSet) -> list:
    return sorted(dev.articles, key=lambda a: (a.published is None, naive(a.published) or 0, a.id))


def incremental(dev: DevSet, batches: int | None) -> tuple[list[list[str]], float]:
    arts = oldest_first(dev)
    size = 1 if not batches else -(-len(arts) // batches)
    with tempfile.TemporaryDirectory() as tmp:
        db = connect(Path(tmp) / "store.sqlite")
        index = EventIndex(db)
        start = time.perf_counter()
        for k in range(0, len(arts), size):
            index.add(arts[k : k + size])
        seconds = time.perf_counter() - start
        events = [list(e.article_ids) for e in index.events()]
        db.close()
    return events, seconds


def cost(folder: Path, latest: int) -> None:
    import shutil
    import statistics

    from reader.core.store import ArticleStore

    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(folder / "store.sqlite", Path(tmp) / "store.sqlite")
        store = ArticleStore(Path(tmp) / "store.sqlite")
        index = EventIndex(store.db)
        index.prepare_store(store)  # features of this code's version (a no-op where they are)
        ids = [r[0] for r in store.db.execute(
            "SELECT id FROM articles WHERE published IS NOT NULL ORDER BY published DESC, id LIMIT ?", (latest,))]
        arts = sorted(store.get_many(ids).values(), key=lambda a: (naive(a.published), a.id))
        index.remove(ids)
        start = time.perf_counter()
        index.place()
        print(f"first grouping of {store.db.execute('SELECT count(*) FROM event_articles').fetchone()[0]}:"
              f" {time.perf_counter() - start:.2f} s", flush=True)
        took, sizes = [], []
        for a in arts:
            start = time.perf_counter()
            index.add([a])
            took.append(time.perf_counter() - start)
            sizes.append(index.event_of(a.id).count)
        # The worst case: one that joins the largest event (its latest report, taken out and added back).
        largest = max(index.events(), key=lambda e: (e.count, e.id))
        [back] = store.get_many([largest.article_ids[-1]]).values()
        index.remove([back.id])
        start = time.perf_counter()
        index.add([back])
        print(f"adding one to the largest event ({largest.count} reports):"
              f" {(time.perf_counter() - start) * 1000:.0f} ms, its event now {index.event_of(back.id).count}")
        print(f"adding {len(arts)} one at a time: median {statistics.median(took) * 1000:.0f} ms,"
              f" max {max(took) * 1000:.0f} ms, total {sum(took):.2f} s; their events' sizes up to {max(sizes)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", default=",".join(DEFAULT_SETS))
    ap.add_argument("--batches", type=int, default=None)
    ap.add_argument("--partition", type=Path, default=None)
    ap.add_argument("--cost", type=Path, default=None, help="an index folder: time adding one article at a time")
    ap.add_argument("--latest", type=int, default=40)
    ap.add_argument("--no-first", action="store_true", help="only the incremental grouping")
    args = ap.parse_args(argv)
    if args.cost:
        cost(args.cost, args.latest)
        return 0
    partitions = {}
    for dev in _sets(args.sets.split(",")):
        line = f"{dev.name:16} n={len(dev.articles):4}"
        if not args.no_first:
            first = [sorted(e.article_ids) for e in group_events(dev.articles)]
            partitions[dev.name] = sorted(first)
            p, r, f = bcubed(first, dev.gold)
            line += f"  at once F1 {f:.3f} (P {p:.3f}, R {r:.3f})"
        events, seconds = incremental(dev, args.batches)
        p, r, f = bcubed(events, dev.gold)
        line += f"  {'one at a time' if not args.batches else f'{args.batches} batches'} F1 {f:.3f} (P {p:.3f}, R {r:.3f}) {seconds:.1f} s"
        print(line, flush=True)
    if args.partition:
        args.partition.write_text(json.dumps(partitions, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
