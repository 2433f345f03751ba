"""Fetch every feed: concurrently, politely, and without losing anything.

Network work (feeds and linked pages) runs on a small thread pool, at most
max_connections requests at a time; everything that touches the library
(reading the per-feed state, storing articles, saving the state) happens on
the calling thread, and the articles are stored with one add_articles call
at the end of the run. A feed that fails is reported in one line and
changes nothing: its validators are not advanced, so the next run retries.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urljoin, urlsplit

from reader.core.feeds import fulltext as ft
from reader.core.feeds import net, state
from reader.core.feeds.report import FeedResult, FetchReport, PageFailure
from reader.core.feeds.subscriptions import Feed, Subscriptions
from reader.core.ingest import to_article
from reader.core.ingest.draft import Draft
from reader.core.ingest.feed import NotAFeed, parse_feed
from reader.core.models import Article, IndexSummary
from reader.core.store.articles import ArticleStore

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9,"
    " application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
)
MAX_PAGE_ATTEMPTS = 3  # runs in which a failing linked page is tried again
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
@dataclass
class _Fetched:
    response: net.Response
    drafts: list[Draft] = field(default_factory=list)
    warning: str = ""


def _fetch_feed(url: str, old: state.FeedState | None, limits: dict) -> _Fetched:
    resp = net.get(
        url,
        etag=old.etag if old else None,
        last_modified=old.last_modified if old else None,
        accept=FEED_ACCEPT,
        **limits,
    )
    if resp.not_modified:
        return _Fetched(resp)
    if not resp.body.strip():
        raise net.FetchError("empty response (no feed)", resp.status)
    try:
        drafts, warning = parse_feed(resp.body)
    except NotAFeed as exc:
        raise net.FetchError(_not_a_feed(resp, str(exc)), resp.status) from None
    except RecursionError:
        raise net.FetchError("not a readable feed (too deeply nested)", resp.status) from None
    return _Fetched(resp, drafts, warning)


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


# --- bookkeeping on the calling thread -------------------------------------------
@dataclass
class _Entry:
    result: FeedResult
    feed_url: str
    source: str
    draft: Draft
    digest: str
    fulltext: str = ""  # "", "ok", "failed"
    attempts: int = 0
    note: str = ""


def _digest(draft: Draft, source: str) -> str:
    payload = json.dumps(
        [draft.title, draft.paragraphs, draft.url, draft.byline,
         draft.published.isoformat() if draft.published else draft.published_raw, source],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


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
) -> FetchReport:
    """Fetch feeds (default: every subscription) into the library.

    progress(stage, done, total) is called on the calling thread: stage
    "fetching" counts requests (feeds, then linked pages as they are found),
    then "indexing". should_stop() is polled between requests: no new ones
    start, and what has arrived is stored. Raises only for problems with the
    library itself (e.g. IndexBusy); every network problem is in the report.
    """
    if feeds is None:
        feeds = Subscriptions().list()
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
    entries: list[_Entry] = []
    incomplete: set[str] = set()  # feeds with pages not fetched because of a stop
    total = len(feeds)
    done = 0

    def tick() -> None:
        if progress:
            progress("fetching", done, total)

    tick()
    pool = ThreadPoolExecutor(max_workers=max(1, int(max_connections)), thread_name_prefix="newsreader-fetch")
    try:
        pending: dict[Future, tuple] = {}
        for feed in feeds:
            pending[pool.submit(_fetch_feed, feed.url, old_states.get(feed.url), limits)] = ("feed", feed)
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
                    except net.FetchError as exc:
                        _failed(result, old, new_states, str(exc), exc.status)
                        continue
                    except Exception as exc:  # noqa: BLE001 - one bad feed must not stop the rest
                        log.exception("fetching %s", feed.url)
                        _failed(result, old, new_states, f"unexpected error ({type(exc).__name__}: {exc})", None)
                        continue
                    try:
                        page_jobs = _take_feed(feed, fetched, result, old, new_states, entries, store, fulltext)
                    except Exception as exc:  # noqa: BLE001
                        log.exception("reading %s", feed.url)
                        _failed(result, old, new_states, f"unexpected error ({type(exc).__name__}: {exc})", None)
                        continue
                    if page_jobs and not trafilatura_ready:
                        import trafilatura  # noqa: F401 - imported once here rather than racing in the workers

                        trafilatura_ready = True
                    for entry in page_jobs:
                        if should_stop and should_stop():
                            incomplete.add(feed.url)
                            continue
                        pending[pool.submit(ft.fetch_paragraphs, entry.draft.url, **limits)] = ("page", entry)
                        total += 1
                else:
                    entry = payload
                    report.requests += 1
                    try:
                        paragraphs = future.result()
                        ft.merge(entry.draft, paragraphs)
                        entry.fulltext, entry.attempts, entry.note = "ok", 0, ""
                    except Exception as exc:  # noqa: BLE001
                        reason = str(exc) if isinstance(exc, net.FetchError) else f"{type(exc).__name__}: {exc}"
                        entry.fulltext = "failed"
                        entry.attempts += 1
                        entry.note = f"feed summary only: the linked page could not be read ({reason})"
                        report.fulltext_failed.append(PageFailure(entry.result.name, entry.draft.url, reason))
                    entries.append(entry)
            if should_stop and should_stop() and pending:
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

    articles, entry_rows = _articles(entries, store)
    report.requests += sum(r.requests for r in report.feeds)
    if articles:
        summary = library.add_articles(articles, progress=progress)
        report.added, report.updated = summary.added, summary.updated
    report.unchanged = sum(r.unchanged for r in report.feeds)
    retry_pages = {e.feed_url for e in entries if e.fulltext == "failed" and e.attempts < MAX_PAGE_ATTEMPTS}
    with store.transaction() as db:
        for url, new in new_states.items():
            if url in incomplete or url in retry_pages:
                # Ask for the whole feed again next time, to finish its entries.
                new.etag = new.last_modified = None
            state.save_feed(db, new)
        for feed_url, key, row in entry_rows:
            state.save_entry(db, feed_url, key, row)
    return report


def _failed(result: FeedResult, old: state.FeedState, new_states: dict, reason: str, status: int | None) -> None:
    result.status, result.error, result.http_status = "failed", reason, status
    result.requests += 1
    new_states[result.url] = state.FeedState(
        result.url, old.etag, old.last_modified, old.title, status, reason, state.now(), old.last_ok
    )


def _take_feed(feed, fetched: _Fetched, result, old, new_states, entries, store, fulltext) -> list[_Entry]:
    """Sort a fetched feed's entries into unchanged, ready and needing their page."""
    resp = fetched.response
    result.http_status, result.requests = resp.status, result.requests + resp.requests
    stamp = state.now()
    if resp.not_modified:
        result.status = "not-modified"
        new_states[feed.url] = state.FeedState(
            feed.url, resp.headers.get("etag") or old.etag, resp.headers.get("last-modified") or old.last_modified,
            old.title, 304, "", stamp, stamp,
        )
        return []
    result.status = "fetched"
    title = next((d.source for d in fetched.drafts if d.source), "") or old.title
    if not feed.name and title:
        result.name = title
    if fetched.warning:
        result.warnings.append(fetched.warning)
    new_states[feed.url] = state.FeedState(
        feed.url, resp.headers.get("etag"), resp.headers.get("last-modified"), title, resp.status, "", stamp, stamp,
    )
    source = feed.name or title or (urlsplit(feed.url).hostname or feed.url)
    known = state.entries(store, feed.url)
    seen: set[str] = set()
    page_jobs = []
    for draft in fetched.drafts:
        if draft.key in seen:
            continue
        seen.add(draft.key)
        result.entries += 1
        bad_link = False
        try:
            draft.url = urljoin(resp.url, draft.url) if draft.url else ""
        except ValueError:
            draft.url, bad_link = "", True
        draft.source = source
        digest = _digest(draft, source)
        prev = known.get(draft.key)
        if prev and prev.digest == digest:
            retry = fulltext and prev.fulltext == "failed" and prev.attempts < MAX_PAGE_ATTEMPTS
            if not retry:
                result.unchanged += 1
                continue
        if bad_link:
            result.warnings.append(f"entry {draft.key[:100]} has a malformed link, ignored")
        attempts = prev.attempts if prev and prev.digest == digest else 0
        entry = _Entry(result, feed.url, source, draft, digest, attempts=attempts)
        if fulltext and ft.wants_page(draft):
            page_jobs.append(entry)
        else:
            entries.append(entry)
    return page_jobs


def _articles(entries: list[_Entry], store) -> tuple[list[Article], list[tuple[str, str, state.EntryState]]]:
    """Articles to store (one per story: a URL seen twice in this run is
    stored once) and the entry rows to remember, with per-feed counts."""
    articles: list[Article] = []
    rows = []
    by_url: dict[str, str] = {}
    for entry in entries:
        meta = {"source": entry.source}
        if entry.note:
            meta["note"] = entry.note
        article = to_article(entry.draft, f"feed:{entry.feed_url}", "", "", meta)
        result = entry.result
        if not article.text_paragraphs:
            rows.append((entry.feed_url, entry.draft.key, state.EntryState(article.id, entry.digest, entry.fulltext, entry.attempts)))
            result.warnings.append(f"entry {entry.draft.url or entry.draft.key} has no text, skipped")
            continue
        actual = article.id
        duplicate = False
        if article.url:
            if article.url in by_url:
                actual, duplicate = by_url[article.url], True
            else:
                actual = store.id_for_url(article.url) or article.id
                by_url[article.url] = actual
        rows.append((entry.feed_url, entry.draft.key, state.EntryState(actual, entry.digest, entry.fulltext, entry.attempts)))
        if duplicate:
            result.unchanged += 1
            continue
        row = store.db.execute("SELECT hash FROM articles WHERE id=?", (actual,)).fetchone()
        if row is None:
            result.added += 1
        elif row[0] == article.content_hash:
            result.unchanged += 1
        else:
            result.updated += 1
        articles.append(article)
    return articles, rows
