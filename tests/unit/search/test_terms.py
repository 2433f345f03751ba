"""The terms report (issue 17, item 4): several plain words are a spelling
question, answered per source with counts; one word reads as before."""

from __future__ import annotations

import pytest

from reader.core.library import Library
from reader.core.search.terms import spelling_words


@pytest.fixture
def seeded(seeded_dir):
    with Library(seeded_dir) as lib:
        yield lib


def test_spelling_words_are_plain_words_only():
    assert spelling_words("Loughton Laughton") == ["Loughton", "Laughton"]
    assert spelling_words("Loughton loughton") == []  # one word twice is one word
    assert spelling_words("Loughton") == []
    assert spelling_words("Loughton OR Laughton") == []
    assert spelling_words('"Tim Loughton" Laughton') == []
    assert spelling_words("source:bbc Loughton") == []


def test_two_spellings_are_not_anded_and_each_source_says_which_it_uses(seeded):
    both = seeded.terms("Loughton Laughton")
    one, other = seeded.terms("Loughton"), seeded.terms("Laughton")
    assert both.words == ("Loughton", "Laughton")
    assert both.total == one.total + other.total > 0  # any of them, not all
    counts = {s.source: s.spellings for s in both.sources}
    for single, word in ((one, "Loughton"), (other, "Laughton")):
        for s in single.sources:
            assert counts[s.source][word] == s.count
    for s in both.sources:
        assert sum(s.spellings.values()) == s.count
        assert s.spelling in (*both.words, "mixed")
    assert {s.spelling for s in both.sources} >= {"Loughton", "Laughton"}  # the seeds spell it both ways


def test_one_word_report_is_as_before(seeded):
    report = seeded.terms("Loughton")
    data = report.as_dict()
    assert "words" not in data and all("spellings" not in s for s in data["sources"])
    for s in report.sources:
        for line in s.lines:  # each line knows where its match is, to open the article there
            article = seeded.get(line.id)
            assert article.text.replace("\n", " ")[line.start:line.start + len(line.match)] == line.match


def test_each_use_of_a_word_is_counted(tmp_path):
    """"The harbour harbour ... The harbour. Harbour officials": the highlight
    joins words next to each other, and the report counted 2 uses, not 4."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Harbour news\n\nThe harbour harbour was closed. The harbour. Harbour officials "
                                  "said sales sales fell, and sales rose later.\n")
    with Library(tmp_path / "ix") as lib:
        lib.index_paths([folder])
        assert lib.terms("harbour").total == 4 and lib.terms("sales").total == 3
        both = lib.terms("harbour sales")
        assert both.total == 7 and both.sources[0].spellings == {"harbour": 4, "sales": 3}
