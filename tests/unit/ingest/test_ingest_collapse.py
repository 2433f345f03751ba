"""Whitespace collapsed at ingest (text/clean.collapse_spaces) is " ".join(text.split()), with text
that is collapsed already given back without splitting it: what lets it answer from one check in C
(the space is the only printable character str.split() parts words at) holds for all of Unicode."""

from __future__ import annotations

import random

from reader.core.text.clean import clean_inline, clean_paragraphs, collapse_spaces


def test_the_space_is_the_only_printable_whitespace():
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    assert [s for s in spaces if s.isprintable()] == [" "]
    assert all(f"a{s}b".split() == ["a", "b"] for s in spaces)  # each parts words, as split() does


def test_collapsing_is_joining_the_split_words():
    pool = ["a", "é", "ж", "字", "\u200d", "\xad", ".", " ", "  ", "\t", "\n", "\r", "\xa0", "\u2028", "\u3000", "\x1c", "\x85"]
    rng = random.Random(18)
    texts = ["", " ", "one", "one two", " one", "one ", "one  two", "a\tb", "a\xa0b", "x\u2029", "ok.\u200d"]
    texts += ["".join(rng.choice(pool) for _ in range(rng.randrange(12))) for _ in range(3000)]
    for text in texts:
        assert collapse_spaces(text) == " ".join(text.split()), repr(text)
    plain = "Already one line, with single spaces."
    assert collapse_spaces(plain) is plain
    assert clean_paragraphs(["  Two\n lines  ", plain, "a\u2028b"]) == ["Two lines", plain, "a b"]
    assert clean_inline(" Title\twith  tabs\x1b[31m ") == "Title with tabs"
