"""One deadline for a whole HTTP exchange, and a cancel that ends it now.

A socket timeout bounds each read, not the exchange: a server that sends
its answer one byte a second never trips it. So every socket of a request
is made here, and a watchdog thread shuts them all down when the request's
time is up or when cancel() says so; a read blocked on one returns at once,
and the caller asks why (`reason`) before it trusts what it read.

The watchdog holds a duplicate of each socket (shutting a duplicate down
shuts the connection; TLS takes over the original's descriptor, and a bare
descriptor number could be reused by another file once it is closed).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable

POLL = 0.05  # seconds between the watchdog's looks at the clock and at cancel()

Cancel = Callable[[], bool]


class Exchange:
    """The sockets of one request. Use as a context manager: leaving it
    stops the watchdog and lets go of the duplicates."""

    def __init__(self, ends: float, cancel: Cancel | None = None):
        self.ends = ends  # time.monotonic() by which everything must have arrived
        self.cancel = cancel
        self.reason = ""  # "", "timeout" or "cancelled": why the sockets were shut
        self._held: list[socket.socket] = []
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._watchdog = threading.Thread(target=self._watch, name="newsreader-deadline", daemon=True)

    def __enter__(self) -> "Exchange":
        self._watchdog.start()
        return self

    def __exit__(self, *exc) -> None:
        self._done.set()
        with self._lock:
            for held in self._held:
                held.close()
            self._held.clear()

    def left(self) -> float:
        return self.ends - time.monotonic()

    def check(self) -> str:
        """Why the exchange must stop now ("" if it need not)."""
        if self.reason:
            return self.reason
        if self.cancel is not None and self.cancel():
            return "cancelled"
        if self.left() <= 0:
            return "timeout"
        return ""

    def create_connection(self, address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None):
        """socket.create_connection, bounded by the time left and watched."""
        left = self.left()
        if isinstance(timeout, (int, float)):
            left = min(left, timeout)
        if self.check() or left <= 0:
            raise TimeoutError("no time left to connect")
        sock = socket.create_connection(address, left, source_address)
        if isinstance(timeout, (int, float)):
            sock.settimeout(timeout)
        with self._lock:
            self._held.append(sock.dup())
            if self.reason:  # the watchdog fired while this one was connecting
                self._shut_all()
        return sock

    def _watch(self) -> None:
        while not self._done.wait(min(POLL, max(self.left(), 0.001))):
            why = self.check()
            if why:
                with self._lock:
                    self.reason = why
                    self._shut_all()
                return

    def _shut_all(self) -> None:
        for held in self._held:
            try:
                held.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # not connected (any more): nothing to wake

    def sleep(self, seconds: float) -> bool:
        """Wait, as a polite client does when asked to; False if the wait
        was cut short by cancel() or by the deadline."""
        until = time.monotonic() + seconds
        while time.monotonic() < until:
            if self.check():
                return False
            time.sleep(min(POLL, until - time.monotonic()) if until > time.monotonic() else 0)
        return not self.check()
