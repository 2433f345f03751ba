"""Subscriptions: a human-editable feeds.toml in the config folder."""

from __future__ import annotations

import tomllib

import pytest

from reader.core.feeds import Feed, FeedError, Subscriptions, feeds_file, fetch_all
from reader.core.library import LibraryError


def test_the_file_sits_beside_config_toml(tmp_path, monkeypatch):
    assert feeds_file().parent.name == "newsreader" and feeds_file().name == "feeds.toml"
    monkeypatch.setenv("NEWSREADER_CONFIG", str(tmp_path / "etc" / "my.toml"))
    assert feeds_file() == tmp_path / "etc" / "feeds.toml"


def test_nothing_is_written_until_a_feed_is_added():
    subs = Subscriptions()
    assert subs.list() == []
    assert not subs.path.exists() and not subs.path.parent.exists()


def test_add_list_remove():
    subs = Subscriptions()
    a = subs.add("https://Example.ORG/rss.xml", "Example News")
    b = subs.add("http://other.example/feed")
    assert a == Feed("https://example.org/rss.xml", "Example News")
    assert subs.list() == [a, b]
    data = tomllib.loads(subs.path.read_text(encoding="utf-8"))
    assert data["feed"] == [{"url": a.url, "name": "Example News"}, {"url": b.url}]
    assert subs.remove("example news") == a  # by name, any case
    assert subs.list() == [b]
    assert subs.remove("http://other.example/feed") == b
    assert subs.list() == []


def test_errors_are_one_line_library_errors():
    subs = Subscriptions()
    subs.add("https://example.org/rss.xml", "Example")
    cases = [
        (lambda: subs.add("https://example.org/rss.xml"), "already subscribed"),
        (lambda: subs.add("https://example.org/other.xml", "EXAMPLE"), "already used"),
        (lambda: subs.add("example.org/rss"), "did you mean https://example.org/rss"),
        (lambda: subs.add("file:///etc/passwd"), "http:// or https://"),
        (lambda: subs.add("ftp://example.org/feed"), "http:// or https://"),
        (lambda: subs.add("https://exa mple.org/"), "not a feed address"),
        (lambda: subs.remove("nothing like it"), "no subscription"),
    ]
    for call, words in cases:
        with pytest.raises(FeedError) as info:
            call()
        assert isinstance(info.value, LibraryError)
        assert words in str(info.value) and "\n" not in str(info.value)


def test_feed_scheme_is_read_as_http():
    assert Subscriptions().add("feed://example.org/rss").url == "http://example.org/rss"


def test_hand_edits_and_comments_survive_add_and_remove():
    subs = Subscriptions()
    subs.path.parent.mkdir(parents=True)
    subs.path.write_text(
        "# my feeds\n\n"
        "# the local paper\n"
        "[[feed]]\n"
        'url = "https://paper.example/rss"\n'
        "name = 'The Paper'  # literal string, by hand\n\n"
        "# wire service, keep\n"
        "[[feed]]\n"
        'url = "https://wire.example/atom"\n',
        encoding="utf-8",
    )
    subs.add("https://third.example/feed.xml", 'Quote " and back\\slash, ünïcode')
    text = subs.path.read_text(encoding="utf-8")
    assert text.startswith("# my feeds\n\n# the local paper\n") and "# wire service, keep" in text
    assert subs.list()[2].name == 'Quote " and back\\slash, ünïcode'
    subs.remove("The Paper")
    text = subs.path.read_text(encoding="utf-8")
    assert "the local paper" not in text and "paper.example" not in text
    assert text.startswith("# my feeds\n") and "# wire service, keep" in text
    assert [f.url for f in subs.list()] == ["https://wire.example/atom", "https://third.example/feed.xml"]


def test_a_damaged_file_is_reported_not_overwritten():
    subs = Subscriptions()
    subs.path.parent.mkdir(parents=True)
    subs.path.write_text("[[feed]]\nurl = \n", encoding="utf-8")
    with pytest.raises(FeedError, match="feeds.toml"):
        subs.list()
    with pytest.raises(FeedError):
        subs.add("https://example.org/rss")
    assert subs.path.read_text(encoding="utf-8") == "[[feed]]\nurl = \n"
    subs.path.write_text("[[feed]]\nname = 'no url'\n", encoding="utf-8")
    with pytest.raises(FeedError, match="feed 1 has no url"):
        subs.list()


def test_a_bad_address_written_by_hand_is_kept_for_fetch_to_report():
    subs = Subscriptions()
    subs.path.parent.mkdir(parents=True)
    subs.path.write_text('[[feed]]\nurl = "gopher://old.example/"\n', encoding="utf-8")
    assert subs.list() == [Feed("gopher://old.example/")]


def test_fetch_reports_a_bad_address_as_a_failing_feed(library):
    report = fetch_all(library, [Feed("gopher://old.example/")])
    assert report.failed[0].error.startswith("not a web address")
