"""What search raises: every message is one line that says what to do next.

Kept apart from the engines so that the CLI and the UI can catch these
without importing an engine (and Whoosh or Tantivy with it).
"""

from __future__ import annotations


class QueryError(ValueError):
    """A malformed query; str() is a one-line explanation for the reader."""


class EngineUnavailable(RuntimeError):
    """The engine asked for is unknown or its optional extra is not installed."""


class EngineDamaged(RuntimeError):
    """The index files are missing or unreadable; str() says what failed."""


def one_line(exc: BaseException) -> str:
    """An exception's message on one line (an engine's may span several)."""
    return " ".join(str(exc).split()) or type(exc).__name__
