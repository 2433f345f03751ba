"""What the fact rules ask of the words of one side of an aligned pair: for
each word, the hedge, verb of saying, name or place, role, group, stem,
act and thing it is, if any (SentenceView); the kinds are told in
kinds.py, for the whole of a free paraphrase in paraphrase.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from rapidfuzz import fuzz

from reader.core.compare.wording import Word
from reader.core.text import claim_words
from reader.core.text import fact_words as fw
from reader.core.text.lexicon import GENERATIONAL, GIVEN_NAME_FORMS, MONTHS, STOPWORDS, TITLES, WEEKDAYS
from reader.core.text.words import stem

NEAR_WORDS = 3  # words between a role and the person it belongs to
_SYNONYM = {w: g.split()[0] for g in fw.SYNONYMS for w in g.split()}
_PLACE_PHRASES = {
    "united kingdom": "gb", "great britain": "gb", "united states": "us",
    "new zealand": "nz", "north korea": "kp", "south korea": "kr",
    "hong kong": "hk", "european union": "eu", "united nations": "un", "saudi arabia": "saudi",
}


_ARTICLES = frozenset("the a an his her their its our my your this that these those".split())
_DETERMINERS = _ARTICLES | frozenset("of were was is are be been".split())  # before "alleged": no verb of saying
PRONOUNS = frozenset("he she they it we i".split())
_PASSIVE = frozenset("is are was were be been being widely generally also not 's".split())
_CALENDAR = WEEKDAYS | frozenset(MONTHS)
_AUXILIARIES = frozenset("is are was were be been being am has have had having 's".split())
_BEFORE_VERB = PRONOUNS | frozenset("to will would can could may might must should shall not never did does do who "
                                    "which that also".split())
_HEDGE_WORDS = frozenset(fw.HEDGES) | frozenset(fw.APPROXIMATE) | {"case"}
_SAYING_WORDS = frozenset(fw.SAYING) | {"according", fw.ALLEGED}
_ROLE_WORDS = fw.ROLES | fw.ROLE_VERBS | fw.ROLE_MODIFIERS | fw.ROLE_DOMAINS | frozenset(fw.ROLE_FORMS)  # "Sen." too


class NameLike(Protocol):
    key: str
    type: str
    text: str


@lru_cache(maxsize=50_000)
def content_stem(k: str) -> str | None:
    if len(k) < 2 or k in STOPWORDS or not k.isalpha():
        return None
    s = stem(k)
    return _SYNONYM.get(s, s)


def is_numeric(w: Word) -> bool:
    return w.key[:1].isdigit()


def similar_names(a: str, b: str) -> bool:
    """Two spellings of one name ("Laughton" / "Loughton")?"""
    return fuzz.ratio(a.casefold(), b.casefold()) >= 75


_QUOTE_CHARS = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', ".": " ", ",": " ", ";": " ", ":": " "})


def _name_words(text: str) -> list[str]:
    out = []
    for w in text.translate(_QUOTE_CHARS).casefold().split():
        w = w.strip("\"'()[]")
        if w.endswith("'s"):
            w = w[:-2]
        if len(w) > 1 and w not in GENERATIONAL and w not in TITLES:  # ("Director John Brennan")
            out.append(w)
    return out


def name_words(text: str) -> frozenset[str]:
    """A name's words but initials, generations and possessives: "Robert
    S. Mueller III" and "Robert Mueller's" are {robert, mueller}."""
    return frozenset(_name_words(text))


def one_name(a: str, b: str) -> bool:
    """The same name, one written more fully or in other marks ("James
    Comey" / "James B. Comey", "NBC's" / "NBC’s"), or its given name in
    another form of one initial before one surname ("Jim Clyburn" / "James
    E. Clyburn"): no other spelling."""
    ga, gb = _generations(a), _generations(b)
    if ga != gb:
        return False  # "Donald Trump Jr." is another man than "Donald Trump"
    la, lb = _name_words(a), _name_words(b)
    wa, wb = frozenset(la), frozenset(lb)
    if not (wa and wb):
        return False
    if wa == wb:
        return True
    if wa < wb or wb < wa:  # "James B. Comey" against "James Comey", or against its cut "James B."
        short, full = (la, lb) if wa < wb else (lb, la)
        return len(short) >= 2 or short[0] == full[0]  # (a surname alone may be another of the family)
    return len(la) == len(lb) == 2 and la[1] == lb[1] and la[0] != lb[0] and (
        GIVEN_NAME_FORMS.get(la[0], la[0]) == GIVEN_NAME_FORMS.get(lb[0], lb[0]))


def _generations(text: str) -> frozenset[str]:
    """"Jr." and "Sr." tell father from son; a "III" is often left out of one man's name."""
    return frozenset(w.strip(".,") for w in text.casefold().split() if w.strip(".,") in ("jr", "sr"))


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
    acts: set[str] = field(default_factory=set)
    objs: set[str] = field(default_factory=set)

    where: dict[str, dict[str, list[int]]] = field(default_factory=dict)  # feature -> value -> word positions

    def __post_init__(self) -> None:
        self.neg = sum(1 for w in self.words if w.key in fw.NEGATORS)
        features = (("hedge", self.hedges, self.hedge, _HEDGE_WORDS), ("says", self.saying, self.says, _SAYING_WORDS),
                    ("ent", self.ents, self.ent, None), ("role", self.roles, self.role, _ROLE_WORDS),
                    ("group", self.groups, self.group, fw.GROUPS), ("stem", self.stems, self.stem, None),
                    ("act", self.acts, self.act, None), ("obj", self.objs, self.obj, None))
        for name, bag, fn, vocabulary in features:
            at: dict[str, list[int]] = {}
            for i, w in enumerate(self.words):
                if vocabulary is not None and w.key not in vocabulary and not (
                        name == "role" and w.key.endswith(fw.OCCUPATION_ENDINGS)):
                    continue  # the quick test: most words are in no list
                if name == "ent" and self.names[i] is None and not w.text[:1].isupper() and w.key not in fw.PLACES:
                    continue
                value = fn(i)
                if value:
                    bag.add(value)
                    at.setdefault(value, []).append(i)
            self.where[name] = at

    # --- what one word is --------------------------------------------------------
    def hedge(self, i: int) -> str | None:
        w = self.words[i]
        if not (w.text[:1].islower() or w.initial):
            return None  # "May", a name or a month
        if w.key == "case":  # "in case he is chosen": a condition, as "if" ("the case", "in the case of": none)
            return "if" if i > 0 and self.words[i - 1].key == "in" and not (
                i + 1 < len(self.words) and self.words[i + 1].key == "of") else None
        group = fw.HEDGES.get(w.key)
        if group == "thought" and not (i > 0 and self.words[i - 1].key in _PASSIVE) and not (
                w.key != "expected" and i + 1 < len(self.words) and self.words[i + 1].key == "to"):
            # ("a time believed to be the fastest": a hedge without "is", as "is believed to")
            return None  # "the committee believed that": who thinks it, not a hedge ("is believed to")
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

    def named(self) -> frozenset[str]:
        """The places it gives and the names its mentions hold (not a word
        merely capitalised: "Democrats" / "Democratic lawmakers")."""
        return frozenset(v for v, at in self.where["ent"].items()
                         if v.startswith("place:") or any(self.names[i] is not None for i in at))

    def name_forms(self, at: Sequence[int] | None = None) -> frozenset[str]:
        """The words (of positions at; else all) as a name may be written
        again: without its dots ("U.S." / "US"), a people's word as its
        place ("Chinese" / "China")."""
        out = set()
        for i in range(len(self.words)) if at is None else at:
            w = self.words[i]
            form = w.text.casefold().replace(".", "").replace("’s", "").replace("'s", "")
            if len(form) > 1 and (w.capitalised or form not in STOPWORDS):  # "US" is no "us"
                out.add(form)
                place = fw.PLACES.get(w.key)
                if place:
                    out.add(place)
        return frozenset(out)

    def ent(self, i: int) -> str | None:
        w, name = self.words[i], self.names[i]
        if name is not None:
            place = _place(name.text)
            return "place:" + place if place else "name:" + name.key
        if w.key in _CALENDAR:
            return None  # "on Thursday", "in March": a date, which numbers.py reads
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
        k = fw.ROLE_FORMS.get(k, k)  # "Sen." / "Senator", "advisor" / "adviser"
        if i > 0 and self.says(i - 1) and k in fw.ROLES and not self.words[i].capitalised:
            return None  # "told reporters": whom it was said to, not what anyone is ("said Councillor Lindsay" is)
        if k in fw.ROLES:
            return k[:-1] if k.endswith("s") and k[:-1] in fw.ROLES else k
        if k.endswith(fw.OCCUPATION_ENDINGS) and self.words[i].text.islower():
            return k  # "a glaciologist", "an oceanographer", "a statistician": no list holds them all
        if k in fw.ROLE_VERBS:
            if (k in fw.ROLE_VERB_NOUNS and not self._subject_before(i)) or self.quotes[i] is not None:
                return None  # "Work is due to start", "the lead", "their own": a noun; "we intend to lead it": said
            return "v:" + fw.ROLE_VERB_STEMS.get(k, k[:4])
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
        return content_stem(self.words[i].key)

    def act(self, i: int) -> str | None:
        """The meaning of a verb of a news event, where the word is used as
        a verb ("they bought", "had been hacking"; not "the funding", "an
        investment fund")."""
        w = self.words[i]
        if not w.key.isalpha() or (w.capitalised and not w.initial):
            return None
        g = claim_words.action(w.key)
        return f"act:{g}" if g is not None and self._verb_use(i) else None

    def _verb_use(self, i: int) -> bool:
        k = self.words[i].key
        before = self.words[i - 1].key if i > 0 else ""
        if before in _ARTICLES or (i > 0 and self.words[i - 1].text[-2:] in ("'s", "’s")):
            return False  # "the ban", "the UK's support"
        if k.endswith("ing"):  # "has been hacking", "accused of hacking them"
            after = self.words[i + 1] if i + 1 < len(self.words) else None
            return before in _AUXILIARIES or (after is not None and (after.key in _ARTICLES or after.key in PRONOUNS
                                                                    or after.key in ("him", "them", "us", "me")))
        if k.endswith("ed") or claim_words.irregular(k):
            return True
        return before in _BEFORE_VERB or before in _AUXILIARIES or (i > 0 and self.names[i - 1] is not None)

    def obj(self, i: int) -> str | None:
        """The meaning of a thing news says is done to ("the deal")."""
        w = self.words[i]
        if not w.key.isalpha() or (w.capitalised and not w.initial):
            return None
        g = claim_words.thing(w.key)
        if g is not None:
            return f"obj:{g}"
        g = claim_words.action(w.key)  # an act named by a noun ("the vote", "the debate"): what happened
        return f"obj:a{g}" if g is not None and not self._verb_use(i) else None

    def governor(self, i: int) -> str:
        """The word before a thing, over its articles ("signed the deal": signed)."""
        j = i - 1
        while j >= 0 and self.words[j].key in _ARTICLES:
            j -= 1
        return self.words[j].key if j >= 0 else ""

    def what(self, feature: str, i: int) -> str | None:
        return self.act(i) if feature == "act" else self.obj(i)

    def echoed(self, i: int, other: SentenceView) -> bool:
        """Does the other sentence have word i in another form ("supporter"
        for "supported")?"""
        return self.stem(i) in other.stems

    def bag(self, feature: str) -> set[str]:
        return self.acts if feature == "act" else self.objs

    def _title(self, k: str) -> bool:
        return k in fw.ROLES or k in fw.ROLE_MODIFIERS or k in fw.ROLE_DOMAINS or k in TITLES

    def _subject_before(self, i: int) -> bool:
        """Is the word before i one a verb follows ("who owns", "he works",
        "Dietz runs", "to lead")?"""
        if i == 0 or self.words[i - 1].sentence != self.words[i].sentence:
            return False
        before = self.words[i - 1]
        return before.key in _BEFORE_VERB or self.names[i - 1] is not None

    def _by_role(self, i: int) -> bool:
        # (over one capitalised word: "Deputy Electricity Minister", an office no list of domains holds)
        wide = i + 2 < len(self.words) and self.words[i + 1].capitalised and self.words[i].capitalised
        for j in (i - 1, i + 1, *((i + 2,) if wide else ())):
            if 0 <= j < len(self.words) and self.quotes[j] == self.quotes[i] and (
                    self.words[j].key in fw.ROLES or self._is_person(j)):  # (not across a quotation's end)
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

    def quote_in(self, i1: int, i2: int) -> int | None:
        """As quote_of, and for no words at the end of a quotation (words
        the other side quotes further), the quotation that ends there."""
        q = self.quote_of(i1, i2)
        if q is None and i2 <= i1:
            around = {self.quotes[j] for j in (i1 - 1, i1) if 0 <= j < len(self.words)} - {None}
            q = around.pop() if len(around) == 1 else None
        return q

    def speaks(self, i: int) -> bool:
        """Is the word at i (a role, a group) who says it: a verb of saying within three words
        after ("officials said", "lawyers for the family argued") or "according to" before?"""
        ws = self.words
        return any(self.says(j) for j in range(i + 1, min(len(ws), i + 4))) or any(
            ws[j].key == "according" for j in range(max(0, i - 3), i))

    def holder(self, i: int) -> str:
        """The surname of whom the role at i is given to, "" when none is named near."""
        who = self.person_near(i, i + 1)
        return who.split()[-1].casefold() if who else ""

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
    close: bool  # few words changed: the diff's runs are read one by one
    derived: bool = True  # one report copies or rewrites the other (not two written apart)
    # ... sentence by sentence (a near-copy or a rewrite), not only abridges it: a short report of an
    # event often reads as "contained" in a long one written apart, and neither drops the other's sources
    rewrite: bool = True
    verbatim: bool = True  # ... word for word but in a few sentences: any content word changed is a claim
    # What each whole report names and calls people (retold.Told, A's and B's), where a rewrite's
    # sentence is read against it (retold.py): None, not read
    named: tuple | None = None
