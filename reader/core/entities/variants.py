"""Variants: two entities whose names are alike enough to be one entity
written two ways, kept apart and flagged with a score that says how sure the
link is, for the comparison and the article view ("Tim Loughton" / "Tim
Laughton").

What counts, by kind of difference:
- a misspelt word ("Loughton" / "Laughton", "Electoral" / "Election"),
  scored word by word (spelling.py);
- a short form against the full name, spelt differently: the surname or the
  given name ("Mr McDonald" / "Stewart Macdonald", "Sir Ian" / "Sir Iain
  Duncan Smith"), unless the short form is exactly part of another name;
- one letter in an organisation the gazetteer knows as another ("Labor" /
  "Labour"), between two reports only; two known places or peoples stay
  apart ("Austria" / "Australia"), and so do acronyms ("ICC" / "ICJ");
- an organisation reworded (orgnames.py): word order, a word added or
  dropped, another head, a legal suffix, or an acronym of it.
Two people stay apart where the text makes one a man and the other a woman
(cues.py), and within one report where they are named in one sentence or
differ in a letter of the given name ("John Smith" / "Joan Smith": in one
report, two people of one family; across two, one of them misnamed).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from rapidfuzz.distance import Levenshtein

from reader.core.entities.cues import Cues, name_cues, two_people
from reader.core.entities.extraction import group
from reader.core.entities.gazetteer import lookup
from reader.core.entities.linking import merge
from reader.core.entities.model import NUMBER_TYPES, Entity, Mention, Variant
from reader.core.entities.normalise import abbreviates, is_acronym, key, name_parts
from reader.core.entities.orgnames import reworded
from reader.core.entities.spelling import forms, spelling, substituted

_DIGITS = re.compile(r"\d+")
# A party and a state after a politician's name ("R-La.", "D-N.C."): no entity of its own.
_PARTY_TAG = re.compile(r"^[A-Z]-[A-Z][A-Za-z.]{0,5}$")
MIN_SCORE = 0.6
ACRONYM = 0.7  # an acronym in one report, the name it abbreviates in the other
KNOWN_ORG_LETTER = 0.85  # how much of a misspelling's score a one-letter known-organisation pair keeps
CROSS_TYPE = 0.8  # how much a pair of two types ("ORG" / "PERSON") keeps of its score,
CROSS_TYPE_FLOOR = 0.85  # and only from a score this high: one type is then probably a mistake


def _known_apart(x: Entity, y: Entity, within: bool) -> bool | None:
    """Whether the gazetteer knows the two as different entities that stay
    apart: True (apart), False (two known organisations one letter apart,
    compared across reports: "Labor" / "Labour"), None (not both known)."""
    kx, ky = lookup(x.canonical), lookup(y.canonical)
    if not (kx and ky and kx != ky):
        return None
    if within or kx[0] != "ORG" or ky[0] != "ORG" or is_acronym(x.canonical) or is_acronym(y.canonical):
        return True  # places, peoples, acronyms ("ICC" / "ICJ"), or both named in one report
    a, b = key(x.canonical), key(y.canonical)
    return not (min(len(a), len(b)) >= 4 and a[0] == b[0] and Levenshtein.distance(a, b) == 1)


def _org_score(x: Entity, y: Entity, within: bool) -> float | None:
    if x.type != "ORG" or y.type != "ORG":
        return None
    if not within:
        for s, t in ((x.canonical, y.canonical), (y.canonical, x.canonical)):
            if is_acronym(s) and abbreviates(s, t):
                return ACRONYM
    return max(
        (r for s in (x.canonical, *x.aliases) for t in (y.canonical, *y.aliases) if (r := reworded(s, t, within))),
        default=None,
    )


def _variant_score(x: Entity, y: Entity, within: bool = False, cx: Cues | None = None,
                   cy: Cues | None = None) -> float | None:
    if x.type in NUMBER_TYPES or y.type in NUMBER_TYPES:
        return None
    if forms(x) & forms(y):
        return None  # the same entity, already linked
    if _PARTY_TAG.match(x.canonical) or _PARTY_TAG.match(y.canonical):
        return None  # "R-La." / "R-Ala.": two states, no names
    if set(_DIGITS.findall(x.canonical)) != set(_DIGITS.findall(y.canonical)):
        return None  # "APT31" and "APT40"
    apart = _known_apart(x, y, within)
    if apart:
        return None  # "Austria" and "Australia" are both known, and differ
    if (x.type == "PERSON" and lookup(x.canonical)) or (y.type == "PERSON" and lookup(y.canonical)):
        return None  # a place or an organisation taken for a person ("Maine")
    if x.type == y.type == "PERSON" and two_people(cx, cy):
        return None  # "Mr John Smith" and "Joan Smith ... she"
    if within and cx and cy and cx.sentences & cy.sentences:
        return None  # named in one sentence: two names
    found = spelling(x, y)
    best = None
    if found is not None:
        best, near = found
        if within and any(n.given and substituted(n.word, n.other) for n in near):
            best = None  # "John Smith" and "Joan Smith" in one report: two people
        elif apart is False:
            best *= KNOWN_ORG_LETTER  # both real parties: a misspelling, or another party named
    org = _org_score(x, y, within)
    if org is not None and (best is None or org > best):
        best = org
    if best is not None and x.type != y.type:
        best = best * CROSS_TYPE if best >= CROSS_TYPE_FLOOR else None
    return best


def _blocks(e: Entity) -> set[tuple[str, str]]:
    """Keys that two variants are likely to share: a type family and the
    first letter of some word."""
    family = "NAME" if e.type in ("PERSON", "ORG") else e.type
    return {(family, w[0]) for f in forms(e) for w in f.split() if w}


def _part_of_another(e: Entity, parts: set[str]) -> bool:
    """A one-word person's name that is exactly a part of a full name on the
    other side: it is that person, not a misspelling of another."""
    return e.type == "PERSON" and len(key(e.canonical).split()) == 1 and key(e.canonical) in parts


def find_variants(a: list[Entity], b: list[Entity], min_score: float = MIN_SCORE,
                  cues_a: Mapping[str, Cues] | None = None, cues_b: Mapping[str, Cues] | None = None) -> list[Variant]:
    """Pairs (one entity of a, one of b) whose names are alike but not
    linked: most sure first. Pass the same list twice to look for variants
    within one article (stricter: see the module's docstring). cues_a and
    cues_b (name_cues of each text) let the text's titles, pronouns and
    sentences keep two people apart."""
    same = a is b
    cues_a, cues_b = cues_a or {}, cues_b or {}
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for j, e in enumerate(b):
        for blk in _blocks(e):
            index[blk].append(j)
    parts_a = name_parts((e.type, e.canonical) for e in a)
    parts_b = name_parts((e.type, e.canonical) for e in b)
    seen: set[tuple[int, int]] = set()
    out: list[Variant] = []
    for i, x in enumerate(a):
        for blk in _blocks(x):
            for j in index.get(blk, ()):
                pair = (min(i, j), max(i, j)) if same else (i, j)
                if (same and i == j) or pair in seen:
                    continue
                seen.add(pair)
                y = b[j]
                if _part_of_another(x, parts_b) or _part_of_another(y, parts_a):
                    continue
                score = _variant_score(x, y, same, cues_a.get(x.canonical), cues_b.get(y.canonical))
                if score is not None and score >= min_score:
                    out.append(Variant(x.canonical, y.canonical, x.type, round(score, 3)))
    out.sort(key=lambda v: (-v.score, v.a, v.b))
    return out


def variants_within(mentions: Sequence[Mention], text: str | None = None,
                    min_score: float = MIN_SCORE) -> list[Variant]:
    """Names written two ways inside one report ("Stewart Macdonald" ... "Mr
    McDonald"), for the article view: find_variants of the report's entities
    against themselves, with the text's cues when it is given. Each variant's
    a and b are canonical names: the mentions to mark are those whose
    canonical is one of them."""
    names = [m for m in mentions if m.type not in NUMBER_TYPES]
    if not names:
        return []
    ents = group(names)
    cues = name_cues(names, text) if text is not None else None
    return find_variants(ents, ents, min_score, cues, cues)


def variants_of(entity_lists: Iterable[list[Entity]], min_score: float = MIN_SCORE) -> list[Variant]:
    """Variants across a corpus: find_variants over its merged entities."""
    merged = merge(list(entity_lists))
    return find_variants(merged, merged, min_score)
