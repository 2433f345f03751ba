"""The first events of a library, timed as the app computes them (issue 15).

Each run copies an index folder (made with `newsreader index`), empties its
event tables, computes the articles' event features as indexing now does
(EventIndex.prepare_store, timed apart: that cost moved to indexing), then
times the first Library.events(), the call the events screen makes. With
--cold the features are not prepared: the first events read every text, as
on a store indexed before features were kept at indexing. With --kept the
event tables are left as the index keeps them (the features computed when
it was indexed, every article pending: an index just made by `newsreader
index`) and only the first events are timed: quicker, for comparing
groupings of one index (the features must be of the code timed).

    .venv/bin/python bench/events_speed.py INDEX [--runs 3] [--cold | --kept]

Prints each run and the medians (wall and CPU seconds; the features' CPU
counts that of the worker processes they may be computed in, see
events/parallel.py). The machine is shared: compare against a baseline
measured in the same run.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from reader.core.events import EventIndex
from reader.core.events.tables import TABLES
from reader.core.library import STORE_FILE, Library
from reader.core.store import ArticleStore


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def one_run(index: Path, cold: bool, kept: bool = False) -> tuple[float, float, float | None, int, int, float | None]:
    """(wall, CPU, features CPU or None, groups, groups of two or more reports, features wall or None)."""
    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp) / "ix"
        shutil.copytree(index, dest, ignore=shutil.ignore_patterns("write.lock"))
        if not kept:
            store = ArticleStore(dest / STORE_FILE)  # migrated first: the event tables of this code
            with store.db:
                for table in TABLES:
                    store.db.execute(f"DELETE FROM {table}")
            store.close()
        prepared = prepared_wall = None
        if not cold and not kept:
            store = ArticleStore(dest / STORE_FILE)
            start, prepared_wall = _cpu(), time.perf_counter()
            EventIndex(store.db).prepare_store(store)
            prepared, prepared_wall = _cpu() - start, time.perf_counter() - prepared_wall
            store.close()
        with Library(dest, verify=False) as lib:
            wall, cpu = time.perf_counter(), _cpu()
            events = lib.events(min_count=1)
            wall, cpu = time.perf_counter() - wall, _cpu() - cpu
        return wall, cpu, prepared, len(events), sum(e.count > 1 for e in events), prepared_wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cold", action="store_true", help="no features kept at indexing: the first events read the texts")
    parser.add_argument("--kept", action="store_true",
                        help="the features the index keeps, as they are: only the first events are timed")
    args = parser.parse_args()
    results = []
    for n in range(args.runs):
        r = one_run(args.index, args.cold, args.kept)
        results.append(r)
        extra = f", features at indexing {r[2]:.2f} s CPU ({r[5]:.2f} s wall)" if r[2] is not None else ""
        print(f"run {n}: first events {r[0]:.2f} s wall, {r[1]:.2f} s CPU; {r[3]} groups, {r[4]} of 2+ reports{extra}",
              flush=True)
    wall = statistics.median(r[0] for r in results)
    cpu = statistics.median(r[1] for r in results)
    line = f"median: first events {wall:.2f} s wall, {cpu:.2f} s CPU"
    if not args.cold and not args.kept:
        line += (f"; features at indexing {statistics.median(r[2] for r in results):.2f} s CPU,"
                 f" {statistics.median(r[5] for r in results):.2f} s wall")
    print(line)


if __name__ == "__main__":
    main()
