"""Reported speech: the clause a verb of saying reports, with no quotation
marks around it as a whole (words of it may be quoted).

- leading: "X said (that) CLAUSE", "X told reporters CLAUSE", "X asked what ...";
- trailing: "CLAUSE, X said." and "CLAUSE, said X.";
- around: "CLAUSE, he said, CLAUSE." (the attribution inside: one clause);
- "according to X, CLAUSE" and "CLAUSE, according to X."

A clause runs to the end of its sentence, or to the next attribution where
that one starts a clause of its own (after a comma, "but", or an "and" with
a subject of its own: "said the changes helped but some MPs argue ...");
an attribution inside a clause is part of what the first speaker says
("one MP told reporters that Cameron suggested ..."). A trailing
attribution after a clause that already has one is the report's source,
not a second speaker ("Prosecutors said X, news agency AP reported").
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.core.quotes.attribution import BOUNDARY, PHRASAL, PRONOUNS, SAY_VERBS, TELL_VERBS, Ref, Scan, ing_form
from reader.core.text import lexicon as lx
from reader.core.text.tokens import NUM, PUNCT, WORD

MIN_WORDS = 3  # a clause of fewer words reports nothing
ASK_VERBS = frozenset("asked asks ask asking wondered wonders".split())
_WH = frozenset("what whether why how who when where if".split())
_PREPOSITIONS = frozenset("of for at from in on with to by during after before via".split())
_DETERMINERS = lx.NOUN_PHRASE_WORDS - _PREPOSITIONS
_TRAILING_REACH = 8  # tokens after a trailing attribution's verb ("said in a statement on Thursday")
_CUT_BEFORE = frozenset(",;") | frozenset(["but"])
_LEADING_JUNK = frozenset("but and so yet however".split())


@dataclass
class Clause:
    first: int  # tokens
    last: int
    verb: int
    ref: Ref


_BEFORE_SPEAKER = lx.ARTICLES | lx.PERSON_CUES | lx.ROLE_WORDS | frozenset("union party state police".split())


def clauses(scan: Scan, t0: int, t1: int, verbs: list[tuple[int, Ref]], used: set[int]) -> list[Clause]:
    """The reported clauses of the sentence of tokens [t0, t1); verbs: its
    attributions (token, subject) in order; used: verbs that already
    attribute a direct quotation."""
    out: list[Clause] = []
    covered_to = -1
    for n, (v, ref) in enumerate(verbs):
        if v in used or v <= covered_to:
            continue  # an attribution inside an earlier clause is part of it
        hi = _cut(scan, v, verbs[n + 1 :], t1)
        inverted = ref.mention is None and not ref.pronoun and v > t0 and scan.doc.words[v - 1] == "," and _says_who(scan, v, hi)
        if inverted:
            ref = scan.after_verb(v, hi)  # "CLAUSE, said union leader Maria Lopes.": the speaker after the verb
        if scan.low[v] == "according":
            if any(r.own for w, r in verbs if w != v):
                continue  # 'She said ..., according to the Post': she is the speaker
            found = _according(scan, v, t0, t1)
            if found and not any(c.first <= found.first <= c.last for c in out):
                out.append(found)
            continue
        span = None if inverted else clause_after(scan, v, hi)  # (what was said is before it then)
        if span is not None:
            a, b = _trim(scan, *span)
            if _words(scan, a, b) >= MIN_WORDS:
                out.append(Clause(a, b, v, ref))
                covered_to = b
                continue
        before = _before(scan, v, ref, t0, t1)
        if before is not None and not any(c.first <= before[1] and before[0] <= c.last for c in out):
            a, b = _trim(scan, *before)
            if _words(scan, a, b) >= MIN_WORDS:
                out.append(Clause(a, b, v, ref))
                covered_to = max(covered_to, b)
    return out


def _says_who(scan: Scan, v: int, hi: int) -> bool:
    """Is the verb at v one of saying followed by its speaker, a person named
    right after it (titles, roles and articles between: "said union leader
    Maria Lopes")? Not "wrote on Twitter" nor "told Fox News" (whom it was
    told), nor "said the statement"."""
    if scan.low[v] not in SAY_VERBS or scan.low[v] in TELL_VERBS:
        return False
    t = v + 1
    while t < hi and scan.mention_of[t] is None and scan.low[t] in _BEFORE_SPEAKER:
        t += 1
    k = scan.mention_of[t] if t < hi else None
    if k is None or scan.names[k].type != "PERSON":
        return False
    while t < hi and scan.mention_of[t] == k:
        t += 1
    # the name ends it ("said Roberton Williams of the Tax Policy Center." too): "said Obama recorded it" says what he did
    return t >= hi or scan.doc.kinds[t] == PUNCT or scan.low[t] == "of"


def _cut(scan: Scan, verb: int, later: list[tuple[int, Ref]], t1: int) -> int:
    """Where the clause of the verb ends: at ", but", or where the next
    attribution that starts a clause of its own begins."""
    for t in range(verb + 2, t1 - 1):
        if scan.inside[t]:
            continue
        but = scan.doc.words[t] == "," and scan.low[t + 1] == "but" and (t + 2 >= t1 or scan.low[t + 2] != "that")
        if but or scan.doc.words[t] == ".":
            t1 = t  # "said X, but expressed concern" (not ", but that ..."); "... status. added that"
            break
    for v, ref in later:
        if v >= t1:
            break
        if clause_after(scan, v, t1) is None and not ref.own and scan.low[v].endswith("ing"):
            continue  # "getting dressed and asking Moore to take her home": still her clause
        start = ref.first if ref.own and not ref.inverted else v
        before = start - 1
        if before < 0:
            continue
        w = scan.low[before]
        if w in _CUT_BEFORE or (w == "and" and (not ref.own or ref.pronoun or ref.mention is not None)):
            return before
    return t1


def _before(scan: Scan, v: int, ref: Ref, t0: int, t1: int) -> tuple[int, int] | None:
    """The clause before a trailing or enclosed attribution."""
    if ref.inherited or scan.low[v] not in SAY_VERBS:
        return None  # "praised his decision, over ...": a verb that names, reports no clause
    start = v if ref.empty or ref.inverted else ref.first
    comma = start - 1
    if comma <= t0 or scan.doc.words[comma] != ",":
        return None
    if not ref.empty and _participle(scan, ref.first) and scan.lowercase(ref.first):
        return None  # ", deleting tweets in support": no subject, no attribution
    after = object_end(scan, v, t1)
    if ref.inverted:
        after = max(after, ref.last + 1)
    nxt = after
    if nxt < t1 and scan.low[nxt] in _PREPOSITIONS:
        while nxt < t1 and scan.doc.kinds[nxt] != PUNCT:
            nxt += 1  # past an adjunct: "he said in his statement, ..."
    if nxt < t1 and scan.doc.words[nxt] == "," and nxt + 1 < t1:
        if not scan.is_verb(nxt + 1) and _words(scan, nxt + 1, t1 - 1) >= 2:
            return t0, t1 - 1  # "CLAUSE, he said, CLAUSE."
        if nxt == after:
            return t0, comma - 1  # "CLAUSE, he claimed, saying ...": the next verb has its own
    rest = [t for t in range(after, t1) if scan.doc.kinds[t] != PUNCT]
    if len(rest) <= _TRAILING_REACH and not any(scan.is_verb(t) or scan.low[t] == "that" for t in rest):
        first = _trim(scan, t0, comma - 1)[0]
        if _participle(scan, first) and not any(scan.low[t] in lx.AUXILIARIES for t in range(first, comma)):
            return None  # "Speaking to reporters, X cautioned against ...": no clause said (but
            # "Lifting the injunction would help, analysts said" is one)
        return t0, comma - 1  # "CLAUSE, X said (in a statement)."
    return None


def _according(scan: Scan, v: int, t0: int, t1: int) -> Clause | None:
    """"according to X, CLAUSE" or "CLAUSE, according to X"."""
    i = v + 2
    while i < t1 and scan.mention_of[i] is None and scan.doc.kinds[i] != PUNCT and i < v + 5:
        i += 1
    k = scan.mention_of[i] if i < t1 else None
    last = i
    while k is not None and last + 1 < t1 and scan.mention_of[last + 1] == k:
        last += 1
    ref = Ref(first=v + 2, last=last, mention=k) if k is not None else Ref(first=v + 2, last=min(i, t1 - 1))
    if v - 1 > t0 and scan.doc.words[v - 1] == ",":
        a, b = _trim(scan, t0, v - 2)
    else:
        j = last + 1
        while j < t1 and scan.doc.words[j] != ",":
            j += 1
        a, b = _trim(scan, j + 1, t1 - 1)
    return Clause(a, b, v, ref) if _words(scan, a, b) >= MIN_WORDS else None


def _trim(scan: Scan, a: int, b: int) -> tuple[int, int]:
    doc = scan.doc
    while a <= b and (doc.kinds[a] == PUNCT and not scan.inside[a] or scan.low[a] in _LEADING_JUNK):
        a += 1
    while b >= a and (doc.kinds[b] == PUNCT and not scan.inside[b] or scan.low[b] in ("and", "but")):
        b -= 1
    return a, b


def _words(scan: Scan, a: int, b: int) -> int:
    return sum(1 for t in range(a, b + 1) if scan.doc.kinds[t] != PUNCT)


def object_end(scan: Scan, v: int, hi: int) -> int:
    """The first token after the verb and what a verb of telling is said to
    ("told reporters", "told The Post", "told Mr. Dale", "told the crowd"),
    or the particle of a phrasal verb ("pointed out")."""
    low, doc = scan.low, scan.doc
    i = v + 1
    if low[v] in PHRASAL:
        return v + 2
    if low[v] not in TELL_VERBS or i >= hi:
        return i
    while i + 1 < hi and low[i].rstrip(".") in lx.TITLES and doc.is_cap(i):
        i += 1
    k = scan.mention_of[i]
    if k is not None:
        while i < hi and scan.mention_of[i] == k:
            i += 1
        return i
    if low[i] in _DETERMINERS or low[i] in ("multiple", "other"):
        j = i + 1  # "the paper", "multiple news outlets"
        while j < min(hi, i + 4) and doc.kinds[j] == WORD and low[j] not in BOUNDARY:
            if low[j] in lx.NOUN_PHRASE_WORDS or scan.mention_of[j] is not None:
                break
            j += 1
            if low[j - 1].endswith("s"):
                break
        return j
    return i + 1 if doc.kinds[i] == WORD and low[i] not in BOUNDARY else i


def clause_after(scan: Scan, v: int, hi: int) -> tuple[int, int] | None:
    """The tokens of the clause the verb at v reports, up to hi: after
    "that", or a bare clause after a verb that takes one ("said the plan
    failed"), or a question after "asked"."""
    low, doc = scan.low, scan.doc
    if low[v] == "according":
        return None
    i = object_end(scan, v, hi)
    j, prepositional = i, False
    while j < min(hi, i + 8):  # "said in a statement on Thursday that"
        w = low[j]
        if w == "that" and doc.kinds[j] == WORD:
            return (j + 1, hi - 1) if j + 1 < hi else None
        if doc.kinds[j] == PUNCT and w != ",":
            break
        if w in _PREPOSITIONS:
            prepositional = True
        elif not (prepositional or doc.is_cap(j) or doc.kinds[j] == NUM or w == "," or w.endswith("ly")):
            break
        j += 1
    if i >= hi:
        return None
    if low[v] in ASK_VERBS and low[i] in _WH:
        return i, hi - 1
    verb = ing_form(low[v]) if low[v].endswith("ing") and low[v] not in lx.CLAUSE_VERBS else low[v]
    if verb not in lx.CLAUSE_VERBS:
        return None
    w = low[i]
    opens = w in PRONOUNS or w == "there" or w in _DETERMINERS or doc.is_cap(i) or doc.kinds[i] == NUM
    if w.endswith("ing") and doc.kinds[i] == WORD and not ing_form(w):
        # "says replacing him will be easy": a gerund as the clause's subject, before an auxiliary
        opens = any(low[t] in lx.AUXILIARIES for t in range(i + 1, min(hi, i + 10)))
    if not (opens or scan.mention_of[i] is not None or scan.inside[i]) or w in _PREPOSITIONS:
        return None
    if not any(_finite(scan, t) for t in range(i, min(hi, i + 16)) if not scan.inside[t]):
        return None
    return i, hi - 1


def _participle(scan: Scan, t: int) -> bool:
    return scan.doc.kinds[t] == WORD and scan.low[t].endswith(("ing", "ed")) and len(scan.low[t]) > 4


def _finite(scan: Scan, t: int) -> bool:
    """A word that makes a clause of the words around it: an auxiliary, a
    past or third-person form, a contraction ("he's", "she’d")."""
    word = scan.low[t]
    if t > 0 and scan.low[t - 1] in ("'", "’") and word in ("s", "re", "d", "ll", "ve", "m"):
        return True
    return word in lx.AUXILIARIES or (len(word) > 3 and word.endswith(("ed", "s")))
