"""The cyclic garbage collector paused around the event index's heavy steps
(index.py), and why it may be."""

from __future__ import annotations

import functools
import gc
import threading


def without_gc(method, threads_too: bool = True):
    """method with the cyclic garbage collector paused: the grouping makes
    hundreds of thousands of small objects (none in a cycle: the docs'
    sets, the pairs), whose collections walked every object alive again and
    again (a third of the first grouping at 25,000 articles). The pause is
    process-wide: a UI thread's cycles wait meanwhile (none is lost), which
    the grouping's seconds allow. threads_too=False: paused only when this
    is the process's one thread (a build from the CLI, whose forked workers
    start paused too), never beside a UI for the minutes of computing an
    import's features, where what waits for the IDF is strings and dicts of
    numbers that the collector does not walk (parallel.Kept)."""

    @functools.wraps(method)
    def paused(*args, **kwargs):
        if not gc.isenabled() or (not threads_too and threading.active_count() > 1):
            return method(*args, **kwargs)
        gc.disable()
        try:
            return method(*args, **kwargs)
        finally:
            gc.enable()

    return paused


def without_gc_alone(method):
    return without_gc(method, threads_too=False)
