"""A write's rows, a batch of articles at a time: what analysis.py does for one article
(the one tokenizer, the server's stems, tsvectors in binary form), done for the whole
batch at once, so that no loop of Python's runs once a word (what goes over every word is
map, str and bytes methods, and numpy, all in C).

Each article's tsvector is built in numpy over the batch's words as stem numbers: one sort
puts every article's words together with their positions in order (a tsvector's lexemes in
the order the server keeps them, so that it has none to sort), and the bytes of the lexemes,
their counts and positions are laid into one buffer. The result is what analysis.tsvector
gives for each article, byte for byte but for the order of the lexemes (the server sorts
them on reading: the stored tsvectors are the same, all 25,224 of the corpora tier's).
The engine's write of that tier took 7.1 s of the client's CPU against 11.1 s one article
at a time (bench.pg_write, medians of 3, interleaved). An article whose words reach
PostgreSQL's last position (16,383) is built by analysis.tsvector, as are source and byline
(few words, mostly the same few sources: kept once each).

ASCII text is cut into the tokenizer's words by bytes.translate: the same words as its
regular expression gives, which runs of letters and digits are; in ASCII they are those of
[A-Za-z0-9], and the table below is made by asking the tokenizer itself of each character.
Text that is ASCII but for a few marks that end a word (curly quotes, dashes: nine in ten
of the corpora's texts that are not ASCII) is cut so too, once those marks are spaces.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, timezone
from itertools import chain, repeat
from struct import pack
from typing import TYPE_CHECKING

from reader.core.search.passages import MAX_TOKEN_BYTES, TOKEN
from reader.core.search.postgres import analysis

_CUT = bytes(c if c < 128 and TOKEN.fullmatch(chr(c)) else 0x20 for c in range(256))
# the marks in the corpora's text that is not ASCII, by how often: in nine texts in ten of those,
# the only characters that are not ASCII (tokens are cut at each: they are as good as a space)
_MARKS = [m for m in "\u2019\u201c\u201d\u2014\u2588\u2013\u00a3\u2018\u2026\u00a0" if not TOKEN.fullmatch(m)]
_A = 3 << 14  # weight A's bits in a position
_EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)  # timestamptz's binary form counts microseconds from it
_MICROSECOND = timedelta(microseconds=1)
_LABELS_KEPT = 10_000  # sources and bylines' tsvectors kept at most (mostly the same few)
_WORD_BITS, _POS_BITS = 26, 14  # a sort key: article, then word (by the server's order), then position

if TYPE_CHECKING:
    import numpy as np

Fields = tuple  # (id, title, text, source, byline, url, published): what a row is made of


def lowered(text: str) -> list[str]:
    """analysis.lowered(text): ASCII text cut in C, and text that is ASCII but for the common
    marks that are no part of a word (the tokenizer says which) once they are spaces."""
    if not text.isascii():
        for mark in _MARKS:
            text = text.replace(mark, " ")
    if text.isascii():
        words = text.encode().lower().translate(_CUT).decode().split()
        if words and max(map(len, words)) >= MAX_TOKEN_BYTES:
            return [w for w in words if len(w) < MAX_TOKEN_BYTES]
        return words
    return analysis.lowered(text)


class Rows:
    """One process's row builder, on its stemmer; stems are numbered as they are first met."""

    def __init__(self, stem: analysis.Stemmer):
        self.stem = stem
        self._begin()

    def _begin(self) -> None:
        self.number: dict[str, int] = {}  # lowercased word -> its stem's number
        self.numbered: dict[str, int] = {}  # stem -> number
        self.stems: list[str] = []
        self.encoded: list[bytes] = []
        self.labels: dict[tuple[str, str], tuple[bytes, set[str]]] = {}

    def analyse(self, batch: list[Fields]) -> tuple[bytes, Counter, Counter]:
        """The batch's rows in binary COPY form (no header, no trailer), and the articles each
        analysed word (of title and body; of source and byline) was found in."""
        if len(self.number) > analysis.CACHE_WORDS:  # a long write of many words: begun afresh
            self._begin()
        tokens = [(lowered(title), lowered(text)) for _, title, text, *_ in batch]
        words: Counter = Counter()
        labels: Counter = Counter()
        vectors = self._vectors(tokens, words)
        out: list[bytes] = []
        add = out.append
        for (article_id, title_text, _, source_text, byline_text, url, published), vector in zip(batch, vectors):
            add(b"\x00\x07")
            for value in (article_id, title_text, source_text, url):
                data = value.encode()
                add(pack(">i", len(data)))
                add(data)
            if published is None:
                add(b"\xff\xff\xff\xff")
            else:
                add(pack(">iq", 8, (published.astimezone(timezone.utc) - _EPOCH) // _MICROSECOND))
            add(vector)
            label, found = self._labels(source_text, byline_text)
            labels.update(found)
            add(label)
        return b"".join(out), words, labels

    def _labels(self, source: str, byline: str) -> tuple[bytes, set[str]]:
        kept = self.labels.get((source, byline))
        if kept is None:
            if len(self.labels) >= _LABELS_KEPT:
                self.labels.clear()
            first, second = analysis.lowered(source), analysis.lowered(byline)
            vector = analysis.tsvector(first, second, "B")
            kept = self.labels[(source, byline)] = (pack(">i", len(vector)) + vector, {*first, *second})
        return kept

    def _numbers(self, flat: list[str]) -> np.ndarray:
        """Each word's stem number (stemming the words not met before, in one round trip)."""
        import numpy as np  # here, not at the top: a search (the CLI's start-up) never needs numpy

        number = self.number
        numbers = np.array(list(map(number.get, flat, repeat(-1, len(flat)))), dtype=np.int64)
        unknown = np.flatnonzero(numbers < 0)
        if len(unknown):
            missing = set(map(flat.__getitem__, unknown.tolist()))
            stem = self.stem
            stem.prime(missing, lowered=True)
            numbered, stems, encoded = self.numbered, self.stems, self.encoded
            for word in missing:
                s = stem.cache.get(word) or stem(word)
                n = numbered.get(s)
                if n is None:
                    n = numbered[s] = len(stems)
                    stems.append(s)
                    encoded.append(s.encode())
                number[word] = n
            numbers[unknown] = list(map(number.__getitem__, map(flat.__getitem__, unknown.tolist())))
        return numbers

    def _vectors(self, tokens: list[tuple[list[str], list[str]]], words: Counter) -> list[bytes]:
        """Each article's words tsvector (title A, body D) with its length before it, as a row's
        field; the stems of each article counted into words."""
        import numpy as np  # here, not at the top: a search (the CLI's start-up) never needs numpy

        count = len(tokens)
        long = [len(t) + 1 + len(b) >= analysis.MAX_POSITION for t, b in tokens]
        short = [((), ()) if too_long else pair for pair, too_long in zip(tokens, long)]
        flat = list(chain.from_iterable(chain.from_iterable(short)))
        numbers = self._numbers(flat)
        titles = np.fromiter(map(len, (t for t, _ in short)), dtype=np.int64, count=count)
        bodies = np.fromiter(map(len, (b for _, b in short)), dtype=np.int64, count=count)
        # each word's position: the title's from 1, the body's one past the title's last + 1
        sizes = np.empty(2 * count, dtype=np.int64)
        sizes[0::2], sizes[1::2] = titles, bodies
        bases = np.empty(2 * count, dtype=np.int64)
        bases[0::2], bases[1::2] = 1, titles + 2
        position = np.arange(len(flat), dtype=np.int64) - np.repeat(np.cumsum(sizes) - sizes - bases, sizes)
        article = np.repeat(np.arange(count, dtype=np.int64), titles + bodies)
        # the batch's stems in the server's order of lexemes (memcmp, then the shorter first: bytes' order)
        encoded = self.encoded
        present = np.flatnonzero(np.bincount(numbers, minlength=len(encoded)))
        ordered = np.array(sorted(present.tolist(), key=encoded.__getitem__), dtype=np.int64)
        rank = np.zeros(len(encoded), dtype=np.int64)
        rank[ordered] = np.arange(len(ordered), dtype=np.int64)
        keys = np.sort((article << (_WORD_BITS + _POS_BITS)) | (rank[numbers] << _POS_BITS) | position)
        # a group: one word of one article, its positions rising
        word_key = keys >> _POS_BITS
        first = np.ones(len(keys), dtype=bool)
        first[1:] = word_key[1:] != word_key[:-1]
        group_start = np.flatnonzero(first)
        group_size = np.diff(np.append(group_start, len(keys)))
        kept = np.minimum(group_size, analysis.MAX_POSITIONS)  # a word's first 256 positions
        group_article = word_key[group_start] >> _WORD_BITS
        group_word = ordered[word_key[group_start] & ((1 << _WORD_BITS) - 1)]
        stem_sizes = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
        lengths = stem_sizes[group_word]
        group_bytes = lengths + 3 + 2 * kept  # the word, its 0, its count of positions, the positions
        vector_bytes = np.bincount(group_article, weights=group_bytes, minlength=count).astype(np.int64)
        block = vector_bytes + 8  # the field's length, the count of lexemes, the lexemes
        block_start = np.cumsum(block) - block
        before = np.cumsum(group_bytes) - group_bytes  # the groups' bytes before each, in all articles
        group_at = before + 8 * (group_article + 1)
        buffer = np.zeros(int(block.sum()), dtype=np.uint8)  # the words' 0s are there already
        head = np.empty((count, 2), dtype=">i4")
        head[:, 0], head[:, 1] = vector_bytes + 4, np.bincount(group_article, minlength=count)
        buffer[(block_start[:, None] + np.arange(8)).ravel()] = head.view(np.uint8).ravel()
        # the words' bytes, from one pool of every stem's
        pool = np.frombuffer(b"".join(encoded), dtype=np.uint8)
        pool_at = np.cumsum(stem_sizes) - stem_sizes
        groups = np.arange(len(group_start), dtype=np.int64)
        which = np.repeat(groups, lengths)
        within = np.arange(len(which), dtype=np.int64) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        buffer[group_at[which] + within] = pool[pool_at[group_word][which] + within]
        count_at = group_at + lengths + 1
        buffer[count_at], buffer[count_at + 1] = kept >> 8, kept & 0xFF
        # the positions, weight A's bits on the title's
        nth = np.arange(len(keys), dtype=np.int64) - np.repeat(group_start, group_size)
        keep = nth < analysis.MAX_POSITIONS
        shown = keys[keep]
        at = shown & ((1 << _POS_BITS) - 1)
        at |= np.where(at <= titles[shown >> (_WORD_BITS + _POS_BITS)], _A, 0)
        where = count_at[np.repeat(groups, kept)] + 2 + 2 * nth[keep]
        buffer[where], buffer[where + 1] = at >> 8, at & 0xFF
        laid = buffer.tobytes()
        out = [laid[s:e] for s, e in zip(block_start.tolist(), (block_start + block).tolist())]
        articles = np.bincount(group_word, minlength=len(encoded))
        found = np.flatnonzero(articles)
        words.update(dict(zip(map(self.stems.__getitem__, found.tolist()), articles[found].tolist())))
        for i, ((title, body), too_long) in enumerate(zip(tokens, long)):
            if too_long:  # as one at a time
                self.stem.prime({*title, *body}, lowered=True)
                title, body = analysis.stemmed(title, self.stem), analysis.stemmed(body, self.stem)
                vector = analysis.tsvector(title, body)
                out[i] = pack(">i", len(vector)) + vector
                words.update({*title, *body})
        return out
