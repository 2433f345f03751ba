"""`newsreader source set ID|PATH NAME`: an article's source, or that of
every article read from a file or folder, set after indexing.

The name is kept in the store with the target (source_overrides), so that
re-reading a changed file, or rebuilding the search index from the store,
keeps it; and it becomes the display form of that source, so articles that
spell it in another case are relabelled too (one source, one name).
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from reader.cli.errors import CliError
from reader.cli.output import emit_json, say
from reader.core.library import Library
from reader.core.store.lock import WriteLock
from reader.core.text.clean import clean_inline


def cmd_source_set(lib: Library, args) -> int:
    name = " ".join(clean_inline(args.name).split())
    if not name:
        raise CliError("source set needs a name (e.g. \"New York Times\")")
    path = Path(args.target)
    if path.exists():
        where = os.path.abspath(path)
        target, ids = f"path:{where}", lib.store.ids_from_path(where)
        if not ids:
            raise CliError(f"no indexed article was read from {where}: index it first")
    else:
        ids = [lib.get(args.target).id]  # NotFound, one line, when it is neither
        target = f"id:{ids[0]}"
    store = lib.store
    with WriteLock(lib.dir, timeout=10.0), store.transaction() as db:
        store.set_source(db, target, name, covers=ids)
        relabel = set(ids) | set(store.ids_with_source(name))
        changed = 0
        for article in store.get_many(sorted(relabel)).values():
            if store.upsert(db, replace(article, source=name)) != "unchanged":
                changed += 1
    lib.index_paths([])  # brings the search index level with the store, nothing more
    if args.json:
        emit_json({"target": target, "source": name, "articles": len(ids), "changed": changed})
    else:
        say(f"source {name!r} set for {len(ids)} article{'s' if len(ids) != 1 else ''}"
            f" ({changed} changed, kept over re-indexing)")
    return 0
