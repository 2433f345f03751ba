"""newsreader store copy: a folder index to a PostgreSQL server and back, read state included,
the search index rebuilt at each destination."""

from __future__ import annotations

import dataclasses
import json
import shutil

from reader.cli.commands import main
from reader.core.config import Config
from reader.core.library import Library
from reader.core.store.articles import ArticleStore


def _state(lib: Library) -> list[tuple]:
    return [(r["id"], r["read"], r["bookmarked"]) for r in lib.listing(order="title", descending=False)]


def test_a_folder_to_a_server_and_back(seeded_dir, tmp_path, pg_dsn, capsys):
    first = tmp_path / "first"
    shutil.copytree(seeded_dir, first)
    with Library(first) as lib:
        ids = [r["id"] for r in lib.listing()]
        lib.set_read(ids[:2])
        lib.set_bookmarked(ids[3:4])
        before = _state(lib)
        articles = {i: lib.store.get(i) for i in ids}
        hits = lib.search_ids("china")

    assert main(["store", "copy", str(first), pg_dsn, "--user", "carol", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["rows"]["articles"] == 5 and out["rows"]["reader_state"] == 3 and out["indexed"] == 5

    on_server = Library(tmp_path / "engine", dataclasses.replace(Config(), store=pg_dsn, user="carol"))
    with on_server:
        assert _state(on_server) == before
        assert sorted(on_server.search_ids("china")) == sorted(hits)
        assert {i: on_server.store.get(i) for i in ids} == articles
    other = ArticleStore(pg_dsn, user="dave")  # another user sees the articles, none of carol's marks
    assert other.count() == 5 and other.tally() == (5, 5)
    other.close()

    back = tmp_path / "back"
    assert main(["store", "copy", pg_dsn, str(back), "--user", "carol"]) == 0
    assert "copied 5 article(s)" in capsys.readouterr().out
    with Library(back) as lib:
        assert _state(lib) == before
        assert {i: lib.store.get(i) for i in ids} == articles
        assert sorted(lib.search_ids("china")) == sorted(hits)


def test_a_copy_from_nowhere_is_refused_in_one_line(tmp_path, capsys):
    assert main(["store", "copy", str(tmp_path / "none"), str(tmp_path / "dst")]) == 1
    err = capsys.readouterr().err
    assert "holds no store" in err and err.count("\n") == 1
