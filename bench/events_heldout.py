"""Event grouping on the two hand-labelled Baly sets (issue 15), beside the
plain TF-IDF floor, in one run:

    .venv/bin/python bench/events_heldout.py
    .venv/bin/python bench/events_heldout.py --json out.json

The sets: "baly" (tests/fixtures/events/baly_labels.json, looked at while
tuning) and "baly2" (baly2_labels.json, disjoint from it, labelled later the
same way and kept out of every choice of setting: bench/events_sets.py does
not list it, so bench/events_quality.py never scores it). Each is read with
and without publication dates (bench/events_baly.py).

The grouping is reader.core.events.group_events at its one setting. The
floor's threshold is chosen as bench/events_quality.py chooses it for a set of
fold B: by mean F1 on fold A (BASIL and Reuters, with and without dates), never
on the set it is reported on. Its best threshold knowing each set's answer is
printed too, as an upper bound for TF-IDF.

Two more columns, because most of either set's events are of one report (the
next day's development, the same people in another case): "alone", the
B-cubed F1 of putting every article in an event of its own (a grouping that
finds nothing), and the pairwise precision and recall of the grouping (of the
pairs of articles it puts together, how many are one event; of the pairs that
are one event, how many it puts together), which singletons do not swamp.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.events_baly import LABELS, LABELS2, baly_set
from bench.events_baly import missing as baly_missing
from bench.events_floor import Floor
from bench.events_quality import FLOOR_THRESHOLDS, FOLD_A
from bench.events_sets import DevSet, bcubed, dev_sets
from reader.core.events import group_events


def floor_threshold_on_fold_a() -> tuple[float | None, list[str]]:
    """The floor's threshold with the best mean F1 on fold A's sets that can
    be read here (events_quality.choose_floor's rule), and their names."""
    sets = dev_sets(list(FOLD_A))
    if not sets:
        return None, []
    floors = [(Floor(s.articles), s.gold) for s in sets]
    best = max(FLOOR_THRESHOLDS, key=lambda t: sum(bcubed(f.clusters(t), g)[2] for f, g in floors) / len(floors))
    return best, [s.name for s in sets]


def pairwise(clusters, gold: dict[str, str]) -> tuple[float, float]:
    """Precision and recall over pairs of articles put in one event."""
    cluster = {i: k for k, c in enumerate(clusters) for i in c}
    found = {(a, b) for c in clusters for a in c for b in c if a < b}
    truth = {(a, b) for a in gold for b in gold if a < b and gold[a] == gold[b]}
    right = len(found & truth)
    assert sorted(cluster) == sorted(gold)
    return (right / len(found) if found else 1.0), (right / len(truth) if truth else 1.0)


def alone(gold: dict[str, str]) -> float:
    """B-cubed F1 of every article in an event of its own (precision 1)."""
    sizes: dict[str, int] = {}
    for e in gold.values():
        sizes[e] = sizes.get(e, 0) + 1
    r = sum(1 / sizes[e] for e in gold.values()) / len(gold)
    return 2 * r / (1 + r)


def held_sets() -> list[DevSet]:
    out = []
    for labels, name in ((LABELS, "baly"), (LABELS2, "baly2")):
        why = baly_missing(None, labels)
        if why:
            print(f"{name}: {why}", file=sys.stderr)
            continue
        for use_dates in (True, False):
            out.append(baly_set(use_dates, None, labels, name))
    return out


def run() -> dict:
    threshold, fold = floor_threshold_on_fold_a()
    rows = []
    for s in held_sets():
        start = time.perf_counter()
        grouped = [e.article_ids for e in group_events(s.articles, use_dates=not s.name.endswith("-nodates"))]
        seconds = time.perf_counter() - start
        floor = Floor(s.articles)
        oracle = max(FLOOR_THRESHOLDS, key=lambda t: bcubed(floor.clusters(t), s.gold)[2])
        sizes = {}
        for e in s.gold.values():
            sizes[e] = sizes.get(e, 0) + 1
        rows.append({
            "set": s.name, "articles": len(s.articles), "events": s.events,
            "events_2plus": sum(1 for n in sizes.values() if n >= 2),
            "sources": len({a.source for a in s.articles}),
            "events_score": bcubed(grouped, s.gold), "events_pairwise": pairwise(grouped, s.gold),
            "alone": alone(s.gold), "seconds": round(seconds, 2),
            "floor": bcubed(floor.clusters(threshold), s.gold) if threshold else None,
            "floor_oracle": {"threshold": oracle, "score": bcubed(floor.clusters(oracle), s.gold)},
        })
    return {"floor_threshold": threshold, "floor_fold": fold, "rows": rows}


def _prf(x) -> str:
    return "    —     —     — " if x is None else f"{x[0]:.3f} {x[1]:.3f} {x[2]:.3f}"


def print_table(result: dict) -> None:
    t = result["floor_threshold"]
    print(f"Held-out Baly sets, B-cubed P R F1. TF-IDF floor at {t} (chosen on {', '.join(result['floor_fold'])});"
          " 'oracle': the floor's best threshold on the set's own answer")
    print(f"{'set':14s} {'art.':>5s} {'ev.':>5s} {'ev2+':>5s} {'src':>4s}   {'events P R F1':19s}   "
          f"{'floor P R F1':19s}   {'oracle F1 (t)':>14s} {'alone':>6s}   {'pairs P R':11s} {'s':>5s}")
    for r in result["rows"]:
        o = r["floor_oracle"]
        print(f"{r['set']:14s} {r['articles']:5d} {r['events']:5d} {r['events_2plus']:5d} {r['sources']:4d}   "
              f"{_prf(r['events_score'])}   {_prf(r['floor'])}   {o['score'][2]:.3f} ({o['threshold']:.3f})"
              f" {r['alone']:6.3f}   {r['events_pairwise'][0]:.3f} {r['events_pairwise'][1]:.3f} {r['seconds']:5.2f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", type=Path, help="also write the results there")
    args = ap.parse_args(argv)
    result = run()
    print_table(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
