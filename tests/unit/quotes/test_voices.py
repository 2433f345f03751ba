"""The voices of an event (reader/core/quotes/event_voices.py): speakers merged
across reports, how much each report quotes them, and the quotations two
reports give differently; on reports written for the tests and on the seeds."""

from __future__ import annotations

import pytest

from reader.core.entities import extract
from reader.core.quotes.event_voices import column, describe, event_voices
from tests.factories import make_article

DOWDEN_A = ('Oliver Dowden, the deputy prime minister, told MPs on Monday: "We will not tolerate any attempt '
            'to interfere in our elections." He added that the sanctions were "only the start".')
DOWDEN_B = '"We will not tolerate any attempt to interfere in our elections," Mr Dowden said in the Commons.'
COFFEY_C = '"We will never tolerate any attempt to meddle in our elections," Theresa Coffey said on Monday.'


def voices(*articles):
    return event_voices(list(articles), lambda a: extract(a.text, "rules"))


def speaker(found, name):
    return next(s for s in found.speakers if s.speaker == name)


def test_a_surname_in_one_report_is_the_full_name_in_another():
    found = voices(make_article("a", DOWDEN_A, source="Wire"), make_article("b", DOWDEN_B, source="Daily"))
    dowden = speaker(found, "Oliver Dowden")
    assert dowden.names == {0: "Oliver Dowden", 1: "Dowden"}
    assert [dowden.count(0), dowden.count(1)] == [2, 1]
    # words: the tokens of what is quoted, 11 of the statement, 6 of the clause reported after "added that"
    assert [dowden.words(0), dowden.words(1)] == [17, 11]
    assert [s.speaker for s in found.speakers] == ["Oliver Dowden"]
    assert found.disagreements == ()  # the same words, the same speaker


def test_a_surname_that_fits_two_people_is_given_to_neither():
    found = voices(
        make_article("a", "Roy Moore, the mayor, said the harbour would reopen next week.", source="Wire"),
        make_article("b", '"The harbour will reopen on Tuesday," said Mary Moore, the harbour master.', source="Daily"),
        make_article("c", 'Mr Moore said he was "confident" about the plan.', source="Gazette"),
    )
    assert {s.speaker for s in found.speakers} == {"Roy Moore", "Mary Moore", "Moore"}
    assert speaker(found, "Moore").names == {2: "Moore"}


def test_a_surname_is_not_given_to_a_name_with_junior():
    found = voices(
        make_article("a", '"The meeting was about adoptions," Donald Trump Jr. said on Sunday.', source="Wire"),
        make_article("b", 'Mr Trump said the meeting was a waste of time.', source="Daily"),
    )
    assert {s.speaker for s in found.speakers} == {"Donald Trump Jr.", "Trump"}


def test_one_statement_given_to_two_speakers_in_other_words():
    found = voices(make_article("a", DOWDEN_A, source="Wire"), make_article("b", DOWDEN_B, source="Daily"),
                   make_article("c", COFFEY_C, source="Gazette"))
    pairs = [(d.a, d.b) for d in found.disagreements]
    assert pairs == [(0, 2), (1, 2)]
    first = found.disagreements[0]
    assert first.kinds == ("attribution", "quote")
    assert (first.speaker_a, first.speaker_b) == ("Oliver Dowden", "Theresa Coffey")
    assert first.change.removed == ("not", "interfere") and first.change.added == ("never", "meddle")
    line = describe(first)
    assert "A gives it to Oliver Dowden, C to Theresa Coffey" in line and "\u201cnot interfere\u201d" in line


def test_a_shared_phrase_is_not_one_statement():
    # two statements on one topic share "malicious cyber activity"; and one quoted word is a description
    a = make_article("a", '"The UK will not tolerate malicious cyber activity," Oliver Dowden said. '
                          'The government called the campaign "malicious".', source="Wire")
    b = make_article("b", 'China said it "firmly opposes all forms of malicious cyber activity" and denied it. '
                          'Lin Jian said the attacks were "malicious cyber activity will not be tolerated" nonsense.',
                     source="Daily")
    found = voices(a, b)
    assert not any("attribution" in d.kinds for d in found.disagreements), found.disagreements


def test_a_quotation_without_a_speaker_is_no_disagreement():
    a = make_article("a", DOWDEN_B, source="Wire")
    b = make_article("b", 'The statement read: "We will not tolerate any attempt to interfere in our elections."',
                     source="Daily")
    found = voices(a, b)
    assert found.disagreements == ()
    assert found.speakers[-1].speaker is None and found.speakers[-1].label == "speaker unknown"
    assert found.speakers[-1].count(1) == 1


def test_the_json_holds_every_report_and_speaker():
    found = voices(make_article("a", DOWDEN_A, source="Wire"), make_article("b", "No one was quoted here.", source=""),
                   make_article("c", COFFEY_C, source="Gazette"))
    out = found.as_dict()
    assert [r["id"] for r in out["reports"]] == ["a", "b", "c"]
    assert out["reports"][1] == {"id": "b", "source": None, "title": "b", "quotes": 0}
    row = next(s for s in out["speakers"] if s["speaker"] == "Oliver Dowden")
    assert row["quotes"] == [2, 0, 0] and row["names"] == ["Oliver Dowden", None, None] and row["type"] == "PERSON"
    (d,) = out["disagreements"]
    assert d["a"]["id"] == "a" and d["b"]["id"] == "c" and d["a"]["speaker"] == "Oliver Dowden"
    assert d["kinds"] == ["attribution", "quote"] and d["added"] == ["never", "meddle"]


@pytest.mark.parametrize("n, label", [(0, "A"), (25, "Z"), (26, "R27")])
def test_column_labels(n, label):
    assert column(n) == label


def test_a_speaker_named_only_by_a_pronoun_or_a_description_is_no_disagreement():
    # the extractor's guess for "he" or "a spokeswoman for …" may be wrong; the reports may well agree
    a = make_article("a", DOWDEN_A, source="Wire")
    c = make_article("c", 'Theresa Coffey arrived late. "We will never tolerate any attempt to meddle in our '
                          'elections," she said on Monday.', source="Gazette")
    found = voices(a, c)
    (d,) = found.disagreements
    assert d.change.b.speaker == "Theresa Coffey" and d.change.b.speaker_text == "she"
    assert d.kinds == ("quote",)  # the other words stay listed; the other speaker does not


def test_one_surname_with_two_given_names_is_one_person():
    a = make_article("a", '"They will put the violent criminal organisations back in charge," said Michael Elliott.',
                     source="Wire")
    b = make_article("b", '"They will put the violent criminal organisations back in charge," said Mike Elliott.',
                     source="Daily")
    assert voices(a, b).disagreements == ()


def test_spacing_and_full_stops_are_not_other_words():
    a = make_article("a", '"We will examine how the bill might affect our work force and the I.R.S. rules," '
                          'said Mark Emmert.', source="Wire")
    b = make_article("b", '"We will examine how the bill might affect our workforce and the IRS rules," '
                          'said Mark Emmert.', source="Daily")
    c = make_article("c", '"We will examine how the bill might hurt our workforce and the IRS rules," '
                          'said Mark Emmert.', source="Gazette")
    found = voices(a, b, c)
    assert [(d.a, d.b) for d in found.disagreements] == [(0, 2), (1, 2)]  # a and b: the same words
    ac, bc = found.disagreements
    assert (bc.change.removed, bc.change.added) == (("affect",), ("hurt",))
    assert "hurt" in ac.change.added  # where a real difference is listed, the spelling shows beside it


def test_the_seeds_event(seeded):
    (event,) = [e for e in seeded.events() if not e.reported_once]
    found = seeded.voices(event)
    sources = [r.source for r in found.reports]
    dowden = speaker(found, "Oliver Dowden")
    assert sum(1 for k in range(len(sources)) if dowden.count(k)) == 4  # every report but the one of one quotation
    # one misspelling across outlets is one speaker, named as most of their quotations name them
    loughton = speaker(found, "Tim Loughton")
    assert set(loughton.names.values()) == {"Tim Loughton", "Tim Laughton"}
    # outlet D rewords the US prosecutors' words inside the quotation marks, word by word
    (d,) = found.disagreements
    assert d.kinds == ("quote",) and {sources[d.a], sources[d.b]} == {"BBC News", "Unknown outlet D"}
    assert "procedures" in d.change.removed + d.change.added and "designed" in d.change.removed + d.change.added
