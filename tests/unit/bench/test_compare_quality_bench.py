"""The comparison-quality benchmark (bench/compare_quality.py) on a tiny
article written for this test: every kind of edit finds a place, each copy
differs from the original only inside the planted spans, and the scoring
counts an entry on the edit as listed and any other entry as a false flag;
and the paraphrase mode's spinner keeps every fact while it rewords. Needs
no corpora."""

from __future__ import annotations

import random
import re

import pytest

from bench import compare_paraphrase as P
from bench import compare_quality as Q
from bench import compare_synonyms as SYN
from bench import compare_words as W
from bench.compare_plant import Context, Edit, plant
from bench.compare_spin import spin
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


# --- paraphrase mode: the spinner ------------------------------------------------------------
SPIN_TEXT = "\n\n".join((
    "Mr Smith said the council would sell the old depot next spring.",
    "The significant rise in costs was not expected, and an important review is reportedly under way. "
    "It is a serious problem, the spokesperson said.",
    "“We will not accept a huge increase,” Mr Smith said. Officials quickly denied that 40 million people were affected.",
    "In March, the company did not publish its annual accounts. However, the firm recently changed its auditor.",
))


def _spun(seed: int = 1, rate: float = 1.0):
    return spin(SPIN_TEXT, random.Random(seed), rate)


def test_spinning_keeps_the_facts():
    for seed in range(1, 8):
        sp = _spun(seed)
        b = sp.text
        assert b != SPIN_TEXT
        assert "40 million" in b and b.count("Smith") == SPIN_TEXT.count("Smith")  # a number, a name
        negations = len(re.findall(r"\bnot\b|n['’]t\b", b))
        assert negations == SPIN_TEXT.count(" not ")  # a "not" survives, if contracted
        assert "We will not accept a huge increase," in b  # a quotation's words (its marks may change style)
        assert b.count("said") == SPIN_TEXT.count("said") and "reportedly" in b and "spokesperson" in b
        assert "denied" in b and "March" in b


def test_spinning_applies_synonyms_and_fits_the_article():
    sp = _spun(2)
    assert re.search(r"\bThe (?:major|considerable) (?:rise|increase)\b", sp.text), sp.text  # significant -> a synonym of the table
    assert re.search(r"\ba (?:key|crucial) review\b", sp.text), sp.text  # "an important" -> "a key": the article follows
    assert {k for k, *_ in sp.rewrites} >= {"adjective", "contraction"}


def test_spinning_reorders_a_reported_clause():
    sp = _spun(3)
    assert re.match(r"The council would sell the old depot next spring, Mr\.? Smith said\.\n", sp.text), sp.text
    assert "The company didn't publish its yearly accounts in March." in sp.text.replace("’", "'")  # the time phrase last
    assert {"reorder: said last", "reorder: time phrase last"} <= {k for k, *_ in sp.rewrites}


def test_spinning_is_seeded():
    assert _spun(5, 0.4).text == _spun(5, 0.4).text
    assert len({_spun(seed, 0.4).text for seed in range(6)}) > 1
    assert spin(SPIN_TEXT, random.Random(5), 0.0).text == SPIN_TEXT  # rate 0: nothing reworded


def test_spun_pieces_map_spans_both_ways():
    sp = _spun(4)
    assert "".join(p.text for p in sp.pieces) == sp.text
    for p in sp.pieces:
        assert sp.text[p.s0:p.s0 + len(p.text)] == p.text
        if p.exact:
            assert SPIN_TEXT[p.a0:p.a1] == p.text
    for kind, a_span, s_span, before, after in sp.rewrites:
        if not kind.startswith("reorder") and kind != "that":
            assert SPIN_TEXT[slice(*a_span)] == before and sp.text[slice(*s_span)] == after
            assert sp.to_original([s_span]) == (a_span,)
    # A word planted into the spun copy maps back to the same word in the original.
    p = plant("role", Q.PLANTERS["role"], Context(sp.text, random.Random(1)))
    assert p.before == "spokesperson"
    spans = sp.to_original(p.spans_a)  # more than one where the clause was reordered
    assert any("spokesperson" in SPIN_TEXT[s:e] for s, e in spans) and sum(e - s for s, e in spans) < 40


def test_synonym_tables_leave_facts_alone():
    facts = set(W.ROLE) | set(W.ROLE.values()) | set(W.DESCRIPTOR) | set(W.DESCRIPTOR.values()) | set(W.SAID) | set(W.SAID.values())
    facts |= set(W.NEGATED) | set(W.NEGATED.values()) | set(W.OPPOSITES) | set(W.OPPOSITES.values()) | set(W.NUMBER_WORDS)
    facts |= set(W.HEDGE_ADVERBS) | set(W.APPROXIMATORS) | set(W.MODALS) | set(W.CLAIM_VERBS) | set(W.CLAIM_VERBS.values()) | set(W.OBJECTS)
    facts |= {"not", "no", "never", "may", "might", "could", "would", "should", "likely", "possibly", "allegedly", "claimed", "told",
              "warned", "announced", "many", "several", "few", "some", "if"}
    words = {w for table in (SYN.SYNONYMS, SYN.VERBS) for form, alts in table.items() for w in [form, *alts] for w in w.split()}
    assert len(SYN.SYNONYMS) + len(SYN.VERBS) >= 300
    assert not words & {f.lower() for f in facts}


def test_paraphrase_run_scores_against_the_spun_copy():
    def nothing(a, b, entities_of):
        return _Listing([], [])
    res = Q.run([ARTICLE, OTHER], Q.FACT_KINDS, seed=3, compare_fn=nothing, entities_of=lambda art: [], spin_rate=0.4)
    s = res["summary"]
    assert s["spun"]["planted"] == 2 and s["spun"]["false_flags_per_pair"] == 0 and s["all facts"]["listed"] == 0
    for r in res["records"]:
        if r["kind"] == "spun":
            assert r["flags"] == [] and r["words_changed"] > 0 and sum(r["rewrites"].values()) > 0
        elif r["kind"] not in ("sentence_added", "moved"):
            assert any(e > s for s, e in r["spans_a"]), r["kind"]  # mapped back into the original
    real = Q.run([ARTICLE, OTHER], Q.FACT_KINDS, seed=3, spin_rate=0.4)
    out = P.table(real, Q.FACT_KINDS)
    assert "Spun copy, no edit" in out and all(f"| {k} |" in out for k in Q.FACT_KINDS)
    assert real["summary"]["sentence_removed"]["listed"] == 1.0
    flags = [f for r in real["records"] if r["kind"] == "spun" for f in r["flags"]]
    assert all(set(f) >= {"kind", "a", "b", "causes"} for f in flags)
    assert P.flag_report(real).startswith(("| rewording", "Spun copies list nothing"))
    made = [r["rewrites_listed"] for r in real["records"] if r["kind"] == "spun"]
    assert all(0 <= hit <= n for m in made for n, hit in m.values()) and sum(n for m in made for n, _ in m.values()) > 0
