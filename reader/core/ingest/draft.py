"""What a format parser returns before it becomes an Article."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone


@dataclass
class Draft:
    title: str = ""
    paragraphs: list[str] = field(default_factory=list)
    source: str = ""
    byline: str = ""
    published: datetime | None = None
    published_raw: str = ""  # a date string still to be parsed
    url: str = ""
    key: str = ""  # position or id inside a file holding many articles ("" for one)


def parse_date(value: object) -> datetime | None:
    """ISO 8601 dates and datetimes, and the RFC 822 dates of feeds; naive
    values are taken as UTC. Anything else is unknown (None), never a guess."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        dt = value
    else:
        text = str(value).strip()
        try:
            dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            from email.utils import parsedate_to_datetime  # start-up time (~10 ms): most dates are ISO

            try:
                dt = parsedate_to_datetime(text)
            except (TypeError, ValueError, IndexError):
                return None
            if dt is None:
                return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    # Years 1 and 9999 are no publication dates but other systems' "no date" ("0001-01-01",
    # "9999-12-31"), and a day or an hour from them overflows: in the conversion to UTC
    # ("0001-01-01T00:00+05:00" lost a whole run), the events' and the comparison's weekdays.
    if not 1 < dt.year < 9999:
        return None
    return dt.astimezone(timezone.utc)
