"""`newsreader source set ID|PATH NAME`: an article's source, or that of
every article read from a file or folder, set after indexing. The work is
Library.set_source (reader.core.sources), which the app calls too."""

from __future__ import annotations

from reader.cli.output import emit_json, say
from reader.core.library import Library


def cmd_source_set(lib: Library, args) -> int:
    done = lib.set_source(args.target, args.name)
    if args.json:
        emit_json(done)
    else:
        n = done["articles"]
        say(f"source {done['source']!r} set for {n} article{'s' if n != 1 else ''}"
            f" ({done['changed']} changed, kept over re-indexing)")
    return 0
