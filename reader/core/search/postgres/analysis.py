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

from reader.core.search.passages import TOKEN, too_long

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
        self._cache: dict[str, str] = {}
        self._lock = threading.Lock()

    def prime(self, words: Iterable[str]) -> None:
        """Stem every word of words not yet known, in one round trip."""
        cache = self._cache
        missing = sorted({w.lower() for w in words} - cache.keys())
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
        stem = self._cache.get(low)
        if stem is None:
            self.prime([low])
            stem = self._cache.get(low, low)
        return stem

    def prime_text(self, texts: Iterable[str]) -> None:
        self.prime(w for text in texts for w in TOKEN.findall(text))


def tokens(text: str, stem: Callable[[str], str] | None) -> Iterator[tuple[str, int, int]]:
    """(analysed word, start, end) for each token of text: stemmed, or only
    lowercased when stem is None (source and byline)."""
    for m in TOKEN.finditer(text):
        word = m.group()
        if too_long(word):
            continue
        yield (stem(word) if stem is not None else word.lower()), m.start(), m.end()


def _lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector(parts: Iterable[tuple[Iterable[str], str]]) -> str:
    """A tsvector literal of weighted runs of words: [(words, weight)], each
    run after the last (a gap of one position between runs, so that no
    phrase spans two fields)."""
    positions: dict[str, list[str]] = {}
    pos = 0
    for words, weight in parts:
        suffix = "" if weight == "D" else weight
        for word in words:
            pos += 1
            at = positions.setdefault(word, [])
            if len(at) < MAX_POSITIONS:
                at.append(f"{min(pos, MAX_POSITION)}{suffix}")
        pos += 1
    return " ".join(f"{_lexeme(w)}:{','.join(at)}" for w, at in positions.items())
