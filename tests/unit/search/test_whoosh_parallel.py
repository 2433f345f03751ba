"""The Whoosh engine's fast write path (reader.core.search.whoosh.segments): a large
write is built outside Whoosh's writer, in two processes where it may, and
must give the same index as Whoosh's own writer, in one commit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import datetime, timezone
from pathlib import Path

import pytest

from reader.core.models import Article
from reader.core.search.whoosh import engine as W
from reader.core.search.whoosh.segments import _uncapture

REPO = Path(__file__).resolve().parents[3]
WORDS = (
    "ferry harbour storm council budget election volcano eruption minister river bridge school teachers "
    "strike hospital nurses farmers drought wheat prices market shares bank rates inflation museum "
    "painting festival football league referee weather snow flights airport runway"
).split()


def art(n: int, extra: str = "") -> Article:
    words = [WORDS[(n * 7 + i * 3) % len(WORDS)] for i in range(40 + n % 13)]
    body = (" ".join(words).capitalize() + ". The " + " and the ".join(words[:6]) + f" were reported on day {n}.")
    return Article(
        id=f"a{n:04d}",
        origin=f"t/{n}",
        title=f"{WORDS[n % len(WORDS)].title()} report {n}",
        text_paragraphs=(body + extra, "Ο ΔΡΟΜΟΣ İstanbul naïve café e-mail U.S. 3.5% *star*"),
        source="Daily " + ("Post" if n % 2 else "Wire"),
        byline="Jane Doe" if n % 3 else "",
        published=datetime(2024, 1 + n % 12, 1 + n % 27, tzinfo=timezone.utc) if n % 5 else None,
        url=f"https://example.org/{n}",
    )


def engine_at(path: Path, fast_min: int) -> W.WhooshEngine:
    engine = W.WhooshEngine(path)
    engine.FAST_MIN = fast_min
    return engine


# byline: and url: are fields the builder hands to Whoosh's own analysis (not its fast loop)
QUERIES = ["ferry", "storm council", '"bank rates"', "title:report", "source:post volcano", "drought -wheat", "strik~",
           "byline:doe", "url:\"https://example.org/7\"",
           "date:2024-03", "istanbul", "δρομος", "cafe OR café"]


def results(engine: W.WhooshEngine, bodies: dict[str, str]):
    out = []
    for q in QUERIES:
        # every hit (ties in score may come in either order)
        res = engine.search(q, limit=1000, body_of=lambda ids: {i: bodies[i] for i in ids})
        hits = sorted((-round(h.score, 4), h.id, h.snippet, h.title_matches) for h in res.hits)
        out.append((q, res.total, hits))
    return out


@pytest.mark.parametrize("procs", [1, 2])
def test_the_fast_path_gives_the_same_index_as_whooshs_writer(tmp_path, procs):
    arts = [art(n) for n in range(450)]
    bodies = {a.id: a.text for a in arts}
    ref = engine_at(tmp_path / "ref", 10**9)
    ref.write(arts)
    fast = engine_at(tmp_path / "fast", 50)
    ticks = []
    assert fast.write(iter(arts), procs=procs, progress=ticks.append) == 450
    assert ticks and ticks[-1] == 450
    assert fast.doc_count() == ref.doc_count() == 450
    expected = results(ref, bodies)
    found = {q for q, total, _hits in expected if total}
    assert {"ferry", "byline:doe", 'url:"https://example.org/7"'} <= found  # the fields of both paths hold something
    assert results(fast, bodies) == expected
    fast.verify()
    ref.close()
    fast.close()


def test_the_fast_path_replaces_and_deletes_in_an_existing_index(tmp_path):
    engine = engine_at(tmp_path / "ix", 100)
    engine.write([art(n) for n in range(40)])  # small: Whoosh's writer
    changed = [art(n, extra=" Walruses basked.") for n in range(10, 20)]
    new = [art(n) for n in range(40, 150)]
    assert engine.write(changed + new, delete_ids=["a0001", "a0002"], procs=2) == 120
    assert engine.doc_count() == 40 - 2 + 110
    assert sorted(engine.search_ids("walruses", limit=None)) == [a.id for a in changed]
    assert engine.search_ids("report", limit=None, filter_ids={"a0001"}) == []
    assert engine.search_ids("report", limit=None, filter_ids={"a0015"}) == ["a0015"]  # replaced, not doubled
    # and a small write afterwards still works on the mixed segments
    engine.write([art(15)], delete_ids=["a0100"])
    assert engine.search_ids("walruses", limit=None).count("a0015") == 0
    assert engine.doc_count() == 147
    engine.close()


def test_a_failed_fast_write_changes_nothing(tmp_path):
    engine = engine_at(tmp_path / "ix", 20)
    engine.write([art(n) for n in range(5)])

    def failing():
        for n in range(100, 400):
            yield art(n, extra=" Walruses basked.")
        raise RuntimeError("the disk is full")

    with pytest.raises(RuntimeError):
        engine.write(failing(), delete_ids=["a0001"], procs=2)
    assert engine.doc_count() == 5 and engine.search_ids("walruses") == []
    engine.write([art(n) for n in range(100, 130)], procs=2)
    assert engine.doc_count() == 35
    engine.close()


@pytest.mark.parametrize("where", ["parallel-phase", "mid-commit"])
def test_a_kill_during_a_parallel_write_leaves_the_last_commit(tmp_path, where):
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        sys.path.insert(0, {str(REPO)!r})
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from reader.core.search.whoosh import engine as W
        from test_whoosh_parallel import art

        engine = W.WhooshEngine({str(tmp_path / "ix")!r})
        engine.FAST_MIN = 20
        engine.write([art(n) for n in range(3)])
        print(os.getpid(), flush=True)

        def then_die():
            for n in range(3, 1200):
                yield art(n)
                if n == 900 and {where!r} == "parallel-phase":
                    os.kill(os.getpid(), signal.SIGKILL)

        engine.write(then_die(), procs=2)
        """
    )
    env = dict(os.environ)
    if where == "mid-commit":
        env.update(NEWSREADER_KILL_AT="mid-commit", NEWSREADER_KILL_AFTER="1")  # the second write
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=180, env=env)
    assert proc.returncode == -signal.SIGKILL, proc.stderr[-2000:]
    engine = W.WhooshEngine(tmp_path / "ix")
    assert engine.doc_count() == 3
    assert sorted(engine.search_ids("report", limit=None)) == ["a0000", "a0001", "a0002"]
    engine.write([art(n) for n in range(3, 10)])
    assert engine.doc_count() == 10
    engine.close()


def test_uncapture_keeps_the_match():
    import re

    from whoosh.analysis import RegexTokenizer

    pattern = RegexTokenizer().expression.pattern
    text = "U.S. e-mail 3.5 *star* a.b.c x..y naïve"
    whole = [m.group(0) for m in re.finditer(pattern, text)]
    assert re.compile(_uncapture(pattern)).findall(text) == whole
    assert _uncapture(r"\(a(b)(?:c)") == r"\(a(?:b)(?:c)"
