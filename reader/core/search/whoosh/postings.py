"""A word's postings in one segment, read a block at a time: as Python
tuples with their values (positions and characters) for phrases.py and
union.py, or as arrays for flat.py. Both come from one reader of Whoosh's
blocks (whoosh-reloaded is pinned: its block layout is read directly)."""

from __future__ import annotations

from array import array
from bisect import bisect_right
from itertools import accumulate

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher

_ONE = array("f", (1.0,))
LOOKUP = 8  # a posting list this many times longer than the documents wanted is looked up, not read


def blocks(reader, fieldname: str, word: bytes):
    """(documents, weights, values) of each block of a word's postings in a
    segment, deleted documents included. One pickle holds a block's three
    parts: they are decoded together, the documents with a C loop rather
    than Whoosh's delta_decode generator."""
    m = reader._terms.matcher(fieldname, word, reader.schema[fieldname].format, scorer=None)
    if not isinstance(m, W3LeafMatcher):  # a short list kept inline in the term's entry
        ids, weights, values = [], [], []
        while m.is_active():
            ids.append(m.id())
            weights.append(m.weight())
            values.append(m.value())
            m.next()
        if ids:
            yield ids, weights, values
        return
    while m.is_active():
        yield _decoded(m)
        m._next_block()


def _decoded(m: W3LeafMatcher) -> tuple:
    """The current block's (documents, weights, values)."""
    if m._byteids:
        m._read_ids()
        ids = m._ids
    else:
        m._read_data()
        ids = list(accumulate(m._data[0]))
    # W3LeafMatcher._read_weights, with its generators of one weight for all as C copies
    weights = m._data[1]
    if weights is None:
        weights = _ONE * m._blocklength
    elif isinstance(weights, float):
        weights = array("f", (weights,)) * m._blocklength
    m._read_values()
    return ids, weights, m._values


def live(reader, size: int):
    """A mask of the segment's documents that are not deleted (None: all are live)."""
    if not reader.has_deletions():
        return None
    out = np.ones(size, dtype=bool)
    out[np.fromiter(reader.deleted_docs_set, dtype=np.intp)] = False
    return out


def read(reader, fieldname: str, word: bytes):
    """(document, weight, value) of a word's postings in a segment, deleted
    documents left out."""
    deleted = reader.deleted_docs_set
    for ids, weights, values in blocks(reader, fieldname, word):
        block = zip(ids, weights, values)
        yield from ((d, w, v) for d, w, v in block if d not in deleted) if deleted else block


def among(reader, fieldname: str, word: bytes, docs: list[int]):
    """(document, weight, value) of word's postings among docs (sorted): the
    list read whole when it is short, else looked up, skipping the blocks
    between them."""
    short = reader.doc_frequency(fieldname, word) <= LOOKUP * len(docs)
    m = None if short else reader._terms.matcher(fieldname, word, reader.schema[fieldname].format, scorer=None)
    if not isinstance(m, W3LeafMatcher):  # short, or kept inline in the term's entry: read whole
        wanted = set(docs)
        yield from ((d, w, v) for d, w, v in read(reader, fieldname, word) if d in wanted)
        return
    # Block by block: a block's header says its last document, so a block
    # holding none of the documents wanted is passed over undecoded, and a
    # block holding some is decoded once (Whoosh's skip_to steps through it
    # a posting at a time).
    deleted = reader.deleted_docs_set
    i, count = 0, len(docs)
    while m.is_active() and i < count:
        last = m._maxid
        if docs[i] <= last:
            j = bisect_right(docs, last, i)
            wanted = set(docs[i:j])
            i = j
            for d, w, v in zip(*_decoded(m)):
                if d in wanted and d not in deleted:
                    yield d, w, v
        m._next_block()


def characters(searcher, docterms: dict, values: dict) -> dict:
    """Whoosh's highlighter cache (Results._char_cache) for the hits:
    {field: {docnum: {word: [(position, startchar, endchar)]}}} for the
    fields that store characters, from the values found by the search;
    what Highlighter._load_chars would read again from the postings."""
    schema = searcher.schema
    out: dict[str, dict] = {}
    for fieldname in {f for terms in docterms.values() for f, _w in terms}:
        field = schema[fieldname]
        if not field.supports("characters"):
            continue
        decode, from_bytes = field.format.decode_characters, field.from_bytes
        cache = out[fieldname] = {}
        for docnum, terms in docterms.items():
            chars = cache[docnum] = {}
            for (f, word), value in zip(terms, values[docnum]):
                if f == fieldname:
                    chars[from_bytes(word)] = decode(value)
    return out
