"""A word's postings in one segment with their values (positions and
characters), for flat.py and phrases.py: the values come with the block
that is decoded anyway, so a phrase checks its positions and a hit's
snippet finds its words' characters without reading the postings again."""

from __future__ import annotations

from whoosh.codec.whoosh3 import W3LeafMatcher

LOOKUP = 8  # a posting list this many times longer than the documents wanted is looked up, not read


def read(reader, fieldname: str, word: bytes):
    """(document, weight, value) of a word's postings in a segment, deleted
    documents left out, a block at a time where Whoosh's matcher allows
    (its block arrays: whoosh-reloaded is pinned)."""
    m = reader._terms.matcher(fieldname, word, reader.schema[fieldname].format, scorer=None)
    deleted = reader.deleted_docs_set
    if isinstance(m, W3LeafMatcher):
        while m.is_active():
            m._read_ids()
            m._read_weights()
            m._read_values()
            block = zip(m._ids, m._weights, m._values)
            yield from ((d, w, v) for d, w, v in block if d not in deleted) if deleted else block
            m._next_block()
        return
    while m.is_active():
        docnum = m.id()
        if not deleted or docnum not in deleted:
            yield docnum, m.weight(), m.value()
        m.next()


def among(reader, fieldname: str, word: bytes, docs: list[int]):
    """(document, weight, value) of word's postings among docs (sorted): the
    list read whole when it is short, else looked up, skipping the blocks
    between them."""
    if reader.doc_frequency(fieldname, word) <= LOOKUP * len(docs):
        wanted = set(docs)
        yield from ((d, w, v) for d, w, v in read(reader, fieldname, word) if d in wanted)
        return
    m = reader.postings(fieldname, word)
    for docnum in docs:
        if not m.is_active():
            return
        if m.id() < docnum:
            m.skip_to(docnum)
            if not m.is_active():
                return
        if m.id() == docnum:
            yield docnum, m.weight(), m.value()


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
