"""`newsreader versions ID` and version references in `compare` (ID~N,
ID@N), on a file edited and re-indexed twice."""

from __future__ import annotations

import json

import pytest

from reader.cli.commands import main

PARAS = [
    "The council said 120 homes would be built on the old factory site by 2027.",
    "Residents objected to the plan, saying the roads could not take more traffic.",
    "A spokesperson for the developer said the scheme had changed after a consultation.",
    "The planning committee will meet again next month to decide on the application.",
]


@pytest.fixture
def edited(tmp_path):
    """(index, article id) of a file seen in three versions: as first
    written, with a number changed, then with a paragraph dropped."""
    folder, index = tmp_path / "news", str(tmp_path / "ix")
    folder.mkdir()
    story = folder / "homes.txt"
    texts = [PARAS, [PARAS[0].replace("120", "150")] + PARAS[1:], [PARAS[0].replace("120", "150")] + PARAS[1:3]]
    for n, paragraphs in enumerate(texts):
        story.write_text("Homes plan\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        assert main(["index", str(folder), "--index", index, "--json"]) == 0
    return index, story


def _id(index, capsys) -> str:
    capsys.readouterr()
    assert main(["list", "--json", "--index", index]) == 0
    [row] = json.loads(capsys.readouterr().out)["articles"]
    return row["id"]


def test_versions_lists_each_with_what_changed(edited, capsys):
    index, _ = edited
    ident = _id(index, capsys)
    assert main(["versions", ident[:8], "--json", "--extractor", "rules", "--index", index]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == ident
    rows = data["versions"]
    assert [r["number"] for r in rows] == [1, 2, 3]
    assert [r["current"] for r in rows] == [False, False, True]
    assert rows[0]["summary"] == "first seen"
    assert "1 number differs" in rows[1]["summary"]
    assert "drops 1 sentence" in rows[2]["summary"]
    assert rows[2]["words"] < rows[1]["words"]
    assert all(0 < r["stored_bytes"] < 200 for r in rows[:2]) and rows[2]["stored_bytes"] == 0
    assert main(["versions", ident[:8], "--extractor", "rules", "--index", index]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith(": 3 versions")
    assert len(out) == 5 and "(current)" in out[3] and f"compare {ident[:10]}~1 {ident[:10]}" in out[4]


@pytest.mark.parametrize("ref", ["~1", "@1", "@3"])
def test_versions_of_a_version_reference_is_the_articles_history(edited, capsys, ref):
    """ID~1 named one version, and its history was that version alone,
    marked current: '1 version'."""
    index, _ = edited
    ident = _id(index, capsys)
    assert main(["versions", ident[:8], "--json", "--extractor", "rules", "--index", index]) == 0
    whole = json.loads(capsys.readouterr().out)
    assert main(["versions", ident[:8] + ref, "--json", "--extractor", "rules", "--index", index]) == 0
    assert json.loads(capsys.readouterr().out) == whole
    assert main(["versions", ident[:8] + "~3", "--index", index]) != 0  # one that does not exist is still refused
    assert "has 3 versions" in capsys.readouterr().err


def test_compare_versions_by_reference(edited, capsys):
    index, _ = edited
    ident = _id(index, capsys)
    assert main(["compare", f"{ident[:8]}~2", ident[:8], "--json", "--extractor", "rules", "--index", index]) == 0
    back = json.loads(capsys.readouterr().out)
    assert main(["compare", f"{ident[:8]}@1", f"{ident[:8]}@3", "--json", "--extractor", "rules", "--index", index]) == 0
    assert json.loads(capsys.readouterr().out) == back
    assert back["a"]["id"] == f"{ident}@1" and back["b"]["id"] == ident
    assert "120" in " ".join(back["a"]["sentences"]) and "150" in " ".join(back["b"]["sentences"])
    assert [(m["a"], m["b"]) for m in back["numbers"] if m["kind"] == "different"] == [("120 homes", "150 homes")]
    assert [d["kind"] for d in back["differences"]["a"]].count("unique") == 1
    assert main(["compare", f"{ident[:8]}~1", ident[:8], "--format", "markdown", "--extractor", "rules",
                 "--index", index]) == 0
    markdown = capsys.readouterr().out
    assert "planning committee" in markdown  # the dropped paragraph is listed
    assert main(["compare", f"{ident[:8]}~1", ident[:8], "--extractor", "rules", "--index", index]) == 0
    head = capsys.readouterr().out.splitlines()[:2]  # the terminal view named both sides by the same 8 characters
    assert f"{ident[:8]}@2" in head[0] and f"{ident[:8]}@" not in head[1] and ident[:8] in head[1]


@pytest.mark.parametrize("ref, words", [
    ("~3", "has 3 versions"), ("@0", "has 3 versions"), ("@4", "has 3 versions"), ("@", "names no version"),
    ("~x", "is not a version"),
])
def test_bad_references_are_one_line_errors(edited, capsys, ref, words):
    index, _ = edited
    ident = _id(index, capsys)
    assert main(["compare", ident[:8] + ref, ident[:8], "--index", index]) != 0
    err = capsys.readouterr().err.strip()
    assert err.startswith("newsreader: ") and words in err and "\n" not in err


def test_unknown_article_and_same_version(edited, capsys):
    index, _ = edited
    ident = _id(index, capsys)
    assert main(["versions", "ffffffff", "--index", index]) != 0
    assert "no article" in capsys.readouterr().err
    assert main(["compare", f"{ident[:8]}@3", ident[:8], "--index", index]) != 0
    assert "two different" in capsys.readouterr().err


def test_a_headline_only_edit_says_what_the_title_became(tmp_path, capsys):
    """"title changed; and A differ in nothing listed": the summary's
    "B and A differ in nothing listed" cut after its "B "."""
    folder, index = tmp_path / "news", str(tmp_path / "ix")
    folder.mkdir()
    for title in ("Fire injures 12 in harbour", "Fire injures 15 in harbour"):
        (folder / "fire.txt").write_text(f"{title}\n\n" + "\n\n".join(PARAS) + "\n", encoding="utf-8")
        assert main(["index", str(folder), "--index", index, "--json"]) == 0
    article_id = _id(index, capsys)
    assert main(["versions", article_id[:8], "--json", "--index", index]) == 0
    lines = [v["summary"] for v in json.loads(capsys.readouterr().out)["versions"]]
    assert lines[-1] == "title changed: Fire injures 12 in harbour → Fire injures 15 in harbour", lines
