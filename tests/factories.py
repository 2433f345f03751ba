"""Builders the tests share.

One place, so that a change to what an article is (a new field, a new id rule) is made once.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

from reader.core.models import Article


def make_article(
    key: str | int,
    *paragraphs: str,
    title: str = "",
    source: str | None = None,
    published: datetime | None = None,
    url: str = "",
    origin: str = "",
) -> Article:
    """An article with a readable id: `make_article("a", "One.", "Two.")`, or numbered
    (`make_article(3)`: id `id0003`, a one-line body that names the number)."""
    if isinstance(key, int):
        ident = f"id{key:04d}"
        paragraphs = paragraphs or (f"Ferries sailed {key} times past the lighthouse.",)
        title = title or f"Report {key}"
        source = "Test Wire" if source is None else source
        origin = origin or f"test/{key}"
    else:
        ident = key
        title = title or key
        source = f"outlet {key}" if source is None else source
        origin = origin or key
    return Article(
        id=ident,
        origin=origin,
        title=title,
        text_paragraphs=tuple(paragraphs),
        source=source,
        published=published,
        url=url,
    )


def day(n: int) -> datetime:
    """A UTC date in January 2024 (wrapping every 28 days), for dated test articles."""
    return datetime(2024, 1, 1 + n % 28, tzinfo=timezone.utc)


def make(folder: Path, name: str, title: str, body: str) -> Path:
    """A plain-text article file (title, blank line, body) in folder."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    return path


def bump(path: Path) -> None:
    """The file's mtime a second later, as an edit would leave it."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
