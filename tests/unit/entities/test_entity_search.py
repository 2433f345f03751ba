"""The entity: field and `newsreader entities`, on the seeds."""

from __future__ import annotations

import json

import pytest

from reader.cli.commands import main
from reader.core.models import article_id
from reader.core.search.query import QueryError
from tests.conftest import SEEDS


def seeds_of(lib, results) -> set[str]:
    return {lib.get(h.id).relpath[:3] for h in results.hits}


def test_entity_search_follows_aliases(seeded):
    # every seed names Oliver Dowden, some only as "Mr Dowden" or "Dowden"
    assert seeds_of(seeded, seeded.search('entity:"Oliver Dowden"')) == {"000", "001", "002", "003", "004"}
    assert seeds_of(seeded, seeded.search('entity:"Mr Dowden"')) == {"000", "001", "002", "003", "004"}
    # "Britain"/"UK"/"United Kingdom" are one place
    assert seeded.search("entity:Britain").total == seeded.search('entity:"United Kingdom"').total == 5
    # APT31 and its long form
    long_form = seeds_of(seeded, seeded.search('entity:"Advanced Persistent Threat Group 31"'))
    assert long_form == seeds_of(seeded, seeded.search("entity:APT31")) == {"001", "002", "004"}


def test_variants_are_not_merged_by_search(seeded):
    # 001 spells him "Tim Laughton": a variant, kept apart
    assert seeds_of(seeded, seeded.search('entity:"Tim Loughton"')) == {"000", "004"}
    assert seeds_of(seeded, seeded.search('entity:"Tim Laughton"')) == {"001"}


def test_entity_combines_with_words_and_not(seeded):
    with_words = seeds_of(seeded, seeded.search('entity:"New Zealand" sanctions'))
    assert with_words == {"001", "002"}
    without = seeds_of(seeded, seeded.search('sanctions NOT entity:"New Zealand"'))
    assert without and not (without & with_words)


@pytest.mark.parametrize(
    "query,needle",
    [("dowden OR entity:China", "not OR"), ("(entity:China)", "parentheses"), ('entity:""', "needs a name"),
     ("NOT entity:China", "something to search for")],
)
def test_entity_query_errors(seeded, query, needle):
    with pytest.raises(QueryError, match=needle):
        seeded.search(query)


def test_entity_matches_are_highlighted(seeded):
    article = seeded.get(seeded.search("entity:APT31").hits[0].id)
    spans = seeded.match_spans(article, "entity:APT31")
    words = {article.text[a:b] for a, b in spans["text"]}
    assert "APT31" in words


def test_entities_cli_article_and_corpus(seeded_dir, capsys):
    bbc = [p for p in SEEDS.glob("001_*")][0]
    code = main(["entities", article_id(f"seeds/{bbc.name}"), "--json", "--extractor", "rules", "--index", str(seeded_dir)])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["extractor"] == "rules"
    by_name = {e["canonical"]: e for e in data["entities"]}
    assert by_name["Oliver Dowden"]["type"] == "PERSON"
    assert "Dowden" in by_name["Oliver Dowden"]["aliases"]
    apt = [e for e in data["entities"] if "APT31" in (e["canonical"], *e["aliases"])]
    assert len(apt) == 1 and apt[0]["type"] == "ORG"
    code = main(["entities", "--json", "--index", str(seeded_dir), "--type", "PERSON"])
    data = json.loads(capsys.readouterr().out)
    people = {e["canonical"]: e for e in data["entities"]}
    assert people["Oliver Dowden"]["documents"] == 5
    pairs = {frozenset((v["a"], v["b"])) for v in data["variants"]}
    assert frozenset(("Tim Loughton", "Tim Laughton")) in pairs
    assert all(set(v) == {"a", "b", "type", "score"} for v in data["variants"])
