"""A hostile HTTP server for the tests: raw bytes on a socket, so that it can
send what a polite server library would not (control characters in a status
line or a header, headers one byte a second, no answer at all).

It runs as its own process (`python -m tests.hostile_server`), listens on
127.0.0.1 only, prints its port, and ends by itself after --lifetime seconds
or --max-requests requests; the `hostile` fixture starts it and stops it by
its PID. What it sends is chosen by the request's path and query:

  /status?code=503&reason=TEXT&header=Name:Value   a status line with any reason
  /feed?title=TEXT&items=N&link=PATH&summary=TEXT  an RSS feed (raw title bytes)
  /drip-headers?every=1                            the head, one byte every `every` s
  /drip-body?every=0.2                             the head at once, then the body byte by byte
  /hang                                            reads the request, answers nothing
  /retry?code=429&after=1&fails=1&title=T          `fails` times code + Retry-After, then a feed
  /page?text=TEXT                                  a small HTML page

TEXT is percent-encoded bytes, sent exactly as decoded (latin-1 for a
status line and headers, as HTTP has it). Every request is logged to the
--log file, one JSON line each: {"path": ..., "time": ...}.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlsplit

STORY = (
    "The harbour authority confirmed on Tuesday that the northern breakwater would close for repairs after "
    "the winter storms opened a gap of several metres in its outer wall. Engineers said the work would take "
    "at least six weeks and that fishing boats would use the southern entrance meanwhile. "
)


def _param(query: dict, name: str, default: bytes = b"") -> bytes:
    values = query.get(name.encode())
    return values[0] if values else default


def _rss(title: bytes, items: int, link: bytes, summary: bytes, host: bytes) -> bytes:
    parts = [b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>', title,
             b"</title><link>http://example.org/</link><description>hostile</description>"]
    for n in range(items):
        href = link.replace(b"{n}", str(n).encode()) if link else b"http://" + host + b"/page?n=" + str(n).encode()
        text = summary or (f"Story {n}. ".encode() + STORY.encode() * 4)
        parts += [b"<item><title>Story ", str(n).encode(), b"</title><link>", href, b"</link><guid>urn:h:",
                  str(n).encode(), b"</guid><description>", text, b"</description></item>"]
    parts.append(b"</channel></rss>")
    return b"".join(parts)


class Server:
    def __init__(self, lifetime: float, max_requests: int, log: Path | None):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.ends = time.monotonic() + lifetime
        self.left = max_requests
        self.log = log
        self.counts: dict[str, int] = {}
        self.lock = threading.Lock()

    def serve(self) -> None:
        self.sock.settimeout(0.2)
        while time.monotonic() < self.ends and self.left > 0:
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            self.left -= 1
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _record(self, path: str) -> int:
        with self.lock:
            self.counts[path] = self.counts.get(path, 0) + 1
            if self.log:
                with self.log.open("a", encoding="utf-8") as fh:
                    fh.write(json.dumps({"path": path, "time": time.time()}) + "\n")
            return self.counts[path]

    def _alive(self) -> bool:
        return time.monotonic() < self.ends

    def _handle(self, conn: socket.socket) -> None:
        conn.settimeout(5)
        try:
            head = b""
            while b"\r\n\r\n" not in head and len(head) < 65536:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                head += chunk
            target = head.split(b"\r\n", 1)[0].split(b" ")[1].decode("latin-1")
            parts = urlsplit(target)
            query: dict[bytes, list[bytes]] = {}
            for pair in parts.query.split("&"):
                key, _, value = pair.partition("=")
                query.setdefault(key.encode("latin-1"), []).append(unquote_to_bytes(value))
            seen = self._record(parts.path)
            host = f"127.0.0.1:{self.port}".encode()
            self._answer(conn, parts.path, query, seen, host)
        except OSError:
            pass
        finally:
            conn.close()

    def _send(self, conn, code: bytes, reason: bytes, body: bytes, ctype: bytes = b"text/html",
              extra: list[bytes] = ()) -> None:
        lines = [b"HTTP/1.1 " + code + b" " + reason, b"Content-Type: " + ctype,
                 b"Content-Length: " + str(len(body)).encode(), b"Connection: close", *extra]
        conn.sendall(b"\r\n".join(lines) + b"\r\n\r\n" + body)

    def _answer(self, conn, path: str, query: dict, seen: int, host: bytes) -> None:
        if path == "/status":
            extra = [h for h in query.get(b"header", []) if h]
            self._send(conn, _param(query, "code", b"503"), _param(query, "reason", b"Unavailable"),
                       b"<p>no</p>", extra=extra)
        elif path == "/feed":
            body = _rss(_param(query, "title", b"Feed"), int(_param(query, "items", b"2")),
                        _param(query, "link"), _param(query, "summary"), host)
            self._send(conn, b"200", b"OK", body, b"application/rss+xml; charset=utf-8")
        elif path == "/retry":
            if seen <= int(_param(query, "fails", b"1")):
                after = _param(query, "after", b"1")
                self._send(conn, _param(query, "code", b"429"), b"Slow Down", b"later",
                           extra=[b"Retry-After: " + after])
            else:
                body = _rss(_param(query, "title", b"Patient"), 1, b"", b"", host)
                self._send(conn, b"200", b"OK", body, b"application/rss+xml")
        elif path == "/drip-headers":
            every = float(_param(query, "every", b"1"))
            head = b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nX-Slow: " + b"x" * 400 + b"\r\n\r\n"
            for byte in head:
                if not self._alive():
                    return
                conn.sendall(bytes([byte]))
                time.sleep(every)
        elif path == "/drip-body":
            every = float(_param(query, "every", b"0.2"))
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n\r\n")
            while self._alive():
                conn.sendall(b" ")
                time.sleep(every)
        elif path == "/hang":
            while self._alive():
                time.sleep(0.05)
        elif path == "/page":
            text = _param(query, "text", STORY.encode() * 2)
            self._send(conn, b"200", b"OK", b"<!doctype html><html><body><article><p>" + text + b"</p></article></body></html>")
        else:
            self._send(conn, b"404", b"Not Found", b"<p>not found</p>")


class Hostile:
    """The server process as a test sees it: its URLs, its request log, and
    a stop that ends it by PID."""

    def __init__(self, workdir: Path, lifetime: float = 60, max_requests: int = 500):
        self.log = workdir / "hostile-requests.jsonl"
        cmd = [sys.executable, "-m", "tests.hostile_server", "--lifetime", str(lifetime),
               "--max-requests", str(max_requests), "--log", str(self.log)]
        self.proc = subprocess.Popen(cmd, cwd=Path(__file__).resolve().parent.parent, stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line.strip().isdigit():
            self.stop()
            raise RuntimeError(f"the hostile server did not start ({line!r})")
        self.port = int(line)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def hits(self, path: str) -> list[float]:
        if not self.log.exists():
            return []
        rows = [json.loads(line) for line in self.log.read_text(encoding="utf-8").splitlines()]
        return [r["time"] for r in rows if r["path"] == path]

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
        self.proc.stdout.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lifetime", type=float, default=60)
    parser.add_argument("--max-requests", type=int, default=500)
    parser.add_argument("--log", type=Path)
    args = parser.parse_args()
    server = Server(args.lifetime, args.max_requests, args.log)
    print(server.port, flush=True)
    server.serve()


if __name__ == "__main__":
    main()
