"""What a sentence told again says otherwise: the rules of a rewrite's
sentence (a report retold sentence by sentence, its clauses moved and its
words its own) that paraphrase.py adds to those of any paraphrase: a place
or a name it leaves out, someone named where the other says "the suspect",
a source who speaks for someone ("a spokesperson for the mayor"), an office
qualified ("deputy"), an office's domain ("agriculture minister"), and a
role said by a noun or by its verb ("owner" / "who owns"). Also the
feature values one sentence has and the other lacks, which both read."""

from __future__ import annotations

from typing import NamedTuple

from reader.core.compare.fact_rules import SentenceView
from reader.core.text.lexicon import TITLES

Found = tuple[str, list[int], list[int]]  # (kind, positions in A's words, positions in B's words)


class Told(NamedTuple):
    """What a whole report names and calls people: a sentence of a rewrite that leaves out a name, a
    title or an office the other report gives in another sentence has changed no fact."""

    names: frozenset[str]  # SentenceView.named()
    forms: frozenset[str]  # SentenceView.name_forms()
    roles: frozenset[tuple[str, str]]  # the role values, each with its holder (SentenceView.holder)

    def gives(self, role: str, holder: str) -> bool:
        """Does the report give this role to this holder (to anyone, where none is named here)?
        ("She also" / "The judge also"; not "the Democratic leader" for another party's leader)"""
        return (role, holder) in self.roles if holder else any(r == role for r, _ in self.roles)


# A role said by a noun and by its verb: "the shop's owner, Martin Halloran" / "Martin Halloran,
# who owns the shop" is one relation (values as SentenceView.role gives them).
_TWINS = {"owner": "v:own", "leader": "v:lead", "chair": "v:chai", "chairman": "v:chai", "chairwoman": "v:chai",
          "head": "v:head", "founder": "v:foun", "employee": "v:empl", "employer": "v:empl"}
ROLE_TWINS = {**_TWINS, **{verb: noun for noun, verb in _TWINS.items()}}


def changed_values(view: SentenceView, other: SentenceView, feature: str, changed: set[int],
                    keep=lambda v: True, at_ok=None, counted: bool = False) -> dict[str, list[int]]:
    """Values of a feature this side has in a changed, unquoted word that the
    other side has nowhere (counted: has fewer times: "the Prime Minister
    ... the Foreign Secretary" / "the prime minister ... the minister"),
    with their positions (at_ok: which positions count)."""
    out = {}
    for v, at in view.where[feature].items():
        there = len(other.where[feature].get(v, ())) + len(other.where[feature].get(ROLE_TWINS.get(v, ""), ()))
        if (there >= len(at) if counted else there) or not keep(v):
            continue
        at = [i for i in at if i in changed and view.quotes[i] is None and (at_ok is None or at_ok(i))]
        if at:
            out[v] = at
    return out


def left_out(a: SentenceView, b: SentenceView, changed_a: set[int], changed_b: set[int], to_b, to_a,
              named) -> list[Found]:
    """A place or a name one sentence of a rewrite gives and the other report
    gives nowhere ("arrested a man in Plantation, Florida, on Friday" /
    "arrested a Florida man on Friday"): a rewrite, sentence by sentence,
    tells what its original tells, so what it leaves out (or adds) is a fact
    one report has. Between reports written apart each writer names his own
    (not read there). A name none of whose words the other report writes
    (so "Plantation", not "U.S." for "the US Attorney's Office", nor "Chinese
    Foreign Ministry" for "China's foreign ministry")."""
    for view, other, changed, told, to, side_a in ((a, b, changed_a, named[1], to_b, True),
                                                   (b, a, changed_b, named[0], to_a, False)):
        forms = told.forms
        for v in sorted(view.named() - told.names, key=lambda v: view.where["ent"][v][0]):
            at = [i for i in view.where["ent"][v] if i in changed and view.quotes[i] is None]
            if at and not (view.name_forms(view.where["ent"][v]) & forms):
                # who says it, where the other sentence has it said by someone else: the source changed
                kind = "attribution" if view.speaks(at[-1]) and other.saying else "entity"
                return [(kind, at, [to(at[0])])] if side_a else [(kind, [to(at[0])], at)]
    return []


# Who speaks for someone: "a spokesperson for Mayor Linda Osterhout said", "aides to Gov. Porter".
_GO_BETWEEN = frozenset("aide aides spokesperson spokesman spokeswoman spokespeople lawyer lawyers attorney attorneys "
                        "adviser advisers advisor advisors source sources people allies ally friend friends official "
                        "officials staff representative representatives".split())


def _go_between(view: SentenceView) -> dict[str, int]:
    """The people the sentence has someone speak for: name key -> the go-between's position."""
    out: dict[str, int] = {}
    for i, name in enumerate(view.names):
        if name is None or name.type not in ("PERSON", "PER") or (i and view.names[i - 1] is name):
            continue
        j = i - 1
        while j >= 0 and view.words[j].key.rstrip(".") in TITLES:
            j -= 1  # "a spokesperson for Mayor ..."
        if j >= 1 and view.words[j].key in ("for", "to", "of") and view.words[j - 1].key in _GO_BETWEEN:
            out.setdefault(name.key, j - 1)
        elif j >= 2 and view.words[j].key == "to" and view.words[j - 1].key == "close" \
                and view.words[j - 2].key in _GO_BETWEEN:
            out.setdefault(name.key, j - 2)  # "people close to Ms. Dane"
    return out


def go_between_changed(a: SentenceView, b: SentenceView, to_b, to_a) -> list[Found]:
    """One says the person said it, the other that someone said it for them ("Mayor Linda Osterhout
    said" / "a spokesperson for Mayor Linda Osterhout said"): another source."""
    ga, gb = _go_between(a), _go_between(b)
    both = {n.key for n in a.names if n} & {n.key for n in b.names if n}
    for key in sorted((set(ga) ^ set(gb)) & both):
        i, j = ga.get(key), gb.get(key)
        return [("attribution", [i] if i is not None else [to_a(j)], [j] if j is not None else [to_b(i)])]
    return []


def modifier(a: SentenceView, b: SentenceView, changed_a: set[int], changed_b: set[int], to_b, to_a) -> list[Found]:
    """An office one side qualifies and the other gives bare ("the chief medical officer" /
    "the deputy chief medical officer", "former minister" / "minister"): another office."""
    for view, other, changed, to, a_side in ((a, b, changed_a, to_b, True), (b, a, changed_b, to_a, False)):
        for v, at in changed_values(view, other, "role", changed, lambda v: v.startswith("m:"), counted=True).items():
            i = at[0]
            nxt = next((r for k in (i + 1, i + 2) if k < len(view.words) and (r := view.role(k))), None)
            if nxt and ":" not in nxt and nxt in other.where["role"]:
                return [("role", [i], [to(i)])] if a_side else [("role", [to(i)], [i])]
    return []


def same_office(a: SentenceView, i: int, b: SentenceView, j: int) -> bool:
    """Where one of two role words is the domain of an office, is it one office's ("agriculture
    minister" / "environment minister"; not "Deputy Prime Minister's" / "state officials")?"""
    if not (a.role(i) or "").startswith("d:") and not (b.role(j) or "").startswith("d:"):
        return True
    after_a = a.words[i + 1].key if i + 1 < len(a.words) else ""
    after_b = b.words[j + 1].key if j + 1 < len(b.words) else ""
    return bool(after_a) and after_a == after_b


def told_both(view: SentenceView, at: list[int], forms: frozenset[str]) -> bool:
    """Does the other report write the name at these positions: its last word, the surname or the
    head ("Sessions" for "Jeff Sessions"; not "the court's" for "the Nakuru Law Courts")?"""
    values = {view.ent(i) for i in at} - {None}
    return all(view.name_forms(view.where["ent"].get(v, ())[-1:]) <= forms for v in values) and bool(values)

