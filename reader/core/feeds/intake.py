"""A fetch run's bookkeeping, on the calling thread: which entries of a
fetched feed are unchanged, ready, or waiting for their linked page; which
articles they become; and what is remembered of a feed that failed.

Everything a feed says about itself (its title, its entries' keys and
links) is quoted in reports, so it is cleaned of control characters here,
where it comes in.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from urllib.parse import urljoin, urlsplit

from reader.core.feeds import fulltext as ft
from reader.core.feeds import net, state
from reader.core.feeds.report import FeedResult
from reader.core.ingest import to_article
from reader.core.ingest.draft import Draft
from reader.core.links import names_a_story
from reader.core.models import Article
from reader.core.store import versions
from reader.core.text.clean import clean_inline

MAX_PAGE_ATTEMPTS = 3  # runs in which a failing linked page is tried again
_UNTIL = re.compile(r"\(not asked again before (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)\)$")


@dataclass
class Fetched:
    response: net.Response
    drafts: list[Draft] = field(default_factory=list)
    warning: str = ""


@dataclass
class Entry:
    result: FeedResult
    feed_url: str
    source: str
    draft: Draft
    digest: str
    fulltext: str = ""  # "", "ok", "failed"
    attempts: int = 0
    note: str = ""


def warn(result: FeedResult, text: str) -> None:
    result.warnings.append(clean_inline(text))


def digest(draft: Draft, source: str) -> str:
    payload = json.dumps(
        [draft.title, draft.paragraphs, draft.url, draft.byline,
         draft.published.isoformat() if draft.published else draft.published_raw, source],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


# --- Retry-After beyond one run ---------------------------------------------------
def until_note(seconds: float) -> str:
    """What a failed feed's state keeps of a long Retry-After: the time
    before which it is not asked again."""
    when = datetime.now(timezone.utc) + timedelta(seconds=seconds)
    return f"(not asked again before {when.strftime('%Y-%m-%dT%H:%M:%SZ')})"


def waiting_until(old: state.FeedState | None) -> str | None:
    """The time (ISO, UTC) before which a server asked not to be asked
    again, if that is still ahead; None otherwise."""
    if old is None or old.last_status not in (429, 503):
        return None
    match = _UNTIL.search(old.last_error or "")
    if not match:
        return None
    return match.group(1) if match.group(1) > state.now() else None


def failed(result: FeedResult, old: state.FeedState, new_states: dict, exc: net.FetchError | str,
           status: int | None = None) -> None:
    reason = str(exc)
    if isinstance(exc, net.FetchError):
        status = exc.status
        if exc.retry_after:
            reason = f"{reason} {until_note(exc.retry_after)}"
    result.status, result.error, result.http_status = "failed", clean_inline(reason), status
    result.requests += 1
    new_states[result.url] = state.FeedState(
        result.url, old.etag, old.last_modified, old.title, status, result.error, state.now(), old.last_ok
    )


def take_feed(feed, fetched: Fetched, result: FeedResult, old: state.FeedState, new_states: dict,
              entries: list[Entry], store, fulltext: bool) -> list[Entry]:
    """Sort a fetched feed's entries into unchanged, ready (appended to
    entries) and needing their page (returned)."""
    resp = fetched.response
    result.http_status, result.requests = resp.status, result.requests + resp.requests
    if resp.waited:
        warn(result, f"the server asked to wait {resp.waited:.0f} s (Retry-After); waited, then asked again")
    stamp = state.now()
    if resp.not_modified:
        result.status = "not-modified"
        new_states[feed.url] = state.FeedState(
            feed.url, resp.headers.get("etag") or old.etag, resp.headers.get("last-modified") or old.last_modified,
            old.title, 304, "", stamp, stamp,
        )
        return []
    result.status = "fetched"
    title = clean_inline(next((d.source for d in fetched.drafts if d.source), "")) or old.title
    if not feed.name and title:
        result.name = title
    if fetched.warning:
        warn(result, fetched.warning)
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
        entry_digest = digest(draft, source)
        prev = known.get(draft.key)
        if prev and prev.digest == entry_digest:
            retry = fulltext and prev.fulltext == "failed" and prev.attempts < MAX_PAGE_ATTEMPTS
            if not retry:
                result.unchanged += 1
                continue
        if bad_link:
            warn(result, f"entry {draft.key[:100]} has a malformed link, ignored")
        attempts = prev.attempts if prev and prev.digest == entry_digest else 0
        entry = Entry(result, feed.url, source, draft, entry_digest, attempts=attempts)
        if fulltext and ft.wants_page(draft):
            page_jobs.append(entry)
        else:
            entries.append(entry)
    return page_jobs


def page_failed(entry: Entry, reason: str, counts: bool = True) -> None:
    """The entry keeps its summary; counts: whether this was one of the
    MAX_PAGE_ATTEMPTS tries (a page never asked for is not)."""
    entry.fulltext = "failed"
    entry.attempts += 1 if counts else 0
    entry.note = clean_inline(f"feed summary only: the linked page could not be read ({reason})")


def _from_feed(origin: str | None, feed_url: str) -> bool:
    """Was the article of origin stored from this feed? A second feed linking
    to the same page (an aggregator, a blog quoting it) is the same story, and
    replaced the first outlet's text and name with its own."""
    return origin is None or origin == f"feed:{feed_url}" or origin.startswith(f"feed:{feed_url}#")


def articles(entries: list[Entry], store) -> tuple[list[Article], list[tuple[str, str, state.EntryState]]]:
    """Articles to store (one per story: a URL seen twice in this run is
    stored once) and the entry rows to remember, with per-feed counts."""
    out: list[Article] = []
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
            warn(result, f"entry {entry.draft.url or entry.draft.key} has no text, skipped")
            continue
        actual = article.id
        duplicate = False
        if names_a_story(article.url):
            if article.url in by_url:
                actual, duplicate = by_url[article.url], True
            else:
                actual = store.id_for_url(article.url) or article.id
                by_url[article.url] = actual
                if actual != article.id and not _from_feed(store.origin_of(actual), entry.feed_url):
                    duplicate = True  # another feed's story (or a file's) of that link: its text and outlet stay
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
            result.changed += versions.changes_text(store.db, article)  # its earlier wording becomes a version
        out.append(article)
    return out, rows
