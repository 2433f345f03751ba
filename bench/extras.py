"""Hooks for the parts that other helpers are writing: the compare screen's
work (reader.core.compare.comparison.compare(a, b)) and entity extraction
(reader.core.entities). Each reports "n/a" with the reason until its module
imports."""

from __future__ import annotations

import statistics
import time


def _na(note: str) -> dict:
    return {"status": "n/a", "note": note}


def two_long_articles(lib, words: int = 1500):
    """The two articles whose length is closest to `words` (the issue's
    target is two 1,500-word articles)."""
    rows = lib.store.db.execute(
        "SELECT id FROM articles ORDER BY abs(words - ?) LIMIT 2", (words,)
    ).fetchall()
    if len(rows) < 2:
        return None
    return lib.get(rows[0][0]), lib.get(rows[1][0])


def time_compare(lib, runs: int = 3) -> dict:
    try:
        from reader.core.compare.comparison import compare
    except Exception as exc:  # not written yet, or broken: reported, not fatal
        return _na(f"reader.core.compare.comparison does not import ({type(exc).__name__}: {exc})")
    pair = two_long_articles(lib)
    if pair is None:
        return _na("fewer than two articles")
    a, b = pair
    times = []
    try:
        for _ in range(runs):
            t = time.perf_counter()
            compare(a, b)
            times.append(time.perf_counter() - t)
    except Exception as exc:
        return _na(f"compare(a, b) failed: {type(exc).__name__}: {exc}")
    return {
        "status": "ok",
        "median_ms": statistics.median(times) * 1000,
        "words": [a.word_count, b.word_count],
        "runs": runs,
    }


def time_entities(texts: list[str], max_words: int = 60_000, budget_s: float = 20.0) -> dict:
    """Words per second of each available extractor over real article texts
    (up to max_words, or budget_s seconds each); load time apart."""
    try:
        from reader.core.entities import available_extractors, get_extractor
    except Exception as exc:
        return _na(f"reader.core.entities does not import ({type(exc).__name__}: {exc})")
    out: dict = {"status": "ok", "extractors": {}}
    try:
        names = [n if isinstance(n, str) else getattr(n, "name", str(n)) for n in available_extractors()]
    except Exception as exc:
        return _na(f"available_extractors() failed: {type(exc).__name__}: {exc}")
    for name in names:
        try:
            t = time.perf_counter()
            extractor = get_extractor(name)
            extractor.extract("Warm-up: Angela Merkel met officials in Paris.")  # lazy model loads
            load_s = time.perf_counter() - t
            words = 0
            t = time.perf_counter()
            for text in texts:
                extractor.extract(text)
                words += len(text.split())
                if words >= max_words or time.perf_counter() - t > budget_s:
                    break
            seconds = time.perf_counter() - t
            out["extractors"][name] = {
                "status": "ok",
                "words": words,
                "seconds": seconds,
                "words_per_s": words / seconds if seconds else None,
                "load_s": load_s,
            }
        except Exception as exc:
            out["extractors"][name] = _na(f"{type(exc).__name__}: {exc}")
    return out


# ---- the compare screen, in the app ------------------------------------------
SCREEN_SCRIPT = r'''
import asyncio, json, sys, time
from pathlib import Path
from reader.core.library import Library
from reader.ui.app import NewsApp
import textual.app as TA

index, extractor, pairs = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
painted = {}
original = TA.App._display
def display(self, screen, renderable):
    if type(screen).__name__ == "CompareScreen" and "t" not in painted and getattr(screen, "comparison", None) is not None:
        painted["t"] = time.perf_counter()
    return original(self, screen, renderable)
TA.App._display = display

async def main():
    lib = Library(Path(index))
    app = NewsApp(lib, seed_if_empty=False)
    out = []
    async with app.run_test(size=(160, 45)) as pilot:
        for _ in range(300):  # the engine opens after the first screen
            await pilot.pause(0.02)
            if not any(not w.is_finished for w in app.workers):
                break
        app.entity_extractor = None if extractor == "best" else extractor
        for a, b in pairs:
            for attempt in ("first", "again"):
                painted.clear()
                t = time.perf_counter()
                app.open_compare(a, b)
                while "t" not in painted and time.perf_counter() - t < 30:
                    await asyncio.sleep(0.005)
                out.append({"pair": [a, b], "attempt": attempt, "first_paint_s": painted.get("t", float("nan")) - t})
                await pilot.pause(0.3)
                app.pop_screen()
                await pilot.pause(0.2)
    print(json.dumps(out))
asyncio.run(main())
'''


def time_compare_screen(index_dir, extractors=("rules",), pairs: int = 3, words: int = 1500) -> dict:
    """Time from asking for a comparison (c, c) to the compare screen's first
    paint with its rows, in a fresh headless app on the tier's index, for the
    `pairs` pairs of articles closest to `words` words. Each pair is opened
    twice: first with its entity mentions taken out of the cache (cold: the
    extractor runs), then again (cached)."""
    import json
    import os
    import sqlite3
    import subprocess
    import sys
    from pathlib import Path

    store = Path(index_dir) / "store.sqlite"
    db = sqlite3.connect(store)
    try:
        rows = db.execute("SELECT id, words FROM articles ORDER BY abs(words - ?) LIMIT ?", (words, 2 * pairs)).fetchall()
        chosen = [[rows[2 * i][0], rows[2 * i + 1][0]] for i in range(len(rows) // 2)]
        out: dict = {"status": "ok", "words": [r[1] for r in rows], "extractors": {}}
        for name in extractors:
            ids = [i for p in chosen for i in p]
            try:
                db.execute(f"DELETE FROM entity_mentions WHERE extractor LIKE ? AND article_id IN ({','.join('?' * len(ids))})",
                           [name + "%", *ids])
                db.commit()
            except sqlite3.OperationalError:
                pass  # no cache table yet: cold anyway
            repo = Path(__file__).resolve().parent.parent
            proc = subprocess.run([sys.executable, "-c", SCREEN_SCRIPT, str(index_dir), name, json.dumps(chosen)],
                                  capture_output=True, text=True, cwd=repo, timeout=600,
                                  env={**os.environ, "PYTHONPATH": str(repo)})
            if proc.returncode != 0:
                last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
                out["extractors"][name] = _na(f"the app failed: {last}")
                continue
            runs = json.loads(proc.stdout.strip().splitlines()[-1])
            first = [r["first_paint_s"] * 1000 for r in runs if r["attempt"] == "first"]
            again = [r["first_paint_s"] * 1000 for r in runs if r["attempt"] == "again"]
            out["extractors"][name] = {"status": "ok", "cold_ms": first, "cached_ms": again,
                                       "cold_median_ms": statistics.median(first), "cached_median_ms": statistics.median(again)}
        return out
    finally:
        db.close()
