"""Parsing in worker processes (ingest/pool.py) gives what parsing here gives: the same articles,
ids, warnings, one-line errors and sources.toml metadata, in the files' order; and an index
built through the pool is the one built without it, incremental re-runs included."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from reader.core.ingest import discover, pool, read_file
from reader.core.library import Library


def corpus(root: Path) -> Path:
    """Enough files of several kinds (and bad ones) for the pool to be used."""
    for i in range(40):
        folder = root / f"d{i % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i:03d}.txt").write_text(
            f"Report number {i} on the harbour\n\nThe harbour {i} saw {i * 7} ships, officials said.\n",
            encoding="utf-8")
        (folder / f"{i:03d}.md").write_text(f"# Notes {i}\n\nCargo volume rose by {i} percent.\n", encoding="utf-8")
    (root / "d0" / "sources.toml").write_text('["000.txt"]\nsource = "Harbour Gazette"\ntitle = "Set by hand"\n',
                                              encoding="utf-8")
    (root / "d1" / "empty.txt").write_text("", encoding="utf-8")
    (root / "d1" / "latin.txt").write_bytes("Caf\xe9 opens\n\nThe caf\xe9 opened on the quay.\n".encode("latin-1"))
    (root / "d2" / "bad.json").write_text("{not json", encoding="utf-8")
    (root / "d2" / "feed.jsonl").write_text(
        '{"title": "One", "text": "First record text."}\n{"title": "Two", "text": ""}\n', encoding="utf-8")
    return root


def test_the_pool_reads_as_this_process_does(tmp_path, monkeypatch):
    root = corpus(tmp_path / "news")
    found = list(discover(root))
    todo = [(f, None) for f in found]
    here = [read_file(f, None, 10 * 2**20, {}, "wire") for f, _ in todo]
    monkeypatch.setattr(pool, "MIN_FILES", 2)
    threads = threading.active_count()
    there = list(pool.read_all(todo, 10 * 2**20, {}, "wire", procs=2))
    assert len(there) == len(here) == len(found) > pool.MIN_FILES
    # the executor's threads are gone: what forks next (the events' features) may fork
    assert threading.active_count() == threads
    for a, b in zip(here, there):
        assert (a.relpath, a.error, a.warnings, a.articles) == (b.relpath, b.error, b.warnings, b.articles)
        assert b.facts == [(x.content_hash, x.word_count, json.dumps(list(x.text_paragraphs), ensure_ascii=False))
                           for x in a.articles]
    by_name = {r.relpath: r for r in there}
    assert by_name["d0/000.txt"].articles[0].source == "Harbour Gazette"
    assert by_name["d0/000.txt"].articles[0].title == "Set by hand"
    assert by_name["d1/empty.txt"].error == "empty file"
    assert by_name["d2/bad.json"].error and "\n" not in by_name["d2/bad.json"].error
    assert by_name["d1/latin.txt"].articles[0].title == "Café opens"


def _build(index: Path, root: Path) -> tuple[list, dict, list]:
    with Library(index) as lib:
        s = lib.index_paths([root])
        rows = lib.listing(order="title", limit=10_000)
        counts = (s.added, s.updated, s.removed, s.unchanged, sorted(map(str, s.skipped)), sorted(map(str, s.warnings)))
        return rows, counts, [lib.store.file_signature(str(root), r) for r in ("d0/000.txt", "d1/empty.txt")]


@pytest.mark.parametrize("min_files", [2, 10**9], ids=["pool", "here"])
def test_a_build_through_the_pool_is_the_same_and_reruns_are_incremental(tmp_path, monkeypatch, min_files):
    root = corpus(tmp_path / "news")
    monkeypatch.setattr(pool, "MIN_FILES", 10**9)
    want = _build(tmp_path / "serial", root)
    monkeypatch.setattr(pool, "MIN_FILES", min_files)
    got = _build(tmp_path / "ix", root)
    assert got[0] == want[0] and got[1] == want[1] and got[2] == want[2]
    assert got[1][0] == len(got[0]) and got[2][1] is None  # an unreadable file is tried again next time
    with Library(tmp_path / "ix") as lib:
        first = lib.listing(order="title", limit=1)[0]["id"]
        lib.set_read([first])
        changed = root / "d1" / "004.txt"
        changed.write_text("Report number 4 on the harbour\n\nNow 99 ships.\n", encoding="utf-8")
        st = changed.stat()
        os.utime(changed, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
        (root / "d2" / "005.md").unlink()
        s = lib.index_paths([root])
        assert (s.added, s.updated, s.removed) == (0, 1, 1)
        assert s.unchanged == len(want[0]) - 2
        assert lib.store.state(first)["read"]
        assert lib.search("99 ships").total == 1


def test_a_run_killed_while_workers_parse_leaves_the_lock_to_the_next_writer(tmp_path):
    if pool.workers() < 2:
        pytest.skip("one core here: the pool is not used")
    root = tmp_path / "news"
    root.mkdir()
    for i in range(300):
        (root / f"{i:04d}.txt").write_text(f"Report {i} on the walrus\n\nThe walrus count reached {i}.\n", encoding="utf-8")
    index = tmp_path / "ix"
    env = {**os.environ, "NEWSREADER_KILL_AT": "mid-batch", "NEWSREADER_KILL_AFTER": "5"}
    proc = subprocess.run([sys.executable, "-m", "reader", "index", str(root), "--index", str(index)],
                          cwd=Path(__file__).resolve().parents[3], env=env, capture_output=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    with Library(index) as lib:
        with lib.write_lock(timeout=3.0):  # no worker left holding the lock file open
            pass
        assert lib.index_paths([root]).added == 300
        assert lib.search("walrus").total == 300


def test_from_a_thread_the_workers_are_spawned_and_read_the_same(tmp_path, monkeypatch):
    # the app indexes in a worker thread: forking there could copy a lock another thread holds
    root = corpus(tmp_path / "news")
    todo = [(f, None) for f in discover(root)]
    monkeypatch.setattr(pool, "MIN_FILES", 2)
    out: dict = {}

    def run() -> None:
        out["context"] = pool._context().get_start_method()
        out["results"] = list(pool.read_all(todo, 10 * 2**20, {}, "", procs=2))

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(120)
    assert out["context"] == "spawn"
    here = [read_file(f, None, 10 * 2**20, {}, "") for f, _ in todo]
    assert [(r.relpath, r.error, r.articles) for r in out["results"]] == [(r.relpath, r.error, r.articles) for r in here]


# Run in a child process with a hard timeout: a pool that loses a task waits for ever, and this
# test must fail then, not hang the suite. One worker kills itself by SIGKILL on one file.
_KILL_A_WORKER = """
import os, signal, sys
from reader.core.ingest import pool
real = pool._read
def _read(task):
    if task[0].path.name == "0300.txt":
        os.kill(os.getpid(), signal.SIGKILL)
    return real(task)
pool._read = _read  # forked workers inherit it
from reader.cli.commands import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_worker_killed_mid_batch_fails_the_run_in_one_line_and_the_next_run_finishes(tmp_path):
    if pool.workers() < 2:
        pytest.skip("one core here: the pool is not used")
    root = tmp_path / "news"
    root.mkdir()
    for i in range(400):
        (root / f"{i:04d}.txt").write_text(f"Report {i} on the walrus\n\nThe walrus count reached {i}.\n", encoding="utf-8")
    index = tmp_path / "ix"
    proc = subprocess.run([sys.executable, "-c", _KILL_A_WORKER, "index", str(root), "--index", str(index)],
                          cwd=Path(__file__).resolve().parents[3], capture_output=True, text=True, timeout=60)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 1 and len(lines) == 1, proc.stderr
    assert "killed by signal 9, SIGKILL" in lines[0] and "index again to finish" in lines[0]
    with Library(index) as lib:
        with lib.write_lock(timeout=3.0):  # no worker left holding the lock file open
            pass
        # whole batches of files (sync.BATCH_FILES: the first 200, unless the other worker was behind),
        # each with its signature, and none of the rest
        kept = lib.store.count()
        assert kept in (0, 200)
        assert all((lib.store.file_signature(str(root), f"{i:04d}.txt") is not None) == (i < kept) for i in range(400))
        assert lib.store.indexed_count() == 0 and lib.search("walrus").total == 0  # the index as it was
        s = lib.index_paths([root])
        assert (s.added, s.unchanged) == (400 - kept, kept)
        assert lib.search("walrus").total == 400
