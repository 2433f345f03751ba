"""Subscriptions on a store on a PostgreSQL server (issue 18): a team's feeds are rows of the
server's feed_subscriptions table, the same for every client and user; feeds.toml stays the
folder's. `feeds import` brings a folder's feeds.toml (or an OPML export) to the server."""

from __future__ import annotations

import dataclasses
import json
import threading

import pytest

from reader.core.config import Config
from reader.core.feeds import FeedError, Subscriptions, feed_unread_counts, feeds_file, subscriptions_for
from reader.core.feeds.served import ServerSubscriptions
from reader.core.library import Library
from reader.core.store.articles import ArticleStore
from tests.unit.feeds.test_feeds_cli import cli


@pytest.fixture
def server_lib(tmp_path, pg_dsn):
    lib = Library(tmp_path / "ann", dataclasses.replace(Config(), store=pg_dsn, user="ann"))
    yield lib
    lib.close()


def test_a_folder_keeps_feeds_toml_and_a_server_its_table(tmp_path, server_lib):
    with Library(tmp_path / "folder") as folder:
        assert type(subscriptions_for(folder.store)) is Subscriptions
    subs = subscriptions_for(server_lib.store)
    assert isinstance(subs, ServerSubscriptions) and subs.path is None
    assert subs.list() == []
    subs.add("https://Paper.Example/rss", "The Paper")
    subs.add("https://wire.example/atom")
    assert [(f.url, f.name) for f in subs.list()] == [("https://paper.example/rss", "The Paper"),
                                                     ("https://wire.example/atom", "")]
    assert not feeds_file().exists()  # nothing written to the local file
    with pytest.raises(FeedError, match="already subscribed"):
        subs.add("https://paper.example/rss")
    with pytest.raises(FeedError, match="already used"):
        subs.add("https://other.example/rss", "the paper")
    assert subs.remove("The Paper").url == "https://paper.example/rss"
    assert [f.url for f in subs.list()] == ["https://wire.example/atom"]


def test_every_client_and_user_sees_the_same_feeds(tmp_path, server_lib, pg_dsn):
    subscriptions_for(server_lib.store).add("https://paper.example/rss", "The Paper")
    ben = ArticleStore(pg_dsn, user="ben")
    try:
        seen = subscriptions_for(ben).list()
        assert [(f.url, f.name) for f in seen] == [("https://paper.example/rss", "The Paper")]
        subscriptions_for(ben).add("https://wire.example/atom")
    finally:
        ben.close()
    assert [f.url for f in subscriptions_for(server_lib.store).list()] == [
        "https://paper.example/rss", "https://wire.example/atom"]  # in the order they were added
    assert [row[1] for row in feed_unread_counts(server_lib)] == [
        "https://paper.example/rss", "https://wire.example/atom"]


def test_a_read_only_client_reads_them_and_cannot_change_them(server_lib, pg_dsn):
    subscriptions_for(server_lib.store).add("https://paper.example/rss")
    reader = ArticleStore(pg_dsn, readonly=True)
    try:
        subs = subscriptions_for(reader)
        assert [f.url for f in subs.list()] == ["https://paper.example/rss"]
        with pytest.raises(FeedError, match="read-only"):
            subs.add("https://wire.example/atom")
    finally:
        reader.close()


def test_the_cli_on_a_server_adds_lists_removes_there(capsys, server_lib):
    code, out, err = cli(capsys, server_lib, "feeds", "add", "https://paper.example/rss", "--name", "The Paper",
                         "--json", "--no-check")
    assert code == 0 and err == ""
    assert json.loads(out) == {"added": {"url": "https://paper.example/rss", "name": "The Paper"}, "file": None,
                               "store": server_lib.store.where, "checked": False, "entries": None}
    data = json.loads(cli(capsys, server_lib, "feeds", "list", "--json")[1])
    assert data["file"] is None and [f["url"] for f in data["feeds"]] == ["https://paper.example/rss"]
    assert not feeds_file().exists() and Subscriptions().list() == []
    assert json.loads(cli(capsys, server_lib, "feeds", "remove", "The Paper", "--json")[1])["removed"]["name"] == "The Paper"
    code, out, _ = cli(capsys, server_lib, "feeds", "list")
    assert "no feeds yet" in out and "feeds import" in out and server_lib.store.where in out


def test_feeds_import_brings_a_feeds_toml_and_an_opml_to_the_server(capsys, server_lib, tmp_path):
    mine = Subscriptions(tmp_path / "feeds.toml")  # a folder user's file
    mine.add("https://paper.example/rss", "The Paper")
    mine.add("https://wire.example/atom")
    code, out, err = cli(capsys, server_lib, "feeds", "import", str(mine.path))
    assert code == 0 and "imported 2 feed(s)" in out and "into the store on" in out
    opml = tmp_path / "more.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><body>'
                    '<outline type="rss" text="Wire" xmlUrl="https://wire.example/atom"/>'
                    '<outline type="rss" text="Gazette" xmlUrl="https://gazette.example/feed"/>'
                    "</body></opml>", encoding="utf-8")
    data = json.loads(cli(capsys, server_lib, "feeds", "import", str(opml), "--json")[1])
    assert [f["url"] for f in data["added"]] == ["https://gazette.example/feed"]
    assert data["existing"] == ["https://wire.example/atom"] and data["file"] is None
    assert [(f.url, f.name) for f in subscriptions_for(server_lib.store).list()] == [
        ("https://paper.example/rss", "The Paper"), ("https://wire.example/atom", ""),
        ("https://gazette.example/feed", "Gazette")]
    assert [f.url for f in mine.list()] == ["https://paper.example/rss", "https://wire.example/atom"]  # left as it was


def test_a_feeds_toml_imports_into_a_folder_too(capsys, library, tmp_path):
    other = Subscriptions(tmp_path / "theirs.toml")
    other.add("https://paper.example/rss", "The Paper")
    code, out, _ = cli(capsys, library, "feeds", "import", str(other.path), "--json")
    assert code == 0 and [f["name"] for f in json.loads(out)["added"]] == ["The Paper"]
    assert [f.url for f in subscriptions_for(library.store).list()] == ["https://paper.example/rss"]
    broken = tmp_path / "broken.toml"
    broken.write_text("[[feed]]\nurl = 3\n", encoding="utf-8")
    with pytest.raises(FeedError, match="has no url"):
        cli(capsys, library, "feeds", "import", str(broken))


def test_two_clients_adding_at_once_lose_nothing_and_never_follow_a_feed_twice(server_lib, pg_dsn):
    results: dict[str, list] = {"ann": [], "ben": []}

    def adding(user: str) -> None:
        store = ArticleStore(pg_dsn, user=user)
        try:
            subs = subscriptions_for(store)
            for n in range(15):
                subs.add(f"https://{user}.example/{n}")
                try:
                    subs.add("https://both.example/rss", f"Both via {user}")
                    results[user].append("added")
                except FeedError as exc:
                    results[user].append(str(exc))
        finally:
            store.close()

    threads = [threading.Thread(target=adding, args=(user,)) for user in results]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    urls = [f.url for f in subscriptions_for(server_lib.store).list()]
    assert len(urls) == len(set(urls)) == 31  # 15 each and the shared one, once
    assert sum(r == "added" for rs in results.values() for r in rs) == 1
    assert all(r == "added" or "already subscribed" in r for rs in results.values() for r in rs)
