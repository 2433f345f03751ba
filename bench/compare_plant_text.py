"""Planters for sentences added, removed and moved, and for the neutral edits
that a comparison must not list (see bench/compare_plant.py for the rest).

A neutral edit's span is grown like a word edit's (one word either side of
the change), so that an entry about the words next to it counts as listing
it: "wrongly listed".
"""

from __future__ import annotations

import re
from collections import Counter

from bench import compare_words as W
from bench.compare_plant import Candidate, Context, Edit, quoted_spans, registrar, table_matches

PLANTERS: dict = {}
planter = registrar(PLANTERS)


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"[^\n]+", text)]


# --- structure ------------------------------------------------------------------------
@planter("sentence_added", grow=False)
def _added(ctx: Context) -> list[Candidate]:
    if not ctx.donors:
        return []
    out = []
    for s in ctx.sentences:
        donor = ctx.rng.choice(ctx.donors)
        if ctx.text[s.end:s.end + 2] == "\n\n" or s.end == len(ctx.text):
            out.append(("new paragraph", [Edit(s.end, s.end, "\n\n" + donor)]))
        else:
            out.append(("in a paragraph", [Edit(s.end, s.end, " " + donor)]))
    return out


@planter("sentence_removed", grow=False)
def _removed(ctx: Context) -> list[Candidate]:
    text, out = ctx.text, []
    for s in ctx.sentences:
        if len(s.text.split()) < 6:
            continue
        alone = (s.start == 0 or text[s.start - 2:s.start] == "\n\n") and (s.end == len(text) or text[s.end:s.end + 2] == "\n\n")
        if alone:  # the paragraph goes with it
            edit = Edit(s.start, s.end + 2, "") if s.start == 0 else Edit(s.start - 2, s.end, "")
            out.append(("a paragraph", [edit]))
        elif s.end < len(text) and text[s.end] == " ":
            out.append(("in a paragraph", [Edit(s.start, s.end + 1, "")]))
        else:
            out.append(("in a paragraph", [Edit(s.start - 1, s.end, "")]))
    return out


@planter("moved", grow=False)
def _moved(ctx: Context) -> list[Candidate]:
    """A paragraph moved past at least twice as many sentences as it holds,
    so that it, not what it jumps over, is what moved."""
    paras = _paragraph_spans(ctx.text)
    if len(paras) < 4:
        return []
    count = Counter(s.paragraph for s in ctx.sentences)
    out = []
    for i, (ps, pe) in enumerate(paras):
        if len(ctx.text[ps:pe].split()) < 12:
            continue
        body = ctx.text[ps:pe]
        cut = Edit(ps - 2, pe, "") if i else Edit(ps, pe + 2, "")
        for j, (_, qe) in enumerate(paras):  # lands after paragraph j
            between = range(i + 1, j + 1) if j > i else range(j + 1, i)
            if j != i and sum(count[k] for k in between) >= max(2, 2 * count[i]):
                out.append(("later" if j > i else "earlier", [cut, Edit(qe, qe, "\n\n" + body)]))
    return out


# --- neutral ---------------------------------------------------------------------------
def neutral(text: str, *raw: tuple[int, int, str]) -> list[Edit]:
    return [Edit(s, e, new) for s, e, new in raw]


@planter("n_spelling")
def _spelling(ctx: Context) -> list[Candidate]:
    back = {v: k for k, v in W.SPELLING.items()}
    out = []
    for sub, table in (("British to American", W.SPELLING), ("American to British", back)):
        for m, repl in table_matches(ctx.text, table, exact=True):  # lower case only: "Labour", "Ministry of Defence" are names
            out.append((sub, neutral(ctx.text, (m.start(), m.end(), repl))))
    return out


@planter("n_quotes")
def _quotes(ctx: Context) -> list[Candidate]:
    text, out = ctx.text, []
    for qs, qe in quoted_spans(text):
        o = text[qs - 1]
        new = ('"', '"') if o == "“" else ("“", "”")
        out.append(("curly" if o == '"' else "straight", neutral(text, (qs - 1, qs, new[0]), (qe, qe + 1, new[1]))))
    for m in re.finditer(r"(?<=\w)['’](?=\w)", text):
        out.append(("apostrophe", neutral(text, (m.start(), m.end(), "'" if m[0] == "’" else "’"))))
    return out


@planter("n_mr")
def _mr(ctx: Context) -> list[Candidate]:
    text, alts = ctx.text, "|".join(W.HONORIFICS)
    dotted = [m for m in re.finditer(rf"\b({alts})\.(?= [A-Z])", text)]
    bare = [m for m in re.finditer(rf"\b({alts})(?= [A-Z])", text)]
    out = []
    if dotted:  # a house style: every one of them
        out.append(("Mr. to Mr", neutral(text, *[(m.start(), m.end(), m[1]) for m in dotted])))
    if bare:
        out.append(("Mr to Mr.", neutral(text, *[(m.start(), m.end(), m[1] + ".") for m in bare])))
    return out


@planter("n_percent")
def _percent(ctx: Context) -> list[Candidate]:
    text, out = ctx.text, []
    out += [("per cent to percent", neutral(text, (m.start(), m.end(), "percent"))) for m in re.finditer(r"\bper cent\b", text)]
    out += [("percent to per cent", neutral(text, (m.start(), m.end(), "per cent"))) for m in re.finditer(r"\bpercent\b", text)]
    for m in re.finditer(r"(?<=\d)%", text):
        out.append(("% to per cent", neutral(text, (m.start(), m.end(), ctx.rng.choice([" per cent", " percent"])))))
    return out


@planter("n_whitespace")
def _whitespace(ctx: Context) -> list[Candidate]:
    return [("double space", neutral(ctx.text, (m.start(), m.end(), "  "))) for m in re.finditer(r"(?<=\w) (?=\w)", ctx.text)]


@planter("n_paragraph")
def _paragraph(ctx: Context) -> list[Candidate]:
    text, out, sents = ctx.text, [], ctx.sentences
    for x, y in zip(sents, sents[1:]):
        gap = text[x.end:y.start]
        if gap == " ":
            out.append(("break added", neutral(text, (x.end, y.start, "\n\n"))))
        elif gap == "\n\n" and text[x.end - 1] in ".!?\"”":
            out.append(("break removed", neutral(text, (x.end, y.start, " "))))
    return out


@planter("n_punctuation")
def _punctuation(ctx: Context) -> list[Candidate]:
    text, out = ctx.text, []
    out += [("comma removed", neutral(text, (m.start(), m.end(), ""))) for m in re.finditer(r"(?<=[a-z]),(?= [a-z])", text)]
    out += [("comma added", neutral(text, (m.start(), m.start(), ","))) for m in re.finditer(r"(?<=[a-z])(?= (?:and|but) [a-z])", text)]
    out += [("dash", neutral(text, (m.start(), m.end(), " - " if m[0] == "—" else "—"))) for m in re.finditer(r"—| - ", text)]
    return out
