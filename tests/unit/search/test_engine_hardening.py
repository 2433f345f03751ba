"""Issue 16 on every engine: dates beyond Tantivy's range, a fuzzy prefix
longer than its word, terms of wildcards alone, engine errors as one-line
query errors, a full disk during a write, cancelling a search, and the
notes a bounded search carries."""

from __future__ import annotations

import errno
import json
from datetime import datetime, timezone

import pytest

from reader.cli.commands import main
from reader.core.library import Library
from reader.core.models import Article, SearchResults
from reader.core.search.budget import Limits, deadline
from reader.core.search.engine import make_engine
from reader.core.search.errors import SearchCancelled
from reader.core.search.query import QueryError
from reader.core.search.whoosh import engine as whoosh_engine
from tests.unit.search.backends import ENGINES, module_backend
from tests.unit.search.test_engine_conformance import RECORDS, article, require, write_records

FOLDER_ENGINES = ("whoosh", "tantivy")  # what `newsreader index --engine` builds in a folder

OLD_AND_FAR = [
    {"id": "old", "title": "Chronicle", "text": "The year fifteen hundred, as the chronicle tells it.", "source": "Archive", "published": "1500-06-01"},
    {"id": "far", "title": "Letter to the future", "text": "A time capsule opened in the far future.", "source": "Archive", "published": "9000-01-01"},
]


@pytest.fixture(scope="module", params=ENGINES)
def dated(request, tmp_path_factory):
    """RECORDS and two articles dated beyond what Tantivy can hold."""
    b = module_backend(request, request.param)
    folder = write_records(tmp_path_factory.mktemp("dated") / "docs", RECORDS + OLD_AND_FAR)
    lib = b.library(tmp_path_factory.mktemp("datedix") / "ix")
    lib.index_paths([folder])
    yield lib
    if request.param == "postgres":
        lib.engine.clear()
    lib.close()
    b.close()


def titles(lib, q) -> list[str]:
    return sorted(h.title for h in lib.search(q, limit=50).hits)


DATED = ["Election results", "Harbour reopens", "Markets calm", "Volcano erupts in Iceland"]


@pytest.mark.parametrize(
    "query,expected",
    [
        ("date:[0001-01-01 to 9999-12-31]", DATED + ["Chronicle", "Letter to the future"]),
        ("date:<3000", DATED + ["Chronicle"]),
        ("date:>2000", DATED + ["Letter to the future"]),
        ("date:1500", ["Chronicle"]),
        ("date:<1600", ["Chronicle"]),
        ("date:>3000", ["Letter to the future"]),
        ("date:[1600 to 2100]", DATED),
        ("date:2024", ["Election results", "Harbour reopens", "Markets calm"]),
        ("volcano OR date:1500", ["Chronicle", "Election results", "Volcano erupts in Iceland"]),
    ],
)
def test_dates_beyond_tantivys_range_are_searched_alike(dated, query, expected):
    """Whoosh holds any date. Tantivy holds 1677-09-21 to 2262-04-11: it
    writes a date beyond at the nearest end, and a range that reaches past
    an end finds those articles too; the articles within its range are
    found alike by both engines."""
    found = titles(dated, query)
    if dated.engine.name == "tantivy":
        beyond = {"Chronicle", "Letter to the future"}
        assert [t for t in found if t not in beyond] == [t for t in sorted(expected) if t not in beyond]
        assert set(expected) & beyond <= set(found)
    else:
        assert found == sorted(expected)


def test_an_article_dated_beyond_tantivys_range_is_indexed(dated):
    # Tantivy refused to write it (ValueError, the whole write lost); it is
    # now written at the nearest date Tantivy holds.
    assert dated.engine.doc_count() == len(RECORDS) + 2
    assert titles(dated, "chronicle") == ["Chronicle"]


def test_a_fuzzy_prefix_longer_than_its_word(dated):
    # Whoosh's automaton raised IndexError on x~1/2.
    for query in ("x~1/2", "volcano~1/9", "erupt~2/6"):
        dated.search(query)
    assert titles(dated, "volcano~1/9") == ["Election results", "Volcano erupts in Iceland"]


@pytest.mark.parametrize("query", ["?", "??", "*?", "**", "title:?", "? volcano", "volcano OR ?*"])
def test_a_term_of_wildcards_alone_is_refused_alike(dated, query):
    with pytest.raises(QueryError) as info:
        dated.search(query)
    message = str(info.value)
    assert "is only wildcards" in message and "* alone searches every article" in message
    assert "\n" not in message


def test_star_alone_is_every_article(dated):
    assert dated.search("*", limit=50).total == len(RECORDS) + 2
    assert dated.search("title:* -volcano", limit=50).total == len(RECORDS) + 2 - 2  # two mention a volcano


def test_an_engine_error_is_a_one_line_query_error(dated, monkeypatch):
    """Whatever an engine raises while building or running a query reaches
    the reader as one QueryError line, never a traceback."""
    engine = dated.engine
    if engine.name == "tantivy":
        from reader.core.search.tantivy import translate  # here: Tantivy is an optional extra

        def refuse(*args, **kwargs):
            raise ValueError("field published: something Tantivy\nrefuses")

        monkeypatch.setattr(translate.tantivy.Query, "range_query", refuse)
        engine._translations.clear()
        query = "date:[2020 to 2021]"
    else:
        query = "date:[2020 to notadate]"
    with pytest.raises(QueryError) as info:
        dated.search(query)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("engine_name", FOLDER_ENGINES)
def test_cli_search_errors_are_one_line(tmp_path, capsys, engine_name):
    require(engine_name)
    folder = write_records(tmp_path / "docs", RECORDS + OLD_AND_FAR)
    assert main(["index", str(folder), "--index", str(tmp_path / "ix"), "--engine", engine_name]) == 0
    capsys.readouterr()
    for query in ("date:[0001-01-01 to 9999-12-31]", "date:1500", "date:<3000", "x~1/2"):
        assert main(["search", query, "--index", str(tmp_path / "ix"), "--json"]) == 0
        json.loads(capsys.readouterr().out)
    assert main(["search", "?", "--index", str(tmp_path / "ix")]) != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "only wildcards" in err and "Traceback" not in err


# --- a full disk during a write ---------------------------------------------------
class _FullDisk:
    """A Tantivy index whose writer fails as a full disk does: Tantivy raises
    ValueError, not OSError."""

    def __init__(self, index, at: str):
        self._index, self._at = index, at

    def __getattr__(self, name):
        return getattr(self._index, name)

    def writer(self, *args, **kwargs):
        return _FullDiskWriter(self._index.writer(*args, **kwargs), self._at)


class _FullDiskWriter:
    def __init__(self, writer, at: str):
        self._writer, self._at = writer, at

    def __getattr__(self, name):
        attr = getattr(self._writer, name)
        if name == self._at:
            def fail(*args, **kwargs):
                raise ValueError("An IO error occurred: 'No space left on device (os error 28)'")
            return fail
        return attr


@pytest.mark.parametrize("at", ["add_document", "commit"])
def test_a_full_disk_during_a_tantivy_write_is_one_line_and_loses_nothing(tmp_path, monkeypatch, at):
    require("tantivy")
    engine = make_engine("tantivy", tmp_path / "ix")
    engine.write([article(1), article(2)])
    real_open = type(engine).open
    monkeypatch.setattr(type(engine), "open", lambda self, create=True: _FullDisk(real_open(self, create), at))
    with pytest.raises(OSError) as info:
        engine.write([article(3, body="Walruses basked on the rocks.")], delete_ids=["id0001"])
    assert info.value.errno == errno.ENOSPC
    assert "No space left on device" in str(info.value) and "\n" not in str(info.value)
    monkeypatch.setattr(type(engine), "open", real_open)
    assert engine.doc_count() == 2  # the commit before is whole
    assert sorted(engine.search_ids("ferries", limit=None)) == ["id0001", "id0002"]
    assert engine.search_ids("walruses") == []
    engine.write([article(3, body="Walruses basked on the rocks.")])  # space again: writes work
    assert engine.search_ids("walruses") == ["id0003"]
    engine.close()


def test_a_full_disk_through_the_cli_is_one_line(tmp_path, capsys, monkeypatch):
    require("tantivy")
    from reader.core.search.tantivy.engine import TantivyEngine  # here: Tantivy is an optional extra

    folder = write_records(tmp_path / "docs")
    assert main(["index", str(folder), "--index", str(tmp_path / "ix"), "--engine", "tantivy"]) == 0
    (folder / "more.jsonl").write_text(json.dumps({"id": "z", "title": "Walrus", "text": "Walruses basked."}))
    real_open = TantivyEngine.open
    monkeypatch.setattr(TantivyEngine, "open", lambda self, create=True: _FullDisk(real_open(self, create), "commit"))
    capsys.readouterr()
    assert main(["index", str(folder), "--index", str(tmp_path / "ix")]) != 0
    err = capsys.readouterr().err
    assert "No space left on device" in err and err.count("\n") == 1 and "Traceback" not in err
    monkeypatch.setattr(TantivyEngine, "open", real_open)
    assert main(["search", "volcano", "--index", str(tmp_path / "ix"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 2


# --- cancelling a search ------------------------------------------------------------
def test_a_cancelled_search_raises_search_cancelled(dated):
    with pytest.raises(SearchCancelled):
        dated.search("volcano", cancel=lambda: True)
    with pytest.raises(SearchCancelled):
        dated.search_ids("volcano", cancel=lambda: True)
    with pytest.raises(SearchCancelled):
        dated.search("grindavik OR harbour*", cancel=deadline(0))
    assert dated.search("volcano", cancel=lambda: False).total == 2  # asked, and not cancelled
    assert dated.search("volcano", cancel=deadline(60)).total == 2


def test_the_cancel_check_is_asked_during_the_search(dated):
    """Cancelled after its first few checks, the search stops part way (the
    app's next keystroke arrives while it runs)."""
    asked = []

    def counting() -> bool:
        asked.append(1)
        return False

    dated.search("volc* OR harbour~ OR grindavik", cancel=counting)
    checks = len(asked)
    assert checks >= 3  # before the query, while it matches, per snippet
    for stop_at in range(1, checks + 1):
        seen = []

        def later(stop_at=stop_at) -> bool:
            seen.append(1)
            return len(seen) >= stop_at

        with pytest.raises(SearchCancelled):
            dated.search("volc* OR harbour~ OR grindavik", cancel=later)


# --- notes ----------------------------------------------------------------------------
def test_notes_are_in_the_json_only_when_there_are_some():
    plain = SearchResults("q", 0, ())
    assert "notes" not in plain.as_dict()
    noted = SearchResults("q", 0, (), notes=("*a* stands for more words than one search takes: x",))
    assert noted.as_dict()["notes"] == list(noted.notes)


def test_an_ordinary_search_has_no_notes(dated):
    for query in ("volcano", "grind*", "vulcano~", "election -volcano", "*"):
        assert dated.search(query).notes == ()


def test_a_widened_term_says_so_on_whoosh(tmp_path, monkeypatch):
    """Five words start with t in RECORDS' bodies; searched with a budget of
    two words a term, t* is searched as its two most common, and says so."""
    monkeypatch.setattr(whoosh_engine, "LIMITS", Limits(per_term=2, per_query=4, postings=1000))
    folder = write_records(tmp_path / "docs")
    with Library(tmp_path / "ix") as lib:
        lib.index_paths([folder])
        results = lib.search("body:t*")
        assert results.notes == ("body:t* stands for more words than one search takes: only its most common 2 words were searched for",)
        words = lib.engine.query_words("body:t*", "body")
        assert len(words) == 2 and all(w.startswith("t") for w in words)
        assert lib.search("body:lava").notes == ()


def test_an_article_dated_1200_is_written_and_found_by_its_year(tmp_path):
    require("tantivy")
    engine = make_engine("tantivy", tmp_path / "ix")
    old = Article(id="o", origin="o", title="Old", text_paragraphs=("Old words.",),
                  published=datetime(1200, 5, 1, tzinfo=timezone.utc))
    assert engine.write([old]) == 1
    assert engine.search_ids("date:1200") == ["o"]
    engine.close()
