"""A feed whose entry is edited upstream: each re-fetch that finds it changed
keeps the earlier wording as a version; a fetch answered 304 makes none.
Served on 127.0.0.1 by a server the test starts; nothing touches the internet."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

import pytest

from reader.cli.commands import main
from reader.core.compare import versions
from reader.core.feeds import Feed, Subscriptions, fetch_all

PARAS = [
    "The harbour authority said on Tuesday that 40 fishing boats had been damaged in the storm overnight.",
    "Engineers will inspect the northern breakwater this week, the authority said in a statement.",
    "The mayor said the town would ask the government for emergency funds to repair the harbour wall.",
    "Local businesses said the closure of the harbour would cost them thousands of pounds each day.",
]


def feed(paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Harbour Times</title>'
        "<link>http://example.org/</link><description>test</description><item><title>Storm damages boats</title>"
        "<link>http://example.org/storm</link><guid>urn:storm</guid>"
        f"<description>{escape(body)}</description><pubDate>Tue, 04 Mar 2025 10:00:00 GMT</pubDate>"
        "</item></channel></rss>"
    ).encode("utf-8")


class EditedFeed:
    """One feed at /feed.xml whose body the test replaces; answers 304 to
    an If-None-Match of its present ETag."""

    def __init__(self):
        self.body, self.etag, self.hits = b"", "", []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                site.hits.append(self.headers.get("If-None-Match"))
                if self.headers.get("If-None-Match") == site.etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                self.send_header("ETag", site.etag)
                self.send_header("Content-Length", str(len(site.body)))
                self.end_headers()
                self.wfile.write(site.body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/feed.xml"

    def publish(self, paragraphs: list[str], etag: str) -> None:
        self.body, self.etag = feed(paragraphs), f'"{etag}"'


@pytest.fixture
def edited(monkeypatch):
    for var in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("no_proxy", "*")
    site = EditedFeed()
    site.thread.start()
    yield site
    site.server.shutdown()
    site.server.server_close()


def fetch(library, site):
    return fetch_all(library, [Feed(site.url, "Harbour Times")], fulltext=False, timeout=2.0)


def test_a_feed_edited_upstream_keeps_every_version(edited, library):
    edited.publish(PARAS, "v1")
    first = fetch(library, edited)
    assert (first.added, first.changed) == (1, 0)
    [article] = list(library.store.iter_articles())
    library.set_read([article.id], True)

    edited.publish([PARAS[0].replace("40", "45")] + PARAS[1:], "v2")  # a number corrected
    second = fetch(library, edited)
    assert (second.updated, second.changed) == (1, 1)
    assert second.as_dict()["changed"] == 1

    same = fetch(library, edited)  # conditional request: 304, nothing new
    assert edited.hits[-1] == '"v2"' and same.feeds[0].status == "not-modified" and same.changed == 0

    edited.publish([PARAS[0].replace("40", "45")] + PARAS[1:2] + PARAS[3:], "v3")  # a paragraph dropped
    third = fetch(library, edited)
    assert third.changed == 1

    lines = versions.listing(library, article.id, extractor="rules")
    assert [line.version.number for line in lines] == [1, 2, 3]
    assert [line.version.current for line in lines] == [False, False, True]
    assert library.store.state(article.id)["read"] is True  # carried across the edits
    assert "1 number differs" in lines[1].summary
    assert "drops 1 sentence" in lines[2].summary

    old, new = library.get(f"{article.id}@1"), library.get(article.id)
    assert old.text_paragraphs[0] == PARAS[0] and new.text_paragraphs[0] == PARAS[0].replace("40", "45")
    comparison = library.compare(old, new, "rules")
    assert [(m.a.text, m.b.text) for m in comparison.numbers if m.kind == "different"] == [("40", "45")]
    listed = comparison.differences("a")  # what the compare screen and reports list, on the first's side
    at = old.text.index("40 fishing")
    assert any(d.start <= at < d.end and "45" in d.label for d in listed)
    dropped = [d for d in listed if d.kind == "unique"]
    assert len(dropped) == 1 and old.text[dropped[0].start:dropped[0].end] == PARAS[2]
    assert library.get(f"{article.id}~2").text_paragraphs == old.text_paragraphs


def test_fetch_says_how_many_changed(edited, tmp_path, capsys):
    index = str(tmp_path / "ix")
    Subscriptions().add(edited.url, name="Harbour Times")
    edited.publish(PARAS, "v1")
    assert main(["fetch", "--no-fulltext", "--index", index]) == 0
    edited.publish(PARAS[:3], "v2")
    capsys.readouterr()
    assert main(["fetch", "--no-fulltext", "--index", index]) == 0
    assert capsys.readouterr().out.strip() == "1 feed fetched: 0 new articles, 1 updated, 1 changed (a new version each)"
    edited.publish(PARAS[:2], "v3")
    assert main(["fetch", "--no-fulltext", "--json", "--index", index]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["changed"], data["feeds"][0]["changed"]) == (1, 1)
