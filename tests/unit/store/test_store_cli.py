"""Choosing the store from the command line: --store, $NEWSREADER_STORE, `store =` in the config;
--user for whose read marks."""

from __future__ import annotations

import json

import pytest

from reader.cli.commands import main
from reader.core import config as config_mod
from reader.core.paths import config_file
from reader.core.store.articles import ArticleStore
from tests.conftest import SEEDS


def listed(capsys, *args: str) -> dict:
    assert main([*args, "list", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_store_from_the_flag_the_environment_and_the_config(pg_dsn, capsys, monkeypatch, tmp_path):
    extra = tmp_path / "extra.txt"
    extra.write_text("Harbour closes\n\nThe harbour closed for repairs on Tuesday after the storms.\n", encoding="utf-8")
    assert main(["--store", pg_dsn, "index", str(SEEDS), str(extra)]) == 0
    capsys.readouterr()
    assert listed(capsys, "--store", pg_dsn)["total"] == 6
    monkeypatch.setenv("NEWSREADER_STORE", pg_dsn)
    assert listed(capsys)["total"] == 6
    monkeypatch.delenv("NEWSREADER_STORE")
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'store = "{pg_dsn}"\n', encoding="utf-8")
    assert listed(capsys)["total"] == 6
    # without them, the default folder index: the seeds alone, made on first use
    path.unlink()
    assert listed(capsys)["total"] == 5


def test_read_marks_are_each_users_own(pg_dsn, capsys):
    assert main(["--store", pg_dsn, "index", str(SEEDS)]) == 0
    capsys.readouterr()
    first = listed(capsys, "--store", pg_dsn, "--user", "ann")["articles"][0]["id"]
    ann = ArticleStore(pg_dsn, user="ann")
    ann.set_state([first], read=True)
    ann.close()
    rows = {r["id"]: r["read"] for r in listed(capsys, "--store", pg_dsn, "--user", "ann")["articles"]}
    assert rows[first] is True and sum(rows.values()) == 1
    assert not any(r["read"] for r in listed(capsys, "--store", pg_dsn, "--user", "ben")["articles"])


def test_an_empty_store_on_a_server_gets_no_seeds(pg_dsn, capsys):
    assert main(["--store", pg_dsn, "list"]) == 1
    err = capsys.readouterr().err
    assert "holds no articles" in err and "--store URL index PATH" in err
    assert ArticleStore(pg_dsn).count() == 0


@pytest.mark.parametrize("args, message", [
    (["--store", "/tmp/x", "list"], "--store takes a postgresql:// URL"),
    (["--user", "ann", "list"], "give --store too"),
    (["--store", "postgresql://nobody@/x?host=/nowhere", "index", "--rebuild", "--engine", "tantivy"], "--engine is for an index folder"),
])
def test_bad_store_options_are_one_line(args, message, capsys):
    assert main(args) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_the_config_refuses_a_store_that_is_not_a_url():
    with pytest.raises(config_mod.ConfigError, match="postgresql:// URL"):
        config_mod.from_dict({"store": "/srv/news"})
    assert config_mod.from_dict({"store": "postgresql://r@db/news"}).store == "postgresql://r@db/news"
