"""`newsreader feeds add` checks that the address is a feed; `fetch` counts
feeds fetched, unchanged and failed. Against the local server of
test_fetch_http; nothing here touches the internet."""

from __future__ import annotations

import json

import pytest

from reader.core.feeds import FeedError, subscriptions_for
from tests.integration.test_fetch_http import _cli, item, no_proxy, rss, site  # noqa: F401 (fixtures)


def test_add_checks_that_the_address_is_a_feed(site, library, capsys):  # noqa: F811
    site.serve("/a.xml", rss("A", [item(site, 1), item(site, 2)]))
    site.serve("/page.html", "<!doctype html><html><body><p>a web page</p></body></html>", ctype="text/html")
    code, out, err = _cli(capsys, library, "feeds", "add", site.url("/a.xml"), "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["checked"] is True and data["entries"] == 2
    for path, needle in (("/missing.xml", "404"), ("/page.html", "not an RSS or Atom feed")):
        with pytest.raises(FeedError, match=needle) as exc:
            _cli(capsys, library, "feeds", "add", site.url(path))
        assert "--no-check" in str(exc.value) and "\n" not in str(exc.value)
    assert [f.url for f in subscriptions_for(library.store).list()] == [site.url("/a.xml")]
    code, out, _ = _cli(capsys, library, "feeds", "add", site.url("/missing.xml"), "--no-check")
    assert code == 0 and "not checked that it is a feed" in out
    assert len(subscriptions_for(library.store).list()) == 2


def test_fetch_counts_unchanged_feeds_apart_from_failed_ones(site, library, capsys):  # noqa: F811
    site.serve("/a.xml", rss("A", [item(site, 1)]), etag='"v1"')
    subscriptions_for(library.store).add(site.url("/a.xml"))
    subscriptions_for(library.store).add(site.url("/missing.xml"))
    subscriptions_for(library.store).add(site.url("/gone.xml"))
    code, out, _ = _cli(capsys, library, "fetch", "--no-fulltext")
    assert code == 1
    assert out.strip() == "1 feed fetched, 2 failed: 1 new article, 0 updated"
    code, out, _ = _cli(capsys, library, "fetch", "--no-fulltext")
    assert out.strip() == "0 feeds fetched, 1 unchanged, 2 failed: 0 new articles, 0 updated"
