"""Normalisation: the spellings of one entity tied to one canonical name,
within a text and across articles; near-identical spellings linked as
variants with a score."""

from __future__ import annotations

import pytest

from reader.core.entities import Entity, extract, find_variants, group, index_terms, link_across, merge, search_names
from reader.core.entities.normalise import abbreviates


def canon(text: str, surface: str) -> set[str]:
    """The canonical names given to the mentions written as `surface`."""
    return {m.canonical for m in extract(text, "rules") if m.text == surface}


def test_mr_dowden_oliver_dowden_and_dowden_are_one_person():
    text = "Oliver Dowden spoke. Mr Dowden said it was serious, and Dowden left."
    [person] = [e for e in group(extract(text, "rules")) if e.type == "PERSON"]
    assert person.canonical == "Oliver Dowden"
    assert person.count == 3
    assert set(person.aliases) == {"Oliver Dowden", "Dowden"}


def test_sir_iain_is_iain_duncan_smith():
    text = "Sir Iain Duncan Smith was targeted. Sir Iain said the West must wake up."
    assert canon(text, "Iain") == {"Iain Duncan Smith"}


def test_a_surname_shared_by_two_people_goes_to_the_one_written_most():
    text = "David Cameron and Samantha Cameron arrived. David Cameron spoke. Cameron left."
    assert canon(text, "Cameron") == {"David Cameron"}


def test_apt31_is_advanced_persistent_threat_group_31():
    # defined in place, in parentheses
    text = "They work for Advanced Persistent Threat Group 31 (APT31). APT31 denies it."
    assert canon(text, "APT31") == {"Advanced Persistent Threat Group 31"}
    # and by initials alone, the number included
    text = "APT31 was named. Advanced Persistent Threat Group 31 is a cyber espionage group."
    assert canon(text, "APT31") == {"Advanced Persistent Threat Group 31"}


def test_acronym_initials():
    assert abbreviates("APT31", "Advanced Persistent Threat Group 31")
    assert abbreviates("SNP", "Scottish National Party")
    assert not abbreviates("APT40", "Advanced Persistent Threat Group 31")
    assert not abbreviates("BBC", "Bank of England")


@pytest.mark.parametrize("surface", ["UK", "United Kingdom", "Britain", "U.K."])
def test_uk_united_kingdom_and_britain_are_one_place(surface):
    text = f"Hackers targeted {surface} last year."
    assert canon(text, surface) == {"United Kingdom"}


@pytest.mark.parametrize("surface", ["U.S.", "US", "United States", "USA"])
def test_us_and_united_states_are_one_place(surface):
    text = f"Prosecutors in the {surface} charged seven people."
    assert canon(text, surface) == {"United States"}


def test_variant_spellings_of_a_group_share_a_canonical():
    assert canon("The Uighur minority protested.", "Uighur") == canon("The Uyghur minority protested.", "Uyghur")


def test_group_counts_and_orders_by_mentions():
    text = "China denied it. Beijing said China was innocent. China again."
    entities = group(extract(text, "rules"))
    assert [(e.canonical, e.count) for e in entities] == [("China", 3), ("Beijing", 1)]


def articles() -> list[list[Entity]]:
    texts = [
        "Deputy Prime Minister Oliver Dowden said Britain would act against APT31.",
        "Mr Dowden said the UK would act. Former minister Tim Loughton agreed.",
        "The Advanced Persistent Threat Group 31 was named by the United Kingdom. Tim Laughton spoke.",
    ]
    return [group(extract(t, "rules")) for t in texts]


def test_link_across_ties_one_entity_across_articles():
    links = link_across(articles())
    assert links["Dowden"] == "Oliver Dowden"  # an article that only says "Mr Dowden"
    assert links["UK"] == links["Britain"] == "United Kingdom"
    assert links["APT31"] == "Advanced Persistent Threat Group 31"  # never written together
    # variants are linked, not merged
    assert links["Tim Loughton"] == "Tim Loughton"
    assert links["Tim Laughton"] == "Tim Laughton"


def test_merge_counts_documents():
    merged = {e.canonical: e for e in merge(articles())}
    assert merged["Oliver Dowden"].documents == 2
    assert merged["Oliver Dowden"].count == 2
    assert merged["United Kingdom"].documents == 3
    assert set(merged["United Kingdom"].aliases) == {"United Kingdom", "Britain", "UK"}


def test_a_surname_shared_by_two_full_names_in_a_corpus_is_not_linked():
    lists = [group(extract(t, "rules")) for t in ("Jane Smith spoke.", "John Smith spoke.", "Mr Smith spoke.")]
    links = link_across(lists)
    assert links["Smith"] == "Smith"


def person(name: str, *aliases: str) -> Entity:
    return Entity(name, "PERSON", (name, *aliases), 1)


def test_variants_are_found_with_scores():
    a = [person("Tim Loughton"), person("Stewart McDonald"), person("Iain Duncan Smith", "Iain")]
    b = [person("Tim Laughton"), person("Stewart Macdonald"), person("Ian")]
    variants = {(v.a, v.b): v for v in find_variants(a, b)}
    assert set(variants) == {
        ("Tim Loughton", "Tim Laughton"),
        ("Stewart McDonald", "Stewart Macdonald"),
        ("Iain Duncan Smith", "Ian"),
    }
    for v in variants.values():
        assert v.type == "PERSON"
        assert 0.6 <= v.score <= 1.0
    # one letter in a long word is surer than one letter in a short one
    assert variants[("Stewart McDonald", "Stewart Macdonald")].score > variants[("Iain Duncan Smith", "Ian")].score


def test_a_one_word_name_is_compared_with_a_full_names_first_word():
    [v] = find_variants([person("Iain Duncan Smith")], [person("Ian")])
    assert (v.a, v.b) == ("Iain Duncan Smith", "Ian")


def test_closer_spellings_score_higher():
    base = [person("Tim Loughton")]
    near = find_variants(base, [person("Tim Laughton")])[0].score
    far = find_variants(base, [person("Tim Lawton")])
    assert not far or far[0].score < near


def test_not_variants():
    a = [
        Entity("APT31", "ORG", ("APT31",), 1),
        Entity("Austria", "PLACE", ("Austria",), 1),
        Entity("Oliver Dowden", "PERSON", ("Oliver Dowden", "Dowden"), 1),
        Entity("August 2021", "DATE", ("August 2021",), 1),
        person("Sam Francis"),
    ]
    b = [
        Entity("APT40", "ORG", ("APT40",), 1),  # another number: another group
        Entity("Australia", "PLACE", ("Australia",), 1),  # both known, and different
        person("Dowden"),  # an alias, linked, not a variant
        Entity("August 2022", "DATE", ("August 2022",), 1),  # numbers and dates have no variants
        person("Pope Francis"),  # a shared word, no misspelling
    ]
    assert find_variants(a, b) == []


def test_variants_within_one_article():
    text = (
        "The Electoral Commission was hacked. Former minister Tim Laughton and SNP's Stewart Macdonald spoke. "
        "Mr McDonald said more. Since then, the Election Commission has taken steps."
    )
    entities = group(extract(text, "rules"))
    pairs = {frozenset((v.a, v.b)) for v in find_variants(entities, entities)}
    assert frozenset(("Electoral Commission", "Election Commission")) in pairs
    assert frozenset(("Stewart Macdonald", "McDonald")) in pairs
    assert all(len(p) == 2 for p in pairs)


def test_index_terms_hold_canonical_names_and_aliases_once():
    entities = group(extract("Britain and the UK met Mr Dowden and Oliver Dowden on Monday.", "rules"))
    terms = index_terms(entities)
    assert set(terms) == {"United Kingdom", "Britain", "UK", "Oliver Dowden", "Dowden"}
    assert len(terms) == len({t.casefold() for t in terms})


def test_search_names_expand_a_name_to_its_aliases():
    links = link_across(articles())
    names = search_names("Oliver Dowden", links)
    assert "Oliver Dowden" in names and "Dowden" in names
    assert "United Kingdom" in search_names("UK")


def test_an_organisation_s_head_word_alone_takes_the_one_name_it_ends():
    text = "The New York Times reported it. A Times editor said the Times stood by it."
    assert {m.text: m.canonical for m in extract(text, "rules")}["Times"] == "New York Times"
    two = "The Senate Intelligence Committee and the House Ethics Committee met. The Committee said no."
    assert {m.text: m.canonical for m in extract(two, "rules")}.get("Committee", "Committee") == "Committee"
