"""The sentence splitter: abbreviations, initials, quotes, ellipses, offsets.

Expectations are written by hand from the sentences themselves."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core import ingest
from reader.core.entities.gazetteer import names
from reader.core.text import lexicon as lx
from reader.core.text.sentences import split_sentences
from reader.core.text.tokens import tokenise
from reader.core.text.words import is_initials

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def seed(prefix: str):
    [found] = [f for f in ingest.discover(SEEDS) if f.path.name.startswith(prefix)]
    return ingest.read_file(found).articles[0]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mr. Dowden spoke. Dr. Who listened.", ["Mr. Dowden spoke.", "Dr. Who listened."]),
        (
            "They work for Wuhan Xiaoruizhi Technology Co., Ltd., and for the group APT31.",
            ["They work for Wuhan Xiaoruizhi Technology Co., Ltd., and for the group APT31."],
        ),
        (
            "The owners of Wuhan Xiaoruizhi Science and Technology Company Ltd. They claim to work for it.",
            ["The owners of Wuhan Xiaoruizhi Science and Technology Company Ltd.", "They claim to work for it."],
        ),
        ("Critics in the U.S. and elsewhere objected.", ["Critics in the U.S. and elsewhere objected."]),
        ("He flew to the U.S. The talks began.", ["He flew to the U.S.", "The talks began."]),
        ("They wo n’t be able to enter. Nor will they stay.", ["They wo n’t be able to enter.", "Nor will they stay."]),
        ("George W. Bush and J. K. Rowling met.", ["George W. Bush and J. K. Rowling met."]),
        ("The Sept. 11 attacks changed it. Nothing else did.", ["The Sept. 11 attacks changed it.", "Nothing else did."]),
        ("He paused... and went on.", ["He paused... and went on."]),
        ("It ended… Then it began again.", ["It ended…", "Then it began again."]),
        ("Is it over? Yes! It is.", ["Is it over?", "Yes!", "It is."]),
        (
            "Mr Dowden said: “The UK will not tolerate it.” “Defending our values is a priority.”",
            ["Mr Dowden said: “The UK will not tolerate it.”", "“Defending our values is a priority.”"],
        ),
        ("“Why?” he asked. Nobody knew.", ["“Why?” he asked.", "Nobody knew."]),
        ("It cost $3.5bn in 2021. Shares fell 2.5%.", ["It cost $3.5bn in 2021.", "Shares fell 2.5%."]),
    ],
)
def test_splits(text, expected):
    assert texts(text) == expected


def test_offsets_point_into_the_text_and_paragraphs_are_counted():
    text = "First one. Second one.\n\nA new paragraph. And another.\n\nHeadline without a stop"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "First one.", "Second one.", "A new paragraph.", "And another.", "Headline without a stop",
    ]
    assert [s.paragraph for s in sentences] == [0, 0, 1, 1, 2]
    assert [s.index for s in sentences] == list(range(5))
    for s in sentences:
        assert text[s.start : s.end] == s.text


def test_a_stray_full_stop_joins_the_sentence_before_it():
    # As 001 prints it: "He was said to have been involved in the operation. ."
    assert texts("He was involved in the operation. . Then he left.") == [
        "He was involved in the operation. .", "Then he left.",
    ]


def test_lower_case_after_a_full_stop_does_not_split():
    # 001: "... in a joint statement. said."
    assert texts("Penny Wong said in a joint statement. said. Then silence.") == [
        "Penny Wong said in a joint statement. said.", "Then silence.",
    ]


def test_seeds_hard_cases():
    s001 = texts(seed("001").text)
    assert (
        "The two Chinese nationals targeted by the sanctions are Zhao Guangzong and Ni Gaobin, who work for "
        "Wuhan Xiaoruizhi Technology Co., Ltd., and work for the Chinese government-affiliated cyber espionage "
        "group APT31." in s001
    )
    assert any(s.startswith("A statement from U.S. prosecutors said they were a hacker group") for s in s001)
    s004 = texts(seed("004").text)
    assert "They wo n’t be able to enter or remain in the UK if there is a travel ban." in s004
    assert (
        "Zhao Guangzong and Ni Gaobin, both from China, are the owners of Wuhan Xiaoruizhi Science and "
        "Technology Company Ltd." in s004
    )
    assert any(s.startswith("They claim to work for the state-affiliated cyber espionage") for s in s004)
    assert "Sir Iain and Mr. Loughton are just two." in s004


def test_empty_text():
    assert split_sentences("") == []
    assert split_sentences("\n\n  \n") == []


# The entity rules' tokens mark where a sentence may start; initials written without a space
# between a given name and a surname end none (tokens._inside_name), by kind, in any script.
@pytest.mark.parametrize("text,word,starts", [
    ("They met George H.W. Bush in Maine.", "Bush", False),
    ("They met Lech Ł.W. Nowak in Gdańsk.", "Nowak", False),
    ("He flew to Washington D.C. Officials said so.", "Officials", True),  # a place's dotted name
    ("Crowds in Albany N.Y. Protesters said so.", "Protesters", True),
    ("They met George H.W. The rest left.", "The", True),  # no surname after the initials
])
def test_initials_inside_a_name_end_no_sentence_for_the_tokens(text, word, starts):
    doc = tokenise(text)
    assert doc.initial[doc.words.index(word)] is starts


@pytest.mark.parametrize("word,initials", [
    ("H.W.", True), ("B.", True), ("Ł.", True), ("U.S.", True), ("a.m.", False), ("B", False), ("Bu.", False)])
def test_the_one_grammar_of_initials(word, initials):
    assert is_initials(word) is initials


def test_every_dotted_name_the_gazetteer_knows_is_no_person_s_initials():
    dotted = {k.upper() for k in names() if "." in k and is_initials(k.upper())}
    assert dotted and dotted <= lx.DOTTED_NAMES
    known = names()
    # the gazetteer's dotted forms come from the lexicon's one list: "U.S." is what "US" is
    assert known["u.s."] == known["us"] and known["f.b.i."] == known["fbi"] and known["u.a.e."] == known["uae"]


def test_a_plural_title_before_two_names_ends_no_sentence():
    from reader.core.text.sentences import split_sentences

    text = "Netanyahu told Sens. Dianne Feinstein and Dick Durbin that he would not meet them. They left."
    assert [s.text for s in split_sentences(text)] == [
        "Netanyahu told Sens. Dianne Feinstein and Dick Durbin that he would not meet them.", "They left."]
    assert len(split_sentences("The bill was backed by Reps. Jim Smith and Ann Lee. It passed.")) == 2
