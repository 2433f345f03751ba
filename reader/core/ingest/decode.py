"""Bytes to text: byte-order marks, UTF-8, the legacy 8-bit encodings, and
telling a text file from a binary one."""

from __future__ import annotations

import codecs
import re


class NotText(ValueError):
    """The bytes are not a text file (binary, image, archive)."""


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
    b"SQLite format 3": "an SQLite database",
}
_VALID_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# Bytes that are undefined in Windows-1252; Latin-1 maps them to C1 controls.
_CP1252_HOLES = frozenset(b"\x81\x8d\x8f\x90\x9d")
_CP1252_DEFINED = [bytes((b,)) for b in range(0x80, 0xA0) if b not in _CP1252_HOLES]


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Raise NotText for binary data.

    UTF-8 is tried first; a file that is mostly valid UTF-8 with a few bad
    bytes is read as UTF-8 with replacement characters (one bad byte must
    not turn the whole file into mojibake); otherwise Windows-1252, which
    reads Latin-1 text the same way and also its curly quotes.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(name), name
            except UnicodeDecodeError as exc:
                raise NotText(f"invalid {name} after a byte-order mark") from exc
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise NotText(f"binary file ({what})")
    head = data[:8192]
    if _looks_utf16(head):
        enc = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            pass
    if b"\x00" in head:
        raise NotText("binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        valid = len(_VALID_MULTIBYTE.findall(data))
        invalid = _count_invalid_utf8(data)
        if valid > invalid:
            text, encoding = data.decode("utf-8", errors="replace"), "utf-8 (with invalid bytes replaced)"
        elif any(bytes((b,)) in data for b in _CP1252_HOLES):  # five scans in C, not a loop over every byte
            # Latin-1, unless Windows-1252's quotes, dashes and "€" outnumber the bytes it leaves undefined: one
            # stray byte read all of them as controls, and the cleaning removed every one
            holes = sum(data.count(b) for b in _CP1252_HOLES)
            if sum(data.count(b) for b in _CP1252_DEFINED) > holes:
                text, encoding = data.decode("cp1252", errors="replace"), "cp1252 (with undefined bytes replaced)"
            else:
                text, encoding = data.decode("latin-1"), "latin-1"
        else:
            text, encoding = data.decode("cp1252"), "cp1252"
    if _control_ratio(text[:8192]) > 0.1:
        raise NotText("binary file (mostly control characters)")
    return text, encoding


def _looks_utf16(head: bytes) -> bool:
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    # ASCII text in UTF-16 has a NUL in every other byte.
    return odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.1 * len(even) or (
        even.count(0) > 0.4 * len(even) and odd.count(0) < 0.1 * len(odd)
    )


def _count_invalid_utf8(data: bytes) -> int:
    count = 0
    pos = 0
    while True:
        try:
            data[pos:].decode("utf-8")
            return count
        except UnicodeDecodeError as exc:
            count += 1
            pos += exc.end
            if count > 10_000:
                return count


_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


_CONTROL_BYTES = bytes(b for b in range(128) if _CONTROL.match(chr(b)))


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    if text.isascii():  # most files: the same count by bytes.translate, in a third of the pattern's time
        raw = text.encode("ascii")
        return (len(raw) - len(raw.translate(None, _CONTROL_BYTES))) / len(raw)
    return len(_CONTROL.findall(text)) / len(text)
