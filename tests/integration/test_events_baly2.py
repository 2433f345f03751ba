"""The second, held-out Baly set (tests/fixtures/events/baly2_labels.json):
its labels load, every ID is an article of the corpus, and none is in the first
set, so a grouping tuned on the first is measured on articles it has not seen.
Its score is not asserted here: bench/events_heldout.py reports it."""

from __future__ import annotations

import json

import pytest

from bench.events_baly import LABELS, LABELS2, corpus_folder, labelled_ids, missing

pytestmark = pytest.mark.corpora


@pytest.fixture(scope="module")
def folder():
    if missing(None, LABELS2):
        pytest.skip(missing(None, LABELS2))
    return corpus_folder(None)


def test_labels_shape():
    data = json.loads(LABELS2.read_text(encoding="utf-8"))
    assert data["source"] == "allsides_baly2020" and len(data["commit"]) == 40 and data["how"]
    for event, entry in data["events"].items():
        assert entry["about"].strip() and entry["ids"], event
    ids = [i for entry in data["events"].values() for i in entry["ids"]]
    assert len(ids) == len(set(ids)), "an article in two events"


def test_ids_in_corpus_and_disjoint_from_first_set(folder):
    second, first = labelled_ids(LABELS2), labelled_ids(LABELS)
    absent = sorted(i for i in second if not (folder / f"{i}.json").is_file())
    assert not absent, f"not in the corpus: {absent[:5]}"
    assert not set(second) & set(first), "articles of the first set in the second"


def test_commit_is_the_corpus_commit(folder):
    commit = (folder.parent / "COMMIT").read_text(encoding="utf-8").strip()
    assert json.loads(LABELS2.read_text(encoding="utf-8"))["commit"] == commit
