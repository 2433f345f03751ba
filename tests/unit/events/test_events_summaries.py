"""The first grouping's shortcuts give what the plain code gives (issue 15,
speed): the events of one report summarised at once (summaries.py), and a
stored report's features read only when the pair rules ask (StoredDoc)."""

from __future__ import annotations

import random
from datetime import datetime

from reader.core.events import rows, summaries, tables
from reader.core.events.cluster import Doc, summarise
from reader.core.events.features import Features
from reader.core.events.summaries import summarise_all


def _vector(rng: random.Random, size: int) -> dict[str, float]:
    # Weights of all magnitudes: a sum of squares in another order would differ in its last bits.
    # Terms of a small vocabulary: the reports of an event share many, their centroid sums several weights each.
    return {f"t{rng.randrange(90)}": rng.random() * 10 ** rng.randint(-4, 1) for _ in range(size)}


def _signature(vector: dict[str, float], day: int | None) -> str:
    f = Features({}, frozenset({"okafor"}), frozenset({"arrest"}), frozenset({"okafor", "arrest"}),
                 frozenset({"40"}), frozenset(), day, None, frozenset({day} if day else ()), frozenset(), frozenset())
    return rows.encode_signature(f, vector)


def test_summarise_all_gives_summarise_s_events_to_the_last_bit():
    rng = random.Random(7)
    groups = []
    for n in range(300):
        size = 1 if n % 3 else rng.randint(2, 12)
        docs = []
        for k in range(size):
            vector = _vector(rng, rng.randint(0, 60))
            published = datetime(2024, 3, 1 + rng.randrange(20)) if rng.random() < 0.8 else None
            title = rng.choice(["", "Quake hits Malatya", "Quake hits…"])
            if n % 2:  # as a grouping reads them back: packed, unread
                row = tables.stored_doc(f"a{n}.{k}", title, rng.choice(["", "AP"]),
                                        published.isoformat() if published else None, "okafor arrest", _signature(vector, None))
                docs.append(row)
            else:
                docs.append(Doc(f"a{n}.{k}", title, "Reuters", published, vector))
        groups.append((f"e{n}", docs))
    expected = [summarise(i, docs) for i, docs in groups]
    assert summarise_all(groups) == expected
    assert [e.cohesion for e in summarise_all(groups)] == [e.cohesion for e in expected]
    assert summarise_all([]) == []
    kept = [(i, docs) for i, docs in groups if isinstance(docs[0], tables.StoredDoc)]  # every vector with its ids
    assert summaries._closeness([g for g in kept if len(g[1]) > 1])  # the numpy way, not summarise's
    expected = [summarise(i, docs) for i, docs in kept]
    assert [e.cohesion for e in summarise_all(kept)] == [e.cohesion for e in expected]
    assert summarise_all(kept) == expected


def test_a_stored_doc_reads_its_features_on_first_use_as_decode_signature_reads_them():
    vector = {"malatya": 0.8, "quake": 0.6}
    for day in (None, 738900):
        signature = _signature(vector, day)
        doc = tables.stored_doc("a1", "Quake", "AP", "2024-03-02T10:00:00", "okafor arrest quake", signature)
        plain_vector, plain = rows.decode_signature(signature, "okafor arrest quake")
        assert doc.subject_line == "okafor" and tables.subjects([doc]) == {"okafor"}
        expected_day = day if day is not None else datetime(2024, 3, 2).toordinal()
        assert doc.day == expected_day
        assert "features" not in doc.__dict__  # nothing decoded yet
        assert doc.features == plain and doc.vector == plain_vector
        assert doc.features is doc.features and Doc.day.func(doc) == expected_day
