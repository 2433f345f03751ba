"""Reuters-21578 SGML files (reut2-NNN.sgm): one article per <REUTERS> item.

The files are Latin-1 SGML with character references and control bytes that
a strict XML parser rejects, so each item is cut out by its tags.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import datetime, timezone

from reader.core.ingest.draft import Draft

_NEWID = re.compile(r'NEWID="(\d+)"')
_SIGN_OFF = re.compile(r"\s*Reuter\s*\x03?\s*$")
_PARAGRAPH = re.compile(r"\n(?=\s{2,}\S)")

# The items and their tags are cut out with str.find: the patterns they stand for
# (<REUTERS\b([^>]*)>(.*?)</REUTERS> and <TAG>(.*?)</TAG>, DOTALL) tried their end at each character,
# which was the most of reading these files.


def _items(text: str) -> Iterator[tuple[str, str]]:
    """(attributes, content) of each item, as re.findall of the pattern above finds them."""
    at = 0
    while (i := text.find("<REUTERS", at)) >= 0:
        k = i + len("<REUTERS")
        if k < len(text) and (text[k].isalnum() or text[k] == "_"):  # \b: "<REUTERSX" is no item
            at = i + 1
            continue
        gt = text.find(">", k)
        end = text.find("</REUTERS>", gt + 1) if gt >= 0 else -1
        if end < 0:  # no item is closed after this one's start: none after a later start either
            return
        yield text[k:gt], text[gt + 1 : end]
        at = end + len("</REUTERS>")


def _between(text: str, start: str, end: str) -> str:
    """From the first start on to the first end after it; nothing if no end follows it (then none
    follows a later start either)."""
    i = text.find(start)
    if i < 0:
        return ""
    j = text.find(end, i + len(start))
    return text[i + len(start) : j] if j >= 0 else ""


def _tag(name: str, text: str) -> str:
    return html.unescape(_between(text, f"<{name}>", f"</{name}>"))


def _without_sign_off(body: str) -> str:
    """_SIGN_OFF.sub("", body), tried only where it can match: "Reuter" is then the last one in the
    body, with the whitespace before it (sub scanned the whole body from every position)."""
    i = body.rfind("Reuter")
    if i < 0:
        return body
    j = len(body[:i].rstrip())
    m = _SIGN_OFF.match(body, j)
    return body[:j] + body[m.end() :] if m else body


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
    for attrs, body in _items(text):
        newid = _NEWID.search(attrs)
        raw_body = _tag("BODY", body)
        if not raw_body.strip():
            continue  # briefs carry a title only
        raw_body = _without_sign_off(raw_body)
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
