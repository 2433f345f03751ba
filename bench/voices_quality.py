"""The voices of an event on BASIL triplets (issue 19, part 2): how many
cross-report disagreements are listed, and how many of those judged by
hand are right.

    python bench/voices_quality.py [--part dev|held-out] [--sample 30] [--corpora DIR] [--json] [--show]

BASIL reports each of its 100 events three times (Fox, the NYT, HuffPost):
each triplet is one event, with no grouping error in the way. "dev" is a
sample of --sample triplets (random.Random(SEED)), whose listings were read
while the rules for one statement were written; "held-out" as many of the
others (random.Random(SEED + 1)), judged on its first run, after which the
rules for another speaker were written reading its errors; "test" every
other triplet (40 with the default sample), judged on the first run of the
rules as they are. Each triplet is read the way
`newsreader index` reads it, each report's mentions found by the rules
extractor, and reader.core.quotes.event_voices.event_voices gives the speakers
and the disagreements (a quotation two reports give to two speakers,
"attribution", or in other words, "quote").

The judgements (bench/voices_labels.json) name a listed disagreement by its
triplet, the two reports' files and the start offsets of the two
quotations, with a verdict ("right": the two reports do give one statement
to two speakers, or quote it in other words; "wrong": they are two
statements, or the same words and speaker; "partly": one of two kinds
listed is wrong) and a reason in the judge's words, never the texts. How
they were judged is in bench/README.md ("Voices"). --show prints each
listed disagreement with the two quotations, to judge new ones (keep the
texts out of the repo).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from collections import Counter
from itertools import combinations
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python bench/voices_quality.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.core.entities import extract  # noqa: E402
from reader.core.entities.normalise import without_initials  # noqa: E402
from reader.core.ingest import Found, read_file  # noqa: E402
from reader.core.quotes.event_voices import EventVoices, column, describe, event_voices  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CORPORA = Path(os.environ.get("BENCH_CORPORA", REPO.parent / "shared" / "corpora"))
LABELS = REPO / "bench" / "voices_labels.json"
SEED = 19  # the number: the sample is fixed
SAMPLE = 30


def triplets(corpora: Path) -> dict[str, list[Path]]:
    """triplet uuid -> its report files (BASIL names a file <uuid>_<n>.json)."""
    out: dict[str, list[Path]] = {}
    for path in sorted((corpora / "basil" / "articles").glob("*/*.json")):
        out.setdefault(path.stem.rsplit("_", 1)[0], []).append(path)
    return out


def sample(corpora: Path, n: int, part: str = "dev") -> list[tuple[str, list[Path]]]:
    found = triplets(corpora)
    dev = random.Random(SEED).sample(sorted(found), min(n, len(found)))
    if part == "dev":
        return [(uuid, found[uuid]) for uuid in dev]
    rest = sorted(set(found) - set(dev))
    held_out = random.Random(SEED + 1).sample(rest, min(n, len(rest)))
    if part == "held-out":
        return [(uuid, found[uuid]) for uuid in held_out]
    return [(uuid, found[uuid]) for uuid in sorted(set(rest) - set(held_out))]  # "test": every other triplet


def voices_of(files: list[Path]) -> EventVoices:
    articles = [read_file(Found(f.parent, f)).articles[0] for f in files]
    return event_voices(articles, lambda a: extract(a.text, "rules"))


def split_names(speakers) -> int:
    """Pairs of speakers of one event named alike but for a middle initial ("Susan E. Rice" /
    "Susan Rice"): one person counted twice (other initials on both are two people)."""
    names = [without_initials(s.speaker) for s in speakers]
    return sum(1 for (a, ia), (b, ib) in combinations(names, 2) if a == b and (not ia or not ib or ia == ib))


def key(uuid: str, files: list[Path], d) -> str:
    """A listed disagreement's name in the judgements: triplet, files, quotation starts."""
    return f"{uuid}:{files[d.a].name}@{d.change.a.start}:{files[d.b].name}@{d.change.b.start}"


def run(corpora: Path, n: int, labels: dict[str, dict], show: bool = False, part: str = "dev") -> dict:
    tally: Counter = Counter()
    verdicts: Counter = Counter()
    unjudged: list[str] = []
    for uuid, files in sample(corpora, n, part):
        found = voices_of(files)
        named = [s for s in found.speakers if s.speaker is not None]
        tally["events"] += 1
        tally["reports"] += len(found.reports)
        tally["quotations"] += sum(len(r.quotes) for r in found.reports)
        tally["unknown speaker"] += sum(len(q) for s in found.speakers if s.speaker is None for q in s.quotes.values())
        tally["speakers"] += len(named)
        tally["speakers in 2+ reports"] += sum(1 for s in named if len(s.quotes) >= 2)
        tally["named two ways"] += sum(1 for s in named if len(set(s.names.values())) >= 2)
        tally["quotations given to a place"] += sum(len(q) for s in named if s.type == "PLACE" for q in s.quotes.values())
        tally["one name, two speakers"] += split_names(named)
        tally["events with a disagreement"] += bool(found.disagreements)
        for d in found.disagreements:
            tally["disagreements"] += 1
            tally["+".join(d.kinds)] += 1
            name = key(uuid, files, d)
            verdict = labels.get(name, {}).get("verdict")
            verdicts[verdict or "not judged"] += 1
            if verdict is None:
                unjudged.append(name)
            if show:
                print(f"\n{name}  [{verdict or 'not judged'}] {'+'.join(d.kinds)}")
                print(f"  {describe(d)}")
                for side, q in ((d.a, d.change.a), (d.b, d.change.b)):
                    print(f"  {column(side)} {files[side].name} ({q.speaker_text or '-'} -> {q.speaker}): {q.text[:300]}")
    judged = verdicts["right"] + verdicts["wrong"] + verdicts["partly"]
    return {
        "part": part,
        "sample": n,
        "seed": SEED,
        "tally": dict(tally),
        "verdicts": dict(verdicts),
        "precision": round((verdicts["right"] + 0.5 * verdicts["partly"]) / judged, 3) if judged else None,
        "unjudged": unjudged,
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--part", choices=["dev", "held-out", "test"], default="test")
    ap.add_argument("--sample", type=int, default=SAMPLE, help=f"how many triplets (default {SAMPLE})")
    ap.add_argument("--corpora", type=Path, default=CORPORA)
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--show", action="store_true", help="print each disagreement with its quotations, to judge")
    args = ap.parse_args(argv)
    if not (args.corpora / "basil").is_dir():
        sys.exit(f"no BASIL under {args.corpora}: set --corpora or BENCH_CORPORA")
    labels = json.loads(args.labels.read_text(encoding="utf-8"))["judged"] if args.labels.is_file() else {}
    out = run(args.corpora, max(1, args.sample), labels, args.show, args.part)
    if args.json:
        print(json.dumps(out, indent=1))
        return
    t, v = out["tally"], out["verdicts"]
    print(f"BASIL triplets, {out['part']}: {t['events']} (seed {out['seed']})\n")
    print(f"{'':34}{'count':>8}{'per event':>11}")
    rows = ["reports", "quotations", "unknown speaker", "speakers", "speakers in 2+ reports", "named two ways",
            "quotations given to a place", "one name, two speakers",
            "events with a disagreement", "disagreements", "attribution", "quote", "attribution+quote"]
    for row in rows:
        print(f"{row:34}{t.get(row, 0):>8}{t.get(row, 0) / max(1, t['events']):>11.2f}")
    print(f"\njudged by hand: {v.get('right', 0)} right, {v.get('partly', 0)} partly, {v.get('wrong', 0)} wrong,"
          f" {v.get('not judged', 0)} not judged; precision {out['precision']}")


if __name__ == "__main__":
    main()
