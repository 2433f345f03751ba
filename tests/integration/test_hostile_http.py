"""Fetching from a hostile server (tests/hostile_server.py, its own process on
127.0.0.1): escape sequences in what it sends never reach the terminal, a
server that drips its answer is cut at one deadline, a cancel stops the
requests under way, Retry-After is honoured, and a feed's linked pages have
one time budget."""

from __future__ import annotations

import json
import re
import threading
import time
from urllib.parse import quote_from_bytes

import pytest

from reader.cli.commands import main
from reader.core.feeds import Subscriptions, fetch_all, state

# C0 but tab and newline, DEL, C1: what no line for a terminal may hold
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
OSC52 = b"\x1b]52;c;aGFja2Vk\x07"  # would write "hacked" to the clipboard
HOSTILE_TITLE = b"Evil\x1b[2J News" + OSC52 + " C1\u009b31m \u009d52;c;eA==\u009c".encode() + b"\x1bc end"
HOSTILE_REASON = b"Go\x1b[31mAway" + OSC52


def q(data: bytes) -> str:
    return quote_from_bytes(data, safe="")


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    for var in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("no_proxy", "*")


def run_cli(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- 1. escape sequences --------------------------------------------------------------

def test_escape_sequences_from_a_server_never_reach_the_terminal(hostile, tmp_path, capsys):
    index = str(tmp_path / "ix")
    evil_feed = hostile.url(f"/feed?title={q(HOSTILE_TITLE)}&items=1")
    evil_status = hostile.url(f"/status?code=503&reason={q(HOSTILE_REASON)}")
    evil_redirect = hostile.url(f"/status?code=302&reason=Found&header={q(b'Location: ' + OSC52 + b'x')}")
    for url in (evil_feed, evil_status, evil_redirect):
        Subscriptions().add(url)

    code, out, err = run_cli(capsys, "fetch", "--no-fulltext", "--index", index)
    assert code == 1  # two feeds failed
    assert not CONTROLS.search(out + err), repr(out + err)
    lines = err.strip().splitlines()
    # two failures, and the evil feed's warning (an ESC is not allowed in XML)
    assert len(lines) == 3 and all(line.startswith("newsreader: ") for line in lines)
    assert "Evil News" in err and "damaged feed" in err
    assert "HTTP 503 GoAway" in err  # the reason is shown, without its escapes
    assert "redirected to a non-web address" in err

    code, out, err = run_cli(capsys, "feeds", "list", "--index", index)
    assert code == 0 and not CONTROLS.search(out + err), repr(out + err)
    assert "Evil News" in out and "failed: HTTP 503 GoAway" in out
    assert len(out.strip().splitlines()) == 3  # one line per feed

    # JSON keeps what it is given but never writes a control character raw.
    for argv in (("feeds", "list", "--json"), ("fetch", "--no-fulltext", "--json")):
        code, out, err = run_cli(capsys, *argv, "--index", index)
        assert not CONTROLS.search(out + err), repr(out)
        json.loads(out)
    # What was stored of the feed is clean too: the title, the source of its article.
    with_state = run_cli(capsys, "list", "--index", index, "--json")[1]
    [article] = json.loads(with_state)["articles"]
    assert not CONTROLS.search(article["source"]) and "Evil" in article["source"]


# --- 3. one deadline, and cancel -------------------------------------------------------

def test_a_server_that_drips_its_headers_is_cut_at_one_deadline(hostile, library):
    url = hostile.url("/drip-headers?every=0.05")  # ~450 bytes: 20 s of head, one byte every 50 ms
    started = time.monotonic()
    report = fetch_all(library, [url], timeout=0.5, max_bytes=50_000, fulltext=False)
    took = time.monotonic() - started
    assert 1.9 < took < 3.5  # the whole request may take 4 x 0.5 s, however the bytes trickle
    [failure] = report.failed
    assert failure.error == "timed out after 2 s (the whole answer must arrive within 2 s)"


def test_a_cancel_stops_requests_under_way(hostile, library):
    stop = threading.Event()
    threading.Timer(0.3, stop.set).start()
    feeds = [hostile.url("/drip-headers?every=0.5"), hostile.url("/hang"), hostile.url("/drip-body?every=0.1")]
    started = time.monotonic()
    report = fetch_all(library, feeds, timeout=10, max_bytes=50_000, should_stop=stop.is_set)
    assert time.monotonic() - started < 1.0  # not the 40 s the deadline would allow
    assert report.stopped and [f.status for f in report.feeds] == ["skipped"] * 3
    assert state.feed_states(library.store) == {}  # a cancelled feed did not fail: nothing recorded


# --- Retry-After ----------------------------------------------------------------------

def test_a_short_retry_after_is_waited_for_and_said(hostile, library):
    url = hostile.url("/retry?code=429&after=1&fails=1&title=Patient")
    report = fetch_all(library, [url], timeout=2, max_bytes=50_000, fulltext=False)
    first, second = hostile.hits("/retry")
    assert second - first >= 0.95  # asked again only after the second it asked for
    assert report.added == 1 and not report.failed
    assert any("asked to wait 1 s" in line for line in report.lines())


@pytest.mark.parametrize("after,said", [("3600", "3600 s"), ("99999999999", "86400 s"),
                                       ("Wed, 21 Oct 2099 07:28:00 GMT", "86400 s")])
def test_a_long_retry_after_is_remembered_until_then(hostile, library, after, said):
    url = hostile.url(f"/retry?code=503&after={q(after.encode())}&fails=9")
    report = fetch_all(library, [url], timeout=1, max_bytes=50_000, fulltext=False)
    [failure] = report.failed
    assert f"the server asks to wait {said} before asking again" in failure.error
    assert "not asked again before" in state.feed_states(library.store)[url].last_error
    again = fetch_all(library, [url], timeout=1, max_bytes=50_000, fulltext=False)
    assert len(hostile.hits("/retry")) == 1  # the second run left it alone
    assert again.feeds[0].status == "skipped" and not again.failed
    assert "not fetched: the server asked not to be asked again before" in again.lines()[0]


# --- the time budget of a feed's linked pages -------------------------------------------

def test_a_feeds_linked_pages_share_one_time_budget(hostile, library):
    link = hostile.url("/hang?n={n}").encode()
    url = hostile.url(f"/feed?title=Dead&items=12&summary=Short.&link={q(link)}")
    started = time.monotonic()
    report = fetch_all(library, [url], timeout=5, max_bytes=50_000, pages_budget=1.0, max_connections=4)
    assert time.monotonic() - started < 2.5  # not 12 dead links / 4 connections x 20 s
    assert report.added == 12  # each kept with its summary
    assert len(report.fulltext_failed) == 12
    assert all("linked pages may take 1 s in all" in f.reason for f in report.fulltext_failed)
    assert len(hostile.hits("/hang")) == 4  # the pages not begun were not asked for
