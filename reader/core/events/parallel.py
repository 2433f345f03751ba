"""The event features of many articles at once, over the machine's cores.

A full build computes the features of every article (the pure Python
reading of headline, lead and start of body) and weighs them with the IDF
of the whole collection: work that stands alone article by article. With
more than one core and enough articles, it is done by forked worker
processes, a batch of articles at a time, in the order given: the results
are the same floats, in the same order, as computed in one process (the
same functions on the same input). Fork only: the workers are handed the
features and IDF they weigh by inheritance, not by pickling, and a platform
without fork, or a process running other threads (the app indexes in a
worker thread; a fork copies the locks other threads hold), computes in
one process.

Used by index.py; results are plain values (Features, the rows' text).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence

from reader.core.events import rows
from reader.core.events.cluster import Settings, article_features, weigh
from reader.core.events.features import Features
from reader.core.ingest.pool import fork_allowed
from reader.core.models import Article

MIN_ARTICLES = 2000  # fewer are computed in one process: forking would cost more than it saves
MAX_WORKERS = 4
_SPAN = 500  # features weighed per task

# What forked workers weigh (set just before the pool is forked, emptied after).
_INHERITED: tuple = ()


def workers(n: int) -> int:
    """Worker processes for n articles (1: compute in this process)."""
    if n < MIN_ARTICLES or not fork_allowed():  # in the app (threads): one process
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, MAX_WORKERS))


def _features_of(batch: list[Article], settings: Settings) -> list[Features]:
    return [article_features(a, settings) for a in batch]


def features(batches: Iterable[list[Article]], total: int, settings: Settings,
             progress: Callable[[int, int], None] | None = None) -> tuple[list[Article], list[Features]]:
    """The articles of batches (read as they are asked for, in this
    process: a store's connection stays here) and their features, in order.
    In a pool, the next batch is read while the workers compute."""
    arts: list[Article] = []
    feats: list[Features] = []
    n_workers = workers(total)
    if n_workers == 1:
        for batch in batches:
            arts += batch
            feats += _features_of(batch, settings)
            if progress:
                progress(len(feats), total)
        return arts, feats
    with multiprocessing.get_context("fork").Pool(n_workers) as pool:
        pending = []
        for batch in batches:
            arts += batch
            pending.append(pool.apply_async(_features_of, (batch, settings)))
        for p in pending:
            feats += p.get()
            if progress:
                progress(len(feats), total)
    return arts, feats


def _encoded_span(span: tuple[int, int]) -> list[tuple[str, str]]:
    feats, idfs, max_terms = _INHERITED
    return [(rows.encode_terms(f.terms), rows.encode_signature(f, weigh(f.terms, idfs, max_terms)))
            for f in feats[span[0] : span[1]]]


def encoded(feats: Sequence[Features], idfs: dict[str, float], max_terms: int) -> list[tuple[str, str]]:
    """Each article's (features, names) column text (rows.py): its raw
    terms, and its vector weighed with idfs and signature."""
    global _INHERITED
    n = len(feats)
    _INHERITED = (feats, idfs, max_terms)
    try:
        n_workers = workers(n)
        if n_workers == 1:
            return _encoded_span((0, n))
        spans = [(a, min(a + _SPAN, n)) for a in range(0, n, _SPAN)]
        out: list[tuple[str, str]] = []
        with multiprocessing.get_context("fork").Pool(n_workers) as pool:
            for part in pool.imap(_encoded_span, spans):
                out += part
        return out
    finally:
        _INHERITED = ()
