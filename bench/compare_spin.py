"""Word-spinning a whole article, as content spinners and rewriting editors
do, without changing a fact (bench/compare_paraphrase.py plants the facts).

`spin(text, rng, rate)` finds every place for a rewording of a kind and makes
each with probability `rate` (seeded): a synonym for a common word, a verb,
a function word or phrase (bench/compare_synonyms.py); a sentence-opening
connective; a contraction made or undone; British <-> American spelling;
"per cent" <-> "percent"; "that" dropped or added after a verb of saying; a
house style for "Mr." and for quotation marks (decided once per article);
and clauses reordered where that keeps what is said and who says it ("X said
Y." <-> "Y, X said."; ', said X.' <-> ', X said.'; "On Monday, X did Y." ->
"X did Y on Monday."; "X because Y." -> "Because Y, X."). Words inside
quotation marks, capitalised words (names), numbers, verbs of saying,
hedges, negations, roles and descriptors are never touched (the tables leave
them out, and a test checks they survive).

The spun text is kept as pieces, each either a verbatim stretch of the
original or a rewrite standing for a span of it, so a span in one text maps
to the other: a planted edit's place in the spun copy to the original's.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field

from bench import compare_synonyms as S
from bench import compare_words as W
from bench.compare_plant import quoted_spans, starts_sentence, table_regex
from bench.compare_spin_clauses import cap, reorder
from reader.core.text.sentences import split_sentences


@dataclass(frozen=True)
class Rewrite:
    kind: str  # adjective, adverb, noun, verb, function word, opener, contraction, spelling, percent, that, honorific, quote marks
    start: int  # the span of the original it replaces
    end: int
    new: str


@dataclass(frozen=True)
class Piece:
    text: str
    a0: int  # the span of the original it stands for
    a1: int
    s0: int  # where it starts in the spun text
    exact: bool  # text is the original's a0:a1, character for character


@dataclass
class Spun:
    original: str
    text: str
    pieces: list[Piece]
    rewrites: list[tuple[str, tuple[int, int], tuple[int, int], str, str]] = field(default_factory=list)
    # (kind, span in the original, span in the spun text, before, after)

    @property
    def counts(self) -> Counter:
        return Counter(k for k, *_ in self.rewrites)

    def to_original(self, spans) -> tuple[tuple[int, int], ...]:
        return _map(self.pieces, spans, forward=False)

    def to_spun(self, spans) -> tuple[tuple[int, int], ...]:
        return _map(self.pieces, spans, forward=True)


def _map(pieces: list[Piece], spans, forward: bool) -> tuple[tuple[int, int], ...]:
    """Each span of one text as spans of the other: a verbatim piece maps
    offset for offset, a rewrite to the whole of what it stands for."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        got = []
        for p in pieces:
            (f0, f1), (t0, t1) = ((p.a0, p.a1), (p.s0, p.s0 + len(p.text))) if forward else ((p.s0, p.s0 + len(p.text)), (p.a0, p.a1))
            if not (f0 < e and s < f1) and not (s == e and f0 <= s < f1):
                continue
            if p.exact:
                got.append((t0 + max(s, f0) - f0, t0 + min(e, f1) - f0))
            else:
                got.append((t0, t1))
        wide = [g for g in got if g[1] > g[0]]
        out += wide or got[:1]
    return tuple(_merged(out))


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1] and e > s:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        elif not out or (s, e) != out[-1]:
            out.append((s, e))
    return out


# --- word rewrites -----------------------------------------------------------------------
_PARTICLES = frozenset("up out off down away back over".split())
_ARTICLE = re.compile(r"(?<![\w'’-])(a|an|A|An) $")
_BEFORE_CONSONANT_SOUND = ("uni", "use", "usu", "uti", "eu", "one")


def _an(word: str) -> bool:
    w = word.lower()
    return w[:1] in "aeiou" and not w.startswith(_BEFORE_CONSONANT_SOUND)


def _with_article(text: str, s: int, new: str) -> tuple[int, str]:
    """A rewrite after "a"/"an" takes the article that fits it."""
    m = _ARTICLE.search(text, max(0, s - 4), s)
    if not m:
        return s, new
    want = "an" if _an(new) else "a"
    art = want if m[1][0].islower() else want.capitalize()
    return (m.start(), f"{art} {new}") if art != m[1] else (s, new)


def _words(text: str, rng: random.Random) -> list[Rewrite]:
    out = []
    for kind, table in (("adjective", S.ADJECTIVES), ("adverb", S.ADVERBS), ("noun", S.NOUNS), ("verb", S.VERBS)):
        for m in table_regex(table).finditer(text):
            form, word = m[0].lower(), m[0]
            opening = word == cap(form) and word != form and starts_sentence(text, m.start())
            if word != form and not (opening and form in S.ADVERBS):
                continue  # a capital inside a sentence: a name ("Rich", "Swift")
            nxt = re.match(r" (\w+)", text[m.end():m.end() + 12])
            if kind == "verb" and nxt and nxt[1] in _PARTICLES:
                continue  # "grew up", "ended up"
            new = rng.choice(table[form])
            start, new = _with_article(text, m.start(), cap(new) if opening else new)
            out.append(Rewrite(kind, start, m.end(), new))
    for pattern, alts in S.PHRASES:
        for m in re.finditer(rf"(?<![\w'’-]){pattern}(?![\w'’-])", text):
            out.append(Rewrite("function word", m.start(), m.end(), rng.choice(alts)))
    return out


def _openers(text: str, rng: random.Random) -> list[Rewrite]:
    out = []
    for sent in split_sentences(text):
        for form, alts in S.OPENERS.items():
            if sent.text.startswith(form + " ") and sent.text[len(form) + 1:][:1].isalpha():
                out.append(Rewrite("opener", sent.start, sent.start + len(form), rng.choice(alts)))
                break
    return out


_LONG = {long: short for long, short in S.CONTRACTIONS.items()}
_SHORT = {short.replace("'", "’"): long for long, short in S.CONTRACTIONS.items()} | {short: long for long, short in S.CONTRACTIONS.items()}


def _contractions(text: str, rng: random.Random) -> list[Rewrite]:
    curly = text.count("’") > text.count("'")
    out = []
    for table, contract in ((_LONG, True), (_SHORT, False)):
        for m in table_regex(table).finditer(text):
            found = m[0]
            new = table.get(found.lower()) or table.get(found.lower().replace("’", "'"))
            if new is None or found not in (found.lower(), cap(found.lower())):
                continue
            if found[0].isupper() and not starts_sentence(text, m.start()):
                continue  # "It's Now Or Never": a title
            new = new.replace("'", "’") if curly else new
            out.append(Rewrite("contraction", m.start(), m.end(), cap(new) if found[0].isupper() else new))
    return out


def _spelling(text: str, rng: random.Random) -> list[Rewrite]:
    both = {**W.SPELLING, **{v: k for k, v in W.SPELLING.items()}}
    out = [Rewrite("spelling", m.start(), m.end(), both[m[0]]) for m in table_regex(both, exact=True).finditer(text)]
    out += [Rewrite("percent", m.start(), m.end(), "percent" if m[0] == "per cent" else "per cent")
            for m in re.finditer(r"\bper ?cent\b", text)]
    return out


_SUBJECT = r"(?:the|a|an|he|she|they|it|we|there|his|her|their|its|this|these|those)"
_THAT_DROP = re.compile(rf"\b(?:said|says|added|stated|explained|argued|insisted)( that)(?= {_SUBJECT} )")
_THAT_ADD = re.compile(rf"(?<=[a-z] )(?:said|says)(?= {_SUBJECT} (?:\S+ ){{3}})(?![^.]*\bthat\b)")


def _that(text: str, rng: random.Random) -> list[Rewrite]:
    out = [Rewrite("that", m.start(1), m.end(1), "") for m in _THAT_DROP.finditer(text)]
    out += [Rewrite("that", m.end(), m.end(), " that") for m in _THAT_ADD.finditer(text)]
    return out


def _house_style(text: str, rng: random.Random, rate: float) -> list[Rewrite]:
    """Honorifics and quotation marks: one style for the whole article."""
    out = []
    if rng.random() < rate:
        dotted = list(re.finditer(r"\b(Mr|Mrs|Ms|Dr)\.(?= [A-Z])", text))
        bare = list(re.finditer(r"\b(Mr|Mrs|Ms|Dr)(?= [A-Z])", text))
        out += [Rewrite("honorific", m.start(), m.end(), m[1]) for m in dotted]
        out += [Rewrite("honorific", m.start(), m.end(), m[1] + ".") for m in bare if not dotted]
    if rng.random() < rate:
        for qs, qe in quoted_spans(text):
            straight = text[qs - 1] == '"'
            out += [Rewrite("quote marks", qs - 1, qs, "“" if straight else '"'), Rewrite("quote marks", qe, qe + 1, "”" if straight else '"')]
    return out


# --- putting it together ------------------------------------------------------------------
_OPEN_MARK = re.compile(r"(?:(?<=^)|(?<=[\s(\[—-]))[\"“‘](?=\S)", re.MULTILINE)
_CLOSE_MARK = re.compile(r"(?<=\S)[\"”’](?=[\s,.;:!?)\]—-]|$)", re.MULTILINE)


def quoted(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks, more widely than the planters read
    them: also from a mark that opens a quotation to the next that closes
    one or the paragraph's end (a quotation running over paragraphs opens
    each with a mark and closes only the last)."""
    out = quoted_spans(text)
    for para in re.finditer(r"[^\n]+", text):
        closes = [m.start() for m in _CLOSE_MARK.finditer(text, para.start(), para.end())]
        for m in _OPEN_MARK.finditer(text, para.start(), para.end()):
            end = next((c for c in closes if c > m.start()), para.end())
            out.append((m.end(), end))
    return sorted(out)


def spin(text: str, rng: random.Random, rate: float = 0.4) -> Spun:
    """The article spun: every place for a rewording taken with probability rate."""
    quotes = quoted(text)
    found = []
    for finder in (_words, _openers, _contractions, _spelling, _that):
        found += finder(text, rng)
    chosen: list[Rewrite] = []
    for rw in sorted(found, key=lambda x: (x.start, -x.end, x.kind)):
        take = rng.random() < rate
        inside = any(qs <= rw.start and rw.end <= qe for qs, qe in quotes)
        if take and not inside and not (chosen and rw.start < chosen[-1].end):
            chosen.append(rw)
    style = _house_style(text, rng, rate)
    chosen = sorted([c for c in chosen if not any(s.start < c.end and c.start < s.end for s in style)] + style, key=lambda x: x.start)
    plans: list[tuple[str | None, list]] = []
    pos = 0
    for sent in split_sentences(text):
        plans.append((None, [("r", pos, sent.start, None)]))
        got = reorder(text, sent.start, sent.text) if rng.random() < rate else None
        plans.append(got or (None, [("r", sent.start, sent.end, None)]))
        pos = sent.end
    plans.append((None, [("r", pos, len(text), None)]))
    return _assemble(text, chosen, plans)


def _assemble(text: str, chosen: list[Rewrite], plans) -> Spun:
    pieces: list[tuple[str, int, int, bool, Rewrite | None]] = []  # text, a0, a1, exact, the rewrite it is
    moves = []
    for kind, segments in plans:
        begin = len(pieces)
        for seg in segments:
            if seg[0] == "l":
                pieces.append((seg[1], seg[2], seg[2], False, None))
                continue
            _, a0, a1, case = seg
            local, pos = [], a0
            for rw in chosen:
                inside = a0 <= rw.start and rw.end <= a1 and (rw.end > rw.start or a0 < rw.start < a1)
                if inside and rw.start >= pos:
                    local += [(text[pos:rw.start], pos, rw.start, True, None), (rw.new, rw.start, rw.end, False, rw)]
                    pos = rw.end
            local.append((text[pos:a1], pos, a1, True, None))
            pieces += _recased(local, case) if case else local
        if kind:
            lo, hi = min(g[1] for g in segments if g[0] == "r"), max(g[2] for g in segments if g[0] == "r")
            moves.append((kind, lo, hi, begin, len(pieces)))
    final: list[Piece] = []
    starts: list[int] = []  # where each of pieces starts in the spun text
    rewrites = []
    out_len = 0
    for t, a0, a1, exact, rw in pieces:
        starts.append(out_len)
        if t or a1 > a0 or not exact:
            final.append(Piece(t, a0, a1, out_len, exact))
        if rw is not None:
            rewrites.append((rw.kind, (rw.start, rw.end), (out_len, out_len + len(t)), text[rw.start:rw.end], t))
        out_len += len(t)
    starts.append(out_len)
    spun = "".join(p.text for p in final)
    for kind, lo, hi, begin, end in moves:
        rewrites.append(("reorder: " + kind, (lo, hi), (starts[begin], starts[end]), text[lo:hi], spun[starts[begin]:starts[end]]))
    return Spun(text, spun, final, sorted(rewrites, key=lambda r: r[1]))


def _recased(local: list, case: str) -> list:
    """The first letter of the pieces upper- or lower-cased."""
    for k, (t, a0, a1, exact, rw) in enumerate(local):
        i = next((j for j, ch in enumerate(t) if ch.isalpha()), None)
        if i is None:
            continue
        ch = t[i].upper() if case == "up" else t[i].lower()
        if ch == t[i]:
            return local
        if not exact:
            return local[:k] + [(t[:i] + ch + t[i + 1:], a0, a1, False, rw)] + local[k + 1:]
        split = [(t[:i], a0, a0 + i, True, None), (ch, a0 + i, a0 + i + 1, False, None), (t[i + 1:], a0 + i + 1, a1, True, None)]
        return local[:k] + split + local[k + 1:]
    return local
