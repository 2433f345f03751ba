"""Words as the Tantivy index analyses them, computed in Python with the same
rules, so that snippets, highlighting and query translation find the words
the index holds."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import tantivy

from reader.core.search.fields import STEMMED_FIELDS
from reader.core.search.passages import MAX_TOKEN_BYTES, TOKEN, TOKEN_CHAR, too_long, word_prefix

# The one tokenizer (Tantivy's SimpleTokenizer) is in reader.core.search.passages.
__all__ = ["MAX_TOKEN_BYTES", "STEM", "TOKEN", "TOKEN_CHAR", "analyse_field", "tokens", "too_long", "word_prefix"]


class _Stemmer:
    """Tantivy's own Snowball English stemmer, one word at a time, cached
    (a corpus has far fewer distinct words than tokens)."""

    def __init__(self) -> None:
        self._analyzer = (
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.raw())
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.stemmer("english"))
            .build()
        )
        self._cache: dict[str, str] = {}
        self._lock = threading.Lock()

    def __call__(self, word: str) -> str:
        stem = self._cache.get(word)
        if stem is None:
            with self._lock:
                out = self._analyzer.analyze(word)
            stem = out[0] if out else word.lower()
            if len(self._cache) > 500_000:
                self._cache.clear()
            self._cache[word] = stem
        return stem


STEM = _Stemmer()


def tokens(text: str, stem: bool = True) -> Iterator[tuple[str, int, int]]:
    """(analysed word, start, end) for each token of text, as Tantivy's
    en_stem (stem=True) or default (stem=False) analyser makes them."""
    for m in TOKEN.finditer(text):
        word = m.group()
        if too_long(word):
            continue
        yield (STEM(word) if stem else word.lower()), m.start(), m.end()


def analyse_field(fieldname: str, text: str) -> list[str]:
    """The analysed words of text in a field, as the index holds them."""
    return [w for w, _, _ in tokens(text, stem=fieldname in STEMMED_FIELDS)]
