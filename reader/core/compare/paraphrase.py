"""Facts of a pair of sentences worded apart (a free paraphrase), read off
each sentence as a whole: in a rewrite nearly every word is another, so a
word-by-word diff says little, but what each sentence says (a negation, a
hedge, who says it, which names, roles and groups) can still be compared."""

from __future__ import annotations

from reader.core.compare import retold
from reader.core.compare.fact_rules import PRONOUNS, Context, SentenceView, content_stem, one_name, similar_names
from reader.core.compare.kinds import same_governor
from reader.core.compare.retold import Found, changed_values
from reader.core.text import fact_words as fw
from reader.core.text.lexicon import ORG_HEADS, STOPWORDS, TITLES

_PEOPLE = fw.GROUPS["people"]
NEAR_PLACE = 3  # words between a name's place on the other side and the name there, in reports written apart
ANCHOR = 3  # words either side of a change in which the two sentences must share one (anchored)


def anchored(a: SentenceView, b: SentenceView, i: int, j: int, reach: int = ANCHOR) -> bool:
    """Do the words at i of A and j of B fill one slot: a content word
    within reach before both, or after both, is one word ("in British
    history" / "in American history")? Two sentences worded apart put
    the same names, roles and acts in other clauses ("said on CNN" / "a
    speech in Arizona"): a change is only read where the words around it
    agree."""
    def around(view: SentenceView, k: int, step: int) -> set[str]:
        out = set()
        for d in range(1, reach + 1):
            m = k + step * d
            if 0 <= m < len(view.words):
                st = content_stem(view.words[m].key)
                if st:
                    out.add(st)
        return out
    def beside(view: SentenceView, k: int, step: int) -> str | None:
        m = k + step
        return view.words[m].key if 0 <= m < len(view.words) else None

    if beside(a, i, -1) is not None and beside(a, i, -1) == beside(b, j, -1) and beside(a, i, 1) == beside(b, j, 1):
        return True  # "all members of" / "all people of": one slot between the same two words
    return bool(around(a, i, -1) & around(b, j, -1)) or bool(around(a, i, 1) & around(b, j, 1))


def _nearest(gone: dict[str, list[int]], new: dict[str, list[int]], to_b) -> tuple[list[int], list[int]]:
    """The gone and new values that stand nearest each other's place."""
    best = min(((abs(to_b(ga[0]) - nb[0]), ga, nb) for ga in gone.values() for nb in new.values()), key=lambda t: t[0])
    return best[1], best[2]


def facts(ctx: Context, to_b, to_a, changed_a: set[int], changed_b: set[int]) -> list[Found]:
    """The facts of a pair worded apart, read off each sentence as a whole
    (words inside quotations aside: a quotation is compared as a quote):
    a negation one side has, a hedge one side has, a verb of saying of
    another kind or a source dropped, names, roles and groups put for one
    another, and (in a report derived from the other) an act or what it is
    done to put for another. At most one fact of a kind, but for names
    respelled: each is its own variant."""
    a, b = ctx.a, ctx.b
    out: list[Found] = []
    # Read as derived: a copy or a rewrite sentence by sentence. A report
    # "contained" in the other may be an abridgement or a short report
    # written apart (a wire's few paragraphs against a feature): its one-sided
    # negations, hedges, sources and acts are read as two writers' are.
    derived = ctx.derived and ctx.rewrite

    def slot(i: int, j: int) -> bool:
        # a rewrite, sentence by sentence, says each thing in its place; others only where the words around agree
        return ctx.rewrite or anchored(a, b, i, j)

    def located(at_a: list[int], at_b: list[int]) -> tuple[list[int], list[int]]:
        return (at_a or [to_a(j) for j in at_b[:1]]), (at_b or [to_b(i) for i in at_a[:1]])

    neg_a = _negations(a, b, derived)
    neg_b = _negations(b, a, derived)
    if (neg_a or neg_b) and not derived and _negations(a, b, True) and _negations(b, a, True):
        neg_a = neg_b = []  # both say no, each to its own words ("would not apply" / "does not extend")
    if neg_a and neg_b:
        pass
    elif not [i for i in neg_a + neg_b if (a if neg_a else b).quotes[i] is None]:
        neg_a = neg_b = []  # a no inside a quotation is the quotation's (compared as a quote, where both give it)
    if bool(neg_a) != bool(neg_b) and not any(w.key in fw.NEGATIVE_VERBS for w in (b.words if neg_a else a.words)):
        out.append(("negation", *located(neg_a[:1], neg_b[:1])))
    # "about", "over", "nearly" before a number: between reports not rewritten one from the other, the
    # numbers' reading (its qualifiers, a value only one side gives) says what the two give differently
    plain = (lambda v: True) if derived else (lambda v: not v.startswith("~"))
    gone = changed_values(a, b, "hedge", changed_a, plain, None if derived else _about_shared(a, b))
    new = changed_values(b, a, "hedge", changed_b, plain, None if derived else _about_shared(b, a))
    if gone or new:
        out.append(("hedge", *located(next(iter(gone.values()), [])[:1], next(iter(new.values()), [])[:1])))
    gone = changed_values(a, b, "says", changed_a)
    new = changed_values(b, a, "says", changed_b)
    said_a, said_b = _nearest(gone, new, to_b) if gone and new else ([], [])
    if said_a and (ctx.derived or (a.saying.isdisjoint(b.saying) and anchored(a, b, said_a[0], said_b[0]))):
        out.append(("attribution", said_a[:1], said_b[:1]))
    elif derived:  # (two writers place a source in different sentences; an abridgement drops sources to be short)
        dropped = [at[:1] for at in gone.values() if not b.saying and _source_gone(a, b, at[0])]
        added = [at[:1] for at in new.values() if not a.saying and _source_gone(b, a, at[0])]
        if dropped or added:
            out.append(("attribution", *located(dropped[0] if dropped else [], added[0] if added else [])))
    # (in a copy word for word but for a few sentences, every other sentence is the original's: "named in
    # another sentence" would excuse any edit there)
    out += _names(a, b, changed_a, changed_b, to_b, ctx.derived, slot, None if ctx.verbatim else ctx.named)
    if ctx.named and not any(f[0] in ("entity", "variant", "descriptor") for f in out):
        out += retold.left_out(a, b, changed_a, changed_b, to_b, to_a, ctx.named)
    if derived:  # (two writers tell one event by different acts, each true)
        out += _claim(a, b, changed_a, changed_b, to_b, slot)
    for feature, kind in (("role", "role"), ("group", "descriptor")):
        if any(f[0] == kind for f in out):
            continue
        # ("d:": the domain of an office, "agriculture minister" / "environment minister")
        # ("people": whoever they are, what a rewrite says where the other names the group; an abridgement's
        # or a report's written apart, "British nationals" / "accused individuals", is read as before)
        plain = (lambda v: ":" not in v or v.startswith("d:")) if feature == "role" else (
            lambda v: v != _PEOPLE) if ctx.named else (lambda v: True)
        # between writers apart, a role word in an organisation's name is no one's role ("the Justice Department")
        gone = changed_values(a, b, feature, changed_a, plain, None if derived else _not_in_org(a), counted=True)
        new = changed_values(b, a, feature, changed_b, plain, None if derived else _not_in_org(b), counted=True)
        if feature == "role" and ctx.named and not ctx.verbatim and not (gone and new):
            # the title given in another sentence ("She" / "The judge"), but not who says it ("Officials
            # said" / "according to media reports" is a source changed)
            gone = {v: at for v, at in gone.items() if not ctx.named[1].gives(v, a.holder(at[0])) or a.speaks(at[0])}
            new = {v: at for v, at in new.items() if not ctx.named[0].gives(v, b.holder(at[0])) or b.speaks(at[0])}
        if gone and new:
            at_a, at_b = _nearest(gone, new, to_b)
            if slot(at_a[0], at_b[0]) and retold.same_office(a, at_a[0], b, at_b[0]):
                out.append((kind, at_a[:1], at_b[:1]))
        elif feature == "role" and (gone or new) and derived:
            at_a = next(iter(gone.values()), [])[:1]
            at_b = next(iter(new.values()), [])[:1]
            other = [b.words[to_b(i)] for i in at_a] + [a.words[to_a(j)] for j in at_b]
            if any(w.key in ORG_HEADS for w in other):  # "ambassador" / "embassy"
                out.append(("entity", *located(at_a, at_b)))
            elif derived and _relation(b if at_a else a):  # "work for" / "are the owners of"
                verbs = _relation(b if at_a else a)
                out.append(("role", at_a or verbs, at_b or verbs))
    if derived and not any(f[0] == "role" for f in out):
        out += retold.modifier(a, b, changed_a, changed_b, to_b, to_a)
    if derived and a.saying and b.saying and not any(f[0] == "attribution" for f in out):
        out += retold.go_between_changed(a, b, to_b, to_a)
    if derived:  # (a short report, "contained", writes a second mention's title as two writers do: "Ms. Page")
        out += _titles_dropped(a, b, changed_a, changed_b, out)
    return out


def _titles_dropped(a: SentenceView, b: SentenceView, changed_a: set[int], changed_b: set[int],
                    found: list[Found]) -> list[Found]:
    """A title before a person both sentences name, given on one side only
    ("Former party leader Sir Iain Duncan Smith" / "Sir Iain Duncan Smith"):
    what one report says the person is or was, the other leaves out. A role
    already read as put for another is left to that fact."""
    taken_a = {i for kind, at_a, _ in found if kind == "role" for i in at_a}
    taken_b = {j for kind, _, at_b in found if kind == "role" for j in at_b}

    def titled(view: SentenceView, changed: set[int], taken: set[int]) -> dict[str, tuple[int, int]]:
        """name key -> (the title's position, the name's first) for each titled person."""
        out: dict[str, tuple[int, int]] = {}
        for at in view.where["role"].values():
            for i in at:
                if i in taken or i not in changed or view.quotes[i] is not None:
                    continue
                for j in range(i + 1, min(len(view.words), i + 2 + NEAR_PLACE)):
                    name = view.names[j]
                    if name is not None:
                        if name.type in ("PERSON", "PER"):
                            out.setdefault(name.key, (i, j))
                        break
        return out

    def first_at(view: SentenceView, key: str) -> int | None:
        return next((j for j, n in enumerate(view.names) if n is not None and n.key == key), None)

    out: list[Found] = []
    for view, other, changed, taken, a_side in ((a, b, changed_a, taken_a, True), (b, a, changed_b, taken_b, False)):
        mine, theirs = titled(view, changed, taken), titled(other, set(range(len(other.words))), set())
        for key, (i, _j) in mine.items():
            there = first_at(other, key)
            if there is None or key in theirs or not _bare(other, there):
                continue
            role = view.role(i)
            if role in other.where["role"] or retold.ROLE_TWINS.get(role or "") in other.where["role"]:
                continue  # given after the name: "Martin Halloran, the shop's owner", "..., who owns the shop"
            out.append(("role", [i], [there]) if a_side else ("role", [there], [i]))
            break
    return out


def _about_shared(view: SentenceView, other: SentenceView):
    """Positions whose next words speak of something the other sentence
    speaks of too (a hedge on what both say, not on each writer's own)."""
    def ok(i: int) -> bool:
        return _governs_shared(view.words[i + 1 : i + 4], other)
    return ok


def _not_in_org(view: SentenceView):
    """Positions outside the name of an organisation."""
    return lambda i: view.names[i] is None or view.names[i].type not in ("ORG", "ORGANIZATION")


def _governs_shared(after, other: SentenceView) -> bool:
    """Is the first content word of after (the next words of a hedge or a
    no: the verb or the thing it bears on) one the other sentence has? A
    hedge or a no on what both say ("reportedly wrote" / "wrote"), not on
    a clause one writer alone adds ("which could give Perry a boost")."""
    first = next((st for w in after if (st := content_stem(w.key))), None)
    return first is not None and first in other.stems


def _negations(view: SentenceView, other: SentenceView, derived: bool) -> list[int]:
    """Where the sentence says no ("not only ... but" says yes). Between
    two reports written apart, only a no said of what the other sentence
    also speaks of ("did not demand" / "demanded"): two writers pairing
    sentences of one subject each say no to their own things."""
    out = []
    for i, w in enumerate(view.words):
        if w.key not in fw.NEGATORS:
            continue
        after = [view.words[j] for j in range(i + 1, min(len(view.words), i + 4))]
        if after and after[0].key == "only":
            continue
        if not derived and not _governs_shared(after, other):
            continue
        out.append(i)
    return out


def _claim(a: SentenceView, b: SentenceView, changed_a: set[int], changed_b: set[int], to_b, slot) -> list[Found]:
    """The main verb or its object put for one of another meaning
    ("impersonating him" / "intercepting emails", "the deal" / "the loan"),
    where both words are known (text/claim_words.py): in a free rewording
    most words are others, and one of unknown meaning may be a synonym."""
    for feature in ("act", "obj"):
        gone = {v: at for v, at in changed_values(a, b, feature, changed_a).items() if not a.echoed(at[0], b)}
        new = {v: at for v, at in changed_values(b, a, feature, changed_b).items() if not b.echoed(at[0], a)}
        if gone and new:
            at_a, at_b = (x[:1] for x in _nearest(gone, new, to_b))
            if (feature == "act" or same_governor(a, at_a[0], b, at_b[0])) and slot(at_a[0], at_b[0]):
                return [("claim", at_a, at_b)]
    return []


def _respelled(a: SentenceView, b: SentenceView, changed_a: set[int], changed_b: set[int]) -> list[Found]:
    """Each name both sides give, written another way here ("Uyghur" /
    "Uighur"), that the entities took for one: a variant at this mention
    (not a place, whose words differ by kind: "Britain" / "British"; not
    a variant names.py lists for every mention; not a title or a word left
    out: "Mr Dowden" / "Dowden")."""
    def spelled(view: SentenceView, changed: set[int]) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        for v, at in view.where["ent"].items():
            if v.startswith("name:") and not v.startswith("name:~"):
                at = [i for i in at if i in changed and view.quotes[i] is None and view.words[i].key not in TITLES]
                if at:
                    out[v] = at
        return out
    ours, theirs = spelled(a, changed_a), spelled(b, changed_b)
    found: list[Found] = []
    for v in [v for v in ours if v in theirs]:  # in reading order (a set's order changes with the hash seed)
        wa = " ".join(a.words[i].text for i in ours[v]).casefold()
        wb = " ".join(b.words[j].text for j in theirs[v]).casefold()
        if wa != wb and wa not in wb and wb not in wa and similar_names(wa, wb) and not one_name(wa, wb):
            found.append(("variant", ours[v][:1], theirs[v][:1]))  # each name its own entry: one may be listed already
    return found


def _bare(view: SentenceView, j: int) -> bool:
    """Is the name at j given with no title (an honorific aside): first in
    its sentence, or after a function word ("and", "the")? Any other word before it may be a title
    in words the role lists lack ("deputy PM", "cyber security, Clare")."""
    if j > 0 and view.words[j - 1].key in TITLES and not view.role(j - 1):  # over "Sir", "Mr": no office
        j -= 1
    if j == 0 or view.words[j - 1].sentence != view.words[j].sentence:
        return True
    before = view.words[j - 1]
    return before.key in STOPWORDS and not view.role(j - 1)


def _relation(view: SentenceView) -> list[int]:
    """Where the sentence says whom someone works for or what they own with
    a verb ("work for", "owns"), not a noun."""
    return [i for v, at in view.where["role"].items() if v.startswith("v:") for i in at][:1]


def _source_gone(view: SentenceView, other: SentenceView, i: int) -> bool:
    """Is the speaker of the verb of saying at i (a name or pronoun beside
    it; "according to" names one) missing from the other sentence?"""
    if view.words[i].key == "according":
        return True
    near = [j for j in range(max(0, i - 2), min(len(view.words), i + 3))
            if j != i and view.words[j].sentence == view.words[i].sentence]  # (a pair may join two sentences)
    keys = [view.ent(j) for j in near if view.ent(j)] + [view.words[j].key for j in near if view.words[j].key in PRONOUNS]
    present = other.ents | {w.key for w in other.words}
    return bool(keys) and not any(k in present for k in keys)


def _names(a: SentenceView, b: SentenceView, changed_a: set[int], changed_b: set[int], to_b,
           derived: bool = True, slot=lambda i, j: True, named=None) -> list[Found]:
    """Names and places put for one another (same sort: place for place,
    name for name); a spelling of one name at one mention is a variant; a
    short form of a name ("Electoral Commission" in "the Electoral
    Commission's") is no change."""
    gone = changed_values(a, b, "ent", changed_a)
    new = changed_values(b, a, "ent", changed_b)
    text_a = {v: " ".join(a.words[i].text for i in at) for v, at in gone.items()}
    text_b = {v: " ".join(b.words[j].text for j in at) for v, at in new.items()}
    others_a = " ".join(w.text for w in a.words).casefold()
    others_b = " ".join(w.text for w in b.words).casefold()
    gone = {v: at for v, at in gone.items() if text_a[v].casefold() not in others_b}
    new = {v: at for v, at in new.items() if text_b[v].casefold() not in others_a}
    out: list[Found] = []
    for va in list(gone):
        for vb in list(new):
            if one_name(text_a[va], text_b[vb]):  # "James Comey" / "James B.": no change
                del gone[va], new[vb]
                break
            if similar_names(text_a[va], text_b[vb]):
                out.append(("variant", gone.pop(va), new.pop(vb)))
                break
    if not out:
        out += _respelled(a, b, changed_a, changed_b)
    for sort in ("place:", "name:"):
        ga = {v: at for v, at in gone.items() if v.startswith(sort)}
        nb = {v: at for v, at in new.items() if v.startswith(sort)}
        if ga and nb:
            at_a, at_b = _nearest(ga, nb, to_b)
            if not derived and abs(to_b(at_a[0]) - at_b[0]) > NEAR_PLACE:
                break  # two writers each name their own: a name for a name only in its place
            if not (slot(at_a[0], at_b[0]) or slot(at_a[-1], at_b[-1])):
                continue  # each names its own in another clause
            if named and not anchored(a, b, at_a[0], at_b[0]) and retold.told_both(a, at_a, named[1].forms) \
                    and retold.told_both(b, at_b, named[0].forms):
                continue  # a rewrite names here whom the other names in another sentence ("Sessions said Sayoc")
            group_after = (at_a[-1] + 1 < len(a.words) and a.group(at_a[-1] + 1)) or (
                at_b[-1] + 1 < len(b.words) and b.group(at_b[-1] + 1))
            out.append(("descriptor" if sort == "place:" and group_after else "entity", at_a, at_b))
            break
    return out
