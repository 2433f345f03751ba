"""Feed addresses a fetch could only fail on oddly (bidi and zero-width characters, controls, a
percent escape in the host, a port past 65535): refused at `feeds add` and skipped by
`feeds import` in one line that names the address escaped, in a folder and on a server."""

from __future__ import annotations

import argparse
import dataclasses
import json

import pytest

from reader.cli.feeds import add_parsers, run
from reader.core.config import Config
from reader.core.feeds import FeedError, Subscriptions, subscriptions_for
from reader.core.library import Library

HOSTILE = [
    ("https://exa\u202emple.org/rss", "invisible", "\\u202e"),
    ("https://example.org/r\u200bss", "invisible", "\\u200b"),
    ("https://example.org/\ufeffrss", "invisible", "\\ufeff"),
    ("https://exa\x1b[31mmple.org/rss", "control character", "\\x1b"),
    ("https://example.org/rss\x7f", "control character", "\\x7f"),
    ("https://exa%00mple.org/rss", "percent escape in its host", "exa%00mple.org"),
    ("https://example.org:99999/rss", "port", "example.org:99999"),
    ("https://example.org:0/rss", "port", "example.org:0"),
]
GOOD = ["https://bücher.example/feed", "http://[fe80::1%25eth0]/rss", "https://example.org:8443/rss",
        "https://example.org/a%00b"]


@pytest.mark.parametrize(("url", "why", "shown"), HOSTILE)
def test_add_refuses_it_in_one_line_naming_it_escaped(url, why, shown):
    subs = Subscriptions()
    with pytest.raises(FeedError) as info:
        subs.add(url)
    message = str(info.value)
    assert why in message and shown in message
    assert message.isprintable()  # no raw control, bidi or zero-width character reaches the terminal
    assert subs.list() == []


def test_ordinary_addresses_near_them_are_still_followed():
    subs = Subscriptions()
    for url in GOOD:
        subs.add(url)
    assert [f.url for f in subs.list()] == GOOD


def _opml(urls: list[str]) -> bytes:
    outlines = "".join(f'<outline text="Feed {n}" xmlUrl="{u}"/>' for n, u in enumerate(urls))
    return f'<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>'.encode()


def _cli(capsys, library, *argv):
    parser = argparse.ArgumentParser(prog="newsreader")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true")
    add_parsers(parser.add_subparsers(dest="command"), common)
    code = run(library, parser.parse_args(list(argv)))
    return (code, *capsys.readouterr())


def _imports_skip_them(capsys, lib, tmp_path):
    path = tmp_path / "subs.opml"
    hostile = [u for u, _, _ in HOSTILE if "\x1b" not in u]  # XML 1.0 holds no ESC, even as &#27;
    path.write_bytes(_opml(["https://paper.example/rss"] + hostile))
    code, out, err = _cli(capsys, lib, "feeds", "import", str(path))
    assert code == 0
    assert f"imported 1 feed(s) from {path}" in out and f"{len(hostile)} skipped" in out
    lines = err.splitlines()
    assert len(lines) == len(hostile) and all(line.startswith("newsreader: skipped Feed ") for line in lines)
    assert all(line.isprintable() for line in lines)
    assert [f.url for f in subscriptions_for(lib.store).list()] == ["https://paper.example/rss"]
    toml = tmp_path / "feeds.toml"
    toml.write_text("".join(f'[[feed]]\nurl = "{u}"\n' for u, _, _ in HOSTILE[:3]), encoding="utf-8")
    code, out, _ = _cli(capsys, lib, "feeds", "import", str(toml), "--json")
    data = json.loads(out)
    assert data["added"] == [] and len(data["skipped"]) == 3
    assert all(entry["entry"].isprintable() and "invisible" in entry["reason"] for entry in data["skipped"])


def test_an_import_into_a_folder_skips_them_and_says_how_many(capsys, tmp_path):
    lib = Library(tmp_path / "index", Config())
    try:
        _imports_skip_them(capsys, lib, tmp_path)
    finally:
        lib.close()


def test_an_import_into_a_server_skips_them_and_says_how_many(capsys, tmp_path, pg_dsn):
    lib = Library(tmp_path / "ann", dataclasses.replace(Config(), store=pg_dsn, user="ann"))
    try:
        with pytest.raises(FeedError, match="invisible"):
            subscriptions_for(lib.store).add("https://exa\u202emple.org/rss")
        _imports_skip_them(capsys, lib, tmp_path)
    finally:
        lib.close()
