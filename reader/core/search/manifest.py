"""Which engine an index was built with: index.json beside the article store.

An existing index is always opened with the engine its manifest records, and
checked on opening: an index from an older schema, or with unreadable files,
is rebuilt from the store (nothing is lost: the store is the source of truth).
An index on a read-only file system is still searched (from a private copy
when its engine cannot open it in place).
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from pathlib import Path

from reader.core.errors import IndexDamaged, IndexNeedsRebuild, LibraryError
from reader.core.search.engine import Engine, engine_names, make_engine
from reader.core.search.errors import EngineDamaged, EngineUnavailable
from reader.core.store.articles import ArticleStore

MANIFEST = "index.json"


MAX_MANIFEST_BYTES = 64 * 1024  # a manifest is a few dozen bytes; more is not one


def server_engine(store: ArticleStore) -> Engine | None:
    """The PostgreSQL engine for a store on PostgreSQL (same server, same database), or None: a
    store in a folder, or the engine not installed (then the index folder's engine is used)."""
    if not store.on_server:
        return None
    try:
        from reader.core.search.postgres.engine import PostgresEngine  # optional: psycopg, and only for a server
    except ImportError:
        return None
    return PostgresEngine(store.url)


def read(directory: Path) -> dict:
    """The recorded engine and schema ({} for a new index). A manifest that
    cannot be read, or records no known engine and schema, reads as
    {"damaged": the one-line message, "engine": the engine whose folder is
    in the index, if one is}: open_engine refuses it unless the index is
    about to be rebuilt, which needs only the article store."""
    path = Path(directory) / MANIFEST
    if not path.exists():
        return {}
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_MANIFEST_BYTES + 1)
        if len(raw) > MAX_MANIFEST_BYTES:
            raise ValueError(f"more than {MAX_MANIFEST_BYTES:,} bytes")
        problem = _problem(json.loads(raw.decode("utf-8")))
    except (OSError, ValueError) as exc:
        problem = " ".join(str(getattr(exc, "strerror", None) or exc).split())[:120]
    else:
        if problem is None:
            return json.loads(raw.decode("utf-8"))
    damaged = {"damaged": f"{path} is damaged ({problem}); run `newsreader index --rebuild`"
                          " (the index is rebuilt from the article store, nothing is lost)"}
    on_disk = [name for name in engine_names() if (Path(directory) / name).is_dir()]
    return {**damaged, "engine": on_disk[0]} if len(on_disk) == 1 else damaged


def _problem(manifest) -> str | None:
    """What is wrong with a parsed manifest (None: nothing)."""
    if not isinstance(manifest, dict):
        return "not an object"
    engine = manifest.get("engine")
    if not isinstance(engine, str) or engine not in engine_names():
        return f"unknown engine {str(engine)[:40]!r}"
    schema = manifest.get("schema")
    if isinstance(schema, bool) or not isinstance(schema, int) or schema < 0:
        return f"no schema number ({str(schema)[:20]!r})"
    return None


def write(directory: Path, engine: Engine) -> None:
    """Record the engine that now holds the index (replaced in one rename)."""
    path = Path(directory) / MANIFEST
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"engine": engine.name, "schema": engine.schema_version}), encoding="utf-8")
    tmp.replace(path)


def make(name: str, directory: Path) -> Engine:
    """The engine called name, in its folder of the index; LibraryError when
    it is not installed."""
    try:
        return make_engine(name, Path(directory) / name)
    except EngineUnavailable as exc:
        raise LibraryError(str(exc)) from exc


def open_engine(directory: Path, name: str, recorded: dict, store: ArticleStore, verify: bool = True) -> Engine:
    """Import, open and check the engine; raises LibraryError (engine not
    installed), IndexNeedsRebuild (old schema) or IndexDamaged (damaged
    files or manifest). verify=False, for a rebuild, checks nothing: the
    rebuild replaces whatever is there."""
    if recorded.get("damaged"):
        if verify:
            raise IndexDamaged(recorded["damaged"])
        recorded = {}  # about to be rebuilt: nothing it says is trusted
    engine = make(name, directory)
    if recorded and verify and recorded.get("schema", 0) < engine.schema_version:
        raise IndexNeedsRebuild(
            f"the search index in {directory} is from an older version; run `newsreader index --rebuild`"
            " (it is rebuilt from the article store, nothing is lost)"
        )
    if verify and engine.exists() and _read_only(directory):
        engine = _readable(engine, name, directory)
    if recorded and verify and store.indexed_count():
        try:
            engine.verify()
        except EngineDamaged as exc:
            engine.close()
            raise IndexDamaged(
                f"the search index in {directory} is damaged ({exc}); rebuild it from the article store with"
                " `newsreader index --rebuild` (read state and bookmarks are kept)"
            ) from exc
    return engine


def _read_only(directory: Path) -> bool:
    try:
        return bool(os.statvfs(directory).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs (Windows): ask whether it may be written
        return not os.access(directory, os.W_OK)


def _readable(engine: Engine, name: str, directory: Path) -> Engine:
    """An engine that can read an index on a read-only file system. Tantivy
    must write its lock file to open an index at all; then a private copy in
    the temporary folder (removed at exit) is searched instead. Reading
    works; writing fails as it would anyway."""
    try:
        engine.verify()
        return engine
    except Exception:  # noqa: BLE001 - whatever the engine raises, a copy may open where the original cannot
        engine.close()
    copy = Path(tempfile.mkdtemp(prefix="newsreader-readonly-"))
    atexit.register(shutil.rmtree, copy, True)
    shutil.copytree(Path(directory) / name, copy / name)
    return make(name, copy)
