"""The words of each Whoosh segment, kept beside it, for expanding wildcards,
prefixes and fuzzy terms into a bounded set of words quickly.

Whoosh expands such a term by walking a segment's term dictionary in Python
(a fuzzy term computes an edit distance for every word with its first
letter): hundreds of milliseconds on 25,000 articles, for each segment and
again for highlighting. Here each segment's words of a field are one string,
most frequent first, "\\nword\\tdf" a line, searched with one regular
expression in C; fuzzy candidates (the right first letters and length) are
then measured by rapidfuzz.

A segment never changes once written, so its vocabulary is written once, as
articles_<segment id>.vocab beside its files: Whoosh deletes it with them
when a merge retires the segment (its name matches the segment's files). It
is written after each commit (WhooshEngine.write), or on the first search
that needs it (an index built before this file existed); a missing, damaged
or unwritable one is rebuilt in memory from the segment.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA

from reader.core.search.budget import Cancel, check

VERSION = 1
FIELDS = ("title", "body", "source", "byline")  # the tokenised fields: no word holds a tab or a newline
WORD = r"[^\t\n]"  # one character of a word, in the patterns below


class FieldWords:
    """One segment's words of one field, most frequent first."""

    __slots__ = ("blob",)

    def __init__(self, blob: str) -> None:
        self.blob = blob  # "\nword\tdf\nword\tdf...\n"

    @classmethod
    def from_pairs(cls, pairs: list[tuple[str, int]]) -> FieldWords:
        pairs = sorted(pairs, key=lambda p: (-p[1], p[0]))
        return cls("\n" + "".join(f"{w}\t{df}\n" for w, df in pairs))

    def matching(self, word_pattern: str, limit: int | None = None) -> Iterator[tuple[str, int]]:
        """(word, document frequency) of the words that word_pattern (a
        regular expression over WORD characters) matches whole, most
        frequent first."""
        found = re.finditer(rf"\n({word_pattern})\t(\d+)(?=\n)", self.blob)
        for m in islice(found, limit):
            yield m.group(1), int(m.group(2))

    def near(self, text: str, maxdist: int, prefix: str) -> list[tuple[str, int, int]]:
        """(word, df, edits) of the words within maxdist edits of text
        (insertions, deletions, substitutions, swaps of neighbours) that
        start with prefix."""
        low = max(0, len(text) - maxdist - len(prefix))
        high = len(text) + maxdist - len(prefix)
        # findall, not matching(): the candidates (tens of thousands for a
        # common first letter) are collected in C, their counts read only
        # for the words found near
        pattern = re.escape(prefix) + WORD + "{%d,%d}" % (low, high)
        candidates = re.findall(rf"\n({pattern})\t(\d+)(?=\n)", self.blob)
        if not candidates:
            return []
        words = [w for w, _ in candidates]
        found = process.extract(text, words, scorer=OSA.distance, score_cutoff=maxdist, limit=None)
        return [(word, int(candidates[i][1]), int(dist)) for word, dist, i in found]


class SegmentWords:
    """The vocabulary of one segment: FieldWords by field."""

    def __init__(self, fields: dict[str, FieldWords]) -> None:
        self.fields = fields

    def field(self, name: str) -> FieldWords | None:
        return self.fields.get(name)

    @classmethod
    def read_segment(cls, reader, cancel: Cancel | None = None) -> SegmentWords:
        """From a segment's term dictionary (a whoosh SegmentReader)."""
        fields = {}
        for name in FIELDS:
            if name not in reader.schema:
                continue
            check(cancel)
            pairs = [(btext.decode("utf-8"), info.doc_frequency()) for btext, info in reader.iter_field(name)]
            fields[name] = FieldWords.from_pairs(pairs)
        return cls(fields)

    def dumps(self) -> str:
        return json.dumps({"version": VERSION, "fields": {k: v.blob for k, v in self.fields.items()}})

    @classmethod
    def loads(cls, text: str, expected: set[str]) -> SegmentWords | None:
        """None unless text holds the words of every expected field."""
        try:
            data = json.loads(text)
        except ValueError:
            return None
        if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("fields"), dict):
            return None
        fields = {k: FieldWords(v) for k, v in data["fields"].items() if isinstance(v, str) and v.startswith("\n")}
        return cls(fields) if expected <= fields.keys() else None


def vocab_path(folder: Path, segment_id: str) -> Path:
    return Path(folder) / f"{segment_id}.vocab"


def segment_id(reader) -> str:
    """A segment reader's segment id ("" for a reader of no segment: an empty index's)."""
    segment = reader.segment()
    return segment.segment_id() if segment is not None else ""


def load_or_build(folder: Path, segment_reader, cancel: Cancel | None = None) -> SegmentWords:
    """A segment's vocabulary from its file; built from the segment (and the
    file written) when the file is missing or unreadable."""
    path = vocab_path(folder, segment_id(segment_reader))
    expected = {name for name in FIELDS if name in segment_reader.schema}
    try:
        words = SegmentWords.loads(path.read_text(encoding="utf-8"), expected)
    except (OSError, UnicodeDecodeError):
        words = None
    if words is not None:
        return words
    words = SegmentWords.read_segment(segment_reader, cancel)
    save(path, words)
    return words


def save(path: Path, words: SegmentWords) -> None:
    """Write atomically; a folder that cannot be written (read-only, full)
    leaves the vocabulary in memory only."""
    # The temporary name matches the segment's files too: Whoosh deletes a leftover with them.
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(words.dumps(), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass


def write_missing(folder: Path, reader) -> None:
    """Write the vocabulary of each segment of reader that has none (after a commit)."""
    for segment_reader, _offset in reader.leaf_readers():
        if not segment_id(segment_reader):
            continue
        path = vocab_path(folder, segment_id(segment_reader))
        if not path.exists():
            save(path, SegmentWords.read_segment(segment_reader))
