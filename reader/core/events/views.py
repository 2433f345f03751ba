"""What the events list and an event's page show, as plain data (the CLI
prints it as JSON, the UI lays it out):

- `listing`: the events of more than one report, filtered (at least N
  sources, words to look for), with how many there are in all and how many
  single reports were left out ("reported once");
- `reports`: an event's reports, oldest first, with source, date and length,
  to pick two to compare;
- `coverage`: an event at a glance: which sources, how many reports each, and
  a small timeline of when they appeared, where dates are known.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from reader.core.events.cluster import Event
from reader.core.events.grouping import naive
from reader.core.models import NO_SOURCE
from reader.core.text.words import content_terms

TIMELINE_DAYS = 14  # a longer span is shown in as many buckets of several days each


def split_singles(events: Iterable[Event]) -> tuple[list[Event], list[Event]]:
    """(events of two or more reports, single reports), in the order given."""
    multi: list[Event] = []
    single: list[Event] = []
    for e in events:
        (single if e.reported_once else multi).append(e)
    return multi, single


def matches(event: Event, query: str, titles: dict[str, str] | None = None) -> bool:
    """Does every word of query occur in the event's title, its sources or
    (given titles: article id -> title) one of its reports' titles? Words
    are compared as the grouping compares them (stems, no stop words)."""
    wanted = set(content_terms(query))
    if not wanted:
        return True
    text = " ".join([event.title, *event.sources, *((titles or {}).get(i, "") for i in event.article_ids)])
    return wanted <= set(content_terms(text))


def listing(
    events: Sequence[Event],
    *,
    include_single: bool = False,
    min_sources: int = 1,
    query: str = "",
    titles: dict[str, str] | None = None,
    limit: int | None = None,
) -> dict:
    """The events list as JSON-able data: {"total": events that pass the
    filters, "shown": how many are in "events" (at most limit),
    "reported_once": single reports in all (left out unless include_single),
    "events": [Event.as_dict()...]}. Events keep their order (latest first)."""
    multi, single = split_singles(events)
    chosen = list(events) if include_single else multi
    # a report whose outlet is unknown has no source, and is still a report
    chosen = [e for e in chosen if (min_sources <= 1 or len(e.sources) >= min_sources)
              and (not query or matches(e, query, titles))]
    shown = chosen if limit is None else chosen[: max(0, limit)]
    return {
        "total": len(chosen),
        "shown": len(shown),
        "reported_once": len(single),
        "events": [e.as_dict() for e in shown],
    }


@dataclass(frozen=True)
class Report:
    """One report of an event, as its list shows it."""

    id: str
    title: str
    source: str
    published: datetime | None
    words: int

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "published": self.published.isoformat() if self.published else None,
            "words": self.words,
        }


def reports(store, event: Event) -> list[Report]:
    """The event's reports from the article store (its listing: metadata,
    never the text), in the event's order: oldest first, undated last."""
    ids = list(event.article_ids)
    rows = {}
    for start in range(0, len(ids), 500):  # SQLite limits the parameters of one statement
        chunk = ids[start : start + 500]
        rows.update((r["id"], r) for r in store.listing(ids=chunk, limit=len(chunk)))
    return reports_from_rows(event, rows)


def reports_from_rows(event: Event, rows: dict[str, dict]) -> list[Report]:
    """The event's reports from listing rows (id -> row) already read."""
    out = []
    for article_id in event.article_ids:
        r = rows.get(article_id)
        if r is None:
            continue  # removed from the store since it was grouped
        published = datetime.fromisoformat(r["published"]) if r["published"] else None
        out.append(Report(article_id, r["title"], r["source"], published, int(r["words"] or 0)))
    return out


@dataclass(frozen=True)
class Coverage:
    """An event at a glance, in the manner of Ground News' coverage bar."""

    reports: int
    sources: tuple[tuple[str, int], ...]  # (source, reports), most reports first
    first: datetime | None
    last: datetime | None
    undated: int  # reports without a date
    timeline: tuple[tuple[date, int], ...]  # (first day of the bucket, reports), oldest first
    bucket_days: int  # days per timeline bucket

    def summary(self) -> str:
        """One plain line: "5 reports · 4 sources (BBC News 2, …) · 12 Mar – 14 Mar 2024"."""
        head = f"{self.reports} report{'s' * (self.reports != 1)} · {len(self.sources)} source{'s' * (len(self.sources) != 1)}"
        named = ", ".join(f"{s} {n}" if n > 1 else s for s, n in self.sources[:3]) + (", …" if len(self.sources) > 3 else "")
        when = ""
        if self.first is not None and self.last is not None:
            a, b = self.first.strftime("%d %b %Y").lstrip("0"), self.last.strftime("%d %b %Y").lstrip("0")
            when = f" · {a}" if a == b else f" · {a} – {b}"
        undated = f" · {self.undated} undated" if self.undated and self.undated < self.reports else ""
        return f"{head} ({named}){when}{undated}" if named else head + when + undated

    def as_dict(self) -> dict:
        return {
            "reports": self.reports,
            "sources": [{"source": s, "reports": n} for s, n in self.sources],
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "undated": self.undated,
            "bucket_days": self.bucket_days,
            "timeline": [{"day": d.isoformat(), "reports": n} for d, n in self.timeline],
            "summary": self.summary(),
        }


def coverage(rows: Sequence[Report], max_buckets: int = TIMELINE_DAYS) -> Coverage:
    """Coverage of an event from its reports (views.reports)."""
    by_source = Counter(r.source or NO_SOURCE for r in rows)
    sources = tuple(sorted(by_source.items(), key=lambda kv: (-kv[1], kv[0].casefold())))
    dated = sorted(naive(r.published) for r in rows if r.published is not None)
    if not dated:
        return Coverage(len(rows), sources, None, None, len(rows), (), 1)
    start, end = dated[0].date(), dated[-1].date()
    span = (end - start).days + 1
    bucket = max(1, -(-span // max_buckets))  # ceiling: at most max_buckets buckets
    counts = Counter((d.date() - start).days // bucket for d in dated)
    timeline = tuple(
        (date.fromordinal(start.toordinal() + k * bucket), counts.get(k, 0)) for k in range((span - 1) // bucket + 1)
    )
    return Coverage(len(rows), sources, dated[0], dated[-1], len(rows) - len(dated), timeline, bucket)


def pairs_to_compare(event: Event, anchor: str | None = None) -> list[tuple[str, str]]:
    """The comparisons an event offers: one report (anchor, default the
    first) against each of the others in turn."""
    ids = list(event.article_ids)
    if len(ids) < 2:
        return []
    anchor = anchor if anchor in ids else ids[0]
    return [(anchor, other) for other in ids if other != anchor]
