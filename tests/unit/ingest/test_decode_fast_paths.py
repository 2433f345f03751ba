"""decode's fast paths (ASCII text counted by bytes, the cp1252 holes looked for in C) give
what the plain pattern and loop give."""

from __future__ import annotations

import importlib

import pytest

decode_module = importlib.import_module("reader.core.ingest.decode")  # the module: the package re-exports decode()


@pytest.mark.parametrize("text", [
    "plain words\nand a line\twith a tab",
    "bell\x07 and escape\x1b[31m red \x7f and form feed\x0c",
    "\x01\x02\x03\x04",
    "caf\u00e9 \x1b with a C1 \x85 control",
    "",
])
def test_the_control_ratio_is_the_patterns_count(text):
    expected = len(decode_module._CONTROL.findall(text)) / len(text) if text else 0.0
    assert decode_module._control_ratio(text) == expected


def test_a_file_of_mostly_controls_is_still_not_text():
    with pytest.raises(decode_module.NotText):
        decode_module.decode(b"abc" + b"\x01\x02\x03\x04\x05\x06" * 50)


@pytest.mark.parametrize("hole", [0x81, 0x8D, 0x8F, 0x90, 0x9D])
def test_a_byte_cp1252_lacks_makes_it_latin1(hole):
    data = b"caf\xe9 au lait " + bytes([hole]) + b" encore"
    assert decode_module.decode(data)[1] == "latin-1"


def test_without_those_bytes_it_is_cp1252():
    text, encoding = decode_module.decode(b"\x93quoted\x94 caf\xe9")
    assert encoding == "cp1252" and text == "\u201cquoted\u201d caf\u00e9"
