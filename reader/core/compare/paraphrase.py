"""Facts of a pair of sentences worded apart (a free paraphrase), read off
each sentence as a whole: in a rewrite nearly every word is another, so a
word-by-word diff says little, but what each sentence says (a negation, a
hedge, who says it, which names, roles and groups) can still be compared."""

from __future__ import annotations

from reader.core.compare.fact_rules import PRONOUNS, Context, SentenceView, similar_names
from reader.core.text import fact_words as fw
from reader.core.text.lexicon import ORG_HEADS

Found = tuple[str, list[int], list[int]]  # (kind, positions in A's words, positions in B's words)


def _changed_values(view: SentenceView, other: SentenceView, feature: str, changed: set[int],
                    keep=lambda v: True) -> dict[str, list[int]]:
    """Values of a feature this side has in a changed, unquoted word that the
    other side has nowhere, with their positions."""
    out = {}
    for v, at in view.where[feature].items():
        if v in other.where[feature] or not keep(v):
            continue
        at = [i for i in at if i in changed and view.quotes[i] is None]
        if at:
            out[v] = at
    return out


def _nearest(gone: dict[str, list[int]], new: dict[str, list[int]], to_b) -> tuple[list[int], list[int]]:
    """The gone and new values that stand nearest each other's place."""
    best = min(((abs(to_b(ga[0]) - nb[0]), ga, nb) for ga in gone.values() for nb in new.values()), key=lambda t: t[0])
    return best[1], best[2]


def facts(ctx: Context, to_b, to_a, changed_a: set[int], changed_b: set[int]) -> list[Found]:
    """The facts of a pair worded apart, read off each sentence as a whole
    (words inside quotations aside: a quotation is compared as a quote):
    a negation one side has, a hedge one side has, a verb of saying of
    another kind or a source dropped, and names, roles and groups put for
    one another. At most one fact of a kind."""
    a, b = ctx.a, ctx.b
    out: list[Found] = []

    def located(at_a: list[int], at_b: list[int]) -> tuple[list[int], list[int]]:
        return (at_a or [to_a(j) for j in at_b[:1]]), (at_b or [to_b(i) for i in at_a[:1]])

    neg_a = [i for i, w in enumerate(a.words) if w.key in fw.NEGATORS]
    neg_b = [j for j, w in enumerate(b.words) if w.key in fw.NEGATORS]
    if bool(neg_a) != bool(neg_b) and not any(w.key in fw.NEGATIVE_VERBS for w in (b.words if neg_a else a.words)):
        out.append(("negation", *located(neg_a[:1], neg_b[:1])))
    gone = _changed_values(a, b, "hedge", changed_a)
    new = _changed_values(b, a, "hedge", changed_b)
    if gone or new:
        out.append(("hedge", *located(next(iter(gone.values()), [])[:1], next(iter(new.values()), [])[:1])))
    gone = _changed_values(a, b, "says", changed_a)
    new = _changed_values(b, a, "says", changed_b)
    if gone and new and a.saying.isdisjoint(b.saying):
        out.append(("attribution", *(x[:1] for x in _nearest(gone, new, to_b))))
    elif ctx.derived:  # (two writers place a source in different sentences)
        dropped = [at[:1] for at in gone.values() if not b.saying and _source_gone(a, b, at[0])]
        added = [at[:1] for at in new.values() if not a.saying and _source_gone(b, a, at[0])]
        if dropped or added:
            out.append(("attribution", *located(dropped[0] if dropped else [], added[0] if added else [])))
    out += _names(a, b, changed_a, changed_b, to_b)
    for feature, kind in (("role", "role"), ("group", "descriptor")):
        if any(f[0] == kind for f in out):
            continue
        plain = (lambda v: ":" not in v) if feature == "role" else (lambda v: True)
        gone = _changed_values(a, b, feature, changed_a, plain)
        new = _changed_values(b, a, feature, changed_b, plain)
        if gone and new:
            out.append((kind, *(x[:1] for x in _nearest(gone, new, to_b))))
        elif feature == "role" and (gone or new):
            at_a = next(iter(gone.values()), [])[:1]
            at_b = next(iter(new.values()), [])[:1]
            other = [b.words[to_b(i)] for i in at_a] + [a.words[to_a(j)] for j in at_b]
            if any(w.key in ORG_HEADS for w in other):  # "ambassador" / "embassy"
                out.append(("entity", *located(at_a, at_b)))
            elif _relation(b if at_a else a):  # "work for" / "are the owners of"
                verbs = _relation(b if at_a else a)
                out.append(("role", at_a or verbs, at_b or verbs))
    return out


def _relation(view: SentenceView) -> list[int]:
    """Where the sentence says whom someone works for or what they own with
    a verb ("work for", "owns"), not a noun."""
    return [i for v, at in view.where["role"].items() if v.startswith("v:") for i in at][:1]


def _source_gone(view: SentenceView, other: SentenceView, i: int) -> bool:
    """Is the speaker of the verb of saying at i (a name or pronoun beside
    it; "according to" names one) missing from the other sentence?"""
    if view.words[i].key == "according":
        return True
    near = [j for j in range(max(0, i - 2), min(len(view.words), i + 3)) if j != i]
    keys = [view.ent(j) for j in near if view.ent(j)] + [view.words[j].key for j in near if view.words[j].key in PRONOUNS]
    present = other.ents | {w.key for w in other.words}
    return bool(keys) and not any(k in present for k in keys)


def _names(a: SentenceView, b: SentenceView, changed_a: set[int], changed_b: set[int], to_b) -> list[Found]:
    """Names and places put for one another (same sort: place for place,
    name for name); a spelling of one name at one mention is a variant; a
    short form of a name ("Electoral Commission" in "the Electoral
    Commission's") is no change."""
    gone = _changed_values(a, b, "ent", changed_a)
    new = _changed_values(b, a, "ent", changed_b)
    text_a = {v: " ".join(a.words[i].text for i in at) for v, at in gone.items()}
    text_b = {v: " ".join(b.words[j].text for j in at) for v, at in new.items()}
    others_a = " ".join(w.text for w in a.words).casefold()
    others_b = " ".join(w.text for w in b.words).casefold()
    gone = {v: at for v, at in gone.items() if text_a[v].casefold() not in others_b}
    new = {v: at for v, at in new.items() if text_b[v].casefold() not in others_a}
    out: list[Found] = []
    for va in list(gone):
        for vb in list(new):
            if similar_names(text_a[va], text_b[vb]):
                out.append(("variant", gone.pop(va), new.pop(vb)))
                break
    for sort in ("place:", "name:"):
        ga = {v: at for v, at in gone.items() if v.startswith(sort)}
        nb = {v: at for v, at in new.items() if v.startswith(sort)}
        if ga and nb:
            at_a, at_b = _nearest(ga, nb, to_b)
            group_after = (at_a[-1] + 1 < len(a.words) and a.group(at_a[-1] + 1)) or (
                at_b[-1] + 1 < len(b.words) and b.group(at_b[-1] + 1))
            out.append(("descriptor" if sort == "place:" and group_after else "entity", at_a, at_b))
            break
    return out
