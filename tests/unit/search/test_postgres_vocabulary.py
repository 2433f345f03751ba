"""The PostgreSQL engine's vocabulary keeps what it read (widened terms for a few seconds, the
words' frequencies for a minute) and drops it at a write's forget(): a look-up begun before the
forget must not keep its result from before the write after it. No server: a fake round trip."""

from __future__ import annotations

import pytest

pytest.importorskip("psycopg")

from reader.core.search.postgres.vocabulary import Vocabulary  # noqa: E402  (after the skip)


def _racing(words: list[tuple[str, int]]):
    """A vocabulary whose first round trip reads, then sees a write commit and forget() before it returns."""
    state = {"calls": 0}
    vocabulary: Vocabulary

    def run(step):
        state["calls"] += 1
        rows = list(words)  # the read, before the write commits
        if state["calls"] == 1:
            words.append(("ferries", 1))
            vocabulary.forget()
        return rows

    vocabulary = Vocabulary(run, "t")
    vocabulary.clock = lambda: 0.0  # kept for ever, but for a forget()
    return vocabulary, state


def test_a_widened_term_read_before_a_write_is_not_kept_after_its_forget():
    vocabulary, state = _racing([("ferry", 3)])
    assert vocabulary.pattern("w", "^fer.*$", 100, 10_000) == (["ferry"], False)  # begun before the write
    assert vocabulary.pattern("w", "^fer.*$", 100, 10_000) == (["ferry", "ferries"], False)
    assert state["calls"] == 2
    assert vocabulary.pattern("w", "^fer.*$", 100, 10_000) == (["ferry", "ferries"], False)
    assert state["calls"] == 2  # kept, once read after the write


def test_a_frequency_read_before_a_write_is_not_kept_after_its_forget():
    vocabulary, state = _racing([("ferry", 3)])
    assert vocabulary.frequencies("w", ["ferries"]) == {"ferries": 0}  # begun before the write
    assert vocabulary.frequencies("w", ["ferries"]) == {"ferries": 1}
    assert vocabulary.frequencies("w", ["ferries"]) == {"ferries": 1} and state["calls"] == 2
