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

import psycopg

from reader.core.search.passages import TOKEN, prefixed_tokens, too_long

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
    return [w.lower() for w in TOKEN.findall(text) if len(w) < 10 or not too_long(w)]


def stemmed(tokens_: list[str], stem: Stemmer) -> list[str]:
    """Lowercased tokens stemmed (prime them first: a write asks the server once a batch)."""
    cache = stem.cache
    try:
        return [cache[w] for w in tokens_]
    except KeyError:
        return [stem(w) for w in tokens_]


# Positions as tsvector writes them, with and without weight A (a title word).
_POS = [str(i) for i in range(MAX_POSITION + 1)]
_POS_A = [f"{i}A" for i in range(MAX_POSITION + 1)]
_POS_B = [f"{i}B" for i in range(MAX_POSITION + 1)]


def tsvector(first: list[str], second: list[str], second_weight: str = "D") -> str:
    """A tsvector literal of two runs of words: the first of weight A, the
    second of weight D (title, body) or B (source, byline), one position
    apart so that no phrase spans the two. The words are runs of TOKEN
    characters, so no quote or backslash needs escaping."""
    positions: dict[str, list[str]] = {}
    get = positions.setdefault
    pos = 0
    for word in first:
        pos += 1
        at = get(word, [])
        if len(at) < MAX_POSITIONS:
            at.append(_POS_A[pos if pos < MAX_POSITION else MAX_POSITION])
    pos += 1
    table = _POS if second_weight == "D" else _POS_B
    for word in second:
        pos += 1
        at = get(word, [])
        if len(at) < MAX_POSITIONS:
            at.append(table[pos if pos < MAX_POSITION else MAX_POSITION])
    return " ".join([f"'{w}':{','.join(at)}" for w, at in positions.items()])
