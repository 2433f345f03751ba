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


_DETERMINERS = frozenset("the a an his her their its our my your this that these those of were was is are be been".split())
PRONOUNS = frozenset("he she they it we i".split())
_HEDGE_WORDS = frozenset(fw.HEDGES) | frozenset(fw.APPROXIMATE)
_SAYING_WORDS = frozenset(fw.SAYING) | {"according", fw.ALLEGED}
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
        if group and not (w.key == fw.ALLEGED and self._alleged_says(i)):
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
        if w.key == fw.ALLEGED:
            return "claimed" if self._alleged_says(i) else None
        return fw.SAYING.get(w.key)

    def _alleged_says(self, i: int) -> bool:
        """"he alleged that", not "the alleged hacker" nor "is alleged to"."""
        before = self.words[i - 1].key if i > 0 else ""
        after = self.words[i + 1].key if i + 1 < len(self.words) else ""
        return before not in _DETERMINERS and after != "to"

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
    derived: bool = True  # one report copies or rewrites the other (not two written apart)


def _values(view: SentenceView, lo: int, hi: int, skip: set[int], fn) -> set[str]:
    return {v for i in range(lo, hi) if i - lo not in skip for v in (fn(i),) if v}


def classify(ctx: Context, i1: int, i2: int, j1: int, j2: int, skip_a: set[int], skip_b: set[int]) -> str | None:
    """The kind of fact words i1..i2 of A put against words j1..j2 of B
    change, or None for a change of wording. skip_*: positions in each run
    of numbers both sides give alike. Inside a quotation on both sides, a
    change of no other kind is a quote."""
    kind = _classify(ctx, i1, i2, j1, j2, skip_a, skip_b)
    if kind in (None, "claim") and ctx.a.quote_of(i1, i2) is not None and ctx.b.quote_of(j1, j2) is not None:
        return "quote"
    return kind


def _classify(ctx: Context, i1: int, i2: int, j1: int, j2: int, skip_a: set[int], skip_b: set[int]) -> str | None:
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
    if _respelled(a, b, ra, rb):
        return "variant"
    ha, hb = both(a.hedge, b.hedge)
    if ha != hb and any(len(a.where["hedge"].get(g, ())) != len(b.where["hedge"].get(g, ())) for g in ha ^ hb):
        return "hedge"  # (counted: "may believe ... may pressure" against "may believe ... will pressure")
    # Who says it: a verb of saying of another kind, or one with no verb in
    # its place (a source dropped, "according to" gone); a verb of saying
    # put for a verb of doing is a claim.
    sa, sb = both(a.says, b.says)
    if sa != sb and ((sa - b.saying) or (sb - a.saying)):
        if sa and sb:
            return "attribution"
        if not ctx.derived:
            return None  # two writers place a source in different sentences
        rest = [a.words[i] for i in ra if not a.says(i)] + [b.words[j] for j in rb if not b.says(j)]
        if not any(_content_stem(w.key) and not (w.capitalised or w.key in PRONOUNS) for w in rest) or (
                "said" in sa | sb and any(a.words[i].key == "according" for i in ra) | any(b.words[j].key == "according" for j in rb)):
            return "attribution"
    # Names and places.
    ea, eb = both(a.ent, b.ent)
    gone, new = ea - b.ents, eb - a.ents
    if gone or new:
        if _demonyms(a, ra) and _demonyms(b, rb):
            return "descriptor"
        if _speaker(a, ra) or _speaker(b, rb):
            return "attribution"
        places = any(k.startswith("place:") for k in gone | new)
        if places and (_values(a, i1, min(len(a.words), i2 + 1), set(), a.group)
                       or _values(b, j1, min(len(b.words), j2 + 1), set(), b.group)):
            return "descriptor"
        return "entity"
    # Offices and roles: an office put for an institution is another entity;
    # one plural for another says what a group is.
    roles_a, roles_b = both(a.role, b.role)
    if (roles_a - b.roles) or (roles_b - a.roles):
        heads_a = any(a.words[i].key in ORG_HEADS for i in ra)
        heads_b = any(b.words[j].key in ORG_HEADS for j in rb)
        if (roles_a and heads_b and not roles_b) or (roles_b and heads_a and not roles_a):
            return "entity"
        ga, gb = both(a.group, b.group)
        return "descriptor" if ga and gb and ga != gb else "role"
    ga, gb = both(a.group, b.group)
    if ga and gb and ((ga - b.groups) or (gb - a.groups)):
        return "descriptor"
    if {a.words[i].key for i in ra if is_numeric(a.words[i])} != {b.words[j].key for j in rb if is_numeric(b.words[j])}:
        return "number"
    if ctx.close:
        ca, cb = both(a.stem, b.stem)
        if (ca - b.stems) or (cb - a.stems):
            return "claim"
    return None


def _respelled(a: SentenceView, b: SentenceView, ra: list[int], rb: list[int]) -> bool:
    """One name spelled another way: a short run, capitalised, of similar
    spelling, not one known word for another ("Prince" / "Princess")."""
    if not (0 < len(ra) <= 3 and 0 < len(rb) <= 3):
        return False
    wa, wb = [a.words[i] for i in ra], [b.words[j] for j in rb]
    if not (wa[0].capitalised and wb[0].capitalised) or all(_known(w.key) for w in wa + wb):
        return False
    return similar_names(" ".join(w.text for w in wa), " ".join(w.text for w in wb))


def _known(k: str) -> bool:
    return k in fw.ROLES or k in fw.GROUPS or k in fw.PLACES or k in STOPWORDS or k in TITLES


def _speaker(view: SentenceView, run: list[int]) -> bool:
    """Is a name in run the one speaking: three words or fewer before a
    verb of saying, or just after one ("said Mr Smith", "according to
    Reuters"; not "confirmed that Germans")?"""
    ws = view.words
    for i in run:
        if not view.ent(i):
            continue
        if any(view.says(j) for j in range(i + 1, min(len(ws), i + 4))):
            return True
        j = i - 1
        while j >= 0 and (view.ent(j) or ws[j].key in TITLES or ws[j].key == "to"):
            j -= 1  # back over the rest of the name, its title, "according to"
        if j >= 0 and view.says(j):
            return True
    return False


def _demonyms(view: SentenceView, run: list[int]) -> bool:
    places = [i for i in run if view.ent(i) and view.ent(i).startswith("place:")]  # type: ignore[union-attr]
    return bool(places) and all(view.words[i].key in fw.DEMONYMS for i in places)
