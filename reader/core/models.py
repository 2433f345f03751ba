"""The records that flow from ingest to the store and on to every view."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime

# json.dumps(x, ensure_ascii=False) with an encoder made once: the same text, without building one
# a call (a third of a hash's time); the parsing workers write the paragraphs' JSON with it too
# the default ", " separators matter: ingest/pool.prepared counts a text's words from this JSON's spaces
json_text = json.JSONEncoder(ensure_ascii=False).encode


def article_id(origin: str) -> str:
    """A stable id from where an article comes from (not from what it says),
    so that an edited file keeps its id and its read state."""
    return hashlib.sha1(origin.encode("utf-8")).hexdigest()[:16]


NO_SOURCE = "(no source)"  # an article that names no outlet, on every screen and in every listing


@dataclass(frozen=True)
class Article:
    id: str
    origin: str  # "<root label>/<relative path>[#<position or record id>]" or a feed guid/URL
    title: str
    text_paragraphs: tuple[str, ...]
    source: str = ""
    byline: str = ""
    published: datetime | None = None
    url: str = ""
    root: str = ""  # absolute folder the article was indexed from ("" for feeds)
    relpath: str = ""  # path of the file relative to root
    notes: str = ""  # provenance remarks, e.g. what a sidecar says is unknown

    @property
    def text(self) -> str:
        return "\n\n".join(self.text_paragraphs)

    @property
    def word_count(self) -> int:
        return sum(len(p.split()) for p in self.text_paragraphs)

    @property
    def content_hash(self) -> str:
        """Says whether the article changed; covers everything a view shows."""
        return self.hash_with(json_text(self.text_paragraphs))

    def hash_with(self, paragraphs_json: str) -> str:
        """content_hash, given the paragraphs as JSON (the store keeps them so: ingest makes that once).
        The hash is of the JSON list [title, paragraphs, source, byline, published, url, notes],
        whose second item is that JSON as it is (a list is its items' JSON joined by ", ")."""
        published = self.published.isoformat() if self.published else None
        rest = json_text([self.source, self.byline, published, self.url, self.notes])
        payload = f"[{json_text(self.title)}, {paragraphs_json}, {rest[1:]}"
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Skipped:
    """An input that could not be used, with a one-line reason."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class IndexSummary:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[Skipped] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "added": self.added,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "skipped": [{"path": s.path, "reason": s.reason} for s in self.skipped],
            "warnings": [{"path": s.path, "reason": s.reason} for s in self.warnings],
        }


@dataclass(frozen=True)
class Snippet:
    """Plain text plus the character spans of the matched words: never markup."""

    text: str
    matches: tuple[tuple[int, int], ...]

    def as_dict(self) -> dict:
        return {"text": self.text, "matches": [list(m) for m in self.matches]}


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    source: str
    published: datetime | None
    url: str
    score: float
    snippet: Snippet
    title_matches: tuple[tuple[int, int], ...] = ()

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "published": self.published.isoformat() if self.published else None,
            "url": self.url or None,
            "score": round(self.score, 4),
            "snippet": self.snippet.as_dict(),
        }


@dataclass(frozen=True)
class SearchResults:
    query: str
    total: int
    hits: tuple[Hit, ...]
    # One line each, for the reader: how the search was bounded (a wildcard
    # or fuzzy term searched as its most likely words only); in the JSON only when there are some.
    notes: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        out = {
            "query": self.query,
            "total": self.total,
            "results": [h.as_dict() for h in self.hits],
        }
        if self.notes:
            out["notes"] = list(self.notes)
        return out
