"""The `newsreader` command: builds the library, runs one command or the app.

Every command takes --json (machine-readable JSON on stdout, nothing else
there) and --index DIR (the arguments are in reader.cli.parser). Errors are
one line on stderr with a non-zero exit.
"""

from __future__ import annotations

import json
import math
import sqlite3
import sys
from pathlib import Path

from reader.cli import store as store_cli
from reader.cli.errors import EXIT_ERROR, EXIT_USAGE, CliError
from reader.cli.indexing import cmd_index
from reader.cli.output import complain, console, emit_json, progress_runner, render, say, write_output
from reader.cli.parser import ConflictingOptions, build_parser, merge_globals, not_text
from reader.core import config as config_mod
from reader.core.library import IndexDamaged, Library, LibraryError
from reader.core.paths import default_index_dir
from reader.core.search.query import QueryError
from reader.core.store import pg
from reader.core.store.articles import StoreError
from reader.core.store.connection import cannot_write
from reader.core.store.lock import IndexBusy
from reader.core.text.clean import clean_inline

MAX_WAIT = 24 * 3600.0  # seconds: --wait beyond a day is a mistake, not a plan
MAX_WARNINGS = 10  # the config's warnings shown; past that one line says how many more


def _index_dir(args) -> Path:
    if args.index is None:
        return default_index_dir()
    if not args.index.strip():
        raise CliError("--index needs a folder; it was given an empty name")
    path = Path(args.index)
    if path.exists() and not path.is_dir():  # else "File exists", and "the index is as it was" for a `list`
        raise CliError(f"--index needs a folder; {args.index} is not one")
    return path


def _check_numbers(args) -> None:
    wait = getattr(args, "wait", None)
    if wait is not None and not (math.isfinite(wait) and 0 <= wait <= MAX_WAIT):
        raise CliError(f"--wait must be a number of seconds from 0 to {MAX_WAIT:g} (got {wait:g})")


def _config(show_warnings: bool = True) -> config_mod.Config:
    cfg = config_mod.load()
    if show_warnings:
        for warning in cfg.warnings[:MAX_WARNINGS]:  # the app shows them itself, in its own window
            complain(warning)
        if len(cfg.warnings) > MAX_WARNINGS:  # a config of 30,000 unknown keys is not 30,000 lines
            complain(f"... and {len(cfg.warnings) - MAX_WARNINGS:,} more problems in the config, not shown")
    return cfg


def _open_library(args, deferred: bool = False) -> tuple[Library, bool]:
    explicit = args.index is not None
    index_dir = _index_dir(args)
    _check_numbers(args)
    cfg = store_cli.with_store(args, _config(show_warnings=not deferred))
    if cfg.store and not explicit:  # a store on a server: a folder of its own for what stays local
        index_dir = store_cli.server_folder(cfg.store, cfg.user or pg.default_user())
    if explicit and not cfg.store and args.command not in (None, "open", "index", "feeds", "fetch") and not index_dir.exists():
        raise CliError(f"no index at {clean_inline(str(index_dir))}; make one with `newsreader index PATH --index DIR`")
    # A rebuild must open an index whose files are damaged: it replaces them.
    verify = not (args.command == "index" and getattr(args, "rebuild", False))
    lib = Library(index_dir, cfg, engine=getattr(args, "engine", None), verify=verify, deferred=deferred)
    return lib, not explicit and not cfg.store  # the seeds go into the default folder, never onto a server


def _ready(lib: Library, is_default: bool) -> None:
    """The default index opens on the bundled seeds when it is empty."""
    if is_default:
        lib.ensure_seeds()
    elif lib.store.count() == 0 and lib.store.on_server:
        raise CliError(f"the store {lib.store.where} holds no articles; add some with `newsreader --store URL index PATH`")
    elif lib.store.count() == 0:
        raise CliError(f"the index {lib.dir} holds no articles; add some with `newsreader index PATH --index {lib.dir}`")
    elif not lib.engine.exists():
        lib.rebuild_index()


def cmd_search(lib: Library, args) -> int:
    if not " ".join(args.query).strip():  # "" found nothing, where " " was refused
        raise CliError("empty query: type some words to search for")
    results = lib.search(" ".join(args.query), limit=max(1, args.limit))
    if args.json:
        emit_json(results.as_dict())
    else:
        console().print(render().search_results(results))
    return 0


def cmd_terms(lib: Library, args) -> int:
    if not " ".join(args.words).strip():  # else "No source uses ''", as if it had looked
        raise CliError("terms needs a word to look for, as in: newsreader terms Loughton")
    report = lib.terms(" ".join(args.words), context=max(10, args.context))
    if args.json:
        emit_json(report.as_dict())
    else:
        console().print(render().terms_report(report))
    return 0


def _article_dict(lib: Library, article, spans=None) -> dict:
    state = lib.store.state(article.id)
    out = {
        "id": article.id, "title": article.title, "source": article.source or None, "byline": article.byline or None,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url or None, "origin": article.origin, "notes": article.notes or None,
        "paragraphs": list(article.text_paragraphs), "words": article.word_count,
        "read": state["read"], "bookmarked": state["bookmarked"],
    }
    if spans is not None:
        out["matches"] = {"title": [list(s) for s in spans["title"]], "text": [list(s) for s in spans["text"]]}
    return out


def cmd_show(lib: Library, args) -> int:
    article = lib.get(args.id)
    spans = lib.match_spans(article, args.highlight) if args.highlight else None
    if args.json:
        emit_json(_article_dict(lib, article, spans))
    else:
        console().print(render().article_view(article, spans))
    return 0


def cmd_list(lib: Library, args) -> int:
    order = {"date": "published"}.get(args.sort, args.sort)
    rows = lib.listing(
        order=order, descending=args.desc or (not args.asc and order in ("published", "added")),  # as the app's s
        source=args.source, unread_only=args.unread,
        bookmarked_only=args.bookmarked, limit=max(1, args.limit),
    )
    if args.source and not rows and args.source.casefold() not in {s.casefold() for s, _ in lib.sources()}:
        complain(f"no source is called {args.source!r}: `newsreader info` lists them")  # (the empty list said nothing)
    if args.json:
        total, _ = lib.store.tally(source=args.source, unread_only=args.unread, bookmarked_only=args.bookmarked)
        absent = ("title", "source", "published", "url")  # "" in the store is no value: null, as show gives
        emit_json({"total": total, "articles": [{k: (None if k in absent and v == "" else v) for k, v in r.items()}
                                                for r in rows]})
    else:
        console().print(render().listing(rows))
    return 0


def cmd_mark(lib: Library, args) -> int:
    ids = [lib.get(i).id for i in args.ids]
    if args.action in ("read", "unread"):
        lib.set_read(ids, args.action == "read")
    else:
        lib.set_bookmarked(ids, args.action == "bookmark")
    if args.json:
        emit_json({"ids": ids, "action": args.action})
    else:
        console().print(f"{args.action}: {len(ids)} article(s)")
    return 0


def cmd_entities(lib: Library, args) -> int:
    from reader.core.entities import ExtractorUnavailable  # start-up time (~50 ms): the entity rules
    from reader.core.entities.model import TYPES  # as the line above

    types = {t.upper() for t in args.types} if args.types else None
    if unknown := sorted((types or set()) - set(TYPES)):  # else an empty table, as if none were found
        raise CliError(f"no entity type {unknown[0]!r}: the types are {', '.join(TYPES)}")
    if args.update:
        with progress_runner(not args.json and sys.stderr.isatty())() as progress:
            computed = lib.update_entities(progress=progress)
        done, total = lib.entities.coverage()
        if args.json:
            emit_json({"computed": computed, "done": done, "articles": total})
        else:
            console().print(f"entities computed for {computed} articles; {done} of {total} are done")
        return 0
    try:
        if args.id:
            article = lib.get(args.id)
            name, entities, variants = lib.article_entities(article, args.extractor)
            scope = {"article": article.id, "title": article.title}
        else:
            with progress_runner(not args.json and sys.stderr.isatty())() as progress:
                name, entities, variants = lib.corpus_entities(progress)
            entities = entities[: max(1, args.limit)] if not types else entities
            scope = {"article": None, "articles": lib.store.count()}
    except ExtractorUnavailable as exc:
        raise CliError(str(exc)) from exc
    if types:
        entities = [e for e in entities if e.type in types][: max(1, args.limit)]
        variants = [v for v in variants if v.type in types]
    if args.json:
        emit_json({"extractor": name, **scope, "entities": [e.as_dict() for e in entities],
                   "variants": [v.as_dict() for v in variants]})
    else:
        console().print(render().entities_table(name, scope, entities, variants))
    return 0


def cmd_events(lib: Library, args) -> int:
    from reader.core.events.views import listing  # start-up time: the events package, for this one only

    with progress_runner(False)():
        events = lib.events(min_count=1)
    # Beside another writer the events are read as last grouped: said, not passed off as the library's
    ungrouped = lib.store.count() - sum(e.count for e in events)
    if ungrouped > 0:
        complain(f"{ungrouped:,} of {lib.store.count():,} articles are not in these events yet: another newsreader"
                 " process is writing to the index (run events again when it is done)")
    events = [e for e in events if e.count >= max(1, args.min_reports)]
    # a group of one report is no event: counted, and listed only when asked
    listed = listing(events, include_single=args.all, min_sources=max(1, args.min_sources), limit=max(1, args.limit))
    if args.json:
        emit_json(listed)
        return 0
    wanted = {e["id"] for e in listed["events"]}
    shown = [e for e in events if e.id in wanted]
    titles = {a.id: a.title for a in lib.store.get_many([i for e in shown for i in e.article_ids]).values()}
    console().print(render().events_list(shown, listed["total"], titles))
    if listed["shown"] < listed["total"]:
        say(f"{listed['shown']} of {listed['total']} events shown; --limit N shows more")
    if listed["reported_once"] and not args.all:
        say(f"{listed['reported_once']} reported once, not listed (--all lists them)")
    return 0


def cmd_compare(lib: Library, args) -> int:
    from reader.core.compare.tally import listed  # start-up time: the comparison, for this command only
    from reader.core.entities import ExtractorUnavailable  # start-up time (~50 ms): the entity rules

    a, b = lib.get(args.a), lib.get(args.b)  # an id, or a version of one: ID~N, ID@N
    if a.id == b.id:
        raise CliError("compare needs two different articles")
    try:
        comparison = lib.compare(a, b, args.extractor)
    except ExtractorUnavailable as exc:
        raise CliError(str(exc)) from exc
    if args.json:
        payload = json.dumps({**comparison.as_dict(), "listed": listed(comparison)}, ensure_ascii=False, indent=2) + "\n"
    elif args.format in ("markdown", "html"):
        from reader.render.report import html_report, markdown_report  # start-up time (~80 ms), as render()

        payload = markdown_report(comparison) if args.format == "markdown" else html_report(comparison)
    else:
        payload = None
    if payload is not None:
        if args.output:
            write_output(args.output, lambda fh: fh.write(payload))
        else:
            sys.stdout.write(payload)
        return 0
    if args.output:
        write_output(args.output, lambda fh: console(file=fh, width=160).print(render().comparison(comparison)))
        return 0
    console().print(render().comparison(comparison))
    return 0


def cmd_info(lib: Library, args) -> int:
    stats = lib.stats()
    if args.json:
        emit_json(stats)
    else:
        for key, value in stats.items():
            console().print(f"{key:>9}: {clean_inline(str(value))}")  # the value alone: the keys stay aligned
    return 0


def run_app(lib: Library, is_default: bool, paths: list[Path] | None = None, rebuild: bool = False) -> int:
    from reader.ui.app import run  # start-up time: Textual only for the app, not for a command

    return run(lib, seed_if_empty=is_default, paths=paths or [], rebuild=rebuild)


COMMANDS = {
    "index": cmd_index,
    "search": cmd_search,
    "terms": cmd_terms,
    "show": cmd_show,
    "list": cmd_list,
    "mark": cmd_mark,
    "info": cmd_info,
    "entities": cmd_entities,
    "events": cmd_events,
    "compare": cmd_compare,
}


def _what_is_kept(lib: Library | None, unchanged: str = "the index is as it was before this run") -> str:
    """After a failed write, what the store and the search index hold: the
    store commits a batch of files at a time, so it may have taken articles
    the search index has not (the next run adds them)."""
    if lib is None:
        return unchanged
    try:
        stale, gone = lib.store.index_diff()
    except sqlite3.Error:
        return "the store and the search index are checked and brought level on the next run"
    if not stale and not gone:
        return unchanged
    changes = f"{len(stale)} new or changed article(s)" + (f" and {len(gone)} removal(s)" if gone else "")
    return (f"the article store kept {changes} that the search index does not have yet;"
            " the next `newsreader index` adds them")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        merge_globals(args)
    except ConflictingOptions as exc:
        complain(str(exc))
        return EXIT_USAGE
    undecodable = not_text(args)
    if undecodable:
        complain(undecodable)
        return EXIT_USAGE
    if args.command == "completion":
        from reader.cli.completion import script  # start-up time: only this command needs it

        sys.stdout.write(script(parser, args.shell))
        return 0
    lib = None
    try:
        if args.command == "store":
            return store_cli.cmd_store(args, _config())
        if args.command in (None, "open"):
            missing = [str(p) for p in getattr(args, "paths", None) or [] if not p.exists() and not p.is_symlink()]
            if missing:  # as index says; the app opened and said only "skipped 1"
                raise CliError(f"no such file or folder: {', '.join(missing)}; the app was not opened")
            try:
                # the app opens the engine itself, after its first screen
                lib, is_default = _open_library(args, deferred=True)
                rebuild = False
            except IndexDamaged as exc:
                # The app says so and rebuilds from the store in the background.
                complain(f"{exc}; rebuilding it now")
                lib, is_default, rebuild = Library(_index_dir(args), _config(False), verify=False), args.index is None, True
            return run_app(lib, is_default, getattr(args, "paths", None), rebuild)
        lib, is_default = _open_library(args)
        if args.command not in ("index", "feeds", "fetch"):
            _ready(lib, is_default)
        if args.command == "quotes":
            from reader.cli.quotes import cmd_quotes  # start-up time: the entity rules, for this one only

            return cmd_quotes(lib, args)
        if args.command == "versions":
            from reader.cli.versions import cmd_versions  # start-up time: the comparison, for this one only

            return cmd_versions(lib, args)
        if args.command == "voices":
            from reader.cli.voices import cmd_voices  # start-up time: the entity rules, for this one only

            return cmd_voices(lib, args)
        if args.command == "source":
            from reader.cli.sources import cmd_source_set  # start-up time: the file readers, for this one only

            return cmd_source_set(lib, args)
        if args.command == "searches":
            from reader.cli import searches  # start-up time: for this one only

            return searches.run(lib, args)
        if args.command in ("feeds", "fetch"):
            from reader.cli import feeds as cli_feeds  # start-up time (~60 ms): the fetcher, for these two only

            return cli_feeds.run(lib, args)
        return COMMANDS[args.command](lib, args)
    except (CliError, QueryError, LibraryError, IndexBusy, StoreError, config_mod.ConfigError) as exc:
        complain(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        complain(f"interrupted; {_what_is_kept(lib, 'the index is as it was before the last commit')}")
        return 130
    except OSError as exc:
        where = f": {exc.filename}" if exc.filename else ""
        complain(f"{exc.strerror or exc}{where}; {_what_is_kept(lib)}")
        return EXIT_ERROR
    except sqlite3.Error as exc:
        if cannot_write(exc):
            complain(f"the article store cannot be written here ({exc}: a read-only file system or a full disk);"
                     f" {_what_is_kept(lib)}; reading still works")
            return EXIT_ERROR
        complain(f"the article store failed ({exc}); {_what_is_kept(lib)}")
        return EXIT_ERROR
    finally:
        if lib is not None:
            lib.close()


if __name__ == "__main__":
    sys.exit(main())
