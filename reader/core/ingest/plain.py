"""Plain text and Markdown articles."""

from __future__ import annotations

import re

from reader.core.ingest.draft import Draft
from reader.core.text.clean import derive_title, is_headline_like

_BYLINE = re.compile(r"^\s*[-•*]?\s*(?:written\s+)?by\s+(.{3,120})$", re.IGNORECASE)
_ROLE = re.compile(r"^\s*[-•*]\s*(.{3,120})$")


def split_paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs where the file has them (lines inside
    one are hard wraps); otherwise each line is a paragraph."""
    text = text.replace("\r\n", "\n")
    if re.search(r"\n[ \t]*\n", text):
        blocks = re.split(r"\n[ \t]*\n+", text)
        return [" ".join(b.split()) for b in blocks if b.strip()]
    return [line.strip() for line in text.split("\n") if line.strip()]


def _take_byline(lines: list[str]) -> tuple[str, list[str]]:
    if not lines:
        return "", lines
    m = _BYLINE.match(lines[0])
    if not m:
        return "", lines
    parts = [m.group(1).strip()]
    rest = lines[1:]
    # "- Political reporter, BBC News" under the name belongs to the byline.
    if rest and _ROLE.match(rest[0]) and len(rest[0]) < 80:
        parts.append(_ROLE.match(rest[0]).group(1).strip())
        rest = rest[1:]
    return ", ".join(parts), rest


def parse_text(text: str) -> list[Draft]:
    paragraphs = split_paragraphs(text)
    byline, paragraphs = _take_byline(paragraphs)
    if paragraphs and is_headline_like(paragraphs[0]):
        return [Draft(title=paragraphs[0], paragraphs=paragraphs[1:], byline=byline)]
    return [Draft(title=derive_title(paragraphs), paragraphs=paragraphs, byline=byline)]


_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_SETEXT = re.compile(r"^\s*(=+|-+)\s*$")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPH = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_MD_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_MD_QUOTE = re.compile(r"^\s*>\s?")
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)


def _md_inline(line: str) -> str:
    line = _MD_LINK.sub(r"\1", line)
    return _MD_EMPH.sub(r"\2", line)


def parse_markdown(text: str) -> list[Draft]:
    text = text.replace("\r\n", "\n")
    meta: dict[str, str] = {}
    fm = _FRONT_MATTER.match(text)
    if fm:
        for line in fm.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep:
                meta[key.strip().lower()] = value.strip().strip("\"'")
        text = text[fm.end():]
    title = meta.get("title", "")
    lines = text.split("\n")
    cleaned: list[str] = []
    for i, line in enumerate(lines):
        h = _MD_HEADING.match(line)
        if h:
            heading = _md_inline(h.group(2))
            if not title and len(h.group(1)) <= 2:
                title = heading
            else:
                cleaned += ["", heading, ""]
            continue
        if _MD_SETEXT.match(line) and cleaned and cleaned[-1].strip():
            heading = cleaned.pop()
            if not title:
                title = heading
            else:
                cleaned += ["", heading, ""]
            continue
        if line.strip() in ("***", "---", "___"):
            cleaned.append("")
            continue
        line = _MD_QUOTE.sub("", line)
        if _MD_LIST.match(line):
            cleaned.append("")  # each list item is a paragraph of its own
            line = _MD_LIST.sub("", line)
        cleaned.append(_md_inline(line))
    drafts = parse_text("\n".join(cleaned)) if not title else None
    if drafts is not None:
        draft = drafts[0]
    else:
        paragraphs = split_paragraphs("\n".join(cleaned))
        byline, paragraphs = _take_byline(paragraphs)
        draft = Draft(title=title, paragraphs=paragraphs, byline=byline)
    draft.byline = draft.byline or meta.get("author", "") or meta.get("byline", "")
    draft.source = meta.get("source", "")
    draft.url = meta.get("url", "")
    draft.published_raw = meta.get("date", "") or meta.get("published", "")
    return [draft]
