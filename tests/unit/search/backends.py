"""The engines the conformance tests run on, and how each is opened.

Whoosh and Tantivy keep their index in a folder (make_engine(name, path)).
The PostgreSQL engine keeps it on a server: a test gets the server of the
session (tests/conftest.py's pg_server / pg_dsn, skipped with the reason
when no server binaries are here) and each index path its own PostgreSQL
schema, so that opening the same path again opens the same index.

Through the Library, the PostgreSQL engine runs beside the folder's article
store (the engine is handed to the Library): the engine is what is tested
here; the store on PostgreSQL has tests of its own.

Where PostgreSQL cannot answer exactly as the others, the difference is
listed in POSTGRES_DIFFERS, and the tests that meet it say so.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from reader.core.library import Library
from reader.core.search.engine import make_engine

ENGINES = ("whoosh", "tantivy", "postgres")

# What the PostgreSQL engine does differently, by design (the tests name these).
POSTGRES_DIFFERS = {
    "folder": "the PostgreSQL index is tables on a server, not files in the index folder",
    "old-schema": "no older PostgreSQL schema exists (version 1 is the first)",
    "stemming": "PostgreSQL stems with Snowball English (as Tantivy), Whoosh with Porter: a few words stem apart",
}


def require(name: str) -> str:
    if name == "tantivy":
        pytest.importorskip("tantivy", reason="the tantivy engine is an optional extra (newsreader[fast])")
    if name == "postgres":
        pytest.importorskip("psycopg", reason="the postgres engine needs psycopg (newsreader[postgres])")
    return name


def schema_for(path: Path) -> str:
    return "ix_" + format(zlib.crc32(str(path).encode()), "08x")


class Backend:
    """Engines and libraries of one engine, for one test."""

    def __init__(self, name: str, dsn: str | None = None):
        self.name = name
        self.dsn = dsn
        self._opened: list = []

    def engine(self, path: Path):
        if self.name != "postgres":
            return make_engine(self.name, path)
        from reader.core.search.postgres.engine import PostgresEngine  # only where psycopg is installed

        engine = PostgresEngine(self.dsn, schema=schema_for(Path(path)))
        self._opened.append(engine)
        return engine

    def engine_source(self, path: Path) -> str:
        """Python that makes this engine at path (for a child process)."""
        if self.name != "postgres":
            return f"make_engine({self.name!r}, {str(path)!r})"
        return f"__import__('reader.core.search.postgres.engine', fromlist=['x']).PostgresEngine({self.dsn!r}, schema={schema_for(Path(path))!r})"

    def library(self, path: Path, **kw) -> Library:
        if self.name != "postgres":
            return Library(path, engine=self.name, **kw)
        lib = Library(path, deferred=True, **kw)
        lib.engine = self.engine(Path(path) / "postgres")
        return lib

    def close(self) -> None:
        for engine in self._opened:
            engine.close()


def backend_for(request, name: str) -> Backend:
    """A Backend for a function-scoped test (a fresh database for postgres)."""
    require(name)
    return Backend(name, request.getfixturevalue("pg_dsn") if name == "postgres" else None)


def module_backend(request, name: str) -> Backend:
    """A Backend for a module-scoped fixture: for postgres, the session
    server's default database (each index path is a schema of its own)."""
    require(name)
    if name != "postgres":
        return Backend(name)
    return Backend(name, request.getfixturevalue("pg_server").dsn("postgres"))
