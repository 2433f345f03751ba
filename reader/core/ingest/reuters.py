"""Reuters-21578 SGML files (reut2-NNN.sgm): one article per <REUTERS> item.

The files are Latin-1 SGML with character references and control bytes that
a strict XML parser rejects, so each item is cut out by its tags.
"""

from __future__ import annotations

import html
import re
from datetime import datetime, timezone

from reader.core.ingest.draft import Draft

_ITEM = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.DOTALL)
_NEWID = re.compile(r'NEWID="(\d+)"')


_TAGS = {name: re.compile(rf"<{name}>(.*?)</{name}>", re.DOTALL) for name in ("BODY", "TITLE", "DATE")}
_SIGN_OFF = re.compile(r"\s*Reuter\s*\x03?\s*$")
_PARAGRAPH = re.compile(r"\n(?=\s{2,}\S)")


def _tag(name: str, text: str) -> str:
    m = _TAGS[name].search(text)
    return html.unescape(m.group(1)) if m else ""


def looks_like_reuters(head: bytes) -> bool:
    return b"<REUTERS" in head[:2000] or head.lstrip().startswith(b'<!DOCTYPE lewis')


_STAMP = re.compile(r"(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d{1,2}):(\d{2}):(\d{2})")
# strptime's %b in the C locale, without strptime's cost (a fifth of reading a Reuters file)
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}


def _date(text: str) -> datetime | None:
    # "1-MAR-1987 01:30:29.50", "26-FEB-1987 15:01:01.79&#5;&#5;RM": the day has one or
    # two digits, so the stamp is taken by its shape, not by a fixed width.
    m = _STAMP.match(text.strip())
    if not m:
        return None
    day, month, year, hour, minute, second = m.groups()
    if month.lower() not in _MONTHS:
        return None
    try:
        return datetime(int(year), _MONTHS[month.lower()], int(day), int(hour), int(minute), int(second),
                        tzinfo=timezone.utc)
    except ValueError:
        return None


def parse_reuters(text: str) -> list[Draft]:
    drafts = []
    for attrs, body in _ITEM.findall(text):
        newid = _NEWID.search(attrs)
        raw_body = _tag("BODY", body)
        if not raw_body.strip():
            continue  # briefs carry a title only
        raw_body = _SIGN_OFF.sub("", raw_body)
        # A paragraph starts with an indented line; other line breaks are wraps.
        paragraphs = [" ".join(p.split()) for p in _PARAGRAPH.split(raw_body) if p.strip()]
        drafts.append(
            Draft(
                title=" ".join(_tag("TITLE", body).split()),
                paragraphs=paragraphs,
                source="Reuters",
                published=_date(_tag("DATE", body)),
                key=newid.group(1) if newid else str(len(drafts)),
            )
        )
    if not drafts:
        raise ValueError("no Reuters articles with a body in this SGML file")
    return drafts
