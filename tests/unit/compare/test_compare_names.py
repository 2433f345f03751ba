"""The comparison's entities (compare/names.py): one entity named in both reports is shared,
however each report's rules typed a lone word."""

from __future__ import annotations

from reader.core.compare.comparison import compare
from tests.factories import make_article


def test_a_lone_surname_typed_for_want_of_a_sign_is_the_person_the_other_report_names():
    a = make_article("a", "It is not Vance's war. Critics attacked Vance again.", source="A")
    b = make_article("b", "Mitt Vance spoke on Monday. Later Vance left.", source="B")
    for c in (compare(a, b), compare(b, a)):
        assert [(e.canonical, e.type) for e in c.shared] == [("Mitt Vance", "PERSON")]
        assert not c.only_a and not c.only_b


def test_a_known_organisation_is_no_person_s_surname():
    a = make_article("a", "The Pentagon said no. Critics attacked the Pentagon again.", source="A")
    b = make_article("b", "Mitt Pentagon spoke on Monday. Later Pentagon left.", source="B")
    assert not [e for e in compare(a, b).shared if e.type == "PERSON"]


def test_a_surname_alone_is_the_one_full_name_of_the_other_report_it_ends():
    a = make_article("a", "President Vance spoke on Monday.", source="A")
    b = make_article("b", "Mitt Vance spoke on Monday.", source="B")
    assert [(e.canonical, e.type) for e in compare(a, b).shared] == [("Mitt Vance", "PERSON")]
    c = make_article("c", "Mitt Vance and Ann Vance spoke on Monday.", source="C")
    assert not [e for e in compare(a, c).shared if e.type == "PERSON"]  # which Vance: neither


def test_a_lone_word_is_neither_of_two_people_even_where_the_other_report_linked_its_own_to_one():
    b = make_article("b", "Mitt Vance and Ann Vance spoke on Monday. Later Vance left.", source="B")
    for text in ("It is not Vance's war. Critics attacked Vance again.", "President Vance spoke on Monday."):
        a = make_article("a", text, source="A")
        for c in (compare(a, b), compare(b, a)):
            assert not c.shared, text
            assert {e.canonical for e in c.only_a + c.only_b} == {"Vance", "Mitt Vance", "Ann Vance"}, text


def test_a_middle_name_one_report_writes_makes_no_other_person():
    a = make_article("a", "Hillary Rodham Vance spoke on Monday.", source="A")
    b = make_article("b", "Hillary Vance spoke on Monday.", source="B")
    assert [e.canonical for e in compare(a, b).shared] == ["Hillary Rodham Vance"]
    c = make_article("c", "Hillary Jane Vance spoke on Monday.", source="C")
    assert not compare(a, c).shared  # two middle names: two people
