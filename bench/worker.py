"""One measurement in a fresh process, so that its peak memory and its cold
start are its own: `python -m bench.worker SPEC.json` prints one JSON object.

SPEC: {"action": "check"|"build"|"incremental"|"search"|"concurrent", "engine": name,
"index": dir, "corpus": dir, "articles": jsonl, "changed": jsonl,
"queries": json, "want_ids": bool}
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from pathlib import Path


def rss_mb(field: str = "VmRSS") -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def peak_mb() -> float:
    """The largest resident set of this process (VmHWM: ru_maxrss would carry
    the parent's high-water mark across fork and exec) or of any of its
    finished children (Whoosh's indexing sub-processes), in MB."""
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return max(rss_mb("VmHWM"), kids)


def cpu_s() -> float:
    """CPU seconds of this process and its finished children: less sensitive
    than wall time to other work on a shared machine."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _jsonl(path: str | None):
    """Articles one at a time, so that the baselines' peak memory is the
    engine's and not a list of every article."""
    if not path:
        return
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def main(spec: dict) -> dict:
    from .engines import Unavailable, make

    start_rss = rss_mb()
    engine = make(spec["engine"])
    index = Path(spec["index"])
    action = spec["action"]
    out: dict = {"engine": spec["engine"], "action": action}
    try:
        if action == "check":
            engine.check(index)
            out["available"] = True
        elif action in ("build", "incremental"):
            articles = _jsonl(spec.get("articles" if action == "build" else "changed"))
            fn = engine.build if action == "build" else engine.incremental
            cpu0 = cpu_s()
            out.update(fn(index, Path(spec["corpus"]), articles))
            out["cpu_seconds"] = cpu_s() - cpu0
            out.update(engine.sizes(index))
            out["peak_rss_mb"] = peak_mb()
        elif action == "concurrent":
            from .contention import measure

            out.update(measure(spec["engine"], index, json.loads(Path(spec["queries"]).read_text()), Path(spec["articles"])))
        elif action == "search":
            out.update(search(engine, index, json.loads(Path(spec["queries"]).read_text()), spec.get("want_ids")))
        out["start_rss_mb"] = start_rss
    except Unavailable as exc:
        out = {"engine": spec["engine"], "action": action, "available": False, "note": str(exc)}
    return out


def search(engine, index: Path, queries: list[dict], want_ids: bool) -> dict:
    t0 = time.perf_counter()
    engine.open(index)
    open_s = time.perf_counter() - t0
    lat, cpu, totals, ids, errors = [], [], [], [], []
    rss_first = None
    for q in queries:
        t, c = time.perf_counter(), time.process_time()
        try:
            total, hit_ids = engine.search(q)
        except Exception as exc:  # a query one engine cannot take is noted, not fatal
            total, hit_ids = -1, []
            errors.append(f"{q['text']}: {type(exc).__name__}: {' '.join(str(exc).split())[:120]}")
        lat.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        totals.append(total)
        if want_ids:
            ids.append(hit_ids[:10])
        if rss_first is None:
            rss_first = rss_mb()
    engine.close()
    return {
        "open_ms": open_s * 1000,
        "latencies_ms": lat,
        "median_ms": statistics.median(lat),
        "cpu_ms": cpu,
        "totals": totals,
        "top10": ids if want_ids else None,
        "errors": errors,
        "rss_open_mb": rss_first,
        "rss_end_mb": rss_mb(),
        "peak_rss_mb": peak_mb(),
    }


if __name__ == "__main__":
    spec = json.loads(Path(sys.argv[1]).read_text())
    print(json.dumps(main(spec)))
