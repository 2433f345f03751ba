"""One polite HTTP GET: bounded in time and size, conditional, http(s) only.

urllib is used for the connection (it honours the usual proxy variables);
redirects are followed here rather than by urllib, so that a loop, a chain
that is too long or a hop to a non-web address is reported in plain words.
"""

from __future__ import annotations

import functools
import http.client
import socket
import ssl
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

MAX_REDIRECTS = 8
_CHUNK = 64 * 1024


class FetchError(Exception):
    """A request that failed; str() is a one-line reason."""

    def __init__(self, reason: str, status: int | None = None):
        super().__init__(reason)
        self.status = status


@dataclass
class Response:
    url: str  # after redirects
    status: int  # 200, or 304 when not modified
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes = b""
    requests: int = 1  # how many requests it took (redirects count)

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
        ok = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:
        ok = False
    if not ok:
        raise FetchError(f"not a web address (http:// or https://): {url[:200]}")
    return url


@functools.cache
def _tls() -> ssl.SSLContext:
    """Loading the trusted certificates takes ~0.1 s: done once, shared."""
    return ssl.create_default_context()


def _opener() -> urllib.request.OpenerDirector:
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(context=_tls()),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def get(
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    user_agent: str,
    etag: str | None = None,
    last_modified: str | None = None,
    accept: str = "*/*",
) -> Response:
    """GET url. timeout bounds connecting and every read, and the whole
    exchange (redirects included) may take at most 4 x timeout; the body is
    not read past max_bytes (decompressed). Raises FetchError."""
    check_url(url)
    deadline = time.monotonic() + 4 * timeout
    headers = {"User-Agent": user_agent, "Accept": accept, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    opener = _opener()
    seen = [url]
    current = url
    while True:
        try:
            resp = opener.open(urllib.request.Request(current, headers=headers), timeout=timeout)
        except urllib.error.HTTPError as exc:
            with exc:
                code = exc.code
                if code == 304:
                    return Response(current, 304, _headers(exc.headers), b"", len(seen))
                if code in (301, 302, 303, 307, 308):
                    target = exc.headers.get("Location", "")
                    if not target:
                        raise FetchError(f"HTTP {code} redirect without a Location", code) from None
                    try:
                        current = check_url(urljoin(current, target.strip()))
                    except (FetchError, ValueError):
                        raise FetchError(f"redirected to a non-web address ({target.strip()[:100]})", code) from None
                    if current in seen:
                        raise FetchError(f"redirect loop ({len(seen)} hops, back to {current[:100]})", code) from None
                    seen.append(current)
                    if len(seen) > MAX_REDIRECTS + 1:
                        raise FetchError(f"too many redirects (more than {MAX_REDIRECTS})", code) from None
                    if time.monotonic() > deadline:
                        raise FetchError(f"timed out after {4 * timeout:g} s (redirects)") from None
                    continue
                reason = " ".join(str(exc.reason or http.client.responses.get(code, "")).split())[:80]
                raise FetchError(f"HTTP {code} {reason}".strip(), code) from None
        except Exception as exc:  # noqa: BLE001 - every network failure becomes one line
            raise FetchError(describe(exc, timeout)) from None
        with resp:
            try:
                body = _read(resp, max_bytes, deadline, timeout)
            except FetchError:
                raise
            except Exception as exc:  # noqa: BLE001
                raise FetchError(describe(exc, timeout)) from None
            return Response(resp.geturl() or current, resp.status, _headers(resp.headers), body, len(seen))


def _headers(msg) -> dict[str, str]:
    if msg is None:
        return {}
    return {k.lower(): v for k, v in msg.items()}


def _read(resp, max_bytes: int, deadline: float, timeout: float) -> bytes:
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
        if time.monotonic() > deadline:
            raise FetchError(f"timed out after {4 * timeout:g} s (the response was still coming)")
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
