"""Names beyond edit distance (issue 14, item 2): a short form against a full
name, one letter in a known organisation, an organisation reworded, a name
spelled two ways inside one report, and the pairs that must stay apart. The
sentences are written for these tests."""

from __future__ import annotations

from reader.core.compare.comparison import compare
from reader.core.entities import Entity, extract, find_variants, group, name_cues, variants_within
from reader.core.entities.orgnames import reworded, same_stem
from reader.core.models import Article
from tests.factories import make_article


def person(name: str, *aliases: str) -> Entity:
    return Entity(name, "PERSON", (name, *aliases), 1)


def org(name: str, *aliases: str) -> Entity:
    return Entity(name, "ORG", (name, *aliases), 1)


def pairs(variants) -> set[frozenset[str]]:
    return {frozenset((v.a, v.b)) for v in variants}


def entities_of(text: str) -> list[Entity]:
    return group(extract(text, "rules"))


def article(key: str, text: str) -> Article:
    return make_article(key, text)


# --- a short form against the full name ------------------------------------------------
def test_a_surname_spelt_another_way_against_the_full_name():
    [v] = find_variants([person("Alasdair McIntyre")], [person("Macintyre")])
    assert (v.a, v.b) == ("Alasdair McIntyre", "Macintyre")


def test_a_title_and_given_name_spelt_another_way_against_the_full_name():
    [v] = find_variants(entities_of("Dame Hariet said the plan would fail."),
                        entities_of("Dame Harriet Vanstone, the former health secretary, spoke first."))
    assert {v.a, v.b} == {"Hariet", "Harriet Vanstone"}


def test_a_surname_is_never_set_against_another_persons_given_name():
    # "Johnson" is Ron Johnson's surname, not a misspelling of John Kelly's given name
    assert find_variants([person("Ron Johnson", "Johnson")], [person("John Kelly", "Kelly")]) == []


def test_a_one_word_name_that_is_part_of_another_full_name_is_that_person():
    # "Ian" is Ian Blackford's given name: no misspelling of Iain Duncan Smith's
    assert find_variants([person("Ian")], [person("Iain Duncan Smith"), person("Ian Blackford")]) == []
    assert pairs(find_variants([person("Ian")], [person("Iain Duncan Smith")])) == {frozenset(("Ian", "Iain Duncan Smith"))}


def test_a_party_and_state_tag_is_no_name():
    assert find_variants([org("R-La.")], [org("R-Ala.")]) == []


def test_a_place_taken_for_a_person_is_no_variant_of_a_person():
    assert find_variants([Entity("Maine", "PERSON", ("Maine",), 1)], [person("Marie Newman")]) == []


# --- one report ------------------------------------------------------------------------
def test_a_name_spelled_two_ways_inside_one_report():
    text = ("Alasdair McIntyre, who chairs the harbour board, opened the meeting. "
            "Later Mr Macintyre said the dredging would start in May.")
    assert pairs(variants_within(extract(text, "rules"), text)) == {frozenset(("Alasdair McIntyre", "Macintyre"))}


def test_two_people_with_one_surname_in_one_report_stay_apart():
    text = ("Priya Desai, the council leader, said the vote was close. "
            "Her brother Rohan Desai disagreed, and Mr Desai left early.")
    assert variants_within(extract(text, "rules"), text) == []


def test_john_and_joan_in_one_report_are_two_people():
    text = "John Hale opened the bakery in 1990. His sister Joan Hale runs it now."
    assert variants_within(extract(text, "rules"), text) == []
    # a letter added, not changed, is one person spelled two ways
    text = "Clare Whitcombe chairs the trust. The board said on Friday that Claire Whitcombe had not resigned."
    assert frozenset(("Clare Whitcombe", "Claire Whitcombe")) in pairs(variants_within(extract(text, "rules"), text))
    # ... and so is one with an accent dropped
    text = "Raúl Ibarra chairs the trust. The board said on Friday that Raul Ibarra had not resigned."
    assert frozenset(("Raúl Ibarra", "Raul Ibarra")) in pairs(variants_within(extract(text, "rules"), text))


def test_two_spellings_in_one_sentence_are_two_names():
    text = "Tomas Brandt and Thomas Brandt both signed the letter."
    assert variants_within(extract(text, "rules"), text) == []
    assert variants_within(extract(text, "rules")) != []  # without the text there is no sentence to go by


def test_variants_within_has_nothing_to_say_about_numbers_or_an_empty_report():
    assert variants_within([]) == []
    assert variants_within(extract("In 2021 it cost £40 million, in 2022 £41 million.", "rules")) == []


# --- two reports: context that says two people -------------------------------------------
def test_john_and_joan_across_two_reports_apart_where_the_texts_say_man_and_woman():
    a_text, b_text = "Mr John Ferris said he would appeal.", "Joan Ferris said she would appeal."
    a_mentions, b_mentions = extract(a_text, "rules"), extract(b_text, "rules")
    a, b = group(a_mentions), group(b_mentions)
    # without context: one of the two reports may have misnamed one person
    assert pairs(find_variants(a, b)) == {frozenset(("John Ferris", "Joan Ferris"))}
    cues_a, cues_b = name_cues(a_mentions, a_text), name_cues(b_mentions, b_text)
    assert cues_a["John Ferris"].gender == "m" and cues_b["Joan Ferris"].gender == "f"
    assert find_variants(a, b, cues_a=cues_a, cues_b=cues_b) == []


def test_name_cues_read_titles_pronouns_and_sentences():
    text = "Dame Ottoline Brack opened the hall. Later, Ottoline Brack said she was pleased. Ravi Patel agreed."
    mentions = extract(text, "rules")
    cues = name_cues(mentions, text)
    assert cues["Ottoline Brack"].female == 2 and cues["Ottoline Brack"].male == 0
    assert cues["Ottoline Brack"].sentences == frozenset({0, 1})
    assert cues["Ravi Patel"].gender is None  # nothing in the text says


# --- organisations known to the gazetteer -------------------------------------------------
def test_one_letter_in_a_known_party_between_two_reports():
    a = entities_of("Labor said it would back the harbour bill.")
    b = entities_of("Labour said it would back the harbour bill.")
    [v] = find_variants(a, b)
    assert {v.a, v.b} == {"Labor", "Labour"} and v.score < 0.9  # less sure than a misspelling of an unknown name


def test_both_known_parties_in_one_report_are_two_parties():
    ents = entities_of("Labour in Britain and Labor in Australia both lost seats.")
    assert find_variants(ents, ents) == []


def test_known_places_and_acronyms_one_letter_apart_stay_apart():
    places = find_variants([Entity("Austria", "PLACE", ("Austria",), 1)], [Entity("Australia", "PLACE", ("Australia",), 1)])
    courts = find_variants([org("ICC")], [org("ICJ")])
    assert places == [] and courts == []


# --- organisations reworded ---------------------------------------------------------------
def test_a_word_added_and_a_legal_suffix():
    [v] = find_variants([org("Kestrel Robotics and Automation Company Ltd.")], [org("Kestrel Automation Co., Ltd.")])
    assert 0.6 <= v.score < 0.75


def test_word_order_another_form_of_a_word_and_another_head():
    a = entities_of("The Coastline Protection Task Force met on Tuesday.")
    b = entities_of("The Committee for Protecting Coastlines met on Tuesday.")
    assert pairs(find_variants(a, b)) == {frozenset(("Coastline Protection Task Force", "Committee for Protecting Coastlines"))}


def test_an_acronym_in_one_report_and_its_name_in_the_other():
    assert pairs(find_variants([org("CPTF")], [org("Coastline Protection Task Force")])) == {
        frozenset(("CPTF", "Coastline Protection Task Force"))
    }


def test_organisations_that_only_look_alike_stay_apart():
    for a, b in [
        ("New York Times", "New York Post"),  # only a place in common
        ("Senate Intelligence Committee", "House Intelligence Committee"),
        ("Republican National Committee", "National Republican Senatorial Committee"),  # rebuilt, not a word added
        ("Social Security", "Social Security Trust Fund"),  # a name grown into another's
        ("Medicare", "Medicaid"),  # one word, two letters
        ("Islam", "Islamic"),  # an ending
        ("DREAM", "Dreamers"),  # an acronym is only set against what it abbreviates
        ("White House", "White House Press"),  # a known name and a part of it
        ("National Security Agency", "FBI and National Security Agency"),  # two names run together
    ]:
        assert find_variants([org(a)], [org(b)]) == [], (a, b)


def test_within_one_report_a_shortened_name_is_no_variant():
    assert reworded("Kestrel Automation Co., Ltd.", "Kestrel Automation", within=True) is None
    assert reworded("Coastline Protection Force", "Protecting Coastlines Force", within=True) is not None


def test_words_that_differ_only_in_form():
    assert same_stem("defend", "defens") and same_stem("democraci", "democrat")
    assert same_stem("coast", "coastal") and not same_stem("dream", "dreamer")
    assert not same_stem("commiss", "committe") and not same_stem("medicar", "medicaid") and not same_stem("tax", "taxi")


def test_group_labels_are_not_variants_of_their_inflections():
    norp = [Entity("Iowa Democrat", "NORP", ("Iowa Democrat",), 1), Entity("Republican", "NORP", ("Republican",), 1)]
    other = [Entity("Iowa Democratic", "NORP", ("Iowa Democratic",), 1), Entity("Republicans", "NORP", ("Republicans",), 1)]
    assert find_variants(norp, other) == []


# --- in the comparison --------------------------------------------------------------------
def test_the_comparison_flags_a_reworded_organisation_and_a_party_spelt_another_way():
    a = article("a", "The Coastline Protection Task Force reported on Tuesday. Labor said it would back the harbour bill.")
    b = article("b", "The Committee for Protecting Coastlines reported on Tuesday. Labour said it would back the harbour bill.")
    found = {frozenset((v.as_dict()["a"], v.as_dict()["b"])) for v in compare(a, b).variants}
    assert found == {
        frozenset(("Coastline Protection Task Force", "Committee for Protecting Coastlines")),
        frozenset(("Labor", "Labour")),
    }


def test_a_surname_with_a_letter_more_at_its_end_is_one_name_misspelt():
    # a surname has no plural nor other ending: "Fontes" / "Fonte" is no "Republicans" / "Republican"
    assert pairs(find_variants([person("Ricardo Fontes", "Fontes")], [person("Ricardo Fonte", "Fonte")])) == {
        frozenset(("Ricardo Fontes", "Ricardo Fonte"))}
    assert pairs(find_variants([person("Jamie Whitlock")], [person("Jamie Whitlocke")])) == {
        frozenset(("Jamie Whitlock", "Jamie Whitlocke"))}
    assert not find_variants([org("Republicans")], [org("Republican")])
