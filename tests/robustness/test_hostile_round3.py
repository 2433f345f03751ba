"""Hostile cases, round three (issue 16 checked again from outside): invisible
and reordering characters in every outside string, numbers too large for the
engines, a config nested too deeply. Each case: a one-line answer, nothing
lost, no traceback, nothing from outside on the terminal raw; both engines
where the engine matters."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli.commands import main
from reader.core.config import ConfigError, load
from reader.core.library import Library
from reader.core.text.clean import clean_inline, strip_controls

# what no line for a terminal may hold: C0 but tab and newline, DEL, C1, the
# bidi overrides and isolates, the invisible characters that hide in a word
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
# ...and in JSON also the bidi marks and separators, written as \u escapes
RAW_JSON = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
ENGINES = ["whoosh", pytest.param("tantivy", marks=pytest.mark.skipif(
    importlib.util.find_spec("tantivy") is None, reason="tantivy is not installed"))]
STORY = ("The harbour reopened on Tuesday, officials said, after the storm. Minister Jane Doe said the "
         "port would stay open for the fishing boats. ") * 3


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_invisible_characters_are_removed_and_separators_become_line_breaks():
    # a zero-width space, word joiner or byte-order mark inside a word hides it from search
    assert strip_controls("har\u200bbour ha\u2060rbour \ufeffharbour") == "harbour harbour harbour"
    assert strip_controls("one\u2028two\u2029three") == "one\ntwo\nthree"
    assert clean_inline("Title\u2028part two") == "Title part two"
    # the joiners that scripts and emoji need stay
    assert strip_controls("\u0645\u200c\u0646 \U0001f469\u200d\U0001f4bb") == "\u0645\u200c\u0646 \U0001f469\u200d\U0001f4bb"


@pytest.mark.parametrize("engine", ENGINES)
def test_a_word_split_by_invisible_characters_is_found_and_shown_whole(tmp_path, capsys, engine):
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "a.txt").write_text("Bre\u200bxit talks \u202eresume\u202c\n\n" + STORY.replace("harbour", "har\u2060bour"))
    index = str(tmp_path / "ix")
    assert run(capsys, "index", str(folder), "--index", index, "--engine", engine)[0] == 0
    code, out, err = run(capsys, "search", "brexit", "--index", index)
    assert code == 0 and "Brexit talks resume" in out and not RAW.search(out + err)
    code, out, _ = run(capsys, "search", "harbour", "--index", index, "--json")
    assert code == 0 and json.loads(out)["total"] == 1


def test_json_escapes_bidi_and_zero_width_characters_in_file_names(tmp_path, capsys):
    """A file name is not cleaned (it is where the article is); in JSON the characters
    that would reorder or hide text on a terminal are written as escapes."""
    folder = tmp_path / "f"
    folder.mkdir()
    name = "evil\u202etxt.exe\u200b\u2066\n\x1b]52;c;eA==\x07.txt"
    (folder / name).write_text("Odd file name\n\n" + STORY)
    index = str(tmp_path / "ix")
    assert run(capsys, "index", str(folder), "--index", index)[0] == 0
    [article_id] = [a["id"] for a in json.loads(run(capsys, "list", "--index", index, "--json")[1])["articles"]]
    for argv in (("show", article_id), ("versions", article_id), ("list",)):
        code, out, err = run(capsys, *argv, "--index", index, "--json")
        assert code == 0 and not RAW_JSON.search(out + err), (argv, out)
        if argv[0] == "show":
            assert json.loads(out)["origin"] == "f/" + name  # the data is whole, only written escaped
        code, out, err = run(capsys, *argv, "--index", index)
        assert code == 0 and not RAW.search(out + err), (argv, out)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_huge_limit_is_all_results_not_an_overflow_or_an_abort(tmp_path, engine):
    """--limit 10**30 overflowed SQLite's integers (a traceback in `list`), and on Tantivy
    --limit 2**31 made the process abort (a Rust allocation of 32 GB). A subprocess: an
    abort would take the test run with it."""
    folder = tmp_path / "f"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.txt").write_text(f"Report {n}\n\n{STORY}")
    index = str(tmp_path / "ix")

    def cli(*argv):
        return subprocess.run([sys.executable, "-m", "reader", *argv, "--index", index],
                              capture_output=True, text=True, timeout=120)

    assert cli("index", str(folder), "--engine", engine).returncode == 0
    for argv in (("search", "harbour", "--limit", str(2**31)), ("search", "harbour", "--limit", str(10**30)),
                 ("list", "--limit", str(10**30)), ("events", "--limit", str(10**30), "--min-reports", str(10**30)),
                 ("entities", "--limit", str(10**30)), ("terms", "harbour", "--context", str(10**30))):
        done = cli(*argv, "--json")
        assert done.returncode == 0, (argv, done.stderr[-2000:])
        assert "Traceback" not in done.stderr and "panicked" not in done.stderr
        answer = json.loads(done.stdout)
        if argv[0] in ("search", "list"):
            assert answer["total"] == 3 and len(answer["results" if argv[0] == "search" else "articles"]) == 3
    with Library(Path(index)) as lib:
        assert len(lib.search("harbour", limit=2**40).hits) == 3


@pytest.mark.parametrize("nesting", ["a = " + "[" * 50_000 + "]" * 50_000, "a = " + "{b=" * 3_000 + "1" + "}" * 3_000])
def test_a_config_nested_too_deeply_is_one_line(tmp_path, capsys, monkeypatch, nesting):
    config = tmp_path / "config.toml"
    config.write_text(nesting + "\n")
    with pytest.raises(ConfigError, match="nested too deeply"):
        load(config)
    monkeypatch.setenv("NEWSREADER_CONFIG", str(config))
    code, out, err = run(capsys, "list", "--index", str(tmp_path / "ix"))
    assert code == 1 and out == ""
    assert err.startswith("newsreader: config file ") and err.count("\n") == 1 and "Traceback" not in err


def _article(title: str, url: str):
    from reader.core.models import Article

    return Article(id="a1", origin="t/a.txt", title=title, text_paragraphs=("The harbour reopened.",),
                   source="Evil", byline="", published=None, url=url, root="", relpath="a.txt")


@pytest.mark.parametrize("title", ["😀" * 100, "𝔼" * 300, "\u0628" * 200 + " end"])
def test_saving_an_article_whose_title_is_long_in_bytes_works(tmp_path, title):
    """80 emoji are 320 bytes in UTF-8, over the 255 a name most file systems take:
    the save (w, W in the app) failed with `File name too long`."""
    from reader.core.saving import save_article

    paths = [save_article(_article(title, ""), tmp_path, fmt) for fmt in ("md", "md", "txt")]
    assert len(set(paths)) == 3 and all(len(p.name.encode()) <= 255 for p in paths)
    assert all("The harbour reopened." in p.read_text(encoding="utf-8") for p in paths)


def test_markdown_export_links_only_web_addresses():
    """`<javascript:alert(1)>` is a CommonMark autolink: a click in a Markdown viewer ran it."""
    from reader.core.saving import as_markdown

    for url in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,<b>x</b>", "-x http://a"):
        text = as_markdown(_article("T", url))
        assert "<" + url not in text and "](" not in text
    assert "<https://example.org/a?b=1>" in as_markdown(_article("T", "https://example.org/a?b=1"))


@pytest.mark.parametrize("engine", ENGINES)
def test_parentheses_nested_too_deeply_are_refused_in_one_line(tmp_path, capsys, engine):
    """990 levels (under the 2,000-character cap) ran Whoosh's parser out of stack:
    "maximum recursion depth exceeded", which says nothing of the query."""
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "a.txt").write_text("Report\n\n" + STORY)
    index = str(tmp_path / "ix")
    assert run(capsys, "index", str(folder), "--index", index, "--engine", engine)[0] == 0
    for query in ("(" * 990 + "harbour" + ")" * 990, "NOT (" * 300 + "harbour" + ")" * 300):
        code, out, err = run(capsys, "search", query, "--index", index)
        assert code == 1 and out == "" and err.count("\n") == 1
        assert "nested too deeply (over 100 levels" in err
    code, out, _ = run(capsys, "search", "(" * 100 + "harbour" + ")" * 100, "--index", index, "--json")
    assert code == 0 and json.loads(out)["total"] == 1


@pytest.mark.parametrize("url", ["postgresql://u@[::1/db", "postgresql://u@host\x1b[2J/db", "postgresql://u@h:99999999/db"])
def test_a_store_url_urlsplit_cannot_read_is_one_line(tmp_path, capsys, monkeypatch, url):
    """An unclosed [ (ESC [ in a host is one) or a port over 65535: the store's message
    about the URL called urlsplit, which raised ValueError: a traceback."""
    config = tmp_path / "config.toml"
    config.write_text("")
    monkeypatch.setenv("NEWSREADER_CONFIG", str(config))
    index = str(tmp_path / "ix")
    for argv in (("list", "--store", url, "--index", index), ("store", "copy", url, index),
                 ("store", "copy", index, url)):
        if argv[0] == "store" and argv[2] == index:
            assert run(capsys, "index", str(Path(__file__).parent.parent.parent / "seeds"), "--index", index)[0] == 0
        code, out, err = run(capsys, *argv)
        assert code == 1 and "not a URL that can be read" in err and err.count("\n") == 1, err
        assert not RAW.search(out + err)
    config.write_text(f"store = {json.dumps(url)}\n")
    code, _, err = run(capsys, "list", "--index", index)
    assert code == 1 and "not a URL that can be read" in err


def test_an_index_that_is_a_file_is_one_line_that_says_so(tmp_path, capsys):
    afile = tmp_path / "afile"
    afile.write_text("x")
    for argv in (("list",), ("index", str(tmp_path)), ("search", "x")):
        code, out, err = run(capsys, *argv, "--index", str(afile))
        assert code == 1 and err == f"newsreader: --index needs a folder; {afile} is not one\n"
    assert afile.read_text() == "x"


def test_a_config_of_thousands_of_unknown_keys_is_eleven_lines(tmp_path, capsys, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text("".join(f"unknown_{n} = 1\n" for n in range(30_000)) + "max_file_mb = 3\n")
    monkeypatch.setenv("NEWSREADER_CONFIG", str(config))
    assert load(config).max_file_mb == 3  # the rest of the config applies
    (tmp_path / "ix").mkdir()
    code, out, err = run(capsys, "list", "--index", str(tmp_path / "ix"))
    lines = err.splitlines()
    assert len(lines) == 12 and all("unknown key 'unknown_" in line for line in lines[:10])
    assert lines[10] == "newsreader: ... and 29,990 more problems in the config, not shown"
    assert "holds no articles" in lines[11]


def test_a_file_name_that_is_not_utf8_is_skipped_in_one_line_and_the_rest_indexed(tmp_path):
    """One undecodable name (bytes that are not UTF-8) used to stop the whole
    run: the article id and the store's origin are UTF-8."""
    folder = tmp_path / "news"
    folder.mkdir()
    bad = os.fsencode(str(folder)) + b"/bad\xff.txt"
    with open(bad, "w", encoding="utf-8") as fh:
        fh.write("A title\n\nThe harbour reopened on Monday.\n")
    (folder / "good.txt").write_text("Good title\n\nThe harbour was busy with ships.\n", encoding="utf-8")
    lib = Library(tmp_path / "ix")
    summary = lib.index_paths([folder])
    assert summary.added == 1
    assert [s.reason for s in summary.skipped] == ["a file name that is not UTF-8: not read (rename it to index it)"]
    assert "\\xff" in summary.skipped[0].path
    assert lib.store.count() == 1


@pytest.mark.parametrize("published", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:00:00-05:00", "0001-01-01",
                                       "9999-12-31", "0001-03-04T05:06:07Z"])
def test_a_date_at_the_calendars_end_is_no_date_and_the_rest_indexed_grouped_and_compared(tmp_path, capsys,
                                                                                         published):
    # "0001-01-01T00:00+05:00" overflowed on its way to UTC and the whole run was lost; kept, a
    # date of year 1 or 9999 overflowed the events' ordering and the comparison's weekdays
    # ("on Tuesday", "next Friday")
    folder = tmp_path / "in"
    folder.mkdir()
    for name, when in (("edge", published), ("also", published), ("dated", "2024-12-03T10:00:00Z")):
        (folder / f"{name}.json").write_text(json.dumps({
            "title": f"Storm floods the town ({name})", "source": name, "published": when,
            "text": "The storm of Dec. 30 flooded the town yesterday, officials said on Tuesday. "
                    "It returns next Friday, killing 4. " * 3}))
    index = str(tmp_path / "idx")
    code, out, err = run(capsys, "--index", index, "index", str(folder))
    assert code == 0 and "Traceback" not in err and "added 3" in out.lower(), (out, err)
    code, out, err = run(capsys, "--index", index, "list", "--json")
    articles = json.loads(out)["articles"]
    assert code == 0 and sorted(str(a["published"]) for a in articles) == sorted(
        ["2024-12-03T10:00:00+00:00", "None", "None"])
    code, out, err = run(capsys, "--index", index, "events", "--json", "--all")
    assert code == 0 and "Traceback" not in err and json.loads(out)["events"], err
    edge = [a["id"] for a in articles if not a["published"]]
    code, out, err = run(capsys, "--index", index, "compare", *edge, "--json")
    assert code == 0 and "Traceback" not in err and json.loads(out), err


def test_a_feed_or_reuters_date_at_the_calendars_end_is_unknown():
    from reader.core.ingest import to_article
    from reader.core.ingest.feed import parse_feed
    from reader.core.ingest.reuters import parse_reuters

    rss = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
           b'<item><title>A</title><link>http://x/a</link><description>Text.</description>'
           b'<pubDate>Fri, 31 Dec 9999 23:59:59 +0000</pubDate></item>'
           b'<item><title>B</title><link>http://x/b</link><description>Text.</description>'
           b'<pubDate>Tue, 03 Dec 2024 10:00:00 +0000</pubDate></item></channel></rss>')
    sgml = "".join(f'<REUTERS NEWID="{n}"><DATE>1-MAR-{year} 01:30:29.50</DATE><TEXT><TITLE>T{n}</TITLE>'
                   f"<BODY>Text of {n}.</BODY></TEXT></REUTERS>" for n, year in ((1, "0001"), (2, "1987")))
    drafts = parse_feed(rss)[0] + parse_reuters(sgml)
    years = [to_article(d, f"t/{k}", "", "").published for k, d in enumerate(drafts)]
    assert [y and y.year for y in years] == [None, 2024, None, 1987]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_hit_dated_beyond_tantivys_range_shows_the_stores_date(tmp_path, capsys, engine):
    # Tantivy writes a date beyond 1677-09-22..2262-04-11 at the nearest end; its hit showed that
    folder = tmp_path / "in"
    folder.mkdir()
    dates = ["1500-06-01T00:00:00+00:00", "1969-12-31T23:59:59+00:00", "3000-01-02T00:00:00+00:00"]
    for n, when in enumerate(dates):
        (folder / f"a{n}.json").write_text(json.dumps({"title": f"Harbour story {n}", "source": "Wire",
                                                       "published": when, "text": STORY}))
    index = str(tmp_path / "idx")
    assert run(capsys, "--index", index, "index", str(folder), "--engine", engine)[0] == 0
    code, out, err = run(capsys, "--index", index, "search", "harbour", "--json")
    assert code == 0, err
    assert sorted(h["published"] for h in json.loads(out)["results"]) == dates
