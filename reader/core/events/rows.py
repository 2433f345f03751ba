"""The text an article's features take in the event tables, written once
when the article is first seen (at indexing) and read back at every grouping.

Plain lines of space-separated words rather than JSON, and numbers as
base64 of their 8-byte doubles: splitting a line and unpacking an array are
done in C (parsing and printing floats is not), and reading 25,000 articles'
vectors back must cost a fraction of a second. The text stays text (a
store on PostgreSQL keeps it in the same columns). Terms never hold
whitespace (the tokenizer reads a text run by run between spaces), so a
space and a line break can part them.

- event_features.features: the raw term counts (line 1 the terms, line 2
  their counts);
- event_features.names: the weighted vector (terms, weights, the terms'
  ids: term_ids), then the signature: subject, what, opening, numbers, headline numbers, the days and
  weekdays named, the quoted pairs of terms (each pair's terms parted by a
  tab), day, weekday;
- event_articles.neighbours: the best similarities, highest first.
"""

from __future__ import annotations

import binascii
import hashlib
from array import array
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from itertools import chain

from reader.core.events.features import Features

_NONE = "-"
_LINES = 13  # of a signature
_EMPTY: frozenset[str] = frozenset()  # most headlines give no numbers: one empty set shared


def _set(line: str) -> frozenset[str]:
    return frozenset(line.split(" ")) if line else _EMPTY


def _ints(line: str) -> frozenset[int]:
    return frozenset(map(int, line.split(" "))) if line else frozenset()


def _words(line: str) -> list[str]:
    return line.split(" ") if line else []


def _line(words) -> str:
    return " ".join(words)


def _floats(line: str) -> list[float]:
    return array("d", binascii.a2b_base64(line)).tolist()


def _floats_line(values: Iterable[float]) -> str:
    return binascii.b2a_base64(array("d", values).tobytes(), newline=False).decode("ascii")


def encode_terms(terms: dict[str, float]) -> str:
    return _line(terms) + "\n" + _floats_line(terms.values())


def decode_terms(text: str) -> dict[str, float]:
    terms, _, counts = text.partition("\n")
    return dict(zip(_words(terms), _floats(counts)))


def term_keys(text: str) -> list[str]:
    """The terms of encode_terms' text, without reading the counts."""
    return _words(text.partition("\n")[0])


# SQL giving the first line of encode_terms' text (the terms) of the column
# features: the counts need not be read, nor copied out of SQLite.
TERMS_SQL = "substr(f.features, 1, instr(f.features, char(10)) - 1)"  # f: event_features (tables.FEATURED)


class LazyDict(dict):
    """A dict read from its stored text on first use (_fill). Every way of
    reading a dict goes through the text first: a caller sees a plain dict.
    (Functions that read a dict's storage unbound, dict.values(d), would see
    it empty before: nothing here calls one.)"""

    __slots__ = ()

    def _fill(self) -> None:
        raise NotImplementedError

    def _filled(self):
        self._fill()
        return self

    def keys(self):
        return dict.keys(self._filled())

    def values(self):
        return dict.values(self._filled())

    def items(self):
        return dict.items(self._filled())

    def get(self, key, default=None):
        return dict.get(self._filled(), key, default)

    def copy(self) -> dict[str, float]:
        return dict(dict.items(self._filled()))

    def __getitem__(self, key):
        return dict.__getitem__(self._filled(), key)

    def __contains__(self, key) -> bool:
        return dict.__contains__(self._filled(), key)

    def __iter__(self):
        return dict.__iter__(self._filled())

    def __len__(self) -> int:
        return dict.__len__(self._filled())

    def __eq__(self, other) -> bool:
        other = other._filled() if isinstance(other, LazyDict) else other
        return dict.__eq__(self._filled(), other)

    def __ne__(self, other) -> bool:
        return not self == other

    # |, |= and reversed() read the storage unbound (dict's own code): through the text first too
    def __or__(self, other):
        return dict.__or__(self.copy(), other.copy() if isinstance(other, LazyDict) else other)

    def __ror__(self, other):
        return dict.__or__(other, self.copy()) if isinstance(other, dict) else NotImplemented

    def __ior__(self, other):
        return dict.__ior__(self._filled(), other.copy() if isinstance(other, LazyDict) else other)

    def __reversed__(self):
        return dict.__reversed__(self._filled())

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return dict.__repr__(self._filled())

    def __reduce__(self):
        return dict, (self.copy(),)


class LazyTerms(LazyDict):
    """An article's raw terms (term -> 1.0, the first line of encode_terms'
    text), split from their line on first use: grouping asks for them only
    for the pairs whose headline names it checks, and splitting every
    article's terms was a fifth of reading the features back. Those checks
    ask only which terms a report holds (keys(), in): they are answered
    from the line itself (LineKeys), no set built."""

    __slots__ = ("_line", "_keys")

    def __init__(self, line: str):
        super().__init__()
        self._line: str | None = line
        self._keys: LineKeys | frozenset[str] | None = None

    def _fill(self) -> None:
        line = self._line
        if line is not None:
            self._line = self._keys = None
            if line:
                dict.update(self, dict.fromkeys(line.split(" "), 1.0))

    def _key_set(self) -> LineKeys | frozenset[str]:
        keys = self._keys
        if keys is None:
            keys = self._keys = LineKeys(self._line) if self._line else _EMPTY
        return keys

    def keys(self):
        return self._key_set() if self._line is not None else dict.keys(self)

    def __contains__(self, key) -> bool:
        return key in self._key_set() if self._line is not None else dict.__contains__(self, key)


class LineKeys(AbstractSet):
    """The terms of a non-empty line of them as a set: `t in keys` is a
    search of the line (terms hold no whitespace, so " t " is in " line "
    exactly when t is one of its terms; a key with a space is none), a
    pair rule's few look-ups of a report costing less than the set of its
    ~80 terms, which is built only if the keys are iterated (or counted)."""

    __slots__ = ("_padded", "_set")

    def __init__(self, line: str):
        self._padded = " " + line + " "
        self._set: frozenset[str] | None = None

    def __contains__(self, key) -> bool:
        return isinstance(key, str) and " " not in key and key != "" and " " + key + " " in self._padded

    def _terms(self) -> frozenset[str]:
        found = self._set
        if found is None:
            found = self._set = frozenset(self._padded[1:-1].split(" "))
        return found

    def __iter__(self):
        return iter(self._terms())

    def __len__(self) -> int:
        return len(self._terms())

    @classmethod
    def _from_iterable(cls, it) -> frozenset[str]:  # what |, - of the keys give: a frozenset
        return frozenset(it)

    def __and__(self, other) -> frozenset[str]:
        """The terms of other that are keys: a rule's few names, searched for
        (the abstract Set's way, a generator through an isinstance against
        an ABC, was most of the look-up)."""
        padded = self._padded
        return frozenset([t for t in other if isinstance(t, str) and " " not in t and t and " " + t + " " in padded])

    __rand__ = __and__

    __hash__ = None  # type: ignore[assignment]


# A term's id: 8 bytes of its BLAKE2b, kept beside each vector's terms when
# it is weighed, so that the first grouping builds its matrix from integers
# (sparse.matrix) and maps no string to a column (two fifths of building the
# matrix of 25,000 articles). A hash rather than a vocabulary table: ids that
# need no coordination between processes, stores and their copies, and no
# table kept level with the vectors. Two terms of one hash would share a
# column; among a million distinct terms the chance is about 3 in 10^8.
# A term's id, found once: the first IDS_KEPT terms met are kept (~27 MB with their strings; a
# million held ~128 MB for the process's life), later ones hashed each time. Not emptied when full:
# a grouping meets its terms over and over, and an emptied dict then kept none of them long (four
# times the time at 300,000 distinct terms). A 25,000-article index has ~86,000 distinct terms.
_IDS: dict[str, int] = {}
IDS_KEPT = 200_000


def _term_id(term: str) -> int:
    found = _IDS.get(term)
    if found is None:
        found = int.from_bytes(hashlib.blake2b(term.encode(), digest_size=8).digest(), "little", signed=True)
        if len(_IDS) < IDS_KEPT:
            _IDS[term] = found
    return found


def term_ids(terms: Iterable[str]) -> bytes:
    """The terms' ids as native 8-byte integers, in their order: looked up in C (dict.get), a Python
    call only for terms not kept (a build weighs ~1.5M terms, nearly all kept)."""
    terms = terms if isinstance(terms, (dict, list, tuple)) else list(terms)  # read twice
    ids = list(map(_IDS.get, terms))
    return array("q", ids if None not in ids else [_term_id(t) if i is None else i for t, i in zip(terms, ids)]).tobytes()


class Vector(LazyDict):
    """An article's weighted vector (term -> weight) from its two lines of
    encode_signature's text, read on first use: the first grouping builds
    its matrix straight from the lines (packed(), sparse.py) and most
    events' summaries ask only for the weights (values()), so that most
    vectors never become a dict."""

    __slots__ = ("_terms", "_weights", "_ids")

    def __init__(self, terms: str, weights: str, ids: str | None = None):
        super().__init__()
        self._terms: str | None = terms
        self._weights: str | bytes = weights  # base64, or its bytes once packed() has decoded them
        self._ids = ids  # base64 of term_ids (None: not kept)

    def _doubles(self) -> bytes:
        weights = self._weights
        if isinstance(weights, str):
            weights = self._weights = binascii.a2b_base64(weights)
        return weights

    def _fill(self) -> None:
        terms = self._terms
        if terms is not None:
            self._terms = None
            if terms:
                dict.update(self, zip(terms.split(" "), array("d", self._doubles()).tolist()))

    def values(self):
        if self._terms is None:
            return dict.values(self)
        return array("d", self._doubles()).tolist() if self._terms else []

    def packed(self) -> tuple[str, bytes] | None:
        """(the terms' line, the weights as native doubles) while the
        vector is still unread, else None."""
        if self._terms is None:
            return None
        return self._terms, self._doubles() if self._terms else b""

    def ids(self) -> bytes | None:
        """The terms' ids (term_ids), in the order of packed()'s terms, if kept."""
        return binascii.a2b_base64(self._ids) if self._ids is not None else None


def encode_signature(f: Features, vector: dict[str, float]) -> str:
    return join_signature(vector, signature_rest(f))


def signature_rest(f: Features) -> str:
    """encode_signature's text after the vector's lines: what needs no
    IDF, written as soon as an article's features are known (a build then
    keeps this string, not the features' sets, until the IDF is)."""
    return "\n".join([
        _line(sorted(f.subject)), _line(sorted(f.what)), _line(sorted(f.opening)),
        _line(sorted(f.numbers)), _line(sorted(f.headline_numbers)),
        _line(map(str, sorted(f.days))), _line(map(str, sorted(f.weekdays))), _line(sorted(f.quoted)),
        _NONE if f.day is None else str(f.day), _NONE if f.weekday is None else str(f.weekday),
    ])


def join_signature(vector: dict[str, float], rest: str) -> str:
    """encode_signature's text of a vector and signature_rest's text."""
    ids = binascii.b2a_base64(term_ids(vector), newline=False).decode("ascii")
    return "\n".join([_line(vector), _floats_line(vector.values()), ids, rest])


def decode_vector(text: str) -> dict[str, float]:
    """The vector of encode_signature's text, without the rest."""
    terms, _, rest = text.partition("\n")
    weights, _, _ = rest.partition("\n")
    return dict(zip(_words(terms), _floats(weights)))


def decode_signature(text: str, terms: str | Sequence[str] | dict[str, float]) -> tuple[dict[str, float], Features]:
    """(vector, features) of encode_signature's text; terms: the article's
    raw terms (a list of them, or their line, will do where only the terms
    count: the subject check asks which terms a report holds, not how
    often; a line is read on first use, LazyTerms)."""
    vector, rest = split_signature(text)
    return vector, decode_rest(rest, terms)


def split_signature(text: str) -> tuple[Vector, str]:
    """(vector, the rest) of encode_signature's text: the rest is read by
    decode_rest, the first grouping's pair rules asking it of only some of
    the reports (tables.StoredDoc)."""
    vterms, weights, ids, rest = text.split("\n", 3)
    if rest.count("\n") != _LINES - 4:
        raise ValueError("not an event signature")
    return Vector(vterms, weights, ids), rest


def rest_day(rest: str) -> int | None:
    """The day the lead gives, from split_signature's rest."""
    day = rest.rsplit("\n", 2)[-2]
    return None if day == _NONE else int(day)


def rest_subject(rest: str) -> str:
    """The line of the headline's names (space-separated), from split_signature's rest."""
    return rest.partition("\n")[0]


def decode_rest(rest: str, terms: str | Sequence[str] | dict[str, float]) -> Features:
    """The features of split_signature's rest and the raw terms (decode_signature)."""
    subject, what, opening, numbers, headline_numbers, days, weekdays, quoted, day, weekday = rest.split("\n")
    raw = terms if isinstance(terms, dict) else LazyTerms(terms) if isinstance(terms, str) else dict.fromkeys(terms, 1.0)
    return Features(
        raw, _set(subject), _set(what), _set(opening), _set(numbers), _set(headline_numbers),
        None if day == _NONE else int(day), None if weekday == _NONE else int(weekday),
        _ints(days), _ints(weekdays), _set(quoted),
    )


def signature_day(text: str) -> int | None:
    """The day the lead gives, from encode_signature's text."""
    day = text.rsplit("\n", 2)[-2] if text.count("\n") == _LINES - 1 else _NONE
    return None if day == _NONE else int(day)


def encode_neighbours(row: Sequence[float]) -> str:
    return _floats_line(row)


def encode_neighbour_rows(found: Sequence[Sequence[float]]) -> list[str]:
    """[encode_neighbours(row) for row in found], from one array of them all."""
    doubles = memoryview(array("d", chain.from_iterable(found)).tobytes())
    out, at = [], 0
    for row in found:
        end = at + 8 * len(row)
        out.append(binascii.b2a_base64(doubles[at:end], newline=False).decode("ascii"))
        at = end
    return out


def decode_neighbours(text: str) -> list[float]:
    return _floats(text)
