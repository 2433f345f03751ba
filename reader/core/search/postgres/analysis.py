"""Words as the PostgreSQL index holds them.

The text is cut into words in Python with the one tokenizer
(reader.core.search.passages) and each word is stemmed by the server's
Snowball English stemmer (a text search dictionary without a stop list,
asked through ts_lexize, each distinct word once per client): the tsvectors
are built from those words, so snippets, highlighting and the query's words
all agree with what the index holds. PostgreSQL's own parser (to_tsvector)
is not used: it cuts text differently (hyphenated words, URLs, decimals).
Snowball English is also what Tantivy stems with; Whoosh stems with Porter.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from itertools import islice
from struct import pack

import psycopg

from reader.core.search.passages import MAX_TOKEN_BYTES, TOKEN, prefixed_tokens, too_long

# PostgreSQL's limits: positions up to 16,383 (later words all stand at the
# last one), at most 256 positions per word, words up to 2,047 bytes.
MAX_POSITION = 16383
MAX_POSITIONS = 256
CACHE_WORDS = 500_000


class Stemmer:
    """word -> stem, asking the server for the words it has not seen."""

    def __init__(self, run: Callable[[Callable[[psycopg.Connection], object]], object], dictionary: str):
        self._run = run  # Server.read: a step on a connection, retried once
        self._dictionary = dictionary
        self.cache: dict[str, str] = {}  # lowercased word -> stem
        self._lock = threading.Lock()

    def prime(self, words: Iterable[str], lowered: bool = False) -> None:
        """Stem every word of words not yet known, in one round trip."""
        cache = self.cache
        missing = sorted((set(words) if lowered else {w.lower() for w in words}) - cache.keys())
        if not missing:
            return
        sql = f"SELECT w, (ts_lexize('{self._dictionary}', w))[1] FROM unnest(%s::text[]) AS w"

        def ask(conn):
            return conn.execute(sql, (missing,)).fetchall()

        rows = self._run(ask)
        with self._lock:
            if len(cache) + len(rows) > CACHE_WORDS:
                cache.clear()
            for word, stem in rows:
                cache[word] = stem or word

    def __call__(self, word: str) -> str:
        low = word.lower()
        stem = self.cache.get(low)
        if stem is None:
            self.prime([low])
            stem = self.cache.get(low, low)
        return stem

    def prime_text(self, texts: Iterable[str], prefixes: list[str] | None = None) -> None:
        """Stem the tokens of texts (only those starting with one of
        prefixes, lowercased, when prefixes are given)."""
        if prefixes is None:
            self.prime(w for text in texts for w in TOKEN.findall(text))
            return
        if not prefixes:
            return
        self.prime(prefixed_tokens(texts, prefixes), lowered=True)


def tokens(text: str, stem: Callable[[str], str] | None) -> Iterator[tuple[str, int, int]]:
    """(analysed word, start, end) for each token of text: stemmed, or only
    lowercased when stem is None (source and byline)."""
    for m in TOKEN.finditer(text):
        word = m.group()
        if too_long(word):
            continue
        yield (stem(word) if stem is not None else word.lower()), m.start(), m.end()


def lowered(text: str) -> list[str]:
    """The tokens of text, lowercased, in order (as tokens() gives them, unstemmed)."""
    if text.isascii():  # lowering ASCII neither joins nor splits tokens, nor changes a length
        words = TOKEN.findall(text.lower())
        if words and max(map(len, words)) >= MAX_TOKEN_BYTES:
            return [w for w in words if len(w) < MAX_TOKEN_BYTES]
        return words
    words = TOKEN.findall(text)
    if words and max(map(len, words)) >= 10:  # too_long is asked of the token as written
        words = [w for w in words if len(w) < 10 or not too_long(w)]
    return list(map(str.lower, words))


def stemmed(tokens_: list[str], stem: Stemmer) -> list[str]:
    """Lowercased tokens stemmed (prime them first: a write asks the server once a batch)."""
    try:
        return list(map(stem.cache.__getitem__, tokens_))
    except KeyError:
        return [stem(w) for w in tokens_]


# Positions as tsvector's binary form holds them (uint16: the weight in the two top bits), by weight.
_WEIGHT_BITS = {"A": 3 << 14, "B": 2 << 14, "D": 0}
_NPOS = [pack(">H", k) for k in range(MAX_POSITIONS + 1)]


@cache
def _positions(weight: str) -> list[bytes]:
    bits = _WEIGHT_BITS[weight]
    return [pack(">H", bits | i) for i in range(MAX_POSITION + 1)]


def tsvector(first: list[str], second: list[str], second_weight: str = "D") -> bytes:
    """Two runs of words as a tsvector in PostgreSQL's binary form (what tsvector_recv
    reads: COPY ... FORMAT BINARY): the first of weight A, the second of weight D (title,
    body) or B (source, byline), one position apart so that no phrase spans the two. As the
    text form 'word':1A,3 would be read: at most 256 positions a word, the first ones;
    positions past 16,383 all stand at 16,383, once."""
    at_a, at_second = _positions("A"), _positions(second_weight)
    positions: dict[str, list[bytes]] = {}
    get = positions.setdefault
    gap = len(first) + 1
    if gap + len(second) < MAX_POSITION:  # nearly every article: no position reaches the last one
        for word, pos in zip(first, islice(at_a, 1, None)):  # not a slice: that touches every position
            get(word, []).append(pos)
        for word, pos in zip(second, islice(at_second, gap + 1, None)):
            get(word, []).append(pos)
    else:
        last = MAX_POSITION
        for i, word in enumerate(first):
            _add(get(word, []), at_a, min(i + 1, last), last)
        for i, word in enumerate(second):
            _add(get(word, []), at_second, min(gap + 1 + i, last), last)
    parts = [pack(">i", len(positions))]
    add = parts.append
    for word, at in positions.items():
        if len(at) > MAX_POSITIONS:
            at = at[:MAX_POSITIONS]
        add(word.encode())
        add(b"\0")
        add(_NPOS[len(at)])
        parts += at
    return b"".join(parts)


def _add(at: list[bytes], table: list[bytes], pos: int, last: int) -> None:
    """A position, the last one kept once only, with its first (highest) weight: positions must rise."""
    if pos == last and at and int.from_bytes(at[-1], "big") & 0x3FFF == last:
        return
    at.append(table[pos])
