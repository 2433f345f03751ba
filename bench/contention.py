"""Search while the archive grows: 4 readers and a writer at once.

Each reader is a process of its own with its own Library (as 4 people
searching), each runs every query of the run once (starting at a different
one), 20 best hits with snippets; meanwhile one more process adds articles
through Library.add_articles in batches of 20 (as a fetcher does), each batch
one commit, until the readers are done. Reported: the readers' median and
p95 over all their queries, and what the writer added.

The articles the writer adds are copies of the tier's with new ids and URLs,
so the index grows by that many.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import statistics
import time
from datetime import datetime
from pathlib import Path

READERS = 4
BATCH = 20


def _article(d: dict, k: int):
    from reader.core.models import Article

    new_id = f"w{k:06d}{d['id'][:10]}"
    return Article(
        id=new_id, origin=f"bench-writer/{new_id}", title=d["title"],
        text_paragraphs=tuple(p for p in d["text"].split("\n\n") if p.strip()) or (d["text"],),
        source=d.get("source") or "", url=f"https://bench.invalid/{new_id}",
        published=datetime.fromisoformat(d["published"]) if d.get("published") else None,
    )


def _writer(engine: str, index: str, articles_path: str, stop, ready, out) -> None:
    from bench.engines import open_library

    lib = open_library(engine, Path(index))
    with open(articles_path, encoding="utf-8") as fh:
        source = [json.loads(line) for _, line in zip(range(5000), fh)]
    ready.wait()
    added, k, commits = 0, 0, []
    while not stop.is_set():
        batch = [_article(source[(k + j) % len(source)], k + j) for j in range(BATCH)]
        k += BATCH
        t = time.perf_counter()
        lib.add_articles(batch, lock_timeout=60)
        commits.append((time.perf_counter() - t) * 1000)
        added += len(batch)
    lib.close()
    out.put({"added": added, "commit_median_ms": statistics.median(commits) if commits else None})


def _reader(engine: str, index: str, queries: list[str], offset: int, ready, out) -> None:
    from bench.engines import open_library

    lib = open_library(engine, Path(index))
    lib.search(queries[0], limit=20)  # opened and warm before the clock starts
    ready.wait()
    lat, errors = [], 0
    for q in queries[offset:] + queries[:offset]:
        t = time.perf_counter()
        try:
            lib.search(q, limit=20)
        except Exception:  # noqa: BLE001 - a query one engine cannot take is counted, not fatal
            errors += 1
        lat.append((time.perf_counter() - t) * 1000)
    lib.close()
    out.put({"latencies_ms": lat, "errors": errors})


def run_readers_and_writer(reader, reader_args: tuple, texts: list[str], writer, writer_args: tuple,
                           readers: int = READERS) -> tuple[list[dict], float, dict]:
    """Start a writer and `readers` readers, each in a fresh interpreter
    (spawn: nothing opened here is shared with them), reader k starting at
    the k-th share of texts; all start at once (a barrier). Each reader is
    called reader(*reader_args, texts, offset, ready, out), the writer
    writer(*writer_args, stop, ready, out). Returns (the readers' results,
    seconds the readers took, the writer's result)."""
    ctx = mp.get_context("spawn")
    stop, ready, out = ctx.Event(), ctx.Barrier(readers + 2), ctx.Queue()
    procs = [ctx.Process(target=reader, args=(*reader_args, texts, i * len(texts) // readers, ready, out))
             for i in range(readers)]
    procs.append(ctx.Process(target=writer, args=(*writer_args, stop, ready, out)))
    for p in procs:
        p.start()
    ready.wait()
    t0 = time.perf_counter()
    results = [out.get(timeout=3600) for _ in range(readers)]
    seconds = time.perf_counter() - t0
    stop.set()
    wrote = out.get(timeout=600)
    for p in procs:
        p.join(timeout=60)
    return results, seconds, wrote


def measure(engine: str, index: Path, queries: list[dict], articles_path: Path, readers: int = READERS) -> dict:
    texts = [q["text"] for q in queries]
    results, seconds, wrote = run_readers_and_writer(_reader, (engine, str(index)), texts,
                                                     _writer, (engine, str(index), str(articles_path)), readers)
    lat = sorted(x for r in results for x in r["latencies_ms"])
    p95 = lat[min(len(lat) - 1, max(0, int(round(0.95 * len(lat))) - 1))]
    return {
        "readers": readers, "queries": len(lat), "errors": sum(r["errors"] for r in results),
        "median_ms": statistics.median(lat), "p95_ms": p95, "max_ms": lat[-1],
        "seconds": seconds, "writer_added": wrote["added"], "writer_commit_median_ms": wrote["commit_median_ms"],
    }
