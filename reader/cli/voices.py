"""`newsreader voices EVENT`: who an event's reports quote, how much (each
speaker down, each report across), and the quotations two reports give to
different speakers or in other words; every field in `--json`. EVENT is an
event id as `newsreader events` prints it, or any unique prefix of one."""

from __future__ import annotations

import re

from rich.cells import cell_len

from reader.cli.errors import CliError
from reader.cli.output import emit_json, progress_runner, say
from reader.core.entities import ExtractorUnavailable
from reader.core.library import Library
from reader.core.quotes.event_voices import EventVoices, column, describe
from reader.core.text.clean import clean_inline

_WORDS = re.compile(r"(\s*)(\S+)")
SPEAKER_W = 24
CELL_W = 8  # "12/345w"
WIDTH = 80  # every line fits an 80-column terminal


def find_event(events, prefix: str):
    wanted = prefix.strip().lower()
    if not wanted:
        raise CliError("voices needs an event id (`newsreader events` lists them)")
    matches = [e for e in events if e.id.startswith(wanted)]
    if not matches:
        raise CliError(f"no event with an id starting with {prefix!r} (`newsreader events` lists them)")
    if len(matches) > 1:
        raise CliError(f"{prefix!r} starts {len(matches)} event ids ({', '.join(e.id for e in matches[:5])}); type more of it")
    return matches[0]


def cmd_voices(lib: Library, args) -> int:
    with progress_runner(False)():
        event = find_event(lib.events(), args.event)
    try:
        found = lib.voices(event, args.extractor or "rules")
    except ExtractorUnavailable as exc:
        raise CliError(str(exc)) from exc
    if args.json:
        emit_json({"event": event.id, "title": event.title, **found.as_dict()})
        return 0
    for line in table_lines(event.id, event.title, found):
        say(line)
    return 0


def _cut(value: str, width: int) -> str:
    """value in at most `width` terminal cells (a CJK character takes two)."""
    value = clean_inline(value)
    if cell_len(value) <= width:
        return value
    return _fitting(value, width - 1) + "…"


def _fitting(value: str, width: int) -> str:
    """The longest start of value that takes at most `width` cells."""
    used = 0
    for n, ch in enumerate(value):
        used += cell_len(ch)
        if used > width:
            return value[:n]
    return value


def _pad(value: str, width: int) -> str:
    return value + " " * max(0, width - cell_len(value))


def wrap_cells(text: str, width: int, indent: str = "") -> list[str]:
    """text wrapped at spaces into lines of at most `width` terminal cells
    (textwrap counts characters, and a CJK character takes two cells); a word
    wider than a line, as a run of CJK without spaces, is broken between
    characters; the lines after the first start with `indent`."""
    lines: list[str] = []
    line, empty = "", True  # the line being filled, and whether it holds a word yet
    for n, (space, word) in enumerate(_WORDS.findall(text)):
        if n == 0:
            line = space  # a leading indent is kept, as textwrap keeps it
        while word:
            joined = line + word if empty else line + space + word
            if cell_len(joined) <= width:
                line, empty, word = joined, False, ""
            elif not empty:
                part = ""
                if cell_len(word) > width - (cell_len(indent) if lines else 0):  # wider than a line: fills this one
                    part = _fitting(word, width - cell_len(line) - len(space))
                lines.append(line + space + part if part else line)
                line, empty, word = indent, True, word[len(part):]
            else:
                part = _fitting(word, width - cell_len(line)) or word[0]
                lines.append(line + part)
                line, word = indent, word[len(part):]
    if not empty:
        lines.append(line)
    return lines


def table_lines(event_id: str, title: str, found: EventVoices) -> list[str]:
    """The voices as plain lines: a legend of the reports, the table
    (quotations/words per report), then the disagreements."""
    n = len(found.reports)
    about = f" (event {event_id[:10]}, {n} report{'s' * (n != 1)})"
    lines = [_cut(title, WIDTH - len(about)) + about, ""]
    for k, r in enumerate(found.reports):
        lines.append(f"  {column(k):>3}  {_cut(r.source or '(no source)', 40)}  {r.id[:8]}  "
                     f"{len(r.quotes)} quotation{'s' * (len(r.quotes) != 1)}")
    lines += ["", "quotations/words each report gives each speaker:",
              _pad("speaker", SPEAKER_W) + "".join(f"{column(k):>{CELL_W}}" for k in range(n))]
    for s in found.speakers:
        cells = "".join(f"{(f'{s.count(k)}/{s.words(k)}w' if s.count(k) else '·'):>{CELL_W}}" for k in range(n))
        lines.append(_pad(_cut(s.label, SPEAKER_W - 1), SPEAKER_W) + cells)
    if not found.speakers:
        lines.append("(no quotation found in any report)")
    lines += ["", f"{len(found.disagreements)} disagreement{'s' * (len(found.disagreements) != 1)}"
              " (a quotation given to another speaker, or in other words):"]
    for d in found.disagreements:
        head = f"  {column(d.a)}/{column(d.b)}  {'+'.join(d.kinds)}: {clean_inline(describe(d))}"
        lines += wrap_cells(head, WIDTH, " " * 6)
        for k, q in ((d.a, d.change.a), (d.b, d.change.b)):
            lead = f"      {column(k)}: "
            lines.append(lead + _cut(q.text, WIDTH - len(lead)))
    return lines
