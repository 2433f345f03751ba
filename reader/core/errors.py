"""The errors a reader can act on, shared by the core's packages.

Low in the house (it imports nothing of the core), so that feeds, the search
manifest and the facade raise one family: the CLI prints any LibraryError as
one line, and `reader.core.library` re-exports these for its callers.
"""

from __future__ import annotations


class LibraryError(RuntimeError):
    """A problem the reader can act on; str() is one line."""


class NotFound(LibraryError):
    pass


class IndexNeedsRebuild(LibraryError):
    pass


class IndexDamaged(IndexNeedsRebuild):
    pass
