"""A date range as a filter, answered from the `published` column.

Whoosh matches a date range as an OR of the numeric terms that cover it
(eight resolutions of the date), walked document by document: a range over
most of the collection (`date:1987` on 100,000 Reuters articles) took a
second. And when a search records its terms (for snippets), Whoosh's
constant-score wrapper steps aside and the range is scored by BM25 over
those numeric terms: a hit's rank then depends on how many articles share
its date's coarse terms, which says nothing about the hit. Here a range is
what the other engines make of it: a filter. Its documents are read off the
column of dates (one array a segment, cached by the engine) and each scores
the range's boost, as Whoosh's constant-score range does when a search
records no terms, and as Tantivy's range query does (1.0); PostgreSQL adds
nothing. Within an AND that is the same constant for every hit: the order
is the words'.
"""

from __future__ import annotations

import copy
import sys
from array import array
from collections.abc import Callable

import numpy as np
from whoosh import query as wq
from whoosh.columns import NumericColumn
from whoosh.matching import ListMatcher, NullMatcher

from reader.core.search.whoosh.postings import live

# (SegmentReader, field) -> the field's column value of every document, and
# the value that stands for no date; None: the segment has no such column
DateColumn = Callable[[object, str], "tuple[array, int] | None"]


def date_column(reader, fieldname: str) -> tuple[array, int] | None:
    """A segment's dates (microseconds since 0001-01-01, Whoosh's long) by
    document, read in one go from its column file where it can be (a
    missing date is the column's default, above any date), else None."""
    if not reader.has_column(fieldname):
        return None
    column = reader.column_reader(fieldname, translate=False)
    count = reader.doc_count_all()
    default = getattr(column, "_default", None)
    if not isinstance(default, int):
        return None
    values = array("Q")
    if isinstance(column, NumericColumn.Reader) and column._typecode == "Q" and column._fixedlen == 8:
        # whoosh-reloaded is pinned: the column is network-order 64-bit numbers
        values.frombytes(column._dbfile.get(column._basepos, column._count * 8))
        if sys.byteorder == "little":
            values.byteswap()
    else:
        values.extend(column[d] for d in range(min(count, len(column))))
    if len(values) < count:
        values.extend([default] * (count - len(values)))
    return values, default


class ColumnDates(wq.DateRange):
    """A DateRange whose documents come from the date column; scored a constant."""

    columns: DateColumn

    def bounds(self, missing: int) -> tuple[int, int]:
        """The smallest and largest column value inside the range (inclusive)."""
        low = 0 if self.start is None else int(self.start) + (1 if self.startexcl else 0)
        high = missing - 1 if self.end is None else int(self.end) - (1 if self.endexcl else 0)
        return low, min(high, missing - 1)

    def score(self) -> float:
        # ListMatcher(all_weights=boost) scores a boost of 0 as 1.0
        return self.boost or 1.0

    def mask(self, searcher):
        """Which documents of searcher's segment are in the range, deleted
        ones left out: the one answer of a range, for flat.py's ANDs and for
        Whoosh's collector (matcher)."""
        reader = searcher.reader()
        size = reader.doc_count_all()
        held = self.columns(reader, self.fieldname)
        if held is None:
            # no column: Whoosh's own matcher, asked for no scores (it is then constant)
            m = wq.DateRange.matcher(self, searcher, searcher.context(needs_current=False))
            out = np.zeros(size, dtype=bool)
            if m.is_active():
                out[list(m.all_ids())] = True
            return out
        values, missing = held
        column = np.frombuffer(values, dtype=np.uint64)[:size]
        low, high = self.bounds(missing)
        out = (column >= np.uint64(low)) & (column <= np.uint64(high))
        alive = live(reader, size)
        return out if alive is None else out & alive

    def matcher(self, searcher, context=None):
        docs = np.flatnonzero(self.mask(searcher)).tolist()
        return ListMatcher(docs, all_weights=self.score()) if docs else NullMatcher()


def column_dates(q: wq.Query, columns: DateColumn) -> wq.Query:
    """q with each date range answered from the date column."""
    if type(q) is wq.DateRange:
        out = copy.copy(q)
        out.__class__ = ColumnDates
        out.columns = columns
        return out
    return q.apply(lambda child: column_dates(child, columns))
