"""Who and when, between two reports of a storyline: headlines naming the
same two participants on days that agree are evidence of one happening (one
participant is only a storyline's), and reports written three days apart or
more, whose leads name no day, tell two days of it. The articles are invented."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from reader.core.events import DEFAULT, scoring
from reader.core.events import cluster as C
from reader.core.models import Article, article_id

MONDAY = datetime(2024, 5, 6, 9)


def art(key: str, title: str, text: str, published: datetime | None) -> Article:
    return Article(id=article_id("fixture/" + key), origin="fixture/" + key, title=title,
                   text_paragraphs=tuple(text.split("\n\n")), source=key.split("-")[0], published=published)


def talks(published: datetime | None) -> Article:
    return art("wire-talks", "Okafor and Brandt meet over fishing quotas",
               "The ministers Amara Okafor and Jonas Brandt sat down for talks that aides called long overdue.\n\n"
               "Quotas for the coming season are at stake.", published)


def hosts(published: datetime | None) -> Article:
    return art("daily-hosts", "Fishing row: Brandt hosts Okafor",
               "Negotiators expect little from the encounter between Jonas Brandt and Amara Okafor, officials said.\n\n"
               "A statement is due later.", published)


def alone(published: datetime | None) -> Article:
    """Names only one of the two in its headline."""
    return art("post-alone", "Okafor warns of empty nets",
               "Stocks are falling, the fisheries minister told a port crowd.\n\n"
               "Her counterpart Jonas Brandt stayed silent; Amara Okafor spoke for an hour.", published)


def docs(*articles: Article) -> list[C.Doc]:
    found, _ = C.docs_for(list(articles), DEFAULT, True)
    return found


def test_two_participants_named_by_both_headlines_are_evidence_on_days_that_agree():
    a, same_day, later = docs(talks(MONDAY), hosts(MONDAY), hosts(MONDAY.replace(day=9)))
    assert scoring._PARTICULARS[a.features.subject] >= {"okafor", "brandt"}
    assert a.features.day is None and same_day.features.day is None  # no lead names a day
    # three days apart: the participants not counted; written on one day: that day is one more kind
    assert scoring.agreement(a, same_day) == scoring.agreement(a, later) + 2
    next_day = docs(hosts(MONDAY.replace(day=7)))[0]
    assert scoring.agreement(a, next_day) == scoring.agreement(a, later) + 1  # within a day: the participants only
    one, other = docs(talks(MONDAY), alone(MONDAY))
    assert scoring.agreement(one, other) == 1  # one participant in common: a storyline's, no evidence (the day is)


def test_undated_participants_count_unless_the_weekdays_disagree():
    a, b = docs(talks(None), hosts(None))
    monday = art("daily-mon", hosts(None).title, "On Monday Jonas Brandt and Amara Okafor met, officials said.", None)
    thursday = art("daily-thu", hosts(None).title, "On Thursday Jonas Brandt and Amara Okafor met, officials said.", None)
    tuesday_lead = art("wire-tue", talks(None).title, "On Tuesday Amara Okafor and Jonas Brandt sat down for talks.", None)
    tue, mon, thu = docs(tuesday_lead, monday, thursday)
    assert scoring.agreement(a, b) >= 1  # nothing says when: the participants count
    assert scoring._one_when(tue, mon) and not scoring._one_when(tue, thu)
    assert scoring.agreement(tue, thu) < scoring.agreement(tue, mon)


def test_reports_written_three_days_apart_whose_leads_name_no_day_pay_the_day_penalty():
    s = replace(DEFAULT, date_grace_days=9.0, subject_penalty=1.0, place_penalty=1.0, what_penalty=1.0)
    rarest = scoring._Rarest({t: 1.0 for t in ("okafor", "brandt")})
    a, next_day, third = docs(talks(MONDAY), hosts(MONDAY.replace(day=7)), hosts(MONDAY.replace(day=9)))
    assert scoring.pair_factor(a, next_day, {}, s, rarest) == 1.0
    assert scoring.pair_factor(a, third, {}, s, rarest) == s.day_penalty



def test_undated_reports_whose_headlines_name_two_particulars_are_not_held_apart_by_their_weekdays():
    """Reports of one running story written on other days name other
    weekdays; without dates two of the who and where in both headlines
    outweigh them. One name ("Amara Okafor": its words follow each other in
    both headlines) is one particular, and where a date is known the day
    rules say when."""
    s = replace(DEFAULT, subject_penalty=1.0, place_penalty=1.0, what_penalty=1.0)
    rarest = scoring._Rarest({t: 1.0 for t in ("okafor", "brandt", "amara")})
    tuesday = art("wire-tue", talks(None).title, "On Tuesday Amara Okafor and Jonas Brandt sat down for talks.", None)
    thursday = art("daily-thu", hosts(None).title, "On Thursday Jonas Brandt and Amara Okafor met, officials said.", None)
    tue, thu = docs(tuesday, thursday)
    assert scoring._distinct(tue, thu) == 2
    assert scoring.pair_factor(tue, thu, {}, s, rarest) == 1.0
    one = [art(f"{k}-one", "Amara Okafor " + verb, f"On {day} Amara Okafor spoke at the port, officials said.", None)
           for k, verb, day in (("wire", "warns of empty nets", "Tuesday"), ("daily", "visits the harbour", "Thursday"))]
    a, b = docs(*one)
    assert scoring._PARTICULARS[a.features.subject] & scoring._PARTICULARS[b.features.subject] == {"amara", "okafor"}
    assert scoring._distinct(a, b) == 1
    assert scoring.pair_factor(a, b, {}, s, rarest) == s.weekday_penalty
    dated = art("daily-thu", hosts(None).title, "On Thursday Jonas Brandt and Amara Okafor met, officials said.", MONDAY)
    tue, thu = docs(tuesday, dated)
    assert thu.day is not None and scoring.pair_factor(tue, thu, {}, s, rarest) == s.weekday_penalty
