"""Who says what (compare/matrix.py) counts one person once, however the reports write the
name: a middle initial makes no other person ("Adam Schiff" / "Adam B. Schiff", one report's
style against another's), linked across the reports (entities/linking.py); two people told apart
by their initials stay two."""

from __future__ import annotations

from reader.core.compare.comparison import compare
from reader.core.compare.matrix import build_matrix
from reader.core.entities import extract
from tests.factories import make_article


def people(*texts: str) -> dict[str, tuple[int, ...]]:
    articles = [make_article(str(i), t, source=f"Outlet {i}") for i, t in enumerate(texts)]
    m = build_matrix(articles, lambda a: extract(a.text, "rules"))
    return {r.label: r.counts for r in m.rows if r.kind == "entity" and r.type == "PERSON"}


def test_a_middle_initial_in_one_report_is_the_same_person():
    rows = people(
        "Representative Adam B. Schiff said the committee would meet on Monday.",
        "Rep. Adam Schiff said the committee would meet next week. Adam Schiff also spoke on Friday.",
    )
    assert len(rows) == 1 and list(rows.values()) == [(1, 2)], rows


def test_a_iii_one_report_leaves_out_is_the_same_person_and_a_jr_is_his_son():
    """"Robert S. Mueller III" in one report is "Robert Mueller" in another (the
    matrix had two rows, the comparison one); Donald Trump Jr. is not his father."""
    rows = people(
        "The special counsel, Robert S. Mueller III, sent the report on Friday.",
        "Special counsel Robert Mueller sent the report on Friday. Robert Mueller did not speak.",
    )
    assert list(rows.values()) == [(1, 2)], rows
    rows = people("Donald Trump Jr. spoke in Ohio on Monday.", "Donald Trump spoke in Ohio on Monday.")
    assert len(rows) == 2, rows


def test_two_initials_are_two_people_and_the_name_without_one_neither():
    rows = people(
        "George W. Bush spoke in Texas on Monday.",
        "George H. W. Bush spoke in Maine on Tuesday.",
        "George Bush spoke in Ohio on Friday.",
    )
    assert len(rows) == 3, rows


def test_the_comparison_shares_a_name_one_report_writes_with_a_middle_initial():
    a = make_article("a", "Donald J. Trump spoke on Monday. Later Donald Trump left.", source="A")
    b = make_article("b", "Donald Trump spoke on Monday. Adam Schiff did not.", source="B")
    c = make_article("c", "Adam B. Schiff spoke on Monday.", source="C")
    assert {e.canonical for e in compare(a, b).shared if e.type == "PERSON"} == {"Donald J. Trump"}
    assert {e.canonical for e in compare(b, c).shared if e.type == "PERSON"} == {"Adam B. Schiff"}  # the fuller name
