"""Quotations of a text and who says them.

    mentions = entities.extract(text)
    quotes = extract_quotes(text, mentions)      # list[Quote], in order

The text is read sentence by sentence (a sentence that a quotation runs
through is one with the sentences on either side). Words in quotation marks
are a direct quotation when they stand as a statement: after an attribution
("X said: ...", "Moore claimed ..."), before one ('"...," he said'), or on
their own (a paragraph that goes on with the last speaker's words). Split by
their attribution ('"We will act," he said, "and soon."') they are one
quotation. Quoted words inside a sentence are the words of the sentence's
speaker: part of the clause it reports ('said the plan was "a fiasco"'), or
a quotation of its own ('called the plan "a fiasco"'). With no speaker in
the sentence, a short quoted phrase is a name or a term ("the 'enhanced
tier'", "so-called 'experts'"), no quotation; a line that is only a short
quoted phrase is a heading, a quotation of the speaker the next sentence
names ("'Total garbage' / That's how X described it"), else of no one known.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from reader.core.entities.model import Mention
from reader.core.entities.normalise import resolve
from reader.core.quotes.attribution import Ref, Scan
from reader.core.quotes.model import DIRECT, REPORTED, Quote
from reader.core.quotes.reported import clauses, object_end
from reader.core.quotes.speakers import Speaker, Speakers
from reader.core.text import lexicon as lx
from reader.core.text.marks import Quoted, find_quoted
from reader.core.text.sentences import split_sentences
from reader.core.text.tokens import PUNCT

_SPLIT_REACH = 30  # tokens of attribution between the two parts of one quotation
_TRAIL_REACH = 15  # tokens from a quotation to the verb of the attribution after it
_HEADING_WORDS = 8
_STATEMENT_WORDS = 4  # a quoted phrase with no speaker in its sentence is a quotation from this long,
_LONG_STATEMENT = 8  # with a stop inside its marks, or from this long without
_DEMONSTRATIVES = frozenset("that this these those so".split())


@dataclass
class _Cand:
    start: int
    end: int
    kind: str
    parts: list[tuple[int, int]]
    ref: Ref | None
    verb: int  # token of the attribution verb, -1 when none
    unit: tuple[int, int]
    follow: str = ""  # "back": the last quotation's speaker; "next": the next sentence's


def extract_quotes(text: str, mentions: Sequence[Mention]) -> list[Quote]:
    """The quotations of text (see the module's docstring), in order.
    mentions: the text's entity mentions (entities.extract), which name the
    speakers."""
    if not text.strip():
        return []
    mentions = list(mentions)
    if mentions and not all(m.canonical for m in mentions):
        mentions = resolve(mentions, text)
    quoted = find_quoted(text)
    scan = Scan(text, mentions)
    for q in quoted:
        for t in range(scan.token_at(q.start), scan.token_at(q.end)):
            scan.inside[t] = True
    units = _units(scan, quoted)
    verbs = [[(t, scan.subject(t, _chunk_start(scan, t, u))) for t in range(*u) if scan.is_verb(t)] for u in units]
    for u, unit_verbs in zip(units, verbs):
        _inherit(scan, u, unit_verbs)
    cands = _direct(scan, quoted, units, verbs)
    return _resolve(scan, mentions, cands, units, verbs)


def _units(scan: Scan, quoted: list[Quoted]) -> list[tuple[int, int]]:
    """Token ranges of the sentences, joined where a quotation runs across."""
    text = scan.text
    starts = [s.start for s in split_sentences(text)]
    keep = [s for s in starts if not any(q.start < s < q.end for q in quoted)]
    bounds = [scan.token_at(s) for s in keep] + [len(scan)]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]


def _chunk_start(scan: Scan, t: int, unit: tuple[int, int]) -> int:
    """The first token after the last quotation before t in its sentence."""
    i = t - 1
    while i >= unit[0] and not scan.inside[i]:
        i -= 1
    return i + 1


def _inherit(scan: Scan, unit: tuple[int, int], verbs: list[tuple[int, Ref]]) -> None:
    """A verb with no subject of its own ("..., saying", "and called") takes
    the last one's, or the next one's, or the sentence's opening name."""
    for n, (v, ref) in enumerate(verbs):
        if not ref.empty:
            continue
        prior = [r for _, r in verbs[:n] if r.own]
        opens = not any(scan.doc.kinds[t] != PUNCT for t in range(unit[0], v))
        later = [r for _, r in verbs[n + 1 :] if r.own] if opens else []  # "Noting that ..., he said"
        if prior or later:
            verbs[n] = (v, (prior[-1] if prior else later[0]).lent())
            continue
        opening = _opening(scan, unit)
        if opening is not None:
            verbs[n] = (v, opening.lent())


def _opening(scan: Scan, unit: tuple[int, int]) -> Ref | None:
    t = scan.after_dateline(unit[0])
    while t < unit[1] and (scan.doc.kinds[t] == PUNCT or scan.low[t] in ("but", "and", "so", "yet")):
        t += 1
    if t < unit[1] and scan.low[t] in ("he", "she", "it", "they"):
        return Ref(first=t, last=t, pronoun=scan.low[t])
    for i in range(t, min(unit[1], t + 6)):
        if scan.doc.words[i] == ",":
            break
        k = scan.mention_of[i]
        if k is not None and scan.names[k].type != "NORP":
            last = i
            while last + 1 < unit[1] and scan.mention_of[last + 1] == k:
                last += 1
            return Ref(first=i, last=last, mention=k)
    return None


def _unit_of(units: list[tuple[int, int]], t: int) -> int:
    return bisect.bisect_right([a for a, _ in units], t) - 1


def _direct(scan: Scan, quoted: list[Quoted], units, verbs) -> list[_Cand]:
    doc = scan.doc
    cands: list[_Cand] = []
    used: dict[int, set[int]] = {}
    spans = [(scan.token_at(q.start), scan.token_at(q.end)) for q in quoted]
    attached: list[tuple[str, int, Ref] | None] = []
    for n, (q, (qa, qb)) in enumerate(zip(quoted, spans)):
        u = _unit_of(units, qa)
        lo = spans[n - 1][1] if n and _unit_of(units, spans[n - 1][0]) == u else units[u][0]
        hi = spans[n + 1][0] if n + 1 < len(quoted) and _unit_of(units, spans[n + 1][0]) == u else units[u][1]
        if _term(scan, q.start):
            attached.append(None)  # a name or a term: settled (dropped) below
            continue
        lead = _lead(scan, verbs[u], lo, qa) if _ends_clause(scan, q, qb, hi) else None
        attached.append(lead or _trail(scan, verbs[u], qb, hi))
    n = 0
    while n < len(quoted):
        q, (qa, qb) = quoted[n], spans[n]
        u = _unit_of(units, qa)
        att = attached[n]
        parts = list(q.parts)
        end = q.end
        if att and att[0] == "trail":
            # '"We will act," he said, "and soon."': one quotation
            while (
                n + 1 < len(quoted)
                and (attached[n + 1] is None or attached[n + 1][:2] == ("lead", att[1]))
                and _same_paragraph(scan.text, end, quoted[n + 1].start)
            ):
                gap = [t for t in range(spans[n][1], spans[n + 1][0]) if doc.kinds[t] != PUNCT]
                if len(gap) > _SPLIT_REACH or sum(scan.is_verb(t) for t in gap) != 1:
                    break
                n += 1
                parts += quoted[n].parts
                end = quoted[n].end
        if att is not None:
            used.setdefault(u, set()).add(att[1])
            start = q.start
            lo = _chunk_start(scan, qa, units[u])
            if att[0] == "trail" and any(doc.kinds[t] != PUNCT for t in range(lo, qa)):
                start = doc.starts[lo]  # 'Mr Blair's government was a "bossy ...," he added'
                cands.append(_Cand(start, end, REPORTED, parts, att[2], att[1], units[u]))
            else:
                cands.append(_Cand(start, end, DIRECT, parts, att[2], att[1], units[u]))
        else:
            cands.append(_Cand(q.start, end, "", parts, None, -1, units[u]))  # settled below
        n += 1
    return _settle(scan, quoted, units, verbs, cands, used)


def _lead(scan: Scan, verbs, lo: int, qa: int):
    """An attribution just before the quotation: 'X said: "..."'."""
    for v, ref in reversed(verbs):
        if not lo <= v < qa:
            continue
        i = object_end(scan, v, qa)
        while i < qa and (scan.low[i] in (":", ",") or scan.low[i] in ("in", "at", "on")):
            if scan.low[i] in (":", ","):
                i += 1
                continue
            while i < qa and scan.doc.kinds[i] != PUNCT:
                i += 1  # "said in a statement:", "declared at one point,"
        return ("lead", v, ref) if i == qa else None
    return None


def _ends_clause(scan: Scan, q: Quoted, qb: int, hi: int) -> bool:
    """Whether quoted words stand as a statement: they end with a stop, or
    what follows them does not go on with their clause ('said "our country"
    was being "stolen"' goes on)."""
    inner = scan.text[q.parts[-1][0] : q.parts[-1][1]].rstrip()
    if inner[-1:] in ".!?,…:;" or qb >= hi:
        return True
    return not scan.lowercase(qb) or scan.is_verb(qb)


def _trail(scan: Scan, verbs, qb: int, hi: int):
    """An attribution just after the quotation: '"...," said X', '"...," he said'."""
    first = qb
    while first < hi and scan.doc.kinds[first] == PUNCT:
        if scan.doc.words[first] in ".;:":
            return None  # the sentence ended: what follows is not its attribution
        first += 1
    for v, ref in verbs:
        if not first <= v < hi or v - first > _TRAIL_REACH:
            continue
        if v == first:
            if scan.low[v].endswith("ing"):
                return None  # '"...," saying ...': the sentence's speaker goes on
            return "trail", v, scan.after_verb(v, hi)
        if ref.own and qb <= ref.first <= first:
            return "trail", v, ref
        return None
    return None


def _same_paragraph(text: str, a: int, b: int) -> bool:
    return "\n" not in text[a:b]


def _settle(scan: Scan, quoted, units, verbs, cands: list[_Cand], used) -> list[_Cand]:
    """Reported clauses, and the quoted words no attribution took yet."""
    doc, text = scan.doc, scan.text
    out = [c for c in cands if c.kind]
    reported: list[_Cand] = []
    for u, unit in enumerate(units):
        for c in clauses(scan, unit[0], unit[1], verbs[u], used.get(u, set())):
            start, end = doc.starts[c.first], doc.ends[c.last]
            reported.append(_Cand(start, end, REPORTED, [], c.ref, c.verb, unit))
    out += reported
    for c in cands:
        if c.kind:
            continue
        if _term(scan, c.start):
            continue  # no one's words, not even a part of them
        home = next((r for r in reported if r.start <= c.start and c.end <= r.end), None)
        if home is not None:
            home.parts += c.parts
            continue
        u = _unit_of(units, scan.token_at(c.start))
        qa = scan.token_at(c.start)
        before = [(v, r) for v, r in verbs[u] if v < qa]
        after = [(v, r) for v, r in verbs[u] if v > qa]
        words = len(" ".join(text[a:b] for a, b in c.parts).split())
        alone = not any(doc.kinds[t] != PUNCT for t in range(units[u][0], units[u][1]) if not scan.inside[t])
        if alone and (c.start == 0 or text[c.start - 1] == "\n") and _heading(text, c, words):
            c.kind, c.follow = DIRECT, "next"
        elif before or after:
            v, r = before[-1] if before else after[0]
            c.kind, c.ref, c.verb = DIRECT, r, v
        elif alone or words >= _LONG_STATEMENT or (words >= _STATEMENT_WORDS and _stops(text, c)):
            c.kind, c.follow = DIRECT, "back"
        else:
            continue  # a name or a term
        out.append(c)
    out.sort(key=lambda c: (c.start, -c.end))
    return out


def _heading(text: str, c: _Cand, words: int) -> bool:
    line_end = text.find("\n", c.end)
    rest = text[c.end : line_end if line_end >= 0 else len(text)].strip()
    return not rest.strip(".") and words <= _HEADING_WORDS and not _stops(text, c)


def _stops(text: str, c: _Cand) -> bool:
    inner = text[c.parts[-1][0] : c.parts[-1][1]].rstrip()
    return inner[-1:] in (".", "!", "?", ",", "…")


def _term(scan: Scan, start: int) -> bool:
    """'so-called "experts"', 'known as the "Wolf Warrior"': a name or term."""
    words = scan.text[max(0, start - 40) : start].lower().split()[-3:]
    while words and words[-1] in ("the", "as"):
        words.pop()
    if words and words[-1] in lx.TERM_CUES:
        return True
    return len(words) >= 2 and words[-1] in lx.TERM_NOUNS and words[-2] in lx.ARTICLES


def _resolve(scan: Scan, mentions, cands: list[_Cand], units, verbs) -> list[Quote]:
    speakers = Speakers(scan, mentions, units, [p for c in cands for p in (c.parts if c.kind == DIRECT else [(c.start, c.end)])])
    text, doc = scan.text, scan.doc
    out: list[Quote] = []
    found: list[tuple[_Cand, Speaker]] = []
    for c in cands:
        at = doc.starts[c.verb] if c.verb >= 0 else c.start
        if c.follow == "back":
            prev = found[-1] if found else None
            near = prev and _paragraphs_between(text, prev[0].end, c.start) <= 1 and prev[0].follow != "next"
            spk = Speaker(prev[1].name, prev[1].type) if near else Speaker(None)
            subject = speakers.subject(c.unit)
            if subject is not None and scan.doc.starts[c.unit[0]] < c.start:
                # 'Farenthold reflected on his time spent working to "make government ..."'
                spk = Speaker(subject, "PERSON")
            speakers.quoted.append((c.start, c.end))
        elif c.follow == "next":
            spk = _next_sentence(scan, speakers, c, units, verbs)
        else:
            spk = speakers.speaker(c.ref, at, c.unit, (c.start, c.end))
        speakers.note(spk, at)
        found.append((c, spk))
        quoted = tuple(text[a:b].strip() for a, b in sorted(c.parts))
        body = " ".join(quoted) if c.kind == DIRECT else text[c.start : c.end]
        verb = "according to" if c.verb >= 0 and scan.low[c.verb] == "according" else (scan.low[c.verb] if c.verb >= 0 else "")
        if verb in ("went", "pointed", "lashed"):
            verb += " " + scan.low[c.verb + 1]
        out.append(Quote(c.start, c.end, c.kind, body, tuple(sorted(c.parts)), spk.name, spk.type if spk.name else "",
                         spk.text, spk.span, spk.also, verb, quoted))
    return out


def _paragraphs_between(text: str, a: int, b: int) -> int:
    return text.count("\n\n", a, b)


def _next_sentence(scan: Scan, speakers: Speakers, c: _Cand, units, verbs) -> Speaker:
    nxt = _unit_of(units, scan.token_at(c.start)) + 1
    if nxt >= len(units) or scan.low[units[nxt][0]] not in _DEMONSTRATIVES or not verbs[nxt]:
        speakers.quoted.append((c.start, c.end))
        return Speaker(None)
    v, ref = verbs[nxt][0]
    return speakers.speaker(ref, scan.doc.starts[v], units[nxt], (c.start, c.end))
