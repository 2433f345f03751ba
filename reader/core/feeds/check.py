"""Is an address a feed? Fetched once and parsed, before it is followed:
`newsreader feeds add` and the app's feeds screen (a) both ask here, so a
404 or a web page is refused the same way in both."""

from __future__ import annotations

from reader.core.feeds import net
from reader.core.feeds.fetch import FEED_ACCEPT, default_user_agent
from reader.core.feeds.net import FetchError, check_url
from reader.core.feeds.subscriptions import FeedError
from reader.core.ingest.feed import NotAFeed, parse_feed

CHECK_MAX_BYTES = 10_000_000  # as a fetch reads at most


def check_feed(url: str, timeout: float = 15.0) -> int:
    """Fetch url once and parse it: the number of entries of the RSS or
    Atom feed it is; FeedError (one line) when it is none, or unreachable.
    Network work: callers in the app run it off the UI thread."""
    try:
        check_url(url)
        resp = net.get(url, timeout=timeout, max_bytes=CHECK_MAX_BYTES, user_agent=default_user_agent(),
                       accept=FEED_ACCEPT)
        if not resp.body.strip():
            raise FeedError(f"{url} answered with nothing: not a feed")
        drafts, _ = parse_feed(resp.body)
    except FetchError as exc:
        raise FeedError(f"{url}: {exc}") from None
    except NotAFeed as exc:
        raise FeedError(f"{url} is not an RSS or Atom feed ({exc})") from None
    except RecursionError:
        raise FeedError(f"{url} is not a readable feed (too deeply nested)") from None
    return len(drafts)
