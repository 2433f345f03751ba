"""The line a fetch ends with, shared by `newsreader fetch` and the app's F."""

from reader.core.feeds.report import FeedResult, FetchReport


def _report(*statuses: str, added: int = 0, changed: int = 0) -> FetchReport:
    feeds = [FeedResult(url=f"http://x/{i}", name=f"f{i}", status=s) for i, s in enumerate(statuses)]
    return FetchReport(feeds=feeds, added=added, changed=changed)


def test_an_unchanged_feed_is_neither_fetched_nor_failed():
    line = _report("fetched", "not-modified", added=1).outcome()
    assert line == "1 feed fetched, 1 unchanged: 1 new article, 0 updated"


def test_counts_take_their_plural_and_failures_and_versions_are_said():
    line = _report("fetched", "fetched", "failed", added=3, changed=2).outcome()
    assert line == "2 feeds fetched, 1 failed: 3 new articles, 0 updated, 2 changed (a new version each)"
