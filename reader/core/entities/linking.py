"""Entities across articles: tying one entity's spellings together.

Linking (link_across, merge) is for names that are the same by the rules of
normalisation: an alias shared by two articles, a surname that belongs to one
full name in the corpus, a full name and the one written with a middle initial or name,
an acronym and its long form. Names that are only alike are variants
(variants.py): kept apart, and flagged.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from reader.core.entities.model import Entity
from reader.core.entities.normalise import abbreviates, is_acronym, key, name_tokens, without_middle


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
    # a full name in one article, with middle initials or names in another: "Adam Schiff" / "Adam B.
    # Schiff", "Hillary Clinton" / "Hillary Rodham Clinton"; the initials written two ways are one
    # name: "George H.W. Bush" / "George H. W. Bush"
    bare_of = {n: _without_middle(by_node[n]) for n in full}
    by_bare: dict[str, set[tuple[str, str]]] = defaultdict(set)
    first_of: dict[tuple[str, tuple[str, ...]], tuple[str, str]] = {}
    for n in full:
        bare, letters = bare_of[n]
        if letters:
            by_bare[bare].add(n)
            groups.union(first_of.setdefault((bare, letters), n), n)
    for n in full:
        bare, letters = bare_of[n]
        owners = {groups.find(o) for o in by_bare.get(bare, ())} if not letters else set()
        if len(owners) == 1:  # George Bush stays apart from George W. and George H.W. Bush
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


def _without_middle(entities: list[Entity]) -> tuple[str, tuple[str, ...]]:
    """One node's name without its middle initials and names, and those: from a
    spelling that writes them as initials if any does ("H.W.", keyed "hw", only
    shows them written)."""
    forms = [_without_numeral(*without_middle(e.canonical)) for e in entities]
    return next((f for f in forms if f[1]), forms[0])


def _without_numeral(bare: str, letters: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """A "III" is often left out of one man's name ("Robert S. Mueller III" /
    "Robert Mueller"); "Jr." and "Sr." tell a son from his father and stay."""
    head, _, last = bare.rpartition(" ")
    return (head, letters) if last in _NUMERALS and len(head.split()) >= 2 else (bare, letters)


_NUMERALS = frozenset("ii iii iv".split())


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
