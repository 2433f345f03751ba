"""How alike two entities' names are as spellings: the word-by-word score
the variants are flagged by.

Words are paired in order (a name misspelt keeps its word order) and every
word must have a counterpart at least this alike: 0.7 in a name of several
words, where the other words add evidence, 0.8 for a name of one word
("Medicare" / "Medicaid" is two programmes). A person's one-word name is
compared with a full name's given name and surname ("Ian" / "Iain Duncan
Smith"); two full names only as full names, so that a surname is never
paired with a given name ("Johnson" / "John Kelly"). Names of other types
keep their number of words; words that differ only by an ending are one word
inflected ("Democrat" / "Democratic", "Republicans"), not misspelt.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from reader.core.entities.model import Entity
from reader.core.entities.normalise import key, name_tokens
from reader.core.text.words import stem

NEAR = 0.7  # two words this alike (0..1) may be one word spelled two ways
NEAR_ALONE = 0.8  # the same, for a name of one word


@dataclass(frozen=True)
class Near:
    """A word of one name that is a misspelling of a word of the other."""

    word: str
    other: str
    given: bool  # a person's given name (the first word of a full name, or a one-word name set against it)


def forms(e: Entity) -> set[str]:
    return {key(f) for f in (e.canonical, *e.aliases)}


def _person_forms(e: Entity) -> tuple[list[str], bool]:
    """A person's spellings (titles dropped), and whether they are full names:
    a full name's one-word aliases ("Dowden") are left out."""
    names = {" ".join(name_tokens(f)) for f in (e.canonical, *e.aliases)}
    full = [n for n in names if len(n.split()) > 1]
    return (full, True) if full else (sorted(names), False)


def inflected(w: str, v: str) -> bool:
    """One word with another ending: "democrat" / "democratic"."""
    return stem(w) == stem(v)


def substituted(w: str, v: str) -> bool:
    """The spellings differ by a changed letter, not only by letters added or
    dropped or by accents ("John" / "Joan", not "Clare" / "Claire" nor "Raul"
    / "Raúl")."""
    w, v = _unaccented(w), _unaccented(v)
    return Levenshtein.distance(w, v) != abs(len(w) - len(v))


def _unaccented(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def pair_score(s: str, t: str, person: bool = False) -> tuple[float, list[Near]] | None:
    """How alike two spellings are, and their misspelt words; None when they
    differ in no word that is merely misspelt (then they are aliases or
    different names)."""
    ts, tt = s.split(), t.split()
    short, long = (ts, tt) if len(ts) <= len(tt) else (tt, ts)
    if not person and len(short) != len(long):
        return None
    floor = NEAR_ALONE if len(short) == 1 else NEAR
    total = 0.0
    near: list[Near] = []
    worst = 1.0
    last = -1
    for n, w in enumerate(short):
        # the best counterpart after the previous word's; a surname with the surname
        if len(short) == len(long):
            choices: range | list[int] = [n]
        elif n == len(short) - 1 and len(short) > 1:
            choices = [len(long) - 1]
        else:
            choices = range(last + 1, len(long))
        best, best_i = 0.0, -1
        for i in choices:
            v = long[i]
            r = 1.0 if w == v else fuzz.ratio(w, v) / 100
            if r > best:
                best, best_i = r, i
        if best < floor or best_i <= last:
            return None  # a word with no counterpart: another name
        last = best_i
        if best < 1.0:
            if inflected(w, long[best_i]) and not (person and best_i == len(long) - 1):
                return None  # "Republican" / "Republicans": the same word (a surname has no plural:
                # "Fontes" / "Fonte", "Whitlock" / "Whitlocke" are one name misspelt)
            given = person and best_i == 0 and len(long) > 1
            near.append(Near(w, long[best_i], given))
            worst = min(worst, best)
        total += best
    if not near:
        return None
    s_tok = total / len(short)
    s_edit = fuzz.ratio(s, t) / 100
    s_cover = len(short) / len(long)
    # the least alike word weighs most: one misspelt word, not two names
    score = 0.4 * worst + 0.3 * s_edit + 0.15 * s_tok + 0.15 * s_cover
    if min(len(n.word) for n in near) < 5:
        score *= 0.9  # "Ian"/"Iain" but also "John"/"Joan": short words are weaker evidence
    return score, near


def spelling(x: Entity, y: Entity) -> tuple[float, list[Near]] | None:
    """The best score over the two entities' spellings, with its misspelt words."""
    pairs: list[tuple[str, str, bool]] = []
    person = x.type == y.type == "PERSON"
    if person:
        (fx, full_x), (fy, full_y) = _person_forms(x), _person_forms(y)
        if full_x == full_y:
            pairs = [(s, t, False) for s in fx for t in fy]
        else:  # a one-word name against a full name's given name and surname
            ones, fulls = (fx, fy) if full_y else (fy, fx)
            for f in fulls:
                toks = f.split()
                pairs += [(s, toks[0], True) for s in ones] + [(s, toks[-1], False) for s in ones]
    else:
        pairs = [(s, t, False) for s in forms(x) for t in forms(y)]
    best: tuple[float, list[Near]] | None = None
    for s, t, given in pairs:
        found = pair_score(s, t, person)
        if found is not None and given:
            found = (found[0], [Near(n.word, n.other, True) for n in found[1]])
        if found is not None and (best is None or found[0] > best[0]):
            best = found
    return best
