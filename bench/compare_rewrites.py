"""The comparison on free rewrites: another writer's report of the same facts.

    python bench/compare_rewrites.py [--pairs FILE] [--json FILE] [--misses]

The planted-edit benchmark (compare_quality.py) edits copies in place, or in
copies whose words are spun one by one: the sentences keep their shape. A
report another outlet writes from the same facts does not: clauses move,
sentences split and merge, the time or the place goes first. The pairs in
tests/fixtures/rewrites/pairs.json (invented stories, written for the
project) are an original and such a rewrite, most with two to four fact
changes planted (a number, a name spelled otherwise, a role, a place, a
quotation's words, a no, a hedge, a source, a sentence one side alone has),
and six faithful rewrites with none.

For each planted change: listed (an entry of the list `]` / `[` step
through overlaps its words on either side) and listed with its kind; for
each pair, the entries on nothing planted (false flags: on the faithful
rewrites, every entry is one). Beside it, in the same run, the naive word
differ (every changed run) as the floor. Prints a table; --json writes the
records; --misses prints each unlisted change.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

if __package__ in (None, ""):  # run as a script
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "bench"

from bench.compare_score import naive_diff, places  # noqa: E402
from reader.core.compare.comparison import compare  # noqa: E402
from reader.core.models import Article  # noqa: E402

PAIRS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "rewrites" / "pairs.json"
# The entry kinds that name each planted change for what it is.
RIGHT_KIND = {
    "number": {"number"}, "name": {"variant"}, "role": {"role"}, "place": {"entity"}, "quote": {"quote"},
    "negation": {"negation"}, "hedge": {"hedge"}, "attribution": {"attribution"}, "only_a": {"unique"},
    "only_b": {"unique"},
}
KINDS = list(RIGHT_KIND)


def load(path: Path = PAIRS) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["pairs"]


def articles(pair: dict) -> tuple[Article, Article]:
    a = Article(id=pair["id"] + "a", origin=pair["id"] + "a", title=pair["a_title"], text_paragraphs=tuple(pair["a"]),
                source="first outlet")
    b = Article(id=pair["id"] + "b", origin=pair["id"] + "b", title=pair["b_title"], text_paragraphs=tuple(pair["b"]),
                source="second outlet")
    return a, b


def spans(text: str, words: str) -> list[tuple[int, int]]:
    """Every place the words stand (a name respelled is respelled at each mention)."""
    if not words:
        return []
    return [(m.start(), m.end()) for m in re.finditer(re.escape(words), text)]


def _on(d, where: list[tuple[int, int]]) -> list:
    return [p for p in places(d) if any(p.start < e and s < max(p.end, p.start + 1) for s, e in where)]


def _key(d) -> tuple:
    """Which item an entry is: the comparison shows one on both sides (the naive differ's are apart)."""
    return (getattr(d, "of", "naive"), getattr(d, "ref", id(d)))


def score_pair(pair: dict, diffs_a: list, diffs_b: list, text_a: str, text_b: str) -> dict:
    changes = []
    used_a, used_b = set(), set()
    for ch in pair["changes"]:
        sa, sb = spans(text_a, ch["a_words"]), spans(text_b, ch["b_words"])
        on = [("a", k, p) for k, d in enumerate(diffs_a) for p in _on(d, sa)] + \
             [("b", k, p) for k, d in enumerate(diffs_b) for p in _on(d, sb)]
        used_a |= {k for side, k, _ in on if side == "a"}
        used_b |= {k for side, k, _ in on if side == "b"}
        found = sorted({p.kind for _, _, p in on})
        changes.append({"kind": ch["kind"], "a_words": ch["a_words"], "b_words": ch["b_words"], "listed": bool(on),
                        "right_kind": bool(set(found) & RIGHT_KIND[ch["kind"]]), "kinds": found})
    # an entry is shown on both sides (one of, ref): where one side's words are on a change, the
    # other side's place of it is no false flag (a place left out has no words on that side)
    on_change = {_key(d) for k, d in enumerate(diffs_a) if k in used_a} | \
                {_key(d) for k, d in enumerate(diffs_b) if k in used_b}
    false = [("a", d) for k, d in enumerate(diffs_a) if k not in used_a and _key(d) not in on_change] + \
            [("b", d) for k, d in enumerate(diffs_b) if k not in used_b and _key(d) not in on_change]
    return {"id": pair["id"], "changes": changes, "entries": len(diffs_a) + len(diffs_b), "false_flags": len(false),
            "false": [{"side": s, "kind": d.kind, "label": d.label} for s, d in false]}


def run(pairs: list[dict], compare_fn=compare) -> dict:
    records, naive, seconds = [], [], 0.0
    for pair in pairs:
        a, b = articles(pair)
        t = time.perf_counter()
        c = compare_fn(a, b)
        da, db = c.differences("a"), c.differences("b")
        seconds += time.perf_counter() - t
        rec = score_pair(pair, da, db, a.text, b.text)
        rec["relation"] = c.lineage.relation if c.lineage else ""
        records.append(rec)
        na, nb = naive_diff(a.text, b.text)
        naive.append(score_pair(pair, na, nb, a.text, b.text))
    return {"records": records, "naive": naive, "seconds": seconds}


def summary(records: list[dict]) -> dict:
    by = defaultdict(list)
    for r in records:
        for ch in r["changes"]:
            by[ch["kind"]].append(ch)
    out = {k: {"planted": len(by[k]), "listed": sum(c["listed"] for c in by[k]),
               "right_kind": sum(c["right_kind"] for c in by[k])} for k in KINDS if by[k]}
    every = [c for k in by for c in by[k]]
    out["all"] = {"planted": len(every), "listed": sum(c["listed"] for c in every),
                  "right_kind": sum(c["right_kind"] for c in every)}
    planted = [r for r in records if r["changes"]]
    faithful = [r for r in records if not r["changes"]]
    out["false_flags_per_pair"] = sum(r["false_flags"] for r in planted) / max(1, len(planted))
    out["faithful_entries_per_pair"] = sum(r["entries"] for r in faithful) / max(1, len(faithful))
    out["entries_per_pair"] = sum(r["entries"] for r in records) / max(1, len(records))
    return out


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:.0f}%" if d else "–"


def table(result: dict) -> str:
    s, n = summary(result["records"]), summary(result["naive"])
    lines = ["| planted change | planted | listed | right kind | naive differ: listed |", "|---|---:|---:|---:|---:|"]
    for k in [*KINDS, "all"]:
        if k in s:
            x, y = s[k], n[k]
            name = f"**{k}**" if k == "all" else k
            lines.append(f"| {name} | {x['planted']} | {_pct(x['listed'], x['planted'])} | "
                         f"{_pct(x['right_kind'], x['planted'])} | {_pct(y['listed'], y['planted'])} |")
    lines += ["", f"entries a pair {s['entries_per_pair']:.1f} (naive {n['entries_per_pair']:.1f}); "
              f"on nothing planted, a pair with changes {s['false_flags_per_pair']:.1f} "
              f"(naive {n['false_flags_per_pair']:.1f}); a faithful rewrite lists {s['faithful_entries_per_pair']:.1f} "
              f"(naive {n['faithful_entries_per_pair']:.1f})"]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs", type=Path, default=PAIRS)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--misses", action="store_true", help="print each planted change not listed, and the false flags")
    args = ap.parse_args(argv)
    pairs = load(args.pairs)
    result = run(pairs)
    kinds = sorted({r["relation"] for r in result["records"]})
    print(f"Free rewrites: {len(pairs)} pairs ({sum(1 for p in pairs if not p['changes'])} faithful), "
          f"read as {', '.join(kinds)}; {1000 * result['seconds'] / max(1, len(pairs)):.0f} ms a compare")
    print(table(result))
    if args.misses:
        for r in result["records"]:
            for ch in r["changes"]:
                if not ch["right_kind"]:
                    print(f"- {r['id']} {ch['kind']}: {ch['a_words']!r} / {ch['b_words']!r} "
                          f"{'listed as ' + ','.join(ch['kinds']) if ch['listed'] else 'not listed'}")
            for f in r["false"]:
                print(f"  {r['id']} false {f['side']} {f['kind']}: {f['label'][:110]}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
