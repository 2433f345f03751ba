"""Quantities and their reconciliation between two reports.

The expectations on the seeds come from reading them: 000 says "40 million
voters" and 004 "40 million citizens"; 003 says only "millions of voters";
001 says "nearly 14 years" where 004 says "about 14 years"; 001 alone counts
"six by-elections"; both 001 and 004 date the attack "between August 2021
and October 2022"; 004 alone mentions "September 2023"."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core import ingest
from reader.core.compare.numbers import Quantity, extract, reconcile

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seed(prefix: str):
    [found] = [f for f in ingest.discover(SEEDS) if f.path.name.startswith(prefix)]
    return ingest.read_file(found).articles[0]


def one(text: str) -> Quantity:
    found = extract(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "text, quoted, kind, value, unit, qualifier",
    [
        ("data of 40 million voters; however", "40 million voters", "count", 40e6, "voter", ""),
        ("spent nearly 14 years targeting critics", "nearly 14 years", "duration", 14, "year", "nearly"),
        ("a group of seven people facing charges", "seven people", "count", 7, "person", ""),
        ("election managers across six by-elections were", "six by-elections", "count", 6, "by-election", ""),
        ("briefed about 40 Conservative MPs and peers", "about 40 Conservative MPs", "count", 40, "mp", "about"),
        ("more than 1,200 homes were damaged", "more than 1,200 homes", "count", 1200, "home", "more than"),
        ("Twenty-five soldiers died.", "Twenty-five soldiers", "count", 25, "soldier", ""),
        ("a fine of $3.5bn was imposed", "$3.5bn", "money", 3.5e9, "usd", ""),
        ("unemployment rose to 4.2% in May", "4.2%", "percent", 4.2, "%", ""),
        ("turnout was 61 per cent", "61 per cent", "percent", 61, "%", ""),
        ("for about an hour during a meeting", "about an hour", "duration", 1, "hour", "about"),
    ],
)
def test_counts(text, quoted, kind, value, unit, qualifier):
    q = one(text)
    assert (q.text, q.kind, q.value, q.unit, q.qualifier) == (quoted, kind, value, unit, qualifier)
    assert text[q.start : q.end] == q.text


def test_vague_counts():
    q = one("accessed millions of voters’ personal details in 2021"[:40])
    assert (q.text, q.kind, q.unit, q.vague) == ("millions of voters", "count", "voter", True)
    q = one("tens of thousands of people marched")
    assert (q.value, q.unit, q.vague) == (1e4, "person", True)


def test_dates():
    [a, b] = extract("The attack between August 2021 and October 2022 was serious.")
    assert (a.text, a.date, b.text, b.date) == ("August 2021", (2021, 8, None), "October 2022", (2022, 10, None))
    [c] = extract("It happened on 5 March 2019.")
    assert c.date == (2019, 3, 5)
    [d] = extract("It happened on Aug. 5, 2019, at noon.")
    assert d.date == (2019, 8, 5)
    [e] = extract("networks in 2021, with the minister")
    assert (e.kind, e.date) == ("date", (2021, None, None))
    [f] = extract("acknowledged the attack last August, saying")
    assert f.date == (None, 8, None)
    [g] = extract("the Sept. 11 families")
    assert (g.text, g.date) == ("Sept. 11", (None, 9, 11))


@pytest.mark.parametrize(
    "text",
    [
        "a backbench meeting of the 1922 Committee",  # a name, not a year
        "the group known as APT31 and APT40",
        "after 9/11 the law changed",
        "Advanced Persistent Threat Group 31 was named",
        "Two people and one company were sanctioned"[:10] + " ran",  # "Two people" then nothing else
        "the 4th estate and the 21st century",
        "at 10:30 on Monday",
        "May we begin? She may.",
    ],
)
def test_not_quantities(text):
    found = [q.text for q in extract(text)]
    assert all(t in ("Two people",) for t in found), found


def by_text(matches, side: str, text: str):
    [m] = [m for m in matches if getattr(m, side) is not None and getattr(m, side).text == text]
    return m


def test_seeds_000_and_004_agree_on_40_million():
    matches = reconcile(extract(seed("000").text), extract(seed("004").text))
    m = by_text(matches, "a", "40 million voters")
    assert m.kind == "same" and m.b.text == "40 million citizens"
    assert by_text(matches, "a", "Two people").b.text == "Two persons"


def test_seeds_000_and_003_millions_is_a_different_value():
    matches = reconcile(extract(seed("000").text), extract(seed("003").text))
    m = by_text(matches, "a", "40 million voters")
    assert m.kind == "different" and m.b.text == "millions of voters"
    assert "less precise" in m.note


def test_seeds_001_and_004():
    matches = reconcile(extract(seed("001").text), extract(seed("004").text))
    years = by_text(matches, "a", "nearly 14 years")
    assert years.kind == "same" and years.b.text == "about 14 years"
    assert "nearly" in years.note and "about" in years.note
    assert by_text(matches, "a", "six by-elections").kind == "only_a"
    assert by_text(matches, "a", "August 2021").b.text == "August 2021"
    assert by_text(matches, "a", "October 2022").kind == "same"
    assert by_text(matches, "b", "September 2023").kind == "only_b"
    mps = by_text(matches, "a", "around 40 Conservative MPs")
    assert mps.kind == "same" and mps.b.text == "about 40 Conservative MPs" and mps.note == ""
    nine = by_text(matches, "a", "nine British nationals")
    assert nine.kind == "same" and nine.b.text == "Nine English people"


def test_a_different_value_for_the_same_thing():
    a = extract("The earthquake killed 12 people in the province, officials said.")
    b = extract("The earthquake killed 15 people in the province, officials said on Tuesday.")
    [m] = reconcile(a, b)
    assert (m.kind, m.a.text, m.b.text) == ("different", "12 people", "15 people")


def test_the_same_number_about_different_things_is_not_paired():
    a = extract("Two countries signed the treaty in Geneva.")
    b = extract("Two people were hurt when a bus overturned near the border.")
    assert sorted(m.kind for m in reconcile(a, b)) == ["only_a", "only_b"]


def test_every_quantity_is_accounted_for_once():
    qa, qb = extract(seed("001").text), extract(seed("004").text)
    matches = reconcile(qa, qb)
    assert sorted(id(m.a) for m in matches if m.a) == sorted(id(q) for q in qa)
    assert sorted(id(m.b) for m in matches if m.b) == sorted(id(q) for q in qb)
    d = matches[0].as_dict()
    assert set(d) >= {"a", "b", "kind"}
