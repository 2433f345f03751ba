"""Kinds of difference between reports of one event that grouping must not
take for two events, and those it must (issue 15): reports written on
different days name other days beside the event's; two outlets word one
happening each their own way; reports of one event quote the same words of
its speakers. The articles are invented."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from reader.core.events import DEFAULT, rows
from reader.core.events import cluster as C
from reader.core.events.features import when_all
from reader.core.models import Article, article_id

NEUTRAL = {"subject_penalty": 1.0, "place_penalty": 1.0, "number_penalty": 1.0}


def art(key: str, source: str, title: str, text: str, published: datetime | None = None) -> Article:
    return Article(id=article_id("kinds/" + key), origin="kinds/" + key, title=title, text_paragraphs=(text,),
                   source=source, published=published)


def docs(*articles: Article, use_dates: bool = True) -> list[C.Doc]:
    found, _ = C.docs_for(list(articles), DEFAULT, use_dates)
    return found


def factor(a: C.Doc, b: C.Doc, **settings) -> float:
    names = a.features.subject | b.features.subject
    return C.pair_factor(a, b, {}, replace(DEFAULT, **{**NEUTRAL, **settings}), C._Rarest(dict.fromkeys(names, 1.0)))


# Sunday's meeting, told on Sunday and again on Tuesday with Tuesday's reaction.
MEETING = art("meeting-sun", "Ledger", "Obama and Boehner meet at the White House",
              "President Obama and Speaker Boehner met on Sunday at the White House to talk about the deficit.",
              datetime(2012, 12, 9, 20))
REACTION = art("meeting-tue", "Courier", "Boehner says talks with Obama went nowhere",
               "Speaker Boehner said on Tuesday that his talks with the president on Sunday had gone nowhere.",
               datetime(2012, 12, 11, 9))
# Another meeting of the two, on the Thursday after.
THURSDAY = art("meeting-thu", "Courier", "Boehner and Obama try again",
               "Speaker Boehner went back to the White House on Thursday for a second round of talks.",
               datetime(2012, 12, 13, 21))


def test_every_day_a_lead_names_is_read():
    sunday, tuesday = date(2012, 12, 9).toordinal(), date(2012, 12, 11).toordinal()
    assert when_all(REACTION.title + "\n" + REACTION.text, REACTION.published) == [(tuesday, 1), (sunday, 6)]
    assert when_all(REACTION.title + "\n" + REACTION.text, None) == [(None, 1), (None, 6)]
    meeting, reaction = docs(MEETING, REACTION)
    assert reaction.features.day == tuesday and reaction.features.days == {sunday, tuesday}
    assert meeting.features.weekdays == {6}


def test_reports_naming_the_event_s_day_among_others_are_not_cut_for_their_days():
    meeting, reaction, thursday = docs(MEETING, REACTION, THURSDAY)
    assert factor(meeting, reaction) == 1.0  # Tuesday's lead names Sunday too
    assert factor(meeting, thursday) < 1.0  # Sunday against Thursday
    undated = docs(MEETING, REACTION, THURSDAY, use_dates=False)
    assert factor(undated[0], undated[1]) == 1.0
    assert factor(undated[0], undated[2]) == DEFAULT.weekday_penalty


def test_a_lead_s_day_is_held_against_the_day_another_report_was_written():
    # no day in this lead: it was written about Thursday (or the day before)
    later = art("meeting-fri", "Ledger", "Boehner back at the White House",
                "Speaker Boehner returned to the White House for more talks.", datetime(2012, 12, 13, 23))
    meeting, thursday_too, thursday = docs(MEETING, later, THURSDAY)
    assert factor(thursday, thursday_too) == 1.0
    assert factor(meeting, thursday_too) < factor(meeting, thursday_too, day_penalty=1.0)


def test_happening_words_disagree_only_within_one_outlet():
    wire = art("akin-wire", "Wire", "Mitt to Akin: drop out", "Republican Mitt Romney told Todd Akin to give up the race.")
    daily = art("akin-daily", "Daily", "Romney calls on Akin to quit Senate bid", "Republican Mitt Romney urged Todd Akin to leave.")
    again = replace(daily, id=article_id("kinds/akin-again"), source="Wire")
    a, b, c = docs(wire, daily, again, use_dates=False)
    assert not (a.features.what & b.features.opening) and not (b.features.what & a.features.opening)
    assert factor(a, b) == 1.0  # two outlets word one happening differently
    assert factor(a, c) == DEFAULT.what_penalty  # one outlet words two happenings differently


def test_a_quotation_in_common_is_agreement():
    said = "“We will not raise taxes on the middle class,” Boehner said."
    a = art("q-a", "Ledger", "Boehner rules out tax rise", f"Speaker Boehner spoke after the talks. {said}")
    b = art("q-b", "Courier", "Speaker draws a line on taxes", f"{said} He spoke to reporters.")
    c = art("q-c", "Courier", "Speaker draws a line", "Boehner told reporters he would not raise middle class taxes.")
    da, db, dc = docs(a, b, c, use_dates=False)
    assert {"rais\ttax", "middl\tclass"} <= da.features.quoted
    assert C.agreement(da, db) - C.agreement(da, dc) == 2  # a long quotation counts twice
    assert not dc.features.quoted


def test_the_named_days_and_quotations_are_kept_in_the_stored_rows():
    (d,) = docs(REACTION)
    f = replace(d.features, quoted=frozenset({"rais\ttax", "middl\tclass"}))
    _, back = rows.decode_signature(rows.encode_signature(f, d.vector), f.terms)
    assert (back.days, back.weekdays, back.quoted, back.day, back.weekday) == (f.days, f.weekdays, f.quoted, f.day, f.weekday)
    assert rows.signature_day(rows.encode_signature(f, d.vector)) == f.day


def test_headlines_counting_other_numbers_on_other_days_are_held_apart_even_as_a_count_grows():
    """Two shootings in one city three days apart, each headline counting its
    dead, are two events; so the number rule holds a flood's later toll
    against its first, as it must (a count that grows was excused in a4f3435
    and taken back: it excused two happenings of one place as often)."""
    monday, thursday = datetime(2025, 3, 3, 21), datetime(2025, 3, 6, 15)
    mall = art("denver-mall", "Wire", "Gunman kills three at Denver mall",
               "A gunman killed three people at a shopping mall in Denver on Monday, police said.", monday)
    school = art("denver-school", "Post", "Shooting at Denver school leaves five dead",
                 "Five people were killed in a shooting at a Denver high school on Thursday, police said.", thursday)
    first = art("toll-2", "Wire", "Levee fails on Tamsin River, two dead",
                "A levee on the Tamsin River gave way, killing two people, officials said.", monday)
    later = art("toll-9", "Wire", "Search ends in flooded town, toll at nine",
                "Searchers found the last missing residents, bringing the number killed by the flood to nine.", thursday)
    rules = {"day_penalty": 1.0, "what_penalty": 1.0}
    for x, y in (docs(mall, school), docs(first, later)):
        assert factor(x, y, **rules, number_penalty=DEFAULT.number_penalty) == factor(x, y, **rules) * DEFAULT.number_penalty


def test_headlines_moving_one_thing_two_ways_are_two_happenings():
    """A wire's two days of one company's price, raised one day and cut the
    next, share every word but the verb: the headlines' movements tell two
    happenings. Movement talked of ("patience on cuts", "a hike") is no
    happening, and a headline moving two ways says nothing."""
    rules = {"what_penalty": 1.0, "direction_penalty": 0.3}
    raised = art("sun-up", "Wire", "SUN RAISES HEATING OIL BARGE PRICE",
                 "Sun Co said it raised the price it charges contract barge customers for heating oil by one cent.")
    cut = art("sun-down", "Wire", "SUN CUTS HEATING OIL BARGE PRICE",
              "Sun Co said it cut the price it charges contract barge customers for heating oil by one cent.")
    fell = art("sun-fell", "Wire", "Sun's heating oil price fell",
               "Sun Co's price for heating oil to barge customers fell one cent, traders said.")
    x, y, z = docs(raised, cut, fell)
    assert factor(x, y, **rules) == factor(x, y, **{**rules, "direction_penalty": 1.0}) * 0.3
    assert factor(x, z, **rules) == factor(x, z, **{**rules, "direction_penalty": 1.0}) * 0.3
    assert factor(y, z, **rules) == factor(y, z, **{**rules, "direction_penalty": 1.0})  # both down
    held = art("fed-holds", "Ledger", "Fed holds rates, signals patience on cuts",
               "The Federal Reserve held its benchmark rate on Wednesday and signalled patience on cuts.")
    hike = art("fed-hike", "Courier", "Next Fed move unlikely to be a hike, says governor",
               "A Federal Reserve governor said on Wednesday the next move was unlikely to be a hike.")
    both = art("fees", "Post", "City cuts taxes, raises fees",
               "The city council cut property taxes and raised parking fees on Wednesday.")
    h, k, b = docs(held, hike, both)
    for p, q in ((h, k), (b, x), (b, y)):
        assert factor(p, q, **rules) == factor(p, q, **{**rules, "direction_penalty": 1.0})
