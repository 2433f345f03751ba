"""The name lookup of a request, inside the request's one deadline.

socket.create_connection asks getaddrinfo for the host's addresses and
waits for as long as the system's resolver likes (a dead DNS server: 5 s a
try, several tries, per address family), which no socket timeout and no
watchdog can shorten: the lookup has no socket of ours to shut. So the
lookup runs in a thread of its own and the request waits for it only as
long as its deadline allows (or until cancel() says stop); then each
address is connected to, by number, through deadline.Exchange. A lookup
given up on finishes in its thread and is dropped; at most MAX_STRANDED
of them may be left running at once, past that a request fails at once
rather than leave yet another thread behind.
"""

from __future__ import annotations

import socket
import threading
import time

from reader.core.feeds.deadline import POLL, Exchange

MAX_STRANDED = 16  # lookups given up on but still running in their threads

resolver = socket.getaddrinfo  # the system's lookup; tests put a slow fake here

_stranded = 0
_stranded_lock = threading.Lock()


class LookupTimeout(TimeoutError):
    """The name lookup did not answer in the time the request had left."""


class LookupCancelled(Exception):
    """cancel() said stop while the name was being looked up."""


def addresses(host: str, port: int, exchange: Exchange, timeout: float | None) -> list[tuple]:
    """getaddrinfo(host, port) for a TCP connection, waited for no longer
    than the exchange's time left (and timeout, when given); a numeric
    address is read at once. Raises LookupTimeout, LookupCancelled or what
    getaddrinfo raised (socket.gaierror)."""
    try:
        return socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM, 0, socket.AI_NUMERICHOST)
    except (socket.gaierror, UnicodeError, ValueError):
        pass  # a name, not a number: looked up below
    global _stranded
    with _stranded_lock:
        if _stranded >= MAX_STRANDED:
            raise LookupTimeout(f"{_stranded} earlier name lookups have not answered")
    outcome: dict[str, object] = {}
    done = threading.Event()

    def look() -> None:
        global _stranded
        try:
            outcome["addresses"] = resolver(host, port, 0, socket.SOCK_STREAM)
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting request
            outcome["error"] = exc
        finally:
            with _stranded_lock:
                done.set()
                if outcome.get("stranded"):
                    _stranded -= 1

    threading.Thread(target=look, name="newsreader-lookup", daemon=True).start()
    limit = exchange.left() if timeout is None else min(exchange.left(), timeout)
    ends = time.monotonic() + limit
    while not done.wait(max(min(POLL, ends - time.monotonic()), 0.0)):
        why = exchange.check()
        if why or time.monotonic() >= ends:
            with _stranded_lock:
                if not done.is_set():
                    outcome["stranded"] = True
                    _stranded += 1
                    if why == "cancelled":
                        raise LookupCancelled()
                    raise LookupTimeout(f"the name lookup of {host[:100]} did not answer within {limit:.3g} s")
            break  # it answered just now
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["addresses"]  # type: ignore[return-value]


def connector(exchange: Exchange):
    """A create_connection for http.client: the lookup bounded (addresses()),
    then each address tried in turn through the exchange, as
    socket.create_connection tries them."""

    def create_connection(address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None):
        host, port = address
        bound = float(timeout) if isinstance(timeout, (int, float)) else None
        error: OSError | None = None
        for *_, sockaddr in addresses(host, port, exchange, bound):
            try:
                return exchange.create_connection(sockaddr[:2], timeout, source_address)
            except OSError as exc:
                error = exc
                if exchange.check():
                    break
        raise error or OSError(f"no address for {host[:100]}")

    return create_connection
