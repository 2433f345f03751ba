"""JSON and JSON Lines records.

The documented keys are id, title, text, source, published, url and byline
(only text is required). Common synonyms used by public news datasets are
accepted too, so that they index without conversion.
"""

from __future__ import annotations

import json

from reader.core.ingest.draft import Draft, parse_date
from reader.core.ingest.plain import split_paragraphs
from reader.core.text.clean import derive_title

_TEXT_KEYS = ("text", "content", "content_original", "body", "body-paragraphs", "article", "paragraphs")
_DATE_KEYS = ("published", "date", "published_at", "pubDate")
_BYLINE_KEYS = ("byline", "author", "authors")


class BadRecord(ValueError):
    pass


def _flatten_text(value) -> list[str]:
    if isinstance(value, str):
        return split_paragraphs(value)
    if isinstance(value, list):
        out: list[str] = []
        for item in value:
            if isinstance(item, list):  # a paragraph given as a list of sentences
                joined = " ".join(str(s).strip() for s in item if str(s).strip())
                if joined:
                    out.append(joined)
            elif isinstance(item, str) and item.strip():
                out.append(" ".join(item.split()))
        return out
    return []


def _first(record: dict, keys) -> object:
    for key in keys:
        if record.get(key) not in (None, "", []):
            return record[key]
    return None


def _text_field(record: dict, key: str, position: int, problems: list[str] | None, value=None) -> str:
    """A field that must be text: a string (a number written as one); any
    other JSON value (a list, an object, true) is left out and said, not
    written as Python writes it ("['x']", "{'a': 1}", "True")."""
    value = record.get(key) if value is None else value
    if value is None or isinstance(value, str):
        return value or ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if problems is not None:
        what = "true or false" if isinstance(value, bool) else "an object" if isinstance(value, dict) else "a list"
        problems.append(f"record {position}: '{key}' is {what}, not text; left out")
    return ""


def record_to_draft(record: object, position: int, problems: list[str] | None = None) -> Draft:
    if not isinstance(record, dict):
        raise BadRecord(f"record {position} is a {type(record).__name__}, not an object")
    text = _first(record, _TEXT_KEYS)
    paragraphs = _flatten_text(text)
    if not paragraphs:
        raise BadRecord(f"record {position} has no 'text'")
    byline = _first(record, _BYLINE_KEYS) or ""
    if isinstance(byline, list) and all(isinstance(b, str) for b in byline):
        byline = ", ".join(byline)
    title = " ".join(_text_field(record, "title", position, problems).split()) or derive_title(paragraphs)
    key = str(record["id"]) if record.get("id") not in (None, "") else str(position)
    return Draft(
        title=title,
        paragraphs=paragraphs,
        source=_text_field(record, "source", position, problems).strip(),
        byline=_text_field(record, "byline", position, problems, byline).strip(),
        published=parse_date(_first(record, _DATE_KEYS)),
        url=_text_field(record, "url", position, problems).strip(),
        key=key,
    )


def parse_json(text: str) -> tuple[list[Draft], list[str]]:
    """A JSON document: one record, or a list of records."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadRecord(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from exc
    records = data if isinstance(data, list) else [data]
    return _collect(enumerate(records), many=isinstance(data, list))


def parse_jsonl(text: str) -> tuple[list[Draft], list[str]]:
    """JSON Lines: a broken line is reported and the others are kept."""
    items = []
    problems = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append((lineno, json.loads(line)))
        except json.JSONDecodeError as exc:
            problems.append(f"line {lineno}: invalid JSON ({exc.msg})")
    drafts, more = _collect(items, many=True)
    return drafts, problems + more


def _collect(items, many: bool) -> tuple[list[Draft], list[str]]:
    drafts, problems = [], []
    seen: set[str] = set()
    for position, record in items:
        try:
            draft = record_to_draft(record, position, problems)
        except BadRecord as exc:
            if not many:
                raise
            problems.append(str(exc))
            continue
        if not many:
            draft.key = ""  # a file holding one article is identified by its path alone
        elif draft.key in seen:
            draft.key = f"{draft.key}@{position}"
        seen.add(draft.key)
        drafts.append(draft)
    if many and not drafts and problems:
        raise BadRecord(problems[0])
    return drafts, problems
