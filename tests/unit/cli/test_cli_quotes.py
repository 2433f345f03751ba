"""`newsreader quotes ID`: the quotations of one article with their speakers, from the CLI."""

from __future__ import annotations

import json

from reader.cli.commands import main
from reader.core.library import Library


def _bbc(index_dir) -> str:
    with Library(index_dir) as lib:
        return next(r["id"] for r in lib.listing() if r["source"] == "BBC News")


def test_quotes_json_names_the_speakers(seeded_dir, capsys):
    article = _bbc(seeded_dir)
    assert main(["quotes", article, "--index", str(seeded_dir), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["id"] == article and out["quotes"]
    by_speaker = {q["speaker"] for q in out["quotes"] if q["kind"] == "direct"}
    assert "Oliver Dowden" in by_speaker
    for q in out["quotes"]:
        assert 0 <= q["start"] < q["end"] and q["kind"] in ("direct", "reported")


def test_quotes_in_the_terminal_group_by_speaker(seeded_dir, capsys):
    assert main(["quotes", _bbc(seeded_dir), "--index", str(seeded_dir)]) == 0
    out = capsys.readouterr().out
    assert "Oliver Dowden (" in out and "quotations" in out.splitlines()[0]


def test_quotes_of_an_unknown_article_is_one_line(seeded_dir, capsys):
    assert main(["quotes", "ffffffffff", "--index", str(seeded_dir)]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
