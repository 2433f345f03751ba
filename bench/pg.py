"""The PostgreSQL engine in the benchmark: which server, and what its index takes.

BENCH_PG_DSN names the server (a postgresql:// URL or a conninfo string);
when it is unset, run.py starts a throwaway cluster for the run
(tests/pg_server.py: initdb in a temporary folder, a Unix socket only) and
sets it for the workers. Each index folder is a PostgreSQL schema of its own.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

ENV = "BENCH_PG_DSN"


def schema_of(index_dir: Path) -> str:
    return "bench_" + format(zlib.crc32(str(Path(index_dir).resolve()).encode()), "08x")


def available() -> str | None:
    """Why the engine cannot run here (None: it can)."""
    try:
        import psycopg  # noqa: F401  (the engine's driver: an optional extra)
    except ImportError:
        return "psycopg is not installed: pip install 'newsreader[postgres]'"
    if not os.environ.get(ENV):
        return f"no PostgreSQL server: set {ENV} (run.py starts one when the server binaries are installed)"
    return None


def engine(index_dir: Path):
    from reader.core.search.postgres.engine import PostgresEngine  # optional: psycopg

    return PostgresEngine(os.environ[ENV], schema=schema_of(index_dir))


def library(index_dir: Path):
    """A Library on the folder's article store with its search on the server."""
    from reader.core.library import Library

    lib = Library(index_dir, deferred=True)
    lib.engine = engine(Path(index_dir))
    return lib


def index_bytes(index_dir: Path) -> int:
    """What the engine's tables and their indexes take on the server."""
    import psycopg

    with psycopg.connect(os.environ[ENV]) as conn:
        row = conn.execute(
            "SELECT COALESCE(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind = 'r'",
            (schema_of(index_dir),),
        ).fetchone()
    return int(row[0])


def start_server():
    """A throwaway server for one run, or None (with the reason) when none can start here."""
    from tests import pg_server  # the tests' throwaway cluster, reused rather than written twice

    reason = pg_server.unavailable_reason()
    if reason:
        return None, reason
    try:
        return pg_server.PgServer().start(), None
    except RuntimeError as exc:
        return None, str(exc)
