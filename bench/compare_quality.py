"""The comparison's quality on planted edits (issue 14, item 7).

    python bench/compare_quality.py [--articles 60] [--seed 14] [--kinds role,quote]
                                    [--json FILE] [--misses 3] [--corpora DIR]
                                    [--paraphrase | --paraphrase-only] [--paraphrase-articles 30]
                                    [--spin-rate 0.4] [--flags 10]

Takes real articles (BBC and BASIL bodies, a seeded draw), makes for each a
copy with ONE planted edit of a kind (bench/compare_plant.py), compares
original and copy with the core's `compare()`, and checks whether
`differences("a")` or `differences("b")` lists an entry overlapping the
edit's span on that side. Prints per kind: plants, share listed (any kind
of entry, and with the kind the edit is), entries on the edit, false flags
per pair (entries overlapping no planted edit), and the same plants scored
for a naive differ that lists every changed word (a floor for recall, and
what listing every neutral edit looks like). Neutral edits must not be
listed; a verbatim copy must list nothing. Last, the number of entries the
seed pair 001/004 lists. With --paraphrase, the fact kinds are planted
again into word-spun copies (bench/compare_paraphrase.py): precision under
paraphrase, beside the verbatim copies' table. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python bench/compare_quality.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "bench"

from bench import compare_paraphrase  # noqa: E402
from bench.compare_articles import CORPORA, REPO, copy_of, donors_of, load_articles, rules_entities  # noqa: E402
from bench.compare_plant import Context, Plant, plant  # noqa: E402
from bench.compare_score import FACT_KINDS, NEUTRAL_KINDS, PLANTERS, Entry, context, naive_diff, score  # noqa: E402
from reader.core import ingest  # noqa: E402
from reader.core.compare.comparison import compare  # noqa: E402
from reader.core.compare.tally import tally  # noqa: E402
from reader.core.models import Article  # noqa: E402

__all__ = ["Entry", "FACT_KINDS", "NEUTRAL_KINDS", "PLANTERS", "load_articles", "main", "run", "score", "table"]


# --- the run ----------------------------------------------------------------------------------
def run(articles: list[Article], kinds: list[str], seed: int, compare_fn=compare, entities_of=None,
        spin_rate: float | None = None) -> dict:
    """Plant, compare and score every kind in every article; records and
    per-kind summaries. With spin_rate, paraphrase mode: each article is
    first word-spun (bench/compare_spin.py) and the edits are planted into
    the spun copy, their spans in A mapped back through the spinner; the
    baseline is then the spun copy with no edit ("spun") instead of a
    verbatim copy, and its entries are sorted by the rewording under them."""
    entities_of = entities_of or rules_entities()
    base_kind = "verbatim" if spin_rate is None else "spun"
    records: list[dict] = []
    skipped: dict[str, int] = defaultdict(int)
    started, compare_s = time.perf_counter(), 0.0
    vocabulary = frozenset(w for a in articles for w in re.findall(r"\b[a-z]+\b", a.text))
    for k, art in enumerate(articles):
        donors = donors_of(articles[(k + 1) % len(articles)]) if len(articles) > 1 else []
        sp = None if spin_rate is None else compare_paraphrase.spun(art, seed, spin_rate)
        base = art.text if sp is None else sp.text
        for kind in [base_kind] + kinds:
            if kind == base_kind:
                p = Plant(base_kind, "", base, (), (), "", "")
            else:
                p = plant(kind, PLANTERS[kind], Context(base, random.Random(f"{seed}/{art.origin}/{kind}"), donors, vocabulary))
                if p is None:
                    skipped[kind] += 1
                    continue
            if sp is not None:
                p = replace(p, spans_a=sp.to_original(p.spans_a))
            b = copy_of(art, p)
            t = time.perf_counter()
            c = compare_fn(art, b, entities_of=entities_of)
            diffs_a, diffs_b = c.differences("a"), c.differences("b")
            compare_s += time.perf_counter() - t
            rec = {"article": art.origin, "kind": kind, "sub": p.sub, "before": p.before, "after": p.after,
                   "spans_a": p.spans_a, "spans_b": p.spans_b, **score(p, diffs_a, diffs_b)}
            na, nb = naive_diff(art.text, b.text)
            rec["naive"] = {k2: v for k2, v in score(p, na, nb).items() if k2 != "entries"}
            rec["context_a"], rec["context_b"] = context(art.text, p.spans_a), context(b.text, p.spans_b)
            if sp is not None and kind == base_kind:
                rec["rewrites"] = dict(sp.counts)
                rec["words"], rec["words_changed"] = len(art.text.split()), sum(len(art.text[e.start:e.end].split()) for e in na)
                rec["flags"] = compare_paraphrase.flags(c, sp, diffs_a, diffs_b)
                rec["rewrites_listed"] = compare_paraphrase.rewrites_listed(sp, diffs_a, diffs_b)
            records.append(rec)
    return {"records": records, "skipped": dict(skipped), "summary": summarise(records, kinds, base_kind),
            "seconds": time.perf_counter() - started, "compare_seconds": compare_s}


def summarise(records: list[dict], kinds: list[str], base_kind: str = "verbatim") -> dict:
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        by_kind[r["kind"]].append(r)
    out = {}
    for kind in [base_kind] + kinds:
        rs = by_kind.get(kind, [])
        n = len(rs) or 1
        subs: dict[str, list[bool]] = defaultdict(list)
        for r in rs:
            subs[r["sub"]].append(r["listed"])
        out[kind] = {
            "planted": len(rs), "listed": sum(r["listed"] for r in rs) / n,
            "right_kind": sum(r["right_kind"] for r in rs) / n,
            "on_edit": sum(r["on_edit"] for r in rs) / n,
            "false_flags_per_pair": sum(r["false_flags"] for r in rs) / n,
            "pairs_over_1_false_flag": sum(r["false_flags"] > 1 for r in rs),
            "naive_listed": sum(r["naive"]["listed"] for r in rs) / n,
            "naive_false_flags_per_pair": sum(r["naive"]["false_flags"] for r in rs) / n,
            "kinds_seen": sorted({k for r in rs for k in r["kinds"]}),
            "by_sub": {s: {"planted": len(v), "listed": sum(v) / len(v)} for s, v in sorted(subs.items())},
        }
    facts = [r for r in records if r["kind"] in FACT_KINDS]
    neutral = [r for r in records if r["kind"] in NEUTRAL_KINDS]
    out["all facts"] = {"planted": len(facts), "listed": _share(facts, "listed"), "right_kind": _share(facts, "right_kind"),
                        "naive_listed": _share([r["naive"] for r in facts], "listed")}
    out["all neutral"] = {"planted": len(neutral), "listed": _share(neutral, "listed"),
                          "naive_listed": _share([r["naive"] for r in neutral], "listed")}
    out["all pairs"] = {"pairs": len(records), "false_flags_per_pair": _share(records, "false_flags"),
                        "pairs_over_1_false_flag": sum(r["false_flags"] > 1 for r in records)}
    return out


def _share(rs: list[dict], key: str) -> float:
    return sum(r[key] for r in rs) / len(rs) if rs else 0.0


def seed_pair(entities_of) -> dict:
    """Entries listed for the seed pair 001 (BBC) / 004 (its word-spun copy):
    distinct entries (one both sides show counted once, as the summary and
    the compare screen count them), by kind, and the changes they hold."""
    seeds = REPO / "seeds"
    found = {f.path.name[:3]: f for f in ingest.discover(seeds)}
    a, b = (ingest.read_file(found[k]).articles[0] for k in ("001", "004"))
    c = compare(a, b, entities_of=entities_of)
    t = tally(c)
    da, db = c.differences("a"), c.differences("b")
    changes = {(side if d.kind == "unique" else "", p.of, p.ref) for side, ds in (("a", da), ("b", db)) for d in ds
               for p in d.places}
    return {"a": len(da), "b": len(db), "total": t.total, "changes": len(changes), "by_kind": t.by_kind}


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def table(result: dict, kinds: list[str]) -> str:
    s = result["summary"]
    lines = ["| kind | planted | listed (any kind) | listed with the right kind | entries on the edit | false flags / pair "
             "| naive differ: listed |", "|---|---:|---:|---:|---:|---:|---:|"]
    for kind in [k for k in kinds if k in FACT_KINDS]:
        x = s[kind]
        lines.append(f"| {kind} | {x['planted']} | {_pct(x['listed'])} | {_pct(x['right_kind'])} | {x['on_edit']:.1f} "
                     f"| {x['false_flags_per_pair']:.2f} | {_pct(x['naive_listed'])} |")
    f = s["all facts"]
    lines.append(f"| **all facts** | {f['planted']} | **{_pct(f['listed'])}** | **{_pct(f['right_kind'])}** | | | {_pct(f['naive_listed'])} |")
    lines += ["", "| neutral kind (must not be listed) | planted | wrongly listed | false flags / pair | naive differ: listed |",
              "|---|---:|---:|---:|---:|"]
    for kind in ["verbatim"] + [k for k in kinds if k in NEUTRAL_KINDS]:
        x = s[kind]
        wrong = "–" if kind == "verbatim" else _pct(x["listed"])
        name = "verbatim copy (no edit)" if kind == "verbatim" else kind
        lines.append(f"| {name} | {x['planted']} | {wrong} | {x['false_flags_per_pair']:.2f} | "
                     f"{'–' if kind == 'verbatim' else _pct(x['naive_listed'])} |")
    n = s["all neutral"]
    lines.append(f"| **all neutral** | {n['planted']} | **{_pct(n['listed'])}** | | {_pct(n['naive_listed'])} |")
    a = s["all pairs"]
    lines += ["", f"All {a['pairs']} pairs: {a['false_flags_per_pair']:.2f} false flags per pair; "
              f"{a['pairs_over_1_false_flag']} pairs with more than 1."]
    return "\n".join(lines)


def _seed_line(sp: dict) -> str:
    kinds_txt = ", ".join(f"{k} {v}" for k, v in sp["by_kind"].items())
    return (f"Seed pair 001/004: {sp['total']} entries ({sp.get('changes', sp['total'])} changes; A shows {sp['a']}, "
            f"B {sp['b']}; {kinds_txt}); target ≤ 45.")


def misses(result: dict, per_kind: int) -> str:
    out, seen = [], defaultdict(int)
    for r in result["records"]:
        bad = (not r["listed"]) if r["kind"] in FACT_KINDS else r["listed"]
        if bad and seen[r["kind"]] < per_kind:
            seen[r["kind"]] += 1
            what = "missed" if r["kind"] in FACT_KINDS else "listed"
            out.append(f"{what} {r['kind']} ({r['sub']}): {r['before']!r} -> {r['after']!r}\n    A: {r['context_a']}\n    B: {r['context_b']}")
    return "\n".join(out)


def _commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "reader"], cwd=REPO, capture_output=True, text=True).stdout.strip()
        return (head or "? (not a git checkout)") + (" (reader/ has uncommitted changes)" if dirty else "")
    except OSError:
        return "?"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="bench/compare_quality.py", description=__doc__.split("\n\n")[1])
    ap.add_argument("--articles", type=int, default=60, help="articles drawn, half BBC, half BASIL (60)")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--kinds", help="comma-separated kinds (default: all); 'facts' or 'neutral' for a group")
    ap.add_argument("--json", type=Path, help="write every plant, its entries and the summary here")
    ap.add_argument("--misses", type=int, default=0, help="print up to N missed (or wrongly listed) plants per kind")
    ap.add_argument("--corpora", type=Path, default=CORPORA)
    ap.add_argument("--no-seeds", action="store_true", help="skip the seed pair 001/004")
    ap.add_argument("--paraphrase", action="store_true", help="also plant the fact kinds into word-spun copies (precision under paraphrase)")
    ap.add_argument("--paraphrase-only", action="store_true", help="the paraphrase run alone (no verbatim copies)")
    ap.add_argument("--paraphrase-articles", type=int, default=30, help="articles drawn for the paraphrase run (30)")
    ap.add_argument("--spin-rate", type=float, default=0.4, help="share of the places for a rewording that the spinner takes (0.4)")
    ap.add_argument("--flags", type=int, default=10, help="examples of entries listed on spun copies (10)")
    args = ap.parse_args(argv)
    args.paraphrase = args.paraphrase or args.paraphrase_only
    kinds = FACT_KINDS + NEUTRAL_KINDS
    if args.kinds:
        groups = {"facts": FACT_KINDS, "neutral": NEUTRAL_KINDS}
        kinds = [k for name in args.kinds.split(",") for k in groups.get(name, [name])]
        unknown = set(kinds) - set(FACT_KINDS + NEUTRAL_KINDS)
        if unknown:
            ap.error(f"unknown kinds {sorted(unknown)}; kinds: {', '.join(FACT_KINDS + NEUTRAL_KINDS)}")
    if not (args.corpora / "bbc").is_dir() or not (args.corpora / "basil").is_dir():
        print(f"compare_quality: no corpora at {args.corpora} (BBC and BASIL needed; --corpora or BENCH_CORPORA)", file=sys.stderr)
        return 2
    ents = rules_entities()
    if args.paraphrase_only:
        result = {"records": [], "summary": {}, "skipped": {}, "seconds": 0.0, "compare_seconds": 0.0}
    else:
        articles = load_articles(args.corpora, args.articles, args.seed)
        result = run(articles, kinds, args.seed, entities_of=ents)
        _report(result, args, kinds, articles, "Planted edits into verbatim copies")
    if args.paraphrase:
        fact_kinds = [k for k in kinds if k in FACT_KINDS]
        p_articles = load_articles(args.corpora, args.paraphrase_articles, args.seed)
        para = run(p_articles, fact_kinds, args.seed, entities_of=ents, spin_rate=args.spin_rate)
        _report(para, args, fact_kinds, p_articles, f"Planted into word-spun copies (spin rate {args.spin_rate:g})", result)
        result["paraphrase"] = para
    if not args.no_seeds:
        result["seeds"] = seed_pair(ents)
        print(f"\n{_seed_line(result['seeds'])}")
    if args.json:
        result["meta"] = _meta(args)
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False, default=list))
        print(f"JSON: {args.json}")
    return 0


def _meta(args) -> dict:
    return {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "commit": _commit(), "argv": sys.argv[1:],
            "seed": args.seed, "extractor": "rules", "spin_rate": args.spin_rate if args.paraphrase else None}


def _report(result: dict, args, kinds: list[str], articles: list[Article], what: str, verbatim: dict | None = None) -> None:
    bbc = sum(a.source == "BBC News" for a in articles)
    result["meta"] = {"articles": len(articles), "bbc": bbc, "basil": len(articles) - bbc}
    print(f"{what}: {len(articles)} articles ({bbc} BBC, {len(articles) - bbc} BASIL), seed {args.seed}, "
          f"rules extractor; commit {_commit()}; {result['seconds']:.0f} s "
          f"({1000 * result['compare_seconds'] / max(1, len(result['records'])):.0f} ms per compare)")
    if result["skipped"]:
        print("No place for the edit (article skipped): " + ", ".join(f"{k} {v}" for k, v in sorted(result["skipped"].items())))
    print()
    if "spun" in result["summary"]:
        print(compare_paraphrase.table(result, kinds, verbatim))
        print("\n" + compare_paraphrase.flag_report(result, args.flags))
    else:
        print(table(result, kinds))
    if args.misses:
        print("\n" + misses(result, args.misses))
    print()


if __name__ == "__main__":
    sys.exit(main())
