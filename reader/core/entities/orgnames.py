"""Organisation names compared word by word, for the variants: one
organisation written with its words in another order, a word added or
dropped, another generic head ("task force" / "committee"), or with and
without a legal suffix ("Co., Ltd." / "Company Ltd.").

A name is cut into its distinctive words, stemmed ("Defending" and "Defense"
both begin "defen"), and its heads (lexicon.ORG_HEADS: "committee",
"taskforce", "technology"); connectors ("of", "and") and the company suffix
at the end do not count. Two names are rewordings of one another when their
distinctive words agree and at least one of those is not a place or a people
("New York Times" / "New York Post" share only a place).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from reader.core.entities.gazetteer import lookup
from reader.core.entities.normalise import display, is_acronym
from reader.core.text import lexicon as lx
from reader.core.text.words import stem

_SPLIT = re.compile(r"[\s\-–/]+")
_MIN_PREFIX = 5  # stems that share this many first letters may be one word ("defend", "defens")
# Endings of stems that one word takes in its noun and its verb or adjective:
# defense / defend, defence / defend, democracy / democrat.
_DERIVED = frozenset({("s", "d"), ("c", "d"), ("ci", "t")})
# Endings that make an adjective of a stem: coast / coastal, Iceland / Icelandic.
_ADJECTIVE = frozenset("al ic ical an ian n".split())

# Scores of the kinds of rewording, below most misspellings (0.75 and up).
ORDER_OR_SUFFIX = 0.74  # the same words: "Defence Ministry" / "Ministry of Defence"
HEAD_CHANGED = 0.68  # the same distinctive words, another head: "... Task Force" / "... committee"
WORD_ADDED = 0.66  # one distinctive word more: "Science and Technology" / "Technology"


@dataclass(frozen=True)
class OrgWords:
    distinctive: tuple[str, ...]  # stems, in order
    heads: tuple[str, ...]  # stems of the generic words
    places: frozenset[str]  # distinctive stems that belong to a place's or people's name
    every: tuple[str, ...]  # stems of all its words, in order: two names with the same differ only in endings
    capitals: frozenset[str]  # stems of its words written in capitals ("FBI"): other organisations' acronyms


@lru_cache(maxsize=20_000)
def org_words(name: str) -> OrgWords:
    written = [w for w in _SPLIT.split(display(name).replace(".", "").replace(",", " ")) if w]
    capitals = frozenset(stem(w.lower()) for w in written if len(w) > 1 and w.isupper())
    words = [w.lower() for w in written]
    words = [w[:-2] if w.endswith(("'s", "’s")) else w for w in words]
    joined: list[str] = []
    for w in words:
        if joined and joined[-1] + w in lx.ORG_HEADS:
            joined[-1] += w  # "task force" -> "taskforce"
        else:
            joined.append(w)
    every = tuple(stem(w) for w in joined)
    while len(joined) > 1 and joined[-1] in lx.COMPANY_SUFFIXES:
        joined.pop()
    kept = [w for w in joined if w not in lx.ACRONYM_SKIPS]
    places: set[str] = set()
    for i, w in enumerate(kept):
        for span in (kept[i : i + 1], kept[i : i + 2]):
            known = lookup(" ".join(span))
            if known and known[0] in ("PLACE", "NORP"):
                places.update(stem(s) for s in span)
    distinctive = tuple(stem(w) for w in kept if w not in lx.ORG_HEADS)
    heads = tuple(stem(w) for w in kept if w in lx.ORG_HEADS)
    return OrgWords(distinctive, heads, frozenset(places), every, capitals)


def same_stem(s: str, t: str) -> bool:
    """One word, inflected or derived another way: "coast" / "coastal",
    "defens" / "defend" (defense, defending), "democraci" / "democrat"; not
    "medicar" / "medicaid", "dream" / "dreamer" nor "commiss" / "committe"."""
    if s == t:
        return True
    prefix = 0
    while prefix < min(len(s), len(t)) and s[prefix] == t[prefix]:
        prefix += 1
    if prefix < _MIN_PREFIX:
        return False
    tails = (s[prefix:], t[prefix:])
    return (not tails[0] and tails[1] in _ADJECTIVE) or (not tails[1] and tails[0] in _ADJECTIVE) \
        or tails in _DERIVED or tails[::-1] in _DERIVED


def _match(xs: tuple[str, ...], ys: tuple[str, ...]) -> tuple[list[str], list[str], list[str], bool]:
    """(shared stems, unmatched of xs, unmatched of ys, whether any pair is
    only derivationally alike)."""
    free = list(ys)
    shared, rest_x = [], []
    derived = False
    for x in xs:
        j = next((j for j, y in enumerate(free) if y == x), None)
        if j is None:
            j = next((j for j, y in enumerate(free) if same_stem(x, y)), None)
            derived = derived or j is not None
        if j is None:
            rest_x.append(x)
        else:
            shared.append(x)
            free.pop(j)
    return shared, rest_x, free, derived


def reworded(a: str, b: str, within: bool = False) -> float | None:
    """How sure it is that two organisation names are one organisation
    reworded, or None. Within one report only a change of word order or
    form counts ("Democracy Defence Force" / "Defending Democracy Force"): a
    report that drops a word or a suffix is shortening a name it gave."""
    if is_acronym(a) or is_acronym(b):
        return None  # an acronym is set against what it abbreviates (normalise.abbreviates)
    wa, wb = org_words(a), org_words(b)
    if wa.every == wb.every:
        return None  # "Islam" / "Islamic": one word with two endings, not a name reworded
    shared, extra_a, extra_b, derived = _match(wa.distinctive, wb.distinctive)
    solid = [s for s in shared if s not in wa.places and s not in wb.places]
    if not solid:
        return None
    same_heads = sorted(wa.heads) == sorted(wb.heads)
    extra = len(extra_a) + len(extra_b)
    if within:
        moved = wa.distinctive != wb.distinctive
        return ORDER_OR_SUFFIX if not extra and same_heads and (derived or moved) else None
    if not extra:
        if same_heads:
            return ORDER_OR_SUFFIX
        if not (wa.heads and wb.heads) and (lookup(a) or lookup(b)):
            return None  # a head added to a known name names a part of it: "White House" / "White House Press"
        return HEAD_CHANGED if len(shared) >= 2 and _one_head_changed(wa.heads, wb.heads) else None
    added = extra_a or extra_b
    if extra == 1 and len(shared) >= 2 and same_heads and _in_order(shared, wb.distinctive) \
            and not set(added) & (wa.capitals | wb.capitals):  # "FBI and National Security Agency": two names
        return WORD_ADDED
    return None


def _one_head_changed(ha: tuple[str, ...], hb: tuple[str, ...]) -> bool:
    """One head put for another, added or dropped ("task force" /
    "committee"), not a name grown into another ("Social Security" /
    "Social Security Trust Fund")."""
    a, b = set(ha), set(hb)
    return len(a - b) <= 1 and len(b - a) <= 1


def _in_order(shared: list[str], ys: tuple[str, ...]) -> bool:
    """The shared words (in the first name's order) come in that order in
    the second: a word added, not a name rebuilt ("Republican National
    Committee" / "National Republican Senatorial Committee")."""
    at = [next(i for i, v in enumerate(ys) if same_stem(w, v)) for w in shared]
    return at == sorted(at)
