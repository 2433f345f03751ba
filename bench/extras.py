"""Hooks for the parts that other helpers are writing: the compare screen's
work (reader.core.compare.compare(a, b)) and entity extraction
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
        from reader.core.compare import compare
    except Exception as exc:  # not written yet, or broken: reported, not fatal
        return _na(f"reader.core.compare does not import ({type(exc).__name__}: {exc})")
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
