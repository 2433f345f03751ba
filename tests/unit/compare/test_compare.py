"""Comparing two reports: alignment, entities, numbers, lineage, reports.

Expectations on the seeds are written by hand from reading them (which
sentence of one report says what a sentence of the other says), never
copied from the code's output. Sentences are found by how they begin, so
that the tests do not depend on sentence numbering."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import pytest

from reader.core import ingest
from reader.core.compare.comparison import compare
from reader.core.models import Article
from reader.render.report import html_report, markdown_report
from tests.factories import make_article

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def seed(prefix: str) -> Article:
    [found] = [f for f in ingest.discover(SEEDS) if f.path.name.startswith(prefix)]
    return ingest.read_file(found).articles[0]


@dataclass(frozen=True)
class FakeMention:
    text: str
    start: int
    end: int
    type: str
    canonical: str


# A tiny stand-in for reader.core.entities: the names the seeds use, each
# spelling with the entity it names (as a reader would resolve them).
NAMES = {
    "Tim Loughton": ("PERSON", "Tim Loughton"), "Mr. Loughton": ("PERSON", "Tim Loughton"),
    "Tim Laughton": ("PERSON", "Tim Laughton"), "Mr Laughton": ("PERSON", "Tim Laughton"),
    "Stewart McDonald": ("PERSON", "Stewart McDonald"), "Stewart Macdonald": ("PERSON", "Stewart Macdonald"),
    "Oliver Dowden": ("PERSON", "Oliver Dowden"), "Mr Dowden": ("PERSON", "Oliver Dowden"),
    "Mr. Dowden": ("PERSON", "Oliver Dowden"),
    "Iain Duncan Smith": ("PERSON", "Iain Duncan Smith"),
    "David Cameron": ("PERSON", "David Cameron"), "Lord Cameron": ("PERSON", "David Cameron"),
    "Penny Wong": ("PERSON", "Penny Wong"), "Judith Collins": ("PERSON", "Judith Collins"),
    "Christine Lee": ("PERSON", "Christine Lee"),
    "Electoral Commission": ("ORG", "Electoral Commission"),
    "New Zealand": ("PLACE", "New Zealand"), "Australia": ("PLACE", "Australia"),
}
_NAME_RE = re.compile("|".join(re.escape(n) for n in sorted(NAMES, key=len, reverse=True)))


def fake_entities(article: Article) -> list[FakeMention]:
    return [FakeMention(m.group(), m.start(), m.end(), *NAMES[m.group()]) for m in _NAME_RE.finditer(article.text)]


def no_entities(article: Article) -> list:
    return []


def find(sentences, prefix: str) -> int:
    hits = [s.index for s in sentences if s.text.startswith(prefix)]
    assert len(hits) == 1, (prefix, hits)
    return hits[0]


def pair_of(c, side: str, index: int):
    [p] = [p for p in c.alignment if index in (p.a if side == "a" else p.b)]
    return p


def assert_paired(c, prefix_a: str, prefix_b: str):
    i, j = find(c.sentences_a, prefix_a), find(c.sentences_b, prefix_b)
    p = pair_of(c, "a", i)
    assert j in p.b, (prefix_a, "paired with", [c.sentences_b[k].text[:60] for k in p.b], "not", prefix_b)
    assert p.kind in ("same", "near", "paraphrase", "moved")
    return p


# --- alignment on the seeds ------------------------------------------------------
# 002 is a summary of the BBC report (001): sentence by sentence, what it takes.
PAIRS_002_001 = [
    ("The UK government has officially accused", "The UK government has formally accused"),
    ("The individuals, Zhao Guangzong and Ni Gaobin", "The two Chinese nationals targeted"),
    ("The Chinese ambassador has been summoned", "Mr Dowden said the Chinese ambassador"),
    ("The cyber attack on the Electoral Commission", "The cyber attack on the Electoral Commission"),
    ("Former Conservative leader Sir Iain", "Former Conservative Party leader Sir Iain"),
    ("The US has also taken action", "The United States has done just that"),
    ("Other countries, including New Zealand", "New Zealand authorities have also accused"),
    ("The government’s Defending Democracy taskforce", "Dowden credited the Democracy Defense Task Force"),
    ("The UK’s decision to sanction these groups", "The UK government is increasingly concerned"),
    ("China has denied accusations of wrongdoing", "China has consistently denied accusations"),
]
# What the BBC report says and the summary leaves out.
ONLY_IN_001_NOT_002 = [
    "Mr McDonald said the response from the UK",
    "The Prime Minister at the time was David Cameron",
    "On Monday, Lord Cameron briefed around 40",
    "Several MPs suggested that the UK's decision to vote",
    "But New Zealand said it would not introduce sanctions",
    "He said a militant supporter of the Chinese government",
]


@pytest.fixture(scope="module")
def c002_001():
    return compare(seed("002"), seed("001"), entities_of=fake_entities)


@pytest.mark.parametrize("prefix_a, prefix_b", PAIRS_002_001)
def test_002_sentences_with_a_counterpart_in_001(c002_001, prefix_a, prefix_b):
    assert_paired(c002_001, prefix_a, prefix_b)


def test_001_sentences_the_summary_002_leaves_out(c002_001):
    for prefix in ONLY_IN_001_NOT_002:
        p = pair_of(c002_001, "b", find(c002_001.sentences_b, prefix))
        assert p.kind == "only_b", prefix


def test_002_sanctions_sentence_covers_001_assets_and_travel_ban(c002_001):
    p = pair_of(c002_001, "a", find(c002_001.sentences_a, "The UK sanctions include freezing assets"))
    said = {c002_001.sentences_b[j].text[:31] for j in p.b}
    assert said & {"British sanctions freeze assets", "The travel ban will also prevent"[:31]}


def test_002_puts_the_denial_last_where_001_has_it_early(c002_001):
    p = assert_paired(c002_001, "China has denied accusations of wrongdoing", "China has consistently denied accusations")
    assert p.moved and p.kind == "moved" and p.match == "paraphrase"


def test_every_sentence_is_in_the_alignment_once(c002_001):
    a = sorted(i for p in c002_001.alignment for i in p.a)
    b = sorted(j for p in c002_001.alignment for j in p.b)
    assert a == list(range(len(c002_001.sentences_a)))
    assert b == list(range(len(c002_001.sentences_b)))


@pytest.fixture(scope="module")
def c004_001():
    return compare(seed("004"), seed("001"), entities_of=fake_entities)


def test_004_rewrites_001_sentence_by_sentence(c004_001):
    c = c004_001
    assert_paired(c, "They wo n’t be able to enter or remain", "The travel ban will also prevent them")
    assert_paired(c, "Sir Iain Duncan Smith, former chancellor Tim Loughton", "Former Conservative Party leader Sir Iain")
    assert_paired(c, "Two persons and a business have been disciplined", "Two people and one company were sanctioned")
    assert_paired(c, "Mr. Loughton warned that China is", "Laughton warned that China is")
    assert_paired(c, "At a gathering of the backbench 1922 Committee", "On Monday, Lord Cameron briefed")
    moved = assert_paired(c, "China has constantly refuted allegations", "China has consistently denied accusations")
    assert moved.moved
    # 004 says in two sentences what 001 says in one.
    p = assert_paired(c, "Zhao Guangzong and Ni Gaobin, both from China", "The two Chinese nationals targeted")
    assert find(c.sentences_a, "They claim to work for the state-affiliated") in p.a
    # What only 004 says (001 has neither the 40 million nor the 2023 arrest).
    for prefix in ("Additionally, it is thought that 40 million citizens", "A political scientist was detained in September 2023"):
        assert pair_of(c, "a", find(c.sentences_a, prefix)).kind == "only_a"
    assert c.lineage.relation == "rewrite"
    assert c.coverage.a > 0.6 and c.coverage.b > 0.6


def test_entities_shared_only_and_variants(c004_001):
    c = c004_001
    variants = {(v.as_dict()["a"], v.as_dict()["b"]) for v in c.variants}
    assert ("Tim Loughton", "Tim Laughton") in variants
    assert ("Stewart McDonald", "Stewart Macdonald") in variants
    shared = {e.canonical for e in c.shared}
    assert {"Oliver Dowden", "Iain Duncan Smith", "David Cameron", "Electoral Commission"} <= shared
    assert {"Penny Wong", "Judith Collins", "New Zealand", "Australia"} <= {e.canonical for e in c.only_b}
    assert "Christine Lee" in {e.canonical for e in c.only_a}
    # Variants are neither shared nor "only".
    loners = {e.canonical for e in c.only_a + c.only_b}
    assert not loners & {"Tim Loughton", "Tim Laughton", "Stewart McDonald", "Stewart Macdonald"}


def test_differences_in_reading_order_with_spans(c004_001):
    c = c004_001
    text_b = c.b.text
    diffs = c.differences("b")
    assert diffs == sorted(diffs, key=lambda d: (d.start, d.end, d.kind))
    # A variant is listed once a side, at its first mention (issue 14: the
    # list holds what differs, not every mention of it).
    # An entry of an aligned pair holds all its changes: the name is one of them.
    changes = [p for d in diffs for p in d.places]
    variants = {text_b[p.start : p.end]: p.label for p in changes if p.kind == "variant"}
    assert {"Tim Laughton", "Stewart Macdonald"} <= set(variants) and "Mr Laughton" not in variants
    assert "mentions" in variants["Tim Laughton"]  # "Tim Laughton / Tim Loughton (3 mentions)"
    # Sentences only B says: one entry a run of consecutive ones, covering each.
    unique = [d for d in diffs if d.kind == "unique"]
    only_b = [c.sentences_b[p.b[0]] for p in c.alignment if p.kind == "only_b"]
    assert len(unique) < len(only_b)
    assert all(any(d.start <= s.start and s.end <= d.end for d in unique) for s in only_b)
    assert all(text_b[d.start : d.end].startswith(s.text) for d in unique for s in only_b if s.start == d.start)
    numbers = {text_b[p.start : p.end] for p in changes if p.kind == "number"}
    assert "six by-elections" in numbers  # only 001 counts the by-elections
    assert "nearly 14 years" not in numbers  # same value as 004's "about 14 years"
    facts = {"role", "entity", "descriptor", "number", "negation", "hedge", "attribution", "quote", "claim", "variant"}
    kinds = {"variant", "number", "unique", "moved"} | facts
    assert {p.kind for d in c.differences("a") for p in d.places} <= kinds
    assert all(d.kind in {p.kind for p in d.places} for d in diffs)  # an entry goes by one of its changes
    with pytest.raises(ValueError):
        c.differences("c")


def test_numbers_reconciled_in_a_comparison():
    c = compare(seed("000"), seed("004"), entities_of=no_entities)
    [m] = [m for m in c.numbers if m.a is not None and m.a.text == "40 million voters"]
    assert m.kind == "same" and m.b.text == "40 million citizens"
    c = compare(seed("000"), seed("003"), entities_of=no_entities)
    [m] = [m for m in c.numbers if m.a is not None and m.a.text == "40 million voters"]
    assert m.kind == "only_a"  # "millions of voters" is in a sentence the alignment pairs with none


def test_lineage_of_the_seeds():
    bbc = seed("001")
    summary = compare(seed("000"), bbc, entities_of=no_entities).lineage
    assert (summary.relation, summary.derived) == ("contained", "a")
    assert compare(seed("003"), bbc, entities_of=no_entities).lineage.relation == "independent"
    assert compare(bbc, seed("002"), entities_of=no_entities).lineage.derived == "b"


# --- kinds and word differences on small texts ------------------------------------
def article(key: str, *paragraphs: str, published: datetime | None = None) -> Article:
    return make_article(key, *paragraphs, published=published)


BASE = (
    "Former minister Tim Loughton said the sanctions were not enough.",
    "The Electoral Commission said the attack began in August 2021 and lasted more than a year.",
    "Officials in London refused to comment on the investigation on Tuesday evening.",
)


def test_identical_reports_are_the_same_and_near_copies():
    a = article("a", *BASE)
    b = article("b", *BASE, published=datetime(2024, 3, 26))
    a = replace(a, published=datetime(2024, 3, 25))
    c = compare(a, b, entities_of=no_entities)
    assert [p.kind for p in c.alignment] == ["same", "same", "same"]
    assert all(p.diff == () for p in c.alignment)
    assert c.coverage.a == c.coverage.b == 1.0
    assert (c.lineage.relation, c.lineage.derived) == ("near-copy", "b")  # b is the later


def test_a_changed_word_is_a_near_copy_with_its_word_diff():
    a = article("a", *BASE)
    b = article("b", BASE[0].replace("Loughton", "Laughton"), BASE[1], "They wo n't comment, officials in London said.")
    c = compare(a, b, entities_of=no_entities)
    first = pair_of(c, "a", 0)
    assert first.kind == "near" and first.b == (0,)
    [op] = first.diff
    assert (op.op, op.a_text, op.b_text) == ("replace", "Loughton", "Laughton")
    assert c.a.text[op.a[0] : op.a[1]] == "Loughton" and c.b.text[op.b[0] : op.b[1]] == "Laughton"
    assert pair_of(c, "a", 1).kind == "same"


def test_split_negation_is_the_same_word():
    a = article("a", "They won't be able to enter or remain in the country.")
    b = article("b", "They wo n’t be able to enter or remain in the country.")
    [p] = compare(a, b, entities_of=no_entities).alignment
    assert p.diff == () and p.kind == "same"


def test_reordered_sentences_are_moved():
    a = article("a", *BASE)
    b = article("b", BASE[2], BASE[0], BASE[1])
    c = compare(a, b, entities_of=no_entities)
    kinds = {p.a: p.kind for p in c.alignment}
    assert kinds[(0,)] == kinds[(1,)] == "same"
    assert kinds[(2,)] == "moved" and pair_of(c, "a", 2).match == "same"


def test_unrelated_reports_share_nothing():
    a = article("a", *BASE)
    b = article("b", "A magnitude 5.6 earthquake struck Malatya province in eastern Turkey on Thursday.",
                "Schools in the province will remain closed for two days.")
    c = compare(a, b, entities_of=no_entities)
    assert {p.kind for p in c.alignment} == {"only_a", "only_b"}
    assert c.coverage.a == c.coverage.b == 0.0
    assert c.lineage.relation == "independent"


def test_empty_article():
    c = compare(article("a"), article("b", *BASE), entities_of=no_entities)
    assert [p.kind for p in c.alignment] == ["only_b"] * 3
    assert c.coverage.a == 0.0


# --- JSON and reports ----------------------------------------------------------------
def test_as_dict_has_the_keys_the_issue_lists(c004_001):
    d = json.loads(json.dumps(c004_001.as_dict()))
    for side in ("a", "b"):
        assert {"id", "title", "source", "url", "sentences"} <= set(d[side])
        assert all(isinstance(s, str) for s in d[side]["sentences"])
    assert d["a"]["id"] == c004_001.a.id
    for entry in d["alignment"]:
        assert {"a", "b", "kind", "score"} <= set(entry)
        assert entry["kind"] in {"same", "near", "paraphrase", "only_a", "only_b", "moved"}
    assert set(d["entities"]) >= {"shared", "only_a", "only_b"}
    for e in d["entities"]["shared"]:
        assert {"canonical", "type", "mentions"} <= set(e)
    assert {"a": "Tim Loughton", "b": "Tim Laughton"}.items() <= next(
        v for v in d["variants"] if v["a"] == "Tim Loughton"
    ).items()
    for v in d["variants"]:
        assert {"a", "b", "type", "score"} <= set(v)
    for m in d["numbers"]:
        assert {"a", "b", "kind"} <= set(m)


HOSTILE = (
    "<script>alert('x')</script> **bold** [link](javascript:alert(1)) | cell | & co \x1b[31m",
    "The Electoral Commission said the attack began in August 2021 and lasted more than a year.",
)


def test_reports_escape_what_articles_say():
    a = replace(article("a", *HOSTILE), title="<b>A</b> *title*", url="javascript:alert(1)")
    b = replace(article("b", *BASE), url="https://example.org/story?a=1&b=2")
    c = compare(a, b, entities_of=no_entities)
    page = html_report(c)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b>A</b>" not in page and "\x1b" not in page
    assert 'href="javascript' not in page
    assert 'href="https://example.org/story?a=1&amp;b=2"' in page
    md = markdown_report(c)
    assert "<script>" not in md and "\\<script\\>" in md
    assert "\\*\\*bold\\*\\*" in md and "\\[link\\]" in md and "\\|" in md
    assert "\x1b" not in md
    assert c.a.id in md and c.b.id in md and "https://example.org/story" in md


def test_reports_cite_the_seeds(c004_001):
    md = markdown_report(c004_001)
    assert c004_001.a.id in md and c004_001.b.id in md
    assert "BBC News" in md and "Unknown outlet D" in md
    assert "Tim Loughton" in md and "Tim Laughton" in md
    assert "six by-elections" in md
    page = html_report(c004_001)
    assert page.startswith("<!DOCTYPE html>") and "Tim Laughton" in page


# --- speed, and no UI in the core ---------------------------------------------------
def _long_article(key: str, prefixes: list[str]) -> Article:
    paragraphs: list[str] = []
    for p in prefixes:
        paragraphs += list(seed(p).text_paragraphs)
    return article(key, *paragraphs)


def test_two_1500_word_articles_compare_well_under_300_ms():
    a = _long_article("long-a", ["001", "003", "000"])
    b = _long_article("long-b", ["004", "002", "000"])
    assert a.word_count >= 1500 and b.word_count >= 1500
    mentions = {x.id: fake_entities(x) for x in (a, b)}  # extraction is the entities module's cost
    best = min(_timed(lambda: compare(a, b, entities_of=lambda x: mentions[x.id])) for _ in range(3))
    assert best < 0.3, f"compare took {best * 1000:.0f} ms"


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def test_core_modules_import_no_ui():
    code = (
        "import sys\n"
        "import reader.core.compare.comparison, reader.core.events.cluster, reader.render.report, reader.core.compare.numbers, reader.core.text.sentences\n"
        "bad = [m for m in ('textual', 'rich') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[3])
    assert out.stdout.strip() == ""


def test_a_short_form_of_a_name_both_reports_share_is_a_variant():
    """B names the finance chief in full, as A does, and once more by a misspelt short form:
    the full name is shared, and the short form is listed as its variant, not as a name only B
    gives."""
    a = article("a", "Finance chief Margaret Whitfield resigned on Friday.",
                "Aides said Ms Whitfield had led the ministry since 2019.")
    b = article("b", "Finance chief Margaret Whitfield resigned on Friday.",
                "Aides said Ms Whitfeld had led the ministry since 2019.")
    c = compare(a, b)
    pairs = {(v.a.canonical, v.b.canonical) for v in c.variants}
    assert any(x == "Margaret Whitfield" and "Whitfeld" in y for x, y in pairs), pairs
    assert not any("Whitfeld" in e.canonical for e in c.only_b)
