"""Two reports side by side: what they share, what only one says, and where
they disagree.

`compare(a, b)` aligns the sentences of two articles (align.py), sorts their
entities into shared, only in one, and variants of one another ("Tim
Loughton" against "Tim Laughton", names.py), reconciles their numbers
(numbers.py), reads the facts each aligned pair gives differently (facts.py:
a role, a place, a hedge, a quotation...) and the passages moved
(moves.py), measures how much of each the other covers, and says whether
one is a near-copy or rewrite of the other (lineage.py). What it builds is
in model.py: `Comparison.differences(side)` lists, in reading order, the
places a reader may want to jump to.

Entities come from reader.core.entities (extract, group, find_variants);
a caller may pass its own `entities_of`.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from reader.core import entities
from reader.core.compare import numbers as num
from reader.core.compare.align import SentenceFeatures, align, features
from reader.core.compare.facts import Name, SideText, find_facts, quoted_spans
from reader.core.compare.lineage import coverage, lineage
from reader.core.compare.model import Comparison, Coverage, Difference, EntityRef, Fact, Lineage, Move, VariantRef
from reader.core.compare.moves import moved_runs
from reader.core.compare.names import NUMBER_TYPES, SideEntities, match_entities
from reader.core.compare.side import Side
from reader.core.compare.wording import SideWords
from reader.core.models import Article
from reader.core.text.sentences import Sentence, split_sentences

EntitiesOf = Callable[[Article], list[Any]]  # Article -> mentions (text, start, end, type, canonical)


def _mentions(entities_of: EntitiesOf, article: Article, full: Article) -> list[Any]:
    """The mentions of the text compared: a caller's are of the whole article
    (those past a long report's cut are not in it)."""
    if article is full:
        return entities_of(article)
    return [m for m in entities_of(full) if m.end <= len(article.text)]


def _sentence_of(sentences: Sequence[Sentence], starts: list[int], pos: int) -> int:
    return max(0, bisect.bisect_right(starts, pos) - 1) if sentences else -1


def _sentence_sets(sentences: Sequence[Sentence], spans: list[tuple[int, str]]) -> list[frozenset[str]]:
    starts = [s.start for s in sentences]
    out: list[set[str]] = [set() for _ in sentences]
    for pos, key in spans:
        i = _sentence_of(sentences, starts, pos)
        if i >= 0:
            out[i].add(key)
    return [frozenset(x) for x in out]


def _name_spans(side: Side, ents: SideEntities, keys: dict[tuple[Side, int], str]) -> list[tuple[int, str]]:
    return [(s, keys[(side, k)]) for k, spans in ents.mentions.items() for _, s, _e in spans]


# What of each report is compared: the alignment is quadratic in sentences (a 300 KB article against
# another took 35 s and 800 MB), and 100,000 characters are some 16,000 words, longer than a news report.
MAX_CHARS = 100_000


def _cut(article: Article, side: str, notes: list[str]) -> Article:
    """The article's paragraphs up to MAX_CHARS of its text, the last cut at a
    sentence's end (or a space); the article itself when it is shorter."""
    if len(article.text) <= MAX_CHARS:
        return article
    kept: list[str] = []
    used = 0
    for p in article.text_paragraphs:
        room = MAX_CHARS - used - (2 if kept else 0)
        if len(p) > room:
            part = p[:room]
            end = max(part.rfind(". "), part.rfind("? "), part.rfind("! "))
            part = part[: end + 1] if end > room // 2 else part[: max(part.rfind(" "), 0)] or part
            if part.strip():
                kept.append(part.rstrip())
            break
        kept.append(p)
        used += len(p) + (2 if len(kept) > 1 else 0)
    words = sum(len(p.split()) for p in kept)
    notes.append(f"{side.upper()} is long ({article.word_count:,} words): its first {words:,} are compared")
    return replace(article, text_paragraphs=tuple(kept))


def compare(a: Article, b: Article, entities_of: EntitiesOf | None = None) -> Comparison:
    """Compare two reports (any two articles, of one event or not); of a
    very long one, its first MAX_CHARS characters (and a note says so)."""
    notes: list[str] = []
    full_a, full_b = a, b
    a, b = _cut(a, "a", notes), _cut(b, "b", notes)
    text_a, text_b = a.text, b.text
    sa, sb = split_sentences(text_a), split_sentences(text_b)
    # Entities.
    if entities_of is None:
        entities_of = lambda article: entities.extract(article.text)  # noqa: E731
        full_a, full_b = a, b  # read from the text compared, nothing past the cut
    group, find_variants = entities.group, entities.find_variants
    side_a = SideEntities.build([m for m in _mentions(entities_of, a, full_a) if m.type not in NUMBER_TYPES], group)
    side_b = SideEntities.build([m for m in _mentions(entities_of, b, full_b) if m.type not in NUMBER_TYPES], group)
    matched = match_entities(side_a, side_b, find_variants)
    # Numbers.
    # the publication date reads "on Tuesday" as a day where the text gives no other
    qa, qb = num.extract(text_a, a.published), num.extract(text_b, b.published)
    # Sentence features: words, names (variants under one key), numbers.
    names_a = _sentence_sets(sa, _name_spans("a", side_a, matched.keys))
    names_b = _sentence_sets(sb, _name_spans("b", side_b, matched.keys))
    nums_a = _sentence_sets(sa, [(q.start, _number_key(q)) for q in qa])
    nums_b = _sentence_sets(sb, [(q.start, _number_key(q)) for q in qb])
    fa = [features(s, names_a[i], nums_a[i]) for i, s in enumerate(sa)]
    fb = [features(s, names_b[j], nums_b[j]) for j, s in enumerate(sb)]
    words_a = SideWords(text_a, sa, sorted((s, e) for spans in side_a.mentions.values() for _, s, e in spans))
    words_b = SideWords(text_b, sb, sorted((s, e) for spans in side_b.mentions.values() for _, s, e in spans))
    pairs = align(sa, sb, fa, fb, text_a, text_b, words_a, words_b)
    # Numbers again, now that we know which sentences say the same thing.
    group_a = {i: g for g, p in enumerate(pairs) if p.b for i in p.a}
    group_b = {j: g for g, p in enumerate(pairs) if p.a for j in p.b}
    starts_a, starts_b = [s.start for s in sa], [s.start for s in sb]

    def related(x: num.Quantity, y: num.Quantity) -> float:
        ga = group_a.get(_sentence_of(sa, starts_a, x.start))
        gb = group_b.get(_sentence_of(sb, starts_b, y.start))
        if ga is not None and ga == gb:
            return 1.0
        return num.context_similarity(x, y) * (0.8 if ga is not None and gb is not None else 1.0)

    numbers = num.reconcile(qa, qb, related)
    cov = coverage(sa, sb, pairs)
    kin = lineage(a, b, sa, sb, pairs, cov)
    facts = find_facts(pairs, _side_text("a", words_a, side_a, matched.keys, numbers),
                       _side_text("b", words_b, side_b, matched.keys, numbers), kin.relation != "independent",
                       kin.relation in ("near-copy", "rewrite"))
    facts = [f for f in facts if not (f.kind == "variant" and _listed_variant(f, matched.variants))]
    return Comparison(
        a, b, sa, sb, pairs, matched.shared, matched.only_a, matched.only_b, matched.variants, numbers, cov,
        kin, notes, facts, moved_runs(pairs, sa, sb),
    )


def _side_text(side: Side, cut: SideWords, ents: SideEntities, keys: dict[tuple[Side, int], str],
               numbers: list[num.NumberMatch]) -> SideText:
    names = sorted(
        (Name(s, e, keys[(side, k)], ents.entities[k].type or "", t) for k, spans in ents.mentions.items()
         for t, s, e in spans),
        key=lambda n: (n.start, -n.end),
    )
    listed, same = [], []
    for m in numbers:
        q = m.a if side == "a" else m.b
        if q is not None:
            (same if m.kind == "same" else listed).append((q.start, q.end))
    return SideText(cut, names, quoted_spans(cut.text), sorted(listed), sorted(same))


def _listed_variant(f: Fact, variants: list[VariantRef]) -> bool:
    """Is a name respelled at this mention one the variants list already
    gives, with every mention of it marked (one entry, not two)?"""
    def on(spans, span) -> bool:
        return any(s < span[1] and span[0] < e for _, s, e in spans)
    return any(on(v.mentions("a"), f.a) and on(v.mentions("b"), f.b) for v in variants)


def _number_key(q: num.Quantity) -> str:
    if q.kind == "date":
        return f"date:{q.date}"
    return f"{q.kind}:{q.value:g}"


__all__ = ["Comparison", "Coverage", "Difference", "EntityRef", "Fact", "Lineage", "Move", "SentenceFeatures",
           "VariantRef", "compare"]
