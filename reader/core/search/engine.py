"""The index interface, and which engine sits behind it.

The article store is the source of truth; an engine only holds what search
needs and can be rebuilt from the store. Each index directory records the
engine that built it (index.json), so it is always opened with that engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Protocol

from reader.core.models import Article, SearchResults
from reader.core.search.budget import Cancel
from reader.core.search.errors import EngineDamaged, EngineUnavailable
from reader.core.search.snippets import BodyOf

# The errors are defined with the other errors of search; the library takes them from here, with the interface.
__all__ = ["DEFAULT_ENGINE", "Engine", "EngineDamaged", "EngineUnavailable", "engine_names", "make_engine"]

DEFAULT_ENGINE = "whoosh"


class Engine(Protocol):
    name: str
    schema_version: int

    def exists(self) -> bool: ...
    def close(self) -> None: ...
    def clear(self) -> None: ...
    def optimize(self) -> int: ...
    def forget(self) -> None:
        """Drop what is kept of the index's words between searches, after a write by another
        engine on the same index in this process (one of its own drops it already)."""
    def doc_count(self) -> int: ...
    def verify(self) -> None:
        """Raise EngineDamaged when the index files cannot be read."""

    def write(self, articles: Iterable[Article], delete_ids: Iterable[str] = (),
              progress: Callable[[int], None] | None = None, procs: int | None = None) -> int:
        """Add or replace articles and delete ids in one commit."""

    def parse(self, text: str) -> object:
        """The parsed query; raises QueryError with a one-line explanation."""

    def search(self, text: str, limit: int = 20, body_of: BodyOf | None = None,
               filter_ids: set[str] | None = None, exclude_ids: set[str] | None = None,
               cancel: Cancel | None = None) -> SearchResults:
        """Ranked hits with snippets; filter_ids limits the search to those
        articles (None: all), exclude_ids leaves those out. Expanding terms
        are bounded (reader.core.search.budget), with a note when one was
        cut short; cancel is asked between the steps of the search, and
        once it answers True the search raises SearchCancelled."""

    def search_ids(self, text: str, limit: int | None = None, filter_ids: set[str] | None = None,
                   exclude_ids: set[str] | None = None, cancel: Cancel | None = None) -> list[str]: ...

    def query_words(self, text: str, fieldname: str = "body") -> set[str]:
        """The analysed words a query matches in a field (wildcards and fuzzy
        terms expanded), comparable with what analyse() yields."""

    def shortest_phrase(self, text: str) -> int: ...

    def analyse(self, text: str) -> Iterator[tuple[str, int, int]]:
        """(analysed word, start, end) for each token of text."""


def engine_names() -> tuple[str, ...]:
    return ("whoosh", "tantivy")


def make_engine(name: str, path: Path) -> Engine:
    if name == "whoosh":
        # imported here: loading Whoosh is start-up time that only opening an index needs
        from reader.core.search.whoosh.engine import WhooshEngine

        return WhooshEngine(path)
    if name == "tantivy":
        try:
            # imported here: Tantivy is an optional extra
            from reader.core.search.tantivy.engine import TantivyEngine
        except ImportError as exc:
            raise EngineUnavailable(
                "the tantivy engine needs the optional extra: pip install 'newsreader[fast]'"
            ) from exc
        return TantivyEngine(path)
    raise EngineUnavailable(f"unknown engine {name!r} (choose from {', '.join(engine_names())})")
