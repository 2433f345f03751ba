"""The PostgreSQL engine's rows built a batch at a time (search/postgres/rows.py) against the same
rows built one article at a time (analysis.py): the same words, positions, weights and counts, the
lexemes in the server's order. No server: the stems come from a stand-in for ts_lexize."""

from __future__ import annotations

import struct
from collections import Counter

import pytest

pytest.importorskip("psycopg")  # analysis.py imports it (its stemmer asks the server)

from reader.core.search.postgres import analysis, rows  # noqa: E402
from tests.factories import day, make_article  # noqa: E402


class _Lexize:
    """conn.execute(sql, (words,)).fetchall() as ts_lexize answers: a stem for most words,
    NULL for some (the word is its own stem then), a stem two words share."""

    def __init__(self):
        self.asked: list[list[str]] = []

    def execute(self, sql, params):
        words = params[0]
        self.asked.append(words)
        return self

    def fetchall(self):
        words = self.asked[-1]
        return [(w, None if w.startswith("q") else ("sail" if w in ("sails", "sailing") else w.rstrip("s") or w))
                for w in words]


def _stemmer() -> analysis.Stemmer:
    conn = _Lexize()
    return analysis.Stemmer(lambda step: step(conn), "newsreader_english")


def _fields(a):
    return (a.id, a.title, a.text, a.source, a.byline, a.url, a.published)


def _parse(data: bytes) -> list[list[bytes | None]]:
    out, i = [], 0
    while i < len(data):
        (n,), i = struct.unpack_from(">h", data, i), i + 2
        row = []
        for _ in range(n):
            (size,), i = struct.unpack_from(">i", data, i), i + 4
            row.append(None if size < 0 else data[i : i + size])
            i += max(size, 0)
        out.append(row)
    return out


def _lexemes(vector: bytes) -> list[tuple[bytes, tuple[int, ...]]]:
    (n,), i, out = struct.unpack_from(">i", vector, 0), 4, []
    for _ in range(n):
        end = vector.index(b"\0", i)
        word, i = vector[i:end], end + 1
        (k,), i = struct.unpack_from(">H", vector, i), i + 2
        out.append((word, struct.unpack_from(f">{k}H", vector, i)))
        i += 2 * k
    assert i == len(vector)
    return out


TEXTS = [
    "Ferries sail; the ferry sails — sailing “past” Zürich’s quays… £20, x_y 3.5 " + "z" * 45,
    "Café naïve İstanbul STRASSE straße ÉCOLE école " + "é" * 12 + " " + "ü" * 9,
    "",
    "the " * 300 + "quay",  # a word past 256 positions
    "qat q qq Q",  # stems the server has none for
    " ".join(f"w{i % 900}" for i in range(17000)),  # past the last position
]


@pytest.mark.parametrize("text", TEXTS + ["\u00a0nbsp\u2013dash\u2588block", "ASCII words only, 42 of them"],
                         ids=lambda text: text[:12])
def test_words_are_cut_as_the_tokenizer_cuts_them(text):
    assert rows.lowered(text) == analysis.lowered(text)
    assert rows.lowered(text.upper()) == analysis.lowered(text.upper())


def test_a_batch_gives_the_rows_one_article_at_a_time_gave():
    articles = [make_article(n, text, title=title, source=source, published=day(n) if n % 3 else None)
                for n, (text, title, source) in enumerate(
                    [(t, ti, so) for t in TEXTS for ti, so in (("The Ferry sails", "BBC News"), ("", ""))], start=1)]
    articles.append(make_article(99, "plain words", title="Title " * 20000))  # a title past the last position
    builder = rows.Rows(_stemmer())
    data, words, labels = builder.analyse([_fields(a) for a in articles])
    data2, words2, _ = builder.analyse([_fields(a) for a in articles[:3]])  # stems known now: none asked
    assert builder.stem.cache and words2 == Counter({w: c for w, c in _counts(articles[:3], _stemmer())[0].items()})
    stem = _stemmer()
    want_words, want_labels = _counts(articles, stem)
    assert (words, labels) == (want_words, want_labels)
    parsed = _parse(data)
    assert len(parsed) == len(articles)
    for a, row in zip(articles, parsed):
        title, body = analysis.lowered(a.title), analysis.lowered(a.text)
        stem.prime({*title, *body}, lowered=True)
        vector = analysis.tsvector(analysis.stemmed(title, stem), analysis.stemmed(body, stem))
        label = analysis.tsvector(analysis.lowered(a.source), analysis.lowered(a.byline), "B")
        assert row[:4] == [a.id.encode(), a.title.encode(), a.source.encode(), a.url.encode()]
        assert (row[4] is None) == (a.published is None)
        got = _lexemes(row[5])
        assert dict(got) == dict(_lexemes(vector)), a.id
        long = len(title) + 1 + len(body) >= analysis.MAX_POSITION
        assert long or [w for w, _ in got] == sorted(w for w, _ in got)  # the server's order: none to sort
        assert row[6] == label


def _counts(articles, stem) -> tuple[Counter, Counter]:
    words: Counter = Counter()
    labels: Counter = Counter()
    for a in articles:
        title, body = analysis.lowered(a.title), analysis.lowered(a.text)
        stem.prime({*title, *body}, lowered=True)
        words.update({*analysis.stemmed(title, stem), *analysis.stemmed(body, stem)})
        labels.update({*analysis.lowered(a.source), *analysis.lowered(a.byline)})
    return words, labels


def test_an_empty_batch_and_articles_without_words():
    builder = rows.Rows(_stemmer())
    assert builder.analyse([]) == (b"", Counter(), Counter())
    data, words, labels = builder.analyse([("x", "", "", "", "", "", None), ("y", "", "—", "", "", "", None)])
    assert [row[5] for row in _parse(data)] == [b"\0\0\0\0"] * 2 and words == labels == Counter()


def test_past_the_words_kept_the_rows_are_the_same(monkeypatch):
    """A write of more words than the stemmer keeps: numbers begun afresh, stems asked again."""
    articles = [_fields(make_article(n, text, title="Ferry sails")) for n, text in enumerate(TEXTS[:5], start=1)]
    want = rows.Rows(_stemmer()).analyse(articles)
    monkeypatch.setattr(analysis, "CACHE_WORDS", 5)
    builder = rows.Rows(_stemmer())
    first = builder.analyse(articles[:2])
    assert len(builder.number) > 5
    second = builder.analyse(articles[2:])
    assert set(builder.number) == {w for a in articles[2:] for w in rows.lowered(a[1]) + rows.lowered(a[2])}  # afresh
    assert first[0] + second[0] == want[0]
    assert first[1] + second[1] == want[1] and first[2] + second[2] == want[2]
