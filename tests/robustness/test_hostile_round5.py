"""Hostile cases, round five (a QA pass from outside, session 17): text that
looks like the start of a terminal's escape string but is none (mojibake's
U+009D where a quotation mark was, a stray ESC before a word) deleted the
rest of the article. Each: nothing lost, nothing raw on the terminal."""

from __future__ import annotations

import json
import re

from reader.core.library import Library
from reader.core.text.clean import strip_controls, strip_escapes

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
QUOTED = ("“We will rebuild the harbour,” the mayor said on Tuesday in Zürich. Engineers said the breakwater "
          "repairs would take six weeks and cost €4 million. “Soon,” he added. Fishing boats will use the "
          "southern entrance meanwhile.")
MISREAD = QUOTED.encode("utf-8").decode("latin-1")  # UTF-8 read as Latin-1: ” is "â\x80\x9d"


def texts(tmp_path, files: dict[str, str]) -> dict[str, str]:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, body in files.items():
        (folder / name).write_text(body, encoding="utf-8")
    with Library(tmp_path / "ix") as lib:
        lib.index_paths([folder], label="in")
        return {a.origin.rsplit("/", 1)[-1]: a.text for a in lib.store.iter_articles()}


def test_utf8_read_as_latin1_is_read_again_and_nothing_after_it_is_lost(tmp_path):
    """The controls mojibake holds (U+009D, U+009C) were read as an escape
    string running to the end of the text: 34 words stored as 5."""
    got = texts(tmp_path, {
        "a.json": json.dumps({"title": "Harbour", "text": MISREAD}),
        "p.html": f"<html><head><title>Harbour</title></head><body><article><h1>Harbour</h1><p>{MISREAD}</p>"
                  "<p>The council will meet again on Friday to hear from the engineers.</p></article></body></html>",
    })
    assert QUOTED in got["a.json"]
    assert QUOTED in got["p.html"] and "meet again on Friday" in got["p.html"]
    assert not any(RAW.search(t) for t in got.values())


def test_a_stray_escape_or_an_unended_escape_string_loses_only_itself(tmp_path):
    got = texts(tmp_path, {
        "c.txt": "Harbour to close\n\nThe breakwater would close.\x1bPresident Jones said repairs would take six "
                 "weeks. Fishing boats will use the southern entrance.\n",
        "d.txt": "Harbour\n\nThe pier closed \x1b]0;a title that never ends and the rest of the report. Boats wait.\n",
        "e.txt": "Harbour\n\nThe pier closed \x1bPq#0;2;0;0;0 and more text after a cut. Boats wait.\n",
    })
    assert "President Jones said repairs would take six weeks. Fishing boats" in got["c.txt"]
    assert "the rest of the report. Boats wait." in got["d.txt"]
    assert "more text after a cut. Boats wait." in got["e.txt"]
    assert not any(RAW.search(t) for t in got.values())


def test_escape_strings_that_are_ended_still_go_whole():
    for raw in ("a\x1b]52;c;aGVsbG8=\x07b", "a\x1b]8;;http://x\x1b\\b", "a\x1bP1;2|17/ab\x1b\\b", "a\x1b[31mb"):
        assert strip_controls(raw) == "ab" and strip_escapes(raw) == "ab"
    assert strip_controls("Zürich\x85 café") == "Zürich café"  # Latin-1 with a control: not misread
    assert strip_controls("Ã© \x9d") == "Ã© "  # a misread-looking pair, and nothing read again: as written


def test_two_folders_of_one_name_keep_their_own_articles(tmp_path):
    """bbc/2024 then cnn/2024: both labelled "2024", 01.txt had one id in
    both, and the second run replaced the BBC report ("updated 1") for good."""
    for outlet, title in (("bbc", "Harbour closes"), ("cnn", "Mayor resigns")):
        (tmp_path / outlet / "2024").mkdir(parents=True)
        (tmp_path / outlet / "2024" / "01.txt").write_text(f"{title}\n\n{title} on Tuesday, officials said.\n")
    with Library(tmp_path / "ix") as lib:
        first = lib.index_paths([tmp_path / "bbc" / "2024"])
        second = lib.index_paths([tmp_path / "cnn" / "2024"])
        assert (first.added, second.added, second.updated) == (1, 1, 0)
        assert any("another folder named '2024'" in w.reason and "'cnn/2024'" in w.reason for w in second.warnings)
        ids = {a.title: a.id for a in lib.store.iter_articles()}
        assert set(ids) == {"Harbour closes", "Mayor resigns"}
        for outlet in ("cnn", "bbc"):  # again: the same articles, the same ids, nothing said
            again = lib.index_paths([tmp_path / outlet / "2024"])
            assert (again.added, again.updated, again.removed, again.unchanged, again.warnings) == (0, 0, 0, 1, [])
        assert {a.title: a.id for a in lib.store.iter_articles()} == ids


def test_a_folder_that_cannot_be_listed_is_said_and_its_articles_kept(tmp_path, monkeypatch):
    """os.walk leaves out a folder it cannot list (chmod 000, a lost mount):
    its files looked deleted, and their articles were removed in silence."""
    import os

    from reader.core import ingest

    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    for name in ("a", "sub/b"):
        (folder / f"{name}.txt").write_text(f"Title {name}\n\n{QUOTED}\n")
    real_walk = os.walk

    def walk(top, followlinks=False, onerror=None):
        for dirpath, dirnames, filenames in real_walk(top, followlinks=followlinks, onerror=onerror):
            if "sub" in dirnames:
                dirnames.remove("sub")
                onerror(PermissionError(13, "Permission denied", os.path.join(dirpath, "sub")))
            yield dirpath, dirnames, filenames

    with Library(tmp_path / "ix") as lib:
        assert lib.index_paths([folder]).added == 2
        monkeypatch.setattr(ingest.os, "walk", walk)
        summary = lib.index_paths([folder])
        assert summary.removed == 0 and lib.store.count() == 2
        assert [s.reason for s in summary.skipped] == [
            "cannot read folder (Permission denied); its articles are kept as they were"]
        monkeypatch.setattr(ingest.os, "walk", real_walk)
        assert lib.index_paths([folder]).unchanged == 2


def test_one_byte_windows_1252_leaves_undefined_loses_no_quotation_mark(tmp_path):
    """A Windows-1252 file holding one byte it leaves undefined (0x81) was read
    as Latin-1: every quotation mark, dash and "€" a C1 control, removed."""
    from reader.core.ingest.decode import decode

    text = "The mayor said “we will rebuild” on Tuesday – in Zürich it costs €30m."
    data = text.encode("cp1252").replace(b"Z\xfcrich", b"Z\xfcrich \x81")
    read, encoding = decode(data)
    assert read == text.replace("Zürich", "Zürich \ufffd") and encoding.startswith("cp1252")
    assert decode(("The café in Zürich opened on Tuesday. " * 3 + "\x81").encode("latin-1"))[1] == "latin-1"  # as before
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_bytes(b"Harbour\n\n" + data)
    with Library(tmp_path / "ix") as lib:
        summary = lib.index_paths([tmp_path / "in"])
        (article,) = lib.store.iter_articles()
    assert "“we will rebuild”" in article.text and "€30m" in article.text
    assert [w.reason for w in summary.warnings] == ["bytes undefined in Windows-1252 were replaced"]


def test_html_nested_past_255_levels_is_read_whole(tmp_path):
    """libxml2 stops at 255 levels unless told otherwise: an old page's tag
    soup kept 2,286 of its 7,200 words, and text 300 levels deep was "no
    article text found"."""
    s = "The harbour authority confirmed on Tuesday that the northern breakwater would close after storms. "
    got = texts(tmp_path, {
        "old.html": "<html><head><title>Old page</title></head><body>"
                    + "".join(f"<p><font face=arial size=2>Paragraph {i}. {s}" for i in range(400)) + "</body></html>",
        "deep.html": "<html><head><title>Deep</title></head><body>" + "<div>" * 300 + f"<p>{s * 5}</p>"
                     + "</div>" * 300 + "</body></html>",
    })
    assert "Paragraph 399." in got["old.html"] and len(got["old.html"].split()) == 400 * 16
    assert got["deep.html"].count("northern breakwater") == 5


def test_a_feed_date_that_names_no_moment_is_no_date(tmp_path):
    """feedparser carries an impossible ISO date over (February 30 as March 1,
    25:61 as the next day's 02:01, the year -1 as 2000): the project's own
    reading gave none, and feedparser's was taken instead."""
    folder = tmp_path / "f"
    folder.mkdir()
    items = {"a": "2024-02-30T00:00:00Z", "b": "2024-06-31", "c": "2024-12-25T25:61:00Z", "d": "-0001-01-01T00:00:00Z",
             "e": "2024-02-29T10:00:00Z"}
    entries = "".join(f"<item><title>{k}</title><link>http://example.org/{k}</link><pubDate>{d}</pubDate>"
                      f"<description>{QUOTED}</description></item>" for k, d in items.items())
    (folder / "f.rss").write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{entries}</channel></rss>')
    with Library(tmp_path / "ix") as lib:
        assert lib.index_paths([folder]).added == 5
        dates = {r["title"]: lib.get(r["id"]).published for r in lib.listing()}
    assert [dates[k] for k in "abcd"] == [None] * 4
    assert dates["e"].isoformat().startswith("2024-02-29T10:00")  # a leap day is one


def test_the_terminal_s_search_results_say_how_the_search_was_bounded():
    """--json gave the notes ("only the 32 likeliest words were searched"),
    the terminal's "No articles match" or "82 articles match" did not."""
    from rich.console import Console

    from reader.core.models import SearchResults
    from reader.render.console import search_results

    note = "title:a..z was searched as its 32 likeliest words \x1b[31m"
    for results in (SearchResults("title:[a to z]", 0, (), (note,)), SearchResults("x~2", 0, ())):
        console = Console(width=100, record=True, color_system=None)
        console.print(search_results(results))
        out = console.export_text()
        assert ("note: title:a..z was searched as its 32 likeliest words" in out) == bool(results.notes)
        assert "\x1b" not in out


def test_two_very_long_reports_are_compared_on_their_first_100000_characters_and_it_is_said():
    """The alignment is quadratic: two 300 KB articles took 35 s and 800 MB."""
    import random
    import time

    from reader.core.compare.comparison import MAX_CHARS, compare
    from reader.core.models import Article

    rnd = random.Random(3)
    words = QUOTED.replace(".", "").split()

    def paragraphs(n):
        return tuple(" ".join(rnd.choice(words) for _ in range(rnd.randint(8, 25))) + "." for _ in range(n))

    a = Article(id="a", origin="a", title="A", text_paragraphs=paragraphs(6000))
    b = Article(id="b", origin="b", title="B", text_paragraphs=(" ".join(paragraphs(5000)),))  # one huge paragraph
    start = time.perf_counter()
    c = compare(a, b)
    assert time.perf_counter() - start < 20
    assert len(c.a.text) <= MAX_CHARS and len(c.b.text) <= MAX_CHARS and c.b.text.endswith(".")
    assert [n.split(" is long")[0] for n in c.notes[:2]] == ["A", "B"] and "are compared" in c.notes[0]
    short = Article(id="s", origin="s", title="S", text_paragraphs=(QUOTED,))
    assert compare(short, short).notes == [] and compare(short, a).a is short


def test_a_json_field_of_the_wrong_type_is_left_out_and_said(tmp_path):
    """"source": ["x"] was stored as "['x']", a url object as "{'a': 1}", a byline true as "True"."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps({"title": 2024, "text": QUOTED, "source": ["x"], "url": {"a": 1},
                                               "byline": True}))
    (folder / "b.json").write_text(json.dumps({"title": "B", "text": QUOTED, "byline": ["Ann Lee", "Bo Ma"]}))
    with Library(tmp_path / "ix") as lib:
        summary = lib.index_paths([folder])
        got = {a.title: a for a in lib.store.iter_articles()}
    assert (got["2024"].source, got["2024"].url, got["2024"].byline) == ("", "", "")
    assert got["B"].byline == "Ann Lee, Bo Ma"
    assert sorted(w.reason for w in summary.warnings) == [
        "record 0: 'byline' is true or false, not text; left out", "record 0: 'source' is a list, not text; left out",
        "record 0: 'url' is an object, not text; left out"]


def test_negative_counts_are_refused_as_usage_errors(tmp_path, capsys):
    from reader.cli.commands import main

    for argv in (["terms", "x", "--context=-5"], ["events", "--min-reports", "-1"], ["events", "--min-sources", "-2"]):
        try:
            code = main([*argv, "--index", str(tmp_path / "ix")])
        except SystemExit as exc:  # argparse
            code = exc.code
        assert code == 2 and "must be 0 or more" in capsys.readouterr().err


def test_a_tilde_before_a_letter_is_no_fuzzy_term(tmp_path, capsys):
    """"Loughton~t" was read as "Loughton~" and the word "t", and answered."""
    from reader.core.search.query import QueryError, check_query

    for bad in ("Loughton~t", "(Loughton~t OR x)", "a~b"):
        try:
            check_query(bad, {"title", "text"}, {})
        except QueryError as exc:
            assert "a fuzzy term is word~, word~1 or word~2, not " in str(exc) and "~~" not in str(exc)
        else:
            raise AssertionError(bad)
    for good in ("Loughton~", "Loughton~2", '"Tim Loughton"~2', '"a~b"'):
        check_query(good, {"title", "text"}, {})
