"""`newsreader voices EVENT`: who an event's reports quote and where they
disagree, from the CLI, on the seeds (one event of five reports)."""

from __future__ import annotations

import json

from reader.cli.commands import main


def _event_id(index_dir, capsys) -> str:
    assert main(["events", "--json", "--index", str(index_dir)]) == 0
    (event,) = json.loads(capsys.readouterr().out)["events"]
    return event["id"]


def test_voices_json(seeded_dir, capsys):
    event = _event_id(seeded_dir, capsys)
    assert main(["voices", event[:6], "--json", "--index", str(seeded_dir)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["event"] == event and len(out["reports"]) == 5
    dowden = next(s for s in out["speakers"] if s["speaker"] == "Oliver Dowden")
    assert len(dowden["quotes"]) == len(dowden["words"]) == 5
    assert sum(1 for n in dowden["quotes"] if n) == 4
    assert all((n == 0) == (w == 0) for n, w in zip(dowden["quotes"], dowden["words"]))
    ids = {r["id"] for r in out["reports"]}
    for d in out["disagreements"]:
        assert d["a"]["id"] in ids and d["b"]["id"] in ids and d["a"]["report"] < d["b"]["report"]
        assert set(d["kinds"]) <= {"attribution", "quote"} and d["kinds"]
    (d,) = out["disagreements"]  # outlet D's reworded quotation of the US prosecutors
    sources = {r["id"]: r["source"] for r in out["reports"]}
    assert d["kinds"] == ["quote"] and {sources[d["a"]["id"]], sources[d["b"]["id"]]} == {"BBC News", "Unknown outlet D"}
    assert "designed" in d["added"] + d["removed"]


def test_voices_table_in_the_terminal(seeded_dir, capsys):
    event = _event_id(seeded_dir, capsys)
    assert main(["voices", event, "--index", str(seeded_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("UK imposes sanctions") and "5 reports" in lines[0]
    header = next(line for line in lines if line.startswith("speaker "))
    assert header.split() == ["speaker", "A", "B", "C", "D", "E"]
    row = next(line for line in lines if line.startswith("Oliver Dowden"))
    assert len(row.split()) == 2 + 5 and row.split()[2:].count("·") == 1
    assert "1 disagreement (" in "\n".join(lines) and any(line.startswith("  B/D  quote: other words") for line in lines)
    assert max(len(line) for line in lines) <= 80


def test_voices_of_an_unknown_event_is_one_line(seeded_dir, capsys):
    assert main(["voices", "zzzz", "--index", str(seeded_dir)]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "newsreader events" in err
