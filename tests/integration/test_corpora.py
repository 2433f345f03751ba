"""The real corpora beside the clone (../shared/corpora): each format indexes
and answers queries. Skipped, with the reason, where the folder is absent."""

from __future__ import annotations

import json
import shutil

import pytest

from reader.core.library import Library
from tests.conftest import require_corpora

pytestmark = pytest.mark.corpora


def test_bbc_sport_including_its_latin1_file(tmp_path):
    sport = require_corpora("bbc", "bbc", "sport")
    raw = (sport / "199.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    with Library(tmp_path / "ix") as lib:
        summary = lib.index_paths([sport])
        assert summary.skipped == []
        assert summary.added == len(list(sport.glob("*.txt")))
        [latin1] = [r for r in lib.listing(limit=1000) if lib.get(r["id"]).relpath == "199.txt"]
        article = lib.get(latin1["id"])
        expected_title = raw.decode("latin-1").splitlines()[0].strip()
        assert article.title == expected_title
        assert "\ufffd" not in article.text and "Ã" not in article.text
        # The title line of a BBC file is its headline; ranked search finds it first.
        some = lib.get(lib.listing(limit=1, order="title")[0]["id"])
        first_word = max(some.title.split(), key=len)
        assert lib.search(f'title:"{first_word}"').total >= 1


def test_basil_json_with_gold_events(tmp_path):
    articles = require_corpora("basil", "articles")
    files = sorted(articles.glob("*/*.json"))
    assert len(files) == 300
    with Library(tmp_path / "ix") as lib:
        summary = lib.index_paths([articles])
        assert summary.added + sum(1 for s in summary.skipped) == 300
        assert len(summary.skipped) <= 3, summary.skipped
        # every report of an event is found by a phrase of its own title
        record = json.loads(files[0].read_text(encoding="utf-8"))
        words = [w for w in record["title"].split() if w.isalpha() and len(w) > 4][:2]
        hits = lib.search(" AND ".join(words)).hits
        assert any(lib.get(h.id).relpath == files[0].relative_to(articles).as_posix() for h in hits)
        sources = {s.lower() for s, _ in lib.sources()}
        assert {"fox", "nyt", "hpo"} <= sources


def test_baly_json_subset(tmp_path):
    jsons = require_corpora("allsides_baly2020", "jsons")
    sample = tmp_path / "baly"
    sample.mkdir()
    for path in sorted(jsons.glob("*.json"))[:200]:
        shutil.copy(path, sample / path.name)
    with Library(tmp_path / "ix") as lib:
        summary = lib.index_paths([sample])
        assert summary.added >= 195, summary.skipped[:3]
        row = lib.listing(limit=1)[0]
        article = lib.get(row["id"])
        assert article.source and article.word_count > 50


def test_reuters_sgml(tmp_path):
    sgm = require_corpora("reuters21578", "reut2-000.sgm")
    with Library(tmp_path / "ix") as lib:
        summary = lib.index_paths([sgm])
        assert summary.skipped == [] and 800 < summary.added < 1000
        hits = lib.search('"cocoa" AND bahia').hits
        assert hits and hits[0].title == "BAHIA COCOA REVIEW"
        assert hits[0].published is not None and hits[0].published.year == 1987
        assert {s for s, _ in lib.sources()} == {"Reuters"}
