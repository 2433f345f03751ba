"""The rules that tell what kind of fact a changed run of words alters (see
facts.py for the kinds and their order)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from rapidfuzz import fuzz

from reader.core.compare.wording import Word
from reader.core.text import fact_words as fw
from reader.core.text.lexicon import ORG_HEADS, STOPWORDS, TITLES
from reader.core.text.words import stem

NEAR_WORDS = 3  # words between a role and the person it belongs to
_SYNONYM = {w: g.split()[0] for g in fw.SYNONYMS for w in g.split()}
_PLACE_PHRASES = {
    "united kingdom": "gb", "great britain": "gb", "united states": "us",
    "new zealand": "nz", "north korea": "kp", "south korea": "kr",
    "hong kong": "hk", "european union": "eu", "united nations": "un", "saudi arabia": "saudi",
}


_HEDGE_WORDS = frozenset(fw.HEDGES) | frozenset(fw.APPROXIMATE)
_SAYING_WORDS = frozenset(fw.SAYING) | {"according"}
_ROLE_WORDS = fw.ROLES | fw.ROLE_VERBS | fw.ROLE_MODIFIERS | fw.ROLE_DOMAINS


class NameLike(Protocol):
    key: str
    type: str
    text: str


@lru_cache(maxsize=50_000)
def _content_stem(k: str) -> str | None:
    if len(k) < 2 or k in STOPWORDS or not k.isalpha():
        return None
    s = stem(k)
    return _SYNONYM.get(s, s)


def is_numeric(w: Word) -> bool:
    return w.key[:1].isdigit()


def similar_names(a: str, b: str) -> bool:
    """Two spellings of one name ("Laughton" / "Loughton")?"""
    return fuzz.ratio(a.casefold(), b.casefold()) >= 75


def _place(text: str) -> str | None:
    t = " ".join(text.casefold().replace(".", "").split())
    return _PLACE_PHRASES.get(t) or fw.PLACES.get(t)


@dataclass
class SentenceView:
    """The words of one side of a pair, with what the rules ask of each."""

    words: Sequence[Word]
    names: Sequence[NameLike | None]  # the mention each word is in
    quotes: Sequence[int | None]  # the quotation each word is in
    neg: int = 0
    hedges: set[str] = field(default_factory=set)
    saying: set[str] = field(default_factory=set)
    ents: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    groups: set[str] = field(default_factory=set)
    stems: set[str] = field(default_factory=set)

    where: dict[str, dict[str, list[int]]] = field(default_factory=dict)  # feature -> value -> word positions

    def __post_init__(self) -> None:
        self.neg = sum(1 for w in self.words if w.key in fw.NEGATORS)
        features = (("hedge", self.hedges, self.hedge, _HEDGE_WORDS), ("says", self.saying, self.says, _SAYING_WORDS),
                    ("ent", self.ents, self.ent, None), ("role", self.roles, self.role, _ROLE_WORDS),
                    ("group", self.groups, self.group, fw.GROUPS), ("stem", self.stems, self.stem, None))
        for name, bag, fn, vocabulary in features:
            at: dict[str, list[int]] = {}
            for i, w in enumerate(self.words):
                if vocabulary is not None and w.key not in vocabulary:
                    continue  # the quick test: most words are in no list
                if name == "ent" and self.names[i] is None and not w.text[:1].isupper() and w.key not in fw.PLACES:
                    continue
                value = fn(i)
                if value:
                    bag.add(value)
                    at.setdefault(value, []).append(i)
            self.where[name] = at

    def polarity(self) -> bool:
        """Does the sentence say no (a negator, or a verb that negates:
        "prevent", "refuse")?"""
        return self.neg > 0 or any(w.key in fw.NEGATIVE_VERBS for w in self.words)

    # --- what one word is --------------------------------------------------------
    def hedge(self, i: int) -> str | None:
        w = self.words[i]
        if not (w.text[:1].islower() or w.initial):
            return None  # "May", a name or a month
        group = fw.HEDGES.get(w.key)
        if group:
            return group
        group = fw.APPROXIMATE.get(w.key)
        if group:
            ahead = self.words[i + 1 : i + 3]
            if ahead and ahead[0].key in ("than", "to") and group in ("over", "up"):
                ahead = ahead[1:]
            if ahead and is_numeric(ahead[0]):
                return "~" + group
        return None

    def says(self, i: int) -> str | None:
        w = self.words[i]
        if w.key == "according":
            return "said" if i + 1 < len(self.words) and self.words[i + 1].key == "to" else None
        return fw.SAYING.get(w.key)

    def ent(self, i: int) -> str | None:
        w, name = self.words[i], self.names[i]
        if name is not None:
            place = _place(name.text)
            return "place:" + place if place else "name:" + name.key
        for lo in (i - 1, i):
            if 0 <= lo and lo + 1 < len(self.words):
                place = _PLACE_PHRASES.get(self.words[lo].key + " " + self.words[lo + 1].key)
                if place:
                    return "place:" + place
        place = fw.PLACES.get(w.key)
        if place and (w.capitalised or w.key in fw.PLACES):
            return "place:" + place
        if w.capitalised and not w.initial and w.key not in STOPWORDS and not self._title(w.key):
            return "name:" + w.key
        return None

    def role(self, i: int) -> str | None:
        k = self.words[i].key
        if k in fw.ROLES:
            return k[:-1] if k.endswith("s") and k[:-1] in fw.ROLES else k
        if k in fw.ROLE_VERBS:
            return "v:" + {"ran": "run", "led": "lead"}.get(k, k[:4])
        if k in fw.ROLE_MODIFIERS and self._by_role(i):
            return "m:" + k
        if k in fw.ROLE_DOMAINS and i + 1 < len(self.words) and self.words[i + 1].key in fw.ROLES:
            return "d:" + k
        return None

    def group(self, i: int) -> str | None:
        w = self.words[i]
        if w.capitalised and not w.initial:
            return None  # "the United States", "Citizens Advice"
        return fw.GROUPS.get(w.key)

    def stem(self, i: int) -> str | None:
        return _content_stem(self.words[i].key)

    def _title(self, k: str) -> bool:
        return k in fw.ROLES or k in fw.ROLE_MODIFIERS or k in fw.ROLE_DOMAINS or k in TITLES

    def _by_role(self, i: int) -> bool:
        for j in (i - 1, i + 1):
            if 0 <= j < len(self.words) and (self.words[j].key in fw.ROLES or self._is_person(j)):
                return True
        return False

    def _is_person(self, i: int) -> bool:
        name = self.names[i]
        return name is not None and name.type in ("PERSON", "PER", "")

    # --- about a run ---------------------------------------------------------------
    def quote_of(self, i1: int, i2: int) -> int | None:
        """The quotation all of words i1..i2 are in (for none, the word
        where they would be)."""
        if i2 <= i1:
            if not self.words:
                return None
            around = {self.quotes[j] for j in (i1 - 1, i1) if 0 <= j < len(self.words)}
            return around.pop() if len(around) == 1 else None
        ids = set(self.quotes[i1:i2])
        return ids.pop() if len(ids) == 1 else None

    def person_near(self, i1: int, i2: int) -> str | None:
        for j in [*range(i2, min(len(self.words), i2 + NEAR_WORDS)), *range(i1 - 1, max(-1, i1 - 1 - NEAR_WORDS), -1)]:
            if self._is_person(j):
                return self.names[j].text  # type: ignore[union-attr]
        return None

    def spoken(self) -> bool:
        return bool(self.saying) or any(q is not None for q in self.quotes)


@dataclass
class Context:
    a: SentenceView
    b: SentenceView
    close: bool  # few words changed: a change of content words is a claim


def _values(view: SentenceView, lo: int, hi: int, skip: set[int], fn) -> set[str]:
    return {v for i in range(lo, hi) if i - lo not in skip for v in (fn(i),) if v}


def classify(ctx: Context, i1: int, i2: int, j1: int, j2: int, skip_a: set[int], skip_b: set[int]) -> str | None:
    """The kind of fact words i1..i2 of A put against words j1..j2 of B
    change, or None for a change of wording. skip_*: positions in each run
    of numbers both sides give alike."""
    a, b = ctx.a, ctx.b
    ra = [i for i in range(i1, i2) if i - i1 not in skip_a]
    rb = [j for j in range(j1, j2) if j - j1 not in skip_b]
    if not ra and not rb:
        return None

    def both(fn_a, fn_b) -> tuple[set[str], set[str]]:
        return _values(a, i1, i2, skip_a, fn_a), _values(b, j1, j2, skip_b, fn_b)

    # Negation: one side says not, or the opposite verb.
    neg_a = sum(1 for i in ra if a.words[i].key in fw.NEGATORS)
    neg_b = sum(1 for j in rb if b.words[j].key in fw.NEGATORS)
    if neg_a != neg_b and a.neg != b.neg:
        return "negation"
    signs_a = {fw.ANTONYM_OF[a.words[i].key] for i in ra if a.words[i].key in fw.ANTONYM_OF}
    signs_b = {fw.ANTONYM_OF[b.words[j].key] for j in rb if b.words[j].key in fw.ANTONYM_OF}
    if any(-s in signs_b for s in signs_a):
        return "negation"
    # Words of a quotation.
    if a.quote_of(i1, i2) is not None and b.quote_of(j1, j2) is not None:
        return "quote"
    # Hedges, and who says it.
    ha, hb = both(a.hedge, b.hedge)
    if (ha - b.hedges) or (hb - a.hedges):
        return "hedge"
    sa, sb = both(a.says, b.says)
    if (sa - b.saying) or (sb - a.saying):
        return "attribution"
    # Names and places.
    ea, eb = both(a.ent, b.ent)
    gone, new = ea - b.ents, eb - a.ents
    if gone or new:
        text_a = " ".join(a.words[i].text for i in ra if a.ent(i))
        text_b = " ".join(b.words[j].text for j in rb if b.ent(j))
        if gone and new and similar_names(text_a, text_b):
            return "variant"
        if gone and new and (a.spoken() or b.spoken()) and any(k.startswith("name:") for k in gone | new):
            return "attribution"
        places = any(k.startswith("place:") for k in gone | new)
        if places and (_values(a, i1, min(len(a.words), i2 + 1), set(), a.group)
                       or _values(b, j1, min(len(b.words), j2 + 1), set(), b.group)):
            return "descriptor"
        return "entity"
    # Offices and roles: an office put for an institution is another entity.
    roles_a, roles_b = both(a.role, b.role)
    if (roles_a - b.roles) or (roles_b - a.roles):
        heads_a = any(a.words[i].key in ORG_HEADS for i in ra)
        heads_b = any(b.words[j].key in ORG_HEADS for j in rb)
        return "entity" if (roles_a and heads_b and not roles_b) or (roles_b and heads_a and not roles_a) else "role"
    ga, gb = both(a.group, b.group)
    if (ga - b.groups) or (gb - a.groups):
        return "descriptor"
    if {a.words[i].key for i in ra if is_numeric(a.words[i])} != {b.words[j].key for j in rb if is_numeric(b.words[j])}:
        return "number"
    if ctx.close:
        ca, cb = both(a.stem, b.stem)
        if (ca - b.stems) or (cb - a.stems):
            return "claim"
    return None


# --- a free paraphrase: the sentences compared as wholes ------------------------------
Found = tuple[str, list[int], list[int]]  # (kind, positions in A's words, positions in B's words)
_PRONOUNS = frozenset("he she they it we i".split())


def _changed_values(view: SentenceView, other: SentenceView, feature: str, changed: set[int],
                    keep=lambda v: True) -> dict[str, list[int]]:
    """Values of a feature this side has in a changed, unquoted word that the
    other side has nowhere, with their positions."""
    out = {}
    for v, at in view.where[feature].items():
        if v in other.where[feature] or not keep(v):
            continue
        at = [i for i in at if i in changed and view.quotes[i] is None]
        if at:
            out[v] = at
    return out


def _nearest(gone: dict[str, list[int]], new: dict[str, list[int]], to_b) -> tuple[list[int], list[int]]:
    """The gone and new values that stand nearest each other's place."""
    best = min(((abs(to_b(ga[0]) - nb[0]), ga, nb) for ga in gone.values() for nb in new.values()), key=lambda t: t[0])
    return best[1], best[2]


def paraphrase(ctx: Context, to_b, to_a, changed_a: set[int], changed_b: set[int]) -> list[Found]:
    """The facts of a pair worded apart, read off each sentence as a whole
    (words inside quotations aside: a quotation is compared as a quote):
    a negation one side has, a hedge one side has, a verb of saying of
    another kind or a source dropped, and names, roles and groups put for
    one another. At most one fact of a kind."""
    a, b = ctx.a, ctx.b
    out: list[Found] = []

    def located(at_a: list[int], at_b: list[int]) -> tuple[list[int], list[int]]:
        return (at_a or [to_a(j) for j in at_b[:1]]), (at_b or [to_b(i) for i in at_a[:1]])

    neg_a = [i for i, w in enumerate(a.words) if w.key in fw.NEGATORS]
    neg_b = [j for j, w in enumerate(b.words) if w.key in fw.NEGATORS]
    if bool(neg_a) != bool(neg_b) and not any(w.key in fw.NEGATIVE_VERBS for w in (b.words if neg_a else a.words)):
        out.append(("negation", *located(neg_a[:1], neg_b[:1])))
    gone = _changed_values(a, b, "hedge", changed_a)
    new = _changed_values(b, a, "hedge", changed_b)
    if gone or new:
        out.append(("hedge", *located(next(iter(gone.values()), [])[:1], next(iter(new.values()), [])[:1])))
    gone = _changed_values(a, b, "says", changed_a)
    new = _changed_values(b, a, "says", changed_b)
    if gone and new and a.saying.isdisjoint(b.saying):
        out.append(("attribution", *(x[:1] for x in _nearest(gone, new, to_b))))
    else:
        dropped = [at[:1] for at in gone.values() if not b.saying and _source_gone(a, b, at[0])]
        added = [at[:1] for at in new.values() if not a.saying and _source_gone(b, a, at[0])]
        if dropped or added:
            out.append(("attribution", *located(dropped[0] if dropped else [], added[0] if added else [])))
    out += _names(a, b, changed_a, changed_b, to_b)
    for feature, kind in (("role", "role"), ("group", "descriptor")):
        if any(f[0] == kind for f in out):
            continue
        plain = (lambda v: ":" not in v) if feature == "role" else (lambda v: True)
        gone = _changed_values(a, b, feature, changed_a, plain)
        new = _changed_values(b, a, feature, changed_b, plain)
        if gone and new:
            out.append((kind, *(x[:1] for x in _nearest(gone, new, to_b))))
        elif feature == "role" and (gone or new):
            at_a = next(iter(gone.values()), [])[:1]
            at_b = next(iter(new.values()), [])[:1]
            other = [b.words[to_b(i)] for i in at_a] + [a.words[to_a(j)] for j in at_b]
            if any(w.key in ORG_HEADS for w in other):  # "ambassador" / "embassy"
                out.append(("entity", *located(at_a, at_b)))
    return out


def _source_gone(view: SentenceView, other: SentenceView, i: int) -> bool:
    """Is the speaker of the verb of saying at i (a name or pronoun beside
    it; "according to" names one) missing from the other sentence?"""
    if view.words[i].key == "according":
        return True
    near = [j for j in range(max(0, i - 2), min(len(view.words), i + 3)) if j != i]
    keys = [view.ent(j) for j in near if view.ent(j)] + [view.words[j].key for j in near if view.words[j].key in _PRONOUNS]
    present = other.ents | {w.key for w in other.words}
    return bool(keys) and not any(k in present for k in keys)


def _names(a: SentenceView, b: SentenceView, changed_a: set[int], changed_b: set[int], to_b) -> list[Found]:
    """Names and places put for one another (same sort: place for place,
    name for name); a spelling of one name at one mention is a variant; a
    short form of a name ("Electoral Commission" in "the Electoral
    Commission's") is no change."""
    gone = _changed_values(a, b, "ent", changed_a)
    new = _changed_values(b, a, "ent", changed_b)
    text_a = {v: " ".join(a.words[i].text for i in at) for v, at in gone.items()}
    text_b = {v: " ".join(b.words[j].text for j in at) for v, at in new.items()}
    others_a = " ".join(w.text for w in a.words).casefold()
    others_b = " ".join(w.text for w in b.words).casefold()
    gone = {v: at for v, at in gone.items() if text_a[v].casefold() not in others_b}
    new = {v: at for v, at in new.items() if text_b[v].casefold() not in others_a}
    out: list[Found] = []
    for va in list(gone):
        for vb in list(new):
            if similar_names(text_a[va], text_b[vb]):
                out.append(("variant", gone.pop(va), new.pop(vb)))
                break
    for sort in ("place:", "name:"):
        ga = {v: at for v, at in gone.items() if v.startswith(sort)}
        nb = {v: at for v, at in new.items() if v.startswith(sort)}
        if ga and nb:
            at_a, at_b = _nearest(ga, nb, to_b)
            group_after = (at_a[-1] + 1 < len(a.words) and a.group(at_a[-1] + 1)) or (
                at_b[-1] + 1 < len(b.words) and b.group(at_b[-1] + 1))
            out.append(("descriptor" if sort == "place:" and group_after else "entity", at_a, at_b))
            break
    return out
