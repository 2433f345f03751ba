"""Entities across articles: tying one entity's spellings together, and
linking near-identical spellings that probably name the same entity.

Linking (link_across, merge) is for names that are the same by the rules of
normalisation: an alias shared by two articles, a surname that belongs to one
full name in the corpus, an acronym and its long form. Variants
(find_variants) are kept apart, with a score that says how sure the link is,
for the comparison view to flag: "Tim Loughton" and "Tim Laughton".
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz

from reader.core.entities.gazetteer import lookup
from reader.core.entities.model import NUMBER_TYPES, Entity, Variant
from reader.core.entities.normalise import abbreviates, is_acronym, key, name_tokens

_DIGITS = re.compile(r"\d+")
_NEAR = 0.7  # two words this alike (0..1) may be one word spelled two ways
MIN_SCORE = 0.6


# --- linking ----------------------------------------------------------------
class _Groups:
    """Union-find over (type, key)."""

    def __init__(self) -> None:
        self.parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(self, x: tuple[str, str]) -> tuple[str, str]:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: tuple[str, str], b: tuple[str, str]) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def _link(entity_lists: list[list[Entity]]) -> tuple[_Groups, dict[tuple[str, str], list[Entity]]]:
    groups = _Groups()
    by_node: dict[tuple[str, str], list[Entity]] = defaultdict(list)
    for entities in entity_lists:
        for e in entities:
            node = (e.type, key(e.canonical))
            by_node[node].append(e)
            groups.find(node)
            for alias in e.aliases:
                if e.type == "PERSON" and len(name_tokens(alias)) == 1 and len(name_tokens(e.canonical)) > 1:
                    continue  # "Dowden" is linked through surnames below, where it is unambiguous
                groups.union(node, (e.type, key(alias)))
    # a one-word person in one article, a full name in others: "Dowden"
    people = [n for n in by_node if n[0] == "PERSON"]
    full = [n for n in people if len(n[1].split()) > 1]
    by_part: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for n in full:
        toks = n[1].split()
        by_part[toks[-1]].add(n)
        by_part[toks[0]].add(n)
    for n in people:
        if len(n[1].split()) == 1:
            owners = {groups.find(o) for o in by_part.get(n[1], ())}
            if len(owners) == 1:
                groups.union(owners.pop(), n)
    # an acronym in one article, its long form in another
    orgs = [n for n in by_node if n[0] == "ORG"]
    longs = [(n, by_node[n][0].canonical) for n in orgs if len(n[1].split()) > 1]
    for n in orgs:
        short = by_node[n][0].canonical
        if is_acronym(short):
            owners = {groups.find(ln) for ln, text in longs if abbreviates(short, text)}
            if len(owners) == 1:
                groups.union(owners.pop(), n)
    return groups, by_node


def _group_name(members: list[Entity]) -> str:
    """The canonical of a linked group: the most informative name written
    most often (longest for people and organisations)."""
    counts: Counter = Counter()
    for e in members:
        counts[e.canonical] += e.count
    return max(counts, key=lambda c: (len(c.split()) > 1, counts[c], len(c)))


def link_across(entity_lists: list[list[Entity]]) -> dict[str, str]:
    """Alias (and canonical) as written -> the canonical name of the entity
    it names across all the lists (one list per article)."""
    groups, by_node = _link(entity_lists)
    members: dict[tuple[str, str], list[Entity]] = defaultdict(list)
    for node, entities in by_node.items():
        members[groups.find(node)].extend(entities)
    out: dict[str, str] = {}
    for group in members.values():
        name = _group_name(group)
        for e in group:
            out[e.canonical] = name
            for alias in e.aliases:
                out.setdefault(alias, name)
    return out


def merge(entity_lists: list[list[Entity]]) -> list[Entity]:
    """The entities of a corpus, linked across articles, with how many
    mentions and how many articles each has; most documents first."""
    groups, by_node = _link(entity_lists)
    members: dict[tuple[str, str], list[Entity]] = defaultdict(list)
    for node, entities in by_node.items():
        members[groups.find(node)].extend(entities)
    docs: Counter = Counter()
    for entities in entity_lists:
        for root in {groups.find((e.type, key(e.canonical))) for e in entities}:
            docs[root] += 1
    out = []
    for root, group in members.items():
        aliases: Counter = Counter()
        for e in group:
            for alias in (e.canonical, *e.aliases):
                aliases[alias] += e.count if alias == e.canonical else 1
        out.append(
            Entity(
                canonical=_group_name(group),
                type=root[0],
                aliases=tuple(a for a, _ in aliases.most_common()),
                count=sum(e.count for e in group),
                documents=docs[root],
            )
        )
    out.sort(key=lambda e: (-e.documents, -e.count, e.type, e.canonical))
    return out


# --- variants ---------------------------------------------------------------
def _forms(e: Entity) -> set[str]:
    return {key(f) for f in (e.canonical, *e.aliases)}


def _pair_score(s: str, t: str) -> float | None:
    """How alike two spellings are, or None when they differ in no word that
    is merely misspelt (then they are aliases or different names)."""
    ts, tt = s.split(), t.split()
    short, long = (ts, tt) if len(ts) <= len(tt) else (tt, ts)
    free = list(long)
    total = 0.0
    near = 0
    shortest_near = 99
    worst = 1.0
    for w in short:
        best, best_i = 0.0, -1
        for i, v in enumerate(free):
            r = 1.0 if w == v else fuzz.ratio(w, v) / 100
            if r > best:
                best, best_i = r, i
        if best < _NEAR:
            return None  # a word with no counterpart: another name
        if best < 1.0:
            near += 1
            shortest_near = min(shortest_near, len(w))
            worst = min(worst, best)
        total += best
        free.pop(best_i)
    if not near:
        return None
    s_tok = total / len(short)
    s_edit = fuzz.ratio(s, t) / 100
    s_cover = len(short) / len(long)
    # the least alike word weighs most: one misspelt word, not two names
    score = 0.4 * worst + 0.3 * s_edit + 0.15 * s_tok + 0.15 * s_cover
    if shortest_near < 5:
        score *= 0.9  # "Ian"/"Iain" but also "John"/"Joan": short words are weaker evidence
    return score


def _name_ends(e: Entity, other: Entity) -> set[str]:
    if e.type != "PERSON" or other.type != "PERSON" or len(key(other.canonical).split()) > 1:
        return set()
    toks = name_tokens(e.canonical)
    return {toks[0], toks[-1]} if len(toks) > 1 else set()


def _variant_score(x: Entity, y: Entity) -> float | None:
    if x.type in NUMBER_TYPES or y.type in NUMBER_TYPES:
        return None
    fx, fy = _forms(x), _forms(y)
    if fx & fy:
        return None  # the same entity, already linked
    if set(_DIGITS.findall(x.canonical)) != set(_DIGITS.findall(y.canonical)):
        return None  # "APT31" and "APT40"
    kx, ky = lookup(x.canonical), lookup(y.canonical)
    if kx and ky and kx != ky:
        return None  # "Austria" and "Australia" are both known, and differ
    # a one-word name is compared with the first and last words of a full
    # name too: "Ian" and "Iain Duncan Smith"
    fx, fy = fx | _name_ends(x, y), fy | _name_ends(y, x)
    best = max((s for a in fx for b in fy if (s := _pair_score(a, b)) is not None), default=None)
    if best is None:
        return None
    if x.type != y.type:
        best *= 0.8
    return best


def _blocks(e: Entity) -> set[tuple[str, str]]:
    """Keys that two variants are likely to share: a type family and the
    first letter of some word."""
    family = "NAME" if e.type in ("PERSON", "ORG") else e.type
    return {(family, w[0]) for f in _forms(e) for w in f.split() if w}


def find_variants(a: list[Entity], b: list[Entity], min_score: float = MIN_SCORE) -> list[Variant]:
    """Pairs (one entity of a, one of b) whose spellings are near-identical
    but not linked: most sure first. Pass the same list twice to look for
    variants within one article."""
    same = a is b
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for j, e in enumerate(b):
        for blk in _blocks(e):
            index[blk].append(j)
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
                score = _variant_score(x, y)
                if score is not None and score >= min_score:
                    out.append(Variant(x.canonical, y.canonical, x.type, round(score, 3)))
    out.sort(key=lambda v: (-v.score, v.a, v.b))
    return out


def variants_of(entity_lists: Iterable[list[Entity]], min_score: float = MIN_SCORE) -> list[Variant]:
    """Variants across a corpus: find_variants over its merged entities."""
    merged = merge(list(entity_lists))
    return find_variants(merged, merged, min_score)
