"""Quality, measured: precision and recall per type of each available
extractor against the hand annotation of the seeds (tests/data/
seed_entities.json, written by the rules in docs/annotation-guide.md before
any extractor was run on the seeds).

The floors are a little under what each extractor reached when they were set;
a change that makes an extractor worse fails here. Run with -s to see the
table."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from reader.core.entities import TYPES, available_extractors, extract, get_extractor
from tests.entity_eval import Score, format_table, score

REPO = Path(__file__).resolve().parents[3]
GOLD = REPO / "tests" / "data" / "seed_entities.json"

# (precision, recall) floors per type; types absent from the seeds are not checked.
FLOORS = {
    "rules": {
        "PERSON": (0.95, 0.95),
        "ORG": (0.90, 0.92),
        "PLACE": (0.97, 0.97),
        "NORP": (0.95, 0.95),
        "DATE": (0.90, 0.90),
        "QUANTITY": (0.90, 0.90),
        "CARDINAL": (0.50, 0.50),
        "ALL": (0.95, 0.95),
    },
    "spacy:en_core_web_sm": {
        "PERSON": (0.90, 0.87),
        "ORG": (0.65, 0.70),
        "PLACE": (0.94, 0.92),
        "NORP": (0.86, 0.88),
        "DATE": (0.78, 0.90),
        "QUANTITY": (0.90, 0.85),
        "ALL": (0.87, 0.88),
    },
}


def gold_items() -> dict[str, list[tuple[str, str, int]]]:
    data = json.loads(GOLD.read_text(encoding="utf-8"))
    return {name: [(i["text"], i["type"], i["count"]) for i in items] for name, items in data["seeds"].items()}


def measure(extractor) -> dict[str, Score]:
    scores: dict[str, Score] = {}
    for name, gold in gold_items().items():
        text = (REPO / "seeds" / name).read_text(encoding="utf-8")
        score(gold, extract(text, extractor), scores)
    return scores


@pytest.fixture(scope="module")
def results() -> dict[str, dict[str, Score]]:
    out = {name: measure(get_extractor(name)) for name in available_extractors()}
    print("\nentity extraction on the seeds (P, R, F per type; n = annotated mentions)\n" + format_table(out))
    return out


def test_the_annotation_covers_every_seed_and_only_known_types():
    seeds = sorted(p.name for p in (REPO / "seeds").glob("*.txt"))
    gold = gold_items()
    assert sorted(gold) == seeds
    for items in gold.values():
        assert items
        for text, type_, count in items:
            assert type_ in TYPES and count >= 1 and text.strip() == text


def test_annotated_mentions_occur_in_their_seed():
    """Each annotated text is written in its seed at least as often as
    annotated (more is allowed: nested and ignored occurrences)."""
    for name, items in gold_items().items():
        text = (REPO / "seeds" / name).read_text(encoding="utf-8")
        for mention, _type, count in items:
            assert text.count(mention) >= count, (name, mention)


@pytest.mark.parametrize("name", list(FLOORS))
def test_precision_and_recall_stay_above_the_floors(results, name):
    if name not in results:
        pytest.skip(f"extractor {name} is not installed here")
    table = format_table({name: results[name]})
    for type_, (p_floor, r_floor) in FLOORS[name].items():
        s = results[name][type_]
        assert s.precision >= p_floor, f"{name} {type_} precision {s.precision:.3f} < {p_floor}\n{table}"
        assert s.recall >= r_floor, f"{name} {type_} recall {s.recall:.3f} < {r_floor}\n{table}"


def test_rules_are_fast():
    """The built-in extractor runs over a corpus while indexing: it must stay
    far faster than a statistical model. The floor is CPU time and lenient
    (shared CI machines); the measured speed is printed."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))] * 12
    words = sum(len(t.split()) for t in texts)
    ex = get_extractor("rules")
    extract(texts[0], ex)  # warm the gazetteer
    start = time.process_time()
    for t in texts:
        extract(t, ex)
    rate = words / max(time.process_time() - start, 1e-6)
    print(f"\nrules extractor: {rate:,.0f} words/s (CPU time, extract + normalise, {words} words)")
    assert rate > 15_000
