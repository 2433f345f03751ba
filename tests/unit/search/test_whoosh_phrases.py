"""Phrases answered from posting lists (reader.core.search.whoosh.phrases)
give what Whoosh's own span matchers give: the same documents, scores and
totals, alone and inside ANDs, ORs and NOTs, over several segments and
with deleted documents."""

from __future__ import annotations

import random

import pytest
from whoosh import query as wq

from reader.core.models import Article
from reader.core.search.whoosh import engine as W
from reader.core.search.whoosh import flat

WORDS = ("vice president bank rates interest oil prices new york stock exchange bye prime minister council "
         "storm harbour ferry wheat").split()
FILLER = [w for w in WORDS if w != "president"]  # "president" only where planted, after "vice"


def _article(n: int, rng: random.Random) -> Article:
    words = [rng.choice(FILLER) for _ in range(rng.randrange(5, 60))]
    if n % 4 == 0:
        words[3:3] = ["vice", "president"]
    if n % 9 == 0:
        words[1:1] = ["bye", "bye", "bye"]
    title = " ".join(rng.choice(FILLER) for _ in range(4))
    return Article(id=f"p{n:04d}", origin=f"t/{n}", title=title.title(), text_paragraphs=(" ".join(words) + ".",),
                   source="Wire", url=f"https://example.org/{n}")


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    rng = random.Random(16)
    e = W.WhooshEngine(tmp_path_factory.mktemp("phrases") / "ix")
    for start in (0, 120, 240):  # three commits: three segments at least
        e.write([_article(n, rng) for n in range(start, start + 120)])
    e.write([], delete_ids=[f"p{n:04d}" for n in range(0, 360, 7)])  # deleted documents in every segment
    yield e
    e.close()


QUERIES = ['"vice president"', '"president vice"', '"bye bye"', '"bye bye bye"', '"new york stock exchange"',
           '"oil prices" OR "interest rates"', '"vice president" oil', '"vice president" -storm',
           'title:"prime minister"', '"prime minister"^3 ferry', '"vice president" OR harbour*', '"zzz president"',
           '"bank rates" "oil prices"', 'storm AND NOT "vice president"']


def _answer(engine: W.WhooshEngine, text: str, limit: int | None):
    s = engine.searcher()
    q, _ = engine._bound(engine.parse(text), text, s)
    results = engine._collect(q, s, limit, True, None, None, None)
    hits = [(h["id"], h.score) for h in results]
    terms = {results.docnum(i): sorted(results.docterms.get(results.docnum(i), [])) for i in range(len(hits))}
    return len(results), hits, terms


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("limit", [5, None])
def test_the_fast_phrase_path_answers_as_whoosh_does(engine, text, monkeypatch, limit):
    fast = _answer(engine, text, limit)
    monkeypatch.setattr(flat, "fast_phrase", lambda q, schema: False)
    slow = _answer(engine, text, limit)
    assert fast[0] == slow[0]  # the total
    assert fast[1] == slow[1]  # the hits, in order, with their scores
    # each hit's words: those of the parts that match it (Whoosh may add a
    # word of a phrase that did not match, from a matcher left on the document)
    for doc, words in fast[2].items():
        assert set(words) <= set(slow[2][doc])


def test_phrases_are_answered_without_whoosh_matchers(engine, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("Whoosh's phrase matcher was used")

    monkeypatch.setattr(wq.Phrase, "matcher", refuse)
    total = engine.search('"vice president"', limit=10).total
    assert total == sum(1 for n in range(360) if n % 4 == 0 and n % 7)  # every fourth, less the deleted


def test_a_phrase_with_slop_is_left_to_whoosh(engine):
    q = wq.Phrase("body", ["vice", "presid"], slop=3)
    assert not flat._flat(q, engine.open().schema, root=True)


def _snippets(engine: W.WhooshEngine, text: str):
    bodies = {}

    def body_of(ids):
        return {i: bodies.setdefault(i, _body(engine, i)) for i in ids}

    res = engine.search(text, limit=8, body_of=body_of)
    return res.total, [(h.id, h.score, h.snippet, h.title_matches) for h in res.hits]


def _body(engine: W.WhooshEngine, article_id: str) -> str:
    rng = random.Random(16)
    for n in range(360):
        art = _article(n, rng)
        if art.id == article_id:
            return art.text
    raise KeyError(article_id)


@pytest.mark.parametrize("text", ['"vice president"', "bye ferry", "harbour* storm", "title:council wheat", "ferri~"])
def test_snippets_from_the_values_the_search_read_are_whooshs_own(engine, text, monkeypatch):
    fast = _snippets(engine, text)
    assert any(s.matches for _i, _s, s, _t in fast[1])
    # without them, Whoosh's highlighter reads the characters from the postings again
    monkeypatch.setattr(flat, "characters", lambda *args: {})
    assert _snippets(engine, text) == fast


@pytest.mark.parametrize("text", ["ferry storm", "harbour OR wheat", "council -bank", "strom~"])
def test_scores_with_the_length_table_are_the_same_to_the_last_bit(engine, text, monkeypatch):
    monkeypatch.setattr(flat, "NORMS_FROM", 10**9)  # every posting scored with the whole formula
    direct = _answer(engine, text, None)
    monkeypatch.setattr(flat, "NORMS_FROM", 1)  # every word through _norms()
    tabled = _answer(engine, text, None)
    assert direct[0] > 0
    assert direct == tabled
