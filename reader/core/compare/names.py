"""The entities of two reports sorted into shared, only in one, and
spelling variants of one another ("Tim Loughton" / "Tim Laughton")."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reader.core.compare.model import EntityRef, Mention, VariantRef
from reader.core.compare.side import Side
from reader.core.entities.gazetteer import lookup
from reader.core.entities.normalise import generation, name_tokens, without_middle

NUMBER_TYPES = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}  # numbers.py reconciles those
NameKeys = dict[tuple[Side, int], str]  # (side, entity index) -> the key both sides' sentences share


def name_key(name: str) -> str:
    return " ".join(name.replace("’", "'").casefold().split())


@dataclass
class SideEntities:
    entities: list[Any]
    mentions: dict[int, list[Mention]]  # entity index -> mentions
    by_key: dict[str, int]  # canonical or alias key -> entity index

    @classmethod
    def build(cls, mentions: Sequence[Any], group: Callable) -> SideEntities:
        ents = list(group(list(mentions))) if mentions else []
        by_key: dict[str, int] = {}
        for k, e in enumerate(ents):
            by_key.setdefault(name_key(e.canonical), k)
        for k, e in enumerate(ents):
            for alias in getattr(e, "aliases", ()) or ():
                by_key.setdefault(name_key(str(alias)), k)
        found: dict[int, list[Mention]] = {}
        for m in mentions:
            k = by_key.get(name_key(m.canonical), by_key.get(name_key(m.text)))
            if k is not None:
                found.setdefault(k, []).append((m.text, m.start, m.end))
        for spans in found.values():
            spans.sort(key=lambda t: t[1])
        return cls(ents, found, by_key)

    def index_of(self, entity: Any) -> int | None:
        if isinstance(entity, str):
            return self.by_key.get(name_key(entity))
        for k, e in enumerate(self.entities):
            if e is entity:
                return k
        return self.by_key.get(name_key(getattr(entity, "canonical", str(entity))))

    def refs(self, keep: Callable[[int], bool], side: Side) -> list[EntityRef]:
        return [EntityRef(e.canonical, e.type, *self._spans(k, side)) for k, e in enumerate(self.entities) if keep(k)]

    def _spans(self, k: int, side: Side) -> tuple[tuple[Mention, ...], tuple[Mention, ...]]:
        mine = tuple(self.mentions.get(k, ()))
        return (mine, ()) if side == "a" else ((), mine)


@dataclass
class Matched:
    shared: list[EntityRef]
    only_a: list[EntityRef]
    only_b: list[EntityRef]
    variants: list[VariantRef]
    keys: NameKeys  # for the sentence features: a variant's two forms share one key


def _generations_differ(a: str, b: str) -> bool:
    """Two full names of which one ends in "Jr."/"Sr."/"III" and the other not, or in another."""
    ta, tb = name_key(a).replace(".", "").split(), name_key(b).replace(".", "").split()
    return len(ta) > 1 and len(tb) > 1 and generation(ta) != generation(tb)


def _sort_entities(refs: list[EntityRef]) -> list[EntityRef]:
    return sorted(refs, key=lambda r: (-(len(r.mentions_a) + len(r.mentions_b)), r.canonical.casefold()))


def _same_type(ea: Any, eb: Any) -> bool:
    """The types agree, or one report's is the rules' guess for a lone word no list knows
    ("Romney" ORG, for want of any sign in that report) and the other report's person has the
    word among its spellings (Mitt Romney, "Romney"; Malia Obama, "Malia")."""
    if not (ea.type and eb.type) or ea.type == eb.type:
        return True
    if "PERSON" not in (ea.type, eb.type):
        return False
    word = ea if eb.type == "PERSON" else eb
    return word.type == "ORG" and len(word.canonical.split()) == 1 and lookup(word.canonical) is None


def _shown(ea: Any, eb: Any) -> Any:
    """Which side names a shared entity: the person one report's lone word was, and of two
    people the full name ("Barack Obama" over B's "Obama"); else A."""
    if eb.type == "PERSON" != ea.type:
        return eb
    if ea.type == eb.type == "PERSON" and len(name_tokens(eb.canonical)) > len(name_tokens(ea.canonical)):
        return eb
    return ea


def _same_names(side_a: SideEntities, side_b: SideEntities):
    """(a, b) entity pairs that name one entity, best evidence first: A's canonical among B's
    spellings, B's among A's ("Donald J. Trump" written "Donald Trump" once in A, only "Donald
    Trump" in B), a one-word name and the one full name of the other side it is part of (A's
    "Obama" after "President", B's Barack Obama: as linking across articles does), then a full
    name and the one with middle initials or names (normalise.without_initials,
    the rule linking across articles follows): B's "Adam Schiff", A's "Adam B. Schiff"."""
    for ka, ea in enumerate(side_a.entities):
        kb = side_b.by_key.get(name_key(ea.canonical))
        if kb is not None:
            yield ka, kb
    for kb, eb in enumerate(side_b.entities):
        ka = side_a.by_key.get(name_key(eb.canonical))
        if ka is not None:
            yield ka, kb
    for kb, ka in _parts_of_full_names(side_b, side_a):
        yield ka, kb
    for ka, kb in _parts_of_full_names(side_a, side_b):
        yield ka, kb
    bare_a, bare_b = _bare_people(side_a), _bare_people(side_b)
    for bare, (ka, letters_a) in bare_a.items():
        kb, letters_b = bare_b.get(bare, (None, ()))
        if kb is not None and (letters_a == letters_b or not letters_a or not letters_b):
            yield ka, kb


def _owners(side: SideEntities) -> dict[str, set[int]]:
    """First or last word of a side's full person names -> the entities that have it."""
    owners: dict[str, set[int]] = {}
    for k, e in enumerate(side.entities):
        toks = name_tokens(e.canonical) if e.type == "PERSON" else []
        if len(toks) > 1:
            for part in (toks[0], toks[-1]):
                owners.setdefault(part, set()).add(k)
    return owners


def _which_of_two(word: Any, k: int, owners: dict[str, set[int]]) -> bool:
    """A one-word name, its match k one of two or more people of the other report it begins or
    ends: it may be either, even where that report's own linking gave its bare word to one (Mitt
    Vance and Ann Vance, then "Vance"), so it is shared with neither."""
    toks = name_tokens(word.canonical)
    mine = owners.get(toks[0], ()) if len(toks) == 1 else ()
    return len(mine) > 1 and k in mine


def _parts_of_full_names(side: SideEntities, other: SideEntities):
    """(one-word entity of side, the one full person name of other that begins or ends with it)."""
    owners = _owners(other)
    for k, e in enumerate(side.entities):
        toks = name_tokens(e.canonical)
        if len(toks) == 1 and len(owners.get(toks[0], ())) == 1:
            yield k, next(iter(owners[toks[0]]))


def _bare_people(side: SideEntities) -> dict[str, tuple[int, tuple[str, ...]]]:
    """A side's full person names without the middle -> (entity, its middle initials and names),
    for the names only one entity of the side has (George W. and George H.W. Bush both bare
    "george bush": neither). Hillary Rodham Clinton is Hillary Clinton, as "Adam B. Schiff" is
    Adam Schiff; a generation ("Jr.") stays in the bare name."""
    out: dict[str, tuple[int, tuple[str, ...]]] = {}
    seen: set[str] = set()
    for k, e in enumerate(side.entities):
        if e.type != "PERSON":
            continue
        bare, letters = without_middle(e.canonical)
        if len(bare.split()) - (1 if generation(bare.split()) else 0) < 2:
            continue
        if bare in seen:
            out.pop(bare, None)
        else:
            seen.add(bare)
            out[bare] = (k, letters)
    return out


def match_entities(side_a: SideEntities, side_b: SideEntities, find_variants: Callable) -> Matched:
    shared, variants = [], []
    paired_a: set[int] = set()
    paired_b: set[int] = set()
    keys: NameKeys = {}
    shared_keys: list[tuple[int, int]] = []
    owners_a, owners_b = _owners(side_a), _owners(side_b)
    for ka, kb in _same_names(side_a, side_b):
        ea, eb = side_a.entities[ka], side_b.entities[kb]
        if ka in paired_a or kb in paired_b or not _same_type(ea, eb):
            continue
        if _which_of_two(ea, kb, owners_b) or _which_of_two(eb, ka, owners_a):
            continue
        if _generations_differ(ea.canonical, eb.canonical):
            continue  # an alias "Donald Trump" of "Donald Trump Jr." is no match for Donald Trump
        paired_a.add(ka)
        paired_b.add(kb)
        shared_keys.append((ka, kb))
        shown = _shown(ea, eb)
        keys[("a", ka)] = keys[("b", kb)] = name_key(shown.canonical)
        shared.append(EntityRef(shown.canonical, shown.type, tuple(side_a.mentions.get(ka, ())), tuple(side_b.mentions.get(kb, ()))))
    rest_a = [e for k, e in enumerate(side_a.entities) if k not in paired_a]
    rest_b = [e for k, e in enumerate(side_b.entities) if k not in paired_b]
    for v in find_variants(rest_a, rest_b) if rest_a and rest_b else []:
        ka, kb = side_a.index_of(v.a), side_b.index_of(v.b)
        if ka is None or kb is None or ka in paired_a or kb in paired_b:
            continue
        ea, eb = side_a.entities[ka], side_b.entities[kb]
        paired_a.add(ka)
        paired_b.add(kb)
        keys[("a", ka)] = keys[("b", kb)] = "~" + name_key(ea.canonical)
        variants.append(VariantRef(
            EntityRef(ea.canonical, ea.type, tuple(side_a.mentions.get(ka, ())), ()),
            EntityRef(eb.canonical, eb.type, (), tuple(side_b.mentions.get(kb, ()))),
            getattr(v, "type", ea.type) or ea.type,
            float(getattr(v, "score", 0.0)),
        ))
    _variants_of_shared(side_a, side_b, shared_keys, paired_a, paired_b, keys, variants, find_variants)
    only_a = side_a.refs(lambda k: k not in paired_a, "a")
    only_b = side_b.refs(lambda k: k not in paired_b, "b")
    for k, e in enumerate(side_a.entities):
        keys.setdefault(("a", k), name_key(e.canonical))
    for k, e in enumerate(side_b.entities):
        keys.setdefault(("b", k), name_key(e.canonical))
    variants.sort(key=lambda v: (v.a.mentions_a[0][1] if v.a.mentions_a else 0))
    return Matched(_sort_entities(shared), _sort_entities(only_a), _sort_entities(only_b), variants, keys)


def _variants_of_shared(side_a: SideEntities, side_b: SideEntities, shared_keys: list[tuple[int, int]],
                        paired_a: set[int], paired_b: set[int], keys: NameKeys, variants: list[VariantRef],
                        find_variants: Callable) -> None:
    """A form left over on one side may be another spelling of a name both sides share: B writes
    "Iain Duncan Smith" as A does, and once "Sir Ian". Pairing is one-to-one above, so the
    shared name could not take it; here the leftovers are tried against the shared names."""
    for side, mine, theirs, paired, own in (("b", side_a, side_b, paired_b, 0), ("a", side_b, side_a, paired_a, 1)):
        shared_here = {pair[own]: pair for pair in shared_keys}
        left = [e for k, e in enumerate(theirs.entities) if k not in paired]
        anchors = [mine.entities[k] for k in shared_here]
        if not left or not anchors:
            continue
        for v in find_variants(anchors, left):
            k_mine, k_left = mine.index_of(v.a), theirs.index_of(v.b)
            if k_mine not in shared_here or k_left is None or k_left in paired:
                continue
            paired.add(k_left)
            em, el = mine.entities[k_mine], theirs.entities[k_left]
            other = "a" if side == "b" else "b"
            keys[(side, k_left)] = keys[(other, k_mine)]
            ref_mine = tuple(mine.mentions.get(k_mine, ()))
            ref_left = tuple(theirs.mentions.get(k_left, ()))
            a_ref, b_ref = ((EntityRef(em.canonical, em.type, ref_mine, ()), EntityRef(el.canonical, el.type, (), ref_left))
                            if side == "b" else
                            (EntityRef(el.canonical, el.type, ref_left, ()), EntityRef(em.canonical, em.type, (), ref_mine)))
            variants.append(VariantRef(a_ref, b_ref, getattr(v, "type", em.type) or em.type, float(getattr(v, "score", 0.0))))
