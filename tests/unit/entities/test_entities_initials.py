"""Middle initials, one rule (normalise.without_initials) for linking, the voices of an event
and bench/voices_quality: "H.W." (AP style), "H. W." and "B." are initials alike."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bench.voices_quality import split_names
from reader.core.entities import Entity, extract, link_across
from reader.core.entities.normalise import without_initials, without_middle
from reader.core.quotes.event_voices import merge_speakers
from reader.core.quotes.model import Quote


def person(name: str) -> Entity:
    return Entity(name, "PERSON", (name,), 1)


@pytest.mark.parametrize(
    "name,bare,letters",
    [
        ("George H.W. Bush", "george bush", ("h", "w")),
        ("George H. W. Bush", "george bush", ("h", "w")),
        ("Adam B. Schiff", "adam schiff", ("b",)),
        ("Sen. Adam B Schiff", "adam schiff", ("b",)),
        ("Adam Schiff", "adam schiff", ()),
        ("Donald J. Trump Jr.", "donald trump jr", ("j",)),
        ("Iain Duncan Smith", "iain duncan smith", ()),
        ("Jo Ann Hardesty", "jo ann hardesty", ()),  # a middle name, not initials
    ],
)
def test_without_initials(name, bare, letters):
    assert without_initials(name) == (bare, letters)


def test_a_bare_name_fitting_two_initialled_forms_stays_apart():
    links = link_across([[person("George W. Bush")], [person("George H.W. Bush")], [person("George Bush")]])
    assert links["George Bush"] == "George Bush"
    assert links["George H.W. Bush"] != links["George W. Bush"]


def test_one_set_of_initials_written_two_ways_is_one_name():
    links = link_across([[person("George H.W. Bush")], [person("George H. W. Bush")], [person("George Bush")]])
    assert links["George H.W. Bush"] == links["George H. W. Bush"] == links["George Bush"]


def quote(speaker: str, start: int) -> Quote:
    return Quote(start, start + 10, "direct", "words", speaker=speaker, speaker_type="PERSON")


def test_the_voices_read_initials_without_a_space_as_initials():
    speakers, cluster_of = merge_speakers([[quote("George H.W. Bush", 0)], [quote("George H. W. Bush", 0)],
                                           [quote("George W. Bush", 0)]])
    assert cluster_of["George H.W. Bush"] is cluster_of["George H. W. Bush"]
    assert cluster_of["George W. Bush"] is not cluster_of["George H.W. Bush"]
    assert len(speakers) == 2


def test_the_bench_counts_a_name_split_by_initials_without_a_space():
    named = [SimpleNamespace(speaker=n) for n in ("George H.W. Bush", "George Bush", "George W. Bush")]
    assert split_names(named) == 2  # George Bush beside each; the two initialled forms are two people


@pytest.mark.parametrize("text", ["George H.W. Bush said on Monday.", "Former president George H.W. Bush said."])
def test_the_rules_find_a_name_with_initials_without_a_space(text):
    assert [(m.text, m.type) for m in extract(text, "rules")][:1] == [("George H.W. Bush", "PERSON")]


def test_a_surname_after_initials_without_a_space_resolves_to_the_full_name():
    canon = {m.text: m.canonical for m in extract("They met George H.W. Bush. Bush said no.", "rules")}
    assert canon["Bush"] == "George H.W. Bush"


@pytest.mark.parametrize("text", [
    "He flew to Washington D.C. Officials said.",  # a place, then a sentence
    "In Georgetown D.C. Officials said no.",
    "Crowds in Albany N.Y. Protesters said.",  # a city and its state, the comma left out
    "Talks with Obama U.S. They said.",
])
def test_a_place_s_initials_before_a_sentence_make_no_person(text):
    assert not [m.text for m in extract(text, "rules") if m.type == "PERSON"]


def test_a_place_s_initials_still_open_a_name():
    assert [(m.text, m.type) for m in extract("It was the U.S. Congress that voted.", "rules")] == [
        ("U.S.", "PLACE"), ("Congress", "ORG")]


def test_within_an_article_a_middle_initial_makes_no_other_person():
    canon = {m.text: m.canonical for m in extract("Donald J. Trump spoke. Later Donald Trump left. Trump said no.", "rules")}
    assert canon["Donald Trump"] == canon["Donald J. Trump"] == canon["Trump"] == "Donald J. Trump"


def test_within_an_article_a_bare_name_fitting_two_initialled_forms_stays_apart():
    canon = {m.text: m.canonical for m in extract("George W. Bush met George H.W. Bush. George Bush said no.", "rules")}
    assert len({canon["George W. Bush"], canon["George H.W. Bush"], canon["George Bush"]}) == 3


def test_initials_in_any_script_are_initials_for_every_rule():
    assert without_initials("Jan Ł.W. Nowak") == ("jan nowak", ("ł", "w"))
    text = "Jan Ł. Nowak spoke. Later Jan Nowak left."
    assert {(m.canonical, m.type) for m in extract(text, "rules")} == {("Jan Ł. Nowak", "PERSON")}


@pytest.mark.parametrize("name,bare,middle", [
    ("Hillary Rodham Clinton", "hillary clinton", ("rodham",)),
    ("George H.W. Bush", "george bush", ("h", "w")),
    ("Martin Luther King Jr.", "martin king jr", ("luther",)),
    ("Adam Schiff", "adam schiff", ()),
])
def test_without_middle(name, bare, middle):
    assert without_middle(name) == (bare, middle)


def test_across_articles_a_middle_name_makes_no_other_person_and_two_middles_two():
    links = link_across([[person("Hillary Rodham Clinton")], [person("Hillary Clinton")]])
    assert links["Hillary Clinton"] == links["Hillary Rodham Clinton"]
    links = link_across([[person("John Paul Jones")], [person("John Peter Jones")], [person("John Jones")]])
    assert len({links["John Paul Jones"], links["John Peter Jones"], links["John Jones"]}) == 3
