"""RSS and Atom feed files: one article per entry."""

from __future__ import annotations

import calendar
import re
from datetime import datetime, timezone

from reader.core.ingest.draft import Draft, parse_date
from reader.core.ingest.html import fragment_paragraphs
from reader.core.text.clean import drop_impossible_references


class NotAFeed(ValueError):
    pass


_OFFSET = re.compile(r"\d:\d\d(?::\d\d)?\s*([+-])(\d{2}):?(\d{2})\s*$")  # after a time: "-2024" is no offset


_ISO = re.compile(r"\s*([+-]?\d{1,6})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?")


def _impossible_iso(raw: str) -> bool:
    """A date written as ISO 8601 that names no moment: February 30, June 31,
    25:61, a year before 1 (feedparser carried them over: March 1, July 1, the
    next day's 02:01, 2000)."""
    m = _ISO.match(raw)
    if m is None:
        return False
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in m.groups())
    try:
        datetime(year, month, day, hour, minute, second)
    except ValueError:
        return True
    return m.group(1).startswith(("-", "+"))


def _when(entry) -> datetime | None:
    """The entry's date: as the project reads dates (draft.parse_date: one
    rule for every format), else as feedparser read it; no date when the
    written one is impossible (feedparser applied "+9999" and "+2400" as
    offsets and read "2024-W05-3" as December 1)."""
    for key in ("published", "updated", "created"):
        raw = dict.get(entry, key)  # (as stored: feedparser's get() maps "updated" to "published", with a warning)
        if not raw:
            continue
        ours = parse_date(str(raw))
        if ours is not None:
            return ours
        offset = _OFFSET.search(str(raw))
        if offset and (int(offset.group(2)) > 14 or int(offset.group(3)) > 59) or re.search(r"\d{4}-W\d", str(raw)) or (
                _impossible_iso(str(raw))):
            continue  # impossible as written: no date from it (another field may give one)
        value = entry.get(key + "_parsed")
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), tz=timezone.utc)
            except (OverflowError, OSError, ValueError):  # a year the platform's time_t cannot hold
                return None
    return None


def parse_feed(data: bytes) -> tuple[list[Draft], str]:
    """Return the entries and a warning ("" if none) for a damaged feed whose
    entries up to the damage could still be read."""
    import feedparser  # start-up time (~70 ms): only feeds need it

    parsed = feedparser.parse(drop_impossible_references(data))
    version = parsed.get("version") or ""
    if not parsed.entries and (not version or parsed.get("bozo")):
        reason = parsed.get("bozo_exception")
        raise NotAFeed(f"not a readable RSS/Atom feed ({_short(reason)})" if reason else "not an RSS/Atom feed")
    feed_title = (parsed.feed.get("title") or "").strip()
    drafts = []
    for position, entry in enumerate(parsed.entries):
        body = ""
        if entry.get("content"):
            body = max((c.get("value") or "" for c in entry.content), key=len)
        summary = entry.get("summary") or ""
        if len(summary) > len(body):
            body = summary
        link = (entry.get("link") or "").strip()
        key = (entry.get("id") or link or f"#{position}").strip()
        drafts.append(
            Draft(
                title=" ".join((entry.get("title") or "").split()),
                paragraphs=fragment_paragraphs(body),
                source=feed_title,
                byline=(entry.get("author") or "").strip(),
                published=_when(entry),
                url=link,
                key=key,
            )
        )
    warning = ""
    if parsed.get("bozo") and parsed.entries:
        n = len(parsed.entries)
        warning = f"damaged feed, read {n} entr{'y' if n == 1 else 'ies'} before the damage ({_short(parsed.get('bozo_exception'))})"
    return drafts, warning


def _short(exc) -> str:
    return " ".join(str(exc).split())[:120] if exc else "unknown error"
