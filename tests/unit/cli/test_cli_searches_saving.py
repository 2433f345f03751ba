"""Issue 17, item 12 in the core and the CLI: articles saved as Markdown or
text, the config's save_dir, browser and [searches], the browser command,
saved searches in the store (`newsreader searches`), Library.set_source."""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from reader.cli.commands import main
from reader.core import config as config_mod
from reader.core.browser import browser_command
from reader.core.library import Library, NotFound
from reader.core.models import Article
from reader.core.saving import as_markdown, as_text, safe_name, save_article, save_folder
from reader.core.search.saved import SavedSearchError

ARTICLE = Article(id="a1", origin="x/a.txt", title="Ferry *strike*: 50% of crossings cut / 2 ports",
                  text_paragraphs=("# Not a heading. Costs [rose] by <b>3%</b>.", "- a dash and 1. a number",
                                   "Plain words " * 20),
                  source="Harbour Times", byline="By A. Writer", published=datetime(2024, 5, 3),
                  url="https://example.org/ferry")


@pytest.fixture
def index(seeded_dir, tmp_path) -> Path:
    path = tmp_path / "index"
    shutil.copytree(seeded_dir, path)
    return path


def run_json(capsys, *argv) -> tuple[int, dict | None]:
    code = main([*argv, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else None


# --- saving -------------------------------------------------------------------
def test_markdown_shows_the_text_as_written():
    md = as_markdown(ARTICLE)
    lines = md.splitlines()
    assert lines[0] == r"# Ferry \*strike\*: 50% of crossings cut / 2 ports"
    assert "- **Source:** Harbour Times" in lines and "- **URL:** <https://example.org/ferry>" in lines
    assert "- **Published:** 2024-05-03" in lines
    assert r"\# Not a heading. Costs \[rose\] by \<b\>3%\</b\>." in lines  # no markup of the article's own
    assert r"\- a dash and 1. a number" in lines


def test_text_is_wrapped_at_the_measure():
    text = as_text(ARTICLE, width=40)
    lines = text.splitlines()
    assert lines[0] == ARTICLE.title and set(lines[1]) == {"="}
    assert "Source:    Harbour Times" in lines
    assert max(len(line) for line in lines[2:]) <= 40
    assert "Plain words Plain words" in text


@pytest.mark.parametrize("title, name", [
    ("Ferry *strike*: 50% / 2 ports?", "Ferry strike 50% 2 ports.md"),
    ("../../etc/passwd", "etc passwd.md"),
    ("...", "article.md"),
    ("CON", "article CON.md"),
    ("line\nbreak\x1b[31m red", "line break [31m red.md"),
])
def test_a_file_name_is_safe(title, name):
    assert safe_name(title, "md") == name


def test_a_long_title_is_cut_at_a_word():
    name = safe_name("word " * 40, "txt")
    assert len(name) <= 84 and name.endswith("word.txt")


def test_saving_never_overwrites(tmp_path):
    first = save_article(ARTICLE, tmp_path, "md")
    second = save_article(ARTICLE, tmp_path, "md")
    third = save_article(ARTICLE, tmp_path, "txt")
    assert first.name == "Ferry strike 50% of crossings cut 2 ports.md"
    assert second.name == "Ferry strike 50% of crossings cut 2 ports (2).md"
    assert third.suffix == ".txt" and first.read_text() == second.read_text() == as_markdown(ARTICLE)


def test_the_folder_always_exists(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(tmp_path)
    assert save_folder("") == (tmp_path, "the current directory: there is no ~/Downloads")
    (home / "Downloads").mkdir()
    assert save_folder("") == (home / "Downloads", "~/Downloads")
    assert save_folder(str(tmp_path / "missing"))[0] == home / "Downloads"
    assert save_folder("~") == (home, "save_dir in the config")


# --- config ---------------------------------------------------------------------
def test_config_keys_are_checked(tmp_path):
    cfg = config_mod.from_dict({"save_dir": str(tmp_path), "browser": "firefox --new-tab %u",
                                "searches": {"ferries": "ferry source:bbc"}})
    assert (cfg.save_dir, cfg.browser, cfg.searches) == (str(tmp_path), "firefox --new-tab %u",
                                                         {"ferries": "ferry source:bbc"})
    assert not cfg.warnings
    missing = config_mod.from_dict({"save_dir": str(tmp_path / "nope")})
    assert len(missing.warnings) == 1 and "is not a folder" in missing.warnings[0]
    for bad, said in (({"browser": 3}, "browser must be a string"), ({"browser": "firefox 'x"}, "browser must be a command"),
                      ({"browser": "%u"}, "browser must start with a program"),
                      ({"searches": {"x": 1}}, "[searches] maps names to queries"),
                      ({"save_dir": ["a"]}, "save_dir must be a string")):
        with pytest.raises(config_mod.ConfigError) as exc:
            config_mod.from_dict(bad)
        assert said in str(exc.value)


def test_the_browser_command_has_the_address_in_place():
    url = "https://example.org/a?b=c&d"
    assert browser_command("firefox --new-tab %u", url) == ["firefox", "--new-tab", url]
    assert browser_command("'/opt/My Browser/run'", url) == ["/opt/My Browser/run", url]
    assert browser_command("open --url=%u; rm -rf x", url) == ["open", f"--url={url};", "rm", "-rf", "x"]  # no shell


# --- saved searches ---------------------------------------------------------------
def test_saved_searches_count_matches_and_unread(index):
    cfg = config_mod.from_dict({"searches": {"Chinese hackers": "APT31"}})
    with Library(index, cfg) as lib:
        searches = lib.saved_searches
        searches.add("Electoral", "electoral   commission")
        listed = searches.list()
        assert [(s.name, s.query, s.origin) for s in listed] == [
            ("Chinese hackers", "APT31", "config"), ("Electoral", "electoral commission", "saved")]
        ids = lib.search_ids("electoral commission")
        assert ids
        lib.set_read(ids[:2], True)
        counted = searches.counted(listed[1])
        assert (counted.total, counted.unread) == (len(ids), len(ids) - 2)
        with pytest.raises(SavedSearchError):
            searches.add("electoral", "x")  # one name, whatever its case
        with pytest.raises(SavedSearchError):
            searches.remove("Chinese hackers")  # the config's: removed there
        with pytest.raises(Exception, match="never closed"):
            searches.add("broken", "title:(")
        assert searches.remove("ELECTORAL").name == "Electoral"
        with pytest.raises(NotFound):
            searches.remove("Electoral")
    with Library(index) as lib:  # kept in the store, not in the config
        lib.saved_searches.add("kept", "APT31")
        lib.rebuild_index()
        assert [s.name for s in lib.saved_searches.list()] == ["kept"]


def test_cli_searches(index, capsys):
    code, out = run_json(capsys, "searches", "add", "Hackers", "APT31", "--index", str(index))
    assert code == 0 and out["added"]["name"] == "Hackers" and out["added"]["total"] >= 1
    total = out["added"]["total"]
    assert out["added"]["unread"] == total
    code, out = run_json(capsys, "--index", str(index), "searches", "list")
    assert out == {"searches": [{"name": "Hackers", "query": "APT31", "from": "saved", "total": total,
                                 "unread": total, "error": None}]}
    assert main(["searches", "list", "--index", str(index)]) == 0
    assert capsys.readouterr().out == f"Hackers  {total} unread / {total}  APT31\n"
    assert main(["searches", "add", "Hackers", "x", "--index", str(index)]) == 1
    assert "already named 'Hackers'" in capsys.readouterr().err
    code, out = run_json(capsys, "searches", "remove", "hackers", "--index", str(index))
    assert code == 0 and out["removed"]["name"] == "Hackers"
    assert main(["searches", "remove", "hackers", "--index", str(index)]) == 1
    assert capsys.readouterr().err.strip() == "newsreader: no saved search named 'hackers'"


# --- set_source ---------------------------------------------------------------
def test_set_source_from_the_facade(index):
    with Library(index) as lib:
        row = next(r for r in lib.listing() if r["source"] == "BBC News")
        done = lib.set_source(row["id"][:8], "British Broadcasting Corporation")
        assert done == {"target": f"id:{row['id']}", "source": "British Broadcasting Corporation", "articles": 1,
                        "changed": 1}
        assert lib.get(row["id"]).source == "British Broadcasting Corporation"
        assert lib.search_ids('source:"British Broadcasting Corporation"') == [row["id"]]
        folder = os.path.dirname(os.path.join(lib.get(row["id"]).root, lib.get(row["id"]).relpath))
        everything = lib.set_source(folder, "Seeds")
        assert everything["target"] == f"path:{folder}" and everything["articles"] == lib.store.count()
        with pytest.raises(Exception, match="needs a name"):
            lib.set_source(row["id"], "  ")
