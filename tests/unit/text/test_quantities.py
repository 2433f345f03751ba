"""The one number and date grammar (reader/core/text/quantities.py), in both of
its views: the entity mention (span and type) and the comparison's reading
(value, unit, date). Sentences written for these tests."""

from __future__ import annotations

import pytest

from reader.core.entities.gazetteer import lookup
from reader.core.text import quantities
from reader.core.text.tokens import tokenise


def scan(text: str):
    return quantities.scan(tokenise(text), lookup)


def one(text: str):
    found = scan(text)
    assert len(found) == 1, [(q.text, q.kind) for q in found]
    return found[0]


def mentions(text: str) -> list[tuple[str, str]]:
    doc = tokenise(text)
    spans, _ = quantities.find(doc, lookup)
    return [(doc.span_text(a, b), t) for a, b, t in spans]


@pytest.mark.parametrize(
    "text, written, date",
    [
        ("The ferry sank on 1/5/17 off the coast.", "1/5/17", (2017, 1, 5)),
        ("The ferry sank on 5 January off the coast.", "5 January", (None, 1, 5)),
        ("The ferry sank on Jan. 5 off the coast.", "Jan. 5", (None, 1, 5)),
        ("The ferry sank on January 5th, 2017, off the coast.", "January 5th, 2017", (2017, 1, 5)),
        ("The ferry sank on 2017-01-05 off the coast.", "2017-01-05", (2017, 1, 5)),
        ("The ferry sank on the 5th of January off the coast.", "5th of January", (None, 1, 5)),
        ("The ferry sank on 5.1.2017 off the coast.", "5.1.2017", (2017, 1, 5)),
        ("The ferry sank on 25/12/2016 off the coast.", "25/12/2016", (2016, 12, 25)),
        ("The ferry sank in March 2016 off the coast.", "March 2016", (2016, 3, None)),
        ("The ferry sank in 1998 off the coast.", "1998", (1998, None, None)),
    ],
)
def test_dates_in_any_common_form_have_one_value(text, written, date):
    q = one(text)
    assert (q.text, q.kind, q.date, q.label) == (written, "date", date, "DATE")
    assert text[q.start : q.end] == written


def test_a_weekday_is_a_date_with_its_number_and_takes_the_date_after_it():
    q = one("The council met on Thursday to vote.")
    assert (q.kind, q.value, q.label) == ("weekday", 3, "DATE")
    q = one("The council met on Thursday, Feb. 2, to vote.")
    assert (q.text, q.kind, q.date, q.value) == ("Thursday, Feb. 2", "date", (None, 2, 2), 3)
    assert mentions("The council met on Thursday 2 February.") == [("Thursday 2 February", "DATE")]


@pytest.mark.parametrize(
    "text",
    [
        "The bookmakers offered odds of 4/6 on the favourite.",  # odds, not a date
        "Pages 1/2/3/4 were missing.",
        "The 5G network and the 3D screen were shown.",
        "They were knocked out of the Six Nations by Wales.",  # a name
        "She reached the last-eight stage.",
        "The phone shop is open 24/7 now.",
        "Under Article 50 the talks began.",
    ],
)
def test_things_that_are_no_quantities_for_the_comparison(text):
    assert [q.text for q in scan(text) if q.kind in ("count", "date", "money", "percent")] == []


@pytest.mark.parametrize(
    "text, written, kind, value, unit, qualifier",
    [
        ("Shares closed at 325.5p in London.", "325.5p", "money", 325.5, "penny", ""),
        ("The bill came to 40 euro cents a litre.", "40 euro cents", "money", 40, "cent", ""),
        ("It will cost hundreds of millions of pounds.", "hundreds of millions of pounds", "money", 1e8, "gbp", ""),
        ("He won the 100m in Rome.", "100m", "count", 100, "m", ""),
        ("The app has 5m users in Spain.", "5m users", "count", 5e6, "user", ""),
        ("A 21-year-old man was arrested.", "21-year-old", "age", 21, "year", ""),
        ("Nearly two-thirds of voters agreed.", "Nearly two-thirds", "fraction", 2 / 3, "", "nearly"),
        ("The plan builds 1500 new homes.", "1500 new homes", "count", 1500, "home", ""),
        ("Output rose to 1200 last year.", "1200", "count", 1200, "", ""),
        ("She served a five-year term.", "five-year", "duration", 5, "year", ""),
        ("Crowds of more than 2,000 protesters gathered.", "more than 2,000 protesters", "count", 2000, "protester", "more than"),
        ("Only the No. 2 official resigned.", "2", "rank", 2, "", ""),
    ],
)
def test_what_a_number_counts(text, written, kind, value, unit, qualifier):
    q = one(text)
    assert (q.text, q.kind, q.unit, q.qualifier) == (written, kind, unit, qualifier)
    assert q.value == pytest.approx(value)


def test_a_year_before_a_name_is_a_weak_date_and_a_name_before_a_year_no_date():
    q = one("He played in the 1998 Davis Cup final.")
    assert (q.kind, q.weak, q.label) == ("date", True, "DATE")  # the entity rules settle the name
    assert not one("In 1998 Davis won the cup.").weak  # after "in", a year
    assert scan("They upgraded to Windows 2000 quickly.") == []


def test_approximators_stay_outside_the_mention_and_inside_the_phrase():
    q = one("Police said about 300 protesters gathered.")
    assert q.text == "about 300 protesters" and q.qualifier == "about"
    assert mentions("Police said about 300 protesters gathered.") == [("300 protesters", "QUANTITY")]


def test_the_mention_of_a_partitive_is_the_number_and_the_phrase_its_noun():
    q = one("Two of the climbers were rescued.")
    assert (q.text, q.unit, q.label) == ("Two of the climbers", "climber", "CARDINAL")
    assert mentions("Two of the climbers were rescued.") == [("Two", "CARDINAL")]


@pytest.mark.parametrize(
    "text, written, value",
    [
        ("There is a one-in-three chance that the vote is lost.", "one-in-three", 1 / 3),
        ("There is a 1 in 3 chance that the vote is lost.", "1 in 3", 1 / 3),
        ("One in five voters stayed at home.", "One in five", 1 / 5),
        ("Three in 10 voters stayed at home.", "Three in 10", 3 / 10),
    ],
)
def test_a_share_written_n_in_m_is_one_fraction(text, written, value):
    q = one(text)
    assert (q.text, q.kind) == (written, "fraction") and abs(q.value - value) < 1e-9


def test_n_in_a_year_or_in_words_that_are_no_number_is_no_share():
    assert [(q.text, q.kind) for q in scan("He scored 10 in 2024 and left at one in the morning.")] == [
        ("10", "count"), ("2024", "date")]


def test_a_big_number_of_something_counts_it():
    q = one("The breach affected all three billion of its accounts.")
    assert (q.kind, q.value, q.unit) == ("count", 3e9, "account")


@pytest.mark.parametrize(
    "text, written",
    [
        ("Labrador, who is 46, said he would run.", "46"),
        ("a sexual encounter with her when she was 14.", "14"),
        ("The man, aged 70, died at the scene.", "70"),
        ("Stone, 66, was taken into custody.", "66"),
        ("said Roger Stone, 66.", "66"),
    ],
)
def test_an_age_told_without_years_old_is_an_age(text, written):
    # "when she was 14" in one report is the other's "a 14-year-old": read as a bare
    # count, the comparison called each the one report's alone
    q = one(text)
    assert (q.text, q.kind, q.value, q.unit) == (written, "age", float(written), "year")


@pytest.mark.parametrize(
    "text",
    ["The rate is 46 percent of the total.", "In March, 12, people left.", "The score was 3 to 1.",
     "He named three figures, 12, 14 and 16.", "who is 150 now"],
)
def test_numbers_after_a_verb_or_a_comma_that_are_no_age(text):
    assert "age" not in [q.kind for q in scan(text)]
