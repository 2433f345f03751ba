"""`newsreader searches list|add NAME QUERY|remove NAME`: saved searches
(newsboat's query feeds), the ones the app lists with ' and saves with
ctrl+s, kept in the store; the config's [searches] are listed too."""

from __future__ import annotations

from reader.cli.output import emit_json, say
from reader.core.library import Library
from reader.core.search.errors import QueryError
from reader.core.text.clean import clean_inline


def run(lib: Library, args) -> int:
    return {"list": cmd_list, "add": cmd_add, "remove": cmd_remove}[args.searches_command](lib, args)


def _line(s) -> str:
    origin = "  (config)" if s.origin == "config" else ""
    return f"{clean_inline(s.name)}  {s.unread} unread / {s.total}  {clean_inline(s.query)}{origin}"


def cmd_list(lib: Library, args) -> int:
    searches = lib.saved_searches
    counted: list[tuple] = []  # (the search, with its counts, or the reason its query is none)
    for s in searches.list():
        try:
            counted.append((searches.counted(s), ""))
        except QueryError as exc:  # one bad query (the config's, written by hand) hides none of the others
            counted.append((s, str(exc)))
    if args.json:
        emit_json({"searches": [{**s.as_dict(), "error": why or None} for s, why in counted]})  # every key, always
    elif not counted:
        say("no saved searches yet: `newsreader searches add NAME QUERY`, ctrl+s in the app's search box,"
            " or [searches] in the config")
    else:
        for s, why in counted:
            if why:
                where = "the config's [searches]" if s.origin == "config" else "the store"
                say(f"{clean_inline(s.name)}  not a query ({clean_inline(why)}): {clean_inline(s.query)}"
                    f"  (in {where}: mend or remove it)")
            else:
                say(_line(s))
    return 0


def cmd_add(lib: Library, args) -> int:
    searches = lib.saved_searches
    saved = searches.counted(searches.add(args.name, " ".join(args.query)))
    if args.json:
        emit_json({"added": saved.as_dict()})
    else:
        say(f"saved search {saved.name!r}: {saved.query} ({saved.total} matching, {saved.unread} unread)")
    return 0


def cmd_remove(lib: Library, args) -> int:
    removed = lib.saved_searches.remove(args.name)
    if args.json:
        emit_json({"removed": removed.as_dict()})
    else:
        say(f"removed the saved search {removed.name!r} ({removed.query})")
    return 0
