"""`newsreader index --optimize`: a Whoosh index built in several segments
becomes one, and searches answer the same."""

from __future__ import annotations

import json

from reader.cli.commands import main
from reader.core.library import Library


def _two_batches(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    for i in range(6):
        (folder / f"{i}.txt").write_text(f"Harbour story {i}\n\nThe harbour master counted {i} boats and one walrus.\n")
    lib = Library(tmp_path / "ix")
    lib.index_paths([folder])
    more = tmp_path / "more"
    more.mkdir()
    for i in range(6, 9):
        (more / f"{i}.txt").write_text(f"River story {i}\n\nThe ferry crossed {i} times past the walrus.\n")
    lib.index_paths([more])
    return lib


def test_optimize_merges_segments_and_keeps_results(tmp_path, capsys):
    lib = _two_batches(tmp_path)
    assert len(lib.engine.open()._segments()) >= 2
    before = [(h.id, h.snippet.text) for h in lib.search("walrus", limit=20).hits]
    fuzzy = {h.id for h in lib.search("harbur~", limit=20).hits}
    lib.close()

    assert main(["index", "--optimize", "--json", "--index", str(tmp_path / "ix")]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["segments_before"] >= 2 and out["segments_after"] == 1

    lib = Library(tmp_path / "ix")
    assert len(lib.engine.open()._segments()) == 1
    assert [(h.id, h.snippet.text) for h in lib.search("walrus", limit=20).hits] == before
    assert {h.id for h in lib.search("harbur~", limit=20).hits} == fuzzy
    assert lib.search("walrus").total == 9
    lib.close()

    assert main(["index", "--optimize", "--index", str(tmp_path / "ix")]) == 0
    assert "already one segment" in capsys.readouterr().out


def test_optimize_runs_on_its_own(tmp_path, capsys):
    lib = _two_batches(tmp_path)
    lib.close()
    assert main(["index", "--optimize", str(tmp_path / "news"), "--index", str(tmp_path / "ix")]) != 0
    assert "--optimize runs on its own" in capsys.readouterr().err


def test_optimize_merges_the_segment_builders_segments(tmp_path, monkeypatch):
    from reader.core.search.whoosh.engine import WhooshEngine

    monkeypatch.setattr(WhooshEngine, "FAST_MIN", 4)  # every batch below goes through the builder
    lib = Library(tmp_path / "ix")
    for batch in range(2):
        folder = tmp_path / f"news{batch}"
        folder.mkdir()
        for i in range(20):
            (folder / f"{i}.txt").write_text(f"Story {batch}-{i}\n\nThe harbour master counted {i} boats; walrus number {i % 7}.\n")
        lib.index_paths([folder])
    segments = len(lib.engine.open()._segments())
    assert segments >= 2
    before = sorted(h.id for h in lib.search("walrus harbour", limit=50).hits)
    phrase = {h.id for h in lib.search('"harbour master"', limit=50).hits}
    assert lib.optimize_index() == segments
    assert len(lib.engine.open()._segments()) == 1
    assert sorted(h.id for h in lib.search("walrus harbour", limit=50).hits) == before
    assert {h.id for h in lib.search('"harbour master"', limit=50).hits} == phrase and len(phrase) == 40
    assert lib.search("walrus").total == 40
    lib.close()
