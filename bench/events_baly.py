"""Development and held-out sets of event grouping (issue 15) from many US
outlets: reports of one happening by several outlets, beside same-topic reports
of other happenings (the next day's development, the same people in another case).

The articles are Baly et al. 2020's AllSides articles in
../shared/corpora/allsides_baly2020 (never in the repo); the labels, written
by hand from each article's date, headline and lead, are in
tests/fixtures/events/baly_labels.json (article IDs, made-up event ids and a
one-line description of each event; its "how" says how they were chosen).

    from bench.events_baly import baly_set, baly2_set
    dev = baly_set()                  # a DevSet, or None where the corpus is absent
    nodates = baly_set(use_dates=False)   # the same with every publication date removed
    held = baly2_set()                # the second set ("baly2"), or None

The second set (tests/fixtures/events/baly2_labels.json) was labelled the same
way from articles disjoint from the first, after the first had been looked at
while tuning: it is for bench/events_heldout.py, not for choosing a setting,
so bench/events_sets.py does not list it.

The articles are read by the core's own ingest, one JSON file each, as
bench/events_sets.py reads BASIL's. baly_articles() gives the articles and gold
without importing bench.events_sets, so that module can use it without an
import cycle.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from bench.tiers import REPO, corpora_dir
from reader.core import ingest
from reader.core.models import Article

LABELS = REPO / "tests" / "fixtures" / "events" / "baly_labels.json"
LABELS2 = REPO / "tests" / "fixtures" / "events" / "baly2_labels.json"
NOTE = "many US outlets' reports of one happening, beside same-topic reports of other happenings (hand-labelled)"


def corpus_folder(root: Path | None = None) -> Path:
    return (root or corpora_dir()) / "allsides_baly2020" / "jsons"


def missing(root: Path | None = None, labels: Path = LABELS) -> str | None:
    """Why the set cannot be read here, or None when it can."""
    folder = corpus_folder(root)
    if not folder.is_dir():
        return f"the Baly corpus is not here ({folder})"
    if not labels.exists():
        return f"the labels are not here ({labels})"
    return None


def labelled_ids(labels: Path = LABELS) -> dict[str, str]:
    """The corpus IDs a labels file holds, each with its event."""
    events = json.loads(labels.read_text(encoding="utf-8"))["events"]
    return {report: event for event, entry in events.items() for report in entry["ids"]}


def baly_articles(use_dates: bool = True, root: Path | None = None,
                  labels: Path = LABELS) -> tuple[list[Article], dict[str, str]] | None:
    """The labelled articles and their gold events (article id -> event id),
    or None where the corpus is absent."""
    if missing(root, labels):
        return None
    folder = corpus_folder(root)
    events = json.loads(labels.read_text(encoding="utf-8"))["events"]
    articles, gold = [], {}
    for event, entry in sorted(events.items()):
        for report in entry["ids"]:
            path = folder / f"{report}.json"
            # As bench/events_sets.py reads a BASIL file: discovered, then read, no sidecars.
            [a] = [a for f in ingest.discover(path) for a in ingest.read_file(f, None, ingest.DEFAULT_MAX_BYTES, {}).articles]
            if not use_dates:
                a = replace(a, published=None)
            articles.append(a)
            gold[a.id] = event
    return articles, gold


def baly_set(use_dates: bool = True, root: Path | None = None, labels: Path = LABELS, name: str = "baly"):
    """The set as a bench.events_sets.DevSet (name, or name + "-nodates" with
    every date removed), or None where the corpus or the labels are absent
    (missing() says which)."""
    # Imported here: bench.events_sets may import this module to list the set.
    from bench.events_sets import DevSet

    read = baly_articles(use_dates, root, labels)
    if read is None:
        return None
    articles, gold = read
    return DevSet(name if use_dates else name + "-nodates", articles, gold, NOTE)


def baly2_set(use_dates: bool = True, root: Path | None = None):
    """The second, held-out set ("baly2", "baly2-nodates"), or None."""
    return baly_set(use_dates, root, LABELS2, "baly2")
