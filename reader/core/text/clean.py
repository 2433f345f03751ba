"""Cleaning article text: control characters, boilerplate lines, titles.

Everything here works on plain strings; it is applied at ingest and again at
display (article text is data from anywhere and must never drive a terminal).
"""

from __future__ import annotations

import re
import unicodedata

# Escape sequences are removed whole, so that no printable remains of them
# ("[31m") leak into the text: CSI, OSC (ended by BEL or ST), DCS/PM/APC/SOS
# strings, and two-byte escapes.
_ESCAPES = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]            # CSI ... final byte
  | \x9b[0-?]*[ -/]*[@-~]              # 8-bit CSI
  | \x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?   # OSC ... BEL/ST (8, 52, titles)
  | \x9d[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?
  | \x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?        # DCS, SOS, PM, APC
  | \x1b[ -/]*[0-~]?                   # other escapes (ESC c, ESC 7, charset picks)
    """,
    re.VERBOSE,
)
# C0 except tab and newline, DEL, C1, the bidirectional overrides that can
# make text display in an order other than the one it is stored in, and the
# zero-width space, word joiner and byte-order mark, which hide inside a word
# ("har\u200bbour") so that it looks whole but is found by no search. The
# zero-width joiner and non-joiner stay: scripts and emoji need them.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def strip_controls(text: str) -> str:
    """Remove terminal escape sequences and control characters.

    A lone carriage return would let a line overwrite itself on a terminal;
    it becomes a line break so that both parts stay readable.
    """
    if not text:
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # The Unicode line and paragraph separators end a line for some programs
    # and not for others; a plain line break is the same for all.
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    text = _ESCAPES.sub("", text)
    return _CONTROLS.sub("", text)


def clean_inline(text: str) -> str:
    """One line of display text: no controls, whitespace collapsed."""
    return " ".join(strip_controls(text).split())


_BOILERPLATE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^read more\b.*$",
        r"^read the full (article|story)\b.*$",
        r"^this (picture|video|image|media) can ?not be (played|displayed|shown)\.?$",
        r"^to (watch|play|view) this (video|content|media),? (you need )?javascript must be enabled.*$",
        r"^(please )?enable javascript\b.*$",
        r"^(advertisement|sponsored( content)?|skip advert(isement)?)$",
        r"^(share|share this( article| story)?|share on (facebook|twitter|x))$",
        r"^(image|photo|picture) (source|caption|copyright),?.*$",
        r"^(sign up|subscribe) (to|for) (our|the) newsletter.*$",
        r"^related (topics|stories|articles)$",
        r"^media caption\b.*$",
    )
]


def is_boilerplate(paragraph: str) -> bool:
    line = paragraph.strip()
    return any(p.match(line) for p in _BOILERPLATE)


def _same_text(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def clean_paragraphs(paragraphs: list[str], title: str = "") -> list[str]:
    """Drop empty and boilerplate paragraphs, and a headline repeated as the
    first paragraph."""
    out: list[str] = []
    for p in paragraphs:
        p = " ".join(strip_controls(p).split())
        if not p or is_boilerplate(p):
            continue
        if title and not out and _same_text(p, title):
            continue
        if out and _same_text(out[-1], p) and len(p) < 200:
            continue  # a heading printed twice in a row
        out.append(p)
    return out


_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*$")


def is_headline_like(line: str) -> bool:
    line = line.strip()
    if not line or len(line) > 150:
        return False
    words = line.split()
    if len(words) > 22:
        return False
    # A headline rarely ends with a full stop; a sentence does.
    return not (_SENTENCE_END.search(line) and len(words) > 12)


def derive_title(paragraphs: list[str], limit: int = 90) -> str:
    """A short title from the first sentence of the text, cut at a word."""
    for p in paragraphs:
        p = p.strip()
        if p:
            break
    else:
        return "(untitled)"
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z“\"‘'])", p, maxsplit=1)[0]
    first = first.rstrip(".")
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0].rstrip(",;:–—-")
    return cut + "…"


def normalise_unicode(text: str) -> str:
    return unicodedata.normalize("NFC", text)
