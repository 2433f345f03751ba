"""The article store's SQLite file and everything in it.

    connection.py   opening: pragmas, the busy retry, migrating
    migrations.py   the schema of every table of the file, as named migrations
    articles.py     the article store (articles, file signatures, what the
                    index holds, reader state)
    lock.py         one writer at a time per index directory

The packages above (entities, events, feeds) keep tables in the same file
and read and write them on the store's connection; the store creates them.
"""

from __future__ import annotations

from reader.core.store.articles import ArticleStore
from reader.core.store.connection import connect
from reader.core.store.errors import StoreError

__all__ = ["ArticleStore", "StoreError", "connect"]
