"""The one query language on Tantivy: Whoosh's parser without stemming, the
tree translated for Tantivy, and the analysis that highlighting shares with
the index. (What both engines must agree on is in test_engine_conformance.)"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

tantivy = pytest.importorskip("tantivy", reason="the tantivy engine is an optional extra (newsreader[fast])")

from whoosh import query as wq  # noqa: E402

from reader.core.models import Article  # noqa: E402
from reader.core.search.engine import make_engine  # noqa: E402
from reader.core.search.parser import QuerySyntax  # noqa: E402
from reader.core.search.query import QueryError  # noqa: E402
from reader.core.search.snippets import collapse_spaces  # noqa: E402
from reader.core.search.tantivy.analysis import tokens, word_prefix  # noqa: E402
from reader.core.search.tantivy.snippets import highlight  # noqa: E402
from reader.core.search.tantivy.translation import fuzzy_candidates  # noqa: E402
from reader.core.search.whoosh.schema import unstemmed_schema  # noqa: E402

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    e = make_engine("tantivy", tmp_path_factory.mktemp("tq") / "ix")
    texts = {
        "a": ("Volcano erupts in Iceland", "Lava flows near the town of Grindavik. The U.S. embassy said so."),
        "b": ("Election results", "The volcano did not affect voting. Turnout rose."),
        "c": ("Harbour reopens", "The harbour reopened; ferries sail to Heimaey. C++ coders cheered."),
    }
    e.write(Article(k, k, t, (b,)) for k, (t, b) in texts.items())
    yield e
    e.close()


def ids(engine, q) -> list[str]:
    return sorted(engine.search_ids(q, limit=None))


# --- parsing --------------------------------------------------------------------
@pytest.mark.parametrize(
    "query",
    ['"unclosed', "(lava", "author:smith", "date:yesterdayish", "date:[2024 to notadate]", "AND", "the",
     "<2024~a*b?", "NOT NOT harbour", "lava +entity:Kyiv"],
)
def test_both_engines_refuse_a_query_in_the_same_words(engine, tmp_path, query):
    """One parser and one set of checks: what one engine cannot read, the
    other cannot either, with the same explanation."""
    whoosh = make_engine("whoosh", tmp_path / "w")
    whoosh.write([Article("a", "a", "Volcano erupts", ("Lava flows.",))])
    messages = []
    for e in (whoosh, engine):
        with pytest.raises(QueryError) as info:
            e.parse(query)
        messages.append(str(info.value))
    whoosh.close()
    assert messages[0] == messages[1] and "\n" not in messages[0]


def test_terms_arrive_as_typed_not_stemmed():
    tree = QuerySyntax(unstemmed_schema()).parse("Elections AND title:Running")
    words = {(leaf.fieldname, leaf.text) for leaf in tree.leaves() if isinstance(leaf, wq.Term)}
    assert ("body", "elections") in words and ("title", "running") in words


def test_stop_words_are_dropped_from_terms_but_kept_in_phrases(engine):
    tr = engine.translate('the election "the town of"')
    assert tr.words("body", stop_words=False) == {"elect", "town"}
    assert tr.words("body") == {"elect", "the", "town", "of"}  # for highlighting the phrase whole
    assert tr.shortest_phrase() == 3
    assert ids(engine, '"the town of grindavik"') == ["a"]
    assert ids(engine, '"town grindavik"') == []  # the stop words are in the index: no false phrase


def test_a_word_tantivy_splits_is_searched_as_a_phrase(engine):
    assert ids(engine, "U.S.") == ["a"]
    assert ids(engine, '"u s embassy"') == ["a"]


def test_slop_and_boosts(engine):
    assert ids(engine, '"volcano voting"') == []
    assert ids(engine, '"volcano voting"~4') == ["b"]  # volcano did not affect voting
    assert ids(engine, "volcano^3 OR harbour") == ["a", "b", "c"]
    assert "slop: 3" in repr(engine.parse('"lava flows near town"~4'))


def test_wildcards_match_the_stemmed_form_too(engine):
    assert ids(engine, "reop?ned") == ["c"]  # reopened -> reopen
    assert ids(engine, "grind*") == ["a"]
    assert ids(engine, "*avik") == ["a"]


@pytest.mark.parametrize("query", ["harbuor~", "volcnao~", "harbour~1/3", "harbr~2"])
def test_fuzzy_terms_allow_transposed_letters(engine, query):
    assert "c" in ids(engine, query) or "a" in ids(engine, query)


def test_fuzzy_terms_are_ranked_by_how_often_the_word_occurs(engine):
    hits = engine.search("harbuor~").hits
    assert [h.id for h in hits] == ["c"] and hits[0].score > 1.0  # BM25, not a constant


def test_fuzzy_candidates():
    near = fuzzy_candidates("gather", 1)
    assert {"gather", "gathr", "gahter", "rather", "gatther", "gathe"} <= near
    assert "gahtre" not in near
    assert all(w.startswith("ga") for w in fuzzy_candidates("gather", 1, 2))
    assert {"tga", "at", "gta"} <= fuzzy_candidates("gat", 2) and "tag" not in fuzzy_candidates("gat", 1)


@pytest.mark.parametrize(
    "query,needle",
    [
        ("investorz~3", "at most 2 edits"),
        ("title:[a-b to c]", "single words"),
        ("date:2024 AND", ""),
    ],
)
def test_what_tantivy_cannot_do_is_one_line(engine, query, needle):
    try:
        engine.search(query)
    except QueryError as exc:
        assert needle in str(exc) and "\n" not in str(exc)
    else:
        assert needle == ""


def test_ranges_of_words(engine):
    assert ids(engine, "title:[f to i]") == ["c"]  # harbour (iceland and in come after i)
    assert ids(engine, "title:[harbour to]") != []


def test_negation_alone_and_nested(engine):
    assert ids(engine, "NOT volcano") == ["c"]
    assert ids(engine, "NOT (volcano OR harbour)") == []
    assert ids(engine, "harbour OR NOT volcano") == ["c"]
    assert ids(engine, "harbour AND NOT (NOT harbour)") == ["c"]
    with pytest.raises(QueryError, match="operators"):
        engine.search("NOT NOT harbour")  # Whoosh's parser itself fails on this one


def test_translations_are_cached_until_the_index_changes(engine):
    first = engine.translate("volcano lava")
    assert engine.translate("volcano lava") is first
    fuzzy = engine.translate("harbuor~")
    assert fuzzy.index_dependent and engine.translate("harbuor~") is not fuzzy


# --- analysis -------------------------------------------------------------------
def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def test_analyse_is_tantivys_own_en_stem():
    analyzer = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )
    if not hasattr(analyzer, "pre_tokenize"):
        pytest.skip("this tantivy has no pre_tokenize to compare offsets with")
    samples = seed_texts() + [
        "Café naïve Zürich, don't U.S. 3.5% APT31 e-mail O’Neill " + "x" * 45 + " ß ŞEHİR İstanbul",
    ]
    for text in samples:
        theirs = [(t.text, t.char_offset_from, t.char_offset_to) for t in analyzer.pre_tokenize(text).tokens]
        assert list(tokens(text)) == theirs


def test_word_prefix_holds_for_every_word_of_the_seeds():
    words = {w.lower() for text in seed_texts() for w in re.findall(r"[^\W_]+", text)}
    words |= {"lying", "dying", "vying", "skies", "generously", "possibility", "organization"}
    for word in words:
        [(stem, _, _)] = tokens(word) if len(word.encode()) < 40 else [(word, 0, 0)]
        assert word.startswith(word_prefix(stem)), (word, stem)


def test_collapse_spaces_moves_the_spans_with_the_text():
    rng = random.Random(3)
    chars = "ab  \n\t\x1c\u00a0\u2028\u3000\x85xy"
    for _ in range(3000):
        s = "".join(rng.choice(chars) for _ in range(rng.randint(0, 20)))
        spans = []
        for _ in range(rng.randint(0, 3)):
            a = rng.randint(0, len(s))
            b = rng.randint(a, len(s))
            while a < b and s[a].isspace():
                a += 1
            while b > a and s[b - 1].isspace():
                b -= 1
            if a < b:  # spans of words, as the engines give: starting and ending on a non-space
                spans.append((a, b))
        got = collapse_spaces(s, spans)
        assert got.text == " ".join(s.split())
        assert [got.text[a:b] for a, b in got.matches] == [" ".join(s[a:b].split()) for a, b in spans]


def test_snippets_are_cut_as_the_whoosh_engine_cuts_them(tmp_path):
    """On the seeds, for plain words both stemmers agree on, the snippet text
    and spans are the Whoosh engine's."""
    from reader.core.library import Library

    libs = {name: Library(tmp_path / name, engine=name) for name in ("whoosh", "tantivy")}
    try:
        for lib in libs.values():
            lib.index_paths([SEEDS])
        for q in ["APT31", "sanctions", "electoral commission", '"cyber attacks"']:
            got = {name: {h.id: h.snippet for h in lib.search(q).hits} for name, lib in libs.items()}
            assert got["whoosh"].keys() == got["tantivy"].keys()
            for article_id, snippet in got["whoosh"].items():
                assert got["tantivy"][article_id] == snippet, (q, article_id)
    finally:
        for lib in libs.values():
            lib.close()


def test_highlight_spans_are_words_as_written():
    text = "Sanctions were imposed.\n\nThe sanctioning body met; SANCTIONED firms appealed."
    snippet = highlight(text, {"sanction"}.__contains__, [word_prefix("sanction")])
    assert [snippet.text[a:b] for a, b in snippet.matches] == ["Sanctions", "sanctioning", "SANCTIONED"]
    assert "\n" not in snippet.text


# --- arbitrary input ------------------------------------------------------------
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from(
    ['"', "(", ")", "[", "]", "{", "}", ":", "*", "?", "~", "^", "-", "+", "\\", "/", " ", "AND", "OR", "NOT",
     "TO", "to", "date:", "source:", "title:", "body:", "url:", "byline:", "entity:", "foo:", "2024", "2024-03-01",
     "apt31", "Dowden", "~2", "~3", "~1/2", "<", ">", "=", "'", "’", "é", "\t", "\x00", "u.s.", "c++", "a*b?"]
)
_QUERIES = st.one_of(st.text(max_size=40), st.lists(_PIECES, max_size=12).map("".join))


@pytest.fixture(scope="module")
def seeds_lib(tmp_path_factory):
    from reader.core.library import Library

    lib = Library(tmp_path_factory.mktemp("tseeds") / "ix", engine="tantivy")
    lib.index_paths([SEEDS])
    yield lib
    lib.close()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=_QUERIES)
def test_any_text_gives_results_or_one_line(seeds_lib, q):
    try:
        results = seeds_lib.search(q)
        words = seeds_lib.engine.query_words(q) if q.strip() else set()
    except QueryError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert results.total >= len(results.hits) and isinstance(words, set)
        for hit in results.hits:
            for a, b in hit.snippet.matches:
                assert 0 <= a < b <= len(hit.snippet.text)
            for a, b in hit.title_matches:
                assert 0 <= a < b <= len(hit.title)
