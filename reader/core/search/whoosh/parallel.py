"""Building a large write's segments in several processes.

build_segments() runs SegmentBuilders in this process and, when asked, in
forked child processes (each writes its own segments into the index folder).
The caller adds the returned segments to the index's table of contents in its
one commit: until then no reader sees them, and a crash leaves unreferenced
files that Whoosh deletes at the next commit.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing as mp
import os
import queue
import signal
from collections.abc import Callable, Iterable
from typing import Any

from reader.core.ingest.pool import fork_allowed
from reader.core.search.whoosh.segments import DEFAULT_LIMIT_POSTINGS, SegmentBuilder

CHUNK = 200  # articles sent to a child process at a time


def index_procs(procs: int | None = None) -> int:
    """Processes for a large write: procs when given, else
    $NEWSREADER_INDEX_PROCS, else up to 2 of the CPUs this process may use."""
    if procs is not None:
        return max(1, procs)
    env = os.environ.get("NEWSREADER_INDEX_PROCS", "").strip()
    if env.isdigit() and int(env) >= 1:
        return int(env)
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(2, cpus))


def _no_gc(fn):
    """Run without the cyclic garbage collector: the postings held are
    millions of small tuples and lists, without cycles, which its passes
    would walk again and again (a third of the time)."""

    def run(*args, **kwargs):
        was = gc.isenabled()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            if was:
                gc.enable()

    run.__doc__ = fn.__doc__
    run.__name__ = fn.__name__
    return run


@_no_gc
def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when its parent dies (a killed indexer
    leaves no worker behind, which would hang on a half-sent chunk)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # it died before the request
        os._exit(1)


def _child(parent, storage, schema, indexname, limit, make_doc, jobs, results) -> None:
    _die_with_parent(parent)
    try:
        builder = SegmentBuilder(storage, schema, indexname, limit)
        while True:
            try:
                chunk = jobs.get(timeout=1.0)
            except queue.Empty:
                if os.getppid() != parent:  # the parent died: stop, leave no process behind
                    os._exit(1)
                continue
            if chunk is None:
                break
            for article in chunk:
                builder.add(make_doc(article))
        results.put(("ok", builder.finish()))
    except BaseException as exc:  # reported to the parent, which cancels the write
        results.put(("error", f"{type(exc).__name__}: {exc}"))


@_no_gc
def build_segments(
    storage,
    schema,
    indexname: str,
    items: Iterable[Any],
    make_doc: Callable[[Any], dict],
    procs: int = 1,
    progress: Callable[[int], None] | None = None,
    limit_postings: int = DEFAULT_LIMIT_POSTINGS,
) -> tuple[list, int]:
    """Index `items` (make_doc(item) -> the fields of its document) into new,
    uncommitted segments; returns (segments, count). With procs > 1, procs - 1
    forked children take chunks of items while this process indexes the rest."""
    n = 0
    if procs <= 1 or not fork_allowed():
        builder = SegmentBuilder(storage, schema, indexname, limit_postings)
        for item in items:
            builder.add(make_doc(item))
            n += 1
            if progress is not None:
                progress(n)
        return builder.finish(), n

    ctx = mp.get_context("fork")
    jobs = ctx.Queue()
    results = ctx.Queue()
    kids = [
        ctx.Process(target=_child, args=(os.getpid(), storage, schema, indexname, limit_postings, make_doc, jobs, results), daemon=True)
        for _ in range(procs - 1)
    ]
    for k in kids:
        k.start()
    try:
        builder = SegmentBuilder(storage, schema, indexname, limit_postings)
        chunk: list = []
        for item in items:
            chunk.append(item)
            if len(chunk) >= CHUNK:
                # keep the children fed (two chunks each waiting); index the rest here
                if jobs.qsize() < 2 * len(kids):
                    jobs.put(chunk)
                else:
                    for x in chunk:
                        builder.add(make_doc(x))
                n += len(chunk)
                chunk = []
                if progress is not None:
                    progress(n)
        for x in chunk:
            builder.add(make_doc(x))
        n += len(chunk)
        if chunk and progress is not None:
            progress(n)
        for _ in kids:
            jobs.put(None)
        segments = builder.finish()
        for _ in kids:
            status, payload = results.get()
            if status != "ok":
                raise RuntimeError(f"an indexing process failed: {payload}")
            segments.extend(payload)
        for k in kids:
            k.join()
        return segments, n
    finally:
        for k in kids:
            if k.is_alive():
                k.kill()
                k.join()
        # chunks no child will read: do not let the queue's feeder thread
        # wait for them (it would hold up this process's exit)
        jobs.cancel_join_thread()
        results.cancel_join_thread()
        jobs.close()
        results.close()

