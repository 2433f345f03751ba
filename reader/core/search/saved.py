"""Saved searches (newsboat's query feeds): a name for a query, shown as a
list with how many articles match it and how many of those are unread.

They come from two places: the config's [searches] table (name = "query"),
which the reader edits by hand, and the store's saved_searches table, which
the app (ctrl+s in the search box) and `newsreader searches add` write. They
are reader state, kept with the read marks in the store and not in the
search index, so rebuilding the index keeps them. The table is made by the
store's migrations; the SQL is plain (? placeholders, one table, no SQLite
functions) so that another database can hold it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone

from reader.core.errors import LibraryError, NotFound
from reader.core.text.clean import strip_controls

MAX_NAME = 80
_CHUNK = 500  # ids per IN (...): well under every database's limit on parameters


class SavedSearchError(LibraryError):
    """One line: a name taken, empty, or too long; a query that does not parse."""


@dataclass(frozen=True)
class SavedSearch:
    name: str
    query: str
    origin: str  # "config" (the [searches] table) or "saved" (the store)
    total: int | None = None  # matching articles; None until counted
    unread: int | None = None

    def as_dict(self) -> dict:
        return {"name": self.name, "query": self.query, "from": self.origin, "total": self.total,
                "unread": self.unread}


def _cleaned(name: str) -> str:
    """A name as kept and looked up: escape sequences whole, then what does not print, out."""
    return " ".join("".join(ch for ch in strip_controls(name) if ch.isprintable()).split())


def _name(name: str) -> str:
    cleaned = _cleaned(name)
    if not cleaned:
        raise SavedSearchError("a saved search needs a name")
    if len(cleaned) > MAX_NAME:
        raise SavedSearchError(f"a saved search's name is at most {MAX_NAME} characters")
    return cleaned


class SavedSearches:
    """configured: the config's [searches]; search_ids: every id a query
    matches (Library.search_ids), raising the engine's QueryError for a
    query that does not parse."""

    def __init__(self, db: sqlite3.Connection, configured: Mapping[str, str],
                 search_ids: Callable[[str], list[str]]) -> None:
        self.db = db
        self.configured = dict(configured)
        self.search_ids = search_ids

    def _stored(self) -> list[tuple[str, str]]:
        try:
            return self.db.execute("SELECT name, query FROM saved_searches ORDER BY name").fetchall()
        except sqlite3.OperationalError:  # a read-only store made before the table: none saved
            return []

    def list(self) -> list[SavedSearch]:
        """The config's first, in its order; then those saved, by name."""
        out = [SavedSearch(name, query, "config") for name, query in self.configured.items()]
        taken = {s.name.casefold() for s in out}
        out += [SavedSearch(name, query, "saved") for name, query in self._stored() if name.casefold() not in taken]
        return out

    def find(self, name: str) -> SavedSearch:
        for search in self.list():
            if search.name.casefold() == _cleaned(name).casefold():
                return search
        raise NotFound(f"no saved search named {name!r}" + (
            f" (saved: {', '.join(s.name for s in self.list())})" if self.list() else ""))

    def add(self, name: str, query: str) -> SavedSearch:
        name, query = _name(name), " ".join(query.split())
        if not query:
            raise SavedSearchError("a saved search needs a query")
        if any(s.name.casefold() == name.casefold() for s in self.list()):
            raise SavedSearchError(f"a saved search is already named {name!r}: remove it first, or choose another name")
        self.search_ids(query)  # a query that does not parse is refused now, not each time it is listed
        with self.db:
            self.db.execute("INSERT INTO saved_searches(name, query, created_at) VALUES(?, ?, ?)",
                            (name, query, datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")))
        return SavedSearch(name, query, "saved")

    def remove(self, name: str) -> SavedSearch:
        search = self.find(name)
        if search.origin == "config":
            raise SavedSearchError(f"{search.name!r} is in the config's [searches]: remove it there")
        with self.db:
            self.db.execute("DELETE FROM saved_searches WHERE name = ?", (search.name,))
        return search

    def counted(self, search: SavedSearch) -> SavedSearch:
        """The search with its total and unread counts (a full search: in
        the app, off the UI thread)."""
        ids = self.search_ids(search.query)
        read = 0
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            read += self.db.execute(f"SELECT count(*) FROM reader_state WHERE read = 1 AND id IN ({marks})",
                                    chunk).fetchone()[0]
        return SavedSearch(search.name, search.query, search.origin, len(ids), len(ids) - read)
