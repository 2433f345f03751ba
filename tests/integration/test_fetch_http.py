"""Fetching feeds over HTTP, against a server on 127.0.0.1 that the tests
start and stop. Nothing here touches the internet."""

from __future__ import annotations

import argparse
import gzip
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

import pytest

from reader.cli.feeds import add_parsers, run
from reader.core.feeds import Feed, feed_unread_counts, fetch_all, state, subscriptions_for

SHORT = {"timeout": 0.5, "max_bytes": 50_000}
STORY = (
    "The harbour authority confirmed on Tuesday that the northern breakwater would close for repairs after "
    "the winter storms opened a gap of several metres in its outer wall. Engineers said the work would take "
    "at least six weeks and that fishing boats would use the southern entrance meanwhile. "
)


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    ctype: str = "application/rss+xml; charset=utf-8"
    headers: dict = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0
    send_length: bool = True
    gzip: bool = False
    drip: float = 0.0


class Site:
    """Routes the tests write, a log of requests, and the peak number of
    requests in flight at once."""

    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.log: list[tuple[str, dict]] = []
        self.lock = threading.Lock()
        self.active = 0
        self.peak = 0
        self.release = threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                with site.lock:
                    site.log.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                    site.active += 1
                    site.peak = max(site.peak, site.active)
                try:
                    self._answer(site.routes.get(self.path))
                except (BrokenPipeError, ConnectionResetError):
                    pass
                finally:
                    with site.lock:
                        site.active -= 1

            def _answer(self, route):
                if route is None:
                    return self._send(404, "text/html", b"<h1>not found</h1>")
                if route.drip:  # headers at once, then a byte now and then, for ever
                    self.send_response(200)
                    self.send_header("Content-Type", route.ctype)
                    self.end_headers()
                    while not site.release.wait(route.drip):
                        self.wfile.write(b" ")
                        self.wfile.flush()
                    return
                if route.delay:
                    site.release.wait(route.delay)
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    return self._send(304, None, b"")
                if route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified:
                    return self._send(304, None, b"")
                headers = dict(route.headers)
                if route.etag:
                    headers["ETag"] = route.etag
                if route.last_modified:
                    headers["Last-Modified"] = route.last_modified
                body = route.body
                if route.gzip:
                    headers["Content-Encoding"] = "gzip"
                    body = gzip.compress(body)
                self._send(route.status, route.ctype, body, headers, route.send_length)

            def _send(self, status, ctype, body, headers=None, send_length=True):
                self.send_response(status)
                if ctype:
                    self.send_header("Content-Type", ctype)
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                if send_length:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def serve(self, path: str, body: bytes | str, **kw) -> Route:
        route = Route(body.encode("utf-8") if isinstance(body, str) else body, **kw)
        self.routes[path] = route
        return route

    def hits(self, path: str) -> list[dict]:
        return [headers for p, headers in self.log if p == path]


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    for var in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("no_proxy", "*")


@pytest.fixture
def site():
    s = Site()
    s.thread.start()
    yield s
    s.release.set()
    s.server.shutdown()
    s.server.server_close()


def rss(title: str, items: list[dict]) -> str:
    parts = [f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
             "<link>http://example.org/</link><description>test feed</description>"]
    for item in items:
        parts.append("<item>")
        for key in ("title", "link", "guid", "description", "pubDate"):
            if key in item:
                parts.append(f"<{key}>{escape(item[key])}</{key}>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "".join(parts)


def long_text(n: int = 4) -> str:
    return " ".join([STORY] * n)


def item(site, n: int, **kw) -> dict:
    base = {
        "title": f"Story number {n}",
        "link": site.url(f"/story/{n}.html"),
        "guid": f"urn:test:story:{n}",
        "description": f"Story {n}. " + long_text(),
        "pubDate": "Tue, 04 Mar 2025 10:00:00 GMT",
    }
    base.update(kw)
    return base


def page(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title></head>"
            f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>{escape(title)}</h1>"
            f"{body}</article><footer>Copyright the harbour paper</footer></body></html>")


def articles_of(library) -> list:
    return list(library.store.iter_articles())


# --- the happy path and conditional requests ------------------------------------------

def test_fetch_stores_entries_with_the_feed_name_as_source(site, library):
    site.serve("/a.xml", rss("Harbour Times", [item(site, 1), item(site, 2)]))
    report = fetch_all(library, [Feed(site.url("/a.xml"), "The Harbour Paper")], fulltext=False, **SHORT)
    assert report.added == 2 and not report.failed
    arts = sorted(articles_of(library), key=lambda a: a.title)
    assert [a.title for a in arts] == ["Story number 1", "Story number 2"]
    assert {a.source for a in arts} == {"The Harbour Paper"}
    assert arts[0].url == site.url("/story/1.html")
    assert arts[0].published == datetime(2025, 3, 4, 10, tzinfo=timezone.utc)
    assert arts[0].origin == f"feed:{site.url('/a.xml')}#urn:test:story:1"
    assert library.search("breakwater").total == 2
    # Without a name, the feed's own title is the source.
    site.serve("/b.xml", rss("Harbour Times", [item(site, 3)]))
    fetch_all(library, [site.url("/b.xml")], fulltext=False, **SHORT)
    assert library.store.get(library.store.id_for_url(site.url("/story/3.html"))).source == "Harbour Times"


def test_user_agent_and_accept_headers(site, library):
    site.serve("/a.xml", rss("T", [item(site, 1)]))
    fetch_all(library, [site.url("/a.xml")], fulltext=False, **SHORT)
    [headers] = site.hits("/a.xml")
    assert headers["user-agent"].startswith("newsreader/")
    assert "application/rss+xml" in headers["accept"]


def test_unchanged_feeds_cost_one_request_and_add_nothing(site, library):
    stamp = format_datetime(datetime(2025, 3, 4, tzinfo=timezone.utc), usegmt=True)
    site.serve("/etag.xml", rss("E", [item(site, 1, description="short")]), etag='"v1"')
    site.serve("/lm.xml", rss("L", [item(site, 2, description="short")]), last_modified=stamp)
    site.serve("/story/1.html", page("Story number 1", [STORY, STORY + " One."]), ctype="text/html")
    site.serve("/story/2.html", page("Story number 2", [STORY, STORY + " Two."]), ctype="text/html")
    feeds = [Feed(site.url("/etag.xml")), Feed(site.url("/lm.xml"))]
    first = fetch_all(library, feeds, **SHORT)
    assert first.added == 2 and not first.fulltext_failed
    before = len(site.log)
    second = fetch_all(library, feeds, **SHORT)
    again = site.log[before:]
    assert sorted(p for p, _ in again) == ["/etag.xml", "/lm.xml"]  # one request per feed, no pages
    assert dict(again)["/etag.xml"]["if-none-match"] == '"v1"'
    assert dict(again)["/lm.xml"]["if-modified-since"] == stamp
    assert [f.status for f in second.feeds] == ["not-modified", "not-modified"]
    assert second.added == second.updated == 0 and second.requests == 2
    assert library.store.count() == 2


def test_a_feed_without_validators_is_parsed_again_but_adds_nothing(site, library):
    site.serve("/a.xml", rss("T", [item(site, 1, description="short")]))
    site.serve("/story/1.html", page("Story number 1", [STORY, STORY]), ctype="text/html")
    fetch_all(library, [site.url("/a.xml")], **SHORT)
    before = len(site.log)
    report = fetch_all(library, [site.url("/a.xml")], **SHORT)
    assert [p for p, _ in site.log[before:]] == ["/a.xml"]  # the unchanged entry's page is not fetched again
    assert report.added == report.updated == 0 and report.unchanged == 1


# --- full text ------------------------------------------------------------------------

def test_summary_entries_get_the_linked_pages_main_text(site, library):
    site.serve("/a.xml", rss("Harbour Times", [item(site, 1, description="The breakwater will close.")]))
    site.serve("/story/1.html", page("A different page title", [STORY, "Second paragraph: " + STORY]), ctype="text/html")
    report = fetch_all(library, [Feed(site.url("/a.xml"), "Harbour")], **SHORT)
    assert report.added == 1 and not report.fulltext_failed
    [article] = articles_of(library)
    assert article.title == "Story number 1"  # the entry's, not the page's
    assert article.source == "Harbour"
    assert article.published == datetime(2025, 3, 4, 10, tzinfo=timezone.utc)
    assert any(p.startswith("Second paragraph") for p in article.text_paragraphs)
    assert "Home" not in article.text and "Copyright" not in article.text


def test_long_entries_and_no_fulltext_fetch_no_pages(site, library):
    site.serve("/a.xml", rss("T", [item(site, 1), item(site, 2, description="short summary")]))
    site.serve("/story/2.html", page("Two", [STORY, STORY]), ctype="text/html")
    fetch_all(library, [site.url("/a.xml")], fulltext=False, **SHORT)
    assert not site.hits("/story/1.html") and not site.hits("/story/2.html")
    site.serve("/c.xml", rss("T", [item(site, 1, guid="c1"), item(site, 2, guid="c2", description="short summary")]))
    fetch_all(library, [site.url("/c.xml")], **SHORT)
    assert not site.hits("/story/1.html") and len(site.hits("/story/2.html")) == 1


def test_a_failing_page_keeps_the_summary_is_reported_and_retried(site, library):
    site.serve("/a.xml", rss("T", [item(site, 1, description="Only a short summary.")]), etag='"x"')
    report = fetch_all(library, [site.url("/a.xml")], **SHORT)  # /story/1.html is a 404
    [failure] = report.fulltext_failed
    assert failure.url == site.url("/story/1.html") and "404" in failure.reason
    assert any("kept the summary" in line for line in report.lines())
    [article] = articles_of(library)
    assert article.text_paragraphs == ("Only a short summary.",)
    assert "404" in article.notes
    # The next run asks for the whole feed again and retries the page, which now works.
    site.serve("/story/1.html", page("One", [STORY, "Now with more: " + STORY]), ctype="text/html")
    report = fetch_all(library, [site.url("/a.xml")], **SHORT)
    assert "if-none-match" not in site.hits("/a.xml")[-1]
    assert report.updated == 1 and not report.fulltext_failed
    [article] = articles_of(library)
    assert any(p.startswith("Now with more") for p in article.text_paragraphs) and not article.notes
    # Done: from now on the feed costs one conditional request.
    fetch_all(library, [site.url("/a.xml")], **SHORT)
    assert site.hits("/a.xml")[-1]["if-none-match"] == '"x"'


# --- one story, one article -------------------------------------------------------------

def test_the_same_url_from_two_feeds_is_one_article(site, library):
    shared = item(site, 7)
    site.serve("/a.xml", rss("A", [shared, item(site, 1)]))
    site.serve("/b.xml", rss("B", [dict(shared, guid="b-guid-7"), item(site, 2)]))
    feeds = [Feed(site.url("/a.xml"), "Outlet A"), Feed(site.url("/b.xml"), "Outlet B")]
    report = fetch_all(library, feeds, fulltext=False, **SHORT)
    assert library.store.count() == 3 and report.added == 3
    [article] = [a for a in articles_of(library) if a.url == site.url("/story/7.html")]
    counts = {name: (unread, total) for name, url, unread, total in feed_unread_counts(library, feeds)}
    assert counts == {"Outlet A": (2, 2), "Outlet B": (2, 2)}  # the shared story counts for both
    library.set_read([article.id])
    counts = {name: (unread, total) for name, url, unread, total in feed_unread_counts(library, feeds)}
    assert counts == {"Outlet A": (1, 2), "Outlet B": (1, 2)}
    # A second run (no validators) changes nothing.
    again = fetch_all(library, feeds, fulltext=False, **SHORT)
    assert again.added == again.updated == 0 and library.store.count() == 3


def test_a_second_feed_linking_to_a_story_leaves_the_first_outlet_s_text_and_name(site, library):
    """Another feed's entry with the same link (an aggregator, a blog quoting
    it) replaced the first outlet's text and source with its own ("updated 1"),
    and a search for the first outlet's words found nothing."""
    site.serve("/a.xml", rss("A", [item(site, 7)]))
    fetch_all(library, [Feed(site.url("/a.xml"), "Outlet A")], fulltext=False, **SHORT)
    [before] = articles_of(library)
    site.serve("/b.xml", rss("B", [dict(item(site, 7), guid="b-7", title="Somebody else's take",
                                        description="An unrelated blog post about a mayor who resigned on Friday.")]))
    feeds = [Feed(site.url("/a.xml"), "Outlet A"), Feed(site.url("/b.xml"), "Outlet B")]
    report = fetch_all(library, feeds, fulltext=False, **SHORT)
    assert report.updated == 0 and library.store.count() == 1
    [after] = articles_of(library)
    assert (after.id, after.title, after.source, after.text) == (before.id, before.title, "Outlet A", before.text)
    counts = {name: total for name, url, unread, total in feed_unread_counts(library, feeds)}
    assert counts == {"Outlet A": 1, "Outlet B": 1}  # the story counts for both


def test_a_feed_entry_for_a_saved_page_is_one_article(site, library, tmp_path):
    url = site.url("/story/9.html")
    saved = tmp_path / "saved"
    saved.mkdir()
    (saved / "story9.html").write_text(
        page("Story number 9", [STORY, STORY + " Saved."]).replace("<head>", f"<head><link rel='canonical' href='{url}'>"),
        encoding="utf-8",
    )
    library.index_paths([saved])
    assert library.store.id_for_url(url)
    site.serve("/a.xml", rss("A", [item(site, 9)]))
    fetch_all(library, [site.url("/a.xml")], fulltext=False, **SHORT)
    assert library.store.count() == 1


def test_an_entry_changed_upstream_updates_its_article(site, library):
    site.serve("/a.xml", rss("A", [item(site, 1)]), etag='"1"')
    fetch_all(library, [site.url("/a.xml")], fulltext=False, **SHORT)
    [before] = articles_of(library)
    library.set_read([before.id])
    site.serve("/a.xml", rss("A", [item(site, 1, title="Story number 1 (corrected)")]), etag='"2"')
    report = fetch_all(library, [site.url("/a.xml")], fulltext=False, **SHORT)
    assert report.updated == 1 and report.added == 0
    [after] = articles_of(library)
    assert after.id == before.id and after.title == "Story number 1 (corrected)"
    assert library.store.state(after.id)["read"]  # the reader's state stays with the article
    assert library.search("corrected").total == 1


# --- failures -------------------------------------------------------------------------

def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_each_failing_feed_is_one_line_and_the_others_go_on(site, library):
    site.serve("/good.xml", rss("Good", [item(site, 1)]))
    site.serve("/500.xml", "oops", status=500, ctype="text/plain")
    site.serve("/slow.xml", rss("Slow", [item(site, 2)]), delay=5)
    site.serve("/page.xml", "<!doctype html><html><head><link rel='alternate' type='application/rss+xml' "
               "href='/real.xml'></head><body><p>Hello</p></body></html>", ctype="text/html")
    site.serve("/broken.xml", '<?xml version="1.0"?><rss><channel><<<>>>')
    site.serve("/loop1.xml", "", status=302, headers={"Location": "/loop2.xml"})
    site.serve("/loop2.xml", "", status=301, headers={"Location": "/loop1.xml"})
    site.serve("/huge.xml", rss("Huge", [item(site, n) for n in range(100)]))
    site.serve("/huge-chunked.xml", rss("Huge", [item(site, n) for n in range(100)]), send_length=False)
    site.serve("/bomb.xml", rss("Bomb", [item(site, n) for n in range(200)]), gzip=True)
    expected = {
        "/good.xml": None,
        "/missing.xml": "HTTP 404",
        "/500.xml": "HTTP 500",
        "/slow.xml": "timed out",
        "/page.xml": f"not a feed but a web page; it names its feed at {site.url('/real.xml')}",
        "/broken.xml": "not a readable RSS/Atom feed",
        "/loop1.xml": "redirect loop",
        "/huge.xml": "too large",
        "/huge-chunked.xml": "too large",
        "/bomb.xml": "too large",
    }
    feeds = [Feed(site.url(p)) for p in expected]
    feeds += [Feed("http://feeds.example.invalid/rss.xml", "Nowhere"), Feed(f"http://127.0.0.1:{_closed_port()}/x.xml")]
    started = time.monotonic()
    report = fetch_all(library, feeds, fulltext=False, **SHORT)
    assert time.monotonic() - started < 5
    reasons = {f.url: f.error for f in report.feeds}
    for path, reason in expected.items():
        if reason is None:
            assert reasons[site.url(path)] == ""
        else:
            assert reason in reasons[site.url(path)], (path, reasons[site.url(path)])
    assert "DNS" in reasons["http://feeds.example.invalid/rss.xml"]
    assert "refused" in reasons[feeds[-1].url]
    assert len(report.failed) == len(feeds) - 1
    lines = report.lines()
    assert len(lines) == len(feeds) - 1 and all("\n" not in line for line in lines)
    assert "Nowhere: DNS lookup failed" in "\n".join(lines)
    assert library.store.count() == 1  # the good feed's entry is stored
    # A re-run retries the failures; one that was fixed comes in, nothing is lost.
    site.serve("/missing.xml", rss("Found", [item(site, 50)]))
    report = fetch_all(library, feeds, fulltext=False, **SHORT)
    assert reasons[site.url("/missing.xml")] and not next(f for f in report.feeds if f.url.endswith("/missing.xml")).error
    assert library.store.count() == 2
    assert len(site.hits("/500.xml")) == 2


def test_a_response_that_never_ends_times_out(site, library):
    site.serve("/drip.xml", "", drip=0.05)
    started = time.monotonic()
    report = fetch_all(library, [site.url("/drip.xml")], timeout=0.25, max_bytes=50_000)
    assert time.monotonic() - started < 2
    assert "timed out" in report.failed[0].error


def test_a_gzip_bomb_is_stopped_at_the_limit(site, library):
    site.serve("/bomb.xml", b" " * 5_000_000, gzip=True)
    report = fetch_all(library, [site.url("/bomb.xml")], **SHORT)
    assert "unpacked" in report.failed[0].error


def test_entries_without_text_are_skipped_with_a_warning(site, library):
    site.serve("/a.xml", rss("A", [item(site, 1), {"title": "", "guid": "empty-1"}]))
    report = fetch_all(library, [site.url("/a.xml")], fulltext=False, **SHORT)
    # (an RSS guid is a permalink unless it says otherwise, so it is the entry's link)
    assert report.added == 1 and report.feeds[0].warnings == [f"entry {site.url('/empty-1')} has no text, skipped"]
    assert f"A: entry {site.url('/empty-1')} has no text, skipped" in report.lines()
    again = fetch_all(library, [site.url("/a.xml")], fulltext=False, **SHORT)
    assert again.feeds[0].warnings == [] and again.unchanged == 2


def test_an_entry_with_a_malformed_link_is_kept_without_it(site, library):
    site.serve("/a.xml", rss("A", [item(site, 1, link="http://[::1", guid="bad-link")]))
    report = fetch_all(library, [site.url("/a.xml")], **SHORT)
    assert report.added == 1 and "malformed link" in report.feeds[0].warnings[0]
    assert articles_of(library)[0].url == ""


def test_failure_state_is_remembered_and_listed(site, library):
    fetch_all(library, [site.url("/missing.xml")], **SHORT)
    st = state.feed_states(library.store)[site.url("/missing.xml")]
    assert st.last_status == 404 and "404" in st.last_error and st.last_fetched and st.last_ok is None


def test_a_redirect_to_a_feed_is_followed(site, library):
    site.serve("/old.xml", "", status=301, headers={"Location": site.url("/new.xml")})
    site.serve("/new.xml", rss("New", [item(site, 1, link="/story/rel.html")]))
    report = fetch_all(library, [site.url("/old.xml")], fulltext=False, **SHORT)
    assert report.added == 1 and report.feeds[0].requests == 2
    [article] = articles_of(library)
    assert article.url == site.url("/story/rel.html")  # a relative link is resolved against the feed


def test_gzip_feeds_are_read(site, library):
    site.serve("/z.xml", rss("Z", [item(site, 1)]), gzip=True)
    report = fetch_all(library, [site.url("/z.xml")], fulltext=False, **SHORT)
    assert report.added == 1 and site.hits("/z.xml")[0]["accept-encoding"].startswith("gzip")


def test_connections_are_bounded(site, library):
    for n in range(6):
        site.serve(f"/f{n}.xml", rss(f"F{n}", [item(site, 10 + n)]), delay=0.15)
    report = fetch_all(library, [site.url(f"/f{n}.xml") for n in range(6)], max_connections=2, fulltext=False, **SHORT)
    assert report.added == 6
    assert site.peak == 2


def test_progress_is_reported_on_the_calling_thread(site, library):
    site.serve("/a.xml", rss("A", [item(site, 1, description="short")]))
    site.serve("/story/1.html", page("One", [STORY, STORY]), ctype="text/html")
    calls = []
    main = threading.get_ident()
    fetch_all(library, [site.url("/a.xml")], progress=lambda *a: calls.append((threading.get_ident(), a)), **SHORT)
    assert {t for t, _ in calls} == {main}
    fetching = [a for _, a in calls if a[0] == "fetching"]
    assert fetching[0] == ("fetching", 0, 1) and fetching[-1] == ("fetching", 2, 2)


def test_should_stop_stores_what_arrived_and_stops_what_is_under_way(site, library):
    site.serve("/a.xml", rss("A", [item(site, 1)]))
    site.serve("/slow.xml", rss("B", [item(site, 2)]), delay=5)
    stop = threading.Event()

    def progress(stage, done, total):
        if stage == "fetching" and done >= 1:
            stop.set()  # the first feed has arrived

    started = time.monotonic()
    report = fetch_all(library, [site.url("/a.xml"), site.url("/slow.xml")], fulltext=False,
                       should_stop=stop.is_set, progress=progress, timeout=5, max_bytes=50_000)
    assert time.monotonic() - started < 1.5  # the slow request was cut, not waited for
    assert report.added == 1 and report.stopped
    assert [f.status for f in report.feeds] == ["fetched", "skipped"]
    assert site.url("/slow.xml") not in state.feed_states(library.store)  # nothing remembered of it



def test_fetch_needs_only_a_store_and_a_way_to_add_articles(site, library):
    """The feeds sit below the library: anything with a store and
    add_articles (feeds.ArticleSink) will do."""
    site.serve("/a.xml", rss("A", [item(site, 1), item(site, 2)]))
    added = []

    class Sink:
        store = library.store

        def add_articles(self, articles, lock_timeout=10.0, progress=None):
            added.extend(articles)
            return library.add_articles(added, lock_timeout, progress)

    report = fetch_all(Sink(), [site.url("/a.xml")], fulltext=False, **SHORT)
    assert report.added == 2 and sorted(a.title for a in added) == ["Story number 1", "Story number 2"]
    assert library.search("story").total == 2

# --- the CLI ----------------------------------------------------------------------------

def _cli(capsys, library, *argv):
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true")
    parser = argparse.ArgumentParser()
    add_parsers(parser.add_subparsers(dest="command"), common)
    code = run(library, parser.parse_args(list(argv)))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_fetch_json_and_failures(site, library, capsys):
    site.serve("/a.xml", rss("A", [item(site, 1)]))
    subscriptions_for(library.store).add(site.url("/a.xml"), "Outlet A")
    subscriptions_for(library.store).add(site.url("/missing.xml"))
    code, out, err = _cli(capsys, library, "fetch", "--no-fulltext", "--json")
    data = json.loads(out)
    assert code == 1 and err == ""
    assert set(data) == {"feeds", "added", "updated", "changed", "unchanged", "failed", "fulltext_failed", "requests",
                         "stopped"}
    assert data["added"] == 1
    assert data["failed"] == [{"feed": site.url("/missing.xml"), "url": site.url("/missing.xml"), "reason": "HTTP 404 Not Found"}]
    assert set(data["feeds"][0]) == {"url", "name", "status", "http_status", "entries", "added", "updated",
                                     "changed", "unchanged", "error", "warnings", "requests"}
    code, out, err = _cli(capsys, library, "fetch", "--no-fulltext")
    assert code == 1
    assert err.strip().splitlines() == [f"newsreader: {site.url('/missing.xml')}: HTTP 404 Not Found"]
    assert "1 failed" in out
    code, out, _ = _cli(capsys, library, "feeds", "list", "--json")
    rows = {r["url"]: r for r in json.loads(out)["feeds"]}
    assert rows[site.url("/a.xml")]["unread"] == 1 and rows[site.url("/a.xml")]["title"] == "A"
    assert rows[site.url("/missing.xml")]["last_error"] == "HTTP 404 Not Found"
