"""A damaged index.json (issue 16, item 7): every command says so in one line
and points to `newsreader index --rebuild`, which works from the store alone
and keeps the reader's state."""

from __future__ import annotations

import importlib.util
import json

import pytest

from reader.cli.commands import main
from reader.core.library import IndexDamaged, Library
from tests.robustness.test_faults import make_corpus

ENGINES = ["whoosh", pytest.param("tantivy", marks=pytest.mark.skipif(
    importlib.util.find_spec("tantivy") is None, reason="tantivy is not installed"))]

DAMAGE = {
    "garbage": b"\x00\xffnot json{",
    "empty": b"",
    "a list": b'["whoosh", 3]',
    "a string": b'"whoosh"',
    "unknown engine": b'{"engine": "lucene", "schema": 3}',
    "engine not a string": b'{"engine": 7, "schema": 3}',
    "schema not a number": b'{"engine": "whoosh", "schema": "x"}',
    "schema a boolean": b'{"engine": "whoosh", "schema": true}',
    "huge": b'{"engine": "whoosh", "schema": 3, "pad": "' + b"x" * 200_000 + b'"}',
}


def cli(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("how", list(DAMAGE))
def test_a_damaged_manifest_is_one_line_and_rebuild_mends_it(tmp_path, capsys, how):
    index = tmp_path / "ix"
    assert cli(capsys, "index", str(make_corpus(tmp_path / "c", 5)), "--index", str(index))[0] == 0
    with Library(index) as lib:
        some = lib.listing(limit=1)[0]["id"]
        lib.set_read([some])
    (index / "index.json").write_bytes(DAMAGE[how])

    with pytest.raises(IndexDamaged, match="--rebuild"):
        Library(index)
    for argv in (("search", "walrus"), ("list",), ("info", "--json"), ("index", str(tmp_path / "c"))):
        code, out, err = cli(capsys, *argv, "--index", str(index))
        assert code == 1 and out == "", (argv, out)
        assert err.count("\n") == 1 and "index.json is damaged" in err and "newsreader index --rebuild" in err

    code, out, err = cli(capsys, "index", "--rebuild", "--index", str(index))
    assert code == 0, err
    assert out == "rebuilt the search index from 5 stored articles\n"
    with Library(index) as lib:
        assert lib.search("walrus").total == 5
        assert lib.store.state(some)["read"]
    assert json.loads((index / "index.json").read_text())["engine"] == "whoosh"


@pytest.mark.parametrize("engine", ENGINES)
def test_the_rebuild_keeps_the_engine_whose_folder_is_there(tmp_path, capsys, engine):
    index = tmp_path / "ix"
    assert cli(capsys, "index", str(make_corpus(tmp_path / "c", 3)), "--index", str(index), "--engine", engine)[0] == 0
    (index / "index.json").write_text("[]")
    assert cli(capsys, "index", "--rebuild", "--index", str(index))[0] == 0
    with Library(index) as lib:
        assert lib.engine.name == engine and lib.search("walrus").total == 3


def test_an_old_schema_is_rebuilt_by_the_command_that_says_so(tmp_path, capsys):
    index = tmp_path / "ix"
    assert cli(capsys, "index", str(make_corpus(tmp_path / "c", 3)), "--index", str(index))[0] == 0
    (index / "index.json").write_text(json.dumps({"engine": "whoosh", "schema": 0}))
    code, _, err = cli(capsys, "search", "walrus", "--index", str(index))
    assert code == 1 and "older version" in err and "--rebuild" in err
    assert cli(capsys, "index", "--rebuild", "--index", str(index))[0] == 0
    assert cli(capsys, "search", "walrus", "--index", str(index))[0] == 0
