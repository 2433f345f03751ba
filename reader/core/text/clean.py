"""Cleaning article text: control characters, boilerplate lines, titles.

Everything here works on plain strings; it is applied at ingest and again at
display (article text is data from anywhere and must never drive a terminal).
"""

from __future__ import annotations

import re
import unicodedata

# Escape sequences are removed whole, so that no printable remains of them
# ("[31m") leak into the text: CSI, OSC (ended by BEL or ST), DCS/PM/APC/SOS
# strings, and two-byte escapes. A string that no BEL or ST ends is no
# escape of a terminal's (a stray ESC before "President", a cut page): only
# its ESC goes, with the controls, and the text after it stays (it was all
# deleted, to the end of the article). The 8-bit OSC (U+009D) is left to
# the controls alone: it is what mojibake makes of a quotation mark
# ("\u201d" read as Latin-1 ends in U+009D, "\u201c" in U+009C), so a
# string from one to the next was a sentence of the article.
_ESCAPES = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]            # CSI ... final byte
  | \x9b[0-?]*[ -/]*[@-~]              # 8-bit CSI (after any misread punctuation is read again)
  | \x1b\][^\x07\x1b\x9c]{0,65536}(?:\x07|\x1b\\|\x9c)   # OSC ... BEL/ST (8, 52, titles)
  | \x1b[PX^_][^\x1b\x9c]{0,65536}(?:\x1b\\|\x9c)        # DCS, SOS, PM, APC
  | \x1b[ -/]*(?:[0-~](?![a-z]))?      # other escapes (ESC c, ESC 7, charset picks), not a word's first letter
    """,
    re.VERBOSE,
)
# C0 except tab and newline, DEL, C1, the bidirectional overrides that can
# make text display in an order other than the one it is stored in, and the
# zero-width space, word joiner and byte-order mark, which hide inside a word
# ("har\u200bbour") so that it looks whole but is found by no search. The
# zero-width joiner and non-joiner stay: scripts and emoji need them.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
# Every character any step of strip_controls acts on: _CONTROLS's, carriage return, the line and
# paragraph separators, the surrogates, and ESC, CSI and OSC, with which every escape sequence starts (all are
# controls). Text without one comes out as it went in, so one scan in C answers for most text.
_TOUCHED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff\ud800-\udfff]")
# A lone surrogate ("\ud800" in a JSON file, "&#xD800;" in a feed) is no character: it cannot be
# written as UTF-8 (to the store, a hash, the terminal), so it becomes the replacement character.
_SURROGATES = re.compile("[\ud800-\udfff]")


# UTF-8 read as Latin-1: a character's bytes as as many characters, one of
# them a C1 control ("\u201d" as "\xe2\x80\x9d"). With a control among them
# they are no Latin-1 text anyone wrote, and are read again as UTF-8 (the
# controls would be removed, leaving "\xe2" where the quotation mark was);
# "\xc3\xa9" ("é" misread) holds none and may be Latin-1: it stays.
_MISREAD = re.compile("[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_C1 = re.compile("[\x80-\x9f]")


def _read_again(m: re.Match) -> str:
    try:
        return m.group().encode("latin-1").decode("utf-8")
    except UnicodeDecodeError:
        return m.group()


def _misread_again(text: str) -> str:
    """The text with its misread characters read again, where it holds
    punctuation so misread (a quotation mark, a dash, "€": U+2000 to U+20CF,
    whose last bytes are controls in Latin-1, "â\x80\x9d"): all of them then
    ("ZÃ¼rich" beside it). Other controls after a letter ("é\x85\x9b") are
    no such evidence: read again they would be a Chinese character."""
    if not any(_C1.search(m.group()) and "\u2000" <= _read_again(m) <= "\u20cf" for m in _MISREAD.finditer(text)):
        return text
    return _MISREAD.sub(_read_again, text)


def strip_controls(text: str) -> str:
    """Remove terminal escape sequences and control characters.

    A lone carriage return would let a line overwrite itself on a terminal;
    it becomes a line break so that both parts stay readable.
    """
    if not text or not _TOUCHED.search(text):
        return text
    if _C1.search(text):
        text = _misread_again(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # The Unicode line and paragraph separators end a line for some programs
    # and not for others; a plain line break is the same for all.
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    text = _ESCAPES.sub("", text)
    text = _SURROGATES.sub("\ufffd", text)
    return _CONTROLS.sub("", text)


_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")
_CHAR_REF_BYTES = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


def _referred(m) -> int:
    return int(m.group(1), 16) if m.group(1) else int(m.group(2))


def _no_character(cp: int) -> bool:
    return 0xD800 <= cp <= 0xDFFF or cp > 0x10FFFF or cp == 0


def _control(cp: int) -> bool:
    # (not 0x80-0x9F: HTML reads "&#146;" as Windows-1252's apostrophe, as lxml does)
    return (cp < 0x20 and cp not in (9, 10, 13)) or cp == 0x7F


def resolve_control_references(text: str) -> str:
    """Numeric character references to a control ("&#27;", ESC) written as the
    control itself, so that the cleaning before a parse (strip_escapes, and
    the parser's own) sees it, and to no character at all (a surrogate,
    "&#xD800;", or past U+10FFFF) as the replacement character: lxml decodes
    the references after any cleaning and refuses such text whole (the
    entry or the page was lost), trafilatura drops the page."""
    if "&#" not in text:
        return text

    def one(m) -> str:
        cp = _referred(m)
        if _no_character(cp):
            return "\ufffd"
        return chr(cp) if _control(cp) else m.group(0)

    return _CHAR_REF.sub(one, text)


def drop_impossible_references(data: bytes) -> bytes:
    """A feed's references to no character ("&#xD800;") as U+FFFD's: the
    feed parser raised on them and the whole feed was lost."""
    if b"&#" not in data:
        return data
    return _CHAR_REF_BYTES.sub(lambda m: b"&#xFFFD;" if _no_character(_referred(m)) else m.group(0), data)


def strip_escapes(text: str) -> str:
    """Terminal escape sequences removed whole, and nothing else: for text a parser reads before
    strip_controls can see it (an HTML parser drops the ESC and leaves "[31m" in the text), and
    characters misread as Latin-1 read again (the parse would drop their controls)."""
    if _C1.search(text):
        text = _misread_again(text)
    if "\x1b" in text or "\x9b" in text:
        return _ESCAPES.sub("", text)
    return text


def collapse_spaces(text: str) -> str:
    """" ".join(text.split()): each run of whitespace one space, none at either end. Text that is
    so already is given back as it is, found in C without splitting it into words: every character
    str.split() parts words at but the space is unprintable (\t, \n, U+00A0, U+2028...: checked
    for all of Unicode in the tests), so a printable text's only whitespace is its spaces."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def clean_inline(text: str) -> str:
    """One line of display text: no controls, whitespace collapsed."""
    return collapse_spaces(strip_controls(text))


def clip_at_word(text: str, width: int) -> str:
    """One line of text at most width characters, cut at a word and said to
    be cut with an ellipsis (a title in a note or a summary: "cyber-at" read as
    the title)."""
    text = clean_inline(text)
    return text if len(text) <= width else (text[: width - 1].rsplit(" ", 1)[0] or text[: width - 1]) + "…"


_BOILERPLATE_LINES = (
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
# One pattern of them all: a line matches it where it matches one of them (one match in C a
# paragraph, not eleven from Python).
_BOILERPLATE = re.compile("|".join(f"(?:{p})" for p in _BOILERPLATE_LINES), re.IGNORECASE)


def is_boilerplate(paragraph: str) -> bool:
    return _BOILERPLATE.match(paragraph.strip()) is not None


def _same_text(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def clean_paragraphs(paragraphs: list[str], title: str = "") -> list[str]:
    """Drop empty and boilerplate paragraphs, and a headline repeated as the
    first paragraph."""
    out: list[str] = []
    for p in paragraphs:
        p = collapse_spaces(strip_controls(p))
        # p has no whitespace at either end now: is_boilerplate's and _same_text's strip() is not needed
        if not p or _BOILERPLATE.match(p):
            continue
        if title and not out and _same_text(p, title):
            continue
        if out and len(p) < 200 and out[-1].casefold() == p.casefold():
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
