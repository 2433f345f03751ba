"""Quotation marks: moved to reader/core/text/marks.py, below the entities, so that the events'
features read them without importing the quotes package (its entities, 0.2-0.4 s of a build's
serial start). The names stay importable from here."""

from reader.core.text.marks import (  # noqa: F401
    ALL_MARKS,
    DOUBLE_CLOSE,
    DOUBLE_OPEN,
    SINGLE_CLOSE,
    SINGLE_OPEN,
    STRAIGHT,
    Quoted,
    find_quoted,
)
