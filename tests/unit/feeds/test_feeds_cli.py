"""`newsreader feeds ...`: --json with stable keys, one-line errors.

Fetching from the CLI is tested with the local HTTP server, in
tests/integration/test_fetch_http.py."""

from __future__ import annotations

import argparse
import json
import os
import time

import pytest

from reader.cli.feeds import add_parsers, run
from reader.core.feeds import FeedError, Subscriptions, feed_unread_counts, subscriptions_for


def cli(capsys, library, *argv):
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--index")
    common.add_argument("--json", action="store_true")
    parser = argparse.ArgumentParser(prog="newsreader")
    add_parsers(parser.add_subparsers(dest="command"), common)
    code = run(library, parser.parse_args(list(argv)))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_list_remove_json(capsys, library):
    code, out, err = cli(capsys, library, "feeds", "add", "https://paper.example/rss", "--name", "The Paper", "--json", "--no-check")
    assert code == 0 and err == ""
    data = json.loads(out)
    kept = ({"file": None, "store": library.store.where} if library.store.on_server  # a server keeps them (issue 18)
            else {"file": str(Subscriptions().path)})
    assert data == {"added": {"url": "https://paper.example/rss", "name": "The Paper"}, **kept,
                    "checked": False, "entries": None}
    cli(capsys, library, "feeds", "add", "https://wire.example/atom", "--no-check")
    code, out, _ = cli(capsys, library, "feeds", "list", "--json")
    feeds = json.loads(out)["feeds"]
    assert [f["url"] for f in feeds] == ["https://paper.example/rss", "https://wire.example/atom"]
    assert set(feeds[0]) == {"url", "name", "title", "unread", "total", "last_status", "last_error",
                             "last_fetched", "last_ok"}
    assert feeds[1]["name"] is None and feeds[1]["unread"] == 0 and feeds[1]["last_fetched"] is None
    code, out, _ = cli(capsys, library, "feeds", "list")
    assert "The Paper" in out and "not fetched yet" in out
    code, out, _ = cli(capsys, library, "feeds", "remove", "The Paper", "--json")
    assert json.loads(out)["removed"] == {"url": "https://paper.example/rss", "name": "The Paper"}
    assert [f.url for f in subscriptions_for(library.store).list()] == ["https://wire.example/atom"]


def test_list_when_empty(capsys, library):
    code, out, _ = cli(capsys, library, "feeds", "list")
    assert code == 0 and "no feeds yet" in out
    assert json.loads(cli(capsys, library, "feeds", "list", "--json")[1])["feeds"] == []
    assert feed_unread_counts(library) == []


def test_import_export(capsys, library, tmp_path):
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body>'
        '<outline text="Paper" xmlUrl="https://paper.example/rss"/>'
        '<outline text="Bad" xmlUrl="mailto:x@example.org"/></body></opml>',
        encoding="utf-8",
    )
    code, out, _ = cli(capsys, library, "feeds", "import", str(opml), "--json")
    data = json.loads(out)
    assert set(data) == {"added", "existing", "skipped", "file"} | ({"store"} if library.store.on_server else set())
    assert data["added"] == [{"url": "https://paper.example/rss", "name": "Paper"}]
    assert data["skipped"][0]["entry"] == "Bad"
    code, out, err = cli(capsys, library, "feeds", "import", str(opml))
    assert "0 feed(s)" in out and "1 already followed" in out and "skipped Bad" in err
    code, out, _ = cli(capsys, library, "feeds", "export")
    assert out.startswith("<?xml") and 'xmlUrl="https://paper.example/rss"' in out
    target = tmp_path / "out.opml"
    code, out, _ = cli(capsys, library, "feeds", "export", str(target), "--json")
    assert json.loads(out) == {"file": str(target), "feeds": 1}
    assert b"paper.example" in target.read_bytes()
    data = json.loads(cli(capsys, library, "feeds", "export", "--json")[1])
    assert data["feeds"] == 1 and data["opml"].startswith("<?xml")


def test_errors_raise_feed_error(capsys, library, tmp_path):
    with pytest.raises(FeedError, match="http:// or https://"):
        cli(capsys, library, "feeds", "add", "ftp://x.example/")
    with pytest.raises(FeedError, match="cannot read"):
        cli(capsys, library, "feeds", "import", str(tmp_path / "missing.opml"))
    with pytest.raises(FeedError, match="no subscription"):
        cli(capsys, library, "feeds", "remove", "nope")
    with pytest.raises(FeedError, match="no feeds to fetch"):
        cli(capsys, library, "fetch")


def test_feeds_needs_an_action(capsys, library):
    with pytest.raises(SystemExit):
        cli(capsys, library, "feeds")


@pytest.mark.parametrize("what,needle", [
    ("device", "a device, not a regular file: not read"),
    ("fifo", "a named pipe (FIFO), not a regular file: not read"),
    ("folder", "a folder, not a regular file"),
    ("huge", "too large"),
])
def test_import_reads_only_a_regular_file_of_a_sane_size(tmp_path, capsys, what, needle):
    from reader.cli.commands import main

    path = tmp_path / "feeds.opml"
    if what == "device":
        path = "/dev/zero"
    elif what == "fifo":
        os.mkfifo(path)  # nobody writes to it: opening it to read would block
    elif what == "folder":
        path.mkdir()
    else:
        path.write_bytes(b"<opml>" + b" " * (6 * 1024 * 1024) + b"</opml>")
    started = time.monotonic()
    assert main(["feeds", "import", str(path), "--index", str(tmp_path / "ix")]) == 1
    assert time.monotonic() - started < 5
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"cannot import {path}: " in err and needle in err
    assert Subscriptions().list() == []


def test_a_feed_is_removed_by_the_title_feeds_list_shows(capsys, library):
    """With no --name, `feeds list` shows the feed's own title ("Coast Herald"),
    and `feeds remove "Coast Herald"` said there was no such subscription."""
    from reader.core.feeds import state

    cli(capsys, library, "feeds", "add", "https://coast.example/rss", "--no-check")
    cli(capsys, library, "feeds", "add", "https://wire.example/atom", "--no-check")
    with library.store.transaction() as db:
        state.save_feed(db, state.FeedState("https://coast.example/rss", title="Coast Herald"))
    code, out, _ = cli(capsys, library, "feeds", "list")
    assert "Coast Herald" in out
    code, out, err = cli(capsys, library, "feeds", "remove", "coast herald", "--json")
    assert code == 0 and json.loads(out)["removed"]["url"] == "https://coast.example/rss"
    assert [f.url for f in subscriptions_for(library.store).list()] == ["https://wire.example/atom"]
