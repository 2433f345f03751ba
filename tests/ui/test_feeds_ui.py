"""Feeds in the app: fetch in the background (F), the feeds list with unread
counts (L), offline reading of what was fetched. A local HTTP server only."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from reader.core.feeds import Subscriptions
from reader.core.library import Library
from reader.ui.app import NewsApp
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
