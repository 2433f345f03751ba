"""Sentence alignment of two reports, tolerant of paraphrase and reordering.

Each sentence of A is paired with the sentence(s) of B that say the same
thing, or left as said only by A (and the same for B). The evidence is
lexical and fuzzy, with no model: TF-IDF cosine of word stems over the
sentences of both reports (with a short list of the synonyms rewrites
swap, "accused"/"charged", "denied"/"refuted"), the character-level
similarity of the normalised texts (rapidfuzz), the names (spelling
variants counted as one) and numbers two sentences share, and their
position relative to the pairs already made (a sentence that falls between
two anchors in A is looked for between the same anchors in B).

Pairs are made greedily, best first; a sentence split in two by the other
report is then attached as a second member of the pair (1:2 and 2:1).
Pairs out of order with respect to the longest in-order chain are "moved".
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from reader.core.compare import speaker
from reader.core.compare.chains import heaviest_chain, longest_chain
from reader.core.compare.side import Side
from reader.core.compare.wording import SideWords, Word, opcodes, same_words
from reader.core.text.fact_words import ALIGN_SYNONYMS
from reader.core.text.sentences import Sentence
from reader.core.text.words import content_terms, normalise

NEAR = 0.80  # character similarity of a near copy (a few words changed); "same" has no word changed
PAIR = 0.30  # combined score from which two sentences say the same thing
MOVED = 0.40  # ... and, out of the other's order, from which they say it elsewhere (a moved passage)
ANCHOR = 0.55  # pairs this strong anchor the positional bonus
POSITION_BONUS = 0.08
CHAR_BASE = 0.5  # character similarity that unrelated sentences of one story reach
CHAR_WEIGHT = 0.5
ATTACH = 0.20  # cosine of a neighbour with a pair's other side for it to join the pair
SHORT_PART = 12  # words: a neighbour this short joins on one word of its own the other side has


@dataclass(frozen=True)
class DiffOp:
    """One change between paired sentences: replace, delete (only in A) or
    insert (only in B), with character spans into each article's text."""

    op: str
    a: tuple[int, int] | None
    b: tuple[int, int] | None
    a_text: str = ""
    b_text: str = ""

    def span(self, side: Side) -> tuple[int, int] | None:
        return self.a if side == "a" else self.b

    def as_dict(self) -> dict:
        return {"op": self.op, "a": list(self.a) if self.a else None, "b": list(self.b) if self.b else None,
                "a_text": self.a_text, "b_text": self.b_text}


@dataclass(frozen=True)
class Pair:
    a: tuple[int, ...]  # sentence indices in A (empty for only_b)
    b: tuple[int, ...]
    kind: str  # same, near, paraphrase, moved, only_a, only_b
    score: float = 0.0
    match: str = ""  # for pairs: same, near or paraphrase (also when moved)
    moved: bool = False
    diff: tuple[DiffOp, ...] = ()

    def indices(self, side: Side) -> tuple[int, ...]:
        """The pair's sentences on one side."""
        return self.a if side == "a" else self.b

    def as_dict(self) -> dict:
        return {
            "a": list(self.a),
            "b": list(self.b),
            "kind": self.kind,
            "score": round(self.score, 3),
            "match": self.match or None,
            "moved": self.moved,
            "diff": [op.as_dict() for op in self.diff],
        }


@dataclass
class SentenceFeatures:
    """What alignment looks at in one sentence."""

    norm: str  # normalised text for character similarity
    terms: Counter[str]
    names: frozenset[str] = frozenset()  # canonical entity keys (variants mapped to one key)
    numbers: frozenset[str] = frozenset()  # values of the quantities it gives
    words: int = 0
    vector: dict[str, float] = field(default_factory=dict)


_PUNCT = re.compile(r"[^\w\s]")
# Words that rewrites of news put for one another (text/fact_words.py):
# lexical similarity cannot see these, so they count as one.
_CANONICAL_TERM = {w: group.split()[0] for group in ALIGN_SYNONYMS for w in group.split()}


def _align_term(term: str) -> str:
    """The form under which alignment compares a term: synonyms merged,
    stems cut to six letters ("interfer"/"interf")."""
    term = _CANONICAL_TERM.get(term, term)
    return term if term[:1].isdigit() else term[:6]


def features(sentence: Sentence, names: frozenset[str] = frozenset(), numbers: frozenset[str] = frozenset()) -> SentenceFeatures:
    norm = " ".join(_PUNCT.sub(" ", normalise(sentence.text).replace("n't", "nt")).split())
    terms = Counter(_align_term(t) for t in content_terms(sentence.text))
    terms.update("n:" + name for name in names)  # spelling variants share one key
    return SentenceFeatures(norm, terms, names, numbers, len(sentence.text.split()))


def _weigh(feats: Sequence[SentenceFeatures]) -> None:
    """TF-IDF over the sentences of both reports; unit vectors."""
    df: Counter[str] = Counter()
    for f in feats:
        df.update(f.terms.keys())
    n = len(feats)
    for f in feats:
        vec = {t: (1 + math.log(c)) * (math.log((n + 1) / (df[t] + 1)) + 1) for t, c in f.terms.items()}
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        f.vector = {t: w / norm for t, w in vec.items()}


def _cos(u: dict[str, float], v: dict[str, float]) -> float:
    if len(u) > len(v):
        u, v = v, u
    return sum(w * v[t] for t, w in u.items() if t in v)


def _jaccard(x: frozenset, y: frozenset) -> float:
    return len(x & y) / len(x | y) if x and y else 0.0


def _postings(feats: Sequence[SentenceFeatures], keys) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for j, f in enumerate(feats):
        for k in keys(f):
            out.setdefault(k, []).append(j)
    return out


def _sharing(x: frozenset[str], postings: dict[str, list[int]]) -> list[int]:
    """The sentences (in order) that share a key with x: the others add
    nothing to a score (Jaccard 0), and a long report has thousands."""
    return sorted({j for k in x for j in postings.get(k, ())})


def similarity_matrix(fa: Sequence[SentenceFeatures], fb: Sequence[SentenceFeatures]) -> tuple[list[list[float]], list[list[float]]]:
    """(combined score, character similarity) for every pair of sentences."""
    if not fa or not fb:
        return [[] for _ in fa], [[] for _ in fa]
    norms_b = [y.norm for y in fb]
    postings: dict[str, list[tuple[int, float]]] = {}
    for j, y in enumerate(fb):
        for t, w in y.vector.items():
            postings.setdefault(t, []).append((j, w))
    names_b = _postings(fb, lambda y: y.names)
    numbers_b = _postings(fb, lambda y: y.numbers)
    score, char_rows = [], []
    for x in fa:
        lex = [0.0] * len(fb)
        for t, w in x.vector.items():
            for j, wj in postings.get(t, ()):
                lex[j] += w * wj
        # process.extract_iter scores one sentence against all of B's with its
        # pattern built once (fuzz.ratio's values; process.cdist would import NumPy)
        crow = [r / 100.0 for _, r, _ in process.extract_iter(x.norm, norms_b, scorer=fuzz.ratio)]
        row = [0.8 * lx + CHAR_WEIGHT * max(0.0, c - CHAR_BASE) for lx, c in zip(lex, crow)]
        for j in _sharing(x.names, names_b):
            row[j] += 0.12 * _jaccard(x.names, fb[j].names)
        for j in _sharing(x.numbers, numbers_b):
            row[j] += 0.08 * _jaccard(x.numbers, fb[j].numbers)
        if x.names:
            own = speaker.name_terms(x, _align_term)
            for j in _sharing(x.names, names_b):
                if crow[j] < NEAR and row[j] + POSITION_BONUS >= PAIR and speaker.only_a_speaker_shared(x, fb[j], own, _align_term):
                    row[j] = min(row[j], PAIR - POSITION_BONUS - 0.01)  # (the position bonus lifts none of them)
        for j, c in enumerate(crow):
            if c >= NEAR:
                row[j] = max(row[j], c)
        score.append(row)
        char_rows.append(crow)
    return score, char_rows


def _anchor_bonus(i: int, j: int, anchors: list[tuple[int, int]], keys: list[int]) -> float:
    """A bonus when j lies where i's neighbouring anchors say it should
    (keys: the anchors' A sides, made once: this is asked for every pair)."""
    if not anchors:
        return 0.0
    k = bisect.bisect_left(keys, i)
    lo = anchors[k - 1][1] if k > 0 else -1
    hi = anchors[k][1] if k < len(anchors) else 10**9
    return POSITION_BONUS if lo < j < hi else 0.0


def align(
    sa: Sequence[Sentence],
    sb: Sequence[Sentence],
    fa: Sequence[SentenceFeatures],
    fb: Sequence[SentenceFeatures],
    text_a: str,
    text_b: str,
    words_a: SideWords | None = None,
    words_b: SideWords | None = None,
) -> list[Pair]:
    """The alignment of two reports, in reading order of A with B's own
    sentences placed after the pair that precedes them in B. words_*: the
    sentences' keyed words (wording.py), for the word diffs."""
    words_a = words_a or SideWords(text_a, sa)
    words_b = words_b or SideWords(text_b, sb)
    _weigh([*fa, *fb])
    score, chars = similarity_matrix(fa, fb)
    # 1. Strong pairs first, then the rest with the positional bonus.
    pa: dict[int, int] = {}
    pb: dict[int, int] = {}
    strong = sorted(
        ((score[i][j], i, j) for i in range(len(fa)) for j in range(len(fb)) if score[i][j] >= ANCHOR),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    for s, i, j in strong:
        if i not in pa and j not in pb:
            pa[i], pb[j] = j, i
    anchors = _in_order(sorted(pa.items()))
    keys = [i for i, _ in anchors]
    rest = sorted(  # (those below PAIR, even with the bonus, never pair: not sorted)
        (t for t in (
            (score[i][j] + _anchor_bonus(i, j, anchors, keys), i, j)
            for i in range(len(fa)) if i not in pa
            for j in range(len(fb)) if j not in pb and score[i][j] + POSITION_BONUS >= PAIR
        ) if t[0] >= PAIR),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    for s, i, j in rest:
        if i not in pa and j not in pb:
            pa[i], pb[j] = j, i
    # 2. Groups, and sentences split in two by the other report.
    groups: list[tuple[list[int], list[int]]] = [([i], [j]) for i, j in sorted(pa.items())]
    group_of_a = {i: g for g, (ga, _) in enumerate(groups) for i in ga}
    group_of_b = {j: g for g, (_, gb) in enumerate(groups) for j in gb}
    for j in range(len(fb)):
        if j in group_of_b:
            continue
        for nb in (j - 1, j + 1):
            g = group_of_b.get(nb)
            if g is not None and len(groups[g][1]) == 1 and _attaches(fb[j], [fa[i] for i in groups[g][0]], [fb[nb]]):
                groups[g][1].append(j)
                groups[g][1].sort()
                group_of_b[j] = g
                break
    for i in range(len(fa)):
        if i in group_of_a:
            continue
        for na in (i - 1, i + 1):
            g = group_of_a.get(na)
            if g is not None and len(groups[g][0]) == 1 and len(groups[g][1]) == 1 and _attaches(
                fa[i], [fb[j] for j in groups[g][1]], [fa[na]]
            ):
                groups[g][0].append(i)
                groups[g][0].sort()
                group_of_a[i] = g
                break
    # 3. Kinds, scores, moves, word diffs.
    order = sorted(range(len(groups)), key=lambda g: groups[g][0][0])
    scored = []
    for g in order:
        ga, gb = groups[g]
        if len(ga) == 1 and len(gb) == 1:
            scored.append((score[ga[0]][gb[0]], chars[ga[0]][gb[0]]))
        else:
            scored.append((_group_score(fa, fb, ga, gb),
                           fuzz.ratio(" ".join(fa[i].norm for i in ga), " ".join(fb[j].norm for j in gb)) / 100.0))
    # In order: the chain of pairs that says the most (a copy word for word over two loose pairs that
    # cross it, which a longest chain kept and so called the copy moved)
    chain = set(heaviest_chain([groups[g][1][0] for g in order], [min(1.0, max(sc)) for sc in scored]))
    pairs: list[Pair] = []
    for rank, g in enumerate(order):
        ga, gb = groups[g]
        s, c = scored[rank]
        moved = rank not in chain
        if moved and max(s, c) < MOVED:  # out of place and barely alike: two sentences each said by one report
            for i in ga:
                del group_of_a[i]
            for j in gb:
                del group_of_b[j]
            continue
        diff = word_diff(words_a, ga, words_b, gb)
        match = "same" if not diff else "near" if c >= NEAR else "paraphrase"
        pairs.append(Pair(tuple(ga), tuple(gb), "moved" if moved else match, min(1.0, max(s, c)), match, moved, diff))
    pairs += [Pair((i,), (), "only_a") for i in range(len(fa)) if i not in group_of_a]
    return _place_only_b(pairs, [j for j in range(len(fb)) if j not in group_of_b])


def _attaches(part: SentenceFeatures, partners: list[SentenceFeatures], siblings: list[SentenceFeatures]) -> bool:
    """Does part say the rest of what partners say, beyond its siblings?
    (A sentence that the other report split in two, or joined.)"""
    if part.words < 3:
        return False
    whole = _merge(partners)
    before = _merge(siblings)
    after = _merge([*siblings, part])
    new_terms = {t for t in part.vector if t in whole and t not in before}
    return (
        len(new_terms) >= (1 if part.words <= SHORT_PART else 2)  # a short part may add one word ("could lose")
        and _unit_cos(part.vector, whole) >= ATTACH
        and _unit_cos(after, whole) >= _unit_cos(before, whole) - 0.02
    )


def _merge(feats: list[SentenceFeatures]) -> dict[str, float]:
    out: dict[str, float] = {}
    for f in feats:
        for t, w in f.vector.items():
            out[t] = out.get(t, 0.0) + w
    return out


def _unit_cos(u: dict[str, float], v: dict[str, float]) -> float:
    nu = math.sqrt(sum(w * w for w in u.values())) or 1.0
    nv = math.sqrt(sum(w * w for w in v.values())) or 1.0
    return _cos(u, v) / (nu * nv)


def _group_score(fa, fb, ga: list[int], gb: list[int]) -> float:
    return _unit_cos(_merge([fa[i] for i in ga]), _merge([fb[j] for j in gb]))


def _in_order(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The pairs on the longest chain increasing in both indices."""
    keep = set(longest_chain([j for _, j in pairs]))
    return [p for k, p in enumerate(pairs) if k in keep]


def _place_only_b(pairs: list[Pair], only_b: list[int]) -> list[Pair]:
    """Pairs in A's order (only_a where they fall), each sentence only in B
    after the in-order pair holding the nearest B sentence before it."""
    pairs = sorted(pairs, key=lambda p: p.a[0])
    anchors = sorted((p.b[-1], k) for k, p in enumerate(pairs) if p.b and not p.moved)
    slots: dict[int, list[int]] = {}
    for j in only_b:
        k = bisect.bisect_left(anchors, (j, -1)) - 1
        slots.setdefault(anchors[k][1] if k >= 0 else -1, []).append(j)
    out = [Pair((), (j,), "only_b") for j in slots.get(-1, [])]
    for k, p in enumerate(pairs):
        out.append(p)
        out += [Pair((), (j,), "only_b") for j in slots.get(k, [])]
    return out


# --- word-level differences ------------------------------------------------------
def diff_runs(wa: Sequence[Word], wb: Sequence[Word], ops: Sequence) -> list[tuple[str, int, int, int, int]]:
    """The changed runs among difflib's opcodes for two keyed word lists
    (the equal ones, and those that change no fact, left out)."""
    return [op for op in ops if op[0] != "equal" and not same_words(wa[op[1]:op[2]], wb[op[3]:op[4]])]


def word_diff(words_a: SideWords, ga: Sequence[int], words_b: SideWords, gb: Sequence[int]) -> tuple[DiffOp, ...]:
    """What changed between paired sentences, word by word (case,
    punctuation and the other edits wording.py sets aside apart)."""
    ta, tb = words_a.of(ga), words_b.of(gb)
    text_a, text_b = words_a.text, words_b.text
    ops = []
    for tag, i1, i2, j1, j2 in diff_runs(ta, tb, opcodes(words_a, ga, words_b, gb)):
        a_span = (ta[i1].start, ta[i2 - 1].end) if i2 > i1 else None
        b_span = (tb[j1].start, tb[j2 - 1].end) if j2 > j1 else None
        ops.append(DiffOp(
            tag,
            a_span,
            b_span,
            text_a[a_span[0] : a_span[1]] if a_span else "",
            text_b[b_span[0] : b_span[1]] if b_span else "",
        ))
    return tuple(ops)
