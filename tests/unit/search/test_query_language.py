"""The query language: operators, phrases, fields, ranges, wildcards, fuzzy
terms; and one-line explanations for malformed queries."""

from __future__ import annotations

import json

import pytest

from reader.core.library import Library
from reader.core.search.query import QueryError


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    folder = tmp_path_factory.mktemp("q") / "docs"
    folder.mkdir()
    records = [
        {"id": "a", "title": "Volcano erupts in Iceland", "text": "Lava flows near the town of Grindavik.", "source": "North Times", "published": "2023-11-10"},
        {"id": "b", "title": "Election results", "text": "The volcano did not affect voting. Turnout rose.", "source": "South Post", "published": "2024-06-01"},
        {"id": "c", "title": "Markets calm", "text": "Investors ignored the election and the eruption.", "source": "North Times", "published": "2024-07-15"},
        {"id": "d", "title": "Fishing quotas", "text": "Fishermen in Grindavik protested new quotas.", "source": "East Herald"},
    ]
    (folder / "r.jsonl").write_text("\n".join(json.dumps(r) for r in records))
    lib = Library(tmp_path_factory.mktemp("qi") / "ix")
    lib.index_paths([folder])
    yield lib
    lib.close()


def titles(lib, q):
    return sorted(h.title for h in lib.search(q).hits)


def test_plain_and_stemmed_terms(lib):
    assert titles(lib, "volcano") == ["Election results", "Volcano erupts in Iceland"]
    assert titles(lib, "erupts") == ["Markets calm", "Volcano erupts in Iceland"]  # erupts ~ eruption
    assert titles(lib, "protesting") == ["Fishing quotas"]  # stemmed to protest


def test_title_ranks_above_body(lib):
    assert lib.search("volcano").hits[0].title == "Volcano erupts in Iceland"


def test_boolean_operators(lib):
    assert titles(lib, "grindavik AND lava") == ["Volcano erupts in Iceland"]
    assert titles(lib, "lava OR quotas") == ["Fishing quotas", "Volcano erupts in Iceland"]
    assert titles(lib, "grindavik NOT lava") == ["Fishing quotas"]
    assert titles(lib, "election -volcano") == ["Markets calm"]


def test_phrases(lib):
    assert titles(lib, '"affect voting"') == ["Election results"]
    assert titles(lib, '"voting affect"') == []


def test_field_filters(lib):
    assert titles(lib, "source:north") == ["Markets calm", "Volcano erupts in Iceland"]
    assert titles(lib, 'source:"south post"') == ["Election results"]
    assert titles(lib, "title:election") == ["Election results"]


def test_date_ranges(lib):
    assert titles(lib, "date:[2024-01-01 to 2024-12-31]") == ["Election results", "Markets calm"]
    assert titles(lib, "date:2023") == ["Volcano erupts in Iceland"]
    assert titles(lib, "date:>2024-07-01") == ["Markets calm"]
    assert titles(lib, "date:<2024-07-01") == ["Election results", "Volcano erupts in Iceland"]
    assert titles(lib, "date:2024-06") == ["Election results"]
    assert titles(lib, "date:[2024-06-01 to 2024-06-30] turnout") == ["Election results"]


def test_wildcards_and_fuzzy(lib):
    assert titles(lib, "grind*") == ["Fishing quotas", "Volcano erupts in Iceland"]
    assert titles(lib, "vulcano~") == ["Election results", "Volcano erupts in Iceland"]
    assert titles(lib, "investorz~1") == ["Markets calm"]


@pytest.mark.parametrize(
    "query,expected",
    [
        ('"unclosed phrase', "unclosed quote"),
        ("(lava OR quotas", "never closed"),
        ("lava)", "no matching"),
        ("author:smith", "unknown field 'author'"),
        ("date:yesterdayish", "not a date"),
        ("date:[2024 to notadate]", "date"),
        ("AND", "nothing to search for"),
        ("   ", "empty query"),
        ("date:[2024", "brackets"),
    ],
)
def test_malformed_queries_explain_themselves(lib, query, expected):
    with pytest.raises(QueryError) as info:
        lib.search(query)
    message = str(info.value)
    assert expected in message
    assert "\n" not in message and "Traceback" not in message
