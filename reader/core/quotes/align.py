"""Quotations across reports: who each report quotes, and a quotation two
reports give to two speakers or in two wordings.

    quotes_by_speaker(quotes)            # {speaker: [Quote, ...]}, most quoted first
    voices([quotes_a, quotes_b, ...])    # [Voice]: one speaker across the reports
    compare_quotes(quotes_a, quotes_b)   # [QuoteChange]

Two quotations are one when they share most of their words: the content
words (stems, no stop words) of the words in quotation marks where there
are any, else of the clause reported; at least MIN_SHARED of them, and half
of the shorter's (a report may quote more of a statement than another).
Pairs are taken one to one, the most alike first. Their speakers differ
when both reports name one and the names are not one entity's (the same
words, one a short form of the other: "Sarah Sanders" / "Sarah Huckabee
Sanders", or a variant spelling: entities.find_variants). Their wording
differs when, within the stretch both quote, the words in quotation marks
are not the same ("What is this? A circus?" / "What is this the circus?");
one quoting more than the other is no difference.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

from reader.core.entities import find_variants
from reader.core.entities.model import Entity
from reader.core.entities.normalise import name_tokens
from reader.core.quotes.model import Quote, QuoteChange, Voice
from reader.core.text.words import RUN, content_terms, normalise

MIN_SHARED = 3  # content words two quotations share to be one (or all of a shorter one)
MIN_SIMILARITY = 0.5


def quotes_by_speaker(quotes: Sequence[Quote]) -> dict[str | None, list[Quote]]:
    """Each speaker's quotations, in text order; the most quoted speaker
    first (ties: the one quoted first), unknown speakers (None) last."""
    groups: dict[str | None, list[Quote]] = {}
    for q in sorted(quotes, key=lambda q: q.start):
        groups.setdefault(q.speaker, []).append(q)
    order = sorted(groups, key=lambda s: (s is None, -len(groups[s]), groups[s][0].start))
    return {s: groups[s] for s in order}


def same_speaker(a: Quote | str | None, b: Quote | str | None) -> bool:
    """Whether two speakers' names are one entity's ("Mr Moore" / "Roy S. Moore")."""
    name_a, type_a = (a.speaker, a.speaker_type) if isinstance(a, Quote) else (a, "")
    name_b, type_b = (b.speaker, b.speaker_type) if isinstance(b, Quote) else (b, "")
    if name_a is None or name_b is None:
        return name_a is name_b
    ta, tb = name_tokens(name_a), name_tokens(name_b)
    if ta == tb:
        return True
    short, long = sorted((ta, tb), key=len)
    if short and set(short) <= set(long) and short[-1] == long[-1]:
        return True  # "Sarah Sanders" / "Sarah Huckabee Sanders", "Moore" / "Roy Moore"
    ea = Entity(name_a, type_a or type_b or "PERSON", (name_a,), 1)
    eb = Entity(name_b, type_b or type_a or "PERSON", (name_b,), 1)
    return bool(find_variants([ea], [eb]))


def voices(reports: Sequence[Sequence[Quote]]) -> list[Voice]:
    """One Voice per speaker across the reports (names tied as same_speaker
    ties them): each report's quotations of them. Most quoted first; the
    unknown speaker last."""
    out: list[Voice] = []
    unknown = Voice(None)
    for i, quotes in enumerate(reports):
        for q in quotes:
            if q.speaker is None:
                unknown.quotes.setdefault(i, []).append(q)
                continue
            voice = next((v for v in out if any(same_speaker(n, q.speaker) for n in v.names.values())), None)
            if voice is None:
                voice = Voice(q.speaker)
                out.append(voice)
            voice.names.setdefault(i, q.speaker)
            if len(q.speaker) > len(voice.speaker or ""):
                voice.speaker = q.speaker
            voice.quotes.setdefault(i, []).append(q)
    out.sort(key=lambda v: -sum(len(x) for x in v.quotes.values()))
    return out + ([unknown] if unknown.quotes else [])


def quoted_words(q: Quote) -> list[str]:
    """The words a quotation quotes, normalised: those in quotation marks,
    or for a reported clause without any, the clause's."""
    return _words(" ".join(q.quoted) or q.text)


def _words(text: str) -> list[str]:
    return RUN.findall(normalise(text))


def _contained(short: list[str], long: list[str]) -> bool:
    n = len(short)
    return bool(n) and any(long[k : k + n] == short for k in range(len(long) - n + 1))


def compare_quotes(quotes_a: Sequence[Quote], quotes_b: Sequence[Quote]) -> list[QuoteChange]:
    """The quotations two reports share (see the module's docstring) that
    they give to different speakers ("attribution") or in other words
    ("quote"), in the order of report a."""
    words_a = [quoted_words(q) for q in quotes_a]
    words_b = [quoted_words(q) for q in quotes_b]
    terms_a = [set(content_terms(" ".join(w))) for w in words_a]
    terms_b = [set(content_terms(" ".join(w))) for w in words_b]
    pairs = []
    for i, ta in enumerate(terms_a):
        for j, tb in enumerate(terms_b):
            shared = len(ta & tb)
            smaller = min(len(ta), len(tb))
            if not smaller or shared / smaller < MIN_SIMILARITY:
                continue
            if shared >= MIN_SHARED or (
                smaller < MIN_SHARED
                and (_contained(words_a[i], words_b[j]) or _contained(words_b[j], words_a[i]))
            ):  # a word or two quoted: only where the other quotes the very words
                pairs.append((shared / smaller, shared, i, j))
    pairs.sort(key=lambda p: (-p[0], -p[1], p[2], p[3]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    out: list[QuoteChange] = []
    for similarity, _, i, j in pairs:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        a, b = quotes_a[i], quotes_b[j]
        kinds = []
        if a.speaker and b.speaker and not same_speaker(a, b):
            kinds.append("attribution")
        removed: tuple[str, ...] = ()
        added: tuple[str, ...] = ()
        if a.quoted and b.quoted:
            removed, added = _reworded(a.quoted, b.quoted)
            if removed or added:
                kinds.append("quote")
        if kinds:
            out.append(QuoteChange(a, b, similarity, tuple(kinds), removed, added))
    out.sort(key=lambda c: c.a.start)
    return out


def _reworded(parts_a: Sequence[str], parts_b: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Words only a, and only b, has where both quote the same stretch: each
    part of the one with fewer words is aligned with the other's words, and
    only what differs inside the part counts (what one leaves out between
    parts, or before or after, is no difference)."""
    words_a, words_b = [_words(p) for p in parts_a], [_words(p) for p in parts_b]
    flip = sum(map(len, words_a)) > sum(map(len, words_b))
    short, long = (words_b, words_a) if flip else (words_a, words_b)
    whole = [w for part in long for w in part]
    removed: list[str] = []
    added: list[str] = []
    for part in short:
        blocks = [m for m in SequenceMatcher(None, part, whole, autojunk=False).get_matching_blocks() if m.size]
        if not blocks:
            continue
        lo, hi = blocks[0].b, blocks[-1].b + blocks[-1].size
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, part, whole[lo:hi], autojunk=False).get_opcodes():
            if tag in ("replace", "delete"):
                removed += part[i1:i2]
            if tag in ("replace", "insert"):
                added += whole[lo + j1 : lo + j2]
    return (tuple(added), tuple(removed)) if flip else (tuple(removed), tuple(added))
