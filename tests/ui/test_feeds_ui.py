"""Feeds in the app: fetch in the background (F), the feeds list with unread
counts (L), offline reading of what was fetched. A local HTTP server only."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from reader.core.feeds import Subscriptions
from reader.core.library import Library
from reader.ui.app import NewsApp
from reader.ui.screens import feeds as feeds_screen
from reader.ui.screens.feeds import FeedsScreen
from reader.ui.screens.library import LibraryScreen

from .conftest import wait_for

LONG = " ".join(["The harbour authority said the ferry service would resume next week after repairs."] * 12)


def rss(base: str) -> bytes:
    items = "".join(
        f"<item><title>Harbour story {n}</title><link>{base}/story/{n}</link><guid>h-{n}</guid>"
        f"<description>{LONG} Story {n}.</description></item>"
        for n in range(3)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Times</title>{items}</channel></rss>'.encode()


@pytest.fixture
def server(monkeypatch):
    for var in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/feed.xml":
                body = rss(f"http://127.0.0.1:{self.server.server_port}")
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
            else:
                body = b"not found"
                self.send_response(404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


async def test_fetch_key_lists_feeds_and_filters_by_feed(tmp_path, server):
    Subscriptions().add(f"{server}/feed.xml", name="Harbour Times")
    lib = Library(tmp_path / "ix")
    app = NewsApp(lib, seed_if_empty=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("F")
        table = app.screen.query_one("#library")
        await wait_for(pilot, lambda: len(table.rows_data) == 3, what="the fetched articles listed")
        assert sorted(r["title"] for r in table.rows_data) == [f"Harbour story {n}" for n in range(3)]
        assert {r["source"] for r in table.rows_data} == {"Harbour Times"}
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, FeedsScreen) and app.screen.query_one("#feeds-table"),
                       what="the feeds")
        feeds = app.screen.query_one("#feeds-table")
        assert feeds.row_count == 1
        assert feeds.get_row_at(0)[1].plain == "3"  # unread
        await pilot.press("escape", "r", "L")  # read one, back to the list
        await wait_for(pilot, lambda: isinstance(app.screen, FeedsScreen) and app.screen.query_one("#feeds-table"),
                       what="the feeds again")
        assert app.screen.query_one("#feeds-table").get_row_at(0)[1].plain == "2"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen), what="the library")
        assert app.screen.source_filter == "Harbour Times"
    lib.close()


def _notes(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_a_adds_a_feed_checked_in_a_worker(tmp_path, server, monkeypatch):
    """a on the feeds screen: a prompt for the address; the check (one fetch)
    runs off the UI thread; a feed is followed, a 404 or a page is not."""
    threads = []

    def recording(url, *args, **kwargs):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(url, *args, **kwargs)

    real = feeds_screen.check_feed
    monkeypatch.setattr(feeds_screen, "check_feed", recording)
    lib = Library(tmp_path / "ix")
    app = NewsApp(lib, seed_if_empty=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, FeedsScreen), what="the feeds screen")
        feeds = app.screen
        await pilot.press("a")
        await pilot.press(*f"{server}/missing.xml", "enter")
        await wait_for(pilot, lambda: any("not added" in n for n in _notes(app)), what="the refusal")
        assert Subscriptions().list() == []
        assert any("404" in n for n in _notes(app) if "not added" in n)
        await pilot.press("a")
        await pilot.press(*f"{server}/feed.xml", "enter")
        await wait_for(pilot, lambda: any(n.startswith("following") for n in _notes(app)), what="the feed added")
        line = next(n for n in _notes(app) if n.startswith("following"))
        assert line == f"following {server}/feed.xml (a feed of 3 entries); F fetches it now"
        assert [f.url for f in Subscriptions().list()] == [f"{server}/feed.xml"]
        await wait_for(pilot, lambda: feeds.query_one("#feeds-table").row_count == 1, what="the feed listed")
        assert threads == [False, False]  # both checks ran in a worker thread
        await pilot.press("a")
        await pilot.press(*f"{server}/feed.xml", "enter")
        await wait_for(pilot, lambda: any("already subscribed" in n for n in _notes(app)), what="the second refusal")
        assert threads == [False, False]  # refused before any request
        await pilot.press("a", "escape")
        assert isinstance(app.screen, FeedsScreen)
    lib.close()
