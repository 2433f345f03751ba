"""The benchmark runs end to end on the seeds with tiny settings and writes
the JSON that bench/README.md describes (no app launch, no compare or entity
timing, which loads spaCy, and no 100k tier)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def test_bench_seeds_smoke(tmp_path):
    out = tmp_path / "seeds.json"
    proc = subprocess.run(
        [
            sys.executable, str(REPO / "bench" / "run.py"), "--tier", "seeds", "--runs", "1", "--queries", "12",
            "--engines", "whoosh", "--baselines", "fts5,like", "--skip-app", "--skip-extras", "--quiet",
            "--workdir", str(tmp_path / "work"), "--out", str(out),
        ],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Indexing" in proc.stdout and "Search" in proc.stdout
    result = json.loads(out.read_text())
    assert {"meta", "tier", "engines", "ratios", "queries", "app", "compare", "entities", "notes"} <= result.keys()
    assert result["tier"]["name"] == "seeds" and result["tier"]["articles"] >= 5
    assert len(result["queries"]) == 12 and {q["kind"] for q in result["queries"]} >= {"term", "phrase", "fuzzy"}
    for name in ("whoosh", "fts5", "like"):
        e = result["engines"][name]
        assert e["available"], e
        build, inc, search = e["build"], e["incremental"], e["search"]
        assert build["articles"] == result["tier"]["articles"]
        for value in (build["seconds"], build["cpu_seconds"], build["articles_per_s"], build["engine_articles_per_s"], build["index_bytes"],
                      build["peak_rss_mb"], inc["seconds"], search["median_ms"], search["p95_ms"], search["rss_open_mb"]):
            assert value > 0, (name, value)
        assert search["queries"] == 12 and search["p95_ms"] >= search["median_ms"]
        assert not search["errors"], search["errors"]
    assert result["engines"]["whoosh"]["incremental"]["updated"] >= 1
    assert result["engines"]["whoosh"]["search"]["top10_overlap_vs_whoosh"] == 10
    assert {(r["engine"], r["versus"]) for r in result["ratios"]} == {("whoosh", "fts5"), ("whoosh", "like")}
    assert all(r["search_median"] > 0 for r in result["ratios"])
    assert result["app"]["whoosh"]["status"] == "n/a"
    assert result["compare"]["status"] == result["entities"]["status"] == "n/a"
