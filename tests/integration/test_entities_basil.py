"""Recall of BASIL's gold `main-entities` (Fan et al., EMNLP 2019) by each
available extractor, over the article texts in ../shared/corpora/basil.

A gold entity counts as found when some extracted name (a canonical or an
alias) has the same words, or all of its words are among the gold's ("Obama"
for "Obama administration", "Republican" for "Republican lawmakers") or the
other way round. Many gold entries are not names at all ("police",
"birthright citizenship"): recall is reported over all of them and over the
ones written with a capital, and the floors are on both.
"""

from __future__ import annotations

import ast
import json
import time

import pytest

from reader.core.entities import NAME_TYPES, available_extractors, extract, get_extractor, group
from reader.core.entities.normalise import key
from tests.conftest import require_corpora

pytestmark = pytest.mark.corpora

# (recall over all gold entities, over capitalised ones), a little under what was measured
FLOORS = {"rules": (0.87, 0.90), "spacy:en_core_web_sm": (0.86, 0.89)}
SPACY_EVERY = 3  # spaCy is slow: every third article


def load_articles() -> list[tuple[str, list[str]]]:
    root = require_corpora("basil", "articles")
    out = []
    for path in sorted(root.glob("*/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        gold = data["main-entities"]
        if isinstance(gold, str):  # a string holding a Python-style list
            gold = ast.literal_eval(gold)
        text = "\n\n".join(" ".join(sentences) for sentences in data["body-paragraphs"])
        out.append((text, [g for g in gold if g.strip()]))
    return out


def forms(entities) -> list[set[str]]:
    out = []
    for e in entities:
        if e.type not in NAME_TYPES:
            continue
        for name in (e.canonical, *e.aliases):
            out.append(set(key(name).split()))
            out.append(set(key(name).replace("-", "").split()))  # "Wal-Mart" / "Walmart"
    return [f for f in out if f]


def found(gold: str, names: list[set[str]]) -> bool:
    g = set(key(gold).split())
    return any(f <= g or g <= f for f in names)


@pytest.mark.parametrize("name", ["rules", "spacy:en_core_web_sm"])
def test_recall_of_basil_main_entities(name):
    articles = load_articles()
    if name not in available_extractors():
        pytest.skip(f"extractor {name} is not installed here")
    if name.startswith("spacy:"):
        articles = articles[::SPACY_EVERY]
    ex = get_extractor(name)
    hit = total = named_hit = named_total = words = 0
    missed = []
    start = time.process_time()
    for text, gold in articles:
        words += len(text.split())
        names = forms(group(extract(text, ex)))
        for g in gold:
            ok = found(g, names)
            total += 1
            hit += ok
            if any(c.isupper() for c in g):
                named_total += 1
                named_hit += ok
            if not ok:
                missed.append(g)
    seconds = time.process_time() - start
    all_recall, named_recall = hit / total, named_hit / named_total
    print(
        f"\nBASIL {name}: {len(articles)} articles, recall {all_recall:.3f} of {total} gold entities, "
        f"{named_recall:.3f} of {named_total} capitalised; {words / seconds:,.0f} words/s (CPU)"
    )
    floor_all, floor_named = FLOORS[name]
    assert all_recall >= floor_all, f"missed: {missed[:30]}"
    assert named_recall >= floor_named, f"missed: {missed[:30]}"
