"""The CLI: --json on every command prints only JSON on stdout; errors are
one line on stderr with a non-zero exit status."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from reader.cli.commands import main
from reader.core.models import article_id
from tests.conftest import REPO, SEEDS


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def index_dir(tmp_path, capsys):
    path = tmp_path / "ix"
    code, out, err = run(capsys, "index", str(SEEDS), "--index", str(path), "--label", "seeds", "--json")
    assert code == 0, err
    return path


def test_index_json_summary(tmp_path, capsys):
    code, out, err = run(capsys, "index", str(SEEDS), "--index", str(tmp_path / "i"), "--json")
    data = json.loads(out)
    assert code == 0
    assert data == {"added": 5, "updated": 0, "removed": 0, "unchanged": 0, "skipped": [], "warnings": []}
    code, out, _ = run(capsys, "index", str(SEEDS), "--index", str(tmp_path / "i"), "--json")
    assert json.loads(out)["unchanged"] == 5


def test_search_json(index_dir, capsys):
    code, out, err = run(capsys, "search", "APT31", "--json", "--index", str(index_dir))
    data = json.loads(out)
    assert code == 0 and err == ""
    assert data["query"] == "APT31" and data["total"] == 3
    hit = data["results"][0]
    assert set(hit) == {"id", "title", "source", "published", "url", "score", "snippet"}
    assert set(hit["snippet"]) == {"text", "matches"}
    for hit in data["results"]:
        for start, end in hit["snippet"]["matches"]:
            assert hit["snippet"]["text"][start:end] == "APT31"


def test_terms_json(index_dir, capsys):
    code, out, _ = run(capsys, "terms", "Loughton", "--json", "--index", str(index_dir))
    data = json.loads(out)
    assert code == 0
    by_source = {s["source"]: s for s in data["sources"]}
    # 000 and 004 spell it Loughton; 001 (BBC) spells it Laughton.
    assert set(by_source) == {"Unknown outlet A (summary of a BBC report)", "Unknown outlet D"}
    assert by_source["Unknown outlet D"]["count"] == 3
    line = by_source["Unknown outlet D"]["lines"][0]
    assert set(line) == {"id", "title", "left", "match", "right"} and line["match"] == "Loughton"
    assert data["total"] == sum(s["count"] for s in data["sources"])


def test_list_sorts_titles_and_sources_a_to_z_and_dates_newest_first(index_dir, capsys):
    """As the app's s sorts them: `list --sort title` came Z to A."""
    def order(*argv):
        return json.loads(run(capsys, "list", "--json", "--index", str(index_dir), *argv)[1])["articles"]
    titles = [r["title"].casefold() for r in order("--sort", "title")]
    assert titles == sorted(titles) and [r["title"].casefold() for r in order("--sort", "title", "--desc")] == titles[::-1]
    sources = [r["source"] for r in order("--sort", "source")]
    assert sources[0] == "BBC News" and sources == sorted(sources, key=str.casefold)
    dates = [r["published"] or "" for r in order()]
    assert dates == sorted(dates, reverse=True)


def test_show_list_mark_info_json(index_dir, capsys):
    code, out, _ = run(capsys, "list", "--json", "--index", str(index_dir), "--sort", "source", "--asc")
    rows = json.loads(out)["articles"]
    assert [r["source"] for r in rows][0] == "BBC News"
    target = rows[0]["id"]
    code, out, _ = run(capsys, "show", target[:7], "--json", "--index", str(index_dir), "--highlight", "Dowden")
    article = json.loads(out)
    assert article["id"] == target and article["byline"].startswith("Sam Francis")
    text = "\n\n".join(article["paragraphs"])
    assert article["matches"]["text"] and all(text[a:b] == "Dowden" for a, b in article["matches"]["text"])
    code, out, _ = run(capsys, "mark", target, "--read", "--json", "--index", str(index_dir))
    assert json.loads(out) == {"ids": [target], "action": "read"}
    code, out, _ = run(capsys, "list", "--unread", "--json", "--index", str(index_dir))
    assert target not in [r["id"] for r in json.loads(out)["articles"]]
    code, out, _ = run(capsys, "info", "--json", "--index", str(index_dir))
    assert json.loads(out)["articles"] == 5


@pytest.mark.parametrize(
    "argv,needle",
    [
        (["search", "title:(unclosed"], "never closed"),
        (["search", "nosuchfield:x"], "unknown field"),
        (["show", "ffffffffff"], "no article"),
    ],
)
def test_errors_are_one_line_on_stderr(index_dir, capsys, argv, needle):
    code, out, err = run(capsys, *argv, "--json", "--index", str(index_dir))
    assert code != 0 and out == ""
    assert needle in err and err.count("\n") == 1 and "Traceback" not in err


def test_empty_explicit_index_is_an_error(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    code, out, err = run(capsys, "search", "x", "--index", str(tmp_path / "empty"))
    assert code == 1 and "holds no articles" in err
    code, out, err = run(capsys, "search", "x", "--index", str(tmp_path / "missing"))
    assert code == 1 and "no index at" in err and not (tmp_path / "missing").exists()


def test_default_index_opens_on_the_seeds(capsys):
    # NEWSREADER_INDEX points at an empty folder (conftest): the seeds are indexed on first use.
    code, out, err = run(capsys, "search", "Dowden", "--json")
    assert code == 0, err
    assert json.loads(out)["total"] == 5


def test_console_script_entry_point(index_dir):
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "search", "APT31 AND", "--index", str(index_dir)],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )
    # "APT31 AND" is lenient whoosh syntax: it searches APT31.
    assert proc.returncode == 0 and "APT31" in proc.stdout and proc.stderr == ""
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "search", '"open', "--index", str(index_dir)],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.startswith("newsreader: unclosed quote") and proc.stderr.count("\n") == 1


def test_cli_output_shows_markup_literally_and_strips_escapes(tmp_path, capsys):
    folder = tmp_path / "h"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps({
        "title": "[bold]Loud[/bold] title",
        "text": "Body [@click=app.quit]x[/] with \x1b[2J clear, \x1b]52;c;aGk=\x07 clipboard and \x1b]8;;http://e\x07link\x1b]8;;\x07.",
        "source": "[red]Src[/red]",
    }))
    ix = str(tmp_path / "ix")
    assert run(capsys, "index", str(folder), "--index", ix)[0] == 0
    for argv in (["show", article_id("h/a.json"), "--index", ix], ["search", "clipboard", "--index", ix], ["terms", "clipboard", "--index", ix]):
        code, out, err = run(capsys, *argv)
        assert code == 0, err
        assert "\x1b" not in out and "\x07" not in out
        if argv[0] == "show":
            assert "[bold]Loud[/bold] title" in out and "[@click=app.quit]x[/]" in out
            assert "[red]Src[/red]" in out


def test_list_of_a_source_no_article_has_says_so(index_dir, capsys):
    code, out, err = run(capsys, "list", "--index", str(index_dir), "--source", "nosuch")
    assert code == 0 and err == "newsreader: no source is called 'nosuch': `newsreader info` lists them\n"
    code, out, err = run(capsys, "list", "--index", str(index_dir), "--source", "bbc news", "--json")
    assert err == "" and json.loads(out)["articles"]
