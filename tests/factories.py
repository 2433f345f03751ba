"""Builders the tests share.

One place, so that a change to what an article is (a new field, a new id rule) is made once.
"""

from __future__ import annotations

from datetime import datetime, timezone

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

