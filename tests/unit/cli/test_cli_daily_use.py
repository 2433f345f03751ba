"""The CLI's rough edges found in daily use (issue 17, items 1, 5 and 11):
options before the command, one name per source, `source set`, --version,
completion, exit codes, null for absent values, missing paths, the events
limit, and a corpus's README that is no article."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli.commands import main
from reader.cli.parser import build_parser
from reader.core.library import Library

STORY = ("The harbour authority confirmed on Tuesday that the northern breakwater would close for repairs after "
         "the winter storms opened a gap of several metres in its outer wall. {} Engineers said the work would take "
         "at least six weeks.")


def corpus(tmp_path: Path, sources: dict[str, str]) -> Path:
    """A folder of plain-text articles, file name -> source (in sources.toml)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    toml = []
    for i, (name, source) in enumerate(sources.items()):
        (folder / name).write_text(STORY.format(f"Report number {i} about {name}."), encoding="utf-8")
        toml.append(f'["{name}"]\nsource = "{source}"\n')
    (folder / "sources.toml").write_text("\n".join(toml), encoding="utf-8")
    return folder


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def index(tmp_path, capsys):
    folder = corpus(tmp_path, {"a.txt": "fox", "b.txt": "fox", "c.txt": "FOX", "d.txt": "nyt", "e.txt": "NYT"})
    idx = tmp_path / "index"
    code, _, err = run(capsys, "index", str(folder), "--index", str(idx))
    assert code == 0, err
    return idx, folder


# --- item 1: options before the command ---------------------------------------------
def test_index_before_the_command_is_the_index_searched(index, capsys):
    idx, _ = index
    after = json.loads(run(capsys, "search", "harbour", "--index", str(idx), "--json")[1])
    before = json.loads(run(capsys, "--index", str(idx), "search", "harbour", "--json")[1])
    also_json_before = json.loads(run(capsys, "--index", str(idx), "--json", "search", "harbour")[1])
    assert after["total"] == 5
    assert before == after == also_json_before


def test_index_given_twice_with_two_values_is_refused_in_one_line(index, capsys, tmp_path):
    idx, _ = index
    code, out, err = run(capsys, "--index", str(idx), "search", "harbour", "--index", str(tmp_path / "other"))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "--index given twice" in err
    # the same value twice is no conflict
    assert run(capsys, "--index", str(idx), "list", "--index", str(idx), "--json")[0] == 0


# --- item 5: sources -------------------------------------------------------------------
def test_one_source_whatever_its_case(index, capsys):
    idx, _ = index
    with Library(idx) as lib:
        assert sorted(lib.sources()) == [("FOX", 3), ("NYT", 2)]  # the spelling with more capitals
    for spelling in ("fox", "FOX", "Fox"):
        listed = json.loads(run(capsys, "list", "--source", spelling, "--index", str(idx), "--json")[1])
        found = json.loads(run(capsys, "search", f"source:{spelling}", "--index", str(idx), "--json")[1])
        assert listed["total"] == found["total"] == 3
        assert {a["id"] for a in listed["articles"]} == {h["id"] for h in found["results"]}


def test_list_total_is_the_filtered_count(index, capsys):
    idx, _ = index
    data = json.loads(run(capsys, "list", "--source", "nyt", "--index", str(idx), "--json")[1])
    assert data["total"] == 2 == len(data["articles"])
    ids = [a["id"] for a in json.loads(run(capsys, "list", "--index", str(idx), "--json")[1])["articles"]]
    run(capsys, "mark", ids[0], ids[1], "--bookmark", "--index", str(idx))
    run(capsys, "mark", ids[0], "--read", "--index", str(idx))
    assert json.loads(run(capsys, "list", "--bookmarked", "--index", str(idx), "--json")[1])["total"] == 2
    assert json.loads(run(capsys, "list", "--unread", "--index", str(idx), "--json")[1])["total"] == 4
    limited = json.loads(run(capsys, "list", "--limit", "1", "--index", str(idx), "--json")[1])
    assert limited["total"] == 5 and len(limited["articles"]) == 1  # total counts past the limit


def test_a_new_article_takes_the_spelling_the_library_has(index, capsys, tmp_path):
    idx, _ = index
    more = tmp_path / "more"
    more.mkdir()
    (more / "f.txt").write_text(STORY.format("Another one."), encoding="utf-8")
    assert run(capsys, "index", str(more), "--source", "Nyt", "--index", str(idx))[0] == 0
    with Library(idx) as lib:
        assert dict(lib.sources())["NYT"] == 3


def test_source_set_for_an_article_and_a_folder_survives_reindex_and_rebuild(index, capsys):
    idx, folder = index
    rows = json.loads(run(capsys, "list", "--source", "nyt", "--index", str(idx), "--json")[1])["articles"]
    code, out, err = run(capsys, "source", "set", rows[0]["id"][:8], "New York Times", "--index", str(idx), "--json")
    assert code == 0, err
    assert json.loads(out)["articles"] == 1
    with Library(idx) as lib:
        assert dict(lib.sources()) == {"FOX": 3, "New York Times": 1, "NYT": 1}
    code, out, _ = run(capsys, "--index", str(idx), "source", "set", str(folder / "a.txt"), "Fox News")
    assert code == 0 and "set for 1 article" in out
    # "fox" is now shown as the name set by hand, for every article of it
    with Library(idx) as lib:
        assert dict(lib.sources()) == {"FOX": 2, "Fox News": 1, "New York Times": 1, "NYT": 1}
    # the file changes and is read again; the search index is rebuilt from the store
    (folder / "a.txt").write_text(STORY.format("Changed text."), encoding="utf-8")
    assert run(capsys, "index", str(folder), "--index", str(idx))[0] == 0
    assert run(capsys, "index", "--rebuild", "--index", str(idx))[0] == 0
    with Library(idx) as lib:
        assert dict(lib.sources()) == {"FOX": 2, "Fox News": 1, "New York Times": 1, "NYT": 1}
    # a name set by hand in another case is that source's name everywhere
    assert run(capsys, "source", "set", rows[1]["id"], "nyT", "--index", str(idx))[0] == 0
    with Library(idx) as lib:
        assert dict(lib.sources()) == {"FOX": 2, "Fox News": 1, "New York Times": 1, "nyT": 1}
    found = json.loads(run(capsys, "search", '"New York Times"', "--index", str(idx), "--json")[1])
    assert found["total"] == 0  # the source is not in the text...
    found = json.loads(run(capsys, "search", "source:york", "--index", str(idx), "--json")[1])
    assert [h["source"] for h in found["results"]] == ["New York Times"]  # ...but in the search index's source field
    # a whole folder
    assert run(capsys, "source", "set", str(folder), "Wire", "--index", str(idx))[0] == 0
    with Library(idx) as lib:
        assert dict(lib.sources()) == {"Wire": 5}


def test_source_set_refuses_what_is_not_there(index, capsys, tmp_path):
    idx, _ = index
    code, _, err = run(capsys, "source", "set", "zzzz", "X", "--index", str(idx))
    assert code == 1 and "no article" in err
    (tmp_path / "empty").mkdir()
    code, _, err = run(capsys, "source", "set", str(tmp_path / "empty"), "X", "--index", str(idx))
    assert code == 1 and "no indexed article" in err


# --- item 11: the CLI's edges --------------------------------------------------------------
def test_version(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("newsreader ") and out.split()[1][0].isdigit()


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_are_made_from_the_parser(shell, capsys):
    code, out, _ = run(capsys, "completion", shell)
    assert code == 0
    commands = {a for a in build_parser()._subparsers._group_actions[0].choices}
    assert commands >= {"search", "list", "feeds", "source", "completion"}
    assert all(c in out for c in commands)
    assert "bookmarked" in out and "no-check" in out  # a command's and a nested action's options


def test_bash_completion_completes(capsys, tmp_path):
    script = tmp_path / "c.bash"
    script.write_text(run(capsys, "completion", "bash")[1], encoding="utf-8")

    def complete(*words: str) -> list[str]:
        line = " ".join(f"'{w}'" for w in words)
        cmd = f"source {script}; COMP_WORDS=(newsreader {line}); COMP_CWORD={len(words)}; _newsreader; echo ${{COMPREPLY[@]}}"
        return subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, check=True).stdout.split()

    assert complete("sea") == ["search", "searches"]
    assert complete("feeds", "a") == ["add"]
    assert complete("--index", "x", "list", "--bo") == ["--bookmarked"]
    assert complete("completion", "") == ["bash", "zsh", "fish", "--help", "-h"]


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["list", "--sort", "nonsense"])
    assert exc.value.code == 2


def test_json_gives_null_for_absent_values(index, capsys):
    idx, _ = index
    row = json.loads(run(capsys, "list", "--index", str(idx), "--json")[1])["articles"][0]
    assert row["url"] is None and row["published"] is None and row["source"] in ("FOX", "NYT")
    assert set(row) == {"id", "title", "source", "published", "url", "words", "read", "bookmarked"}


def test_index_of_a_missing_path_fails_in_one_line(capsys, tmp_path):
    code, out, err = run(capsys, "index", str(tmp_path / "nope"), "--index", str(tmp_path / "idx"))
    assert code == 1 and out == ""
    assert err.strip().splitlines() == [f"newsreader: no such file or folder: {tmp_path / 'nope'}; nothing was indexed"]


def test_index_refuses_before_reading_anything_when_one_path_is_missing(index, capsys, tmp_path):
    idx, folder = index
    (folder / "new.txt").write_text(STORY.format("A new one."), encoding="utf-8")
    code, out, err = run(capsys, "index", str(folder), str(tmp_path / "nope"), "--index", str(idx))
    assert code == 1 and len(err.strip().splitlines()) == 1
    with Library(idx) as lib:
        assert lib.store.count() == 5


def test_events_say_when_they_stop_at_the_limit(index, capsys):
    idx, _ = index
    total = json.loads(run(capsys, "events", "--index", str(idx), "--json")[1])["total"]
    code, out, _ = run(capsys, "events", "--limit", "1", "--index", str(idx))
    if total > 1:
        assert f"1 of {total} events shown; --limit N shows more" in out
    code, out, _ = run(capsys, "events", "--limit", str(total), "--index", str(idx))
    assert "--limit N shows more" not in out
    help_text = subprocess.run([sys.executable, "-m", "reader.cli.commands", "events", "--help"],
                               capture_output=True, text=True).stdout
    assert "--limit N" in help_text and "how many events to show" in help_text


def test_a_corpus_readme_is_no_article(capsys, tmp_path):
    folder = corpus(tmp_path, {"a.txt": "fox"})
    (folder / "README.TXT").write_text("This corpus holds 2,225 articles from the BBC. " * 10, encoding="utf-8")
    (folder / "LICENSE").write_text("Permission is hereby granted, free of charge, to any person. " * 10, encoding="utf-8")
    idx = tmp_path / "idx"
    data = json.loads(run(capsys, "index", str(folder), "--index", str(idx), "--json")[1])
    assert data["added"] == 1
    skipped = {Path(s["path"]).name: s["reason"] for s in data["skipped"]}
    assert set(skipped) == {"README.TXT", "LICENSE"} and "README" in skipped["README.TXT"]
    # named on its own, it is read
    data = json.loads(run(capsys, "index", str(folder / "README.TXT"), "--index", str(idx), "--json")[1])
    assert data["added"] == 1


def test_single_reports_are_counted_apart_not_listed_as_events(capsys, tmp_path):
    """The five seeds are one event; a lone report about a chess match is 'reported once':
    counted in the JSON, listed only with --all."""
    import shutil

    from tests.conftest import SEEDS

    folder = tmp_path / "news"
    shutil.copytree(SEEDS, folder)
    (folder / "chess.txt").write_text(
        "Chess champion keeps her title\n\nThe world chess champion kept her title after a twelve-game match"
        " in Reykjavik that ended in a draw on the final day.", encoding="utf-8")
    idx = tmp_path / "idx"
    run(capsys, "index", str(folder), "--index", str(idx))
    data = json.loads(run(capsys, "events", "--index", str(idx), "--json")[1])
    assert data["reported_once"] == 1 and data["total"] == 1
    assert data["events"][0]["count"] == 5
    everything = json.loads(run(capsys, "events", "--all", "--index", str(idx), "--json")[1])
    assert everything["total"] == 2
    _, out, _ = run(capsys, "events", "--index", str(idx))
    assert "1 reported once, not listed (--all lists them)" in out
