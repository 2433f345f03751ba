"""Aggregation (medians of runs, p95, ratios, top-10 overlap) and the
Rich tables that run.py prints."""

from __future__ import annotations

import math
import statistics


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    s = sorted(values)
    if not s:
        return float("nan")
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)]


def aggregate_search(runs: list[dict], queries: list[dict]) -> dict:
    """Per run: median, p95, max over the queries; then the median of runs.
    Per kind of query: the same, on that kind's queries."""
    per_run = []
    for r in runs:
        lat = r["latencies_ms"]
        cpu = r.get("cpu_ms") or [0.0]
        per_run.append({"median": statistics.median(lat), "p95": pct(lat, 95), "max": max(lat), "mean": statistics.mean(lat),
                        "cpu_median": statistics.median(cpu), "cpu_p95": pct(cpu, 95)})
    out = {k: statistics.median(p[k] for p in per_run) for k in ("median", "p95", "max", "mean", "cpu_median", "cpu_p95")}
    out = {f"{k}_ms": v for k, v in out.items()}
    kinds: dict[str, float] = {}
    for kind in sorted({q["kind"] for q in queries}):
        idx = [i for i, q in enumerate(queries) if q["kind"] == kind]
        kinds[kind] = statistics.median(statistics.median(r["latencies_ms"][i] for i in idx) for r in runs)
    out["median_ms_by_kind"] = kinds
    out["runs"] = len(runs)
    out["per_run"] = per_run
    out["open_ms"] = statistics.median(r["open_ms"] for r in runs)
    out["rss_open_mb"] = statistics.median(r["rss_open_mb"] or 0 for r in runs)
    out["rss_end_mb"] = statistics.median(r["rss_end_mb"] for r in runs)
    first = runs[0]
    out["queries"] = len(first["latencies_ms"])
    out["zero_hit_queries"] = sum(1 for t in first["totals"] if t == 0)
    out["errors"] = first["errors"]
    return out


def overlap(a: list[list[str]], b: list[list[str]]) -> float | None:
    """Mean shared ids in the top 10, scaled to 10, over queries where both
    found something."""
    scores = []
    for x, y in zip(a, b):
        if x and y:
            scores.append(10 * len(set(x) & set(y)) / min(10, max(len(x), len(y))))
    return statistics.mean(scores) if scores else None


def ratios(engines: dict) -> list[dict]:
    """Each project engine against each baseline (and against each other).
    index: engine articles/s ÷ baseline articles/s (engine-only phase for both);
    search: baseline ms ÷ engine ms (above 1: the engine is faster)."""
    out = []
    mine = [n for n, e in engines.items() if e.get("kind") == "engine" and e.get("available")]
    others = [n for n, e in engines.items() if e.get("available")]
    for m in mine:
        for o in others:
            if o == m:
                continue
            a, b = engines[m], engines[o]
            row = {"engine": m, "versus": o}
            try:
                row["index_rate"] = a["build"]["engine_articles_per_s"] / b["build"]["engine_articles_per_s"]
            except (KeyError, TypeError, ZeroDivisionError):
                row["index_rate"] = None
            for key in ("median_ms", "p95_ms"):
                try:
                    row[f"search_{key[:-3]}"] = b["search"][key] / a["search"][key]
                except (KeyError, TypeError, ZeroDivisionError):
                    row[f"search_{key[:-3]}"] = None
            out.append(row)
    return out


# --- tables ------------------------------------------------------------------
def _f(v, fmt="{:,.1f}", na="n/a"):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return na
    return fmt.format(v)


def print_tables(result: dict, console=None) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    if console is None:
        console = Console()
        if not console.is_terminal or console.width < 150:
            console = Console(width=150)
    meta = result["meta"]
    tier = result["tier"]
    console.print(
        f"[bold]tier {tier['name']}[/]: {tier['articles']:,} articles, {tier['words']:,} words "
        f"(mean {tier['mean_words']:.0f}), {tier['files']:,} files; {meta['queries']} queries, "
        f"{meta['runs']} run(s); {meta['cpus']} CPUs; load average {meta.get('loadavg_start', '?')} at the start, "
        f"{meta.get('loadavg_end', '?')} at the end"
    )
    engines = result["engines"]

    t = Table(title="Indexing", title_justify="left")
    for col in ("engine", "full build s", "CPU s", "articles/s", "engine-only art/s", f"re-run after {tier['changed_pct']:g}% s",
                "engine part s", "index MB", "with store MB", "peak RSS MB"):
        t.add_column(col, justify="left" if col == "engine" else "right")
    for name, e in engines.items():
        if not e.get("available"):
            t.add_row(name, *(["—"] * 9))
            continue
        b, inc = e.get("build", {}), e.get("incremental", {})
        t.add_row(
            name + ("" if e["kind"] == "engine" else " (baseline)"),
            _f(b.get("seconds"), "{:,.2f}"), _f(b.get("cpu_seconds"), "{:,.2f}"), _f(b.get("articles_per_s"), "{:,.0f}"),
            _f(b.get("engine_articles_per_s"), "{:,.0f}"),
            _f(inc.get("seconds"), "{:,.2f}"), _f(inc.get("engine_seconds"), "{:,.2f}"),
            _f(b.get("index_mb")), _f(b.get("total_mb")), _f(b.get("peak_rss_mb"), "{:,.0f}"),
        )
    console.print(t)

    t = Table(title="Search: 20 results with snippets (median of runs)", title_justify="left")
    cols = ["engine", "median ms", "p95 ms", "max ms", "CPU median ms", "CPU p95 ms", "open ms", "RSS open MB", "0-hit q", "top10 ∩ whoosh"]
    for col in cols:
        t.add_column(col, justify="left" if col == "engine" else "right")
    for name, e in engines.items():
        s = e.get("search")
        if not e.get("available") or not s:
            t.add_row(name, *(["—"] * (len(cols) - 1)))
            continue
        t.add_row(
            name, _f(s["median_ms"], "{:,.2f}"), _f(s["p95_ms"], "{:,.2f}"), _f(s["max_ms"], "{:,.1f}"),
            _f(s["cpu_median_ms"], "{:,.2f}"), _f(s["cpu_p95_ms"], "{:,.2f}"),
            _f(s["open_ms"], "{:,.0f}"), _f(s["rss_open_mb"], "{:,.0f}"), str(s["zero_hit_queries"]),
            _f(s.get("top10_overlap_vs_whoosh"), "{:.1f}/10", "—"),
        )
    console.print(t)

    kinds = sorted({k for e in engines.values() for k in e.get("search", {}).get("median_ms_by_kind", {})})
    t = Table(title="Search median ms by kind of query", title_justify="left")
    for col in ("engine", *kinds):
        t.add_column(col, justify="left" if col == "engine" else "right")
    for name, e in engines.items():
        s = e.get("search")
        if e.get("available") and s:
            t.add_row(name, *[_f(s["median_ms_by_kind"].get(k), "{:,.2f}") for k in kinds])
    console.print(t)

    if result["ratios"]:
        t = Table(title="Ratios (above 1: the engine does better)", title_justify="left")
        for col in ("engine", "versus", "indexing rate ×", "search median ×", "search p95 ×"):
            t.add_column(col, justify="left" if col in ("engine", "versus") else "right")
        for r in result["ratios"]:
            t.add_row(r["engine"], r["versus"], _f(r["index_rate"], "{:,.2f}"), _f(r["search_median"], "{:,.2f}"),
                      _f(r["search_p95"], "{:,.2f}"))
        console.print(t)

    t = Table(title="The app and the other screens", title_justify="left")
    t.add_column("what")
    t.add_column("figure", justify="right")
    t.add_column("note")
    for name, app in result.get("app", {}).items():
        if app.get("status") == "ok":
            t.add_row(f"app ({name}): first screen", _f(app.get("first_screen_s"), "{:.2f} s"), app.get("command", ""))
            t.add_row(f"app ({name}): RSS with index open", _f(app.get("rss_mb"), "{:,.0f} MB"), "")
            srch = app.get("search")
            if srch and srch.get("submit_median_s") is not None:
                t.add_row(f"app ({name}): whole query + enter to results, median", _f(srch.get("submit_median_s"), "{:.3f} s"),
                          f"max {_f(srch.get('submit_max_s'), '{:.3f} s')}")
            if srch:
                t.add_row(f"app ({name}): last keystroke to results, median", _f(srch.get("median_s"), "{:.3f} s"),
                          escape(srch.get("note", "")) or (f"{srch.get('queries')} queries, max {_f(srch.get('max_s'), '{:.3f} s')}, "
                                           f"missed {len(srch.get('missed', []))}; RSS after {_f(srch.get('rss_mb'), '{:,.0f} MB')}"))
        else:
            t.add_row(f"app ({name})", "n/a", escape(app.get("note", "")))
    comp = result.get("compare", {})
    t.add_row("compare(a, b)", _f(comp.get("median_ms"), "{:,.1f} ms") if comp.get("status") == "ok" else "n/a",
              escape(comp.get("note", f"words {comp.get('words')}")))
    screen = comp.get("screen") or {}
    if screen.get("status") == "ok":
        for name, x in screen["extractors"].items():
            if x.get("status") == "ok":
                t.add_row(f"compare screen, first paint ({name})",
                          f"{x['cold_median_ms']:,.0f} / {x['cached_median_ms']:,.0f} ms",
                          "median of 3 pairs of ~1,500 words: entities not cached / cached")
            else:
                t.add_row(f"compare screen ({name})", "n/a", escape(x.get("note", "")))
    elif screen:
        t.add_row("compare screen", "n/a", escape(screen.get("note", "")))
    ents = result.get("entities", {})
    if ents.get("status") != "ok":
        t.add_row("entity extraction", "n/a", escape(ents.get("note", "skipped")))
    else:
        for name, x in ents["extractors"].items():
            t.add_row(f"entities: {name}", _f(x.get("words_per_s"), "{:,.0f} words/s"),
                      escape(x.get("note", f"load {x.get('load_s', 0):.2f} s")))
    console.print(t)
    for note in result.get("notes", []):
        console.print(f"[dim]note:[/] {escape(note)}")
