"""The bundled seeds, indexed and searched end to end."""

from __future__ import annotations

from tests.conftest import SEEDS

SHARED_SEEDS = SEEDS.parent.parent / "shared" / "seeds"


def test_seeds_are_the_shared_articles_byte_for_byte():
    names = sorted(p.name for p in SEEDS.glob("*.txt"))
    assert len(names) == 5
    if SHARED_SEEDS.is_dir():
        assert names == sorted(p.name for p in SHARED_SEEDS.glob("*.txt"))
        for name in names:
            assert (SEEDS / name).read_bytes() == (SHARED_SEEDS / name).read_bytes()


def test_apt31_finds_exactly_the_seeds_that_mention_it(seeded):
    mentioning = {p.name[:3] for p in SEEDS.glob("*.txt") if "APT31" in p.read_text(encoding="utf-8")}
    assert mentioning == {"001", "002", "004"}
    hits = seeded.search("APT31").hits
    found = {seeded.get(h.id).relpath[:3] for h in hits}
    assert found == mentioning


def test_every_seed_is_indexed_with_text_and_title(seeded):
    rows = seeded.listing(limit=10)
    assert len(rows) == 5
    for row in rows:
        article = seeded.get(row["id"])
        assert article.title and len(article.text_paragraphs) >= 4


def test_terms_across_sources_spelling_difference(seeded):
    report = seeded.terms('"Tim Laughton" OR "Tim Loughton"')
    assert {s.source for s in report.sources} == {
        "BBC News",
        "Unknown outlet A (summary of a BBC report)",
        "Unknown outlet D",
    }
    spellings = {line.match for s in report.sources for line in s.lines}
    assert spellings == {"Tim Laughton", "Tim Loughton"}
