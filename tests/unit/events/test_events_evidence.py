"""The kinds of evidence grouping weighs beside the cosine: a particular
(place, person) each headline names and the other report never mentions
tells two events apart; reports that agree on the day, the opening and the
numbers pay only a part of their topic's background. The articles are
invented."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from reader.core.events import DEFAULT, group_events, scoring
from reader.core.events import cluster as C
from reader.core.models import Article, article_id


def art(key: str, title: str, text: str, published: datetime | None = None) -> Article:
    return Article(id=article_id("fixture/" + key), origin="fixture/" + key, title=title,
                   text_paragraphs=tuple(p for p in text.split("\n\n")), source=key.split("-")[0],
                   published=published)


MIAMI = art("wire-miami", "Kez Marlow arrested after Miami Beach nightclub fight",
            "Rapper Kez Marlow was arrested early on Sunday after a fight outside a Miami Beach nightclub, police said.\n\n"
            "Marlow, 31, was charged with battery and released on bail.")
ATLANTA = art("wire-atlanta", "Rapper Kez Marlow arrested on DUI charge in Atlanta",
              "Kez Marlow was arrested on Tuesday on a charge of driving under the influence after his car hit a barrier in Atlanta.\n\n"
              "The rapper was released on a $5,000 bond, his lawyer said.")
# The same Miami arrest, led differently: it names no place in its headline,
# and mentions the one the other's headline names in its text.
MIAMI_TOO = art("daily-miami", "Kez Marlow cuffed after club brawl",
                "Kez Marlow spent Sunday morning in a cell after a brawl outside a Miami Beach club turned into a battery charge.\n\n"
                "The rapper, 31, was freed on bail.")
SENATOR = art("post-senator", "Senator Okafor rejects the GOP budget",
              "Senator Amara Okafor said on Monday she would vote against the budget.")
SECRETARY = art("news-secretary", "Secretary Okafor: the GOP budget fails families",
                "Amara Okafor, the party's budget secretary, said on Monday the plan failed families.")


def docs(*articles: Article, use_dates: bool = False) -> list[C.Doc]:
    found, _ = C.docs_for(list(articles), DEFAULT, use_dates)
    return found


def factor(a: C.Doc, b: C.Doc, **settings) -> float:
    return C.pair_factor(a, b, {}, replace(DEFAULT, **settings), C._Rarest({t: 1.0 for t in a.features.subject | b.features.subject}))


def test_headlines_naming_places_the_other_never_mentions_are_two_events():
    miami, atlanta = docs(MIAMI, ATLANTA)
    assert factor(miami, atlanta, subject_penalty=1.0, weekday_penalty=1.0, what_penalty=1.0) == DEFAULT.place_penalty
    assert factor(miami, atlanta, subject_penalty=1.0, weekday_penalty=1.0, what_penalty=1.0, place_penalty=1.0) == 1.0


def test_a_place_the_other_report_mentions_is_no_disagreement():
    miami, miami_too = docs(MIAMI, MIAMI_TOO)
    assert factor(miami, miami_too, what_penalty=1.0) == 1.0


def test_a_given_name_written_otherwise_before_a_surname_both_give_is_no_disagreement():
    # One man, "Dave Brat" to one outlet and "David Brat" to another: each headline's given name is one
    # the other report never writes, but the surname after it is the other's too.
    nyt = art("nyt-brat", "Eric Cantor Defeated by David Brat in Primary Upset",
              "Eric Cantor, the House majority leader, lost his primary on Tuesday to David Brat, an economics professor.")
    fox = art("fox-brat", "Who is Dave Brat?",
              "The economics professor Dave Brat, who beat House Majority Leader Eric Cantor on Tuesday, is a political newcomer.")
    other = art("post-brat", "Who is Dave Pratt?",
                "The economics professor Dave Pratt won a seat on the county board on Tuesday.")
    a, b, c = docs(nyt, fox, other)
    assert {"david", "brat"} <= a.features.subject and {"dave", "brat"} <= b.features.subject
    assert factor(a, b, what_penalty=1.0) == 1.0
    assert factor(a, c, what_penalty=1.0, subject_penalty=1.0) == DEFAULT.place_penalty  # no surname in common


def test_two_people_of_one_family_are_no_one_name_written_otherwise():
    eric = art("wire-eric", "Judge fines Eric Trump in fraud trial",
               "A judge in New York fined Eric Trump on Thursday for violating a gag order in the fraud trial.")
    donald = art("post-donald", "Judge fines Donald Trump in fraud trial",
                 "A judge in New York fined Donald Trump on Wednesday for violating a gag order in the fraud trial.")
    a, b = docs(eric, donald)
    assert factor(a, b, what_penalty=1.0, weekday_penalty=1.0) == DEFAULT.place_penalty  # Eric and Donald: two


def test_titles_and_short_acronyms_are_no_particulars():
    """"Senator" against "Secretary", "GOP" in both: the same person, no place."""
    senator, secretary = docs(SENATOR, SECRETARY)
    assert scoring._PARTICULARS[senator.features.subject] == {"okafor"}
    assert factor(senator, secretary, what_penalty=1.0) == 1.0


def test_agreement_counts_the_day_the_opening_and_the_numbers():
    miami, atlanta, miami_too = docs(MIAMI, ATLANTA, MIAMI_TOO)
    assert C.agreement(miami, miami_too) >= 2  # Sunday both, the opening shared
    assert C.agreement(miami, atlanta) == 0  # Sunday against Tuesday, little of the opening shared
    dated = docs(replace(MIAMI, published=datetime(2024, 5, 6)), replace(MIAMI_TOO, published=datetime(2024, 5, 6)),
                 use_dates=True)
    assert dated[0].features.day == dated[1].features.day
    assert C.agreement(*dated) >= 2


def test_reports_that_agree_pay_part_of_the_background_only():
    """Two reports of one arrest on a crowded topic (their background: many
    similar reports past them) keep their link when they agree on the day
    and the opening, and lose it when that evidence is not counted."""
    pair, idfs = C.docs_for([MIAMI, MIAMI_TOO], DEFAULT, False)
    crowded = [[0.5] + [0.16] * 12, [0.5] + [0.16] * 12]  # each one's best similarities, as the index keeps them
    edges = {(0, 1): 0.5}
    s = replace(DEFAULT, what_penalty=1.0)
    together, _ = C.corrected_clusters(pair, edges, {}, crowded, s, idfs)
    apart, _ = C.corrected_clusters(pair, edges, {}, crowded, replace(s, agreement_needed=9), idfs)
    assert [sorted(c.members) for c in together] == [[0, 1]]
    assert sorted(sorted(c.members) for c in apart) == [[0], [1]]


def test_one_arrest_in_other_words_is_one_event_and_the_other_arrest_another():
    """Without dates: the Miami arrest told by two outlets in other words
    (no word of one headline's happening in the other's) joins; the star's
    arrest in Atlanta on another weekday, sharing the name, stays apart."""
    events = group_events([MIAMI, ATLANTA, MIAMI_TOO], use_dates=False)
    assert sorted(sorted(e.article_ids) for e in events) == sorted([sorted((MIAMI.id, MIAMI_TOO.id)), [ATLANTA.id]])
