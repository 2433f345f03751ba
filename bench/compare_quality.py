"""The comparison's quality on planted edits (issue 14, item 7).

    python bench/compare_quality.py [--articles 60] [--seed 14] [--kinds role,quote]
                                    [--json FILE] [--misses 3] [--corpora DIR]

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
seed pair 001/004 lists. See bench/README.md.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import random
import re
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python bench/compare_quality.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "bench"

from bench import compare_plant_facts, compare_plant_text  # noqa: E402
from bench.compare_plant import Context, Plant, plant  # noqa: E402
from reader.core import entities, ingest  # noqa: E402
from reader.core.compare.comparison import compare  # noqa: E402
from reader.core.models import Article  # noqa: E402

PLANTERS = {**compare_plant_facts.PLANTERS, **compare_plant_text.PLANTERS}
NEUTRAL_KINDS = [k for k in compare_plant_text.PLANTERS if k.startswith("n_")]
FACT_KINDS = [k for k in PLANTERS if k not in NEUTRAL_KINDS]
REPO = Path(__file__).resolve().parent.parent
CORPORA = Path(os.environ.get("BENCH_CORPORA", REPO.parent / "shared" / "corpora"))
# The kind of entry that names each planted edit for what it is.
RIGHT_KIND = {
    "role": {"role"}, "entity": {"entity"}, "descriptor": {"descriptor"}, "number": {"number"},
    "negation": {"negation"}, "hedge": {"hedge"}, "attribution": {"attribution"}, "quote": {"quote"},
    "claim": {"claim"}, "name_one": {"variant"}, "name_all": {"variant"}, "sentence_added": {"unique"},
    "sentence_removed": {"unique"}, "moved": {"moved"},
}


# --- articles -------------------------------------------------------------------------
def _bbc(path: Path) -> tuple[str, list[str]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    title, _, body = text.strip().partition("\n")
    return title.strip(), [" ".join(p.split()) for p in re.split(r"\n\s*\n", body) if p.strip()]


def _basil(path: Path) -> tuple[str, list[str]]:
    d = json.loads(path.read_text(encoding="utf-8"))
    paras = [" ".join(" ".join(p).split()) for p in d.get("body-paragraphs") or []]
    return (d.get("title") or "").strip(), [p for p in paras if p]


def load_articles(root: Path, n: int, seed: int, min_words: int = 150, max_words: int = 1500) -> list[Article]:
    """About n articles, half BBC and half BASIL, drawn with seed."""
    pools = [(sorted((root / "bbc" / "bbc").glob("*/*.txt")), _bbc, "BBC News"),
             (sorted((root / "basil" / "articles").glob("*/*.json")), _basil, "BASIL")]
    rng = random.Random(seed)
    out: list[Article] = []
    for k, (files, read, source) in enumerate(pools):
        want = n // 2 + (n % 2 if k == 0 else 0)
        rng.shuffle(files)
        got = 0
        for f in files:
            if got >= want:
                break
            title, paras = read(f)
            words = sum(len(p.split()) for p in paras)
            if paras and min_words <= words <= max_words:
                rel = f.relative_to(root).as_posix()
                out.append(Article(id=f"orig{len(out)}", origin=f"corpora/{rel}", title=title,
                                   text_paragraphs=tuple(paras), source=source))
                got += 1
    return out


def copy_of(article: Article, p: Plant) -> Article:
    return Article(id=article.id + "-" + p.kind, origin=article.origin + "#copy", title=article.title,
                   text_paragraphs=p.paragraphs, source="copy")


def donors_of(article: Article) -> list[str]:
    """Sentences to add to another article's copy."""
    return [s for p in article.text_paragraphs for s in re.split(r"(?<=[.!?]) (?=[A-Z])", p)
            if 8 <= len(s.split()) <= 40 and not re.search(r"[\"“”]", s) and s[-1:] in ".!?"]


# --- scoring ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Entry:  # what the naive differ lists, shaped like a Difference
    kind: str
    start: int
    end: int
    label: str = ""


def _overlaps(d, spans) -> bool:
    return any(d.start < e and s < max(d.end, d.start + 1) for s, e in spans if e > s)


def score(p: Plant, diffs_a: list, diffs_b: list) -> dict:
    """Which entries of each side are on the planted edit, and how many are
    on nothing planted (false flags)."""
    on = [("a", d) for d in diffs_a if _overlaps(d, p.spans_a)] + [("b", d) for d in diffs_b if _overlaps(d, p.spans_b)]
    kinds = sorted({d.kind for _, d in on})
    return {
        "listed": bool(on), "right_kind": bool(set(kinds) & RIGHT_KIND.get(p.kind, set())), "on_edit": len(on),
        "kinds": kinds, "false_flags": len(diffs_a) + len(diffs_b) - len(on),
        "entries": [{"side": side, "kind": d.kind, "start": d.start, "end": d.end, "label": d.label,
                     "on_edit": (side, d) in on}
                    for side, ds in (("a", diffs_a), ("b", diffs_b)) for d in ds],
    }


_WORD = re.compile(r"\w+(?:['’]\w+)*")


def naive_diff(text_a: str, text_b: str) -> tuple[list[Entry], list[Entry]]:
    """Every run of changed words, as a word diff shows it: the floor."""
    wa, wb = list(_WORD.finditer(text_a)), list(_WORD.finditer(text_b))
    sm = difflib.SequenceMatcher(None, [m[0] for m in wa], [m[0] for m in wb], autojunk=False)
    out_a, out_b = [], []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        if i2 > i1:
            out_a.append(Entry("word", wa[i1].start(), wa[i2 - 1].end()))
        if j2 > j1:
            out_b.append(Entry("word", wb[j1].start(), wb[j2 - 1].end()))
    return out_a, out_b


# --- the run ----------------------------------------------------------------------------------
def rules_entities():
    cache: dict[str, list] = {}

    def entities_of(article: Article) -> list:
        if article.text not in cache:
            cache[article.text] = entities.extract(article.text, "rules")
        return cache[article.text]
    return entities_of


def run(articles: list[Article], kinds: list[str], seed: int, compare_fn=compare, entities_of=None) -> dict:
    """Plant, compare and score every kind in every article; records and
    per-kind summaries."""
    entities_of = entities_of or rules_entities()
    records: list[dict] = []
    skipped: dict[str, int] = defaultdict(int)
    started, compare_s = time.perf_counter(), 0.0
    vocabulary = frozenset(w for a in articles for w in re.findall(r"\b[a-z]+\b", a.text))
    for k, art in enumerate(articles):
        donors = donors_of(articles[(k + 1) % len(articles)]) if len(articles) > 1 else []
        for kind in ["verbatim"] + kinds:
            if kind == "verbatim":
                p = Plant("verbatim", "", art.text, (), (), "", "")
            else:
                p = plant(kind, PLANTERS[kind], Context(art.text, random.Random(f"{seed}/{art.origin}/{kind}"), donors, vocabulary))
                if p is None:
                    skipped[kind] += 1
                    continue
            b = copy_of(art, p)
            t = time.perf_counter()
            c = compare_fn(art, b, entities_of=entities_of)
            diffs_a, diffs_b = c.differences("a"), c.differences("b")
            compare_s += time.perf_counter() - t
            rec = {"article": art.origin, "kind": kind, "sub": p.sub, "before": p.before, "after": p.after,
                   "spans_a": p.spans_a, "spans_b": p.spans_b, **score(p, diffs_a, diffs_b)}
            na, nb = naive_diff(art.text, b.text)
            rec["naive"] = {k2: v for k2, v in score(p, na, nb).items() if k2 != "entries"}
            rec["context_a"], rec["context_b"] = _context(art.text, p.spans_a), _context(b.text, p.spans_b)
            records.append(rec)
    return {"records": records, "skipped": dict(skipped), "summary": summarise(records, kinds),
            "seconds": time.perf_counter() - started, "compare_seconds": compare_s}


def _context(text: str, spans, width: int = 60) -> str:
    spans = [s for s in spans if s[1] > s[0]] or list(spans)
    if not spans:
        return ""
    s, e = spans[0]
    return " ".join((text[max(0, s - width):s] + "[" + text[s:e] + "]" + text[e:e + width]).split())


def summarise(records: list[dict], kinds: list[str]) -> dict:
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        by_kind[r["kind"]].append(r)
    out = {}
    for kind in ["verbatim"] + kinds:
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
    """Entries listed for the seed pair 001 (BBC) / 004 (its word-spun copy)."""
    seeds = REPO / "seeds"
    found = {f.path.name[:3]: f for f in ingest.discover(seeds)}
    a, b = (ingest.read_file(found[k]).articles[0] for k in ("001", "004"))
    c = compare(a, b, entities_of=entities_of)
    da, db = c.differences("a"), c.differences("b")
    kinds: dict[str, int] = defaultdict(int)
    for d in da + db:
        kinds[d.kind] += 1
    return {"a": len(da), "b": len(db), "total": len(da) + len(db), "by_kind": dict(sorted(kinds.items()))}


# --- printing ---------------------------------------------------------------------------------
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
    if "seeds" in result:
        sp = result["seeds"]
        kinds_txt = ", ".join(f"{k} {v}" for k, v in sp["by_kind"].items())
        lines.append(f"Seed pair 001/004: {sp['total']} entries (A {sp['a']}, B {sp['b']}; {kinds_txt}); target ≤ 45.")
    return "\n".join(lines)


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
    args = ap.parse_args(argv)
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
    articles = load_articles(args.corpora, args.articles, args.seed)
    ents = rules_entities()
    result = run(articles, kinds, args.seed, entities_of=ents)
    if not args.no_seeds:
        result["seeds"] = seed_pair(ents)
    result["meta"] = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "commit": _commit(),
                      "argv": sys.argv[1:], "seed": args.seed, "articles": len(articles),
                      "bbc": sum(a.source == "BBC News" for a in articles), "basil": sum(a.source == "BASIL" for a in articles),
                      "extractor": "rules"}
    m = result["meta"]
    print(f"Planted edits: {m['articles']} articles ({m['bbc']} BBC, {m['basil']} BASIL), seed {args.seed}, "
          f"rules extractor; commit {m['commit']}; {result['seconds']:.0f} s "
          f"({1000 * result['compare_seconds'] / max(1, len(result['records'])):.0f} ms per compare)")
    sk = result["skipped"]
    if sk:
        print("No place for the edit (article skipped): " + ", ".join(f"{k} {v}" for k, v in sorted(sk.items())))
    print()
    print(table(result, kinds))
    if args.misses:
        print("\n" + misses(result, args.misses))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False, default=list))
        print(f"JSON: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
