"""The text an article's features take in the event tables, written once
when the article is first seen (at indexing) and read back at every grouping.

Plain lines of space-separated words rather than JSON, and numbers as
base64 of their 8-byte doubles: splitting a line and unpacking an array are
done in C (parsing and printing floats is not), and reading 25,000 articles'
vectors back must cost a fraction of a second. The text stays text (a
store on PostgreSQL keeps it in the same columns). Terms never hold
whitespace (the tokenizer reads a text run by run between spaces), so a
space and a line break can part them.

- event_articles.features: the raw term counts (line 1 the terms, line 2
  their counts);
- event_articles.names: the weighted vector (terms, weights), then the
  signature: subject, what, opening, numbers, headline numbers, day, weekday;
- event_articles.neighbours: the best similarities, highest first.
"""

from __future__ import annotations

import base64
from array import array
from collections.abc import Iterable, Sequence

from reader.core.events.features import Features

_NONE = "-"


def _words(line: str) -> list[str]:
    return line.split(" ") if line else []


def _line(words) -> str:
    return " ".join(words)


def _floats(line: str) -> list[float]:
    return array("d", base64.b64decode(line)).tolist()


def _floats_line(values: Iterable[float]) -> str:
    return base64.b64encode(array("d", values).tobytes()).decode("ascii")


def encode_terms(terms: dict[str, float]) -> str:
    return _line(terms) + "\n" + _floats_line(terms.values())


def decode_terms(text: str) -> dict[str, float]:
    terms, _, counts = text.partition("\n")
    return dict(zip(_words(terms), _floats(counts)))


def term_keys(text: str) -> list[str]:
    """The terms of encode_terms' text, without reading the counts."""
    return _words(text.partition("\n")[0])


def encode_signature(f: Features, vector: dict[str, float]) -> str:
    return "\n".join([
        _line(vector), _floats_line(vector.values()),
        _line(sorted(f.subject)), _line(sorted(f.what)), _line(sorted(f.opening)),
        _line(sorted(f.numbers)), _line(sorted(f.headline_numbers)),
        _NONE if f.day is None else str(f.day), _NONE if f.weekday is None else str(f.weekday),
    ])


def decode_vector(text: str) -> dict[str, float]:
    """The vector of encode_signature's text, without the rest."""
    terms, _, rest = text.partition("\n")
    weights, _, _ = rest.partition("\n")
    return dict(zip(_words(terms), _floats(weights)))


def decode_signature(text: str, terms: Sequence[str] | dict[str, float]) -> tuple[dict[str, float], Features]:
    """(vector, features) of encode_signature's text; terms: the article's
    raw terms (a list of them will do where only the terms count: the
    subject check asks which terms a report holds, not how often)."""
    lines = text.split("\n")
    if len(lines) != 9:
        raise ValueError("not an event signature")
    vector = dict(zip(_words(lines[0]), _floats(lines[1])))
    raw = terms if isinstance(terms, dict) else dict.fromkeys(terms, 1.0)
    day, weekday = lines[7], lines[8]
    return vector, Features(
        raw, frozenset(_words(lines[2])), frozenset(_words(lines[3])), frozenset(_words(lines[4])),
        frozenset(_words(lines[5])), frozenset(_words(lines[6])),
        None if day == _NONE else int(day), None if weekday == _NONE else int(weekday),
    )


def signature_day(text: str) -> int | None:
    """The day the lead gives, from encode_signature's text."""
    day = text.rsplit("\n", 2)[-2] if text.count("\n") == 8 else _NONE
    return None if day == _NONE else int(day)


def encode_neighbours(row: Sequence[float]) -> str:
    return _floats_line(row)


def decode_neighbours(text: str) -> list[float]:
    return _floats(text)
