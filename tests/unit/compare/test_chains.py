"""The chain of pairs that stays in place (the rest is moved): the one that
says the most, not the longest (compare/chains.py)."""

from __future__ import annotations

import random

from reader.core.compare.chains import heaviest_chain, longest_chain


def test_a_copy_word_for_word_is_not_moved_for_two_loose_pairs_that_cross_it():
    # A's sentences in order; their partners' places in B; how alike each pair is
    places, alike = [2, 0, 1], [1.0, 0.46, 0.46]
    assert longest_chain(places) == [1, 2]  # kept the two loose pairs: the copy was "moved"
    assert heaviest_chain(places, alike) == [0]
    assert heaviest_chain([3, 0, 1, 2], [1.0, 0.5, 0.5, 0.5]) == [1, 2, 3]  # three that say more stay


def test_with_even_weights_it_is_a_longest_chain():
    rng = random.Random(7)
    for _ in range(300):
        values = rng.sample(range(40), rng.randint(0, 12))
        chain = heaviest_chain(values, [1.0] * len(values))
        assert len(chain) == len(longest_chain(values))
        assert all(values[a] < values[b] for a, b in zip(chain, chain[1:])) and chain == sorted(chain)
