"""The seed pair 001 (a BBC report, itself machine-rewritten) against 004
(a word-spun copy of it): how much of what differs in fact the comparison
lists, and how long the list is.

The differences below were read by hand off the two texts, both read in
full, sentence by sentence, before looking at what the comparison lists
(helper D1b, issue 14). A difference is fact-relevant when a reader of one
report would believe something the other does not say: a role, a place,
what a group is called, a claim (what was done, or to what), a quotation's
words (what someone is reported to have said is exact), who said it and
how (a neutral "said" against "claimed", "suggested"), a hedge, a name
spelled another way, a fact only one side gives. Left out as wording: a
synonym that keeps the fact ("sanctioned" / "disciplined", "summoned" /
"called in", "dignitaries" / "officials", "nationals" / "citizens"), a
neutral verb of saying for another ("said" / "according to" / "pledged
its support"), a quotation transcribed differently in its punctuation or
cut shorter at an end ("world tour" / "tour of the world", the heading
"Watershed moment" / "Watershed"), a passage moved, a sentence split in
two ("Sir Iain and Mr. Loughton are just two."), B's headings.

Each difference: (kind, words of A, words of B), None for the side that
does not have it. Listed: a change of an entry of `differences()` on that
side overlaps those words. An entry of an aligned pair holds every change
listed in that pair, each with its own kind and span, and only those spans
count (not the words between two changes of one entry); one change may list
two differences, as a quotation's change lists what its words claim.

Measured (rules entities): 63 of the 71 listed (0.89), from 42 (0.59)
before issue 14's precision work and 59 (0.83) with one entry a change, in
43 distinct entries (53 before issue 14's precision work, 66 with one entry
a change: two numbers only one side gives, a fact and a name respelled in
one sentence were each an entry). 40 of the 43 lie on a difference of this
list; the other 3 are a sentence moved and two sentences the alignment
leaves unpaired though the other report rewords them ("But right now, we
don't have them" / "But at the time, they're no", B's "Sir Iain and Mr.
Loughton are just two." split off a sentence of A). Caught since one entry
a change: a title before a person both name given on one side only
("Former Conservative Party leader"), a condition ("in case he is chosen" /
"because he was"), the quotations of two sentences the rewrite pairs
loosely ("administration system" / "control techniques", "Defending our
democratic institutions" / "an absolute duty": read for quotations alone).

Missed, and why (a rule that caught them would be fitted to these
sentences):

- "confidential emails" / "sympathetic messages", "accused of harassment"
  / "experienced abuse", "cracking down on" / "retaliated", "rejected or
  reduced" / "stopped or rejected", "activities" / "businesses", "since he
  promoted" / "because he had", "charges in New York" / "infiltrate New
  York", "in parliament" / "in the UK government": a claim changed by
  words of no known meaning to the rules (an adjective, a phrasal verb, a
  connective, a word in no group of text/claim_words.py), in sentences
  reworded throughout, where such a word is as likely a synonym.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core import entities, ingest
from reader.core.compare.comparison import compare
from reader.core.compare.tally import entry_key, tally
from reader.core.models import Article

SEEDS = Path(__file__).resolve().parents[3] / "seeds"

HAND = [
    # who did what to whom, and where
    ("descriptor", "colleagues critical of", "other members of the electorate"),
    ("unique", None, "40 million citizens"),
    ("role", "who work for Wuhan", "are the owners of Wuhan"),
    ("variant", "Wuhan Xiaoruizhi Technology Co., Ltd.", "Wuhan Xiaoruizhi Science and Technology Company Ltd."),
    ("attribution", "and work for the Chinese government-affiliated", "They claim to work for"),
    ("hedge", "The travel ban will also prevent", "if there is a travel ban"),
    ("quote", "will not tolerate malicious cyber activity", "will not bear malicious computer activity"),
    ("quote", "Defending our democratic institutions", "an absolute duty to safeguard"),
    ("entity", "the Chinese ambassador was", "The Chinese embassy is"),
    ("quote", "hold China accountable for its actions", "to bill for China’s do"),
    ("entity", "in UK history", "in American history"),
    ("quote", "“administration system”", "control techniques"),
    ("claim", "confidential emails", "sympathetic messages"),
    ("number", "six by-elections", None),
    ("quote", "typically pose no risk", "typically does not pose a threat"),
    ("unique", None, "Inter- Parliamentary Alliance on China"),
    ("role", "Former Conservative Party leader", None),
    ("role", "former minister Tim", "former chancellor Tim"),
    ("variant", "Tim Laughton", "Tim Loughton"),
    ("variant", "Stewart Macdonald", "Stewart McDonald"),
    ("claim", "been accused of harassment", "experienced abuse"),
    ("unique", "wooden spoon gunfight", None),
    ("quote", "labeling China a “threat”", "declare China a risk"),
    ("descriptor", "two fellow Chinese nationals", "the same two Chinese immigrants"),
    ("claim", "criminal charges in New York", "to infiltrate New York"),
    ("attribution", "U.S. prosecutors said", "Attorney’s Office claims"),
    ("hedge", "spent nearly 14 years", "for about 14 years"),
    ("quote", "cyber attack designed to threaten the national security of the U.S. and its allies",
     "computer procedures aimed at threatening the national safety of the United States and our allies"),
    ("unique", "New Zealand authorities have also accused China", None),
    ("quote", "like an elephant giving birth to a mouse", None),
    ("variant", "Sir Ian described", "Sir Iain demanded"),
    ("quote", "a turning point in the UK's commitment", "a watershed time where the UK takes a stand"),
    ("attribution", "He said a militant", "He claimed that a confrontational"),
    ("claim", "impersonating him", "intercepting emails"),
    ("hedge", "sending emails falsely", "purportedly falsely"),
    ("quote", "“enhanced tier”", "“enhanced level”"),
    ("hedge", "which would increase", "which may raise"),
    ("claim", "state-backed activities", "government-backed businesses"),
    ("quote", "The West must wake up to the fact", "The West must acknowledge"),
    ("quote", "For our beliefs in democracy", "To our opinion in democracy"),
    ("quote", "want to protect them from other people", "want to steal ours from them"),
    ("descriptor", "nine British nationals", "Nine English people"),
    ("variant", "Uyghur", "Uighur"),
    ("quote", "trying to influence elections and even democracy", "influence primaries and governments as well"),
    ("unique", None, "really no great enough"),
    ("claim", "“We need stronger action", "China needs little more swift action"),
    ("variant", "Labor said it would support", "Labour pledged"),
    ("quote", "interfere with or undermine the electoral process", "interfering with or compromising the political method"),
    ("variant", "Democracy Defense Task Force", "Defending Democracy committee"),
    ("claim", "heightened diplomatic tensions between the two countries", "whose political rifts have grown"),
    ("unique", None, "incite a” Golden Age”"),
    ("role", "the Foreign Secretary", "the unusual minister"),
    ("descriptor", "Conservative MPs and MPs", "Conservative MPs and peers"),
    ("attribution", "one MP told reporters", "One MP claimed"),
    ("claim", "since he promoted policies", "because he had a plan"),
    ("quote", None, "” situation has changed”"),
    ("attribution", "But Labor also said", "However, Labour suggested"),
    ("role", "deputy governor of", "vice president of"),
    ("quote", "give confidence to Chinese investment", "lend credibility to Foreign investment"),
    ("hedge", "in case he is chosen", "because he was”"),
    ("entity", "interference in parliament", "interference in the UK government"),
    ("attribution", "saying an “adversary”", "claiming that “hostile actors”"),
    ("quote", "“adversary”", "“hostile actors”"),
    ("quote", "“administrative systems”", "” handle systems,”"),
    ("variant", "the Election Commission has", "the Electoral Commissionhas"),
    ("unique", None, "A political scientist was detained"),
    ("role", "spokesperson Lin Jian", "a spokeswoman for"),
    ("attribution", "Lin Jian said the government", "claimed the government retaliated"),
    ("claim", "cracking down on", "retaliated and punished"),
    ("quote", "stop spreading false information", "prevent spreading false information"),
    ("claim", "rejected or reduced", "stopped or rejected"),
]
COVERAGE = 0.85  # issue 14's target for the seed pair
MAX_ENTRIES = 45  # ... with at most this many entries over both sides, one that both show counted once


def _seed(prefix: str) -> Article:
    [found] = [f for f in ingest.discover(SEEDS) if f.path.name.startswith(prefix)]
    return ingest.read_file(found).articles[0]


@pytest.fixture(scope="module")
def pair():
    a, b = _seed("001"), _seed("004")
    return a, b, compare(a, b, entities_of=lambda art: entities.extract(art.text, "rules"))


def _span(text: str, words: str | None) -> tuple[int, int] | None:
    if words is None:
        return None
    at = text.find(words)
    assert at >= 0 and text.find(words, at + 1) < 0, f"not once in the text: {words!r}"
    return at, at + len(words)


def _on(d, span: tuple[int, int] | None) -> bool:
    """Does one of the entry's changes overlap span (not the words between two of them)?"""
    return span is not None and any(p.start < span[1] and span[0] < max(p.end, p.start + 1) for p in d.places)


def _listed(c, side: str, span: tuple[int, int] | None) -> bool:
    return any(_on(d, span) for d in c.differences(side))


def _found(pair) -> list[bool]:
    a, b, c = pair
    return [_listed(c, "a", _span(a.text, wa)) or _listed(c, "b", _span(b.text, wb)) for _k, wa, wb in HAND]


def test_the_hand_list_is_read_off_the_texts(pair):
    a, b, _c = pair
    for _kind, wa, wb in HAND:
        _span(a.text, wa)
        _span(b.text, wb)
    assert len(HAND) == 71


def test_most_of_the_hand_list_is_listed(pair):
    found = _found(pair)
    missed = [h for h, ok in zip(HAND, found) if not ok]
    assert sum(found) / len(HAND) >= COVERAGE, missed  # measured 0.89; 0.59 before issue 14's precision work


def test_the_claim_inside_a_free_paraphrase_is_listed(pair):
    a, b, c = pair
    span = _span(b.text, "intercepting emails")
    assert any(p.kind == "claim" and p.start < span[1] and span[0] < p.end for d in c.differences("b") for p in d.places)


def test_few_entries_name_no_difference(pair):
    """Precision: entries on none of the hand list's differences (a fact
    shown on both sides counted once)."""
    a, b, c = pair
    spans = [(_span(a.text, wa), _span(b.text, wb)) for _k, wa, wb in HAND]
    on, off = set(), set()
    for side in ("a", "b"):
        for d in c.differences(side):
            hit = any(_on(d, sp) for sp in (x[0 if side == "a" else 1] for x in spans))
            (on if hit else off).add(entry_key(side, d))
    off -= on
    assert len(off) <= 3, off  # measured 3: see the docstring
    assert tally(c).total == len(on | off)


def test_issue_14_target_for_the_seed_pair(pair):
    found = _found(pair)
    assert sum(found) / len(HAND) >= COVERAGE and tally(pair[2]).total <= MAX_ENTRIES


def test_an_entry_of_a_pair_holds_its_changes_each_with_kind_and_span(pair):
    """The pair's entry shows on both sides under one key; each change in
    it keeps its kind, its span on that side and the item it is."""
    a, b, c = pair
    grouped = [d for d in c.differences("a") if d.of == "pairs"]
    assert grouped and all(len(d.parts) >= 2 for d in grouped)
    for d in grouped:
        [there] = [x for x in c.differences("b") if x.of == "pairs" and x.ref == d.ref]
        for p in d.parts:
            assert d.start <= p.start and p.end <= d.end
            if p.of == "facts":
                f = c.facts[p.ref]
                assert (p.kind, (p.start, p.end)) == (f.kind, f.a) and f.pair == d.ref
                assert any(q.of == "facts" and q.ref == p.ref and (q.start, q.end) == f.b for q in there.parts)
        assert d.kind in {p.kind for p in d.parts}
    role = _span(a.text, "former minister Tim")
    [entry] = [d for d in c.differences("a") if _on(d, role)]
    assert {"role", "variant"} <= {p.kind for p in entry.places}  # the title and the name respelled: one stop
