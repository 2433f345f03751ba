"""How the events screens draw an event at a glance: its reports from the
library listing's rows, its dates, and a coverage line with a timeline of
plain characters (visible under NO_COLOR, where colour carries nothing)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from reader.core.events.cluster import Event
from reader.core.events.views import Coverage, Report, coverage, reports_from_rows
from reader.core.text.clean import clean_inline
from reader.render.console import short_date

BARS = "▁▂▃▄▅▆▇█"
NO_REPORT = "·"  # a day (or bucket) without reports: a dot, so the span stays readable


def reports_of(event: Event, rows: dict[str, dict]) -> list[Report]:
    """The event's reports from listing rows (id -> row) read once in the
    worker, so that moving through the list never queries the store."""
    return reports_from_rows(event, rows)


def dates_label(event: Event) -> str:
    """The first day and the span in days ("2024-03-12 +2d"): short enough for 80 columns."""
    if event.first is None:
        return "no date"
    days = (event.last.date() - event.first.date()).days if event.last is not None else 0
    return short_date(event.first) + (f" +{days}d" if days > 0 else "")


def sparkline(counts: Sequence[int]) -> str:
    """Reports per bucket as bar characters, the fullest bucket a full bar."""
    top = max(counts, default=0)
    if top <= 0:
        return ""
    return "".join(NO_REPORT if n <= 0 else BARS[max(0, -(-n * len(BARS) // top) - 1)] for n in counts)


def coverage_text(cov: Coverage) -> Text:
    """Two lines: the summary (reports, sources, dates), then the timeline
    with its first and last day, or why there is none."""
    text = Text(clean_inline(cov.summary()))
    text.append("\n")
    if not cov.timeline:
        text.append("no dates known: no timeline", style="dim")
        return text
    per = "day" if cov.bucket_days == 1 else f"{cov.bucket_days} days"
    first, last = cov.timeline[0][0], cov.timeline[-1][0]
    text.append(f"{first:%d %b} ", style="dim")
    text.append(sparkline([n for _, n in cov.timeline]), style="bold")
    if last != first:
        text.append(f" {last:%d %b}", style="dim")
    text.append(f"  reports per {per}", style="dim")
    if cov.undated:
        text.append(f" · {cov.undated} undated", style="dim")
    return text


def event_coverage(event: Event, rows: dict[str, dict]) -> Coverage:
    return coverage(reports_of(event, rows))


def fit(value: str, width: int) -> str:
    """value cut to width with an ellipsis (column widths follow the terminal)."""
    value = clean_inline(value)
    if width <= 0:
        return ""
    return value if len(value) <= width else value[: max(0, width - 1)] + "…"
