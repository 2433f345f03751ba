"""One polite HTTP GET: bounded in time and size, conditional, http(s) only.

urllib is used for the connection (it honours the usual proxy variables);
redirects are followed here rather than by urllib, so that a loop, a chain
that is too long or a hop to a non-web address is reported in plain words.
Every socket is made and watched by deadline.Exchange, and the name lookup
waited for no longer than the time left (feeds/lookup.py), so the whole
request has one deadline however slowly the resolver or the server answers,
and a cancel ends it at once. A short Retry-After (429, 503) is waited for once; a longer one is
reported with the wait it asks for. Errors quote the server only cleaned.
"""

from __future__ import annotations

import functools
import http.client
import re
import socket
import ssl
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass, field
from datetime import timezone
from email.utils import parsedate_to_datetime
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from reader.core.feeds.deadline import Cancel, Exchange
from reader.core.feeds.lookup import LookupTimeout, connector
from reader.core.feeds.report import counted
from reader.core.text.clean import clean_inline

MAX_REDIRECTS = 8
MAX_RETRY_WAIT = 10.0  # seconds: a Retry-After up to this long is waited for, once, within the request
MAX_RETRY_AFTER = 24 * 3600.0  # seconds: a longer Retry-After is taken as this long
_CHUNK = 64 * 1024
_UNSENDABLE = re.compile("[\x00-\x20\x7f-\x9f]")  # no request line may hold these (http.client refuses most)


class FetchError(Exception):
    """A request that failed; str() is a one-line reason, cleaned of control
    characters (it quotes what a server sent: a reason phrase, a header)."""

    def __init__(self, reason: str, status: int | None = None, retry_after: float | None = None):
        super().__init__(clean_inline(reason))
        self.status = status
        self.retry_after = retry_after  # seconds the server asked to be left alone (429, 503)


class FetchTimeout(FetchError):
    """The request ran out of time."""


class FetchCancelled(FetchError):
    """cancel() said stop: nothing is wrong with the feed."""

    def __init__(self) -> None:
        super().__init__("cancelled")


@dataclass
class Response:
    url: str  # after redirects
    status: int  # 200, or 304 when not modified
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes = b""
    requests: int = 1  # how many requests it took (redirects count)
    waited: float = 0.0  # seconds waited because a 429 or 503 asked for it

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset":
                return value.strip().strip("\"'")
        return ""


def check_url(url: str) -> str:
    """The URL if it is an absolute http(s) address; FetchError otherwise."""
    try:
        parts = urlsplit(url)
        ok = parts.scheme.lower() in ("http", "https") and bool(parts.hostname) and not _UNSENDABLE.search(url)
    except ValueError:
        ok = False
    if not ok:
        raise FetchError(f"not a web address (http:// or https://): {url[:200]}")
    return url


def sendable(url: str) -> str:
    """The URL as it goes on the wire: a host in another script as IDNA
    ("пример.рф" as "xn--e1afmkfd.xn--p1ai") and the rest percent-escaped
    (http.client writes only ASCII: such an address failed with "'latin-1'
    codec can't encode"). Kept as typed in feeds.toml."""
    if url.isascii():
        return url
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise FetchError(f"the host name of {url[:200]!r} cannot be written for DNS ({exc})") from None
    netloc = (f"[{host}]" if ":" in host else host) + (f":{parts.port}" if parts.port is not None else "")
    keep = "/%:@!$&'()*+,;=~-._?"
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe=keep), quote(parts.query, safe=keep), ""))


@functools.cache
def _tls() -> ssl.SSLContext:
    """Loading the trusted certificates takes ~0.1 s: done once, shared."""
    return ssl.create_default_context()


def _connection(base: type, exchange: Exchange) -> type:
    """base (HTTP or HTTPS connection) with its sockets made and watched by exchange."""

    class Watched(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._create_connection = connector(exchange)

    return Watched


class _HTTP(urllib.request.HTTPHandler):
    def __init__(self, exchange: Exchange):
        super().__init__()
        self.exchange = exchange

    def http_open(self, req):
        return self.do_open(_connection(http.client.HTTPConnection, self.exchange), req)


class _HTTPS(urllib.request.HTTPSHandler):
    def __init__(self, exchange: Exchange):
        super().__init__(context=_tls())
        self.exchange = exchange

    def https_open(self, req):
        return self.do_open(_connection(http.client.HTTPSConnection, self.exchange), req, context=self._context)


def _opener(exchange: Exchange) -> urllib.request.OpenerDirector:
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        _HTTP(exchange),
        _HTTPS(exchange),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds a Retry-After header asks for (a number, or an HTTP date),
    at most MAX_RETRY_AFTER; None when there is none or it is unreadable."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        seconds = float(value)
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        seconds = when.timestamp() - (time.time() if now is None else now)
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def get(
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    user_agent: str,
    etag: str | None = None,
    last_modified: str | None = None,
    accept: str = "*/*",
    deadline: float | None = None,
    cancel: Cancel | None = None,
) -> Response:
    """GET url. timeout bounds connecting and every read; the whole exchange
    (connecting, the head and the body of every hop of a redirect, a wait
    a 429 or 503 asked for) must end within 4 x timeout, or by deadline
    (a time.monotonic() value) when that is sooner. cancel() is asked all
    along: once it says True the request stops (FetchCancelled). The body
    is not read past max_bytes (decompressed). Raises FetchError."""
    check_url(url)
    total = 4 * timeout
    ends = time.monotonic() + total
    if deadline is not None and deadline < ends:
        ends, total = deadline, max(deadline - time.monotonic(), 0.0)
    with Exchange(ends, cancel) as exchange:
        return _get(url, exchange, total, timeout, max_bytes, user_agent, etag, last_modified, accept)


def _stopped(exchange: Exchange, total: float) -> FetchError | None:
    why = exchange.check()
    if why == "cancelled":
        return FetchCancelled()
    if why == "timeout":
        return FetchTimeout(f"timed out after {total:g} s (the whole answer must arrive within {total:g} s)")
    return None


def _get(url, exchange: Exchange, total, timeout, max_bytes, user_agent, etag, last_modified, accept) -> Response:
    headers = {"User-Agent": user_agent, "Accept": accept, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    opener = _opener(exchange)
    seen = [url]
    current = sendable(url)
    waited = 0.0
    while True:
        try:
            resp = opener.open(urllib.request.Request(current, headers=headers), timeout=timeout)
        except urllib.error.HTTPError as exc:
            with exc:
                code = exc.code
                if code == 304:
                    return Response(current, 304, _headers(exc.headers), b"", len(seen), waited)
                if code in (301, 302, 303, 307, 308):
                    current = _redirect(exc, current, seen, code)
                    if (stop := _stopped(exchange, total)) is not None:
                        raise stop from None
                    continue
                reason = str(exc.reason or http.client.responses.get(code, ""))[:80]
                wait = retry_after(exc.headers.get("Retry-After")) if code in (429, 503) else None
                if wait is not None and not waited and wait <= min(MAX_RETRY_WAIT, exchange.left() - timeout):
                    # Asked to come back soon: wait once, as asked, then ask again.
                    if not exchange.sleep(wait):
                        raise _stopped(exchange, total) or FetchCancelled() from None
                    waited = max(wait, 0.001)
                    continue
                said = f"; the server asks to wait {wait:.0f} s before asking again" if wait is not None else ""
                raise FetchError(f"HTTP {code} {reason}".strip() + said, code, wait) from None
        except Exception as exc:  # noqa: BLE001 - every network failure becomes one line
            raise _stopped(exchange, total) or FetchError(describe(exc, timeout)) from None
        with resp:
            try:
                body = _read(resp, max_bytes, exchange, total)
            except FetchError:
                raise
            except Exception as exc:  # noqa: BLE001
                raise _stopped(exchange, total) or FetchError(describe(exc, timeout)) from None
            if (stop := _stopped(exchange, total)) is not None:
                raise stop  # the body may have been cut short by the watchdog
            return Response(resp.geturl() or current, resp.status, _headers(resp.headers), body, len(seen), waited)


def _redirect(exc, current: str, seen: list[str], code: int) -> str:
    target = exc.headers.get("Location", "")
    if not target:
        raise FetchError(f"HTTP {code} redirect without a Location", code) from None
    try:
        current = sendable(check_url(urljoin(current, target.strip())))
    except (FetchError, ValueError):
        raise FetchError(f"redirected to a non-web address ({target.strip()[:100]})", code) from None
    if current in seen:
        raise FetchError(f"redirect loop ({counted(len(seen), 'hop', 'hops')}, back to {current[:100]})", code) from None
    seen.append(current)
    if len(seen) > MAX_REDIRECTS + 1:
        raise FetchError(f"too many redirects (more than {MAX_REDIRECTS})", code) from None
    return current


def _headers(msg) -> dict[str, str]:
    if msg is None:
        return {}
    return {k.lower(): v for k, v in msg.items()}


def _read(resp, max_bytes: int, exchange: Exchange, total: float) -> bytes:
    length = resp.headers.get("Content-Length")
    encoding = (resp.headers.get("Content-Encoding") or "identity").strip().lower()
    if encoding not in ("identity", "gzip", "x-gzip", "deflate"):
        raise FetchError(f"unsupported content encoding {encoding[:30]!r}")
    if length and length.strip().isdigit() and encoding == "identity" and int(length) > max_bytes:
        raise FetchError(f"response too large ({int(length):,} bytes; the limit is {max_bytes:,})")
    inflater = None
    if encoding in ("gzip", "x-gzip"):
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        inflater = zlib.decompressobj(zlib.MAX_WBITS + 32)  # zlib or gzip header, detected
    out = bytearray()
    while True:
        if (stop := _stopped(exchange, total)) is not None:
            raise stop
        chunk = resp.read1(_CHUNK)
        if not chunk:
            break
        if inflater is not None:
            try:
                chunk = inflater.decompress(chunk, max_bytes + 1 - len(out))
            except zlib.error as exc:
                raise FetchError(f"damaged {encoding} data ({exc})") from None
            out += chunk
            if inflater.unconsumed_tail:  # more than the limit is waiting
                raise FetchError(f"response too large (more than {max_bytes:,} bytes unpacked; stopped reading)")
        else:
            out += chunk
        if len(out) > max_bytes:
            raise FetchError(f"response too large (more than {max_bytes:,} bytes; stopped reading)")
    return bytes(out)


def describe(exc: BaseException, timeout: float) -> str:
    """A network exception in one line a reader understands."""
    if isinstance(exc, urllib.error.URLError) and not isinstance(exc, urllib.error.HTTPError):
        inner = exc.reason
        if isinstance(inner, BaseException):
            return describe(inner, timeout)
        return " ".join(str(inner).split())[:120] or "network error"
    if isinstance(exc, LookupTimeout):
        return f"DNS lookup timed out ({exc})"
    if isinstance(exc, socket.gaierror):
        return f"DNS lookup failed ({exc.strerror or exc})"
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return f"timed out (no answer within {timeout:g} s)"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, ConnectionResetError):
        return "connection reset by the server"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS certificate not trusted ({exc.verify_message or exc})"
    if isinstance(exc, ssl.SSLError):
        return f"TLS error ({exc.reason or exc})"
    if isinstance(exc, http.client.IncompleteRead):
        return "the connection closed before the response was complete"
    if isinstance(exc, http.client.RemoteDisconnected):
        return "the server closed the connection without answering"
    if isinstance(exc, http.client.HTTPException):
        return f"bad HTTP response ({type(exc).__name__}: {' '.join(str(exc).split())[:80]})"
    if isinstance(exc, OSError):
        return " ".join(str(exc.strerror or exc).split())[:120]
    if isinstance(exc, (ValueError, UnicodeError)):
        return f"bad address or response ({' '.join(str(exc).split())[:100]})"
    return f"{type(exc).__name__}: {' '.join(str(exc).split())[:100]}"
