"""OPML import and export, and refusing hostile XML."""

from __future__ import annotations

import pytest

from reader.core.feeds import Feed, FeedError, Subscriptions
from reader.core.feeds.opml import OpmlError, Outline, parse_opml, to_opml

NEWSBOAT_EXPORT = b"""<?xml version="1.0"?>
<opml version="1.0">
  <head><title>newsboat - Exported Feeds</title></head>
  <body>
    <outline type="rss" xmlUrl="https://paper.example/rss" htmlUrl="https://paper.example/" title="The Paper"/>
    <outline title="World">
      <outline text="Wire &amp; Co" xmlUrl="https://wire.example/atom"/>
      <outline text="Folder inside">
        <outline xmlUrl="https://deep.example/feed"/>
      </outline>
    </outline>
    <outline text="a bookmark, not a feed" url="https://example.org/"/>
  </body>
</opml>"""


def test_reads_feeds_at_any_depth():
    assert parse_opml(NEWSBOAT_EXPORT) == [
        Outline("https://paper.example/rss", "The Paper", "https://paper.example/"),
        Outline("https://wire.example/atom", "Wire & Co"),
        Outline("https://deep.example/feed", ""),
    ]


@pytest.mark.parametrize(
    "data, words",
    [
        (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
         b'<opml><body><outline xmlUrl="http://x.example/" text="&lol2;"/></body></opml>', "DTD"),
        (b'<?xml version="1.0"?><!DOCTYPE opml SYSTEM "http://evil.example/dtd"><opml/>', "DTD"),
        (b'<?xml version="1.0"?><!DOCTYPE o [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
         b'<opml><body><outline xmlUrl="http://x.example/" text="&x;"/></body></opml>', "DTD"),
        (b"<opml><body><outline xmlUrl='http://x.example/' text='&undefined;'/></body></opml>", "not well-formed"),
        (b"<opml><body><outline", "not well-formed"),
        (b"<rss version='2.0'><channel/></rss>", "not an OPML file"),
        (b"", "not well-formed"),
    ],
)
def test_refuses_hostile_or_broken_files(data, words):
    with pytest.raises(OpmlError, match=words):
        parse_opml(data)


def test_export_reads_back_with_awkward_names():
    feeds = [Outline("https://a.example/rss?x=1&y=2", 'Quotes " <and> & ünïcode\tand\x01 control'),
             Outline("https://b.example/feed", "", "https://b.example/")]
    data = to_opml(feeds)
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')
    back = parse_opml(data)
    assert back[0] == Outline("https://a.example/rss?x=1&y=2", 'Quotes " <and> & ünïcode and control')
    assert back[1] == Outline("https://b.example/feed", "https://b.example/feed", "https://b.example/")


def test_import_adds_only_new_feeds_and_skips_bad_addresses():
    subs = Subscriptions()
    subs.add("https://paper.example/rss", "Mine")
    data = NEWSBOAT_EXPORT.replace(b"https://deep.example/feed", b"javascript:alert(1)")
    added, existing, skipped = subs.import_opml(data)
    assert added == [Feed("https://wire.example/atom", "Wire & Co")]
    assert existing == [Feed("https://paper.example/rss", "The Paper")]
    assert len(skipped) == 1 and "http://" in skipped[0][1]
    assert [f.name for f in subs.list()] == ["Mine", "Wire & Co"]  # an existing name is not replaced
    assert subs.import_opml(NEWSBOAT_EXPORT.replace(b"javascript:alert(1)", b""))[0] == [
        Feed("https://deep.example/feed")
    ]


def test_import_of_a_bad_file_is_one_line():
    with pytest.raises(FeedError, match="cannot import: refused"):
        Subscriptions().import_opml(b'<!DOCTYPE x [<!ENTITY a "b">]><opml/>')
    assert not Subscriptions().path.exists()


def test_export_then_import_elsewhere_round_trips(tmp_path):
    subs = Subscriptions()
    subs.add("https://a.example/rss", "A & B")
    subs.add("https://c.example/feed")
    other = Subscriptions(tmp_path / "other.toml")
    added, _, _ = other.import_opml(subs.export_opml())
    # A feed without a name is exported under its address, which is not taken for a name.
    assert other.list() == [Feed("https://a.example/rss", "A & B"), Feed("https://c.example/feed")]
