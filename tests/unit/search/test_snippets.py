"""Snippets are plain text with the character spans of the matched words."""

from __future__ import annotations

from reader.core.models import Snippet


def matched_words(snippet: Snippet) -> list[str]:
    return [snippet.text[a:b] for a, b in snippet.matches]


def test_snippet_spans_point_at_the_matches(seeded):
    results = seeded.search("APT31")
    assert results.total == 3
    for hit in results.hits:
        assert matched_words(hit.snippet) and all(w == "APT31" for w in matched_words(hit.snippet))
        assert "<b>" not in hit.snippet.text and "[" not in hit.snippet.text[:1]
        assert "\n" not in hit.snippet.text and "  " not in hit.snippet.text


def test_stemmed_matches_are_spanned_as_written(seeded):
    for hit in seeded.search("sanctioning").hits:
        for word in matched_words(hit.snippet):
            assert word.lower().startswith("sanction")


def test_title_only_match_gets_a_lead_snippet(tmp_path, library):
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "a.txt").write_text("Quokka spotted\n\nA small marsupial was seen near the beach on Rottnest.\n")
    library.index_paths([folder])
    [hit] = library.search("quokka").hits
    assert hit.snippet.text.startswith("A small marsupial")
    assert hit.snippet.matches == ()
    assert hit.title_matches == ((0, 6),)


def test_match_spans_in_the_whole_article(seeded):
    article = seeded.get(seeded.search("wolf warrior").hits[0].id)
    spans = seeded.match_spans(article, '"wolf warrior"')
    words = [article.text[a:b].lower() for a, b in spans["text"]]
    assert words and all(w == "wolf warrior" for w in words)
