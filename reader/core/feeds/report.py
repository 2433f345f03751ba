"""What a fetch run did: per feed, and in total; as lines for a person and
as a dict for --json."""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.core.text.clean import clean_inline


@dataclass
class FeedResult:
    url: str
    name: str  # what the feed is called in reports: its name, its title or its address
    status: str = "pending"  # "fetched", "not-modified", "failed" or "skipped" (stopped, or asked to wait)
    http_status: int | None = None
    entries: int = 0
    added: int = 0
    updated: int = 0
    changed: int = 0  # of the updated, those whose title or text changed: a new version each
    unchanged: int = 0
    error: str = ""
    warnings: list[str] = field(default_factory=list)
    requests: int = 0

    def as_dict(self) -> dict:
        return {
            "url": self.url,
            "name": self.name,
            "status": self.status,
            "http_status": self.http_status,
            "entries": self.entries,
            "added": self.added,
            "updated": self.updated,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "error": self.error or None,
            "warnings": list(self.warnings),
            "requests": self.requests,
        }


@dataclass(frozen=True)
class PageFailure:
    feed: str
    url: str
    reason: str


@dataclass
class FetchReport:
    feeds: list[FeedResult] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    changed: int = 0  # articles whose title or text changed: a new version each
    unchanged: int = 0
    fulltext_failed: list[PageFailure] = field(default_factory=list)
    requests: int = 0
    stopped: bool = False

    @property
    def failed(self) -> list[FeedResult]:
        return [f for f in self.feeds if f.status == "failed"]

    def outcome(self) -> str:
        """The one line a fetch ends with, the same in the CLI and the app:
        an unchanged feed is not counted as fetched nor as failed."""
        fetched = sum(1 for f in self.feeds if f.status == "fetched")
        parts = [f"{counted(fetched, 'feed', 'feeds')} fetched"]
        for status, word in (("not-modified", "unchanged"), ("failed", "failed"), ("skipped", "skipped")):
            n = sum(1 for f in self.feeds if f.status == status)
            if n:
                parts.append(f"{n} {word}")
        changed = f", {self.changed} changed (a new version each)" if self.changed else ""
        return ", ".join(parts) + f": {counted(self.added, 'new article', 'new articles')}, {self.updated} updated{changed}"

    def lines(self) -> list[str]:
        """One line per problem: failing feeds, then pages kept as summaries;
        no control characters (they quote feeds and servers)."""
        out = [f"{f.name}: {f.error}" for f in self.failed]
        out += [f"{f.name}: {w}" for f in self.feeds for w in f.warnings]
        out += [f"{p.feed}: full text of {p.url} not fetched ({p.reason}); kept the summary" for p in self.fulltext_failed]
        return [clean_inline(line) for line in out]

    def as_dict(self) -> dict:
        return {
            "feeds": [f.as_dict() for f in self.feeds],
            "added": self.added,
            "updated": self.updated,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "failed": [{"feed": f.name, "url": f.url, "reason": f.error} for f in self.failed],
            "fulltext_failed": [{"feed": p.feed, "url": p.url, "reason": p.reason} for p in self.fulltext_failed],
            "requests": self.requests,
            "stopped": self.stopped,
        }


def counted(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
