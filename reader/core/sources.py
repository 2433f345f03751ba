"""An article's source, or that of every article read from a file or
folder, set after indexing (Library.set_source: the CLI's `source set` and
the app's palette both call it).

The name is kept in the store with the target (source_overrides), so that
re-reading a changed file, or rebuilding the search index from the store,
keeps it; and it becomes the display form of that source, so articles that
spell it in another case are relabelled too (one source, one name).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from reader.core.errors import LibraryError
from reader.core.store.articles import ArticleStore
from reader.core.text.clean import clean_inline


def source_name(name: str) -> str:
    """The name as it will be shown: one line, spaces collapsed; LibraryError when empty."""
    cleaned = " ".join(clean_inline(name).split())
    if not cleaned:
        raise LibraryError("source set needs a name (e.g. \"New York Times\")")
    return cleaned


def target_ids(store: ArticleStore, target: str, article_id: Callable[[str], str]) -> tuple[str, list[str]]:
    """("path:/abs" or "id:ID", the ids it covers). A path that exists is a
    file or folder, which must hold indexed articles; anything else is an
    id or its prefix (article_id resolves it, raising NotFound)."""
    path = Path(target)
    if target and path.exists():
        where = os.path.abspath(path)
        ids = store.ids_from_path(where)
        if not ids:
            raise LibraryError(f"no indexed article was read from {where}: index it first")
        return f"path:{where}", ids
    found = article_id(target)
    return f"id:{found}", [found]


def relabel(store: ArticleStore, db: sqlite3.Connection, target: str, name: str, ids: list[str]) -> int:
    """Keep name for target and give it to the articles it covers and to
    those that spell it in another case (the caller holds the write lock,
    in a transaction). How many articles changed."""
    store.set_source(db, target, name, covers=ids)
    changed = 0
    for article in store.get_many(sorted(set(ids) | set(store.ids_with_source(name)))).values():
        if store.upsert(db, replace(article, source=name)) != "unchanged":
            changed += 1
    return changed


def set_source(lib, target: str, name: str, lock_timeout: float = 10.0) -> dict:
    """Library.set_source: (target, source, articles, changed) as the
    CLI's JSON gives them; the search index is brought level after."""
    name = source_name(name)
    key, ids = target_ids(lib.store, target, lambda t: lib.get(t).id)
    with lib.write_lock(timeout=lock_timeout), lib.store.transaction() as db:
        changed = relabel(lib.store, db, key, name, ids)
    lib.index_paths([])  # brings the search index level with the store, nothing more
    return {"target": key, "source": name, "articles": len(ids), "changed": changed}
