"""`newsreader index`: files and folders into the library, a rebuild of the
search index from the store, or a merge of its segments."""

from __future__ import annotations

import sys
from dataclasses import replace

from reader.cli.errors import CliError
from reader.cli.output import console, emit_json, progress_runner, render
from reader.core.library import Library
from reader.core.models import IndexSummary, Skipped
from reader.core.text.clean import clean_inline


def _optimize(lib: Library, args) -> int:
    before = lib.optimize_index(lock_timeout=args.wait)
    if args.json:
        emit_json({"segments_before": before, "segments_after": min(before, 1)})
    else:
        console().print(f"merged {before} segments into one" if before > 1 else "the index is already one segment")
    return 0


def cmd_index(lib: Library, args) -> int:
    use_json = args.json
    run = progress_runner(not use_json and sys.stderr.isatty())
    wanted = getattr(args, "engine", None)
    if wanted and wanted != lib.engine.name and not args.rebuild:
        raise CliError(
            f"this index was built with {lib.engine.name}; add --rebuild to convert it to {wanted} (from the article store)"
        )
    if args.optimize:
        if args.paths or args.rebuild:
            raise CliError("--optimize runs on its own: index or rebuild first, then optimize")
        return _optimize(lib, args)
    if args.rebuild:
        with run() as progress:
            n = lib.switch_engine(wanted, progress) if wanted else lib.rebuild_index(progress, lock_timeout=args.wait)
        if use_json:
            emit_json({"rebuilt": n})
        else:
            console().print(f"rebuilt the search index from {n} stored articles")
        if not args.paths:
            return 0
    if not args.paths:
        raise CliError("give one or more files or folders to index (or --rebuild, or --optimize)")
    missing = [str(p) for p in args.paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise CliError(f"no such file or folder: {', '.join(missing)}; nothing was indexed")
    with run() as progress:
        summary = lib.index_paths(
            args.paths, progress=progress, label=args.label, lock_timeout=args.wait, default_source=args.default_source
        )
    if use_json:
        emit_json(summary.as_dict())
    else:
        console().print(render().index_summary(_printable(summary)), soft_wrap=True)  # one line per skipped file
    return 0


def _printable(summary: IndexSummary) -> IndexSummary:
    """The summary with its file names and reasons cleaned for a terminal
    (a file may be named with escape sequences; the JSON keeps them exact)."""
    clean = [Skipped(clean_inline(s.path), clean_inline(s.reason)) for s in summary.skipped]
    warned = [Skipped(clean_inline(s.path), clean_inline(s.reason)) for s in summary.warnings]
    return replace(summary, skipped=clean, warnings=warned)
