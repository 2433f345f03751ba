"""A corpus of bad files indexed together with good ones: the good ones all
go in, each bad one is reported in one line (path and reason)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from reader.core import ingest
from reader.core.config import Config
from reader.core.library import Library

GOOD = "Good report {n}\n\nThe harbour reopened on Tuesday, officials said, after the storm {n}.\n"


def build(folder: Path) -> dict[str, str]:
    """Write the files; return bad file name -> a word its reason must contain."""
    folder.mkdir()
    for n in range(5):
        (folder / f"good-{n}.txt").write_text(GOOD.format(n=n), encoding="utf-8")
    (folder / "latin1.txt").write_bytes("Café reopens\n\nThe café in Zürich reopened.\n".encode("latin-1"))
    (folder / "cp1252.txt").write_bytes("Quotes “here”\n\nA price of 5 € was “fair”.\n".encode("cp1252"))
    (folder / "utf16.txt").write_bytes("Wide text\n\nUTF-16 with a byte-order mark.\n".encode("utf-16"))
    (folder / "mostly-utf8.txt").write_bytes("Naïve title\n\nA naïve café ".encode() + b"\xfe" + " bad byte.".encode())
    (folder / "it's a \"quoted\" name ü.txt").write_text("Odd name\n\nA file name with spaces, quotes and ü.\n")
    (folder / "broken.html").write_text("<html><head><title>Half page</title><body><p>Unclosed paragraph about the harbour opening again today after long works<div><p>More text here about ships and cranes and the people who work there every day")
    (folder / "lines.jsonl").write_text("\n".join([json.dumps({"text": "First good line about the harbour."}), "{broken", json.dumps({"text": "Third line, good too."})]))
    bad = {
        "empty.txt": "empty",
        "image.png": "PNG",
        "noise.txt": "binary",
        "huge.txt": "too large",
        "truncated.rss": "feed",
        "records.json": "invalid JSON",
    }
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2048))
    (folder / "noise.txt").write_bytes(bytes((i * 131 + 7) % 256 for i in range(8192)).replace(b"\n", b"\x00"))
    with open(folder / "huge.txt", "wb") as f:
        line = b"All work and no play makes a very long file indeed. " * 20 + b"\n"
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            f.write(line)
    (folder / "truncated.rss").write_text('<?xml version="1.0"?><rss version="2.0"><chann')
    (folder / "records.json").write_text('{"text": "unterminated')
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    return bad


def test_good_files_all_indexed_bad_ones_reported(tmp_path, monkeypatch):
    folder = tmp_path / "mixed"
    bad = build(folder)
    (folder / "vanishing.txt").write_text("Soon gone\n\nThis file is deleted while the run reads others.\n")
    (folder / "locked.txt").write_text("Locked\n\nThis file cannot be read.\n")
    real_read = ingest.read_bounded

    def read_bounded(path, limit):
        if Path(path).name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real_read(path, limit)

    monkeypatch.setattr(ingest, "read_bounded", read_bounded)  # as root, chmod would not lock it

    def progress(stage, done, total):
        if stage == "reading" and done == 1 and (folder / "vanishing.txt").exists():
            (folder / "vanishing.txt").unlink()

    with Library(tmp_path / "ix") as lib:
        summary = lib.index_paths([folder], progress=progress)
        reasons = {Path(s.path).name: s.reason for s in summary.skipped}
        for name, word in bad.items():
            assert word.lower() in reasons[name].lower(), (name, reasons.get(name))
        assert "disappeared" in reasons["vanishing.txt"]
        assert "Permission denied" in reasons["locked.txt"]
        assert any("symlink loop" in s.reason for s in summary.skipped)
        for s in summary.skipped + summary.warnings:
            assert "\n" not in s.reason and "Traceback" not in s.reason
        titles = {r["title"] for r in lib.listing(limit=100)}
        assert {f"Good report {n}" for n in range(5)} <= titles
        assert {"Café reopens", "Quotes “here”", "Wide text", "Naïve title", "Odd name"} <= titles
        assert lib.search("harbour").total >= 6  # 5 good + the malformed HTML + a JSONL line
        jsonl = [r for r in lib.listing(limit=100) if lib.get(r["id"]).relpath == "lines.jsonl"]
        assert len(jsonl) == 2
        assert any("line 2" in w.reason for w in summary.warnings)


def test_size_limit_is_configurable(tmp_path):
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "a.txt").write_text("Title\n\n" + "word " * 500)
    with Library(tmp_path / "ix", Config(max_file_mb=0.001)) as lib:
        summary = lib.index_paths([folder])
        assert summary.added == 0 and "too large" in summary.skipped[0].reason
    with Library(tmp_path / "ix2", Config(max_file_mb=1)) as lib:
        assert lib.index_paths([folder]).added == 1


def test_cli_reports_bad_files_one_line_each(tmp_path, capsys):
    from reader.cli.commands import main

    folder = tmp_path / "mixed"
    bad = build(folder)
    assert main(["index", str(folder), "--index", str(tmp_path / "ix")]) == 0
    out = capsys.readouterr().out
    skipped_lines = [line for line in out.splitlines() if line.strip().startswith("skipped")]
    for name in bad:
        assert sum(name in line for line in skipped_lines) == 1
    assert "Traceback" not in out
