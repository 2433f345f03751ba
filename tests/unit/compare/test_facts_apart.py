"""Facts between reports that are not one rewritten from the other: a short
report "contained" in a long one (an abridgement, or a few paragraphs
written apart) leaves sources to other sentences, and neither it nor two
reports written apart change a name by writing it more fully. The story is
made up for these tests."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from reader.core.compare.comparison import compare
from reader.core.compare.fact_rules import name_words, one_name
from reader.core.compare.paraphrase import anchored
from reader.core.models import Article

LONG = (
    "The harbour authority of Lindmark closed the eastern pier on Monday after cracks were found in its deck.",
    "Engineers from the regional transport office inspected the pier for six hours before the decision.",
    "Ferries to the islands will leave from the western terminal until the repairs are finished.",
    "“We cannot take any risk with the safety of passengers,” harbour master Ines Vogt said.",
    "The pier was built in 1962 and last renovated twenty years ago.",
    "Local fishermen said the closure would cost them several days of work.",
    "The authority expects the repairs to take at least three months.",
    "A spokesman for the ferry operator said timetables would change from Wednesday.",
    "Some passengers complained about the longer walk to the western terminal.",
    "The city council will discuss the cost of the repairs at its next meeting.",
    "Opposition councillors have called for an independent review of all the harbour's structures.",
    "The last major repair of a pier in Lindmark took place in 2009.",
)


def article(key: str, sentences) -> Article:
    return Article(id=key, origin=key, title=key, text_paragraphs=tuple(sentences), source=key)


def no_entities(_article: Article) -> list:
    return []


def test_a_short_report_that_leaves_the_speaker_of_a_quotation_out_changes_no_attribution():
    quote = "“We cannot take any risk with the safety of passengers.”"
    short = (LONG[0], LONG[2], quote, LONG[6])
    c = compare(article("long", LONG), article("short", short), entities_of=no_entities)
    assert c.lineage.relation == "contained"
    assert [f for f in c.facts if f.kind == "attribution"] == []


def test_a_rewrite_that_drops_the_speaker_of_a_quotation_changes_its_attribution():
    quote = "“We cannot take any risk with the safety of passengers.”"
    rewrite = LONG[:3] + (quote,) + LONG[4:]
    c = compare(article("long", LONG), article("copy", rewrite), entities_of=no_entities)
    assert c.lineage.relation in ("near-copy", "rewrite")
    assert [f.kind for f in c.facts] == ["attribution"]


def test_an_abbreviated_title_is_the_same_role():
    senator = LONG[:3] + (LONG[3].replace("harbour master Ines Vogt", "Senator Ines Vogt"),) + LONG[4:]
    sen = LONG[:3] + (LONG[3].replace("harbour master Ines Vogt", "Sen. Ines Vogt"),) + LONG[4:]
    c = compare(article("a", senator), article("b", sen), entities_of=no_entities)
    assert c.facts == []
    master = compare(article("a", LONG), article("b", sen), entities_of=no_entities)
    assert [f.kind for f in master.facts] == ["role"]  # (and another title is one)


def test_a_name_written_more_fully_is_one_name():
    assert name_words("Robert S. Mueller III") == name_words("Robert Mueller’s") == {"robert", "mueller"}
    assert one_name("James Comey", "James B.")  # the changed words of "James B. Comey"
    assert one_name("NBC's \"Meet", "NBC’s “Meet")
    assert not one_name("Reince Priebus", "Reince Preibus")
    assert not one_name("Muammar al-Qaddafi", "Moammar Gadhafi")


def words(text: str):
    return SimpleNamespace(words=[SimpleNamespace(key=w) for w in text.casefold().split()])


def test_a_change_is_read_only_where_the_words_around_it_agree():
    a, b = words("the worst attack in british history since the war"), words("the deadliest attack in american history")
    assert anchored(a, b, 4, 4)  # "british" / "american": "history" after both
    a, b = words("fox said on cnn that he disagreed"), words("trump gave a speech in arizona")
    assert not anchored(a, b, 3, 5)  # "cnn" / "arizona": nothing around them alike
    a, b = words("all members of the party"), words("all people of the party")
    assert anchored(a, b, 1, 1)  # one slot between the same two words


@pytest.mark.parametrize("surname", ["Vogt", "Jones"])  # (a name the stemmer cuts: "jones", "jone")
def test_two_quotations_of_one_speaker_that_share_nothing_else_are_not_paired(surname):
    from .test_compare_facts import Mention

    def speaker(article: Article) -> list:
        return [Mention(m, article.text.index(m), article.text.index(m) + len(m), "PERSON", f"Ines {surname}")
                for m in (f"Ines {surname}", f"Ms {surname}") if m in article.text]

    a = LONG[:5] + (f"“We have a real problem with the old structures,” Ms {surname} said.",)
    b = LONG[:5] + (f"“That is simply irresponsible talk from the council,” Ms {surname} said.",)
    c = compare(article("a", a), article("b", b), entities_of=speaker)
    last_a, last_b = len(a) - 1, len(b) - 1
    assert not any(last_a in p.a and last_b in p.b for p in c.alignment)  # each said by one report only
    assert any(p.kind == "only_a" and p.a == (last_a,) for p in c.alignment)
    reworded = LONG[:5] + (f"“We have a serious problem with the old structures,” Ms {surname} said.",)
    c = compare(article("a", a), article("b", reworded), entities_of=speaker)
    assert any(last_a in p.a and last_b in p.b for p in c.alignment)  # one quotation, reworded: still a pair


def test_a_number_in_a_quotation_written_in_figures_or_words_is_no_change():
    said = "“There is a one-in-three chance that we could lose the vote,” Ms Vogt said."
    figures = "“There is a 1 in 3 chance that we could lose the vote,” Ms Vogt said."
    c = compare(article("a", LONG + (said,)), article("b", LONG + (figures,)), entities_of=no_entities)
    assert c.facts == []  # quote style (it was "quote: a one-in-three chance → 1 in 3 chance")
    other = "“There is a one-in-four chance that we could lose the vote,” Ms Vogt said."
    c = compare(article("a", LONG + (said,)), article("b", LONG + (other,)), entities_of=no_entities)
    assert [(m.kind, m.a.text, m.b.text) for m in c.numbers if m.kind == "different"] == [
        ("different", "one-in-three", "one-in-four")]  # another number said is a change (the numbers list it)


def test_between_reports_written_apart_a_clause_told_another_way_is_no_new_name():
    a = LONG[:2] + ("The closure drew criticism from the fishermen and Senate Democratic leaders on Thursday.",)
    b = ("The closure drew criticism from the fishermen and Senator Maria Lenz of Ohio, the minority leader, on Thursday.",
         "A regional newspaper reported on the closure in its evening edition.",
         "Opposition councillors in Nordhavn have asked for a public hearing.",
         "The ferry company said it had not been told in advance.")
    c = compare(article("a", a), article("b", b), entities_of=no_entities)
    assert c.lineage.relation == "independent" and any(p.match == "near" for p in c.alignment)
    assert c.facts == []  # it was "entity: Senate Democratic leaders → Senator Maria Lenz of Ohio, the minority leader"
    copy = a[:2] + (a[2].replace("Senate Democratic leaders", "Senate Republican leaders"),)
    c = compare(article("a", a), article("copy", copy), entities_of=no_entities)
    assert c.facts  # in a copy, one word put for another is read as before


def test_a_short_sentence_the_other_report_said_inside_one_of_its_own_joins_it():
    """"I went too far. I made a mistake and I was wrong." / "I went too far
    and I was wrong": the second short sentence adds one word the other
    sentence has ("wrong"), and was left as said by one report only."""
    a = LONG[:4] + ("“We closed the pier too late and we were wrong,” Ms Vogt said.",) + LONG[5:]
    b = LONG[:4] + ("“We closed the pier too late.", "We made a mistake and we were wrong.”") + LONG[5:]
    c = compare(article("a", a), article("b", b), entities_of=no_entities)
    assert any(p.a == (4,) and p.b == (4, 5) for p in c.alignment)
    assert not any(p.kind == "only_b" for p in c.alignment)


def test_a_given_name_in_another_form_before_one_surname_is_one_name():
    assert one_name("Jim Clyburn", "James E. Clyburn") and one_name("Dave Brat", "David Brat")
    assert not one_name("Eric Trump", "Donald Trump") and not one_name("Reince Priebus", "Reince Preibus")
    assert not one_name("Jill Biden", "Joe Biden")  # one initial is no one given name: only its familiar forms
    assert not one_name("Donald Trump", "Donald Trump Jr.")  # father and son
    assert not one_name("Trump", "Eric Trump")  # a surname alone may be another of the family
    assert not one_name("Washington", "George Washington University")
    assert one_name("Director John Brennan", "John O. Brennan")  # a title, an initial


def test_a_hedge_beside_a_number_only_one_report_gives_is_still_read():
    """The words changed in a loosely paired sentence are all its runs' but
    the numbers listed apart: the run holding a year held the hedge too, and
    went with it ("since 2012, reportedly posted" / "last year, wrote")."""
    a = LONG[:4] + ("Ms Vogt, harbour master since 2012, reportedly posted a warning about the pier on the "
                    "authority's page before the closure.",) + LONG[5:]
    b = LONG[:4] + ("Posting on the authority's page before the closure, Ms Vogt, who took the post last year, "
                    "wrote a warning about the pier.",) + LONG[5:]
    c = compare(article("a", a), article("b", b), entities_of=no_entities)
    assert [f.kind for f in c.facts] == ["hedge"], [f.label for f in c.facts]


@pytest.mark.parametrize("short, full", [
    ("Rep. Lena Ortiz, R-S.C., asked for a review of the pier's deck.",
     "Rep. Lena Ortiz, Republican of South Carolina, asked for a review of the pier's deck."),
    ("Rep. Lena Ortiz (D-Calif.) asked for a review of the pier's deck.",
     "Rep. Lena Ortiz, Democrat of California, asked for a review of the pier's deck."),
    ("Rep. Lena Ortiz, R-Texas, asked for a review of the pier's deck.",
     "Rep. Lena Ortiz, Republican of Texas, asked for a review of the pier's deck."),
    ("Rep. Lena Ortiz, D-CA, asked for a review of the pier's deck.",
     "Rep. Lena Ortiz, Democrat of California, asked for a review of the pier's deck."),
    ("The ferry company, based in Aventura, Fla., asked for a review of the pier's deck.",
     "The ferry company, based in Aventura, Florida, asked for a review of the pier's deck."),
])
def test_a_state_abbreviated_in_one_house_style_is_the_state_spelled_out_in_another(short, full):
    """AP's "R-S.C." and "Fla." are the New York Times' "Republican of South
    Carolina" and "Florida": one name written two ways, in a copy and
    between reports written apart; another state or party is a change."""
    for rest in (LONG[:3], ()):
        c = compare(article("a", (short, *rest)), article("b", (full, *rest)), no_entities)
        assert c.facts == [], [f.label for f in c.facts]
    other = full.replace("South Carolina", "North Carolina").replace("California", "Nevada").replace(
        "Texas", "Ohio").replace("Florida", "Georgia")
    c = compare(article("a", (short, *LONG[:3])), article("b", (other, *LONG[:3])), no_entities)
    assert [f.kind for f in c.facts] == ["entity"], [f.label for f in c.facts]


def test_a_sick_man_and_a_church_s_mass_are_no_states():
    from reader.core.compare.wording import words
    from reader.core.text.sentences import split_sentences
    text = "The priest said Mass. He fell ill. They met in Springfield, Ill. on Monday."
    keys = [w.key for w in words(text, split_sentences(text), range(len(split_sentences(text))))]
    assert "massachusetts" not in keys and keys.count("illinois") == 1 and "ill" in keys


APART_TAIL = ("A reporter at the scene counted eleven boats waiting at the mouth of the bay that evening.",)
SHORT_TAIL = ("Local fishermen said the closure would cost them several days of work.",
              "The authority expects the repairs to take at least three months.")


def test_a_hedge_or_a_no_on_a_clause_one_writer_adds_is_no_change_of_fact():
    """Between reports written apart, and in a short report "contained" in a
    long one, a hedge or a no counts only on what both sentences speak of:
    its next content word is one the other has ("reportedly closed" /
    "closed"), not a clause one writer adds ("which could delay the ferries",
    "though it would not publish the cracks' size", whose later words the
    other sentence may share)."""
    added = ("The harbour authority of Lindmark shut the eastern pier on Monday once engineers found cracks in "
             "its deck, which could delay the ferries for weeks.",)
    refused = ("The harbour authority of Lindmark shut the eastern pier on Monday once engineers found cracks in "
               "its deck, though it would not publish the cracks' size.",)
    for b in (added + SHORT_TAIL, added + APART_TAIL, refused + APART_TAIL):
        c = compare(article("a", LONG), article("b", b), no_entities)
        assert [f.kind for f in c.facts if f.kind in ("hedge", "negation")] == [], [f.label for f in c.facts]
    hedged = ("The harbour authority of Lindmark reportedly closed the eastern pier on Monday after cracks were "
              "found in its deck by engineers.",)
    for b in (hedged + SHORT_TAIL, hedged + APART_TAIL):
        c = compare(article("a", LONG), article("b", b), no_entities)
        assert [f.label for f in c.facts if f.kind == "hedge"] == ["hedge: Lindmark closed → Lindmark reportedly closed"]


def test_two_sentences_written_apart_that_each_say_no_to_their_own_words_change_no_negation():
    """"The rules would not apply to civil unions" / "it does not extend to
    civil unions": both say no; that one no's next word is in the other
    sentence and the other's is not makes no one-sided negation."""
    a = list(LONG)
    a[2] = "Ferries to the islands will not dock at the eastern pier until the repairs are finished."
    b = ("No ferry will leave from the eastern pier for the islands, and ferries will use the western terminal "
         "until the repairs are finished.",) + APART_TAIL
    c = compare(article("a", a), article("b", b), no_entities)
    assert [f.kind for f in c.facts if f.kind == "negation"] == [], [f.label for f in c.facts]


def test_a_short_report_that_writes_a_title_less_second_mention_changes_no_role():
    """A short report "contained" in a long one writes "Ms. Marsh" where the
    long one gives "former harbour official Lena Marsh": as two writers do,
    not a title dropped from a copy (nor "official" put for "office")."""
    from reader.core import entities
    a = list(LONG)
    a[3] = ("Tomas Strand exchanged texts with former harbour official Lena Marsh that disparaged the mayor as well as "
            "other councillors, including various opposition members.")
    b = ("Lena Marsh left the harbour office in May.",
         "Mr. Strand's text exchanges with Ms. Marsh demonstrated animosity toward the mayor.") + SHORT_TAIL
    c = compare(article("a", a), article("b", b), lambda art: entities.extract(art.text))
    assert c.lineage.relation == "contained"
    assert [f.label for f in c.facts] == []


def test_a_role_word_in_an_organisation_s_name_is_no_one_s_role():
    """"Rep. Lena Marsh ... prosecutors announced" / "released by the Justice
    Department, Ms. Marsh": "Justice" names a department, not what Ms. Marsh is."""
    from reader.core import entities
    a = ("Rep. Lena Marsh and her husband, Tomas, were indicted on charges of illegally converting $250,000 in "
         "campaign funds for personal expenses, prosecutors announced Tuesday.",) + LONG[:3]
    b = ("In a 48-page indictment released by the Justice Department, Ms. Marsh and her husband, Tomas, are charged "
         "with converting more than $250,000 in campaign funds to pay for personal expenses.",) + APART_TAIL
    c = compare(article("a", a), article("b", b), lambda art: entities.extract(art.text))
    assert c.lineage.relation == "independent"
    assert [f.label for f in c.facts if f.kind == "role"] == []
