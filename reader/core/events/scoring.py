"""What two reports' who, what, where and when say of their being one event
(the rules cluster.py's docstring describes): pair_factor, the penalties of
what sets them apart; agreement, the kinds of evidence that they tell one
happening.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Sequence
from itertools import chain
from typing import Protocol

from reader.core.events import features as ft
from reader.core.events import grouping
from reader.core.events.features import Features
from reader.core.text import lexicon as lx
from reader.core.text.words import WORD, content_terms


class Doc(Protocol):
    """What the rules read of a report (cluster.Doc: cluster.py imports this module)."""

    title: str
    source: str
    vector: dict[str, float]
    features: Features | None

    @property
    def day(self) -> int | None: ...


class Settings(Protocol):
    """What the rules read of the setting (cluster.Settings)."""

    date_grace_days: float
    date_halving_days: float
    day_penalty: float
    weekday_penalty: float
    subject_penalty: float
    place_penalty: float
    what_penalty: float
    number_penalty: float
    direction_penalty: float
    outlet_penalty: float


# Capitalised words of a headline that are no particular of one event: a
# title ("Senator", "Secretary"), the head of an organisation's name
# ("Bank", "House"); and short ones, mostly acronyms of a whole topic
# ("GOP", "AI", "IRS"). As terms (the core's tokenizer stems them).
_GENERIC_NAMES = frozenset(chain.from_iterable(map(content_terms, lx.TITLES | lx.PERSON_CUES | lx.ORG_HEADS)))
_MIN_NAME = 4


class _Particulars(dict):
    """Each set of terms' particulars (the generic and short ones left out), found once: a subject's
    names, or the headline's other terms that may stand for them."""

    def __missing__(self, names: frozenset[str]) -> frozenset[str]:
        if len(self) >= 200_000:
            self.clear()
        value = self[names] = frozenset(t for t in names if len(t) >= _MIN_NAME and t not in _GENERIC_NAMES)
        return value


_PARTICULARS = _Particulars()


def _subject_names(d: Doc, rarest: _Rarest) -> frozenset[str] | set[str]:
    """What the subject rule looks for in the other report: the rarest of
    the headline's names. A headline written in capitals that names none,
    or no particular (only "U.S.", "EC": short ones, of a whole topic; case
    tells no name there, and a wire's text may not write the name again:
    "GOLDFIELD CORP 4TH QTR NET" over a table of figures) has its
    other terms stand for them, the one weighing most in its vector (TF-IDF:
    a rare term of the headline, as the company's name in a wire's results;
    the vector, and not the IDF table, because the event index keeps the
    vectors as they were weighed, and the IDF of the subjects' terms only).
    Found once per report (rarest.stand_ins)."""
    f = d.features
    if f.subject and (_PARTICULARS[f.subject] or not d.title.isupper()):
        return rarest[f.subject]
    found = rarest.stand_ins.get(d.id)
    if found is None:
        found = rarest.stand_ins[d.id] = _stand_in(d) if d.title.isupper() else frozenset()
    return found


def _stand_in(d: Doc) -> frozenset[str]:
    terms = _PARTICULARS[d.features.what]
    if not terms:
        return terms
    packed = d.vector.packed() if hasattr(d.vector, "packed") else None
    if packed is None:
        weights = {t: d.vector[t] for t in terms if t in d.vector}
    else:  # a stored vector still unread (rows.Vector): its weights read without making it a dict
        line, doubles = packed
        at = {t: k for k, t in enumerate(line.split(" ")) if t in terms}
        values = array("d", doubles) if at else ()
        weights = {t: values[k] for t, k in at.items()}
    top = max(weights.values(), default=0.0)
    return frozenset(t for t, w in weights.items() if w >= top)


def _rarest(names: frozenset[str], idfs: dict[str, float]) -> set[str]:
    top = max(idfs[t] for t in names)
    return {t for t in names if idfs[t] >= top}


class _Rarest(dict):
    """Each subject's rarest names under one IDF table, found once."""

    def __init__(self, idfs: dict[str, float]):
        super().__init__()
        self.idfs = idfs
        self.stand_ins: dict[str, frozenset[str]] = {}  # report id -> what stands for its subject (_subject_names)

    def __missing__(self, names: frozenset[str]) -> set[str]:
        value = self[names] = _rarest(names, self.idfs)
        return value


def _told(d: Doc) -> frozenset[int]:
    """The days a report's lead names, or those it was written about: the day it was published and the one before."""
    return d.features.days if d.features.day is not None else frozenset((d.day, d.day - 1))


def _other_outlets(a: Doc, b: Doc) -> bool:
    """Two known outlets, each wording a happening its own way ("Mitt To Akin: Drop Out")."""
    return bool(a.source) and bool(b.source) and a.source.casefold() != b.source.casefold()


def pair_factor(a: Doc, b: Doc, idfs: dict[str, float], s: Settings, rarest: dict | None = None) -> float:
    """What the when, who, what and how many of two reports make of their
    similarity (1: nothing against them being one event). rarest: a
    _Rarest of idfs, to find each subject's rarest names once."""
    rarest = _Rarest(idfs) if rarest is None else rarest
    fa, fb = a.features, b.features
    if fa is None or fb is None:
        return 1.0
    f = 1.0
    da, db = a.day, b.day
    if da is not None and db is not None:
        gap = abs(da - db)
        f *= grouping.day_factor(gap, s.date_grace_days, s.date_halving_days)
        # Leads that name no day tell of the day they were written or the one
        # before: three days apart or more, they are two days of a storyline.
        if gap >= 2 and ft.days_apart(_told(a), _told(b)):
            f *= s.day_penalty
    elif fa.weekdays and fb.weekdays and ft.weekdays_apart(fa.weekdays, fb.weekdays) and not _named_alike(a, b):
        f *= s.weekday_penalty
    sa = _subject_names(a, rarest)
    if sa and not (sa & fb.terms.keys()) and not _named_otherwise(a, sa, b):
        sb = _subject_names(b, rarest)
        if sb and not (sb & fa.terms.keys()) and not _named_otherwise(b, sb, a):
            f *= s.subject_penalty
    pa, pb = _PARTICULARS[fa.subject], _PARTICULARS[fb.subject]
    if pa and pb and _unmentioned(a, pa, b) and _unmentioned(b, pb, a):
        f *= s.place_penalty
    if not (fa.what & fb.opening) and not (fb.what & fa.opening) and not _other_outlets(a, b):
        f *= s.what_penalty
    if (fa.headline_numbers and fb.headline_numbers and not (fa.headline_numbers & fb.numbers)
            and not (fb.headline_numbers & fa.numbers)):
        f *= s.number_penalty
    if (way := _MOVED[a.title]) and way + _MOVED[b.title] == 0:
        f *= s.direction_penalty
    return f


def _movement(title: str) -> int:
    """A headline's movement: 1 where it says something went up ("raises",
    "rose"), -1 down ("cuts", "fell"), 0 where it says neither or both ("cuts
    taxes, raises fees"). A word of movement after an article, a preposition
    or a negator is a thing talked of ("patience on cuts", "no rise"), not
    what happened."""
    ways, before = set(), ""
    for w in WORD.findall(title.casefold()):
        if before not in lx.NOT_MOVING:
            if w in lx.MOVED_UP:
                ways.add(1)
            elif w in lx.MOVED_DOWN:
                ways.add(-1)
        before = w
    return ways.pop() if len(ways) == 1 else 0


_MOVED = ft._Memo(_movement, 100_000)  # each headline's, found once


def _named_alike(a: Doc, b: Doc) -> bool:
    """Undated both (no day known), do two or more particulars both headlines
    name outweigh the weekdays? Reports of one running story written on other
    days name other weekdays ("on Monday" the remarks, "on Wednesday" the
    senators' reply), and without dates nothing tells which day each means;
    two happenings of one topic seldom have two of their who and where in
    both headlines. Where a date is known the day rules say when."""
    return a.day is None and b.day is None and _distinct(a, b) >= _PARTICIPANTS


def _distinct(a: Doc, b: Doc) -> int:
    """How many particulars both headlines name, a name's words one
    particular where they follow each other in both ("Paul Manafort", "North
    Korea": one each; "Steele" and "Afghanistan": two)."""
    shared = _PARTICULARS[a.features.subject] & _PARTICULARS[b.features.subject]
    if len(shared) < 2:
        return len(shared)
    fa, fb = _FOLLOWS[a.title], _FOLLOWS[b.title]
    return len(shared) - sum(1 for t in shared if any(n in shared and n in fb.get(t, ()) for n in fa.get(t, ())))


def _unmentioned(d: Doc, names: frozenset[str], other: Doc) -> bool:
    """Does d's headline name a particular the other report never mentions,
    a given name before a surname it does mention excused (_named_otherwise)?"""
    terms = other.features.terms
    missing = [t for t in names if t not in terms]
    return bool(missing) and any(not _named_otherwise(d, (t,), other) for t in missing)


def _named_otherwise(d: Doc, names, other: Doc) -> bool:
    """Is each of names directly followed, in d's headline, by another of its
    names that the other report mentions, and to which the other's headline
    gives no given name of another initial? One person is "Dave Brat" in one
    report and "David Brat" in another, "Jim" and "James Mattis": the given
    name is written otherwise, the surname the same; Eric and Donald Trump are
    two."""
    follows = _FOLLOWS[d.title]
    particulars = _PARTICULARS[d.features.subject]  # a surname, not "Ltd" of "Atco Ltd"
    terms = other.features.terms
    return all(any(n in particulars and n in terms and _one_initial(t, n, other) for n in follows.get(t, ()))
               for t in names)


def _one_initial(given: str, surname: str, other: Doc) -> bool:
    """Are the names other's headline gives right before surname (if any) of given's initial?"""
    subject = other.features.subject
    return all(t[0] == given[0] for t, after in _FOLLOWS[other.title].items() if surname in after and t in subject)


class _Follows(dict):
    """Each headline's terms -> the terms of the words directly after them, found once."""

    def __missing__(self, title: str) -> dict[str, tuple[str, ...]]:
        if len(self) >= 100_000:
            self.clear()
        words = [content_terms(w) for w in title.split()]
        out: dict[str, tuple[str, ...]] = {}
        for here, after in zip(words, words[1:]):
            for t in here:
                out[t] = out.get(t, ()) + tuple(after)
        value = self[title] = out
        return value


_FOLLOWS = _Follows()


def day_bound(a: Doc, b: Doc, s: Settings) -> float:
    """What pair_factor(a, b, ...) is at most, from the days alone: its day
    factor, every other rule only discounting (keep it so as the day rule
    changes: a test holds the two). Read without the features' sets, which
    a first grouping decodes only for the pairs whose rules it reads. 1
    where pair_factor reads no days."""
    da, db = a.day, b.day
    if da is None or db is None or not (_featured(a) and _featured(b)):
        return 1.0
    return grouping.day_factor(abs(da - db), s.date_grace_days, s.date_halving_days)


def _featured(d: Doc) -> bool:
    """d.features is not None, without reading a stored report's (tables.StoredDoc: featured)."""
    featured = getattr(d, "featured", None)
    return featured if featured is not None else d.features is not None


def nearest_elsewhere(docs: Sequence[Doc], edges: dict[tuple[int, int], float], fixed: dict[int, str]) -> list[float]:
    """Each report's best similarity to a report of another known outlet:
    from the edges, and between the stored members of one event (fixed),
    which an incremental grouping's edges do not hold, from their vectors."""
    src = [d.source.casefold() for d in docs]
    out = grouping.best_across(len(docs), edges, src)

    def seen(i: int, j: int, sim: float) -> None:
        if sim > out[i]:
            out[i] = sim
        if sim > out[j]:
            out[j] = sim

    if not fixed:
        return out
    # Only a stored report in an edge with one of its own outlet has its
    # figure read (outlet_factor): the members of one event are not compared
    # two by two, a large event's would be many.
    wanted = {k for pair in edges if src[pair[0]] == src[pair[1]] for k in pair if k in fixed and src[k]}
    events: dict[str, list[int]] = defaultdict(list)
    for i, event in fixed.items():
        events[event].append(i)
    for i in sorted(wanted):
        for j in events[fixed[i]]:
            if src[i] != src[j] and src[j]:
                seen(i, j, grouping.cosine(docs[i].vector, docs[j].vector))
    return out


def outlet_factor(a: Doc, b: Doc, sim: float, nearest_a: float, nearest_b: float, s: Settings) -> float:
    """Two reports of one outlet, each more similar to a report of another
    outlet (nearest_a, nearest_b: their best similarities to one) than to
    each other (sim): an outlet seldom tells one happening twice, and where
    others' reports fit each better, the two are more likely its two
    happenings of one topic (two quakes, one storyline's days) than one.
    Where no other outlet reported them (one feed, one wire) nothing is said."""
    if nearest_a > sim and nearest_b > sim and a.source and a.source.casefold() == b.source.casefold():
        return s.outlet_penalty
    return 1.0


_QUOTED, _LONG_QUOTED = 2, 3  # pairs of quoted terms shared: a quotation (one may be "prime minister"), a long one
_PARTICIPANTS = 2  # particulars both headlines name: one ("Trump", "Exxon") is a storyline's, two its happening's


def _one_when(a: Doc, b: Doc) -> bool:
    """Nothing says two reports tell other days: dated, within a day of each
    other; undated, no weekday one lead names more than a day from the other's."""
    da, db = a.day, b.day
    if da is not None and db is not None:
        return abs(da - db) <= 1
    fa, fb = a.features, b.features
    return not (fa.weekdays and fb.weekdays and ft.weekdays_apart(fa.weekdays, fb.weekdays))


def agreement(a: Doc, b: Doc) -> int:
    """How many kinds of evidence say two reports tell one happening: the
    same day (the leads' days, or where a lead names none the day it was
    written, as the day rules read them; their weekdays where no date is known),
    openings (headline and first sentence) that share a third of their
    terms, two or more numbers of the leads in common, a quotation in common
    (a long one counting twice), two or more particulars both headlines name
    (the who and where) with nothing saying they tell other days."""
    fa, fb = a.features, b.features
    if fa is None or fb is None:
        return 0
    n = 0
    if len(_PARTICULARS[fa.subject] & _PARTICULARS[fb.subject]) >= _PARTICIPANTS and _one_when(a, b):
        n += 1
    da, db = a.day, b.day  # the day a lead names, else the day it was written (Doc.day)
    if da is not None and db is not None:
        n += da == db
    elif fa.weekday is not None:
        n += fa.weekday == fb.weekday
    if len(fa.opening & fb.opening) * 3 > min(len(fa.opening), len(fb.opening)):
        n += 1
    if len(fa.numbers & fb.numbers) >= 2:
        n += 1
    shared = len(fa.quoted & fb.quoted)
    if shared >= _QUOTED:
        n += 1 + (shared >= _LONG_QUOTED)
    return n

