"""The shortcuts that made parsing cheaper (issue 18, item 5) give what the plain code gave: each is
checked against the former implementation, kept here as the reference, on seeded random input
built from the characters and tags that matter; and escape sequences in HTML go whole."""

from __future__ import annotations

import hashlib
import json
import random
import re
from datetime import datetime, timezone

from reader.core.ingest import Found, feed, html, pool, read_file, reuters
from reader.core.models import Article
from reader.core.text import clean

# --- the former code, as it was ---------------------------------------------------------------
_OLD_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def old_strip_controls(text: str) -> str:
    if not text:
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return _OLD_CONTROLS.sub("", clean._ESCAPES.sub("", text))


_OLD_BOILERPLATE = [re.compile(p, re.IGNORECASE) for p in clean._BOILERPLATE_LINES]


def old_clean_paragraphs(paragraphs: list[str], title: str = "") -> list[str]:
    def same(a: str, b: str) -> bool:
        return a.strip().casefold() == b.strip().casefold()

    out: list[str] = []
    for p in paragraphs:
        p = " ".join(old_strip_controls(p).split())
        if not p or any(b.match(p.strip()) for b in _OLD_BOILERPLATE):
            continue
        if title and not out and same(p, title):
            continue
        if out and same(out[-1], p) and len(p) < 200:
            continue
        out.append(p)
    return out


_OLD_ITEM = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.DOTALL)


def old_tag(name: str, text: str) -> str:
    m = re.search(rf"<{name}>(.*?)</{name}>", text, re.DOTALL)
    return m.group(1) if m else ""


def old_hash(a: Article) -> str:
    payload = json.dumps([a.title, a.text_paragraphs, a.source, a.byline,
                          a.published.isoformat() if a.published else None, a.url, a.notes], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


# --- the checks -------------------------------------------------------------------------------
TEXT_BITS = list("ab .\t\n\r;[]m31\x00\x07\x0b\x1b\x1c\x7f\x85\x9b\x9d\xa0\u2028\u2029\u200b\u202a\u2066\u3000\ufeffé\\") + [
    "\x1b[31m", "\x1b]0;t\x07", "Read more", "read MORE here", "Advertisement", "share this story", "Share",
    "Media caption", "Title", "title ", "  "]


def test_cleaning_is_what_it_was():
    rnd = random.Random(18)
    for _ in range(2500):
        ps = ["".join(rnd.choice(TEXT_BITS) for _ in range(rnd.randint(0, 10))) for _ in range(rnd.randint(0, 5))]
        if ps and rnd.random() < 0.3:
            ps.append(ps[-1].upper())  # a heading printed twice
        title = rnd.choice(["", "Title", "x"])
        for p in ps:
            assert clean.strip_controls(p) == old_strip_controls(p), repr(p)
            assert clean.is_boilerplate(p) == any(b.match(p.strip()) for b in _OLD_BOILERPLATE), repr(p)
        assert clean.clean_paragraphs(ps, title) == old_clean_paragraphs(ps, title), (ps, title)


SGML_BITS = ["<REUTERS", "<REUTERSX", ' NEWID="7"', ">", "</REUTERS>", "<BODY>", "</BODY>", "<TITLE>", "</TITLE>",
             "<DATE>", "</DATE>", "Reuter", "\x03", " ", "\n", "\n   ", "word", "&amp;", "é", "_", "\xa0"]


def test_reuters_items_and_sign_off_are_what_the_patterns_found():
    rnd = random.Random(5)
    for _ in range(6000):
        text = "".join(rnd.choice(SGML_BITS) for _ in range(rnd.randint(0, 30)))
        assert list(reuters._items(text)) == _OLD_ITEM.findall(text), repr(text)
        for name in ("BODY", "TITLE"):
            assert reuters._between(text, f"<{name}>", f"</{name}>") == old_tag(name, text), repr(text)
        assert reuters._without_sign_off(text) == reuters._SIGN_OFF.sub("", text), repr(text)


def test_the_facts_made_once_are_the_articles_own(tmp_path):
    a = Article(id="x", origin="o", title='A "quoted" \u00e9t\u00e9', text_paragraphs=("one\u00a0two", 'say "hi"'),
                source="Wire", byline="B", published=datetime(2026, 1, 2, 3, 4, tzinfo=timezone.utc), url="u", notes="n")
    for art in (a, Article(id="y", origin="o", title="", text_paragraphs=())):
        assert art.content_hash == old_hash(art)
        assert art.hash_with(json.dumps(list(art.text_paragraphs), ensure_ascii=False)) == old_hash(art)
    (tmp_path / "odd.txt").write_text("Odd spaces\n\nnon\u00a0breaking\u3000ideographic\ttab  two\n\nthe\u2028end\x0bhere\n",
                                      encoding="utf-8")
    result = pool.prepared(read_file(Found(tmp_path, tmp_path / "odd.txt")))
    (art,) = result.articles
    assert result.facts == [(old_hash(art), art.word_count, json.dumps(list(art.text_paragraphs), ensure_ascii=False))]


def test_an_escape_sequence_in_html_goes_whole(tmp_path):
    words = "the harbour master said the ships would wait outside until the storm had passed over the bay"
    page = (f"<html><head><title>Storm \x1b[31mwarning\x1b[0m</title></head><body><article>"
            f"<p>First: {words}, \x1b[1;31mred alert\x1b[0m today.</p><p>Second: \x1b]0;title\x07{words}.</p>"
            f"</article></body></html>")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    (art,) = read_file(Found(tmp_path, tmp_path / "page.html")).articles
    assert art.title == "Storm warning"
    assert "red alert today" in art.text and f"Second: {words}." in art.text
    assert "[" not in art.title + art.text and "0;title" not in art.text


def test_a_feed_entry_with_control_characters_is_read():
    rss = ("<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title><item><title>Storm</title>"
           "<link>https://example.org/1</link><description>&lt;p&gt;Ships \x1b[31mwait\x1b[0m\x01 here&lt;/p&gt;"
           "&lt;p&gt;Then go&lt;/p&gt;</description></item></channel></rss>").encode("utf-8")
    drafts, _warning = feed.parse_feed(rss)
    assert [d.paragraphs for d in drafts] == [["Ships wait here", "Then go"]]
    assert html.fragment_paragraphs("<div>a\x0bb<p>c\x1b[0m\x02d</p></div>") == ["a b", "cd"]
