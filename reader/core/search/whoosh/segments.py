"""A faster way to write many documents into a Whoosh index.

Whoosh's SegmentWriter spends most of a full build in pure-Python overhead
around the work itself: a chain of generator filters per token, a sorting
pool of one tuple per posting, and, when it writes the postings, a column
lookup per posting for the document's field length. SegmentBuilder writes
the same files (the whoosh3 codec, byte for byte the same postings for the
same documents) with less of that:

- text fields whose analyzer is a plain stemming chain (RegexTokenizer,
  LowercaseFilter, StopFilter, StemFilter) are analysed in one loop, with the
  stemmer's cache as a dict; any other field goes through field.index();
- postings are kept per field and term, already in document order (no sort
  of every posting), and the field lengths come from memory;
- a segment is written once it holds about `limit_postings` postings.

reader.core.search.whoosh.parallel runs builders in this process and in
forked children; the caller adds the segments to the index in its one commit.
"""

from __future__ import annotations

import pickle
import re
from array import array
from collections import defaultdict
from typing import Any

from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.codec.whoosh3 import W3Codec, W3TermInfo
from whoosh.formats import Characters, Positions
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte

# About 100 bytes of memory per posting held (the tuple, the encoded value, the
# list slot): 2.5 million postings is ~250 MB, as limitmb=256 for Whoosh's pool.
DEFAULT_LIMIT_POSTINGS = 2_500_000

_MISSING = object()


def _uncapture(pattern: str) -> str:
    """A regex's capturing groups made non-capturing (plain "(" only)."""
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if c == "(" and not pattern.startswith("?", i + 1):
            out.append("(?:")
        else:
            out.append(c)
        i += 1
    return "".join(out)


def _dumps(obj) -> bytes:
    return pickle.dumps(obj, 2)


class _FastText:
    """word_values() of a Characters or Positions field analysed by a plain
    stemming chain, in one loop; the same output as format.word_values()."""

    def __init__(self, field):
        fmt = field.format
        self.chars = isinstance(fmt, Characters)
        self.boost = fmt.field_boost
        tok, lower, stop, stem = field.analyzer.items
        # findall needs the whole match: the tokenizer's groups made non-capturing
        self.findall = re.compile(_uncapture(tok.expression.pattern), tok.expression.flags).findall
        self.stops = stop.stops
        self.minsize = stop.min
        self.maxsize = stop.max
        self.renumber = stop.renumber
        self.ignore = stem.ignore
        self.stemfn = stem.stemfn
        self.words: dict[str, bytes | None] = {}

    @staticmethod
    def fits(field) -> bool:
        ana = getattr(field, "analyzer", None)
        items = getattr(ana, "items", None)
        if (
            not field.indexed
            or type(field.format) not in (Characters, Positions)
            or field.vector
            or field.separate_spelling()
            or not isinstance(items, list)
            or len(items) != 4
        ):
            return False
        tok, lower, stop, stem = items
        return (
            type(tok) is RegexTokenizer
            and re.compile(_uncapture(tok.expression.pattern)).groups == 0
            and not tok.gaps
            and type(lower) is LowercaseFilter
            and type(stop) is StopFilter
            and type(stem) is StemFilter
            and not getattr(stem, "lang", None)
        )

    def index(self, value: str, docnum: int, terms) -> tuple[int, int]:
        """Add the postings of one document's value to terms (a
        defaultdict(list) of btext -> [(docnum, weight, vbytes)]); returns
        (field length, distinct words)."""
        words = self.words
        find = value.find
        seen = defaultdict(list)
        pos = -1
        first = True
        renumber = self.renumber
        end = 0
        for n, tok in enumerate(self.findall(value)):
            start = find(tok, end)
            end = start + len(tok)
            word = words.get(tok, _MISSING)
            if word is _MISSING:
                word = words[tok] = self._word(tok)
            if word is None:
                continue
            if renumber and not first:
                pos += 1
            else:
                pos = n
                first = False
            seen[word].append((pos, start, end))
        boost = self.boost
        length = 0
        chars = self.chars
        for word, poslist in seen.items():
            freq = len(poslist)
            length += freq
            if freq == 1:
                p, s, e = poslist[0]
                deltas = [(p, s, e - s)] if chars else [p]
            elif chars:
                deltas = []
                posbase = charbase = 0
                for p, s, e in poslist:
                    deltas.append((p - posbase, s - charbase, e - s))
                    posbase, charbase = p, e
            else:
                deltas = []
                base = 0
                for p, _s, _e in poslist:
                    deltas.append(p - base)
                    base = p
            terms[word].append((docnum, freq * boost, pack_uint(freq) + _dumps(deltas)))
        return length, len(seen)

    def _word(self, tok: str) -> bytes | None:
        """The indexed form of a token (UTF-8 bytes), None for a stop word."""
        text = tok.lower()
        if len(text) < self.minsize or (self.maxsize is not None and len(text) > self.maxsize) or text in self.stops:
            return None
        if text not in self.ignore:
            text = self.stemfn(text)
        return text.encode("utf-8")


class SegmentBuilder:
    """Writes documents into new segments of an index folder (not committed)."""

    def __init__(self, storage, schema, indexname: str, limit_postings: int = DEFAULT_LIMIT_POSTINGS):
        self.storage = storage
        self.schema = schema
        self.indexname = indexname
        self.limit = limit_postings
        self.codec = W3Codec()
        self.fast = {name: _FastText(schema[name]) for name in schema.names() if _FastText.fits(schema[name])}
        self.segments: list = []
        self._open()

    def _open(self) -> None:
        self.segment = self.codec.new_segment(self.storage, self.indexname)
        self.perdoc = self.codec.per_document_writer(self.storage, self.segment)
        self.postings: dict[str, defaultdict[bytes, list]] = {}
        self.lengths: dict[str, list[int]] = {}
        self.docnum = 0
        self.held = 0

    def add(self, fields: dict[str, Any]) -> None:
        schema, perdoc, docnum = self.schema, self.perdoc, self.docnum
        perdoc.start_doc(docnum)
        for fieldname in sorted(n for n in fields if not n.startswith("_")):
            value = fields[fieldname]
            if value is None:
                continue
            field = schema[fieldname]  # KeyError for an unknown field, as whoosh
            length = 0
            if field.indexed:
                terms = self.postings.get(fieldname)
                if terms is None:
                    terms = self.postings[fieldname] = defaultdict(list)
                fast = self.fast.get(fieldname)
                if fast is not None and isinstance(value, str):
                    length, held = fast.index(value, docnum, terms)
                    if not field.scorable:
                        length = 0
                else:
                    items = list(field.index(value))
                    if field.scorable:
                        length = sum(freq for _b, freq, _w, _v in items)
                    for tbytes, _freq, weight, vbytes in items:
                        terms[tbytes].append((docnum, weight, vbytes))
                    held = len(items)
                self.held += held
                if length:
                    lengths = self.lengths.get(fieldname)
                    if lengths is None:
                        lengths = self.lengths[fieldname] = []
                    lengths.extend([0] * (docnum + 1 - len(lengths)))
                    # the length as the codec stores it (one byte), as a reader would give it back
                    lengths[docnum] = byte_to_length(length_to_byte(length))
            perdoc.add_field(fieldname, field, value if field.stored else None, length)
            column = field.column_type
            if column:
                perdoc.add_column_value(fieldname, column, field.to_column_value(value))
        perdoc.finish_doc()
        self.docnum += 1
        if self.held >= self.limit:
            self.flush()

    def flush(self) -> None:
        """Write the documents held into their segment; start a new one."""
        if self.docnum == 0:
            return
        self.perdoc.close()
        self.segment.set_doc_count(self.docnum)
        fw = self.codec.field_writer(self.storage, self.segment)
        schema = self.schema
        for fieldname in sorted(self.postings):
            field = schema[fieldname]
            fmt = field.format
            fw.start_field(fieldname, field)
            pw = fw._postwriter
            lengths = self.lengths.get(fieldname, [])
            nlen = len(lengths)
            terms = self.postings[fieldname]
            block = self.codec._blocklimit
            compression = self.codec._compression
            for tbytes in sorted(terms):
                plist = terms[tbytes]
                fw._btext = tbytes
                pw.start_postings(fmt, W3TermInfo())
                # whole blocks straight into the postings writer (what
                # add_posting() would buffer, without its per-posting checks)
                total = len(plist)
                for i in range(0, total, block):
                    chunk = plist[i : i + block]
                    ids = [p[0] for p in chunk]
                    weights = [p[1] for p in chunk]
                    pw._ids = array("I", ids)
                    pw._weights = array("f", weights)
                    pw._values = [p[2] for p in chunk if p[2]]
                    pw._maxweight = max(0, max(weights))
                    lens = [lengths[d] for d in ids if d < nlen and lengths[d]]
                    pw._minlength = min(lens) if lens else None
                    pw._maxlength = max(lens) if lens else 0
                    # a block of one or two postings is a few dozen bytes that
                    # zlib cannot shrink: stored as is (the reader checks the flag)
                    pw._compression = compression if len(chunk) > 2 else 0
                    pw._write_block(last=i + block >= total)
                fw.finish_term()
            fw.finish_field()
        fw.close()
        self.segments.append(self.segment)
        self._open()

    def finish(self) -> list:
        self.flush()
        self.perdoc.close()  # the empty writer opened after the last flush
        return self.segments
