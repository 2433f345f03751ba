"""Feeds from the web: subscriptions (configuration, feeds.toml), OPML,
fetching into the library, and full text for summary-only entries."""

from __future__ import annotations

from reader.core.feeds import state
from reader.core.feeds.fetch import ArticleSink, HasStore, default_user_agent, fetch_all
from reader.core.feeds.net import FetchCancelled, FetchError, FetchTimeout
from reader.core.feeds.report import FeedResult, FetchReport, PageFailure
from reader.core.feeds.served import subscriptions_for
from reader.core.feeds.subscriptions import Feed, FeedError, Subscriptions, feeds_file

__all__ = [
    "ArticleSink", "Feed", "FeedError", "FeedResult", "FetchCancelled", "FetchError", "FetchReport", "FetchTimeout",
    "HasStore", "PageFailure",
    "Subscriptions", "default_user_agent", "feed_unread_counts", "feeds_file", "fetch_all", "state", "subscriptions_for",
]


def feed_unread_counts(library: HasStore, feeds: list[Feed] | None = None) -> list[tuple[str, str, int, int]]:
    """(name, url, unread, total) for each subscription, in the file's order:
    the articles its entries became that are still in the library. The name
    is the subscription's name, else the feed's own title, else its address.
    Reads only; works offline."""
    if feeds is None:
        feeds = subscriptions_for(library.store).list()
    counts = state.counts(library.store)
    titles = state.feed_states(library.store)
    out = []
    for feed in feeds:
        unread, total = counts.get(feed.url, (0, 0))
        title = titles[feed.url].title if feed.url in titles else ""
        out.append((feed.name or title or feed.url, feed.url, unread, total))
    return out
