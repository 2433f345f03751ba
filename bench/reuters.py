"""Reuters-21578 SGML -> JSON Lines that the core reads (bench/cache/ only).

The core has no .sgm reader, so the benchmark converts each <REUTERS> record
with a body to {"id", "title", "text", "source", "date", "places", "topics"}
and writes them in files of CHUNK records. The SGML is Latin-1 with
&lt;-style entities and control bytes; a strict XML parser fails on it, so
this reads it with regular expressions.
"""

from __future__ import annotations

import html
import json
import re
from datetime import datetime
from pathlib import Path

CHUNK = 50
_RECORD = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
_NEWID = re.compile(r'NEWID="(\d+)"')
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _tag(block: str, name: str) -> str:
    m = re.search(rf"<{name}>(.*?)</{name}>", block, re.S)
    return m.group(1) if m else ""


def _items(block: str, name: str) -> list[str]:
    return re.findall(r"<D>(.*?)</D>", _tag(block, name))


def _clean(text: str) -> str:
    return _CONTROLS.sub("", html.unescape(text))


def _paragraphs(body: str) -> str:
    """Reuters marks a new paragraph with an indented line; other lines are
    hard wraps. The closing 'Reuter' sign-off is kept: it is real text."""
    paragraphs: list[list[str]] = []
    for line in body.splitlines():
        if not line.strip():
            continue
        if line.startswith((" ", "\t")) or not paragraphs:
            paragraphs.append([])
        paragraphs[-1].append(line.strip())
    return "\n\n".join(" ".join(p) for p in paragraphs)


def _date(raw: str) -> str | None:
    raw = raw.strip().split(".")[0]
    for fmt in ("%d-%b-%Y %H:%M:%S",):
        try:
            return datetime.strptime(raw, fmt).isoformat()
        except ValueError:
            pass
    return None


def records(sgm: Path):
    text = sgm.read_bytes().decode("latin-1")
    for m in _RECORD.finditer(text):
        attrs, block = m.groups()
        body = _tag(block, "BODY")
        if not body.strip():
            continue
        newid = _NEWID.search(attrs)
        yield {
            "id": newid.group(1) if newid else "",
            "title": " ".join(_clean(_tag(block, "TITLE")).split()),
            "text": _paragraphs(_clean(body)),
            "source": "Reuters",
            "date": _date(_tag(block, "DATE")),
            "places": _items(block, "PLACES"),
            "topics": _items(block, "TOPICS"),
        }


def convert(src: Path, dest: Path) -> dict[str, int]:
    """Write dest/reut2-NNN-KK.jsonl; returns {relative file: records}.
    Skips the work when dest already holds a complete conversion."""
    marker = dest / ".done.json"
    if marker.exists():
        return json.loads(marker.read_text())
    dest.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for sgm in sorted(src.glob("reut2-*.sgm")):
        chunk: list[dict] = []
        part = 0

        def flush() -> None:
            nonlocal chunk, part
            if chunk:
                name = f"{sgm.stem}-{part:02d}.jsonl"
                (dest / name).write_text(
                    "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chunk), encoding="utf-8"
                )
                counts[name] = len(chunk)
                chunk, part = [], part + 1

        for record in records(sgm):
            chunk.append(record)
            if len(chunk) >= CHUNK:
                flush()
        flush()
    marker.write_text(json.dumps(counts))
    return counts


if __name__ == "__main__":
    import sys

    out = convert(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"{sum(out.values())} records in {len(out)} files")
