"""The comparison's precision under paraphrase (issue 14, item 7):
`bench/compare_quality.py --paraphrase`.

A verbatim copy with one planted edit shows how much a comparison finds, not
what it lists besides: any word differ lists every planted edit there. Here
B is the article word-spun as content spinners and rewriting editors do
(bench/compare_spin.py: synonyms, function words, contractions, spellings,
clauses reordered; no fact changed), and ONE fact edit of a kind is planted
into the spun copy with the same planters. Per kind: listed (an entry
overlaps the edit; its span in A is mapped back through the spinner), and
false flags per pair, entries overlapping no planted edit: each is a
difference listed on mere rewording, which the user would step through for
nothing. The spun copy alone (kind "spun") must list next to nothing; its
entries are sorted here by the rewording under them, with examples.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict

from bench.compare_score import places
from bench.compare_spin import Spun, spin
from reader.core.models import Article


def spun(article: Article, seed: int, rate: float) -> Spun:
    return spin(article.text, random.Random(f"{seed}/{article.origin}/spin"), rate)


def _clip(s: str, n: int = 110) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _over(span, s: int, e: int) -> bool:
    """An entry s:e lies on span; an insertion (an empty span) counts for
    the characters either side of it and the space beside them."""
    lo, hi = (span[0] - 2, span[0] + 2) if span[1] <= span[0] else span
    return lo < max(e, s + 1) and s < hi


def flags(c, sp: Spun, diffs_a: list, diffs_b: list) -> list[dict]:
    """Each entry listed between an article and its spun copy (all of them
    false flags), with both texts' words and the rewordings under it. An
    entry shown on both sides is one flag here (it is two entries)."""
    out, seen = [], set()
    for side, diffs in (("a", diffs_a), ("b", diffs_b)):
        for d in diffs:
            key = (d.kind == "unique" and side, d.of, d.ref)
            if key in seen:
                continue
            seen.add(key)
            where = 1 if side == "a" else 2  # the rewrite's span in the original, or in the spun text
            parts = places(d)
            under = [r for r in sp.rewrites if any(_over(r[where], x.start, x.end) for x in parts)]
            fact = next((x for x in parts if x.of == "facts" and x.kind != "number"), None) if hasattr(d, "places") else None
            if fact is not None:
                f = c.facts[fact.ref]
                words_a, words_b = f.a_text, f.b_text
            elif side == "a":
                words_a = sp.original[d.start:d.end]
                words_b = " … ".join(sp.text[s:e] for s, e in sp.to_spun([(d.start, d.end)]))
            else:
                words_b = sp.text[d.start:d.end]
                words_a = " … ".join(sp.original[s:e] for s, e in sp.to_original([(d.start, d.end)]))
            out.append({"side": side, "kind": d.kind, "label": _clip(d.label), "a": _clip(words_a), "b": _clip(words_b),
                        "causes": sorted({r[0].split(":")[0] for r in under}) or ["none"],
                        "rewrites": [f"{r[0]}: {_clip(r[3], 60)!r} -> {_clip(r[4], 60)!r}" for r in under[:3]]})
    return out


def rewrites_listed(sp: Spun, diffs_a: list, diffs_b: list) -> dict[str, list[int]]:
    """Per kind of rewording: how many the spinner made, and how many of
    them a change listed on either side lies on."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    parts_a = [x for d in diffs_a for x in places(d)]
    parts_b = [x for d in diffs_b for x in places(d)]
    for kind, a_span, s_span, _, _ in sp.rewrites:
        kind = kind.split(":")[0]
        out[kind][0] += 1
        out[kind][1] += any(_over(a_span, x.start, x.end) for x in parts_a) or any(_over(s_span, x.start, x.end) for x in parts_b)
    return dict(out)


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def table(result: dict, kinds: list[str], verbatim: dict | None = None) -> str:
    """Per fact kind, in the spun copy: listed, right kind, false flags per
    pair; beside them the same kind planted in a verbatim copy (verbatim:
    that run's result) and the naive word differ."""
    s, v = result["summary"], (verbatim or {}).get("summary", {})
    lines = ["| kind | planted | listed (any kind) | listed with the right kind | false flags / pair | verbatim copy: listed "
             "| verbatim copy: false flags / pair | naive differ: listed | naive differ: false flags / pair |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for kind in kinds:
        x, y = s[kind], v.get(kind)
        vl, vf = (_pct(y["listed"]), f"{y['false_flags_per_pair']:.2f}") if y else ("–", "–")
        lines.append(f"| {kind} | {x['planted']} | {_pct(x['listed'])} | {_pct(x['right_kind'])} | {x['false_flags_per_pair']:.2f} "
                     f"| {vl} | {vf} | {_pct(x['naive_listed'])} | {x['naive_false_flags_per_pair']:.1f} |")
    facts = [r for r in result["records"] if r["kind"] in kinds]
    n = len(facts) or 1
    vf_all = v.get("all facts")
    lines.append(f"| **all facts** | {len(facts)} | **{_pct(sum(r['listed'] for r in facts) / n)}** "
                 f"| **{_pct(sum(r['right_kind'] for r in facts) / n)}** | **{sum(r['false_flags'] for r in facts) / n:.2f}** "
                 f"| {_pct(vf_all['listed']) if vf_all else '–'} | | {_pct(sum(r['naive']['listed'] for r in facts) / n)} "
                 f"| {sum(r['naive']['false_flags'] for r in facts) / n:.1f} |")
    base = [r for r in result["records"] if r["kind"] == "spun"]
    entries = sorted(r["false_flags"] for r in base)
    words = sum(r["words"] for r in base) or 1
    rewrites: Counter = Counter()
    for r in base:
        rewrites.update(r["rewrites"])
    m = len(base) or 1
    lines += ["", f"Spun copy, no edit ({len(base)} pairs): **{sum(entries) / m:.2f} entries per pair** (median "
              f"{entries[len(entries) // 2] if entries else 0}, max {entries[-1] if entries else 0}; {sum(e == 0 for e in entries)} "
              f"pairs list nothing); the naive differ lists {sum(r['naive']['false_flags'] for r in base) / m:.1f} runs of changed words "
              f"per pair ({_pct(sum(r['words_changed'] for r in base) / words)} of the words changed).",
              "Rewordings per article: " + ", ".join(f"{k} {v / m:.1f}" for k, v in rewrites.most_common()) + "."]
    return "\n".join(lines)


def flag_report(result: dict, examples: int = 8) -> str:
    """The spun copies' entries by kind and by the rewording under them, and
    examples (the two texts' words), most common kinds first."""
    fl = [f for r in result["records"] if r["kind"] == "spun" for f in r.get("flags", [])]
    if not fl:
        return "Spun copies list nothing."
    pairs = sum(r["kind"] == "spun" for r in result["records"]) or 1
    by_kind = Counter(f["kind"] for f in fl)
    by_cause: dict[str, Counter] = defaultdict(Counter)
    for f in fl:
        by_cause[f["kind"]][" + ".join(f["causes"])] += 1
    made: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in result["records"]:
        for kind, (n, hit) in r.get("rewrites_listed", {}).items():
            made[kind][0] += n
            made[kind][1] += hit
    lines = ["| rewording (spun copy, no edit) | made | an entry lies on it | share |", "|---|---:|---:|---:|"]
    lines += [f"| {k} | {n} | {hit} | {_pct(hit / n)} |" for k, (n, hit) in sorted(made.items(), key=lambda x: -x[1][1] / x[1][0])]
    lines += ["", "| entry kind (spun copy, no edit) | flags | per pair | the rewording under them |", "|---|---:|---:|---|"]
    for kind, n in by_kind.most_common():
        causes = ", ".join(f"{c} {k}" for c, k in by_cause[kind].most_common(4))
        lines.append(f"| {kind} | {n} | {n / pairs:.2f} | {causes} |")
    lines += ["", "(A fact listed on both sides counts once here; in the table above it is two entries.)", ""]
    for kind, n in by_kind.most_common():
        pool = [f for f in fl if f["kind"] == kind]
        picked, causes = [], set()
        for f in pool:  # one of each rewording first
            if " + ".join(f["causes"]) not in causes:
                picked.append(f)
                causes.add(" + ".join(f["causes"]))
        picked += [f for f in pool if f not in picked]
        for f in picked[:max(1, round(examples * n / len(fl)))]:
            lines.append(f"- {kind} [{' + '.join(f['causes'])}] {f['label']}\n    A: {f['a']}\n    B: {f['b']}"
                         + "".join(f"\n    rewrite {w}" for w in f["rewrites"][:2]))
    return "\n".join(lines)
