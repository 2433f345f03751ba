"""Numbers paired across reports (issue 14, item 5): are "numbers differ" right?

    python bench/numbers_quality.py [--sample 40] [--seed 5] [--out FILE] [--plants 100]
                                    [--timing] [--corpora DIR]

1. Independent reports of one event: BASIL's triplets (Fox, NYT, HuffPost),
   compared pairwise (NYT–HuffPost, NYT–Fox, Fox–HuffPost) with the core's
   `compare()`. Prints how many number pairs of each kind it gives, and writes
   a seeded sample of the "different" pairs, each with its two sentences, to
   a Markdown file for judging by hand (default bench/results/numbers_sample.md,
   git-ignored: it quotes the articles).
2. Planted edits in real articles (BASIL and BBC bodies, seeded): one number's
   value changed (must be "different"), a date written in another form (must
   be "same"), a number dropped (must be one-sided, and nothing "different").
   Prints the share right per kind, and the "different" pairs on the untouched
   numbers of those pairs (false flags).
3. --timing: the core time of `compare()` on two 1,500-word reports of one
   event (real BASIL paragraphs), and the share of it spent in compare/numbers
   (extraction and pairing).

Judged by hand (the "different" pairs of part 1, seed 5, each read with its two
sentences; right when the two numbers count the same thing and the values
really differ, a hedged or less precise restatement of one value being no
difference):

- before (the comparison as of commit 19588cc): 204 "different" on the 300
  pairs; of the 40 sampled, 0 right: 30 dates of two granularities ("2010" /
  "October"), 1 two unrelated years, 4 unrelated sums, 2 unrelated counts, 1
  unrelated percentage, 2 one value restated less precisely.
- after: 4 "different"; all 4 judged, 4 right ("published Saturday" / "published
  Sunday", "35-word oath" / "38-word oath", "since 2002" / "since 2003", "$3.6
  billion" / "$3 billion" diverted).
- planted (100 articles): value 57/74 -> 74/74 different, date form 17/24 ->
  24/24 same, drop 88/88 -> 86/86 one-sided, no "different" on untouched
  numbers either time. The table and notes are in bench/README.md.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import random
import re
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python bench/numbers_quality.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.core.compare import numbers as num  # noqa: E402
from reader.core.compare.comparison import compare  # noqa: E402
from reader.core.models import Article  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CORPORA = Path(os.environ.get("BENCH_CORPORA", REPO.parent / "shared" / "corpora"))
PAIRS = [("nyt", "hpo"), ("nyt", "fox"), ("fox", "hpo")]
MONTH_NAMES = "January February March April May June July August September October November December".split()


# --- articles -------------------------------------------------------------------------
def basil(corpora: Path) -> dict[str, dict[str, Article]]:
    """Triplets: uuid -> outlet -> article."""
    out: dict[str, dict[str, Article]] = {}
    for path in sorted(glob.glob(str(corpora / "basil" / "articles" / "*" / "*.json"))):
        d = json.loads(Path(path).read_text(encoding="utf-8"))
        paragraphs = tuple(" ".join(p) for p in d["body-paragraphs"] if p)
        source = d["source"].lower()
        published = datetime.strptime(d["date"], "%Y-%m-%d") if d.get("date") else None
        art = Article(f"{d['triplet-uuid'][:8]}-{source}", path, d["title"], paragraphs, source, published=published)
        out.setdefault(d["triplet-uuid"], {})[source] = art
    return {k: v for k, v in out.items() if all(s in v for s in ("nyt", "hpo", "fox"))}


def bbc(corpora: Path, n: int, rng: random.Random) -> list[Article]:
    paths = sorted(glob.glob(str(corpora / "bbc" / "bbc" / "*" / "*.txt")))
    out = []
    for path in rng.sample(paths, min(n, len(paths))):
        raw = Path(path).read_bytes().decode("utf-8", errors="replace")
        title, _, body = raw.partition("\n")
        paragraphs = tuple(p.strip() for p in body.split("\n\n") if p.strip())
        out.append(Article(Path(path).stem, path, title.strip(), paragraphs, "bbc"))
    return out


def _sentence(c, side: str, q: num.Quantity) -> str:
    for s in c.sentences(side):
        if s.start <= q.start < s.end:
            return s.text
    return ""


# --- 1. independent reports -------------------------------------------------------------
def independent(corpora: Path, sample: int, seed: int, out: Path) -> None:
    triplets = basil(corpora)
    kinds: Counter[str] = Counter()
    different = []
    for uuid, arts in sorted(triplets.items()):
        for x, y in PAIRS:
            c = compare(arts[x], arts[y])
            for m in c.numbers:
                kinds[m.kind] += 1
                if m.kind == "different":
                    different.append((uuid, x, y, m, _sentence(c, "a", m.a), _sentence(c, "b", m.b)))
    print(f"BASIL: {len(triplets)} triplets, {len(triplets) * len(PAIRS)} pairs compared")
    print("number pairs: " + ", ".join(f"{k} {kinds[k]}" for k in ("same", "different", "only_a", "only_b")))
    print(f'"different": {len(different)}')
    rng = random.Random(seed)
    picked = rng.sample(different, min(sample, len(different)))
    out.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"# {len(picked)} of {len(different)} 'different' number pairs on BASIL (seed {seed})", ""]
    for k, (uuid, x, y, m, sa, sb) in enumerate(picked, 1):
        lines += [f"## {k}. {uuid[:8]} {x}/{y}: {m.a.text!r} / {m.b.text!r}  ({m.note or 'no note'})", "",
                  f"- {x}: {sa}", f"- {y}: {sb}", "", "verdict: ", ""]
    out.write_text("\n".join(lines), encoding="utf-8")
    print(f"sample written to {out}")


# --- 2. planted edits ----------------------------------------------------------------------
def _with(article: Article, start: int, end: int, new: str) -> Article:
    text = article.text
    edited = text[:start] + new + text[end:]
    return Article(article.id + "-edit", article.origin, article.title, tuple(edited.split("\n\n")),
                   article.source, published=article.published)


def _other_value(q: num.Quantity) -> str | None:
    """The phrase of q with its first figure changed: "12 people" -> "19 people"."""
    m = re.search(r"\d[\d,]*(?:\.\d+)?", q.text)
    if m is None or q.kind == "date":
        return None
    digits = m.group()
    last = int(digits[-1]) if digits[-1].isdigit() else 0
    changed = digits[:-1] + str((last + 7) % 10 if last != 3 else 5)
    return q.text[: m.start()] + changed + q.text[m.end():]


def _other_form(q: num.Quantity) -> str | None:
    """The date of q written another way: "Jan. 5, 2017" -> "5 January 2017"."""
    if q.kind != "date" or q.date is None or q.date[1] is None or q.date[2] is None:
        return None
    year, month, day = q.date
    name = MONTH_NAMES[month - 1]
    short = name if len(name) <= 4 else ("Sept" if month == 9 else name[:3]) + "."
    th = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}.get(day, "th")
    forms = [f"{day} {name}", f"{short} {day}", f"{name} {day}{th}", f"the {day}{th} of {name}"]
    if year:
        forms = [f"{day} {name} {year}", f"{name} {day}, {year}", f"{month}/{day}/{year % 100:02d}",
                 f"{year}-{month:02d}-{day:02d}", f"{short} {day}, {year}", f"{name} {day}{th}, {year}"]
    forms = [f for f in forms if f != q.text]
    return forms[(day + month) % len(forms)]


def _dropped(text: str, q: num.Quantity) -> tuple[int, int, str] | None:
    """q taken out: a count keeps its noun ("12 people" -> "people"), a date
    or a sum goes with its preposition ("on 5 May", "for $5")."""
    if q.kind in ("count",) and q.unit:
        m = re.match(r"(?:[\w.,$£€%-]+\s+)+?(?=\S*" + re.escape(q.text.split()[-1]) + r"$)", q.text)
        if m and m.group():
            return q.start, q.start + m.end(), ""
        return None
    before = text[max(0, q.start - 8) : q.start]
    m = re.search(r"\b(?:on|in|of|for|by|at|since|from|to)\s+$", before)
    start = q.start - (len(before) - m.start()) if m else q.start
    end = q.end
    if start > 0 and text[start - 1] == " " and end < len(text) and text[end] in " ,.":
        start -= 1
    return start, end, ""


def planted(corpora: Path, n: int, seed: int) -> None:
    rng = random.Random(seed)
    triplets = basil(corpora)
    articles = [a for arts in triplets.values() for a in arts.values()]
    articles = rng.sample(articles, min(n // 2, len(articles))) + bbc(corpora, n - n // 2, rng)
    right: Counter[str] = Counter()
    tried: Counter[str] = Counter()
    false_flags = 0
    misses: list[str] = []
    for art in articles:
        qs = [q for q in num.extract(art.text)]
        for kind in ("value", "date_form", "drop"):
            if kind == "value":
                cands = [q for q in qs if q.kind != "date" and _other_value(q)]
            elif kind == "date_form":  # not inside a range: "16-18 December"
                cands = [q for q in qs if _other_form(q) and art.text[q.start - 1 : q.start] not in "-–"]
            else:
                cands = [q for q in qs if q.kind in ("count", "money", "percent", "date") and (q.unit or q.kind != "count")]
            if not cands:
                continue
            q = rng.choice(cands)
            if kind == "value":
                edit = (q.start, q.end, _other_value(q) or "")
            elif kind == "date_form":
                edit = (q.start, q.end, _other_form(q) or "")
            else:
                dropped = _dropped(art.text, q)
                if dropped is None:
                    continue
                edit = dropped
            c = compare(art, _with(art, *edit))
            tried[kind] += 1
            [m] = [m for m in c.numbers if m.a is not None and m.a.start == q.start] or [None]
            want = {"value": "different", "date_form": "same", "drop": "only_a"}[kind]
            ok = m is not None and m.kind == want
            if kind == "drop":
                ok = ok and not any(x.kind == "different" for x in c.numbers)
            right[kind] += ok
            if not ok and len(misses) < 12:
                got = f"{m.kind} {m.b.text if m and m.b else ''}" if m else "not found"
                misses.append(f"  {kind}: {q.text!r} -> {art.text[edit[0]:edit[1]]!r}/{edit[2]!r}: got {got}")
            false_flags += sum(1 for x in c.numbers if x.kind == "different" and x.a is not None and x.a.start != q.start)
    print(f"planted edits in {len(articles)} articles (seed {seed}):")
    for kind in ("value", "date_form", "drop"):
        share = right[kind] / tried[kind] if tried[kind] else 0.0
        print(f"  {kind:10} {right[kind]:4} / {tried[kind]:4} right ({share:.0%})")
    print(f'  "different" on untouched numbers: {false_flags} over {sum(tried.values())} pairs')
    if misses:
        print("misses:\n" + "\n".join(misses))


# --- 3. timing -------------------------------------------------------------------------------
def _words(paragraphs: list[str], n: int) -> tuple[str, ...]:
    """The first n words of paragraphs, paragraphs kept."""
    out, left = [], n
    for p in paragraphs:
        words = p.split()
        if left <= 0:
            break
        out.append(" ".join(words[:left]))
        left -= len(words)
    return tuple(out)


def timing(corpora: Path, n: int = 10, runs: int = 3) -> None:
    """compare() on two 1,500-word reports of one event (a triplet's NYT report
    followed by Fox's, against HuffPost's followed by NYT's), best of `runs`."""
    triplets = sorted(basil(corpora).values(), key=lambda t: -sum(a.word_count for a in t.values()))[:n]
    pairs = []
    for t in triplets:
        a = _words([*t["nyt"].text_paragraphs, *t["fox"].text_paragraphs], 1500)
        b = _words([*t["hpo"].text_paragraphs, *t["nyt"].text_paragraphs], 1500)
        pairs.append((Article("a", "", "a", a, published=t["nyt"].published),
                      Article("b", "", "b", b, published=t["hpo"].published)))
    compare(*pairs[0])  # warm caches and lazy tables
    whole = numbers = float("inf")
    for _ in range(runs):
        t0 = time.process_time()
        for x, y in pairs:
            compare(x, y)
        whole = min(whole, time.process_time() - t0)
        t0 = time.process_time()
        for x, y in pairs:
            num.reconcile(num.extract(x.text), num.extract(y.text))
        numbers = min(numbers, time.process_time() - t0)
    words = sum(x.word_count + y.word_count for x, y in pairs) / (2 * len(pairs))
    print(f"timing, {len(pairs)} pairs of {words:.0f}-word reports (best of {runs}):")
    print(f"  compare(): {1000 * whole / len(pairs):.1f} ms core time a pair")
    print(f"  compare/numbers (extract both + reconcile): {1000 * numbers / len(pairs):.1f} ms a pair "
          f"({numbers / whole:.0%})")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sample", type=int, default=40)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "numbers_sample.md")
    ap.add_argument("--plants", type=int, default=100, help="articles to plant edits in (0: none)")
    ap.add_argument("--timing", action="store_true")
    ap.add_argument("--corpora", type=Path, default=CORPORA)
    args = ap.parse_args(argv)
    if not (args.corpora / "basil").is_dir():
        sys.exit(f"no BASIL under {args.corpora}: set --corpora or BENCH_CORPORA")
    independent(args.corpora, args.sample, args.seed, args.out)
    if args.plants:
        planted(args.corpora, args.plants, args.seed)
    if args.timing:
        timing(args.corpora)


if __name__ == "__main__":
    main()
