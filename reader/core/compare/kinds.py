"""What kind of fact a changed run of words alters, in the order facts.py
gives (negation, variant, hedge, attribution, entity, descriptor, role,
number, claim), read off the two sentences' views (fact_rules.py)."""

from __future__ import annotations

from collections.abc import Sequence

from reader.core.compare.fact_rules import (
    PRONOUNS,
    Context,
    SentenceView,
    content_stem,
    is_numeric,
    similar_names,
)
from reader.core.text import fact_words as fw
from reader.core.text.lexicon import ORG_HEADS, STOPWORDS, TITLES

LONG_RUN = 4  # words: longer, a changed run between reports written apart is a clause, not a name


def _values(view: SentenceView, lo: int, hi: int, skip: set[int], fn) -> set[str]:
    return {v for i in range(lo, hi) if i - lo not in skip for v in (fn(i),) if v}


def classify(ctx: Context, i1: int, i2: int, j1: int, j2: int, skip_a: set[int], skip_b: set[int]) -> str | None:
    """The kind of fact words i1..i2 of A put against words j1..j2 of B
    change, or None for a change of wording. skip_*: positions in each run
    of numbers both sides give alike. Inside a quotation on both sides, a
    change of no other kind is a quote."""
    qa = [ctx.a.words[i].key for i in range(i1, i2) if ctx.a.quotes[i] is not None]
    qb = [ctx.b.words[j].key for j in range(j1, j2) if ctx.b.quotes[j] is not None]
    if ctx.derived and qa and qb and qa != qb and (len(qa) < i2 - i1 or len(qb) < j2 - j1):
        return "quote"  # a run across a quotation's end ('a month," Mokoena said' / 'a year," she said')
    kind = _classify(ctx, i1, i2, j1, j2, skip_a, skip_b)
    if kind in (None, "claim") and ctx.a.quote_in(i1, i2) is not None and ctx.b.quote_in(j1, j2) is not None:
        return "quote"
    return kind


def _classify(ctx: Context, i1: int, i2: int, j1: int, j2: int, skip_a: set[int], skip_b: set[int]) -> str | None:
    a, b = ctx.a, ctx.b
    ra = [i for i in range(i1, i2) if i - i1 not in skip_a]
    rb = [j for j in range(j1, j2) if j - j1 not in skip_b]
    if not ra and not rb:
        return None

    def both(fn_a, fn_b) -> tuple[set[str], set[str]]:
        return _values(a, i1, i2, skip_a, fn_a), _values(b, j1, j2, skip_b, fn_b)

    # Negation: one side says not, or the opposite verb.
    neg_a = sum(1 for i in ra if a.words[i].key in fw.NEGATORS)
    neg_b = sum(1 for j in rb if b.words[j].key in fw.NEGATORS)
    if neg_a != neg_b and a.neg != b.neg:
        return "negation"
    signs_a = {fw.ANTONYM_OF[a.words[i].key] for i in ra if a.words[i].key in fw.ANTONYM_OF}
    signs_b = {fw.ANTONYM_OF[b.words[j].key] for j in rb if b.words[j].key in fw.ANTONYM_OF}
    if any(-s in signs_b for s in signs_a):
        return "negation"
    if _respelled(a, b, ra, rb):
        return "variant"
    ha, hb = both(a.hedge, b.hedge)
    if ha != hb and any(len(a.where["hedge"].get(g, ())) != len(b.where["hedge"].get(g, ())) for g in ha ^ hb):
        return "hedge"  # (counted: "may believe ... may pressure" against "may believe ... will pressure")
    # Who says it: a verb of saying of another kind, or one with no verb in
    # its place (a source dropped, "according to" gone); a verb of saying
    # put for a verb of doing is a claim.
    sa, sb = both(a.says, b.says)
    if sa != sb and ((sa - b.saying) or (sb - a.saying)):
        if sa and sb:
            return "attribution"
        if not (ctx.derived and ctx.rewrite):
            return None  # two writers place a source in different sentences (so does a short report, "contained")
        rest = [a.words[i] for i in ra if not a.says(i)] + [b.words[j] for j in rb if not b.says(j)]
        if not any(content_stem(w.key) and not (w.capitalised or w.key in PRONOUNS) for w in rest) or (
                "said" in sa | sb and any(a.words[i].key == "according" for i in ra) | any(b.words[j].key == "according" for j in rb)):
            return "attribution"
    # Names and places (and below, roles and groups): between reports not rewritten one from the
    # other, a long run put for another is a clause told another way, not one name or title for another
    if not (ctx.derived and ctx.rewrite) and max(len(ra), len(rb)) > LONG_RUN:
        return "number" if _numbers_of(a, ra) != _numbers_of(b, rb) else None
    ea, eb = both(a.ent, b.ent)
    gone, new = ea - b.ents, eb - a.ents
    if (gone or new) and _short_form(a, b, ra, rb):
        gone = new = set()  # "The New York Times" / "The Times", "Michael Thibodeau" / "Thibodeau"
    if (gone or new) and not ctx.derived and not (gone and new) and not (_speaker(a, ra) or _speaker(b, rb)):
        gone = new = set()  # two writers name what each chooses: a name for a name, or none
    if (gone or new) and not (gone and new) and ctx.named and not ctx.verbatim and not (_speaker(a, ra) or _speaker(b, rb)) \
            and (gone or _reference(a, ra)) and (new or _reference(b, rb)) \
            and _named_there(a, ra, gone, ctx.named[1].forms) and _named_there(b, rb, new, ctx.named[0].forms):
        # a rewrite names here what the other names in another sentence ("the company" / "Lakeshore"; not
        # "Mr. Obama" / "Mr. Romney", one man put for another the sentence names too)
        gone = new = set()
    if gone or new:
        if _demonyms(a, ra) and _demonyms(b, rb):
            return "descriptor"
        if _speaker(a, ra) or _speaker(b, rb):
            if not ctx.derived and not (_speaker(a, ra) and _speaker(b, rb)):
                return None  # one names the speaker, the other says "he" or "the lawyer"
            if not (gone and new) and (_refers(a, ra) or _refers(b, rb)):
                return None  # so does a rewrite: '," Breckner said' / '," the governor said', "he told"
            return "attribution"
        places = any(k.startswith("place:") for k in gone | new)
        if places and (_values(a, i1, min(len(a.words), i2 + 1), set(), a.group)
                       or _values(b, j1, min(len(b.words), j2 + 1), set(), b.group)):
            return "descriptor"
        return "entity"
    # Offices and roles: an office put for an institution is another entity;
    # one plural for another says what a group is.
    roles_a, roles_b = both(a.role, b.role)
    if ctx.named and not ctx.verbatim and ((roles_a and not roles_b and _refers_only(b, rb))
                                           or (roles_b and not roles_a and _refers_only(a, ra))):
        # a rewrite gives the title in another sentence ("She also" / "The judge also"); a title put for
        # another stays a change ("minister" / "chancellor": both in both reports, of other people)
        roles_a -= {v for i in ra if (v := a.role(i)) and not a.speaks(i) and ctx.named[1].gives(v, a.holder(i))}
        roles_b -= {v for j in rb if (v := b.role(j)) and not b.speaks(j) and ctx.named[0].gives(v, b.holder(j))}
    if ((roles_a - b.roles) or (roles_b - a.roles)) and (ctx.derived or (roles_a and roles_b)):
        heads_a = any(a.words[i].key in ORG_HEADS for i in ra)
        heads_b = any(b.words[j].key in ORG_HEADS for j in rb)
        if (roles_a and heads_b and not roles_b) or (roles_b and heads_a and not roles_a):
            return "entity"
        ga, gb = both(a.group, b.group)
        return "descriptor" if ga and gb and ga != gb else "role"
    if roles_a and roles_a == roles_b and all(a.role(i) for i in ra) and all(b.role(j) for j in rb):
        return None  # one title written two ways: "Sen." / "Senator"
    ga, gb = both(a.group, b.group)
    if ga and gb and ((ga - b.groups) or (gb - a.groups)):
        return "descriptor"
    if _numbers_of(a, ra) != _numbers_of(b, rb):
        return "number"
    if ctx.close:
        # a name's words are no claim: a name written another way is a variant ("said Senator Jane Okafor" /
        # "Senator Jane Okafur said" was a claim as well), another name an entity
        ca = {st for i in ra if not _named(a, i) and (st := a.stem(i))}
        cb = {st for j in rb if not _named(b, j) and (st := b.stem(j))}
        if (ca - b.stems) or (cb - a.stems):
            if ctx.verbatim or claimed(a, b, ra, rb):
                return "claim"
    return None


def _named(view: SentenceView, i: int) -> bool:
    w = view.words[i]
    return view.names[i] is not None or (w.capitalised and not w.initial)


def _numbers_of(view: SentenceView, run: Sequence[int]) -> set[str]:
    return {view.words[i].key for i in run if is_numeric(view.words[i])}


def claimed(a: SentenceView, b: SentenceView, ra: Sequence[int], rb: Sequence[int]) -> bool:
    """Do the words ra of A and rb of B say another thing was done, or done
    to another thing: a verb of a news event or a thing it is done to, put
    for one of another meaning that the other sentence has fewer times
    ("bought" / "leased", "the deal" / "the loan")? Not a synonym, nor a
    word of no known meaning."""
    def fewer(view: SentenceView, other: SentenceView, feature: str, v: str) -> bool:
        # counted: "launched ... unveiled" / "delayed ... unveiled" loses a launch the other still has once
        return len(view.where[feature].get(v, ())) > len(other.where[feature].get(v, ()))

    for feature in ("act", "obj"):
        gone = {i: v for i in ra for v in (a.what(feature, i),) if v and fewer(a, b, feature, v) and not a.echoed(i, b)}
        new = {j: v for j in rb for v in (b.what(feature, j),) if v and fewer(b, a, feature, v) and not b.echoed(j, a)}
        if gone and new and (feature == "act" or any(same_governor(a, i, b, j) for i in gone for j in new)):
            return True
    return False


def same_governor(a: SentenceView, i: int, b: SentenceView, j: int) -> bool:
    """Is a thing changed under one verb ("signed the deal" / "signed the
    loan"), not a sentence turned round?"""
    ga, gb = a.governor(i), b.governor(j)
    return bool(ga) and (ga == gb or (a.act(i - 1) is not None and a.act(i - 1) == b.act(j - 1)))


def _respelled(a: SentenceView, b: SentenceView, ra: list[int], rb: list[int]) -> bool:
    """One name spelled another way: a short run, capitalised, of similar
    spelling, not one known word for another ("Prince" / "Princess")."""
    if not (0 < len(ra) <= 3 and 0 < len(rb) <= 3):
        return False
    wa, wb = [a.words[i] for i in ra], [b.words[j] for j in rb]
    if not (wa[0].capitalised and wb[0].capitalised) or all(_known(w.key) for w in wa + wb):
        return False
    return similar_names(" ".join(w.text for w in wa), " ".join(w.text for w in wb))


def _short_form(a: SentenceView, b: SentenceView, ra: list[int], rb: list[int]) -> bool:
    """Is the change a name written shorter on one side, words of it left
    out while the rest is there on both ("The New York Times" / "The
    Times", "John O. Brennan" / "John Brennan")? Not a name put for
    another."""
    def name_words(view: SentenceView, run: list[int]) -> list[int]:
        return [i for i in run if view.ent(i) and view.words[i].key not in STOPWORDS]
    na, nb = name_words(a, ra), name_words(b, rb)
    if bool(na) == bool(nb):
        return False
    view, run, other = (a, na, b) if na else (b, nb, a)
    there = {w.key for w in other.words}
    for i in run:
        name = view.names[i]
        if name is None:
            return False
        rest = [w.key for w in view.words if name.start <= w.start < name.end and w.start not in
                {view.words[j].start for j in run}]
        if not rest or not all(k in there for k in rest):
            return False
    return True


def _known(k: str) -> bool:
    return k in fw.ROLES or k in fw.GROUPS or k in fw.PLACES or k in STOPWORDS or k in TITLES


def _named_there(view: SentenceView, run: list[int], values: set[str], forms: frozenset[str]) -> bool:
    """Does the other report write every word of each of these names (of the run)? ("the Associated
    Press" is not named where the other report speaks only of "the press")"""
    return all(view.name_forms([i for i in run if view.ent(i) == v]) <= forms for v in values)


def _reference(view: SentenceView, run: list[int]) -> bool:
    """Is the run (the side that names nothing) how a report refers again to what it has named: a
    pronoun, "the company", function words, lower-case words? Not a name ("Mr. Romney"), nor
    capitalised words a name is written in ("Law Courts" / "the IEBC's offices")."""
    return all(not view.ent(i) and (view.words[i].key in STOPWORDS or view.words[i].key in PRONOUNS or (
        view.words[i].text.islower() or view.words[i].initial)) for i in run)


def _refers_only(view: SentenceView, run: list[int]) -> bool:
    """Is the run (of the side with no role) no more than a name, a pronoun and function words: what
    a rewrite puts for a title it gives in another sentence ("She also" / "The judge also", "Sharma
    said" / "the hospital's president said"; not "majority leader" / "majority deputy")?"""
    return all(view.ent(i) or view.words[i].key in PRONOUNS or view.words[i].key in STOPWORDS for i in run)


_REFERRING = PRONOUNS | frozenset("the a an his her their its".split())


def _refers(view: SentenceView, run: list[int]) -> bool:
    """Is the run a pronoun or "the" and a role, naming no one ("he", "the
    minister", "the state's governor"): how a report refers again to a
    speaker it has named?"""
    words = [view.words[i] for i in run]
    return bool(words) and not any(view.ent(i) for i in run) and any(
        w.key in PRONOUNS or w.key in fw.ROLES or w.key in TITLES for w in words) and all(
        w.key in _REFERRING or w.key in fw.ROLES or w.key in TITLES or w.key in ("'s", "’s") for w in words)


def _speaker(view: SentenceView, run: list[int]) -> bool:
    """Is a name in run the one speaking: three words or fewer before a
    verb of saying, or just after one ("said Mr Smith", "according to
    Reuters"; not "confirmed that Germans")?"""
    ws = view.words
    for i in run:
        if not view.ent(i):
            continue
        if any(view.says(j) for j in range(i + 1, min(len(ws), i + 4))):
            return True
        j = i - 1
        while j >= 0 and (view.ent(j) or ws[j].key in TITLES or ws[j].key == "to"):
            j -= 1  # back over the rest of the name, its title, "according to"
        if j >= 0 and view.says(j):
            return True
    return False


def _demonyms(view: SentenceView, run: list[int]) -> bool:
    places = [i for i in run if view.ent(i) and view.ent(i).startswith("place:")]  # type: ignore[union-attr]
    return bool(places) and all(view.words[i].key in fw.DEMONYMS for i in places)
