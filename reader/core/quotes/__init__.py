"""Quotations and their speakers.

    from reader.core.entities import extract
    from reader.core.quotes import extract_quotes, quotes_by_speaker, compare_quotes
    quotes = extract_quotes(article.text, extract(article.text))
    [q.as_dict() for q in quotes]              # JSON-able
    quotes_by_speaker(quotes)                  # speaker -> their quotations
    voices([quotes_a, quotes_b, quotes_c])     # each speaker across reports: how much each quotes them
    compare_quotes(quotes_a, quotes_b)         # one quotation, two speakers or two wordings

Sits above entities (it names speakers by their entities) and below
compare, which builds its `quote` and `attribution` kinds on it.
"""

from __future__ import annotations

from reader.core.quotes.align import compare_quotes, quotes_by_speaker, same_speaker, voices
from reader.core.quotes.extract import extract_quotes
from reader.core.quotes.model import DIRECT, KINDS, REPORTED, Quote, QuoteChange, Voice

__all__ = [
    "DIRECT",
    "REPORTED",
    "KINDS",
    "Quote",
    "QuoteChange",
    "Voice",
    "extract_quotes",
    "quotes_by_speaker",
    "voices",
    "compare_quotes",
    "same_speaker",
]
