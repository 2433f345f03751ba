"""Quotations two paired sentences give differently.

What someone is reported to have said is exact, so a quotation whose words
changed is a fact. Not every difference in a quotation is one, though: two
reports transcribe one speech apart, and one report rewrites another's
punctuation. A quotation is compared with its counterpart as a whole, and
these are no change:

- punctuation and quote style (never words here), a function word ("or
  steel" / "or a steel"), a word's form ("he's run" / "he's running"),
  the same words in another order;
- where each report begins and ends the quotation (one quotes a speech
  from its start, the other from its second sentence; one stops earlier):
  only the stretch both quote is compared;
- words one report leaves out where it marks the cut with an ellipsis.

A negator, a hedge word and a content word in one and not the other are a
change. Numbers are left to numbers.py.

Quotations are paired by the words they share (in a report derived from the
other, by their order where they share none). In a report that
rewrites the other, a quotation the other sentence does not quote at all, and whose words it does
not give, is a fact too: a quotation dropped or put in the report's own
words ("the West must wake up to..." / the West must acknowledge...).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence

from reader.core.compare.fact_rules import SentenceView, is_numeric
from reader.core.compare.wording import same_words
from reader.core.text import fact_words as fw
from reader.core.text.lexicon import STOPWORDS
from reader.core.text.words import stem

Span = tuple[int, int]  # word positions [start, end) in one side's sentence view
QuoteFact = tuple[str, int, int, int, int]  # ("quote", i1, i2, j1, j2)
_KEPT = fw.NEGATORS | frozenset(fw.HEDGES)  # function words whose change is a fact
SHARED = 2  # words two quotations of reports written apart share, at least, to be one
SHARE = 0.5  # ... as a share of the shorter's words
SAID_ELSEWHERE = 0.8  # share of a quotation's words the other sentence gives that makes it no dropped quote
_ELLIPSIS = ("…", "...", ". . .")


def quotations(view: SentenceView) -> dict[int, list[int]]:
    """The quotations in a sentence view: id -> word positions, in order."""
    out: dict[int, list[int]] = {}
    for i, q in enumerate(view.quotes):
        if q is not None:
            out.setdefault(q, []).append(i)
    return out


def _material(view: SentenceView, at: Sequence[int]) -> list[str]:
    """The words of at that make what was said: content words by stem,
    negators and hedges; not function words, not numbers."""
    out = []
    for i in at:
        k = view.words[i].key
        if not k[:1].isalnum() or is_numeric(view.words[i]):
            continue
        if k in STOPWORDS and k not in _KEPT:
            continue
        out.append(k if k in _KEPT else stem(k))
    return out


def _one_form(x: str, y: str) -> bool:
    """Two stems of one word ("run" / "runn", "stopp" / "stop")?"""
    return x == y or (min(len(x), len(y)) >= 3 and (x.startswith(y) or y.startswith(x)))


def _left(xs: list[str], ys: list[str]) -> tuple[list[str], list[str]]:
    """The words of each list that the other lacks, a word's forms one word."""
    rest_y = list(ys)
    rest_x = []
    for x in xs:
        for k, y in enumerate(rest_y):
            if _one_form(x, y):
                del rest_y[k]
                break
        else:
            rest_x.append(x)
    return rest_x, rest_y


def _shared(xs: list[str], ys: list[str]) -> int:
    return len(xs) - len(_left(xs, ys)[0])


def pair_quotations(a: SentenceView, b: SentenceView, derived: bool) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Quotations of A paired with quotations of B; those of each left
    unpaired."""
    qa, qb = quotations(a), quotations(b)
    words_a = {q: _material(a, at) for q, at in qa.items()}
    words_b = {q: _material(b, at) for q, at in qb.items()}
    candidates = []
    for x, wx in words_a.items():
        for y, wy in words_b.items():
            shared = _shared(wx, wy)
            share = shared / max(1, min(len(wx), len(wy)))
            if shared and (derived or (shared >= SHARED and share >= SHARE)):
                candidates.append((-share, -shared, x, y))
    pairs, used_a, used_b = [], set(), set()
    for _s, _n, x, y in sorted(candidates):
        if x not in used_a and y not in used_b:
            pairs.append((x, y))
            used_a.add(x)
            used_b.add(y)
    rest_a = [x for x in qa if x not in used_a]
    rest_b = [y for y in qb if y not in used_b]
    if derived and rest_a and len(rest_a) == len(rest_b):  # in order, where they share no word
        pairs += list(zip(rest_a, rest_b))
        rest_a, rest_b = [], []
    return sorted(pairs), rest_a, rest_b


def _cut(text: str, view: SentenceView, at: list[int], k: int) -> bool:
    """Does the quotation at mark a cut with an ellipsis before its k-th word?"""
    if k <= 0 or k >= len(at):
        return False
    gap = text[view.words[at[k - 1]].end : view.words[at[k]].start]
    return any(e in gap for e in _ELLIPSIS)


def compare_quotations(a: SentenceView, b: SentenceView, at_a: list[int], at_b: list[int],
                       text_a: str, text_b: str) -> tuple[Span, Span] | None:
    """Where two paired quotations differ in what was said, as word spans
    on each side (None: transcribed apart, the same words)."""
    at_a = [i for i in at_a if not _editorial(text_a, a, at_a[0], i)]
    at_b = [j for j in at_b if not _editorial(text_b, b, at_b[0], j)]
    if not at_a or not at_b:
        return None
    keys_a = [a.words[i].key for i in at_a]
    keys_b = [b.words[j].key for j in at_b]
    ops = difflib.SequenceMatcher(None, keys_a, keys_b, autojunk=False).get_opcodes()
    if any(op[0] == "equal" for op in ops):  # where one begins or ends the quotation earlier: no change
        while ops and ops[0][0] in ("delete", "insert"):
            ops = ops[1:]
        while ops and ops[-1][0] in ("delete", "insert"):
            ops = ops[:-1]
    changed_a: list[int] = []
    changed_b: list[int] = []
    lo_a = lo_b = 0
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal" or same_words([a.words[i] for i in at_a[i1:i2]], [b.words[j] for j in at_b[j1:j2]]):
            continue  # ("tax filing" / "tax-filing")
        if (tag == "delete" and _cut(text_b, b, at_b, j1)) or (tag == "insert" and _cut(text_a, a, at_a, i1)):
            continue  # the one that leaves words out marks the cut
        if not changed_a and not changed_b:
            lo_a, lo_b = i1, j1
        changed_a += [at_a[i] for i in range(i1, i2)]
        changed_b += [at_b[j] for j in range(j1, j2)]
    gone, new = _left(_material(a, changed_a), _material(b, changed_b))
    if not (gone or new):
        return None
    span_a = (min(changed_a), max(changed_a) + 1) if changed_a else _anchor(at_a, lo_a)
    span_b = (min(changed_b), max(changed_b) + 1) if changed_b else _anchor(at_b, lo_b)
    return span_a, span_b


def _editorial(text: str, view: SentenceView, first: int, i: int) -> bool:
    """Is word i inside brackets the reporter put into the quotation
    ("these (local) supervisors", "if they [Democrats] don't")?"""
    before = text[view.words[first].start : view.words[i].start]
    return before.count("(") > before.count(")") or before.count("[") > before.count("]")


def _anchor(at: list[int], k: int) -> Span:
    i = at[min(k, len(at) - 1)] if at else 0
    return (i, i)


def quote_facts(a: SentenceView, b: SentenceView, text_a: str, text_b: str, derived: bool,
                to_b: Callable[[int], int] | None = None, to_a: Callable[[int], int] | None = None,
                only: set[int] | None = None, rewrite: bool = False) -> list[QuoteFact]:
    """One quote fact for each quotation given differently (see the module
    docstring). only: the quotations of A to look at (all when None). to_b,
    to_a: where a word of one side stands on the other. rewrite: one report
    rewrites the other sentence by sentence (not abridges it), so that a
    quotation the other does not give is a fact."""
    pairs, rest_a, rest_b = pair_quotations(a, b, derived)
    qa, qb = quotations(a), quotations(b)
    out: list[QuoteFact] = []
    for x, y in pairs:
        if only is not None and x not in only:
            continue
        found = compare_quotations(a, b, qa[x], qb[y], text_a, text_b)
        if found:
            (i1, i2), (j1, j2) = found
            out.append(("quote", i1, i2, j1, j2))
    if rewrite and only is None:
        for x in rest_a:
            if _dropped(a, qa[x], b) and to_b is not None:
                j = to_b(qa[x][0])
                out.append(("quote", qa[x][0], qa[x][-1] + 1, j, j))
        for y in rest_b:
            if _dropped(b, qb[y], a) and to_a is not None:
                i = to_a(qb[y][0])
                out.append(("quote", i, i, qb[y][0], qb[y][-1] + 1))
    return sorted(out, key=lambda f: (f[1], f[3]))


def _dropped(view: SentenceView, at: list[int], other: SentenceView) -> bool:
    """A quotation the other sentence neither quotes nor gives in its words."""
    words = _material(view, at)
    if not words:
        return False
    given = _shared(words, _material(other, range(len(other.words))))
    return given < SAID_ELSEWHERE * len(words)
