"""The public API of reader.core.entities: choosing an extractor, the core
staying free of UI imports, and spaCy as an optional extra."""

from __future__ import annotations

import subprocess
import sys

import pytest

from reader.core import entities as E
from reader.core.entities import ExtractorUnavailable, available_extractors, extract, get_extractor


def test_rules_are_always_available_and_first():
    names = available_extractors()
    assert names[0] == "rules"
    assert all(n == "rules" or n.startswith("spacy:en_core_web_") for n in names)


def test_default_is_the_best_available():
    best = get_extractor()
    assert best.name == available_extractors()[-1]
    assert get_extractor(best.name) is best  # loaded once, shared


def test_unknown_extractor_is_an_error():
    with pytest.raises(ExtractorUnavailable):
        get_extractor("crystal-ball")
    with pytest.raises(ExtractorUnavailable):
        get_extractor("spacy:en_core_web_xx")


def test_extract_accepts_a_name_or_an_object():
    text = "Oliver Dowden visited Beijing."
    assert extract(text, "rules") == extract(text, get_extractor("rules"))


def test_public_names():
    for name in (
        "Mention", "Entity", "Variant", "TYPES", "EntityCache", "available_extractors", "get_extractor",
        "extract", "group", "link_across", "find_variants",
    ):
        assert hasattr(E, name), name
    assert E.TYPES == ("PERSON", "ORG", "PLACE", "NORP", "DATE", "MONEY", "PERCENT", "QUANTITY", "CARDINAL")


def test_importing_and_running_the_core_pulls_in_no_ui_and_no_spacy():
    code = (
        "import sys\n"
        "from reader.core import entities as E\n"
        "E.available_extractors()\n"
        "E.group(E.extract('Mr Dowden met officials in Britain on Monday.', 'rules'))\n"
        "bad = [m for m in ('textual', 'rich', 'spacy') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def _spacy_or_skip():
    pytest.importorskip("spacy")
    names = [n for n in available_extractors() if n.startswith("spacy:")]
    if not names:
        pytest.skip("no English spaCy 3.8 pipeline installed")
    return get_extractor(names[-1])


def test_spacy_is_the_default_when_installed():
    ex = _spacy_or_skip()
    assert get_extractor().name == ex.name
    assert get_extractor("spacy") is ex


def test_spacy_spans_follow_the_annotation_guide():
    ex = _spacy_or_skip()
    text = "Mr Dowden said the UK had sanctioned two Chinese nationals in August 2021, Sir Iain Duncan Smith said."
    mentions = extract(text, ex)
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert not m.text.lower().startswith(("mr ", "sir ", "the "))
    found = {(m.text, m.type) for m in mentions}
    assert ("UK", "PLACE") in found
    assert ("two Chinese nationals", "QUANTITY") in found  # the cardinal took its noun
    assert ("August 2021", "DATE") in found
    uk = next(m for m in mentions if m.text == "UK")
    assert uk.canonical == "United Kingdom"


def test_spacy_drops_vague_dates_and_the_word_one():
    ex = _spacy_or_skip()
    text = "In recent years, one of the groups grew, a few years ago."
    assert [m for m in extract(text, ex) if m.type in ("DATE", "CARDINAL")] == []


def test_spacy_long_texts_are_cut_at_paragraphs(monkeypatch):
    ex = _spacy_or_skip()
    from reader.core.entities import spacy_extractor

    monkeypatch.setattr(spacy_extractor, "_MAX_CHARS", 200)
    paragraph = "Oliver Dowden visited Beijing on Monday with officials from the Electoral Commission."
    text = "\n".join([paragraph] * 8)
    mentions = ex.extract(text)
    assert all(text[m.start : m.end] == m.text for m in mentions)
    assert sum(m.text == "Beijing" for m in mentions) == 8
