"""Quantities and their reconciliation between two reports
(reader/core/compare/numbers.py, number_pairs.py).

Pairs are made only of numbers that count the same thing, in sentences that
say the same thing, with the words around them agreeing; a number with no
counterpart is one-sided. The sentence pairs below are written for these
tests; `aligned` plays the part of the sentence alignment compare() passes
(sentence k of one text is aligned with sentence k of the other). The seed
expectations come from reading the seeds: 000 says "40 million voters" and 004
"40 million citizens"; 001 says "nearly 14 years" where 004 says "about 14
years"; 001 alone counts "six by-elections"."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from reader.core import ingest
from reader.core.compare.numbers import Quantity, extract, reconcile

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def seed(prefix: str):
    [found] = [f for f in ingest.discover(SEEDS) if f.path.name.startswith(prefix)]
    return ingest.read_file(found).articles[0]


def one(text: str) -> Quantity:
    found = extract(text)
    assert len(found) == 1, found
    return found[0]


def aligned(text_a: str, text_b: str):
    """related() for two texts whose k-th sentences (one a line) say the same thing."""

    def line(text: str, pos: int) -> int:
        return text.count("\n", 0, pos)

    def related(x: Quantity, y: Quantity) -> float:
        return 1.0 if line(text_a, x.start) == line(text_b, y.start) else 0.0

    return related


def pair(text_a: str, text_b: str, published_a=None, published_b=None):
    return reconcile(extract(text_a, published_a), extract(text_b, published_b), aligned(text_a, text_b))


def kinds(matches) -> list[tuple[str, str | None, str | None]]:
    return [(m.kind, m.a.text if m.a else None, m.b.text if m.b else None) for m in matches]


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
        ("unemployment rose to 4.2% in spring", "4.2%", "percent", 4.2, "%", ""),
        ("turnout was 61 per cent", "61 per cent", "percent", 61, "%", ""),
        ("for about an hour during a meeting", "about an hour", "duration", 1, "hour", "about"),
    ],
)
def test_counts(text, quoted, kind, value, unit, qualifier):
    q = one(text)
    assert (q.text, q.kind, q.value, q.unit, q.qualifier) == (quoted, kind, value, unit, qualifier)
    assert text[q.start : q.end] == q.text


def test_weekdays_are_dates_and_read_as_days_given_the_publication_date():
    q = one("The mayor resigned on Tuesday after the vote.")
    assert (q.kind, q.value) == ("weekday", 1)
    q = extract("The mayor resigned on Tuesday after the vote.", datetime.date(2017, 1, 5))[0]
    assert (q.kind, q.date) == ("date", (2017, 1, 3))  # the Tuesday before Thursday 5 January
    q = extract("The council will vote on Tuesday.", datetime.date(2017, 1, 5))[0]
    assert q.date == (2017, 1, 10)  # the next one: the sentence speaks of the future


@pytest.mark.parametrize(
    "text",
    [
        "a backbench meeting of the 1922 Committee",  # a name, not a year
        "the group known as APT31 and APT40",
        "after 9/11 the law changed",
        "Advanced Persistent Threat Group 31 was named",
        "the 4th estate and the 21st century",
        "at 10:30 this morning",
        "May we begin? She may.",
        "the No. 2 official in the Senate",
    ],
)
def test_not_quantities(text):
    assert [q.text for q in extract(text) if q.kind != "rank"] == []


# --- the same date written two ways ---------------------------------------------------------
@pytest.mark.parametrize(
    "written_a, written_b",
    [
        ("1/5/17", "5 January 2017"),
        ("January 5th, 2017", "2017-01-05"),
        ("Jan. 5", "January 5, 2017"),
        ("5 January", "the 5th of January"),
        ("Tuesday, Jan. 3, 2017", "3 January 2017"),
        ("1/5/17", "1 May 2017"),  # day first outside America: one of its readings
    ],
)
def test_one_date_written_two_ways_is_the_same(written_a, written_b):
    [m] = pair(f"The ferry sank on {written_a} off the coast.", f"The ferry sank on {written_b} off the coast.")
    assert m.kind == "same", kinds([m])


def test_a_weekday_and_the_date_it_names_are_the_same_and_another_day_differs():
    [m] = pair("Ministers met on Tuesday to agree the budget.", "Ministers met on Jan. 3, 2017 to agree the budget.")
    assert m.kind == "same"  # 3 January 2017 was a Tuesday
    [m] = pair("Ministers met on Wednesday to agree the budget.", "Ministers met on Jan. 3, 2017 to agree the budget.")
    assert m.kind == "different"
    matches = pair("Ministers met on Tuesday to agree the budget.", "Ministers met on Tuesday to agree the budget.",
                   datetime.date(2017, 1, 4), datetime.date(2017, 1, 12))
    assert [m.kind for m in matches] == ["different"]  # two Tuesdays a week apart


def test_one_tuesday_spoken_of_as_to_come_and_as_past_is_one_day():
    monday = datetime.date(2012, 4, 23)
    [m] = pair("The interview with the speaker is to be shown on Tuesday, the network said.",
               "The speaker said in the interview Tuesday that the network would show it.", monday, monday)
    assert m.kind == "same"  # the future reading is next Tuesday, the other last Tuesday: the words say one day
    matches = pair("The council met on Tuesday to agree the budget.", "The council will meet next Tuesday to agree the budget.",
                   monday, monday)
    assert [m.kind for m in matches] != ["same"]  # "next Tuesday" says which


# --- a different value for the same thing ----------------------------------------------------
def test_a_different_value_for_the_same_thing_is_different():
    [m] = pair("The storm killed 12 people in the province, officials said.",
               "The storm killed 15 people in the province, officials said.")
    assert kinds([m]) == [("different", "12 people", "15 people")]
    [m] = pair("Turnout rose to 61%.", "Turnout rose to 64%.")  # no word around either: one sentence
    assert m.kind == "different"


def test_a_less_precise_value_in_the_same_sentence_is_different_and_noted():
    [m] = pair("Hackers accessed the data of 40 million voters last year.",
               "Hackers accessed the data of millions of voters last year.")
    assert (m.kind, m.note) == ("different", "less precise in b")


def test_near_kin_nouns_count_the_same_thing():
    [m] = pair("Officials sanctioned nine British nationals.", "Nine English people were sanctioned by officials.")
    assert m.kind == "same" and m.note == "counted as: national / person"


# --- numbers about different things are never paired ------------------------------------------
@pytest.mark.parametrize(
    "text_a, text_b",
    [
        # a date of another granularity
        ("The party won the seat in 2010, its first.", "The party won the seat in October, its first."),
        ("The talks began in May 2016 in Vienna.", "The talks began in 2016 in Vienna."),
        # money in another currency, a count of another thing
        ("The club paid $40 million for the striker.", "The club paid £40 million for the striker."),
        ("Two countries signed the treaty in Geneva.", "Two people were hurt when a bus overturned near the border."),
        ("The firm employs 300 engineers in Lyon.", "The firm employs 250 lawyers in Lyon."),
        # the same kind of number, but about another fact: the words around it disagree
        ("The fund holds $2.5 billion for roads.", "About $200 million was spent on television advertising."),
        ("An aide resigned Monday after the post became public.", "An aide apologized Friday for the post."),
    ],
)
def test_numbers_about_different_things_are_one_sided(text_a, text_b):
    matches = pair(text_a, text_b)
    assert "different" not in [m.kind for m in matches], kinds(matches)


def test_a_different_value_in_another_period_is_not_different():
    matches = pair("From 2007 through 2014 the couple paid an effective tax rate of 31.5 percent.",
                   "Last year the couple paid an effective tax rate of 35.7 percent.")
    assert "different" not in [m.kind for m in matches], kinds(matches)


def test_a_dropped_number_is_one_sided_and_the_rest_still_pair():
    matches = pair("The poll gave the mayor 46 percent to 45 percent for her rival.",
                   "The poll gave the mayor a lead over her rival at 45 percent.")
    assert sorted(kinds(matches)) == [("only_a", "46 percent", None), ("same", "45 percent", "45 percent")]


# --- hedges ---------------------------------------------------------------------------------
def test_an_approximator_keeps_the_value_and_is_noted():
    [m] = pair("The repairs cost more than $1 million, the council said.",
               "The repairs cost $1.1 million, the council said.")
    assert m.kind == "same" and m.note == "qualifier: more than / (none)"  # the two agree
    [m] = pair("The report runs to nearly 700 pages.", "The report runs to nearly 750 pages.")
    assert m.kind == "different"  # one hedge before two values is no range
    [m] = pair("The report runs to nearly 700 pages.", "The report runs to about 700 pages.")
    assert m.kind == "same" and m.note == "qualifier: nearly / about"


# --- the seeds -------------------------------------------------------------------------------
def by_text(matches, side: str, text: str):
    [m] = [m for m in matches if getattr(m, side) is not None and getattr(m, side).text == text]
    return m


def test_seeds_000_and_004_agree_on_40_million():
    matches = reconcile(extract(seed("000").text), extract(seed("004").text))
    m = by_text(matches, "a", "40 million voters")
    assert m.kind == "same" and m.b.text == "40 million citizens"
    assert by_text(matches, "a", "Two people").b.text == "Two persons"


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
    assert "different" not in [m.kind for m in matches]


def test_every_quantity_is_accounted_for_once():
    qa, qb = extract(seed("001").text), extract(seed("004").text)
    matches = reconcile(qa, qb)
    assert sorted(id(m.a) for m in matches if m.a) == sorted(id(q) for q in qa)
    assert sorted(id(m.b) for m in matches if m.b) == sorted(id(q) for q in qb)
    d = matches[0].as_dict()
    assert set(d) >= {"a", "b", "kind"}


def test_one_count_whose_phrase_holds_the_others_noun_is_the_same_count():
    [m] = pair("The letter was signed by nearly 90 faculty members and priests.",
               "The letter was signed by nearly 90 Georgetown University faculty and administrators.")
    assert m.kind == "same"  # the head of one ("faculty") is a word of the other's phrase
    assert [x.kind for x in pair("The storm killed 12 soldiers in the province.",
                                 "The storm killed 12 tourists in the province.")] != ["same"]


def _apart(text_a: str, text_b: str):
    """Two reports whose sentences the alignment pairs nowhere (reports written apart)."""
    return reconcile(extract(text_a), extract(text_b), lambda x, y: 0.0)


def test_one_age_told_two_ways_in_unrelated_sentences_is_one_number():
    matches = _apart("The senator was accused of an encounter with a girl when she was 14.",
                     "Allegations surfaced that he had molested a 14-year-old.")
    assert kinds(matches) == [("same", "14", "14-year-old")]


@pytest.mark.parametrize(
    "text_a, text_b",
    [
        ("The shutdown left more than 800,000 federal employees furloughed or working without pay.",
         "Republicans closed the doors of many agencies and left 800,000 workers without pay."),
        ("A group of at least 544 women who serve as store managers was named.",
         "He added that the class includes at least 544 store managers who are alleged to be victims."),
        ("In the meantime, about 800,000 federal employees are furloughed or deemed essential.",
         "With the lapse in its 12th day and affecting 800,000 federal employees, talks went on."),
    ],
)
def test_one_count_under_two_nouns_in_reports_written_apart_is_the_same_count(text_a, text_b):
    # each said "(only here)" though the other report gives the number
    [m] = _apart(text_a, text_b)
    assert m.kind == "same"


@pytest.mark.parametrize(
    "text_a, text_b",
    [
        ("Trump dismissed allegations from more than a dozen women.", "The age of consent in the state is 16."),
        ("The report was prepared by a 12-person task force.", "Twelve officers stood watch as he spoke."),
        ("The storm killed two soldiers on Monday.", "Officials said two tourists were missing."),
        ("He ran for 30 days across the desert.", "About 30 people came to the rally."),
    ],
)
def test_counts_of_other_things_stay_apart_in_reports_written_apart(text_a, text_b):
    assert "same" not in [m.kind for m in _apart(text_a, text_b)]


@pytest.mark.parametrize("text_a, text_b", [
    ("The family company employs 310 people at its plant near Malton.",
     "The family company has 310 employees at its plant near Malton."),
    ("The firm has a workforce of about 5,200 people in Germany.",
     "The firm has a workforce of about 5,200 in Germany."),
])
def test_people_counted_by_what_they_are_or_the_noun_understood_are_one_count(text_a, text_b):
    [m] = pair(text_a, text_b)
    assert m.kind == "same", kinds([m])


@pytest.mark.parametrize("text_a, text_b, kind", [
    ("Officials said nine water-bombing aircraft were deployed.", "Officials said six water-bombing aircraft were deployed.",
     "different"),  # a compound in "-ing" before the noun is no verb: the count was not read at all
    ("Embers were blown up to 70 kilometres ahead of the fire.", "Embers were blown up to 70 km ahead of the fire.",
     "same"),  # a unit abbreviated
    ("The vessels are around 1,000 years, the team said.", "The team said the vessels are about 1,000 years old.",
     "same"),  # how long and how old
])
def test_a_number_told_with_its_unit_written_otherwise(text_a, text_b, kind):
    [m] = pair(text_a, text_b)
    assert m.kind == kind, kinds([m])
