"""Kinds of speaker error the voices of BASIL showed (bench/voices_quality.py): a place that
only says where the one named comes from is no speaker ("Sen. Kamala Harris of California"),
nor is a dateline ("WASHINGTON — President Trump ..."), and a middle initial makes no other
person ("Susan E. Rice" / "Susan Rice")."""

from __future__ import annotations

import pytest

from reader.core.entities import extract
from reader.core.quotes import attribution, extract_quotes
from reader.core.quotes.event_voices import event_voices
from tests.factories import make_article


def speaker_of(text: str) -> str | None:
    found = extract_quotes(text, extract(text, "rules"))
    assert len(found) == 1, found
    return found[0].speaker


@pytest.mark.parametrize(
    "attribution,speaker",
    [
        ("Senator Jane Harwood of Nebraska said", "Jane Harwood"),
        ("House leader Tom Bradley of Oregon said", "Tom Bradley"),
        ("A spokesman for Greyfield College in Vermont said", "Greyfield College"),
        ("A spokeswoman for a congressman from Tennessee said", None),  # a description: nobody named
        ("Political observers in Arizona said", None),
        ("Officials in Nebraska said", "Nebraska"),  # they stand for it, as "Nebraska officials" do
        ("Nebraska said", "Nebraska"),  # a state as a party
    ],
)
def test_a_place_after_the_name_says_where_they_are_from(attribution, speaker):
    text = f'{attribution} on Monday that "the new budget will not pass in its current form this year."'
    assert speaker_of(text) == speaker


@pytest.mark.parametrize("dash", ["—", "―", "-", "(Reuters) —"])
def test_a_dateline_is_no_speaker(dash):
    text = (f"WASHINGTON {dash} President Mary Ellison on Tuesday renewed her attack on the court, and said "
            'the ruling was "a victory for every farmer in this state."')
    assert speaker_of(text) == "Mary Ellison"


def voices(*texts: str):
    articles = [make_article(str(i), t, source=f"Outlet {i}") for i, t in enumerate(texts)]
    return event_voices(articles, lambda a: extract(a.text, "rules"))


def test_a_middle_initial_makes_no_other_person():
    # "Susan Rice" fits both longer names; the one it differs from by an initial only is hers
    found = voices(
        '"The talks will resume in the spring," Susan E. Rice said on Monday.',
        'National Security Adviser Susan Rice said the talks were "going well".',
        '"We expect an agreement soon," Susan Rice told reporters.',
    )
    names = {s.speaker: dict(s.names) for s in found.speakers if s.speaker}
    rice = next(n for n in names.values() if "Susan E. Rice" in n.values())
    assert "Susan Rice" in rice.values()
    assert sum("Susan Rice" in n.values() for n in names.values()) == 1


def test_two_middle_initials_apart_are_two_people():
    found = voices(
        '"The economy is strong," George H. W. Bush said on Monday.',
        '"The economy is weak," George W. Bush said on Tuesday.',
        '"The economy will recover," George Bush said on Friday.',
    )
    assert {s.speaker for s in found.speakers if s.speaker} == {"George H. W. Bush", "George W. Bush", "George Bush"}


@pytest.mark.parametrize("opening", ["NATO-led forces", "U.S.-backed fighters", "COVID-19 cases", "UK-based lenders",
                                     "EU-wide rules"])
def test_hyphenated_capitals_opening_a_paragraph_are_no_dateline(opening):
    assert attribution._datelines(f"{opening} rose on Monday, officials said.") == []


@pytest.mark.parametrize("dateline", ["WASHINGTON (Reuters) -", "LONDON —", "LINCOLN, Neb. (AP) -", "PARIS -",
                                      "WINSTON-SALEM, N.C. —", "BEIRUT―"])
def test_a_dateline_is_still_found(dateline):
    assert attribution._datelines(f"{dateline} Prices rose on Monday.") == [(0, len(dateline))]
