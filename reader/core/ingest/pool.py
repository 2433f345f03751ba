"""Parsing on every core: the files of an indexing run read by worker processes, results in order.

Reading and parsing a file is pure (a path in, a FileResult out) and was half of a full build on
one core, so a run with many files to read hands them to a pool of processes while the caller
stores what came back before. Each task carries what the file's folder's sources.toml says of
that file (read once, here, by the caller), so that a worker reads nothing but the file, and the
content hash, word count and JSON paragraphs the store wants are made in the worker too (prepared()).
A run with few files is read in this process: starting workers would cost more than it saves.

The workers are concurrent.futures' (not multiprocessing.Pool's): a worker killed by a signal
mid-file (the OOM killer, a kill -9) breaks the executor, which says so to the caller (WorkerLost,
one line), where a Pool lost the task and waited for it for ever, and its terminate() then waited
on a lock the dead worker held. What was stored before stays (each batch is its own transaction,
sync.py), the batch being gathered is not written, and the search index is left as it was: the
next run reads the files not yet stored and indexes what the store holds.
"""

from __future__ import annotations

import ctypes
import dataclasses
import gc
import multiprocessing
import operator
import os
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from reader.core.errors import LibraryError
from reader.core.ingest import FileResult, Found, _load_sidecar, read_file
from reader.core.models import Article, json_text

MIN_FILES = 64  # fewer files to read than this: read here
# What a worker takes at a time: up to CHUNK_FILES files, or one of over CHUNK_BYTES. A corpus's
# articles can sit in a few large files (Reuters: 22 files of 19,000 articles, after 6,000 small
# ones): taken eight at a time, one worker would be left to parse most of them alone.
CHUNK_FILES = 16
CHUNK_BYTES = 256 * 1024


def workers() -> int:
    """Processes to parse with: the cores this process may use, at most 4 (the caller stores meanwhile)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


Task = tuple[Found, str | None, int, dict, str]


def _read(task: Task) -> FileResult:
    found, label, max_bytes, sidecars, default_source = task
    return prepared(read_file(found, label, max_bytes, sidecars, default_source))


def _read_many(tasks: list[Task]) -> list[tuple]:
    return [_packed(_read(task)) for task in tasks]


_FIELDS = operator.attrgetter(*(f.name for f in dataclasses.fields(Article)))  # an Article's fields as a tuple, in C


def _packed(result: FileResult) -> tuple:
    """What a worker sends back: plain tuples, which unpickle in half the time Article and FileResult
    objects took (0.6 against 0.3 s for 25,000 articles, in the thread that reads the results)."""
    articles = [_FIELDS(a) for a in result.articles]
    return result.error, result.warnings, articles, result.facts


def _unpacked(found: Found, packed: tuple) -> FileResult:
    error, warnings, articles, facts = packed
    return FileResult(found.path, found.root, found.relpath, [Article(*a) for a in articles], warnings, error, facts)


def _chunks(tasks: list[Task]) -> Iterator[list[Task]]:
    chunk: list[Task] = []
    size = 0
    for task in tasks:
        try:
            size += task[0].path.stat().st_size
        except OSError:
            pass  # said by read_file
        chunk.append(task)
        if len(chunk) >= CHUNK_FILES or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def prepared(result: FileResult) -> FileResult:
    """result with each article's hash, word count and paragraphs as the store keeps them worked out."""
    facts = []
    for a in result.articles:
        paragraphs = json_text(a.text_paragraphs)
        # a read article's paragraphs are whitespace-collapsed (clean_paragraphs): its words are its
        # spaces and one a paragraph, which is the JSON's spaces and one: the list's ", " separators
        # add one a paragraph but the first, and no escape holds a space (counted in one scan, 0.10
        # against 0.18 s for 25,224 articles)
        words = paragraphs.count(" ") + 1 if a.text_paragraphs else 0
        facts.append((a.hash_with(paragraphs), words, paragraphs))
    result.facts = facts
    return result


def _guard(parent: int) -> None:
    """A worker's first step: end with the process that started it. A forked worker holds that
    process's open files, the write lock's among them (a flock lives while any process has the
    file open), so a worker left behind by a kill -9 would keep the next writer out."""
    try:
        if ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL) != 0:  # 1: PR_SET_PDEATHSIG (Linux)
            raise OSError(ctypes.get_errno(), "prctl")
    except (OSError, AttributeError):
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # it went before the guard was set
        os._exit(1)


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(1)


def fork_allowed() -> bool:
    """Whether this process may fork workers: fork starts one in milliseconds, but is safe only
    where this process runs one thread (the app indexes in a worker thread: a lock held by
    another thread would stay held in the child, which could wait for it for ever)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _context():
    return multiprocessing.get_context("fork" if fork_allowed() else "spawn")


class WorkerLost(LibraryError):
    """A worker reading the files ended without answering (killed by a signal, out of memory)."""


def _start(parent: int) -> None:
    """A worker's first step: Ctrl-C is its parent's to handle (which ends the workers), and it
    ends with its parent (_guard). What it was forked with (the parent's modules, its store's
    memo) is put out of the collector's reach: a worker makes no cycles among those objects, and
    each full collection walked them all, writing to every page of them (copy on write)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.freeze()
    _guard(parent)


def _how_lost(processes: list) -> str:
    """How the worker that broke the executor ended, from the exit codes of its processes (taken
    before the shutdown, which lets go of them, and read after it: the executor's own thread reaps
    them, and an exit code read while it does may not be there yet); the others were ended by the
    executor (SIGTERM) after it."""
    codes = [p.exitcode for p in processes]
    codes = [c for c in codes if c not in (None, 0)]
    code = next((c for c in codes if c != -signal.SIGTERM), codes[0] if codes else None)
    if code is None:
        return "it ended without a word"
    if code < 0:
        try:
            return f"killed by signal {-code}, {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"it exited with status {code}"


def read_all(todo: list[tuple[Found, str | None]], max_bytes: int, sidecars: dict[Path, dict],
             default_source: str, procs: int | None = None) -> Iterator[FileResult]:
    """The FileResult of each (file, label) in todo, in todo's order."""
    procs = workers() if procs is None else procs
    tasks = []
    folders: dict[str, Path] = {}  # one Path a folder: pickled once a chunk (pickle's memo), not once a file
    for found, label in todo:
        where = os.path.dirname(found.path)
        folder = folders.get(where)
        if folder is None:
            folder = folders[where] = found.path.parent
        meta = _load_sidecar(folder, sidecars)
        name = found.path.name
        own = {name: meta[name]} if isinstance(meta, dict) and name in meta else {}
        tasks.append((found, label, max_bytes, {folder: own}, default_source))
    if procs < 2 or len(tasks) < MIN_FILES:
        for task in tasks:
            yield _read(task)
        return
    executor = ProcessPoolExecutor(procs, mp_context=_context(), initializer=_start, initargs=(os.getpid(),))
    done = 0
    try:
        for results in executor.map(_read_many, _chunks(tasks)):
            for packed in results:
                yield _unpacked(tasks[done][0], packed)
                done += 1
    except BrokenProcessPool:
        processes = list((getattr(executor, "_processes", None) or {}).values())
        executor.shutdown(wait=True, cancel_futures=True)
        raise WorkerLost(f"a process reading the files ended abruptly ({_how_lost(processes)}) after reading"
                         f" {done:,} of {len(tasks):,} files: those stored before stay, the search index is as it was;"
                         " index again to finish") from None
    finally:
        # left early (a stop asked for, an error): the files not begun are not read
        executor.shutdown(wait=True, cancel_futures=True)
