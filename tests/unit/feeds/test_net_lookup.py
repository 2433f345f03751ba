"""The name lookup is inside a fetch's one deadline: a resolver that does
not answer (faked here: the machine has no network) costs no more than the
time the request has, and a cancel ends the wait at once. A server on
127.0.0.1 answers the names the fake resolver gives it."""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from reader.core.feeds import lookup, net

UA = "newsreader-test"


class SlowResolver:
    """A getaddrinfo that hangs until released (as a dead DNS server does),
    counting its calls."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.calls: list[str] = []

    def __call__(self, host, port, *args):
        self.calls.append(host)
        self.release.wait(30)
        return socket.getaddrinfo("127.0.0.1", port, 0, socket.SOCK_STREAM)


@pytest.fixture
def slow(monkeypatch):
    fake = SlowResolver()
    monkeypatch.setattr(lookup, "resolver", fake)
    yield fake
    fake.release.set()


@pytest.fixture
def server():
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            body = f"hello {self.headers.get('Host')}".encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


def test_a_lookup_that_hangs_ends_at_the_connect_timeout(slow):
    started = time.monotonic()
    with pytest.raises(net.FetchError) as err:
        net.get("http://feeds.slow-dns.test/rss", timeout=0.3, max_bytes=1000, user_agent=UA)
    elapsed = time.monotonic() - started
    assert elapsed < 1.5, elapsed
    assert "DNS lookup timed out" in str(err.value)
    assert slow.calls == ["feeds.slow-dns.test"]


def test_a_lookup_that_hangs_ends_at_the_whole_requests_deadline(slow):
    started = time.monotonic()
    with pytest.raises(net.FetchTimeout):
        net.get("http://feeds.slow-dns.test/rss", timeout=5.0, max_bytes=1000, user_agent=UA,
                deadline=time.monotonic() + 0.4)
    assert time.monotonic() - started < 1.5


def test_cancel_ends_a_hanging_lookup(slow):
    stop = threading.Event()
    threading.Timer(0.2, stop.set).start()
    started = time.monotonic()
    with pytest.raises(net.FetchCancelled):
        net.get("http://feeds.slow-dns.test/rss", timeout=10.0, max_bytes=1000, user_agent=UA, cancel=stop.is_set)
    assert time.monotonic() - started < 1.5


def test_an_answer_in_time_is_used(monkeypatch, server):
    seen = []

    def resolver(host, port, *args):
        seen.append(host)
        time.sleep(0.05)
        return socket.getaddrinfo("127.0.0.1", port, 0, socket.SOCK_STREAM)

    monkeypatch.setattr(lookup, "resolver", resolver)
    resp = net.get(f"http://feeds.example.test:{server}/rss", timeout=2.0, max_bytes=1000, user_agent=UA)
    assert resp.status == 200
    assert resp.body == f"hello feeds.example.test:{server}".encode()  # the name is still the Host
    assert seen == ["feeds.example.test"]


def test_a_failed_lookup_says_so(monkeypatch):
    def resolver(host, port, *args):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(lookup, "resolver", resolver)
    with pytest.raises(net.FetchError) as err:
        net.get("http://no-such-host.test/rss", timeout=1.0, max_bytes=1000, user_agent=UA)
    assert "DNS lookup failed" in str(err.value)


def test_a_numeric_address_is_not_looked_up(monkeypatch, server):
    def resolver(host, port, *args):
        raise AssertionError("looked up a numeric address")

    monkeypatch.setattr(lookup, "resolver", resolver)
    assert net.get(f"http://127.0.0.1:{server}/", timeout=2.0, max_bytes=1000, user_agent=UA).status == 200


def test_stranded_lookups_are_bounded(slow, monkeypatch):
    monkeypatch.setattr(lookup, "MAX_STRANDED", lookup._stranded + 1)
    with pytest.raises(net.FetchError):  # this one is left running in its thread
        net.get("http://a.slow-dns.test/", timeout=0.1, max_bytes=1000, user_agent=UA)
    started = time.monotonic()
    with pytest.raises(net.FetchError) as err:
        net.get("http://b.slow-dns.test/", timeout=5.0, max_bytes=1000, user_agent=UA)
    assert time.monotonic() - started < 0.5  # failed at once, no new thread
    assert "have not answered" in str(err.value)
    assert slow.calls == ["a.slow-dns.test"]
    slow.release.set()
    deadline = time.monotonic() + 5
    while lookup._stranded >= lookup.MAX_STRANDED and time.monotonic() < deadline:
        time.sleep(0.02)
    assert lookup._stranded < lookup.MAX_STRANDED  # the thread that answered late is counted out
