"""Fetch every feed: concurrently, politely, and without losing anything.

Network work (feeds and linked pages) runs on a small thread pool, at most
max_connections requests at a time; everything that touches the library
(reading the per-feed state, storing articles, saving the state) happens on
the calling thread, and the articles are stored with one add_articles call
at the end of the run (the bookkeeping is in intake.py). A feed that fails
is reported in one line and changes nothing: its validators are not
advanced, so the next run retries; one whose server asked (Retry-After) not
to be asked again for a while is left alone until then.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Protocol
from urllib.parse import urljoin

from reader.core.feeds import fulltext as ft
from reader.core.feeds import intake, net, state
from reader.core.feeds.deadline import Cancel
from reader.core.feeds.report import FeedResult, FetchReport, PageFailure
from reader.core.feeds.served import subscriptions_for
from reader.core.feeds.subscriptions import Feed
from reader.core.ingest.feed import NotAFeed, parse_feed
from reader.core.models import Article, IndexSummary
from reader.core.store.articles import ArticleStore
from reader.core.text.clean import clean_inline

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9,"
    " application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
)
PAGES_BUDGET = 20.0  # seconds one feed's linked pages may take in all (12 dead links once took 45 s)
_FEED_LINK = re.compile(
    rb"""<link\b[^>]*type=["']application/(?:rss|atom)\+xml["'][^>]*>""", re.I
)
_HREF = re.compile(rb"""href=["']([^"']+)["']""", re.I)


class HasStore(Protocol):
    """A library as the feeds read it: its store holds the feed state."""

    @property
    def store(self) -> ArticleStore: ...


class ArticleSink(HasStore, Protocol):
    """What fetching needs of the library: its store, and a way to add
    articles that takes the write lock and indexes them.
    reader.core.library.Library is one; a core package never imports it."""

    def add_articles(self, articles: Iterable[Article], lock_timeout: float = ...,
                     progress: Progress | None = None) -> IndexSummary: ...


@functools.cache
def default_user_agent() -> str:
    from importlib import metadata  # start-up time (~20 ms): needed once, when a fetch starts

    try:
        meta = metadata.metadata("newsreader")
        version = meta["Version"] or "0"
        urls = [u.split(",", 1)[-1].strip() for u in (meta.get_all("Project-URL") or [])]
        url = (urls[0] if urls else "") or (meta["Home-page"] or "")
    except metadata.PackageNotFoundError:
        version, url = "0", ""
    return f"newsreader/{version} (+{url})" if url else f"newsreader/{version} (terminal news reader)"


# --- work done on the pool ------------------------------------------------------
def _fetch_feed(url: str, old: state.FeedState | None, limits: dict, cancel: Cancel | None) -> intake.Fetched:
    resp = net.get(
        url,
        etag=old.etag if old else None,
        last_modified=old.last_modified if old else None,
        accept=FEED_ACCEPT,
        cancel=cancel,
        **limits,
    )
    if resp.not_modified:
        return intake.Fetched(resp)
    if not resp.body.strip():
        raise net.FetchError("empty response (no feed)", resp.status)
    try:
        drafts, warning = parse_feed(resp.body)
    except NotAFeed as exc:
        raise net.FetchError(_not_a_feed(resp, str(exc)), resp.status) from None
    except RecursionError:
        raise net.FetchError("not a readable feed (too deeply nested)", resp.status) from None
    return intake.Fetched(resp, drafts, warning)


class _PagesBudget:
    """The time one feed's linked pages may take in all, counted from when
    the first of them starts (not while they wait behind other feeds')."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.ends: float | None = None
        self._lock = threading.Lock()

    def start(self) -> float:
        with self._lock:
            if self.ends is None:
                self.ends = time.monotonic() + self.seconds
            return self.ends

    def spent(self) -> str:
        return f"not fetched: this feed's linked pages may take {self.seconds:g} s in all, and that time ran out"


class _OverBudget(net.FetchError):
    """A page not asked for: its feed's pages had used their time."""


def _fetch_page(url: str, budget: _PagesBudget, limits: dict, cancel: Cancel | None) -> list[str]:
    ends = budget.start()
    if time.monotonic() >= ends:
        raise _OverBudget(budget.spent())
    try:
        return ft.fetch_paragraphs(url, deadline=ends, cancel=cancel, **limits)
    except net.FetchTimeout:
        if time.monotonic() >= ends - 0.01:
            raise net.FetchTimeout(budget.spent()) from None
        raise


def _not_a_feed(resp: net.Response, reason: str) -> str:
    head = resp.body[:65536]
    if resp.content_type in ("text/html", "application/xhtml+xml") or re.match(rb"\s*(<!doctype html|<html)", head, re.I):
        for tag in _FEED_LINK.findall(head):
            href = _HREF.search(tag)
            if href:
                link = urljoin(resp.url, href.group(1).decode("utf-8", "replace").strip())
                return f"not a feed but a web page; it names its feed at {link}"
        return "not a feed but a web page"
    return reason


def fetch_all(
    library: ArticleSink,
    feeds: Iterable[Feed | str] | None = None,
    *,
    max_connections: int = 4,
    timeout: float = 15,
    max_bytes: int = 10_000_000,
    user_agent: str | None = None,
    fulltext: bool = True,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
    pages_budget: float = PAGES_BUDGET,
) -> FetchReport:
    """Fetch feeds (default: every subscription) into the library.

    progress(stage, done, total) is called on the calling thread: stage
    "fetching" counts requests (feeds, then linked pages as they are found),
    then "indexing". should_stop() is asked between requests and, from the
    requests' watchdog threads, during them (so it must be safe to call from
    any thread: a flag, an Event's is_set): once it says True no request
    starts, those under way stop within a tenth of a second, and what has
    arrived is stored. Each request ends within 4 x timeout; a feed's linked
    pages within pages_budget seconds in all. Raises only for problems with
    the library itself (e.g. IndexBusy); every network problem is in the
    report.
    """
    if feeds is None:
        feeds = subscriptions_for(library.store).list()
    feeds = [Feed(f) if isinstance(f, str) else f for f in feeds]
    unique: dict[str, Feed] = {}
    for feed in feeds:
        unique.setdefault(feed.url, feed)
    feeds = list(unique.values())
    limits = {"timeout": timeout, "max_bytes": max_bytes, "user_agent": user_agent or default_user_agent()}
    store = library.store
    old_states = state.feed_states(store)
    report = FetchReport()
    results = {f.url: FeedResult(f.url, f.name or (old_states.get(f.url) or state.FeedState(f.url)).title or f.url)
               for f in feeds}
    report.feeds = list(results.values())
    new_states: dict[str, state.FeedState] = {}
    entries: list[intake.Entry] = []
    incomplete: set[str] = set()  # feeds with pages not fetched because of a stop
    budgets: dict[str, _PagesBudget] = {}
    done = 0

    def tick() -> None:
        if progress:
            progress("fetching", done, total)

    def stopping() -> bool:
        return bool(should_stop and should_stop())

    pool = ThreadPoolExecutor(max_workers=max(1, int(max_connections)), thread_name_prefix="newsreader-fetch")
    try:
        pending: dict[Future, tuple] = {}
        for feed in feeds:
            until = intake.waiting_until(old_states.get(feed.url))
            if until:
                results[feed.url].status = "skipped"
                intake.warn(results[feed.url], f"not fetched: the server asked not to be asked again before {until}")
                continue
            future = pool.submit(_fetch_feed, feed.url, old_states.get(feed.url), limits, should_stop)
            pending[future] = ("feed", feed)
        total = len(pending)
        tick()
        trafilatura_ready = False
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                kind, payload = pending.pop(future)
                done += 1
                tick()
                if kind == "feed":
                    feed = payload
                    result = results[feed.url]
                    old = old_states.get(feed.url) or state.FeedState(feed.url)
                    try:
                        fetched = future.result()
                    except net.FetchCancelled:
                        result.status, report.stopped = "skipped", True
                        continue
                    except net.FetchError as exc:
                        intake.failed(result, old, new_states, exc)
                        continue
                    except Exception as exc:  # noqa: BLE001 - one bad feed must not stop the rest
                        log.exception("fetching %s", feed.url)
                        intake.failed(result, old, new_states, f"unexpected error ({type(exc).__name__}: {exc})")
                        continue
                    try:
                        page_jobs = intake.take_feed(feed, fetched, result, old, new_states, entries, store, fulltext)
                    except Exception as exc:  # noqa: BLE001
                        log.exception("reading %s", feed.url)
                        intake.failed(result, old, new_states, f"unexpected error ({type(exc).__name__}: {exc})")
                        continue
                    if page_jobs and not trafilatura_ready:
                        import trafilatura  # noqa: F401 - imported once here rather than racing in the workers

                        trafilatura_ready = True
                    budget = budgets.setdefault(feed.url, _PagesBudget(pages_budget))
                    for entry in page_jobs:
                        if stopping():
                            incomplete.add(feed.url)
                            continue
                        job = pool.submit(_fetch_page, entry.draft.url, budget, limits, should_stop)
                        pending[job] = ("page", entry)
                        total += 1
                else:
                    _take_page(future, payload, report, entries, incomplete)
            if stopping() and pending:
                report.stopped = True
                for future, (kind, payload) in list(pending.items()):
                    if future.cancel():
                        pending.pop(future)
                        if kind == "page":
                            incomplete.add(payload.feed_url)
                        else:
                            results[payload.url].status = "skipped"
    except BaseException:  # e.g. Ctrl-C: drop the queued requests, store nothing, advance no state
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    _store(library, report, entries, new_states, incomplete, progress)
    return report


def _take_page(future: Future, entry: intake.Entry, report: FetchReport, entries: list, incomplete: set) -> None:
    try:
        paragraphs = future.result()
    except net.FetchCancelled:
        report.stopped = True
        incomplete.add(entry.feed_url)  # asked for again next run, with the whole feed
        return
    except Exception as exc:  # noqa: BLE001
        reason = str(exc) if isinstance(exc, net.FetchError) else f"{type(exc).__name__}: {exc}"
        intake.page_failed(entry, reason, counts=not isinstance(exc, _OverBudget))
        report.requests += 0 if isinstance(exc, _OverBudget) else 1
        report.fulltext_failed.append(PageFailure(entry.result.name, clean_inline(entry.draft.url), clean_inline(reason)))
        entries.append(entry)
        return
    report.requests += 1
    ft.merge(entry.draft, paragraphs)
    entry.fulltext, entry.attempts, entry.note = "ok", 0, ""
    entries.append(entry)


def _store(library: ArticleSink, report: FetchReport, entries: list[intake.Entry], new_states: dict,
           incomplete: set[str], progress: Progress | None) -> None:
    store = library.store
    articles, entry_rows = intake.articles(entries, store)
    report.requests += sum(r.requests for r in report.feeds)
    if articles:
        summary = library.add_articles(articles, progress=progress)
        report.added, report.updated = summary.added, summary.updated
    report.unchanged = sum(r.unchanged for r in report.feeds)
    report.changed = sum(r.changed for r in report.feeds)
    retry_pages = {e.feed_url for e in entries if e.fulltext == "failed" and e.attempts < intake.MAX_PAGE_ATTEMPTS}
    with store.transaction() as db:
        for url, new in new_states.items():
            if url in incomplete or url in retry_pages:
                # Ask for the whole feed again next time, to finish its entries.
                new.etag = new.last_modified = None
            state.save_feed(db, new)
        for feed_url, key, row in entry_rows:
            state.save_entry(db, feed_url, key, row)
