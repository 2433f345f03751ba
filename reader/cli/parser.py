"""The `newsreader` command line: every command's arguments.

Every command takes --json (machine-readable JSON on stdout, nothing else
there) and --index DIR; reader.cli.commands carries them out. Both may also
be given before the command (`newsreader --index DIR search x`): the main
parser keeps them under other names (global_index, global_json), because a
subcommand's own default would otherwise overwrite them, and merge_globals()
folds them in.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

INDEX_HELP = "index directory (default: $NEWSREADER_INDEX, index/ in a checkout, else the user data dir)"
STORE_HELP = "the store on a PostgreSQL server, postgresql://user@host/db (default: $NEWSREADER_STORE, the config's store, else the index folder)"
USER_HELP = "whose read marks and bookmarks, on a server (default: the login name)"


class ConflictingOptions(Exception):
    """The same option given before and after the command, with two values."""


def version() -> str:
    from importlib import metadata  # start-up time (~20 ms): only --version needs it

    try:
        return metadata.version("newsreader")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


class _Version(argparse.Action):
    """--version, looked up only when asked (argparse's own wants the string
    when the parser is built, on every run)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        sys.stdout.write(f"newsreader {version()}\n")
        parser.exit()


# How many results at most: more than any library holds, and small enough
# for SQLite's integers and for the engines (Tantivy aborts on 2**31).
MAX_COUNT = 1_000_000


def count(text: str) -> int:
    """A --limit or --min-... number; a larger one means "all", so it is
    taken as MAX_COUNT rather than passed on to overflow; below 0 is refused
    (--context=-5 garbled the lines, --min-reports -1 read as 1)."""
    number = min(int(text), MAX_COUNT)
    if number < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more (got {number})")
    return number


count.__name__ = "int"  # argparse names the type in its message: "invalid int value"


def limit(text: str) -> int:
    """A --limit: 0 or less was taken as 1 without a word."""
    number = min(int(text), MAX_COUNT)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more (got {number})")
    return number


limit.__name__ = "int"


def _common(json_flag: bool = True) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(add_help=False)
    # a string, not a Path: Path("") is the current directory, and an empty --index is refused
    p.add_argument("--index", metavar="DIR", help=INDEX_HELP)
    p.add_argument("--store", metavar="URL", help=STORE_HELP)
    p.add_argument("--user", metavar="NAME", help=USER_HELP)
    if json_flag:
        p.add_argument("--json", action="store_true", help="print machine-readable JSON to stdout")
    return p


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog="newsreader",
        description="Read the news from many outlets and see how reports of one event differ.",
    )
    parser.add_argument("--index", dest="global_index", metavar="DIR", help=INDEX_HELP)
    parser.add_argument("--json", dest="global_json", action="store_true", help="print machine-readable JSON to stdout")
    parser.add_argument("--store", dest="global_store", metavar="URL", help=STORE_HELP)
    parser.add_argument("--user", dest="global_user", metavar="NAME", help=USER_HELP)
    parser.add_argument("--version", action=_Version, help="print the version and exit")
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
    p.add_argument("--limit", type=limit, default=20, help="how many results (default 20)")

    p = sub.add_parser("terms", parents=[common], help="which sources use a term, how often, in context")
    p.add_argument("words", nargs="+", metavar="WORD")
    p.add_argument("--context", type=count, default=60, help="characters of context on each side")

    p = sub.add_parser("show", parents=[common], help="print one article (any unique id prefix)")
    p.add_argument("id", metavar="ID")
    p.add_argument("--highlight", metavar="QUERY", help="highlight the matches of a query")

    p = sub.add_parser("list", parents=[common], help="list the articles in the library")
    p.add_argument("--sort", choices=["date", "source", "title", "added"], default="date")
    p.add_argument("--asc", action="store_true", help="ascending order (the default for title and source)")
    p.add_argument("--desc", action="store_true", help="descending order (the default for date and added)")
    p.add_argument("--source", help="only this source")
    p.add_argument("--unread", action="store_true", help="only unread articles")
    p.add_argument("--bookmarked", action="store_true", help="only bookmarked articles")
    p.add_argument("--limit", type=limit, default=100)

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
    p.add_argument("--limit", type=limit, default=50, help="corpus mode: how many entities to list (default 50)")
    p.add_argument("--update", action="store_true", help="only compute the entities still missing (for entity: search) and say how many are done")

    p = sub.add_parser("events", parents=[common], help="reports grouped into events")
    p.add_argument("--min-reports", type=count, default=1, metavar="N", help="only events with at least N reports")
    p.add_argument("--limit", type=limit, default=100, metavar="N", help="how many events to show (default 100; the total is always given)")
    p.add_argument("--min-sources", type=count, default=1, metavar="N", help="only events reported by at least N sources")
    p.add_argument("--all", action="store_true", help="list single reports too (\"reported once\"; left out by default)")

    p = sub.add_parser("compare", parents=[common], help="two reports side by side: what they share and where they differ")
    p.add_argument("a", metavar="A", help="an article (any unique id prefix), or a version of one: ID~N (N back), ID@N (the Nth)")
    p.add_argument("b", metavar="B")
    p.add_argument("--format", choices=["terminal", "markdown", "html"], default="terminal", help="a report to keep and cite")
    p.add_argument("--output", type=Path, metavar="FILE", help="write the report there instead of stdout")
    p.add_argument("--extractor", help="entity extractor: rules, spacy (default: the best installed)")

    p = sub.add_parser("quotes", parents=[common], help="an article's quotations and who is quoted saying them")
    p.add_argument("id", metavar="ID", help="an article (any unique id prefix)")
    p.add_argument("--extractor", help="entity extractor naming the speakers: rules (default), spacy")

    p = sub.add_parser("voices", parents=[common], help="who an event's reports quote, how much, and where they disagree")
    p.add_argument("event", metavar="EVENT", help="an event id as `newsreader events` shows it (any unique prefix)")
    p.add_argument("--extractor", help="entity extractor naming the speakers: rules (default), spacy")

    p = sub.add_parser("versions", parents=[common], help="every version of an article kept, with what each changed")
    p.add_argument("id", metavar="ID", help="an article (any unique id prefix)")
    p.add_argument("--extractor", help="entity extractor for the comparisons: rules, spacy (default: the best installed)")

    sub.add_parser("info", parents=[common], help="what the index holds")

    p = sub.add_parser("source", help="set the source (outlet) of articles after indexing")
    actions = p.add_subparsers(dest="source_command", metavar="ACTION", required=True)
    p = actions.add_parser("set", parents=[common], help="set the source of an article, or of every article from a file or folder")
    p.add_argument("target", metavar="ID|PATH", help="an article id (any unique prefix), or an indexed file or folder")
    p.add_argument("name", metavar="NAME", help='the source, e.g. "New York Times"; kept in the store and over re-indexing')

    p = sub.add_parser("store", help="the article store: copy it between a folder and a PostgreSQL server")
    actions = p.add_subparsers(dest="store_command", metavar="ACTION", required=True)
    p = actions.add_parser("copy", parents=[common], help="copy a store (articles, read state, bookmarks, feeds' fetch state, ...; not the feeds followed: feeds import brings those) and rebuild its search index there")
    p.add_argument("src", metavar="SRC", help="an index folder or a postgresql:// URL")
    p.add_argument("dst", metavar="DST", help="an index folder or a postgresql:// URL")
    p.add_argument("--wait", type=float, default=10.0, metavar="SECONDS", help="how long to wait for another process writing to the destination (default 10)")

    p = sub.add_parser("searches", help="saved searches (named queries) with their unread counts")
    actions = p.add_subparsers(dest="searches_command", metavar="ACTION", required=True)
    actions.add_parser("list", parents=[common], help="every saved search, with how many match and are unread")
    p = actions.add_parser("add", parents=[common], help="save a query under a name")
    p.add_argument("name", metavar="NAME")
    p.add_argument("query", nargs="+", metavar="QUERY")
    p = actions.add_parser("remove", parents=[common], help="forget a saved search")
    p.add_argument("name", metavar="NAME")

    p = sub.add_parser("completion", help="print a shell completion script (bash, zsh or fish)")
    p.add_argument("shell", choices=["bash", "zsh", "fish"])
    add_feed_parsers(sub, common)
    return parser


def merge_globals(args: argparse.Namespace) -> argparse.Namespace:
    """--index and --json given before the command mean what they mean after
    it; one option given twice with two values is refused."""
    outer = getattr(args, "global_index", None)
    inner = getattr(args, "index", None)
    if outer is not None and inner is not None and outer != inner:
        raise ConflictingOptions(f"--index given twice with two values ({outer!r} and {inner!r}): give it once")
    args.index = inner if inner is not None else outer
    for name in ("store", "user"):  # as --index
        outer, inner = getattr(args, f"global_{name}", None), getattr(args, name, None)
        if outer is not None and inner is not None and outer != inner:
            raise ConflictingOptions(f"--{name} given twice with two values ({outer!r} and {inner!r}): give it once")
        setattr(args, name, inner if inner is not None else outer)
    args.json = bool(getattr(args, "json", False) or getattr(args, "global_json", False))
    return args


def add_feed_parsers(subparsers, common_parent: argparse.ArgumentParser) -> None:
    feeds = subparsers.add_parser("feeds", help="the RSS/Atom feeds you follow: add, list, remove, import, export")
    actions = feeds.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)

    p = actions.add_parser("add", parents=[common_parent], help="follow a feed")
    p.add_argument("url", metavar="URL", help="the feed's address (http:// or https://)")
    p.add_argument("--name", help="the source name shown for its articles (default: the feed's own title)")
    p.add_argument("--no-check", dest="check", action="store_false",
                   help="follow it without first fetching it to check that it is an RSS or Atom feed")

    actions.add_parser("list", parents=[common_parent], help="the feeds you follow, with unread counts")

    p = actions.add_parser("remove", parents=[common_parent], help="stop following a feed (its articles stay)")
    p.add_argument("feed", metavar="URL|NAME")

    p = actions.add_parser("import", parents=[common_parent],
                           help="follow the feeds listed in an OPML file or a feeds.toml (a folder's, to a server)")
    p.add_argument("file", type=Path, metavar="FILE.opml|feeds.toml")

    p = actions.add_parser("export", parents=[common_parent], help="write the feeds you follow as OPML")
    p.add_argument("file", type=Path, nargs="?", metavar="FILE", help="where to write (default: standard output)")

    p = subparsers.add_parser(
        "fetch", parents=[common_parent],
        help="fetch every feed you follow and add new entries to the library",
    )
    p.add_argument("--no-fulltext", dest="fulltext", action="store_false",
                   help="keep feed summaries as they are; do not fetch the linked pages")


_PATHS = frozenset({"index"})  # path arguments given as text (a folder's name may hold such bytes)


def not_text(args) -> str:
    """Why an argument that is no text cannot be used, or "": a byte that is
    not UTF-8 ("\\xff") reaches Python as a lone surrogate, which no id, name,
    label or query can hold (each failed with a traceback where it was first
    written out). Paths are Path objects, and keep such bytes: a file name
    may have them."""
    for name, value in vars(args).items():
        if name in _PATHS:
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and any("\udc80" <= ch <= "\udcff" for ch in item):
                shown = item.encode("utf-8", "surrogateescape").decode("ascii", "backslashreplace")
                return (f"the {name.replace('_', ' ')} argument '{shown}' holds bytes that are not UTF-8 text;"
                        " give it in UTF-8")
    return ""
