"""What search raises: every message is one line that says what to do next.

Kept apart from the engines so that the CLI and the UI can catch these
without importing an engine (and Whoosh or Tantivy with it).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path


class QueryError(ValueError):
    """A malformed query; str() is a one-line explanation for the reader."""


class EngineUnavailable(RuntimeError):
    """The engine asked for is unknown or its optional extra is not installed."""


class EngineDamaged(RuntimeError):
    """The index files are missing or unreadable; str() says what failed."""


class SearchCancelled(Exception):
    """A search given up because its caller's cancel check said so
    (reader.core.search.budget): not an error to show, only to drop."""


def one_line(exc: BaseException) -> str:
    """An exception's message on one line (an engine's may span several)."""
    return " ".join(str(exc).split()) or type(exc).__name__


_ERRNO_WORDS = (
    ("no space left", errno.ENOSPC),
    ("quota exceeded", errno.EDQUOT),
    ("read-only file system", errno.EROFS),
    ("permission denied", errno.EACCES),
)


def write_failed(exc: Exception, path: Path) -> OSError:
    """An engine's failed write as the OSError Whoosh raises for it (Tantivy
    raises a ValueError whose message names the IO error): one line, with
    the errno its words name (a full disk is ENOSPC), else EIO."""
    message = one_line(exc)
    code = next((n for words, n in _ERRNO_WORDS if words in message.lower()), None)
    if code is None:
        return OSError(errno.EIO, f"the search index could not be written ({message})", str(path))
    return OSError(code, f"{os.strerror(code)} while writing the search index", str(path))
