"""What the benchmark can measure: the project's engines, through the
Library exactly as the app uses them, and the baselines, on the same articles.

Each adapter builds an index in a folder, re-indexes after a change, opens
the index and answers one query with its 20 best hits and their snippets.
Add an engine by adding an entry to PROJECT_ENGINES or BASELINES.
"""

from __future__ import annotations

import inspect
import time
from pathlib import Path

from .baselines import BASELINES, Unavailable


# --- the project's engines -------------------------------------------------
def open_library(engine: str, index_dir: Path):
    """A Library on `engine`: Whoosh is the core's default; another engine
    is asked for the way the core will offer it (a Library(engine=...)
    argument or a Config field), and is reported unavailable until then."""
    from reader.core.config import Config
    from reader.core.library import Library

    if engine == "postgres":
        from .pg import library

        return library(index_dir)
    params = inspect.signature(Library.__init__).parameters
    if "engine" in params:
        return Library(index_dir, engine=engine)
    fields = getattr(Config, "__dataclass_fields__", {})
    if "engine" in fields:
        return Library(index_dir, Config(engine=engine))
    if engine != "whoosh":
        raise Unavailable(f"the core has no {engine!r} engine yet (no Library(engine=...) or Config.engine)")
    return Library(index_dir)


class ProjectEngine:
    kind = "engine"

    def __init__(self, name: str):
        self.name = name
        self.lib = None

    def check(self, tmp: Path) -> None:
        try:
            lib = open_library(self.name, tmp / f"probe-{self.name}")
        except Unavailable:
            raise
        except Exception as exc:  # the core's own "not available" (a missing extra, say)
            raise Unavailable(" ".join(str(exc).split()) or type(exc).__name__) from exc
        got = getattr(lib.engine, "name", "?")
        lib.close()
        if got != self.name:
            raise Unavailable(f"Library(engine={self.name!r}) opened the {got!r} engine")

    def build(self, index_dir: Path, corpus: Path, articles: list[dict] | None) -> dict:
        lib = open_library(self.name, index_dir)
        phases = {"index_s": 0.0}
        sync = lib._sync_index  # the engine's share: store -> index, commit

        def timed(*a, **kw):
            t = time.perf_counter()
            try:
                return sync(*a, **kw)
            finally:
                phases["index_s"] += time.perf_counter() - t

        lib._sync_index = timed
        t0 = time.perf_counter()
        summary = lib.index_paths([corpus], lock_timeout=60)
        seconds = time.perf_counter() - t0
        n = lib.store.count()
        lib.close()
        return {
            "seconds": seconds,
            "engine_seconds": phases["index_s"],
            "read_store_seconds": seconds - phases["index_s"],
            "articles": n,
            "added": summary.added,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
            "skipped": len(summary.skipped),
        }

    def incremental(self, index_dir: Path, corpus: Path, changed: list[dict] | None) -> dict:
        return self.build(index_dir, corpus, None)

    def sizes(self, index_dir: Path) -> dict:
        from .tiers import dir_size

        total = dir_size(index_dir)
        return {"index_bytes": dir_size(index_dir, skip_prefix="store.sqlite"), "total_bytes": total}

    def open(self, index_dir: Path) -> None:
        self.lib = open_library(self.name, index_dir)

    def search(self, q: dict) -> tuple[int, list[str]]:
        res = self.lib.search(q["text"], limit=20)
        return res.total, [h.id for h in res.hits]

    def close(self) -> None:
        if self.lib is not None:
            self.lib.close()
            self.lib = None


class PostgresProjectEngine(ProjectEngine):
    """The PostgreSQL engine, behind the Library beside the folder's article
    store (the store is measured apart: bench measures engines), on the
    server BENCH_PG_DSN names (run.py starts a throwaway one when unset);
    each index folder is a PostgreSQL schema of its own."""

    def __init__(self):
        super().__init__("postgres")

    def check(self, tmp: Path) -> None:
        from .pg import available

        reason = available()
        if reason:
            raise Unavailable(reason)

    def sizes(self, index_dir: Path) -> dict:
        from .pg import index_bytes
        from .tiers import dir_size

        on_server = index_bytes(index_dir)
        return {"index_bytes": on_server, "total_bytes": dir_size(index_dir) + on_server}


PROJECT_ENGINES = {"whoosh": lambda: ProjectEngine("whoosh"), "tantivy": lambda: ProjectEngine("tantivy"),
                   "postgres": PostgresProjectEngine}


def make(name: str):
    if name in PROJECT_ENGINES:
        return PROJECT_ENGINES[name]()
    if name in BASELINES:
        return BASELINES[name]()
    raise ValueError(f"unknown engine {name!r} (engines: {', '.join(PROJECT_ENGINES)}; baselines: {', '.join(BASELINES)})")
