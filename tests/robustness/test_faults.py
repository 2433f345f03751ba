"""Killing an indexing run at any moment, damaged index folders, a second
writer, a full disk: the index keeps answering and nothing is lost."""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.core.library import IndexDamaged, Library
from reader.core.store.lock import IndexBusy, WriteLock
from tests.conftest import REPO


def make_corpus(folder: Path, n: int, word: str = "walrus") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"{i:04}.txt").write_text(f"Report {i} on the {word}\n\nThe {word} count reached {i} at dawn.\n", encoding="utf-8")
    return folder


def cli(*argv: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reader", *argv], capture_output=True, text=True, cwd=REPO,
        env={**os.environ, **(env or {})}, timeout=timeout,
    )


def assert_consistent(index: Path, expected_total: int, word: str = "walrus") -> None:
    """The index opens and answers; everything it returns is in the store;
    a re-run completes it."""
    with Library(index) as lib:
        hits = lib.engine.search_ids(word, limit=None) if lib.engine.exists() else []
        stored = {r["id"] for r in lib.listing(limit=100_000)}
        assert set(hits) <= stored
        for article_id in hits[:20]:
            article = lib.get(article_id)
            assert article.title.startswith("Report") and word in article.text  # whole, not partial
    return None


# (stage, how many times it passes before the kill): mid-batch is hit once per article
STAGES = [("mid-batch", 5), ("between-store-and-index", 0), ("mid-commit", 0), ("after-index-commit", 0)]


ENGINES = ["whoosh", pytest.param("tantivy", marks=pytest.mark.skipif(
    __import__("importlib").util.find_spec("tantivy") is None, reason="tantivy is not installed"))]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("stage,after", STAGES)
def test_kill_at_each_stage_leaves_a_usable_index(tmp_path, stage, after, engine):
    corpus = make_corpus(tmp_path / "c", 30)
    index = tmp_path / "ix"
    first = make_corpus(tmp_path / "first", 3, word="otter")
    assert cli("index", str(first), "--index", str(index), "--engine", engine).returncode == 0
    proc = cli("index", str(corpus), "--index", str(index), env={"NEWSREADER_KILL_AT": stage, "NEWSREADER_KILL_AFTER": str(after)})
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert_consistent(index, 30)
    with Library(index) as lib:
        assert lib.search("otter").total == 3  # what was there before is intact
    proc = cli("index", str(corpus), "--index", str(index), "--json")
    assert proc.returncode == 0, proc.stderr
    with Library(index) as lib:
        assert lib.engine.name == engine
        assert lib.search("walrus").total == 30
        assert lib.store.count() == 33 and lib.engine.doc_count() == 33


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
def test_real_sigkills_at_random_moments(tmp_path, engine):
    corpus = make_corpus(tmp_path / "c", 400)
    index = tmp_path / "ix"
    rng = random.Random(20261126)
    for trial in range(3):
        proc = subprocess.Popen([sys.executable, "-m", "reader", "index", str(corpus), "--index", str(index), "--engine", engine],
                                cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.4, 3.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert_consistent(index, 400)
    assert cli("index", str(corpus), "--index", str(index)).returncode == 0
    with Library(index) as lib:
        assert lib.search("walrus").total == 400 and lib.engine.doc_count() == 400


def damage(index: Path, how: str) -> None:
    files = sorted((index / "whoosh").iterdir())
    if how == "toc":
        [p.unlink() for p in files if p.suffix == ".toc"]
    elif how == "segment":
        [p.unlink() for p in files if p.suffix in (".seg", ".trm")]
    elif how == "truncated":
        for p in files:
            if p.suffix in (".seg", ".pst", ".trm"):
                data = p.read_bytes()
                p.write_bytes(data[: len(data) // 3])
    elif how == "folder":
        import shutil

        shutil.rmtree(index / "whoosh")


@pytest.mark.parametrize("how", ["toc", "segment", "truncated", "folder"])
def test_damaged_index_is_detected_and_rebuilt_from_the_store(tmp_path, how):
    corpus = make_corpus(tmp_path / "c", 12)
    index = tmp_path / "ix"
    assert cli("index", str(corpus), "--index", str(index)).returncode == 0
    with Library(index) as lib:
        some = lib.listing(limit=1)[0]["id"]
        lib.set_read([some])
        lib.set_bookmarked([some])
    damage(index, how)
    if how != "folder":
        with pytest.raises(IndexDamaged, match="rebuild"):
            Library(index)
    proc = cli("search", "walrus", "--index", str(index))
    if how != "folder":
        assert proc.returncode == 1 and proc.stdout == ""
        assert "damaged" in proc.stderr and "--rebuild" in proc.stderr and proc.stderr.count("\n") == 1
    proc = cli("index", "--rebuild", "--index", str(index))
    assert proc.returncode == 0, proc.stderr
    with Library(index) as lib:
        assert lib.search("walrus").total == 12
        assert lib.store.state(some) == {"read": True, "bookmarked": True}


@pytest.mark.parametrize("engine", ENGINES)
def test_second_writer_waits_then_says_busy(tmp_path, engine):
    corpus = make_corpus(tmp_path / "c", 3)
    index = tmp_path / "ix"
    assert cli("index", str(corpus), "--index", str(index), "--engine", engine).returncode == 0
    with WriteLock(index):
        started = time.monotonic()
        proc = cli("index", str(corpus), "--index", str(index), "--wait", "1")
        waited = time.monotonic() - started
        assert proc.returncode == 1 and "busy" in proc.stderr and proc.stderr.count("\n") == 1
        assert waited >= 1.0
        # reading goes on while another process holds the write lock
        proc = cli("search", "walrus", "--index", str(index), "--json")
        assert proc.returncode == 0
    with pytest.raises(IndexBusy):
        with WriteLock(index, timeout=5):
            with WriteLock(index, timeout=0.2):
                pass


@pytest.mark.parametrize("engine", ENGINES)
def test_two_processes_indexing_at_once_do_not_corrupt(tmp_path, engine):
    a = make_corpus(tmp_path / "a", 150, word="walrus")
    b = make_corpus(tmp_path / "b", 150, word="narwhal")
    index = tmp_path / "ix"
    procs = [subprocess.Popen([sys.executable, "-m", "reader", "index", str(p), "--index", str(index), "--wait", "60", "--engine", engine],
                              cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for p in (a, b)]
    for p in procs:
        p.wait(timeout=120)
        assert p.returncode == 0, p.stderr.read()
    with Library(index) as lib:
        assert lib.search("walrus").total == 150 and lib.search("narwhal").total == 150


@pytest.mark.parametrize("err", [errno.ENOSPC, errno.EACCES, errno.EROFS])
def test_write_failures_leave_the_old_index_intact(tmp_path, monkeypatch, err, capsys):
    import whoosh.writing

    from reader.cli.commands import main

    old = make_corpus(tmp_path / "old", 4, word="otter")
    new = make_corpus(tmp_path / "new", 4, word="walrus")
    index = tmp_path / "ix"
    assert main(["index", str(old), "--index", str(index)]) == 0

    def failing_commit(self, *a, **k):
        raise OSError(err, os.strerror(err))

    monkeypatch.setattr(whoosh.writing.SegmentWriter, "commit", failing_commit)
    capsys.readouterr()
    assert main(["index", str(new), "--index", str(index)]) == 1
    err_text = capsys.readouterr().err
    assert os.strerror(err) in err_text and err_text.count("\n") == 1
    # the store took the four articles: the message must not say nothing changed
    assert "as it was" not in err_text and "kept 4 new or changed article(s)" in err_text
    monkeypatch.undo()
    with Library(index) as lib:
        assert lib.search("otter").total == 4
        assert lib.search("walrus").total == 0  # not half in: the store has it, the index catches up next run
    assert main(["index", str(new), "--index", str(index)]) == 0
    with Library(index) as lib:
        assert lib.search("walrus").total == 4


def test_store_write_failure_rolls_back(tmp_path, monkeypatch, capsys):
    from reader.cli.commands import main
    from reader.core.store.articles import ArticleStore

    old = make_corpus(tmp_path / "old", 4, word="otter")
    new = make_corpus(tmp_path / "new", 4, word="walrus")
    index = tmp_path / "ix"
    assert main(["index", str(old), "--index", str(index)]) == 0
    real = ArticleStore.upsert
    calls = {"n": 0}

    def flaky(self, db, article, *facts):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(self, db, article, *facts)

    monkeypatch.setattr(ArticleStore, "upsert", flaky)
    capsys.readouterr()
    assert main(["index", str(new), "--index", str(index)]) == 1
    assert "the index is as it was before this run" in capsys.readouterr().err  # true: the batch was rolled back
    monkeypatch.undo()
    with Library(index) as lib:
        assert lib.store.count() == 4  # the failed batch was rolled back whole
        assert lib.search("otter").total == 4
