"""The one wording of a comparison's summary (reader.render.summary): the
app's summary bar and the CLI's compare view say the same counts with the
same words, differences in bold only when there are some."""

from __future__ import annotations

from itertools import combinations

import pytest

from reader.core.compare.comparison import compare
from reader.core.entities import extract
from reader.render import console
from reader.render.summary import summary_bar, summary_sentence, summary_words


@pytest.fixture(scope="module")
def comparisons(seeded_dir):
    from reader.core.library import Library

    with Library(seeded_dir) as lib:
        articles = [lib.get(r["id"]) for r in lib.listing()]
    mentions = {a.id: extract(a.text, "rules") for a in articles}
    return [compare(a, b, entities_of=lambda art: mentions[art.id]) for a, b in combinations(articles, 2)]


def styled(text, style: str) -> list[str]:
    return [text.plain[s.start:s.end] for s in text.spans if str(s.style) == style]


def test_the_bar_says_the_counts_with_differences_in_bold(comparisons):
    for c in comparisons:
        s = c.summary()
        bar = summary_bar(c)
        first = bar.plain.split("\n")[0]
        ents, nums = s["entities"], s["numbers"]
        assert first == (f"B says {s['coverage']['a']:.0%} of A · A says {s['coverage']['b']:.0%} of B"
                         f"   entities: {ents['shared']} shared, {ents['only_a']} only A, {ents['only_b']} only B, "
                         f"{ents['variants']} variants   numbers: {nums['same']} same, {nums['different']} differ, "
                         f"{nums['only_a']} only A, {nums['only_b']} only B")
        bold = styled(bar, "bold")
        assert bold[0] == first.split("   ")[0]  # the coverage
        assert (f"{ents['variants']} variants" in bold) == (ents["variants"] > 0)
        assert (f"{nums['different']} differ" in bold) == (nums["different"] > 0)
        derived = c.lineage is not None and c.lineage.relation != "independent"
        assert ("\nlineage: " in bar.plain) == derived
        if derived:
            assert styled(bar, "italic") == ["\n" + bar.plain.split("\n", 1)[1]]


def test_some_seed_pair_has_each_case(comparisons):
    """The test above sees variants, differing numbers and a lineage at least once."""
    words = [summary_words(c) for c in comparisons]
    assert any(w.entities[3].notable for w in words)
    assert any(w.lineage is not None for w in words)
    assert any(w.lineage is None for w in words)


def test_the_cli_sentence_is_the_one_the_cli_prints(comparisons):
    """console.comparison can say its summary with summary_sentence and print
    the same text."""
    for c in comparisons:
        printed = console.comparison(c).renderables[1]
        sentence = summary_sentence(c)
        assert sentence.plain == printed.plain
        assert sentence.style == printed.style
