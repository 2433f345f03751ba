"""The built-in rules extractor: spans and types on small hand-written texts."""

from __future__ import annotations

import pytest

from reader.core.entities import TYPES, Mention, extract, get_extractor


def found(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.type) for m in extract(text, "rules")]


def of_type(text: str, type_: str) -> list[str]:
    return [m.text for m in extract(text, "rules") if m.type == type_]


def test_offsets_point_into_the_text_and_types_are_known():
    text = "On Monday, Foreign Minister Penny Wong flew from Canberra to Beijing."
    mentions = extract(text, "rules")
    assert mentions
    for m in mentions:
        assert isinstance(m, Mention)
        assert text[m.start : m.end] == m.text
        assert m.type in TYPES
        assert m.canonical
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)


def test_titles_are_outside_a_persons_span_and_mark_a_person():
    assert found("Deputy Prime Minister Oliver Dowden spoke.") == [("Oliver Dowden", "PERSON")]
    assert found("Yesterday Sir Iain Duncan Smith and Mr. Tim Loughton left.") == [
        ("Iain Duncan Smith", "PERSON"),
        ("Tim Loughton", "PERSON"),
    ]
    # a one-word name is a person when a title stands before it
    assert found("Critics said Mr Zorblatt was wrong.") == [("Zorblatt", "PERSON")]


def test_a_run_with_a_title_in_the_middle_splits():
    assert found("The SNP MP Stewart McDonald objected.") == [("SNP", "ORG"), ("Stewart McDonald", "PERSON")]
    assert found("The British Foreign Secretary David Cameron replied.") == [
        ("British", "NORP"),
        ("David Cameron", "PERSON"),
    ]


def test_roles_alone_are_not_entities():
    assert found("The Prime Minister met MPs and Members of Parliament.") == []
    assert found("The Foreign Secretary and the Deputy PM disagreed.") == []


def test_sentence_initial_common_words_are_not_entities():
    text = "The talks failed. But nobody left. Additionally, officials said so. Property was seized."
    assert found(text) == []


def test_a_sentence_initial_word_is_a_name_when_the_text_says_so():
    text = "Mr Laughton spoke first. Laughton then warned of more attacks."
    assert found(text) == [("Laughton", "PERSON"), ("Laughton", "PERSON")]


def test_organisation_suffixes():
    text = "Acme Widgets Ltd, the Electoral Commission, the Green Party and the 1922 Committee met."
    assert of_type(text, "ORG") == ["Acme Widgets Ltd", "Electoral Commission", "Green Party", "1922 Committee"]
    assert of_type(text, "DATE") == []  # 1922 is part of a name here


def test_organisation_names_with_of_and_and_and_legal_suffixes():
    assert of_type("Staff at the Bank of England agreed.", "ORG") == ["Bank of England"]
    assert of_type("It works for Wuhan Xiaoruizhi Science and Technology Company Ltd now.", "ORG") == [
        "Wuhan Xiaoruizhi Science and Technology Company Ltd"
    ]
    assert of_type("It works for Wuhan Xiaoruizhi Technology Co., Ltd., a firm.", "ORG") == [
        "Wuhan Xiaoruizhi Technology Co., Ltd."
    ]


def test_a_name_before_a_lower_case_organisation_word_is_an_organisation():
    assert found("The Defending Democracy taskforce found them.") == [("Defending Democracy", "ORG")]


def test_acronyms_are_organisations_but_roles_and_places_are_not():
    assert found("Analysts blamed APT31 and MI5 agreed.") == [("APT31", "ORG"), ("MI5", "ORG")]
    assert found("Several MPs and the PM met a CEO.") == []
    assert found("Officials in the UK and the US agreed.") == [("UK", "PLACE"), ("US", "PLACE")]


def test_gazetteer_places_and_groups():
    text = "Chinese hackers hit New Zealand, Australia and Wuhan; Uyghur Muslim groups in Xinjiang protested."
    assert found(text) == [
        ("Chinese", "NORP"),
        ("New Zealand", "PLACE"),
        ("Australia", "PLACE"),
        ("Wuhan", "PLACE"),
        ("Uyghur Muslim", "NORP"),
        ("Xinjiang", "PLACE"),
    ]


def test_hyphenated_compounds():
    text = "A UK-based lawyer, China-linked groups, Chinese-backed attacks and Sino-UK ties."
    assert found(text) == [("UK", "PLACE"), ("China", "PLACE"), ("Chinese", "NORP"), ("UK", "PLACE")]
    assert found("Delegates of the Inter-Parliamentary Alliance on China met.") == [
        ("Inter-Parliamentary Alliance on China", "ORG")
    ]


def test_quoted_phrases_are_not_names():
    assert found("Leaders hoped for a “Golden Age” and feared a “Wolf Warrior”.") == []


def test_laws_and_schemes_are_not_entities_but_a_body_inside_is():
    assert found("He was held under the Official Secrets Act.") == []
    assert of_type("They backed the UN Security Council Resolution on Gaza.", "ORG") == ["UN Security Council"]


def test_a_name_glued_to_the_next_word_is_cut_free():
    assert of_type("The attack on the Electoral Commissionthat occurred in 2021.", "ORG") == ["Electoral Commission"]


def test_dates():
    text = "Between August 2021 and 25 March 2024, on Monday, at Easter, in May, in the 1990s, at 3pm."
    assert of_type(text, "DATE") == ["August 2021", "25 March 2024", "Monday", "Easter", "May", "1990s", "3pm"]
    assert of_type("Theresa May said it was over.", "DATE") == []
    # relative words stay outside; vague times are no dates
    assert of_type("It happened last August, in recent years, a few years ago.", "DATE") == ["August"]


def test_durations_with_a_numeral_are_dates():
    assert of_type("They targeted critics for nearly 14 years.", "DATE") == ["14 years"]


def test_money_and_percentages():
    text = "It paid £2.5m, then $40bn and 300 euros, about 12% or 40 per cent, up 0.25 percentage points."
    assert of_type(text, "MONEY") == ["£2.5m", "$40bn", "300 euros"]
    assert of_type(text, "PERCENT") == ["12%", "40 per cent", "0.25 percentage points"]


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("The data of 40 million voters was accessed.", "40 million voters"),
        ("Two people and a company were sanctioned.", "Two people"),
        ("The same two Chinese nationals were charged.", "two Chinese nationals"),
        ("He briefed about 40 Conservative MPs for an hour.", "40 Conservative MPs"),
        ("Emails across six by-elections were read.", "six by-elections"),
        ("It accessed millions of voters’ details.", "millions of voters"),
        ("Tens of thousands of protesters marched.", "Tens of thousands of protesters"),
        ("The road runs for 300 km along the coast.", "300 km"),
    ],
)
def test_numbers_carry_the_noun_they_count(text, quantity):
    assert of_type(text, "QUANTITY") == [quantity]


def test_a_number_that_counts_nothing_named_is_cardinal():
    assert of_type("They are among a group of seven facing charges.", "CARDINAL") == ["seven"]
    assert of_type("Sir Iain and Mr Loughton are just two.", "CARDINAL") == ["two"]
    assert found("One of the most serious attacks hit one company.") == []


def test_a_nationality_inside_a_quantity_is_still_a_group():
    assert found("Nine English people were sanctioned.") == [("Nine English people", "QUANTITY"), ("English", "NORP")]


def test_headlines_in_capitals_are_not_read_as_acronyms():
    assert of_type("CHINA HACKED THE ELECTORAL COMMISSION, SAYS UK", "ORG") == []


def test_the_rules_extractor_is_named_and_needs_no_model():
    ex = get_extractor("rules")
    assert ex.name == "rules"
    assert ex.extract("") == []
    assert extract("   \n\n ", "rules") == []


@pytest.mark.parametrize("text", [
    "Rubio said Obama was wrong. It was the Obama administration's choice. Obama left.",
    "As president, he won. President Obama has mistaken the rules. Later Obama left.",  # a title opening a sentence
])
def test_a_surname_with_a_sign_of_a_person_is_one_throughout(text):
    assert {m.type for m in extract(text, "rules") if m.text == "Obama"} == {"PERSON"}


@pytest.mark.parametrize("text", [
    "Members of the House voted. The members left.",  # a plural title before "of": no name after it
    "Senior administration officials said so. A senior aide agreed.",  # a common word before "administration"
])
def test_those_signs_take_no_common_word_for_a_person(text):
    assert of_type(text, "PERSON") == []


@pytest.mark.parametrize("text", [
    "Doctors said Vance, R-Calif., was hurt. Later Vance left the ward.",  # a lawmaker's party and state
    "Doctors said Vance (D-N.Y.) was hurt. Later Vance left the ward.",
    "Doctors said Vance (R-TX) was hurt. Later Vance left the ward.",
    "Doctors said Vance, 49, was hurt. Later Vance left the ward.",  # an age
])
def test_what_news_writes_after_a_name_makes_it_a_person_s_and_no_name_itself(text):
    assert [(m.text, m.type) for m in extract(text, "rules") if m.type != "CARDINAL"] == [
        ("Vance", "PERSON"), ("Vance", "PERSON")]


def test_a_hyphenated_nickname_is_no_party_and_state():
    assert of_type("Dealers with names like Smoothie, D-Money and Shifty came.", "PERSON") == []


def test_a_whip_is_a_title():  # the chamber before it goes as it does before "Majority Leader"
    assert found("House Majority Whip Kevin Vance spoke.") == found("House Majority Leader Kevin Vance spoke.") == [
        ("Kevin Vance", "PERSON")]


@pytest.mark.parametrize("text,thing", [
    ("Donald Vance spoke. The Vance Campaign said the Vance campaign would win.", "Vance Campaign"),
    ("Mr. Vance spoke. He planned a Vance Tower Moscow, a tower in Moscow.", "Vance Tower Moscow"),
    ("Mitt Vance and Paul Ryan ran. The Vance-Ryan Medicare plan cuts Medicare.", "Vance-Ryan Medicare"),
])
def test_a_thing_named_after_a_person_is_no_person_and_takes_no_surname(text, thing):
    ms = extract(text, "rules")
    assert [m.type for m in ms if m.text == thing] == ["ORG"]
    assert all(m.canonical != thing for m in ms if m.text != thing)  # "Moscow", "Vance" keep their own


def test_a_given_name_that_is_someone_else_s_surname_stays_a_person():
    text = "Paul Ryan and Rand Paul met Ryan Zinke and Paul D. Ryan."
    assert of_type(text, "PERSON") == ["Paul Ryan", "Rand Paul", "Ryan Zinke", "Paul D. Ryan"]


@pytest.mark.parametrize("text,place", [
    ("SPRINGVALE, Conn. — The governor spoke on Monday.", "SPRINGVALE"),
    ("Intro.\n\nSPRING HEIGHTS, N.J. -- The governor spoke.", "SPRING HEIGHTS"),
    ("SPRINGVALE – The governor spoke on Monday.", "SPRINGVALE"),
])
def test_a_dateline_in_capitals_is_a_place(text, place):
    assert (place, "PLACE") in found(text)


@pytest.mark.parametrize("text", [
    "Intro.\n\nUPDATE: The governor spoke.",
    "Intro.\n\nUPDATE - May 30: The governor spoke.",
    "The story is 100% FALSE, he wrote, and false it stays.",
])
def test_a_word_in_capitals_is_no_acronym(text):
    assert of_type(text, "ORG") == []


def test_a_word_with_a_capital_inside_that_speaks_is_no_person_unless_a_particle_explains_it():
    assert of_type("Later WikiLeaks wrote that it had the files. WikiLeaks wrote again.", "PERSON") == []
    assert of_type("Later DeSantis wrote back. McCain said no.", "PERSON") == ["DeSantis", "McCain"]
    assert of_type("The vote was close. FitzGerald said no. ElBaradei said yes.", "PERSON") == ["FitzGerald", "ElBaradei"]
    assert of_type("Later BuzzFeed wrote that it had the files.", "PERSON") == []


@pytest.mark.parametrize("text,name", [
    ("Crowds queued at Chick-fil-A restaurants on Wednesday.", "Chick-fil-A"),
    ("She moved to Stratford-upon-Avon in June.", "Stratford-upon-Avon"),
])
def test_one_lower_case_word_between_hyphens_keeps_one_name(text, name):
    assert [m.text for m in extract(text, "rules") if m.type not in ("DATE",)] == [name]
