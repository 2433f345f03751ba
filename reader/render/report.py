"""A comparison as a document to keep and cite: Markdown or standalone HTML.

Everything that comes from the articles is escaped (Markdown punctuation, or
HTML), and stripped of control characters; only http(s) URLs become links.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence

from reader.core.compare.align import DiffOp, Pair
from reader.core.compare.comparison import Comparison
from reader.core.compare.side import SIDES, Side
from reader.core.compare.tally import plain_summary
from reader.core.text.clean import clean_inline, strip_controls

# Inline Markdown: what could start emphasis, code, a link, raw HTML, an
# entity or a table cell. Our own text always starts the line.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


def _flat(text: str) -> str:
    """One line, no controls; spaces at the edges kept (text may be a piece)."""
    return re.sub(r"\s+", " ", strip_controls(text))


def _md(text: str) -> str:
    """Article text made inert in Markdown."""
    return _MD_SPECIAL.sub(r"\\\1", _flat(text))


def _h(text: str) -> str:
    return html.escape(_flat(text), quote=True)


def _safe_url(url: str) -> str | None:
    url = clean_inline(url)
    return url if re.match(r"https?://[^\s<>\"']+$", url) else None


def _pct(x: float) -> str:
    return f"{round(100 * x)}%"


def _marked(text: str, start: int, marks: Sequence[tuple[int, int, Callable[[str], str]]], plain) -> str:
    """text (which begins at offset start) with each (start, end, mark) span
    passed through its mark() and the rest through plain()."""
    out, pos = [], start
    for s, e, mark in sorted(marks, key=lambda m: (m[0], m[1])):
        s, e = max(s, pos), min(e, start + len(text))
        if s >= e:
            continue
        out.append(plain(text[pos - start : s - start]))
        out.append(mark(text[s - start : e - start]))
        pos = e
    out.append(plain(text[pos - start :]))
    return "".join(out)


def _span(css: str) -> Callable[[str], str]:
    return lambda t: f'<span class="{css}">{_h(t)}</span>'


def _side_text(c: Comparison, side: Side, idx: Sequence[int]) -> tuple[str, int]:
    """The text of sentences idx of one side, with its start offset."""
    sentences = c.sentences(side)
    start, end = sentences[idx[0]].start, sentences[idx[-1]].end
    return c.article(side).text[start:end], start


def _changes(diff: Sequence[DiffOp], side: Side) -> list[tuple[int, int]]:
    return [span for op in diff if (span := op.span(side))]


def _summary_lines(c: Comparison) -> list[str]:
    s = c.summary()
    k, e, n = s["sentences"], s["entities"], s["numbers"]
    lines = [
        plain_summary(c) + ".",  # the counts of the entries listed, as the CLI and the compare screen say them
        f"B says {_pct(c.coverage.a)} of what A says; A says {_pct(c.coverage.b)} of what B says.",
        f"Sentences: {k['same']} same, {k['near']} near-copies, {k['paraphrase']} paraphrased, "
        f"{k['moved']} moved, {k['only_a']} only in A, {k['only_b']} only in B.",
        f"Entities: {e['shared']} shared, {e['only_a']} only in A, {e['only_b']} only in B, {e['variants']} spelt differently.",
        f"Numbers: {n['same']} agree, {n['different']} differ, {n['only_a']} only in A, {n['only_b']} only in B.",
    ]
    facts = s.get("facts") or {}
    if facts:
        lines.append("Facts given differently: " + ", ".join(f"{n} {kind}" for kind, n in facts.items()) + ".")
    if s.get("moves"):
        lines.append(f"Passages moved: {s['moves']}.")
    if c.lineage:
        lines.append(f"Lineage: {c.lineage.relation} ({c.lineage.note}).")
    lines += [f"Note: {note}" for note in c.notes]
    return lines


def _numbers_to_show(c: Comparison):
    order = {"different": 0, "only_a": 1, "only_b": 2, "same": 3}
    return sorted(c.numbers, key=lambda m: order[m.kind])


def _head_rows(c: Comparison) -> list[tuple[str, str, str]]:
    """The head table's rows, one report a column: (label, A's, B's)."""
    def published(art) -> str:
        return art.published.isoformat() if art.published else ""

    return [("id", c.a.id, c.b.id), ("title", c.a.title, c.b.title), ("source", c.a.source, c.b.source),
            ("published", published(c.a), published(c.b))]


# --- Markdown -------------------------------------------------------------------
def markdown_report(c: Comparison) -> str:
    lines = [f"# Comparison: {_md(c.a.title)} / {_md(c.b.title)}", ""]
    lines += ["| | A | B |", "|---|---|---|"]
    for label, x, y in _head_rows(c):
        lines.append(f"| {label} | {_md(x) or '—'} | {_md(y) or '—'} |")
    urls = [_safe_url(u) for u in (c.a.url, c.b.url)]
    lines.append("| url | " + " | ".join(f"<{u}>" if u else "—" for u in urls) + " |")
    lines += ["", "## Summary", ""] + [f"- {_md(line)}" for line in _summary_lines(c)]
    if c.variants:
        lines += ["", "## Names spelt differently", "", "| A | B | type | score |", "|---|---|---|---|"]
        for v in c.variants:
            d = v.as_dict()
            lines.append(f"| {_md(d['a'])} | {_md(d['b'])} | {_md(v.type)} | {v.score:.2f} |")
    if c.numbers:
        lines += ["", "## Numbers", "", "| A | B | | note |", "|---|---|---|---|"]
        for m in _numbers_to_show(c):
            lines.append(
                f"| {_md(m.a.text) if m.a else '—'} | {_md(m.b.text) if m.b else '—'} | {m.kind.replace('_', ' ')} | {_md(m.note)} |"
            )
    if c.facts:
        lines += ["", "## Facts given differently", "", "| kind | A | B | where |", "|---|---|---|---|"]
        for f in c.facts:
            lines.append(f"| {f.kind} | {_md(f.a_text) or '—'} | {_md(f.b_text) or '—'} | {_where(c, f.pair)} |")
    if c.moves:
        lines += ["", "## Passages moved", ""] + [f"- {_md(m.label)}" for m in c.moves]
    for side, heading in zip(SIDES, ("Said only by A", "Said only by B")):
        own = [p for p in c.alignment if p.kind == "only_" + side]
        if own:
            lines += ["", f"## {heading}", ""]
            for p in own:
                idx = p.indices(side)
                text, _ = _side_text(c, side, idx)
                lines.append(f"- ({side.upper()}{idx[0] + 1}) {_md(text)}")
    changed = [p for p in c.alignment if p.a and p.b and p.diff]
    if changed:
        lines += ["", "## Said by both, worded differently", "", "Changed words are in bold."]
        for p in changed:
            lines += ["", f"**{_kind_label(p)}** (A{p.a[0] + 1} / B{p.b[0] + 1}, score {p.score:.2f})", ""]
            for side in SIDES:
                text, start = _side_text(c, side, p.indices(side))
                bold = lambda t: f"**{_md(t)}**"  # noqa: E731
                body = _marked(text, start, [(a, b, bold) for a, b in _changes(p.diff, side)], _md)
                lines.append(f"> {side.upper()}: {body}  ")
    return "\n".join(lines) + "\n"


def _where(c: Comparison, pair: int) -> str:
    p = c.alignment[pair]
    return f"A{p.a[0] + 1} / B{p.b[0] + 1}"


def _fact_spans(c: Comparison, idx: Sequence[int], side: Side) -> list[tuple[int, int]]:
    """Spans of the facts in sentences idx of one side."""
    sentences = c.sentences(side)
    lo, hi = sentences[idx[0]].start, sentences[idx[-1]].end
    return [f.span(side) for f in c.facts if lo <= f.span(side)[0] < hi]


def _kind_label(p: Pair) -> str:
    label = {"same": "same", "near": "near-copy", "paraphrase": "paraphrase"}.get(p.match, p.match)
    return f"{label}, moved" if p.moved else label


# --- HTML -----------------------------------------------------------------------------
_CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 70em; line-height: 1.45; color: #222; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: .3em .5em; vertical-align: top; text-align: left; }
td.a, td.b { width: 50%; }
tr.only_a td.a, tr.only_b td.b { background: #fff4d6; }
tr.moved td { background: #eef3ff; }
.change { background: #ffe08a; }
.fact { background: #ffb3a7; font-weight: 600; }
.kind { color: #666; font-size: .85em; }
"""


def html_report(c: Comparison) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Comparison: {_h(c.a.title)} / {_h(c.b.title)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Comparison: {_h(c.a.title)} / {_h(c.b.title)}</h1>",
        "<table><tr><th></th><th>A</th><th>B</th></tr>",
    ]
    for label, x, y in _head_rows(c):
        out.append(f"<tr><th>{label}</th><td>{_h(x) or '—'}</td><td>{_h(y) or '—'}</td></tr>")
    links = []
    for u in (c.a.url, c.b.url):
        safe = _safe_url(u)
        links.append(f'<a href="{html.escape(safe, quote=True)}">{_h(safe)}</a>' if safe else (_h(u) or "—"))
    out.append(f"<tr><th>url</th><td>{links[0]}</td><td>{links[1]}</td></tr></table>")
    out.append("<h2>Summary</h2><ul>" + "".join(f"<li>{_h(line)}</li>" for line in _summary_lines(c)) + "</ul>")
    if c.variants:
        out.append("<h2>Names spelt differently</h2><table><tr><th>A</th><th>B</th><th>type</th><th>score</th></tr>")
        for v in c.variants:
            d = v.as_dict()
            out.append(f"<tr><td>{_h(d['a'])}</td><td>{_h(d['b'])}</td><td>{_h(v.type)}</td><td>{v.score:.2f}</td></tr>")
        out.append("</table>")
    if c.numbers:
        out.append("<h2>Numbers</h2><table><tr><th>A</th><th>B</th><th></th><th>note</th></tr>")
        for m in _numbers_to_show(c):
            out.append(
                f"<tr><td>{_h(m.a.text) if m.a else '—'}</td><td>{_h(m.b.text) if m.b else '—'}</td>"
                f"<td>{m.kind.replace('_', ' ')}</td><td>{_h(m.note)}</td></tr>"
            )
        out.append("</table>")
    if c.facts:
        out.append("<h2>Facts given differently</h2><table><tr><th>kind</th><th>A</th><th>B</th><th>where</th></tr>")
        for f in c.facts:
            out.append(f"<tr><td>{_h(f.kind)}</td><td>{_h(f.a_text) or '—'}</td><td>{_h(f.b_text) or '—'}</td>"
                       f"<td>{_where(c, f.pair)}</td></tr>")
        out.append("</table>")
    if c.moves:
        out.append("<h2>Passages moved</h2><ul>" + "".join(f"<li>{_h(m.label)}</li>" for m in c.moves) + "</ul>")
    out.append('<h2>Side by side</h2><p class="kind">Facts given differently are in red, other changed words in '
               'yellow.</p><table><tr><th>A</th><th>B</th></tr>')
    for p in c.alignment:
        cells = []
        for side in SIDES:
            idx = p.indices(side)
            if not idx:
                cells.append(f'<td class="{side}"></td>')
                continue
            text, start = _side_text(c, side, idx)
            facts = _fact_spans(c, idx, side)
            changes = [span for span in _changes(p.diff, side) if not any(fs < span[1] and span[0] < fe for fs, fe in facts)]
            marks = [(s, e, _span("fact")) for s, e in facts] + [(s, e, _span("change")) for s, e in changes]
            body = _marked(text, start, marks, _h)
            cells.append(f'<td class="{side}">{body}</td>')
        kind = _kind_label(p) if p.a and p.b else ("only in A" if p.kind == "only_a" else "only in B")
        out.append(f'<tr class="{p.kind}" title="{_h(kind)}">{cells[0]}{cells[1]}</tr>')
    out.append("</table></body></html>")
    return "\n".join(out) + "\n"
