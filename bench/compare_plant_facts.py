"""Finders of places for the fact kinds of planted edits: role, entity,
descriptor, number, negation, hedge, attribution, quote, claim, and a name
respelled at one mention or at all (see bench/compare_plant.py)."""

from __future__ import annotations

import random
import re
from collections import defaultdict

from bench import compare_words as W
from bench.compare_plant import (
    Candidate,
    Context,
    Edit,
    absent,
    cased,
    delete,
    in_longer_name,
    quoted_spans,
    registrar,
    starts_sentence,
    table_matches,
    table_regex,
)
from reader.core.text.sentences import Sentence

PLANTERS: dict = {}
planter = registrar(PLANTERS)


@planter("role", quoted=False)
def _role(ctx: Context) -> list[Candidate]:
    return [("work for" if " " in repl and "for" in m[0].lower() else "title", [Edit(m.start(), m.end(), repl)])
            for m, repl in table_matches(ctx.text, W.ROLE)]


_HONORIFIC_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Miss)\.? ([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")
_SPEECH = re.compile(r"\b(?:said|says|told|tells|added|asked|stated|insisted|argues|argued|claimed|claims|warned|wrote|"
                     r"tweeted|explained|according to)\b|[\"“”]")


def _surnames(ctx: Context) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for m in _HONORIFIC_NAME.finditer(ctx.text):
        out[m[1]].append(m.span(1))
    return out


def _sentence_at(ctx: Context, pos: int) -> Sentence | None:
    for s in ctx.sentences:
        if s.start <= pos < s.end:
            return s
    return None


_SPEAKER = re.compile(r"^(?: said| says| told| added| asked| insisted)\b")
_SPEAKER_BEFORE = re.compile(r"\b(?:said|says|added|asked) $")


def _swap_surnames(ctx: Context, speaker: bool) -> list[Edit]:
    """A surname after Mr, Ms, ... put in another's place: the one who
    speaks ("Mr Smith said", "said Ms Jones"), or one in a sentence with no
    speech at all."""
    names = _surnames(ctx)
    if len(names) < 2:
        return []
    text, out = ctx.text, []
    for name, spans in names.items():
        others = sorted(n for n in names if n != name)
        for s, e in spans:
            if text[e:e + 2] in ("'s", "’s"):
                continue  # "said Mr Comey's disclosure": not the speaker
            if speaker:
                honorific = re.search(r"\S+ $", text[max(0, s - 8):s])
                left = s - len(honorific[0]) if honorific else s
                ok = bool(_SPEAKER.match(text[e:e + 10]) or _SPEAKER_BEFORE.search(text[max(0, left - 8):left]))
            else:
                sent = _sentence_at(ctx, s)
                ok = sent is not None and not _SPEECH.search(sent.text)
            if ok:
                out.append(Edit(s, e, ctx.rng.choice(others)))
    return out


_SOURCE_BEFORE = re.compile(r"(?:according to|told|by|from)(?: the)? $", re.IGNORECASE)
_SOURCE_AFTER = re.compile(r"^(?:(?:'s|’s)? (?:said|says|reported|reports|told|added|claimed)\b|: ?[\"“])")


def at_source(text: str, s: int, e: int) -> bool:
    return bool(_SOURCE_BEFORE.search(text[max(0, s - 20):s]) or _SOURCE_AFTER.match(text[e:e + 14]))


@planter("entity", quoted=False)
def _entity(ctx: Context) -> list[Candidate]:
    text, out = ctx.text, []
    for sub, groups in (("place", W.PLACES), ("organisation", W.ORGS)):
        for names in groups.values():
            for m in table_regex(names, exact=True).finditer(text):
                if in_longer_name(text, m.start(), m.end()) or at_source(text, m.start(), m.end()):
                    continue  # "New York Times"; "told the BBC" (a source changed is attribution)
                others = [n for n in names if absent(text, n)]
                if others:
                    out.append((sub, [Edit(m.start(), m.end(), ctx.rng.choice(others))]))
    out += [("person", [e]) for e in _swap_surnames(ctx, speaker=False)]
    return out


_NUMBER_BEFORE = re.compile(r"(?:\d[\d,.]*%?|\b(?:" + "|".join(W.NUMBER_WORDS) + r"|one|dozens|hundreds|thousands|millions))(?: \w+)? $", re.IGNORECASE)


def after_number(text: str, s: int) -> bool:
    """A number just before ("nine British nationals", "40 people")."""
    return bool(_NUMBER_BEFORE.search(text[max(0, s - 30):s]))


@planter("descriptor", quoted=False)
def _descriptor(ctx: Context) -> list[Candidate]:
    out = []
    for m, repl in table_matches(ctx.text, W.DESCRIPTOR, exact=True):
        if m[0][0].isupper() and in_longer_name(ctx.text, m.start(), m.end()) or after_number(ctx.text, m.start()):
            continue  # "British Airways"; "nine nationals" (what a number counts is a number edit)
        out.append(("nationality" if m[0][0].isupper() else "group", [Edit(m.start(), m.end(), repl)]))
    return out


_NUMBER = re.compile(r"(?<![\w.,/:-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w/:-]|[.,]\d)")


def changed_number(m: re.Match, rng: random.Random) -> tuple[str, str]:
    whole, frac = m[1], m[2] or ""
    n = int(whole.replace(",", ""))
    if frac:
        last = int(frac[-1])
        return "decimal", whole + frac[:-1] + str((last + rng.choice([1, 2, 3])) % 10)
    if 1900 <= n <= 2039 and "," not in whole:
        return "year", str(n + rng.choice([-2, -1, 1, 2]))
    new = n + rng.choice([1, 2, 3]) if n <= 12 else round(n * rng.choice([0.8, 1.25, 1.5]))
    new = new if new != n else n + 1
    return "count", f"{new:,}" if "," in whole else str(new)


@planter("number", quoted=False)
def _number(ctx: Context) -> list[Candidate]:
    out = []
    for m in _NUMBER.finditer(ctx.text):
        sub, new = changed_number(m, ctx.rng)
        out.append((sub, [Edit(m.start(), m.end(), new)]))
    for m, repl in table_matches(ctx.text, W.NUMBER_WORDS):
        if ctx.text[m.end():m.end() + 1] != "-":
            out.append(("word", [Edit(m.start(), m.end(), repl)]))
    return out


_AUX_BEFORE_WORD = re.compile(rf"(?<=\w )\b({'|'.join(W.AUXILIARIES)})\b (?!not\b|no\b|never\b|n't)(?=[a-z]+\b)")
_AUX_NOT = re.compile(r"\b(is|was|are|were|will|would|could|should|can|do|does|did|has|have|had|must) not\b")
_CONTRACTED = re.compile(r"\b(?:\w+n['’]t|cannot)\b", re.IGNORECASE)


@planter("negation", quoted=False)
def _negation(ctx: Context) -> list[Candidate]:
    text, out = ctx.text, []
    for m in _AUX_BEFORE_WORD.finditer(text):
        aux = m[1]
        out.append(("insert not", [Edit(m.start(1), m.end(1), "cannot" if aux == "can" else aux + " not")]))
    for m in _AUX_NOT.finditer(text):
        out.append(("remove not", [Edit(m.start(), m.end(), m[1])]))
    for m in _CONTRACTED.finditer(text):
        repl = W.NEGATED.get(m[0].lower().replace("’", "'"))
        if repl and cased(m[0], repl):
            out.append(("remove not", [Edit(m.start(), m.end(), cased(m[0], repl))]))
    out += [("opposite", [Edit(m.start(), m.end(), repl)]) for m, repl in table_matches(text, W.OPPOSITES)]
    return out


_AUX_PARTICIPLE = re.compile(r"(?<=\w )\b(is|was|are|were|has|have|had)\b(?= (?:[a-z]+ed|been)\b)")
_NUM_AHEAD = r"(?=[£$€]?\d|(?:" + "|".join(W.NUMBER_WORDS) + r")\b)"
_APPROX = re.compile(rf"\b({'|'.join(W.APPROXIMATORS)}) {_NUM_AHEAD}")
_HEDGE_ADVERB = re.compile(rf"\b({'|'.join(W.HEDGE_ADVERBS)}) (?=[a-z])")
_MODAL = re.compile(r"(?<=\w )\b(may|might|could|will)\b(?= (?!not\b|be able\b)[a-z]+\b)")
_MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
_PLAIN_NUMBER = re.compile(r"(?<=[a-z] )([£$€]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?)(?![\w/:-])(?![.,]\d)")


@planter("hedge", quoted=False)
def _hedge(ctx: Context) -> list[Candidate]:
    text, rng, out = ctx.text, ctx.rng, []
    for m in _AUX_PARTICIPLE.finditer(text):
        out.append(("adverb added", [Edit(m.start(), m.end(), f"{m[1]} {rng.choice(W.HEDGE_ADVERBS[:2])}")]))
    for m in _HEDGE_ADVERB.finditer(text):
        out.append(("adverb removed", [delete(text, m.start(), m.end())]))
    approx = {m.end() for m in _APPROX.finditer(text)}
    for m in _APPROX.finditer(text):
        out.append(("approximation removed", [delete(text, m.start(), m.end())]))
    for m in _PLAIN_NUMBER.finditer(text):
        digits = m[1].lstrip("£$€").replace(",", "")
        before = text[max(0, m.start() - 12):m.start()].split()[-1:]
        after = text[m.end():m.end() + 12].split()[:1]
        dated = any(w.strip(".,").lower()[:3] in _MONTHS for w in before + after) or before[:1] in (["on"], ["at"], ["since"], ["until"])
        if m.start() not in approx and not dated and not (digits.isdigit() and 1900 <= int(digits) <= 2039):
            out.append(("approximation added", [Edit(m.start(), m.end(), f"{rng.choice(W.APPROXIMATORS[:4])} {m[1]}")]))
    for m in _MODAL.finditer(text):
        out.append(("modal", [Edit(m.start(), m.end(), W.MODALS[m[1]])]))
    for m, repl in table_matches(text, W.HEDGED_FORMS):
        out.append(("believed to", [Edit(m.start(), m.end(), repl)]))
    return out


_SAID = re.compile(r"(?<!is )(?<!was )(?<!are )(?<!were )(?<!be )(?<!been )\b(said|says|told|added|stated)\b(?! to\b| that it\b)")
_ACCORDING = re.compile(r",? according to [^,.;:\"“”]+(?=[,.;])")
_ACCORDING_START = re.compile(r"(?:^|(?<=\n)|(?<=\. ))According to [^,.;\"“”]+, (\w+)")
_HE_SAID = re.compile(r",([”\"]) (?:he|she|they) (?:said|added)\.")


@planter("attribution", quoted=False)
def _attribution(ctx: Context) -> list[Candidate]:
    text, out = ctx.text, []
    out += [("verb", [Edit(m.start(), m.end(), W.SAID[m[1]])]) for m in _SAID.finditer(text)]
    for m in _ACCORDING.finditer(text):
        prev = re.search(r"\S+$", text[max(0, m.start() - 40):m.start()])
        if prev:
            out.append(("source dropped", [Edit(m.start() - len(prev[0]), m.end(), prev[0])]))
    for m in _ACCORDING_START.finditer(text):
        out.append(("source dropped", [Edit(m.start(), m.end(), m[1][0].upper() + m[1][1:])]))
    out += [("source dropped", [Edit(m.start(), m.end(), "." + m[1])]) for m in _HE_SAID.finditer(text)]
    out += [("speaker changed", [e]) for e in _swap_surnames(ctx, speaker=True)]
    for m in table_regex(W.OUTLETS, exact=True).finditer(text):
        if text[max(0, m.start() - 5):m.start()] == "told " and text[m.end():m.end() + 2] not in ("'s", "’s"):
            others = [o for o in W.OUTLETS if o != m[0]]
            out.append(("outlet", [Edit(m.start(), m.end(), ctx.rng.choice(others))]))
    return out


@planter("quote")
def _quote(ctx: Context) -> list[Candidate]:
    out = []
    for qs, qe in quoted_spans(ctx.text):
        if len(ctx.text[qs:qe].split()) < 4:
            continue
        for m in table_regex(W.QUOTE_WORDS, exact=True).finditer(ctx.text, qs, qe):
            if not after_number(ctx.text, m.start()):
                out.append(("word", [Edit(m.start(), m.end(), W.QUOTE_WORDS[m[0]])]))
    return out


_OBJECT = re.compile(rf"\b([a-z]+) ({'|'.join(W.DETERMINERS)}) ({'|'.join(W.OBJECTS)})\b")


@planter("claim", quoted=False)
def _claim(ctx: Context) -> list[Candidate]:
    text, out = ctx.text, []
    for m in table_regex(W.CLAIM_VERBS, exact=True).finditer(text):
        nxt = re.match(r" (\w+)", text[m.end():m.end() + 12])
        if not (nxt and nxt[1] in W.PARTICLES):
            out.append(("verb", [Edit(m.start(), m.end(), W.CLAIM_VERBS[m[0]])]))
    for m in _OBJECT.finditer(text):
        if m[1] not in W.NOT_VERBS:
            out.append(("object", [Edit(m.start(3), m.end(3), W.OBJECTS[m[3]])]))
    return out


# --- names ------------------------------------------------------------------------------
_CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][a-z]{3,}(?:-[A-Z][a-z]+)?(?![\w-])")


def names(text: str, vocabulary: frozenset[str] = frozenset()) -> dict[str, list[tuple[int, int]]]:
    """Capitalised words that are names: never written in lower case in the
    text (nor in vocabulary), at least twice, once at least inside a
    sentence."""
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for m in _CAPITALISED.finditer(text):
        if m[0].lower() not in W.NOT_NAMES:
            spans[m[0]].append(m.span())
    lower = set(re.findall(r"\b[a-z]+\b", text)) | vocabulary
    return {w: s for w, s in spans.items()
            if len(s) >= 2 and w.lower() not in lower and not all(starts_sentence(text, a) for a, _ in s)}


_VOWEL_SWAP = {"a": "e", "e": "a", "i": "y", "o": "a", "u": "o", "y": "i"}


def respell(name: str, rng: random.Random) -> str:
    """Another spelling of a name, the way reports misspell one: a vowel
    changed, a letter doubled or undoubled."""
    ops = []
    for i in range(1, len(name)):
        c = name[i]
        if c in _VOWEL_SWAP:
            ops.append(name[:i] + _VOWEL_SWAP[c] + name[i + 1:])
        if c == name[i - 1] and c.isalpha():
            ops.append(name[:i] + name[i + 1:])
        elif 1 < i < len(name) - 1 and c.isalpha() and c not in "aeiouy" and name[i + 1] != c and name[i - 1] != c:
            ops.append(name[:i] + c + name[i:])
    return rng.choice(sorted(set(ops) - {name}))


def _renamed(ctx: Context, every: bool) -> list[Candidate]:
    out = []
    for name, spans in sorted(names(ctx.text, ctx.vocabulary).items()):
        new = respell(name, ctx.rng)
        if not absent(ctx.text, new):
            continue
        if every:
            out.append(("every mention", [Edit(s, e, new) for s, e in spans]))
        else:
            out += [("one mention", [Edit(s, e, new)]) for s, e in spans]
    return out


@planter("name_one", quoted=False)
def _name_one(ctx: Context) -> list[Candidate]:
    return _renamed(ctx, every=False)


@planter("name_all")
def _name_all(ctx: Context) -> list[Candidate]:
    return _renamed(ctx, every=True)
