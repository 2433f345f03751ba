"""The comparison-quality benchmark (bench/compare_quality.py) on a tiny
article written for this test: every kind of edit finds a place, each copy
differs from the original only inside the planted spans, and the scoring
counts an entry on the edit as listed and any other entry as a false flag.
Needs no corpora."""

from __future__ import annotations

import random
import re

import pytest

from bench import compare_quality as Q
from bench import compare_words as W
from bench.compare_plant import Context, Edit, plant
from reader.core.models import Article

PARAGRAPHS = (
    "The UK government has accused China of a cyber campaign against British voters, the foreign minister said on Monday.",
    "Mr Smith, a spokesperson for the Electoral Commission, said about 40 million people were reportedly affected in 2021. "
    "He said the attack is thought to have been serious.",
    "“We will not tolerate this behaviour, and we will defend our democracy,” Mr Smith said. "
    "Officials in London supported the plan, according to the BBC.",
    "Mr Jones, who works for a technology company in France, denied the claims. "
    "Mr Jones said the firm had not been involved and would help the inquiry.",
    "Two British nationals were sanctioned. The programme of sanctions will cost £1,400 per person, "
    "or 5 per cent of the budget — a figure critics realise is small.",
    "Mr Smith told reporters that more measures may follow later this year, and that the government would act.",
)
DONOR = "A second report was published by the regulator on Friday afternoon."
ARTICLE = Article(id="t1", origin="test/tiny", title="A tiny report", text_paragraphs=PARAGRAPHS)
OTHER = Article(id="t2", origin="test/other", title="Another", text_paragraphs=(
    DONOR, "The regulator said it would look again at the rules next spring, after a review of its work."))
KINDS = Q.FACT_KINDS + Q.NEUTRAL_KINDS
WORDLESS = {"n_quotes", "n_whitespace", "n_paragraph", "n_punctuation", "n_mr"}  # change no word token


def planted(kind: str, seed: int = 1):
    return plant(kind, Q.PLANTERS[kind], Context(ARTICLE.text, random.Random(seed), [DONOR]))


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_plants_one_edit_and_keeps_the_rest_verbatim(kind):
    text = ARTICLE.text
    p = planted(kind)
    assert p is not None, f"no place found for {kind}"
    assert p.text_b != text
    assert "\n\n".join(p.paragraphs) == p.text_b and all(x.strip() for x in p.paragraphs)
    # Outside the spans the two texts are the same, piece by piece.
    pos_a = pos_b = 0
    for (sa, ea), (sb, eb) in zip(p.spans_a, p.spans_b):
        assert text[pos_a:sa] == p.text_b[pos_b:sb]
        pos_a, pos_b = ea, eb
    assert text[pos_a:] == p.text_b[pos_b:]
    if kind not in ("sentence_added", "sentence_removed", "moved"):
        assert all(e > s for s, e in p.spans_a + p.spans_b), "a word edit has a span on both sides"
        assert p.before in " ".join(text[slice(*p.spans_a[0])].split()) and p.after in " ".join(p.text_b[slice(*p.spans_b[0])].split())
    # The same seed plants the same edit.
    assert planted(kind) == p


def _words(s: str) -> list[str]:
    return re.findall(r"\w+", s)


def test_what_each_kind_changes():
    text = ARTICLE.text
    for seed in range(1, 6):
        p = planted("role", seed)
        assert W.ROLE[p.before.lower()].lower() == p.after.lower()
        p = planted("number", seed)
        assert p.before != p.after and (re.search(r"\d", p.before) or p.before.lower() in W.NUMBER_WORDS)
        p = planted("negation", seed)
        assert "not" in _words(p.before + " " + p.after) or p.before.lower() in W.OPPOSITES or p.after == "cannot"
        p = planted("quote", seed)
        assert W.QUOTE_WORDS[p.before] == p.after
        p = planted("name_all", seed)
        assert text.count(p.before) >= 2 and p.before not in p.text_b and p.text_b.count(p.after) == text.count(p.before)
        assert len(p.spans_a) == text.count(p.before)
        p = planted("name_one", seed)
        assert p.text_b.count(p.before) == text.count(p.before) - 1 >= 1 and p.text_b.count(p.after) == 1
        p = planted("moved", seed)
        assert sorted(p.paragraphs) == sorted(PARAGRAPHS) and p.paragraphs != PARAGRAPHS
        p = planted("sentence_added", seed)
        assert DONOR in p.text_b and p.text_b.replace(DONOR, "").split() == text.split()
        p = planted("sentence_removed", seed)
        removed = text[slice(*p.spans_a[0])].strip()
        assert removed and removed not in p.text_b and len(p.text_b) < len(text)
    for kind in WORDLESS:  # neutral edits that change no word at all
        assert _words(planted(kind).text_b) == _words(text), kind


def test_word_edits_span_a_word_either_side():
    p = plant("negation", lambda ctx: [("insert not", [Edit(ARTICLE.text.index("were reportedly"), ARTICLE.text.index("were reportedly") + 4, "were not")])],
              Context(ARTICLE.text, random.Random(1)))
    [(sa, ea)], [(sb, eb)] = p.spans_a, p.spans_b
    assert ARTICLE.text[sa:ea] == "people were reportedly" and p.text_b[sb:eb] == "people were not reportedly"
    assert (p.before, p.after) == ("were", "were not")


def test_scoring_counts_entries_on_the_edit_and_false_flags():
    p = planted("role")
    (sa, ea), (sb, eb) = p.spans_a[0], p.spans_b[0]
    on_a, on_b = Q.Entry("role", sa, ea), Q.Entry("variant", sb - 3, sb + 1)
    elsewhere = Q.Entry("unique", 0, 5)
    assert sa > 5
    s = Q.score(p, [on_a], [])
    assert s["listed"] and s["right_kind"] and s["on_edit"] == 1 and s["false_flags"] == 0
    s = Q.score(p, [elsewhere], [on_b])
    assert s["listed"] and not s["right_kind"] and s["false_flags"] == 1 and s["kinds"] == ["variant"]
    s = Q.score(p, [], [Q.Entry("role", eb + 1, eb + 9), elsewhere])  # on the copy's side, next to the edit
    assert not s["listed"] and s["false_flags"] == 2
    s = Q.score(p, [Q.Entry("role", ea, ea + 4)], [])  # touching, not overlapping
    assert not s["listed"]


class _Listing:
    def __init__(self, a, b):
        self._d = {"a": a, "b": b}

    def differences(self, side):
        return self._d[side]


def test_run_scores_what_compare_lists():
    nothing = Q.run([ARTICLE, OTHER], KINDS, seed=3, compare_fn=lambda a, b, entities_of: _Listing([], []),
                    entities_of=lambda art: [])
    s = nothing["summary"]
    assert s["verbatim"]["planted"] == 2 and s["all facts"]["listed"] == 0 and s["all pairs"]["false_flags_per_pair"] == 0
    assert all(s[k]["planted"] >= 1 for k in KINDS)

    def whole_copy(a, b, entities_of):  # one entry over all of the copy
        return _Listing([], [Q.Entry("unique", 0, len(b.text))])

    everything = Q.run([ARTICLE], KINDS, seed=3, compare_fn=whole_copy, entities_of=lambda art: [])
    for r in everything["records"]:
        has_b = any(e > s for s, e in r["spans_b"])
        assert r["listed"] == has_b, r["kind"]
        assert r["false_flags"] == (0 if has_b else 1)
        assert r["right_kind"] == (r["kind"] in ("sentence_added", "sentence_removed") and has_b)
    # The naive word differ lists every edit that changes a word, and none that does not.
    for r in everything["records"]:
        if r["kind"] in WORDLESS or r["kind"] == "verbatim":
            assert not r["naive"]["listed"], r["kind"]
        elif r["kind"] in Q.FACT_KINDS and r["kind"] != "moved":
            assert r["naive"]["listed"], r["kind"]


def test_real_comparison_end_to_end():
    result = Q.run([ARTICLE, OTHER], KINDS, seed=5)
    s = result["summary"]
    assert s["verbatim"]["planted"] == 2 and s["verbatim"]["false_flags_per_pair"] == 0  # a verbatim copy lists nothing
    assert s["sentence_removed"]["listed"] == 1.0  # a sentence only one side has is listed
    out = Q.table(result, KINDS)
    for kind in KINDS:
        assert f"| {kind} |" in out


def test_cli_says_when_the_corpora_are_missing(tmp_path, capsys):
    assert Q.main(["--corpora", str(tmp_path), "--articles", "2"]) == 2
    assert "no corpora" in capsys.readouterr().err
