"""Each input format, from small files written here, to normalised records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.ingest import Found, discover, read_file
from tests.conftest import SEEDS


def read(path: Path):
    result = read_file(Found(path.parent, path))
    return result


def write(tmp_path: Path, name: str, content, mode="w", encoding="utf-8") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding=encoding)
    return path


def test_plain_text_headline_first_line(tmp_path):
    p = write(tmp_path, "a.txt", "Storm hits the coast\n\nThe storm arrived at dawn.\nIt was wrapped.\n\nSecond paragraph.\n")
    [a] = read(p).articles
    assert a.title == "Storm hits the coast"
    assert a.text_paragraphs == ("The storm arrived at dawn. It was wrapped.", "Second paragraph.")


def test_long_first_paragraph_is_not_a_title(tmp_path):
    first = ("The council said on Monday that the new bridge would open next spring after years of delay, " * 6).strip()
    assert len(first) > 500
    p = write(tmp_path, "b.txt", first + "\nA second line of text.\n")
    [a] = read(p).articles
    assert len(a.title) <= 91
    assert a.title.startswith("The council said on Monday")
    assert a.title.endswith("…")
    # The first paragraph stays in the text: it was not consumed as a title.
    assert a.text_paragraphs[0] == " ".join(first.split())


def test_byline_lines_become_the_byline(tmp_path):
    p = write(tmp_path, "c.txt", "- Written by Ann Lee & Bo Chan\n- Science reporter, Example News\nThe probe landed on the moon late on Friday, its operators said in a statement.\n")
    [a] = read(p).articles
    assert a.byline == "Ann Lee & Bo Chan, Science reporter, Example News"
    assert a.text_paragraphs[0].startswith("The probe landed")


def test_boilerplate_and_repeated_headline_are_dropped(tmp_path):
    text = (
        "Floods close schools\n\nFloods close schools\n\nThis picture can not be played\n\n"
        "To watch this video, JavaScript must be enabled in your computer.\n\n"
        "Schools shut across the region.\n\nRead More\n"
    )
    [a] = read(write(tmp_path, "d.txt", text)).articles
    assert a.title == "Floods close schools"
    assert a.text_paragraphs == ("Schools shut across the region.",)


def test_markdown_heading_front_matter_and_inline_marks(tmp_path):
    md = (
        "---\ntitle: Front title\nauthor: Kim Park\ndate: 2024-03-25\nurl: https://example.org/x\nsource: Example Daily\n---\n"
        "# Ignored heading\n\nSome **bold** and [a link](https://x.y) here.\n\n- item one\n- item two\n"
    )
    [a] = read(write(tmp_path, "e.md", md)).articles
    assert a.title == "Front title"
    assert a.byline == "Kim Park"
    assert a.source == "Example Daily"
    assert a.url == "https://example.org/x"
    assert a.published.date().isoformat() == "2024-03-25"
    assert "Some bold and a link here." in a.text_paragraphs
    assert "item one" in a.text_paragraphs and "item two" in a.text_paragraphs


def test_markdown_title_from_heading(tmp_path):
    [a] = read(write(tmp_path, "f.md", "# Rates rise again\n\nThe bank raised rates by 0.25 points.\n")).articles
    assert a.title == "Rates rise again"
    assert a.text_paragraphs == ("The bank raised rates by 0.25 points.",)


HTML = """<!doctype html><html><head><title>Bridge opens | City Paper</title>
<meta name="author" content="Dana Smith">
<meta property="article:published_time" content="2024-05-02T08:30:00Z">
<meta property="og:site_name" content="City Paper">
<link rel="canonical" href="https://citypaper.example/bridge-opens">
</head><body><nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<article><h1>Bridge opens after five years</h1>
<p>The new river bridge opened to traffic on Thursday morning, five years after work began and two years late.</p>
<p>Officials said about 40,000 vehicles a day are expected to cross it once the old ferry route closes next month.</p>
<p>Local shops near the old crossing said they feared losing customers to the new route across the water.</p>
</article><footer>Copyright City Paper. All rights reserved.</footer></body></html>"""


def test_html_main_text_and_metadata(tmp_path):
    [a] = read(write(tmp_path, "g.html", HTML)).articles
    assert a.title == "Bridge opens after five years"
    assert a.byline == "Dana Smith"
    assert a.url == "https://citypaper.example/bridge-opens"
    assert a.published is not None and a.published.year == 2024 and a.published.month == 5
    assert any("40,000 vehicles" in p for p in a.text_paragraphs)
    assert not any("Copyright" in p or "Home" == p for p in a.text_paragraphs)


RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Example Wire</title>
<item><title>First story</title><link>https://wire.example/1</link><guid>wire-1</guid>
<pubDate>Mon, 25 Mar 2024 10:00:00 GMT</pubDate><author>ed@wire.example (Ed)</author>
<description>&lt;p&gt;Para one of the first story.&lt;/p&gt;&lt;p&gt;Para two.&lt;/p&gt;</description></item>
<item><title>Second story</title><link>https://wire.example/2</link>
<description>Only a summary here.</description></item>
</channel></rss>"""


def test_rss_one_article_per_entry(tmp_path):
    result = read(write(tmp_path, "h.rss", RSS))
    first, second = result.articles
    assert first.title == "First story" and second.title == "Second story"
    assert first.source == "Example Wire"
    assert first.url == "https://wire.example/1"
    assert first.text_paragraphs == ("Para one of the first story.", "Para two.")
    assert first.published.isoformat().startswith("2024-03-25T10:00")
    assert first.origin.endswith("#wire-1")
    assert second.origin.endswith("#https://wire.example/2")  # no guid: the link identifies it
    assert first.id != second.id


ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title>
<entry><title>Atom entry</title><id>tag:atom.example,2024:1</id><link href="https://atom.example/1"/>
<updated>2024-04-01T12:00:00Z</updated><content type="html">&lt;p&gt;Full content of the entry.&lt;/p&gt;</content></entry></feed>"""


def test_atom_feed(tmp_path):
    [a] = read(write(tmp_path, "i.xml", ATOM)).articles
    assert (a.title, a.source, a.url) == ("Atom entry", "Atom News", "https://atom.example/1")
    assert a.text_paragraphs == ("Full content of the entry.",)


def test_truncated_feed_keeps_entries_before_the_damage(tmp_path):
    broken = RSS[: RSS.index("<item><title>Second")] + "<item><title>Sec"
    result = read(write(tmp_path, "j.rss", broken))
    assert [a.title for a in result.articles] == ["First story"]
    assert result.warnings and "damaged feed" in result.warnings[0]


def test_json_single_record_and_list(tmp_path):
    one = {"id": "x1", "title": "T", "text": "Body text.", "source": "S", "published": "2024-01-02T03:04:05Z", "url": "u", "byline": "B"}
    [a] = read(write(tmp_path, "k.json", json.dumps(one))).articles
    assert (a.title, a.source, a.byline, a.url) == ("T", "S", "B", "u")
    assert a.published.isoformat() == "2024-01-02T03:04:05+00:00"
    many = [{"text": "First body."}, {"id": "b", "text": "Second body.", "title": "Two"}]
    result = read(write(tmp_path, "l.json", json.dumps(many)))
    assert [a.title for a in result.articles] == ["First body", "Two"]
    assert result.articles[0].origin.endswith("#0") and result.articles[1].origin.endswith("#b")


def test_json_only_text_is_required(tmp_path):
    result = read(write(tmp_path, "m.json", json.dumps({"title": "no text"})))
    assert result.articles == [] and "no 'text'" in result.error


def test_json_dataset_synonyms(tmp_path):
    basil_like = {"title": "T", "date": "2019-05-01", "source": "nyt", "body-paragraphs": [["One.", "Two."], ["Three."]]}
    [a] = read(write(tmp_path, "n.json", json.dumps(basil_like))).articles
    assert a.text_paragraphs == ("One. Two.", "Three.")
    assert a.published.date().isoformat() == "2019-05-01"


def test_jsonl_broken_line_skipped_others_kept(tmp_path):
    lines = [json.dumps({"id": "1", "text": "Line one."}), "{not json", json.dumps({"id": "3", "text": "Line three."})]
    result = read(write(tmp_path, "o.jsonl", "\n".join(lines)))
    assert [a.text for a in result.articles] == ["Line one.", "Line three."]
    assert any("line 2" in w for w in result.warnings)


@pytest.mark.parametrize(
    "encoding", ["latin-1", "cp1252", "utf-16"],
)
def test_legacy_encodings_are_read(tmp_path, encoding):
    text = "Café owners say “prices” rose – again\n\nThe café in Zürich raised prices by 5 %.\n"
    if encoding == "latin-1":
        text = text.replace("“", '"').replace("”", '"').replace("–", "-")
    p = write(tmp_path, f"enc-{encoding}.txt", text.encode(encoding))
    [a] = read(p).articles
    assert "Zürich" in a.text and "café" in a.text
    if encoding != "latin-1":
        assert "“prices”" in a.title


def test_invalid_utf8_inside_valid_file_is_replaced_not_rejected(tmp_path):
    data = "Größe matters\n\nA naïve café text with one bad byte: ".encode() + b"\xff" + " and more ünïcode.".encode()
    result = read(write(tmp_path, "bad.txt", data))
    [a] = result.articles
    assert "naïve café" in a.text and "\ufffd" in a.text
    assert result.warnings


@pytest.mark.parametrize(
    "data,reason",
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG"),
        (bytes((i * 7919) % 256 for i in range(4096)), "binary"),
        (b"", "empty"),
    ],
)
def test_non_text_is_skipped_with_a_reason(tmp_path, data, reason):
    result = read(write(tmp_path, "x.txt", data))
    assert result.articles == []
    assert reason.lower() in result.error.lower()
    assert "\n" not in result.error


def test_control_characters_are_stripped_at_ingest(tmp_path):
    nasty = "Title \x1b[31mred\x1b[0m\n\nBody \x1b]52;c;aGVsbG8=\x07with \x1b]8;;http://x\x07link\x1b]8;;\x07 and bell\x07 and\roverwrite.\n"
    [a] = read(write(tmp_path, "ctl.txt", nasty)).articles
    assert a.title == "Title red"
    assert "\x1b" not in a.text and "\x07" not in a.text and "\r" not in a.text
    assert "with link and bell" in a.text and "overwrite." in a.text


def test_discover_recurses_skips_hidden_and_survives_symlink_loops(tmp_path):
    root = tmp_path / "news"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "a.txt").write_text("A title\n\nBody.")
    (root / "sub" / "deeper" / "b.txt").write_text("B title\n\nBody.")
    (root / ".hidden.txt").write_text("Hidden\n\nBody.")
    (root / "sub" / "loop").symlink_to(root, target_is_directory=True)
    errors: list = []
    found = [f.relpath for f in discover(root, errors)]
    assert found == ["a.txt", "sub/deeper/b.txt"]
    assert errors and "symlink loop" in errors[0][1]


def test_seed_sidecar_metadata(tmp_path):
    by_name = {}
    for f in discover(SEEDS):
        [a] = read_file(f, label="seeds").articles
        by_name[f.path.name[:3]] = a
    assert by_name["001"].source == "BBC News"
    assert "Sam Francis" in by_name["001"].byline
    assert by_name["004"].title == "UK imposes sanctions after Chinese-backed cyber-attacks"
    for key in ("000", "002", "003", "004"):
        assert "outlet" in by_name[key].notes  # says the outlet is unknown
        assert by_name[key].url == "" and by_name[key].published is None
    # 000's title is derived (its first paragraph is far too long to be one)
    assert len(by_name["000"].title) < 100
    assert all("Read the full article" not in p for p in by_name["000"].text_paragraphs)
