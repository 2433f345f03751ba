"""What changed inside a pair of aligned sentences that alters a fact, by kind.

Two sentences that say the same thing (a near copy, a paraphrase, a moved
sentence) are diffed word by word (wording.py keys the words, so spelling,
quote style and the like are no change). Each changed run is read for
what it changes (kinds.py tries negation, variant, hedge, attribution,
names and places, role, descriptor, number and claim in that order, and
calls a claim, or a change of none of them, inside a quotation on both
sides a quote):

- `negation`: a "not", "never", "no" one side has and the other lacks, or a
  verb put for its opposite ("denied" / "admitted");
- `quote`: words inside quotation marks on both sides (what someone is
  reported to have said is exact: any change counts, one entry a quotation);
- `hedge`: how sure it is ("allegedly", "may", "is thought to", "if", "about"
  before a number) given on one side only, or another kind of hedge;
- `attribution`: the verb of saying changed in kind ("said" / "claimed"), a
  source dropped, or a quotation given to another speaker;
- `variant`: one mention of a name spelled another way (names that differ
  at every mention are the comparison's variants, listed there);
- `descriptor`: what a group is ("nationals" / "immigrants", "British" /
  "English" before a group);
- `entity`: one named thing put in another's place ("UK" / "American"),
  also an office for an institution ("ambassador" / "embassy");
- `role`: a title, office or occupation ("minister" / "chancellor", "work
  for" / "are the owners of");
- `number`: a changed number that numbers.py does not list;
- `claim`: the content words changed otherwise (the verb or its object),
  only where the pair is otherwise close: in a free paraphrase nearly every
  word is another, and only the kinds above can be told from wording.

A number that numbers.py lists (a different value, or one given by one
side) is left to it, and so are names it lists as variants.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from reader.core.compare import fact_rules as rules
from reader.core.compare import kinds, paraphrase, quotes, retold
from reader.core.compare.align import Pair, diff_runs
from reader.core.compare.model import Fact
from reader.core.compare.names import name_key
from reader.core.compare.wording import SideWords, Word, opcodes
from reader.core.text.lexicon import STOPWORDS

CLOSE = 0.35  # share of a sentence's words changed below which a pair is close enough to read claims in
# How alike two paraphrased sentences must be (the alignment's score) for
# their differences to be facts: one report derived from the other (a
# rewrite, an abridgement) says the same things in other words, so a
# looser pair still says one thing; two reports written apart pair
# sentences that only share a subject, whose differences are no facts.
PARAPHRASE_DERIVED = 0.45
PARAPHRASE_APART = 0.60
# In a report that rewrites the other sentence by sentence, a pair looser
# than that (but paired) is read for its quotations alone.
QUOTES_ONLY = 0.35
# A copy is word for word when it rewords no more than these of its paired
# sentences: then a content word changed is an edit worth listing; in a
# report reworded throughout, it is wording unless the words are known to
# mean other things (text/claim_words.py).
VERBATIM_PAIRS = 2
VERBATIM_SHARE = 0.15
MAX_LABEL = 70  # characters of each side's words in a label


@dataclass(frozen=True)
class Name:
    """An entity mention in one text, under the key both sides share."""

    start: int
    end: int
    key: str  # variants of one name share a key
    type: str
    text: str


@dataclass
class SideText:
    """One side's text, with what the fact rules look up in it."""

    words: SideWords  # the text, its sentences and their keyed words
    names: list[Name]  # sorted by start
    quotes: list[tuple[int, int]]  # quoted spans, sorted
    listed_numbers: list[tuple[int, int]]  # spans of numbers numbers.py lists
    same_numbers: list[tuple[int, int]]  # spans of numbers both sides give alike

    @property
    def text(self) -> str:
        return self.words.text

    def __post_init__(self) -> None:
        self._name_starts = [n.start for n in self.names]
        self._quote_starts = [s for s, _ in self.quotes]

    def name_at(self, w: Word) -> Name | None:
        k = bisect.bisect_right(self._name_starts, w.start) - 1
        while k >= 0 and self.names[k].end > w.start:
            if self.names[k].start <= w.start < self.names[k].end:
                return self.names[k]
            k -= 1
        return None

    def quote_at(self, w: Word) -> int | None:
        k = bisect.bisect_right(self._quote_starts, w.start) - 1
        return k if k >= 0 and w.end <= self.quotes[k][1] else None


def _overlaps(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    k = bisect.bisect_right(spans, (e, e)) - 1
    while k >= 0:
        if spans[k][1] > s:
            if spans[k][0] < e:
                return True
        else:
            break
        k -= 1
    return False


def find_facts(pairs: Sequence[Pair], side_a: SideText, side_b: SideText, derived: bool = True,
               rewrite: bool = False) -> list[Fact]:
    """The changed facts of every aligned pair, in A's reading order.
    derived: one report copies, rewrites or abridges the other; rewrite:
    copies or rewrites it sentence by sentence (not abridges it)."""
    out: list[Fact] = []
    respelled: set[tuple[str, str]] = set()
    paired = sum(1 for p in pairs if p.a and p.b)
    reworded = sum(1 for p in pairs if p.a and p.b and p.diff)
    verbatim = derived and (reworded <= VERBATIM_PAIRS or reworded <= VERBATIM_SHARE * paired)
    named = (_named(side_a), _named(side_b)) if derived and rewrite else None
    for k, p in enumerate(pairs):
        if p.a and p.b and p.diff:
            for f in pair_facts(k, p, side_a, side_b, derived, verbatim, rewrite, named):
                if f.kind == "variant":  # one name spelled another way at several mentions: one entry, the first
                    key = (name_key(side_a.text[f.a[0] : f.a[1]]), name_key(side_b.text[f.b[0] : f.b[1]]))
                    if key in respelled:
                        continue
                    respelled.add(key)
                out.append(f)
    return out


def _named(side: SideText) -> retold.Told:
    """The names and places a whole report gives, its words as names are written, and its roles
    with whom each is given to."""
    ws = side.words.of(range(len(side.words.sentences)))
    view = rules.SentenceView(ws, [side.name_at(w) for w in ws], [side.quote_at(w) for w in ws])
    roles = frozenset((v, view.holder(i)) for v, at in view.where["role"].items() for i in at)
    return retold.Told(view.named(), view.name_forms(), roles)


def pair_facts(k: int, p: Pair, side_a: SideText, side_b: SideText, derived: bool = True,
               verbatim: bool = True, rewrite: bool = False,
               named: tuple[retold.Told, retold.Told] | None = None) -> list[Fact]:
    """The facts of pair k. Between two reports written apart, a source
    that one sentence names and the other leaves to its neighbour is no
    fact, nor (but in near copies) is a change of content words: both are
    how two writers tell one thing. verbatim: one report copies the other
    word for word but for a few sentences, so that any content word changed
    in them may be a claim changed."""
    wa, wb = side_a.words.of(p.a), side_b.words.of(p.b)
    ops = opcodes(side_a.words, p.a, side_b.words, p.b)
    runs = diff_runs(wa, wb, ops)
    if not runs:
        return []
    changed = max(sum(i2 - i1 for _, i1, i2, _, _ in runs) / max(1, len(wa)),
                  sum(j2 - j1 for _, _, _, j1, j2 in runs) / max(1, len(wb)))
    ctx = rules.Context(
        rules.SentenceView(wa, [side_a.name_at(w) for w in wa], [side_a.quote_at(w) for w in wa]),
        rules.SentenceView(wb, [side_b.name_at(w) for w in wb], [side_b.quote_at(w) for w in wb]),
        close=p.match == "near" or (derived and changed <= CLOSE),
        derived=derived,
        verbatim=verbatim,
        rewrite=rewrite,
        named=named,
    )
    all_runs = runs
    runs = [op for op in runs if not (_numbers_listed(wa[op[1]:op[2]], side_a) or _numbers_listed(wb[op[3]:op[4]], side_b))]
    if ctx.close:
        found = []
        quoted: set[int] = set()  # quotations with a change of no other kind: compared whole
        for _tag, i1, i2, j1, j2 in runs:
            kind = kinds.classify(ctx, i1, i2, j1, j2, _numeric_same(wa[i1:i2], side_a), _numeric_same(wb[j1:j2], side_b))
            if kind == "quote":
                q = ctx.a.quote_in(i1, i2)
                if q is None:  # a run across the quotation's end: the quotation its quoted words are in
                    q = next((ctx.a.quotes[i] for i in range(i1, i2) if ctx.a.quotes[i] is not None), None)
                quoted.add(q)  # type: ignore[arg-type]
            elif kind:
                found.append((kind, i1, i2, j1, j2))
        found = _merge(found, ctx)
        if quoted:
            found += quotes.quote_facts(ctx.a, ctx.b, side_a.text, side_b.text, derived, only=quoted)
            found.sort(key=lambda f: (f[1], f[3]))
    elif p.score < (PARAPHRASE_DERIVED if derived else PARAPHRASE_APART):
        if not (rewrite and p.score >= QUOTES_ONLY):
            return []
        # what someone said is exact: a rewrite's loose pair still gives its quotations, if nothing else
        to_b, to_a = _counterparts(ops, wa, wb)
        found = quotes.quote_facts(ctx.a, ctx.b, side_a.text, side_b.text, derived, to_b, to_a, rewrite=rewrite)
    else:
        to_b, to_a = _counterparts(ops, wa, wb)
        # read whole, a sentence's changed words are every run's but the numbers listed apart ("since 2012,
        # reportedly posted" / "last year, wrote": the run with the year held the hedge, and went with it)
        changed_a = {i for _, i1, i2, _, _ in all_runs for i in range(i1, i2) if not _listed_number(wa[i], side_a)}
        changed_b = {j for _, _, _, j1, j2 in all_runs for j in range(j1, j2) if not _listed_number(wb[j], side_b)}
        found = [(kind, *_extent(at_a), *_extent(at_b)) for kind, at_a, at_b in
                 paraphrase.facts(ctx, to_b, to_a, changed_a, changed_b) if at_a and at_b]
        found += quotes.quote_facts(ctx.a, ctx.b, side_a.text, side_b.text, derived, to_b, to_a, rewrite=rewrite)
        found.sort(key=lambda f: (f[1], f[3]))
    found = [("attribution" if kind in ("role", "descriptor") and _source_changed(ctx, i1, i2, j1, j2) else kind,
              i1, i2, j1, j2) for kind, i1, i2, j1, j2 in found]
    return [_fact(k, kind, i1, i2, j1, j2, ctx, side_a, side_b) for kind, i1, i2, j1, j2 in found]


def _source_changed(ctx: rules.Context, i1: int, i2: int, j1: int, j2: int) -> bool:
    """Is a role or a group changed the source's ("Local officials said" / "aid workers said")? In a
    sentence copied only where one side drops or adds it ("spokesperson" / "spokeswoman" in place is
    the office written otherwise)."""
    if i2 <= i1 or j2 <= j1:
        return _unnamed_speaker(ctx.a, i1, i2) or _unnamed_speaker(ctx.b, j1, j2)
    return not ctx.close and _unnamed_speaker(ctx.a, i1, i2) and _unnamed_speaker(ctx.b, j1, j2)


def _unnamed_speaker(view: rules.SentenceView, i1: int, i2: int) -> bool:
    """Do the words i1..i2 say who speaks, a group or an office and no one named ("Local officials
    said" / "aid workers said", "according to media reports")? Then what changed is the source, an
    attribution; a named speaker's title changed is a role ("Foreign Secretary Lin said")."""
    if i2 <= i1 or view.person_near(i1, i2):
        return False
    # (the verb may be in the run: "Local officials said"; or just before it: "said officials")
    return any(view.speaks(i) for i in range(i1, i2)) or (i1 > 0 and view.says(i1 - 1) is not None)


def _extent(at: list[int]) -> tuple[int, int]:
    """The run of consecutive positions that starts at the first of at."""
    end = at[0] + 1
    while end in at:
        end += 1
    return at[0], end


def _counterparts(ops, wa: Sequence[Word], wb: Sequence[Word]):
    """Functions from a word's position on one side to the position of the
    word in its place on the other: beside the nearest neighbour (within
    three words) that the other side has once, else by the diff's runs."""
    n_a, n_b = len(wa), len(wb)
    by_ops_b, by_ops_a = [0] * n_a, [0] * n_b
    for _tag, i1, i2, j1, j2 in ops:
        for i in range(i1, i2):
            by_ops_b[i] = min(max(0, n_b - 1), j1 + min(i - i1, max(0, j2 - j1 - 1)))
        for j in range(j1, j2):
            by_ops_a[j] = min(max(0, n_a - 1), i1 + min(j - j1, max(0, i2 - i1 - 1)))

    def once(ws: Sequence[Word]) -> dict[str, int]:
        seen: dict[str, int] = {}
        for k, w in enumerate(ws):
            if len(w.key) > 2 and w.key not in STOPWORDS:
                seen[w.key] = -1 if w.key in seen else k
        return {key: k for key, k in seen.items() if k >= 0}

    once_a, once_b = once(wa), once(wb)

    def mapper(ws: Sequence[Word], there: dict[str, int], n_there: int, by_ops: list[int]):
        def to(i: int) -> int:
            for d in (1, 2, 3):
                for nb, shift in ((i - d, d), (i + d, -d)):
                    if 0 <= nb < len(ws) and ws[nb].key in there:
                        return min(max(0, there[ws[nb].key] + shift), n_there - 1)
            return by_ops[i]
        return to

    return mapper(wa, once_b, n_b, by_ops_b), mapper(wb, once_a, n_a, by_ops_a)


def _listed_number(w: Word, side: SideText) -> bool:
    return rules.is_numeric(w) and _overlaps(side.listed_numbers, w.start, w.end)


def _numbers_listed(run: Sequence[Word], side: SideText) -> bool:
    return any(_listed_number(w, side) for w in run) or (
        bool(run) and all(_overlaps(side.listed_numbers, w.start, w.end) for w in run))


def _numeric_same(run: Sequence[Word], side: SideText) -> set[int]:
    """Positions in run of number words of a number both sides give alike."""
    return {i for i, w in enumerate(run) if rules.is_numeric(w) and _overlaps(side.same_numbers, w.start, w.end)}


def _merge(found: list[tuple[str, int, int, int, int]], ctx: rules.Context) -> list[tuple[str, int, int, int, int]]:
    """Runs of one kind close together are one fact; the runs inside one
    quotation are one quote."""
    out: list[tuple[str, int, int, int, int]] = []
    for f in found:
        if out and out[-1][0] == f[0]:
            kind, i1, i2, j1, j2 = out[-1]
            near = f[1] - i2 <= 2 and f[3] - j2 <= 2
            same_quote = kind == "quote" and ctx.a.quote_of(i1, f[2]) is not None and (
                ctx.a.quote_of(i1, i2) == ctx.a.quote_of(f[1], f[2]))
            if near or same_quote:
                out[-1] = (kind, i1, max(i2, f[2]), j1, max(j2, f[4]))
                continue
        out.append(f)
    return out


def _fact(k: int, kind: str, i1: int, i2: int, j1: int, j2: int, ctx: rules.Context,
          side_a: SideText, side_b: SideText) -> Fact:
    span_a, phrase_a = _where(ctx.a.words, i1, i2, side_a.text)
    span_b, phrase_b = _where(ctx.b.words, j1, j2, side_b.text)
    label = f"{kind}: {phrase_a or '—'} → {phrase_b or '—'}"
    if kind == "role":
        who = ctx.a.person_near(i1, i2) or ctx.b.person_near(j1, j2)
        if who:
            label += f" ({who})"
    return Fact(kind, k, span_a, span_b, phrase_a, phrase_b, label)


def _where(ws: Sequence[Word], i1: int, i2: int, text: str) -> tuple[tuple[int, int], str]:
    """The span of a changed run (for words one side lacks, the word where
    they would be), and its words for a label with a word of context on
    each side where the run is short."""
    if i2 > i1:
        span = (ws[i1].start, ws[i2 - 1].end)
    elif ws:
        anchor = ws[min(i1, len(ws) - 1)]
        span = (anchor.start, anchor.end)
    else:
        return (0, 0), ""
    lo, hi = i1, i2
    if i2 - i1 <= 2:  # a word of context each side
        lo, hi = max(0, i1 - 1), min(len(ws), i2 + 1)
    if hi <= lo:
        return span, ""
    phrase = " ".join(text[ws[lo].start : ws[hi - 1].end].split())
    if len(phrase) > MAX_LABEL:
        phrase = phrase[: MAX_LABEL - 1].rstrip() + "…"
    return span, phrase


_QUOTE_MARKS = re.compile(r"[\"“”«»„]|(?<![\w])‘|’(?![\w])")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """The quoted passages of text, marks included, whatever the marks'
    style (a rewrite may open with ” or close with “): marks pair up in
    order within a paragraph, and one left open closes with it."""
    out: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        opened = None
        for m in _QUOTE_MARKS.finditer(text, para.start(), para.end()):
            if opened is None:
                opened = m.start()
            else:
                out.append((opened, m.end()))
                opened = None
        if opened is not None:
            out.append((opened, para.end()))
    return out
