"""The one reader of Whoosh's posting blocks (whoosh/postings.py) gives what
Whoosh's own matcher gives: every posting's document, weight and value, in
order, deleted documents left out; a lookup among some documents (blocks
passed over by their headers) finds exactly those of them the word is in."""

from __future__ import annotations

import random

import pytest

from reader.core.models import Article
from reader.core.search.whoosh import engine as W
from reader.core.search.whoosh import postings

WORDS = "harbour ferry storm council budget wheat prices bank rates minister river bridge".split()


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    rng = random.Random(3)
    e = W.WhooshEngine(tmp_path_factory.mktemp("postings") / "ix")
    arts = []
    for n in range(900):
        # "rare" in one article of 40; "storm" in most, several times in some
        words = [rng.choice(WORDS) for _ in range(rng.randrange(3, 30))] + ["rare"] * (n % 40 == 0)
        arts.append(Article(id=f"a{n:04d}", origin=f"t/{n}", title=rng.choice(WORDS).title(),
                            text_paragraphs=(" ".join(words) + ".",), source="Wire", url=f"https://example.org/{n}"))
    e.write(arts)  # one large write: the segment builder's blocks
    e.write([], delete_ids=[f"a{n:04d}" for n in range(0, 900, 13)])
    yield e
    e.close()


def _whooshs(reader, fieldname, word):
    m = reader.postings(fieldname, word)  # Whoosh's matcher, deleted documents filtered out
    out = []
    while m.is_active():
        out.append((m.id(), m.weight(), m.value()))
        m.next()
    return out


@pytest.mark.parametrize("word", [b"storm", b"rare", b"harbour"])
def test_read_gives_whooshs_postings(engine, word):
    for reader, _offset in engine.searcher().reader().leaf_readers():
        assert reader.has_deletions()
        want = _whooshs(reader, "body", word)
        assert want and list(postings.read(reader, "body", word)) == want


@pytest.mark.parametrize("every", [1, 3, 50, 400])  # dense: the list is read; sparse: looked up block by block
def test_among_finds_the_documents_wanted_that_hold_the_word(engine, every):
    for reader, _offset in engine.searcher().reader().leaf_readers():
        docs = list(range(0, reader.doc_count_all(), every))
        want = [p for p in _whooshs(reader, "body", b"storm") if p[0] in set(docs)]
        assert list(postings.among(reader, "body", b"storm", docs)) == want
        assert reader.doc_frequency("body", b"storm") > postings.LOOKUP * len(docs) or every < 50


def test_a_block_of_one_weight_for_all_gives_whooshs_weights(engine):
    reader = engine.searcher().reader().leaf_readers()[0][0]
    for fieldname, word in (("title", b"bank"), ("body", b"bank"), ("body", b"rare")):
        ids, weights = [], []
        for block_ids, block_weights, _values in postings.blocks(reader, fieldname, word):
            ids.extend(block_ids)
            weights.extend(block_weights)
        m = reader._terms.matcher(fieldname, word, reader.schema[fieldname].format, scorer=None)
        theirs = []
        while m.is_active():
            theirs.append((m.id(), m.weight()))
            m.next()
        assert theirs and list(zip(ids, weights)) == theirs
