"""The `newsreader` command: builds the library, runs one command or the app.

Every command takes --json (machine-readable JSON on stdout, nothing else
there) and --index DIR. Errors are one line on stderr with a non-zero exit.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

from reader.core import config as config_mod
from reader.core.library import IndexDamaged, Library, LibraryError
from reader.core.paths import default_index_dir
from reader.core.search.query import QueryError
from reader.core.store.articles import StoreError
from reader.core.store.lock import IndexBusy

EXIT_ERROR = 1


class CliError(Exception):
    pass


def _common(json_flag: bool = True) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--index", metavar="DIR", type=Path, help="index directory (default: $NEWSREADER_INDEX, index/ in a checkout, else the user data dir)")
    if json_flag:
        p.add_argument("--json", action="store_true", help="print machine-readable JSON to stdout")
    return p


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog="newsreader",
        description="Read the news from many outlets and see how reports of one event differ.",
        parents=[_common(json_flag=False)],
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("open", parents=[common], help="add files or folders to the index and open the app")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH")

    p = sub.add_parser("index", parents=[common], help="add files and folders (recursively) to the index")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    p.add_argument("--rebuild", action="store_true", help="rebuild the search index from the article store")
    p.add_argument("--optimize", action="store_true",
                   help="merge the search index's segments into one (Whoosh: quicker fuzzy and phrase searches after a big import; minutes on a large index)")
    p.add_argument("--engine", choices=["whoosh", "tantivy"], help="search engine for a new index; with --rebuild, convert an existing one")
    p.add_argument("--label", help="name used in article ids for these folders (default: the folder's name)")
    p.add_argument("--source", dest="default_source", default="", metavar="NAME", help="source (outlet) for files that name none")
    p.add_argument("--wait", type=float, default=10.0, metavar="SECONDS", help="how long to wait for another process writing to the index (default 10)")

    p = sub.add_parser("search", parents=[common], help="ranked full-text search")
    p.add_argument("query", nargs="+", metavar="QUERY")
    p.add_argument("--limit", type=int, default=20, help="how many results (default 20)")

    p = sub.add_parser("terms", parents=[common], help="which sources use a term, how often, in context")
    p.add_argument("words", nargs="+", metavar="WORD")
    p.add_argument("--context", type=int, default=60, help="characters of context on each side")

    p = sub.add_parser("show", parents=[common], help="print one article (any unique id prefix)")
    p.add_argument("id", metavar="ID")
    p.add_argument("--highlight", metavar="QUERY", help="highlight the matches of a query")

    p = sub.add_parser("list", parents=[common], help="list the articles in the library")
    p.add_argument("--sort", choices=["date", "source", "title", "added"], default="date")
    p.add_argument("--asc", action="store_true", help="ascending order")
    p.add_argument("--source", help="only this source")
    p.add_argument("--unread", action="store_true", help="only unread articles")
    p.add_argument("--bookmarked", action="store_true", help="only bookmarked articles")
    p.add_argument("--limit", type=int, default=100)

    p = sub.add_parser("mark", parents=[common], help="set read state or bookmarks")
    p.add_argument("ids", nargs="+", metavar="ID")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--read", dest="action", action="store_const", const="read")
    g.add_argument("--unread", dest="action", action="store_const", const="unread")
    g.add_argument("--bookmark", dest="action", action="store_const", const="bookmark")
    g.add_argument("--unbookmark", dest="action", action="store_const", const="unbookmark")

    p = sub.add_parser("entities", parents=[common], help="named entities of one article, or of the whole library")
    p.add_argument("id", nargs="?", metavar="ID", help="an article (any unique id prefix); none for the whole library")
    p.add_argument("--extractor", help="rules, spacy, or spacy:<pipeline> (default: the best installed)")
    p.add_argument("--type", dest="types", action="append", metavar="TYPE", help="only this type (PERSON, ORG, PLACE, NORP, DATE, MONEY, PERCENT, QUANTITY, CARDINAL)")
    p.add_argument("--limit", type=int, default=50, help="corpus mode: how many entities to list (default 50)")
    p.add_argument("--update", action="store_true", help="only compute the entities still missing (for entity: search) and say how many are done")

    p = sub.add_parser("events", parents=[common], help="reports grouped into events")
    p.add_argument("--min-reports", type=int, default=1, metavar="N", help="only events with at least N reports")
    p.add_argument("--limit", type=int, default=100)

    p = sub.add_parser("compare", parents=[common], help="two reports side by side: what they share and where they differ")
    p.add_argument("a", metavar="A")
    p.add_argument("b", metavar="B")
    p.add_argument("--format", choices=["terminal", "markdown", "html"], default="terminal", help="a report to keep and cite")
    p.add_argument("--output", type=Path, metavar="FILE", help="write the report there instead of stdout")
    p.add_argument("--extractor", help="entity extractor: rules, spacy (default: the best installed)")

    sub.add_parser("info", parents=[common], help="what the index holds")

    from reader.cli import feeds as cli_feeds

    cli_feeds.add_parsers(sub, common)
    return parser


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, markup=False, emoji=False, soft_wrap=False)


def _emit_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def _progress_runner(enabled: bool):
    """A Rich progress bar on stderr, used when there is more than a handful
    of files."""
    from contextlib import contextmanager

    @contextmanager
    def run():
        if not enabled:
            yield None
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        bar = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            console=_console(stderr=True), transient=True,
        )
        tasks: dict[str, int] = {}

        def update(stage: str, done: int, total: int) -> None:
            if total <= 10:
                return
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        with bar:
            yield update

    return run


def _open_library(args, deferred: bool = False) -> tuple[Library, bool]:
    explicit = args.index is not None
    index_dir = args.index if args.index is not None else default_index_dir()
    cfg = config_mod.load()
    # A rebuild must open an index whose files are damaged: it replaces them.
    verify = not (args.command == "index" and getattr(args, "rebuild", False))
    lib = Library(index_dir, cfg, engine=getattr(args, "engine", None), verify=verify, deferred=deferred)
    return lib, not explicit


def _ready(lib: Library, is_default: bool) -> None:
    """The default index opens on the bundled seeds when it is empty."""
    if is_default:
        lib.ensure_seeds()
    elif lib.store.count() == 0:
        raise CliError(f"the index {lib.dir} holds no articles; add some with `newsreader index PATH --index {lib.dir}`")
    elif not lib.engine.exists():
        lib.rebuild_index()


def _optimize(lib: Library, args) -> int:
    before = lib.optimize_index(lock_timeout=args.wait)
    if args.json:
        _emit_json({"segments_before": before, "segments_after": min(before, 1)})
    else:
        _console().print(f"merged {before} segments into one" if before > 1 else "the index is already one segment")
    return 0


def cmd_index(lib: Library, args) -> int:
    use_json = args.json
    run = _progress_runner(not use_json and sys.stderr.isatty())
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
            _emit_json({"rebuilt": n})
        else:
            _console().print(f"rebuilt the search index from {n} stored articles")
        if not args.paths:
            return 0
    if not args.paths:
        raise CliError("give one or more files or folders to index (or --rebuild, or --optimize)")
    with run() as progress:
        summary = lib.index_paths(
            args.paths, progress=progress, label=args.label, lock_timeout=args.wait, default_source=args.default_source
        )
    if use_json:
        _emit_json(summary.as_dict())
    else:
        from reader.render import console as render

        _console().print(render.index_summary(summary), soft_wrap=True)  # one line per skipped file
    return 0


def cmd_search(lib: Library, args) -> int:
    results = lib.search(" ".join(args.query), limit=max(1, args.limit))
    if args.json:
        _emit_json(results.as_dict())
    else:
        from reader.render import console as render

        _console().print(render.search_results(results))
    return 0


def cmd_terms(lib: Library, args) -> int:
    report = lib.terms(" ".join(args.words), context=max(10, args.context))
    if args.json:
        _emit_json(report.as_dict())
    else:
        from reader.render import console as render

        _console().print(render.terms_report(report))
    return 0


def _article_dict(lib: Library, article, spans=None) -> dict:
    state = lib.store.state(article.id)
    out = {
        "id": article.id,
        "title": article.title,
        "source": article.source or None,
        "byline": article.byline or None,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url or None,
        "origin": article.origin,
        "notes": article.notes or None,
        "paragraphs": list(article.text_paragraphs),
        "words": article.word_count,
        "read": state["read"],
        "bookmarked": state["bookmarked"],
    }
    if spans is not None:
        out["matches"] = {"title": [list(s) for s in spans["title"]], "text": [list(s) for s in spans["text"]]}
    return out


def cmd_show(lib: Library, args) -> int:
    article = lib.get(args.id)
    spans = lib.match_spans(article, args.highlight) if args.highlight else None
    if args.json:
        _emit_json(_article_dict(lib, article, spans))
    else:
        from reader.render import console as render

        _console().print(render.article_view(article, spans))
    return 0


def cmd_list(lib: Library, args) -> int:
    order = {"date": "published"}.get(args.sort, args.sort)
    rows = lib.listing(
        order=order, descending=not args.asc, source=args.source, unread_only=args.unread,
        bookmarked_only=args.bookmarked, limit=max(1, args.limit),
    )
    if args.json:
        _emit_json({"total": lib.store.count(), "articles": rows})
    else:
        from reader.render import console as render

        _console().print(render.listing(rows))
    return 0


def cmd_mark(lib: Library, args) -> int:
    ids = [lib.get(i).id for i in args.ids]
    if args.action in ("read", "unread"):
        lib.set_read(ids, args.action == "read")
    else:
        lib.set_bookmarked(ids, args.action == "bookmark")
    if args.json:
        _emit_json({"ids": ids, "action": args.action})
    else:
        _console().print(f"{args.action}: {len(ids)} article(s)")
    return 0


def cmd_entities(lib: Library, args) -> int:
    from reader.core.entities import ExtractorUnavailable

    types = {t.upper() for t in args.types} if args.types else None
    if args.update:
        with _progress_runner(not args.json and sys.stderr.isatty())() as progress:
            computed = lib.entities.update(lib.store, progress=progress)
        done, total = lib.entities.coverage()
        if args.json:
            _emit_json({"computed": computed, "done": done, "articles": total})
        else:
            _console().print(f"entities computed for {computed} articles; {done} of {total} are done")
        return 0
    try:
        if args.id:
            article = lib.get(args.id)
            name, entities, variants = lib.article_entities(article, args.extractor)
            scope = {"article": article.id, "title": article.title}
        else:
            with _progress_runner(not args.json and sys.stderr.isatty())() as progress:
                name, entities, variants = lib.corpus_entities(progress)
            entities = entities[: max(1, args.limit)] if not types else entities
            scope = {"article": None, "articles": lib.store.count()}
    except ExtractorUnavailable as exc:
        raise CliError(str(exc)) from exc
    if types:
        entities = [e for e in entities if e.type in types][: max(1, args.limit)]
        variants = [v for v in variants if v.type in types]
    if args.json:
        _emit_json({"extractor": name, **scope, "entities": [e.as_dict() for e in entities],
                    "variants": [v.as_dict() for v in variants]})
    else:
        from reader.render import console as render

        _console().print(render.entities_table(name, scope, entities, variants))
    return 0


def cmd_events(lib: Library, args) -> int:
    with _progress_runner(False)():
        events = lib.events(min_count=max(1, args.min_reports))
    shown = events[: max(1, args.limit)]
    if args.json:
        _emit_json({"total": len(events), "events": [e.as_dict() for e in shown]})
    else:
        from reader.render import console as render

        titles = {a.id: a.title for a in lib.store.get_many([i for e in shown for i in e.article_ids]).values()}
        _console().print(render.events_list(shown, len(events), titles))
    return 0


def cmd_compare(lib: Library, args) -> int:
    from reader.core.entities import ExtractorUnavailable

    a, b = lib.get(args.a), lib.get(args.b)
    if a.id == b.id:
        raise CliError("compare needs two different articles")
    try:
        comparison = lib.compare(a, b, args.extractor)
    except ExtractorUnavailable as exc:
        raise CliError(str(exc)) from exc
    if args.json:
        payload = json.dumps(comparison.as_dict(), ensure_ascii=False, indent=2) + "\n"
    elif args.format in ("markdown", "html"):
        from reader.render.report import html_report, markdown_report

        payload = markdown_report(comparison) if args.format == "markdown" else html_report(comparison)
    else:
        payload = None
    if payload is not None:
        if args.output:
            args.output.write_text(payload, encoding="utf-8")
        else:
            sys.stdout.write(payload)
        return 0
    from reader.render import console as render

    console = _console()
    if args.output:
        from rich.console import Console

        with args.output.open("w", encoding="utf-8") as fh:
            Console(file=fh, width=160, highlight=False, markup=False, emoji=False).print(render.comparison(comparison))
        return 0
    console.print(render.comparison(comparison))
    return 0


def cmd_info(lib: Library, args) -> int:
    stats = lib.stats()
    if args.json:
        _emit_json(stats)
    else:
        for key, value in stats.items():
            _console().print(f"{key:>9}: {value}")
    return 0


def run_app(lib: Library, is_default: bool, paths: list[Path] | None = None, rebuild: bool = False) -> int:
    from reader.ui.app import run

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


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    lib = None
    try:
        if args.command in (None, "open"):
            try:
                # the app opens the engine itself, after its first screen
                lib, is_default = _open_library(args, deferred=True)
                rebuild = False
            except IndexDamaged as exc:
                # The app says so and rebuilds from the store in the background.
                print(f"newsreader: {exc}; rebuilding it now", file=sys.stderr)
                index_dir = args.index if args.index is not None else default_index_dir()
                lib, is_default, rebuild = Library(index_dir, config_mod.load(), verify=False), args.index is None, True
            return run_app(lib, is_default, getattr(args, "paths", None), rebuild)
        lib, is_default = _open_library(args)
        if args.command not in ("index", "feeds", "fetch"):
            _ready(lib, is_default)
        if args.command in ("feeds", "fetch"):
            from reader.cli import feeds as cli_feeds

            return cli_feeds.run(lib, args)
        return COMMANDS[args.command](lib, args)
    except (CliError, QueryError, LibraryError, IndexBusy, StoreError, config_mod.ConfigError) as exc:
        print(f"newsreader: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("newsreader: interrupted; the index is as it was before the last commit", file=sys.stderr)
        return 130
    except OSError as exc:
        where = f": {exc.filename}" if exc.filename else ""
        print(f"newsreader: {exc.strerror or exc}{where}; the index is as it was before this run", file=sys.stderr)
        return EXIT_ERROR
    except sqlite3.Error as exc:
        print(f"newsreader: the article store failed ({' '.join(str(exc).split())}); it is as it was before this run", file=sys.stderr)
        return EXIT_ERROR
    finally:
        if lib is not None:
            lib.close()


if __name__ == "__main__":
    sys.exit(main())
