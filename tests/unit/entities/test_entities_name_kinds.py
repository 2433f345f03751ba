"""Kinds of naming error the rules made (found on BASIL, tested here on
texts of our own): a job word taken into a person's name, a publication or a
group read as the place it is named after, a middle initial that lost the
person, and a son's "Jr." that swallowed his father's name."""

from __future__ import annotations

import pytest

from reader.core.compare.comparison import compare
from reader.core.entities import extract, get_extractor
from reader.core.models import Article

RULES = get_extractor("rules")


def names(text: str) -> set[tuple[str, str]]:
    return {(m.type, m.text) for m in extract(text, RULES) if m.type in ("PERSON", "ORG", "PLACE", "NORP")}


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("The deputy spoke first. Then Chief Strategist Ellen Varga told the panel it was over.", "Ellen Varga"),
        ("The memo was drafted by Senior Adviser Tomas Brenner in March.", "Tomas Brenner"),
        ("A warrant was signed by Special Agent Dana Kowal on Friday.", "Dana Kowal"),
        ("Two Special Agents Lena Ortiz and her partner arrived.", "Lena Ortiz"),
        ("The parish priest, Father Liam Doyle, said mass.", "Liam Doyle"),
        ("It was reported by Gazette Columnist Priya Raman on Sunday.", "Priya Raman"),
        ("The county's Sheriff Dale Mercer endorsed the plan on Friday.", "Dale Mercer"),
        ("Sens. Lena Okafor and Tom Brandt wrote to the agency.", "Lena Okafor"),
        ("Reps. Ada Morrow and Ian Pike voted against it.", "Ada Morrow"),
    ],
)
def test_a_job_word_before_a_name_is_a_title_not_the_name(text, person):
    found = names(text)
    assert ("PERSON", person) in found
    assert not any(t == "PERSON" and n != person and n.endswith(person.split()[-1]) for t, n in found)


def test_a_job_word_after_a_name_is_no_person():
    found = names("A Kestrel Editor said the piece would run. The Kestrel Editor declined to comment.")
    assert not any(t == "PERSON" for t, _ in found)


def test_a_connective_that_opens_a_sentence_is_no_part_of_the_name():
    text = "The senator was warned twice. Plus Okafor had been told in May. Okafor said nothing."
    found = names(text)
    assert ("PERSON", "Okafor") in found
    assert not any("Plus" in n for _, n in found)


def test_a_middle_initial_keeps_a_person_whose_surname_is_a_known_name():
    # "Bloomberg" is a known organisation; "Jordan" a known place
    found = names("Michael R. Bloomberg is running. So is Helen T. Jordan.")
    assert {("PERSON", "Michael R. Bloomberg"), ("PERSON", "Helen T. Jordan")} <= found


def test_a_middle_initial_with_a_generational_suffix_is_a_person():
    assert ("PERSON", "Walter K. Brandt III") in names("The inquiry was led by Walter K. Brandt III until May.")


def test_the_written_mid_sentence_before_a_place_names_a_publication():
    text = "The letters were first reported by The Pacific, which printed them. Ships crossed the Pacific."
    found = names(text)
    assert ("ORG", "The Pacific") in found
    assert ("PLACE", "Pacific") in names("Ships crossed the Pacific in May.")  # the ocean
    assert ("ORG", "Pacific") in names(text.replace("Ships crossed the Pacific", "Its editor wrote in the Pacific"))


def test_a_group_named_for_a_country_is_not_the_country():
    found = names("Housing for Canada, an advocacy group, said it would sue. Housing for Canada said so again.")
    assert ("ORG", "Housing for Canada") in found
    assert not any(t == "PLACE" for t, _ in found)


def test_a_name_without_jr_is_not_tied_to_the_one_with_it():
    ms = extract("Governor Alan Pryce spoke first. Alan Pryce Jr. spoke later. Pryce said it went well.", RULES)
    canon = {m.text: m.canonical for m in ms if m.type == "PERSON"}
    assert canon["Alan Pryce"] == "Alan Pryce"
    assert canon["Alan Pryce Jr."] == "Alan Pryce Jr."


def _article(id_: str, text: str) -> Article:
    return Article(id_, "test", "t", tuple(text.split("\n\n")))


def test_the_comparison_does_not_match_a_father_with_his_son():
    a = _article("a", "Alan R. Pryce spoke on Monday. Alan Pryce said the talks went well.")
    b = _article("b", "Governor Alan Pryce spoke on Monday. Alan Pryce Jr. was there too.")
    c = compare(a, b)
    for ref in c.shared:
        assert not ref.canonical.endswith("Jr.") or all(m[0].endswith("Jr.") for m in ref.mentions_a)
    assert "Alan Pryce Jr." in {r.canonical for r in c.only_b}


def test_a_surname_alone_is_the_full_name_with_jr_that_it_ends_before():
    ms = extract("Walter P. Greer Jr. was charged. Mr. Greer denied it. Greer said nothing more.", RULES)
    assert {m.canonical for m in ms if m.type == "PERSON"} == {"Walter P. Greer Jr."}
