"""The two engines rank alike: on the seeds and on BASIL, their top 10 share
at least 7 of 10 articles on average over realistic queries (the benchmark's
kinds: one word, two or three words of one article, a real phrase, a source:
or title: filter, a fuzzy word half of them misspelt; plus a few written by
hand). The measured average is printed (pytest -s, or -rA)."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

from bench import queries as Q
from bench import report
from reader.core.library import Library
from reader.core.search.engine import make_engine
from reader.core.search.query import QueryError
from tests.conftest import SEEDS, require_corpora

pytestmark = pytest.mark.corpora
pytest.importorskip("tantivy", reason="the tantivy engine is an optional extra (newsreader[fast])")

HANDWRITTEN = {
    "basil": [
        "immigration",
        "health care",
        '"health care"',
        '"supreme court"',
        "source:fox obama",
        "source:nyt trump",
        "border wall",
        "tax reform",
        "obama~",
        "immigraton~",
        "refugees AND europe",
        "climate -trump",
    ],
    "seeds": ["APT31", "china sanctions", '"electoral commission"', "sanctoins~", "cyber AND attack"],
}


def top10s(lib: Library, other, queries: list[str]) -> tuple[list[str], list[list[str]], list[list[str]]]:
    kept, mine, theirs = [], [], []
    for q in queries:
        try:
            a = lib.engine.search_ids(q, limit=10)
        except QueryError:
            continue
        kept.append(q)
        mine.append(a)
        theirs.append(other.search_ids(q, limit=10))
    return kept, mine, theirs


def shared(a: list[str], b: list[str]) -> float:
    return 10 * len(set(a) & set(b)) / min(10, max(len(a), len(b)))


def measure(tmp_path: Path, folder: Path, name: str, n: int) -> float:
    with Library(tmp_path / "whoosh", engine="whoosh") as lib:
        lib.index_paths([folder])
        ids = [row["id"] for row in lib.listing(limit=1_000_000)]
        stored = lib.store.get_many(ids)
        articles = [stored[i] for i in sorted(stored)]
        tantivy_engine = make_engine("tantivy", tmp_path / "tantivy")
        tantivy_engine.write(articles)
        assert tantivy_engine.doc_count() == lib.engine.doc_count() == len(articles)
        generated = Q.generate([{"title": a.title, "text": a.text, "source": a.source} for a in articles], n, 6)
        queries = [q["text"] for q in generated] + HANDWRITTEN[name]
        kept, mine, theirs = top10s(lib, tantivy_engine, queries)
        tantivy_engine.close()
    # The benchmark's measure: over queries where both engines found something.
    mean = report.overlap(mine, theirs)
    both = [(q, shared(a, b)) for q, a, b in zip(kept, mine, theirs) if a and b]
    either = [(q, shared(a, b)) for q, a, b in zip(kept, mine, theirs) if a or b]
    strict = statistics.mean(s for _, s in either)
    worst = sorted(both, key=lambda s: s[1])[:4]
    only_one = [q for q, a, b in zip(kept, mine, theirs) if bool(a) != bool(b)]
    print(
        f"\n{name}: top-10 overlap whoosh/tantivy {mean:.2f}/10 over {len(both)} queries"
        f" ({strict:.2f}/10 counting the {len(only_one)} that only one engine answered: {only_one});"
        f" lowest {worst}"
    )
    assert len(both) >= min(n, 20)
    return mean


def test_overlap_on_the_seeds(tmp_path):
    mean = measure(tmp_path, SEEDS, "seeds", 40)
    assert mean >= 7.0, mean


def test_overlap_on_basil(tmp_path):
    folder = require_corpora("basil", "articles")
    mean = measure(tmp_path, folder, "basil", 80)
    assert mean >= 7.0, mean
