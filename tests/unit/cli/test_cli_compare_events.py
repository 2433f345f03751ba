"""`newsreader events` and `newsreader compare` on the seeds."""

from __future__ import annotations

import json

from reader.cli.commands import main
from reader.core.models import article_id
from tests.conftest import SEEDS


def seed_id(prefix: str) -> str:
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    return article_id(f"seeds/{path.name}")


def test_events_json_the_seeds_are_one_event(seeded_dir, capsys):
    assert main(["events", "--json", "--index", str(seeded_dir)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 1
    [event] = data["events"]
    assert event["count"] == 5 and len(event["sources"]) == 5
    assert sorted(event["articles"]) == sorted(seed_id(f"{n:03}") for n in range(5))
    assert {"id", "title", "first", "last", "count", "sources"} <= set(event)


def test_compare_json_keys(seeded_dir, capsys):
    a, b = seed_id("001"), seed_id("004")
    assert main(["compare", a[:8], b[:8], "--json", "--extractor", "rules", "--index", str(seeded_dir)]) == 0
    data = json.loads(capsys.readouterr().out)
    for side, want in (("a", a), ("b", b)):
        assert data[side]["id"] == want
        assert {"id", "title", "source", "url", "sentences"} <= set(data[side])
        assert all(isinstance(s, str) for s in data[side]["sentences"])
    kinds = {"same", "near", "paraphrase", "only_a", "only_b", "moved"}
    n_a, n_b = len(data["a"]["sentences"]), len(data["b"]["sentences"])
    seen_a, seen_b = set(), set()
    for pair in data["alignment"]:
        assert pair["kind"] in kinds and isinstance(pair["score"], (int, float))
        assert all(0 <= i < n_a for i in pair["a"]) and all(0 <= i < n_b for i in pair["b"])
        seen_a |= set(pair["a"])
        seen_b |= set(pair["b"])
    assert seen_a == set(range(n_a)) and seen_b == set(range(n_b))  # every sentence is placed
    assert set(data["entities"]) >= {"shared", "only_a", "only_b"}
    shared = {e["canonical"] for e in data["entities"]["shared"]}
    assert "Oliver Dowden" in shared
    for e in data["entities"]["shared"]:
        assert {"canonical", "type", "mentions"} <= set(e)
    pairs = {(v["a"], v["b"]) for v in data["variants"]}
    assert ("Tim Laughton", "Tim Loughton") in pairs  # 001 and 004 spell him differently
    for v in data["variants"]:
        assert {"a", "b", "type", "score"} <= set(v)
    for n in data["numbers"]:
        assert {"a", "b", "kind"} <= set(n)


def test_compare_reports_markdown_and_html(seeded_dir, tmp_path, capsys):
    a, b = seed_id("001"), seed_id("004")
    out = tmp_path / "report.md"
    assert main(["compare", a, b, "--format", "markdown", "--output", str(out), "--extractor", "rules",
                 "--index", str(seeded_dir)]) == 0
    text = out.read_text()
    assert a in text and b in text and "BBC News" in text and "Tim Laughton" in text
    assert main(["compare", a, b, "--format", "html", "--extractor", "rules", "--index", str(seeded_dir)]) == 0
    html = capsys.readouterr().out
    assert html.lstrip().lower().startswith("<!doctype html") and a in html


def test_compare_html_escapes_article_text(tmp_path, capsys):
    folder = tmp_path / "h"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps({"title": "<script>alert(1)</script> One", "source": "<b>Evil</b>",
                                               "text": "The mayor said <img src=x onerror=alert(1)> the bridge opens Monday."}))
    (folder / "b.json").write_text(json.dumps({"title": "Two", "text": "The mayor said the bridge opens on Monday."}))
    ix = str(tmp_path / "ix")
    assert main(["index", str(folder), "--index", ix]) == 0
    capsys.readouterr()
    assert main(["compare", article_id("h/a.json"), article_id("h/b.json"), "--format", "html", "--extractor", "rules",
                 "--index", ix]) == 0
    html = capsys.readouterr().out
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>Evil</b>" not in html
    assert "&lt;script&gt;" in html


def test_compare_terminal_view(seeded_dir, capsys):
    assert main(["compare", seed_id("001"), seed_id("002"), "--extractor", "rules", "--index", str(seeded_dir)]) == 0
    out = capsys.readouterr().out
    assert "BBC News" in out and "Unknown outlet B" in out and "says" in out
    assert "\x1b" not in out


def test_compare_same_article_is_an_error(seeded_dir, capsys):
    a = seed_id("001")
    assert main(["compare", a, a, "--index", str(seeded_dir)]) == 1
    assert "two different articles" in capsys.readouterr().err


def test_compare_says_what_it_lists_as_the_app_says_it(seeded_dir, capsys):
    """The CLI gave every variant and number found ("7 variants", "5 only A")
    where the app's summary counts what the entries list ("8 names spelled
    differently", "4 numbers only one report gives"): a reader saw two
    answers. Now both views give the entries' counts, with their number."""
    from reader.core.compare.tally import plain_summary, tally
    from reader.core.library import Library

    a, b = seed_id("001"), seed_id("004")
    args = ["compare", a[:8], b[:8], "--extractor", "rules", "--index", str(seeded_dir)]
    assert main([*args, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["listed"]
    lib = Library(seeded_dir)
    try:
        c = lib.compare(lib.get(a), lib.get(b), "rules")
    finally:
        lib.close()
    t = tally(c)
    n_entries = len({(s if d.kind == "unique" else "", d.of, d.ref) for s in "ab" for d in c.differences(s)})
    assert listed["entries"] == t.entries == n_entries > 0
    assert listed["by_kind"] == t.by_kind and listed["plain"] == plain_summary(c, "b")
    assert main(args) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert f"Listed ({n_entries} entries): {plain_summary(c, 'b')}." in out
