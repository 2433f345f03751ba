"""Which engine an index was built with: index.json beside the article store.

An existing index is always opened with the engine its manifest records, and
checked on opening: an index from an older schema, or with unreadable files,
is rebuilt from the store (nothing is lost: the store is the source of truth).
"""

from __future__ import annotations

import json
from pathlib import Path

from reader.core.errors import IndexDamaged, IndexNeedsRebuild, LibraryError
from reader.core.search.engine import Engine, make_engine
from reader.core.search.errors import EngineDamaged, EngineUnavailable
from reader.core.store.articles import ArticleStore

MANIFEST = "index.json"


def read(directory: Path) -> dict:
    """The recorded engine and schema ({} for a new index); raises
    IndexNeedsRebuild when the file cannot be read."""
    path = Path(directory) / MANIFEST
    if not path.exists():
        return {}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(manifest, dict):
            raise ValueError("not an object")
        return manifest
    except (OSError, ValueError) as exc:
        raise IndexNeedsRebuild(f"{path} is damaged ({exc}); run `newsreader index --rebuild`") from exc


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
    installed), IndexNeedsRebuild (old schema) or IndexDamaged."""
    engine = make(name, directory)
    if recorded and int(recorded.get("schema", 0)) < engine.schema_version:
        raise IndexNeedsRebuild(
            f"the search index in {directory} is from an older version; run `newsreader index --rebuild`"
            " (it is rebuilt from the article store, nothing is lost)"
        )
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
