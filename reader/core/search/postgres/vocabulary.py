"""The words the index holds, for the terms that stand for several words.

A fuzzy term, a wildcard or a range of words is widened against the
search_terms table before the search: to its closest words (fuzzy: fewest
edits first, then the most common) or its most common ones (wildcards,
ranges), bounded as in the other engines (reader.core.search.budget: so
many words, and so many documents they may cover). One edit away is looked
up exactly (every string one edit away, as the Tantivy engine does); two
edits through pg_trgm's trigram similarity (its GIN index), so a word of two
edits that shares too few trigrams with the term (short words) is missed.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

import psycopg
from rapidfuzz.distance import OSA
from whoosh.analysis import STOP_WORDS

from reader.core.search.tantivy.translation import fuzzy_candidates, is_stop_word

# As in Whoosh's index, which holds none of them: a widened term never stands
# for a stop word or a one-letter word ('fiing~' is not 'if' nor 'i'), which
# would match most articles. The index holds them for phrases.
_STOPS = sorted(STOP_WORDS)
_NOT_STOP = " AND (kind <> 'w' OR (length(word) > 1 AND word <> ALL(%s)))"

Run = Callable[[Callable[[psycopg.Connection], object]], object]
TRIGRAM_CANDIDATES = 500  # words pg_trgm proposes for a two-edit term, before the exact distance is checked


FREQUENCIES_KEPT = 100_000  # words whose document frequency a client keeps (for choosing plans)
FREQUENCIES_FOR_S = 60.0  # and for how long
# What a fuzzy term, a wildcard or a range was widened to is kept for a few seconds: a search, then
# the article's highlighting (query_words in title and body, shortest_phrase) widen the same terms
# in turn, a round trip each (2-5 ms for a fuzzy term's ~700 candidates). Not longer: it is a result,
# and a word another process writes meanwhile is missed until then (this engine's own write drops it).
WIDENED_FOR_S = 5.0
WIDENED_KEPT = 256


class Vocabulary:
    def __init__(self, run: Run, table: str):
        self._run = run
        self._table = table
        self.clock = time.monotonic  # a test's own, to tell "kept" without timing
        self._df: dict[tuple[str, str], int] = {}
        self._df_since = self.clock()
        self._widened: OrderedDict[tuple, tuple[float, object]] = OrderedDict()
        self._generation = 0  # forget()s so far: a look-up begun before one keeps nothing
        self._lock = threading.Lock()

    def frequencies(self, kind: str, words: list[str]) -> dict[str, int]:
        """Each word's document frequency (0: not in the vocabulary), those not asked before in
        one round trip. Kept by the client for a minute: a write raises them, so they may be
        low meanwhile (another process's write; this engine's own call forget), which only a choice
        of plan rests on (ranking.select's bound), never a result."""
        if self.clock() - self._df_since > FREQUENCIES_FOR_S:
            self._df, self._df_since = {}, self.clock()
        # the dict as the look-up began: a forget() meanwhile replaces it, and what was read
        # before the write is kept only in the one dropped
        df = self._df
        missing = sorted({w for w in words if (kind, w) not in df})
        if missing:
            rows = dict(self._rows(f"SELECT word, df FROM {self._table} WHERE kind = %s AND word = ANY(%s)",
                                   (kind, missing)))
            if len(df) + len(missing) > FREQUENCIES_KEPT:
                df.clear()
            for w in missing:
                df[kind, w] = int(rows.get(w, 0))
        return {w: df.get((kind, w), 0) for w in words}

    def forget(self) -> None:
        """Drop the frequencies and the widened terms kept (after a write: a word kept with a df of 0
        may be in every article now)."""
        self._df, self._df_since = {}, self.clock()
        with self._lock:
            self._generation += 1
            self._widened.clear()

    def _kept(self, key: tuple, look_up: Callable[[], object]):
        """What look_up() gave for key less than WIDENED_FOR_S ago, else look_up() (kept)."""
        now = self.clock()
        with self._lock:
            hit = self._widened.get(key)
            if hit is not None and now - hit[0] < WIDENED_FOR_S:
                return hit[1]
            generation = self._generation
        result = look_up()
        with self._lock:
            if generation != self._generation:  # a write forgot meanwhile: this may be from before it
                return result
            self._widened[key] = (now, result)
            self._widened.move_to_end(key)
            while len(self._widened) > WIDENED_KEPT:
                self._widened.popitem(last=False)
        return result

    def _rows(self, sql: str, params: tuple) -> list[tuple[str, int]]:
        return self._run(lambda conn: conn.execute(sql, params).fetchall())

    def fuzzy(self, kind: str, word: str, maxdist: int, prefixlength: int, words: int, postings: int):
        """(the words within maxdist edits, closest first; whether some were left out)."""
        return self._kept(("fuzzy", kind, word, maxdist, prefixlength, words, postings),
                          lambda: self._fuzzy(kind, word, maxdist, prefixlength, words, postings))

    def _fuzzy(self, kind: str, word: str, maxdist: int, prefixlength: int, words: int, postings: int):
        near = sorted(fuzzy_candidates(word, 1, prefixlength))
        # Each candidate looked up in the primary key: as a plain join (or `= ANY`) the planner,
        # expecting few candidates to match, hashed or scanned the whole vocabulary (20-70 ms for
        # ~700 candidates against 60,000 words); the LIMIT keeps the subquery a lookup per row.
        # One string, split on the server: psycopg dumps a list element by element (milliseconds).
        rows = self._rows(f"SELECT c.word, t.df FROM unnest(string_to_array(%s, ' ')) AS c(word) CROSS JOIN LATERAL"
                          f" (SELECT df FROM {self._table} WHERE kind = %s AND word = c.word LIMIT 1) t",
                          (" ".join(near), kind))
        if maxdist >= 2:
            rows += self._rows(
                f"SELECT word, df FROM {self._table} WHERE kind = %s AND word %% %s AND left(word, %s) = %s"
                f" ORDER BY similarity(word, %s) DESC LIMIT {TRIGRAM_CANDIDATES}",
                (kind, word, prefixlength, word[:prefixlength], word),
            )
        scored = {}
        for w, df in rows:
            if kind == "w" and is_stop_word(w):
                continue
            distance = OSA.distance(w, word, score_cutoff=maxdist)
            if distance <= maxdist:
                scored[w] = (distance, -df, w)
        ordered = sorted(scored, key=scored.__getitem__)
        return _bounded(ordered, {w: -scored[w][1] for w in ordered}, words, postings)

    def pattern(self, kind: str, regex: str, words: int, postings: int):
        """(the words a regular expression matches, most common first; whether some were left out)."""
        return self._kept(("pattern", kind, regex, words, postings), lambda: self._pattern(kind, regex, words, postings))

    def _pattern(self, kind: str, regex: str, words: int, postings: int):
        rows = self._rows(
            f"SELECT word, df FROM {self._table} WHERE kind = %s AND word ~ %s{_NOT_STOP} ORDER BY df DESC, word LIMIT %s",
            (kind, regex, _STOPS, words + 1),
        )
        return _bounded([w for w, _ in rows], dict(rows), words, postings)

    def between(self, kind: str, low: str | None, high: str | None, low_op: str, high_op: str, words: int, postings: int):
        """(the words between two bounds, most common first; whether some were left out)."""
        return self._kept(("between", kind, low, high, low_op, high_op, words, postings),
                          lambda: self._between(kind, low, high, low_op, high_op, words, postings))

    def _between(self, kind: str, low: str | None, high: str | None, low_op: str, high_op: str, words: int,
                 postings: int):
        conds, params = ["kind = %s"], [kind]
        for bound, op in ((low, low_op), (high, high_op)):
            if bound is not None:
                conds.append(f"word COLLATE \"C\" {op} %s")
                params.append(bound)
        rows = self._rows(
            f"SELECT word, df FROM {self._table} WHERE {' AND '.join(conds)}{_NOT_STOP} ORDER BY df DESC, word LIMIT %s",
            (*params, _STOPS, words + 1),
        )
        return _bounded([w for w, _ in rows], dict(rows), words, postings)

    def prefixed(self, kind: str, prefix: str, limit: int) -> list[str]:
        """The most common words starting with prefix (for highlighting a prefix term)."""
        return self._kept(("prefixed", kind, prefix, limit), lambda: self._prefixed(kind, prefix, limit))

    def _prefixed(self, kind: str, prefix: str, limit: int) -> list[str]:
        like = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self._rows(
            f"SELECT word, df FROM {self._table} WHERE kind = %s AND word LIKE %s ORDER BY df DESC, word LIMIT %s",
            (kind, like, limit),
        )
        return [w for w, _ in rows]


def _bounded(ordered: list[str], df: dict[str, int], words: int, postings: int) -> tuple[list[str], bool]:
    """The first words of ordered within the budget (the first always kept)."""
    kept: list[str] = []
    covered = 0
    for w in ordered:
        if kept and (len(kept) >= words or covered + df.get(w, 0) > postings):
            return kept, True
        kept.append(w)
        covered += df.get(w, 0)
    return kept, False
