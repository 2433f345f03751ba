"""The CLI as a new user met it (session 7's fresh-eyes pass): answers that
were silently wrong, messages that said nothing."""

from __future__ import annotations

import json

import pytest

from reader.cli import commands
from reader.cli.commands import main
from reader.core import library as library_module
from reader.core.library import Library
from reader.core.store.lock import WriteLock
from tests.conftest import SEEDS


def test_events_beside_another_writer_say_the_articles_not_grouped_yet(tmp_path, capsys, monkeypatch):
    # The app's entity process holding the lock: `events` read the events as
    # last grouped (none in a new index) and printed "0 events" as the answer.
    with Library(tmp_path / "ix") as lib:
        lib.index_paths([SEEDS], label="seeds")
    monkeypatch.setattr(library_module, "MAINTAIN_WAIT", 0.05)
    with WriteLock(tmp_path / "ix"):
        assert main(["events", "--json", "--index", str(tmp_path / "ix")]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["total"] == 0
    assert "5 of 5 articles are not in these events yet: another newsreader process is writing" in err
    assert main(["events", "--json", "--index", str(tmp_path / "ix")]) == 0  # the lock free: grouped, no note
    out, err = capsys.readouterr()
    assert json.loads(out)["total"] == 1 and err == ""


def test_a_keymap_value_not_in_quotes_is_named_with_a_real_id_as_the_example(tmp_path, capsys, monkeypatch):
    # The example was `quit = "ctrl+q"`, an id no binding has; and a value that is no key, or the help's own
    # example written without quotes (a table to TOML), stopped every command: now said, and left out.
    from reader.core import config as config_mod

    (tmp_path / "ix").mkdir()
    config = tmp_path / "config.toml"
    config.write_text('[keymap]\n"app.back" = "h"\n"app.quit" = 5\napp.help = "f1"\n')
    monkeypatch.setenv("NEWSREADER_CONFIG", str(config))
    assert main(["info", "--index", str(tmp_path / "ix")]) == 1  # (an empty index), not the config
    err = capsys.readouterr().err.splitlines()
    assert err[:2] == [f"newsreader: config file {config}: [keymap] maps binding ids to keys in quotes"
                       " ('app.quit' = 5), e.g. \"app.quit\" = \"ctrl+q\"; ignored",
                       f"newsreader: config file {config}: [keymap] maps binding ids to keys in quotes"
                       " ('app' = {'help': 'f1'}), e.g. \"app.quit\" = \"ctrl+q\"; ignored"]
    assert config_mod.load(config).keymap == {"app.back": "h"}


@pytest.mark.parametrize("command", [["search", "Dowden"], ["list"], ["events"], ["entities"]])
@pytest.mark.parametrize("value", ["0", "-3"])
def test_a_limit_below_one_is_refused_not_taken_as_one(seeded_dir, capsys, command, value):
    with pytest.raises(SystemExit) as exit_:
        main([*command, "--limit", value, "--json", "--index", str(seeded_dir)])
    out, err = capsys.readouterr()
    assert exit_.value.code == 2 and out == ""
    assert err.splitlines()[-1].endswith(f"error: argument --limit: must be 1 or more (got {value})")


@pytest.mark.parametrize("argv,said", [
    (["search", ""], "empty query: type some words to search for"),  # " " was refused, "" found nothing
    (["terms", ""], "terms needs a word to look for, as in: newsreader terms Loughton"),  # "No source uses ''"
    (["entities", "--type", "person", "--type", "people"],  # an empty table, as if there were none
     "no entity type 'PEOPLE': the types are PERSON, ORG, PLACE, NORP, DATE, MONEY, PERCENT, QUANTITY, CARDINAL"),
])
def test_an_empty_word_or_an_unknown_type_is_refused_in_one_line(seeded_dir, capsys, argv, said):
    assert main([*argv, "--json", "--index", str(seeded_dir)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err == f"newsreader: {said}\n"


def test_versions_keep_their_columns_and_give_an_absent_link_as_null(tmp_path, capsys):
    folder, index = tmp_path / "news", str(tmp_path / "ix")
    folder.mkdir()
    for homes in (120, 150):
        (folder / "homes.txt").write_text(f"Homes plan\n\nThe council said {homes} homes would be built.\n")
        assert main(["index", str(folder), "--index", index, "--json"]) == 0
    capsys.readouterr()
    assert main(["list", "--json", "--index", index]) == 0
    [row] = json.loads(capsys.readouterr().out)["articles"]
    assert main(["versions", row["id"], "--json", "--extractor", "rules", "--index", index]) == 0
    assert [v["url"] for v in json.loads(capsys.readouterr().out)["versions"]] == [None, None]  # was ""
    assert main(["versions", row["id"], "--extractor", "rules", "--index", index]) == 0
    lines = capsys.readouterr().out.splitlines()[1:3]
    # the spaces between the columns were folded to one, so the columns did not line up
    assert [line.index(" words") for line in lines] == [len("  1  ") + 20 + 2 + 6] * 2


def test_info_keeps_its_keys_aligned(seeded_dir, capsys):
    assert main(["info", "--index", str(seeded_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"    index: {seeded_dir}" and {line.index(": ") for line in lines} == {9}


def test_open_of_a_missing_path_fails_in_one_line_before_the_app(tmp_path, capsys, monkeypatch):
    opened = []
    monkeypatch.setattr(commands, "run_app", lambda *a, **kw: opened.append(a) or 0)
    assert main(["open", str(tmp_path / "nope"), "--index", str(tmp_path / "ix")]) == 1
    assert capsys.readouterr().err == f"newsreader: no such file or folder: {tmp_path / 'nope'}; the app was not opened\n"
    assert opened == []
    (tmp_path / "here.txt").write_text("A story\n\nThe ferry sailed at noon.\n")
    assert main(["open", str(tmp_path / "here.txt"), "--index", str(tmp_path / "ix")]) == 0 and len(opened) == 1


@pytest.mark.parametrize("fmt", [[], ["--format", "markdown"]])
def test_compare_output_that_cannot_be_written_is_named_in_one_line(seeded_dir, tmp_path, capsys, fmt):
    ids = [r["id"] for r in json.loads(_run(capsys, "list", "--json", "--index", str(seeded_dir)))["articles"]]
    a, b = ids[0], ids[1]
    assert main(["compare", a, b, *fmt, "--output", str(tmp_path), "--index", str(seeded_dir)]) == 1
    assert capsys.readouterr().err == f"newsreader: could not write {tmp_path}: Is a directory\n"  # not "the index is as it was"
    assert main(["compare", a, b, *fmt, "--output", str(tmp_path / "r.txt"), "--index", str(seeded_dir)]) == 0
    assert (tmp_path / "r.txt").read_text(encoding="utf-8").strip()
    assert capsys.readouterr().err == f"newsreader: wrote {tmp_path / 'r.txt'}\n"  # (it wrote without a word)
    (tmp_path / "r.txt").write_text("precious")
    assert main(["compare", a, b, *fmt, "--output", str(tmp_path / "r.txt"), "--index", str(seeded_dir)]) == 0
    assert capsys.readouterr().err == f"newsreader: wrote {tmp_path / 'r.txt'} (the file that was there is replaced)\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("r.txt")) == ["r.txt"]


def test_a_failed_output_write_leaves_the_file_that_was_there(seeded_dir, tmp_path, capsys, monkeypatch):
    from reader.cli import output

    ids = [r["id"] for r in json.loads(_run(capsys, "list", "--json", "--index", str(seeded_dir)))["articles"]]
    (tmp_path / "r.md").write_text("precious")

    def full(_fh):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(output, "write_output", lambda path, write, real=output.write_output: real(path, full))
    from reader.cli import commands
    monkeypatch.setattr(commands, "write_output", output.write_output)
    assert main(["compare", ids[0], ids[1], "--format", "markdown", "--output", str(tmp_path / "r.md"),
                 "--index", str(seeded_dir)]) == 1
    assert "No space left on device" in capsys.readouterr().err
    assert (tmp_path / "r.md").read_text() == "precious" and [p.name for p in tmp_path.iterdir()] == ["r.md"]


def _run(capsys, *argv) -> str:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", [["search", "x"], ["list"], ["info"], ["events"], ["show", "abc"]])
def test_a_mistyped_index_folder_is_not_made_by_a_command_that_only_reads(tmp_path, capsys, command, monkeypatch):
    """`newsreader --index /tmp/nonexist search x` said the index held no
    articles and left a new folder with an empty store behind it."""
    monkeypatch.delenv("NEWSREADER_STORE", raising=False)
    missing = tmp_path / "no-such-index"
    assert main(["--index", str(missing), *command]) != 0
    err = capsys.readouterr().err
    assert f"no index at {missing}" in err and len(err.strip().splitlines()) == 1
    assert not missing.exists()
    assert main(["--index", str(missing), "index", str(SEEDS)]) == 0  # indexing makes it
    assert missing.is_dir()


def test_an_unknown_engine_in_the_config_is_said_to_be_the_config_s_and_makes_no_store(tmp_path, capsys, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('engine = "lucene"\n')
    monkeypatch.setenv("NEWSREADER_CONFIG", str(config))
    assert main(["index", str(SEEDS), "--index", str(tmp_path / "ix")]) == 1
    assert capsys.readouterr().err == ("newsreader: unknown engine 'lucene' (the config's engine; choose from whoosh,"
                                       " tantivy)\n")
    assert not (tmp_path / "ix").exists()
