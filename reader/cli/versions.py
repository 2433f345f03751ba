"""`newsreader versions ID`: every version of an article kept in the store,
the first first: its number, when it was seen, its words, and a line on
what it changed (the comparison's own summary against the version before).
Two versions are compared with `newsreader compare ID~1 ID` (or ID@N)."""

from __future__ import annotations

from reader.cli.errors import CliError
from reader.cli.output import emit_json, say
from reader.core.compare import versions
from reader.core.entities import ExtractorUnavailable
from reader.core.library import Library
from reader.core.text.clean import clean_inline


def cmd_versions(lib: Library, args) -> int:
    lib.get(args.id)  # a version that does not exist (ID~9) is one line naming those that do
    # ID~1 or ID@2 names one of the article's versions: the history is the article's, not that version's alone
    article = lib.get(versions.parse(args.id).prefix)
    try:
        lines = versions.listing(lib, article.id, extractor=args.extractor)
    except ExtractorUnavailable as exc:
        raise CliError(str(exc)) from exc
    if args.json:
        emit_json({"id": article.id, "title": article.title, "versions": [line.as_dict() for line in lines]})
        return 0
    count = len(lines)
    say(clean_inline(f"{article.title} ({article.source or 'no source'}): {count} version{'s' if count != 1 else ''}"))
    for line in lines:
        v = line.version
        ref = article.id[:10] if v.current else f"{article.id[:10]}@{v.number}"
        mark = " (current)" if v.current else ""
        # the summary alone is cleaned: clean_inline on the whole line folded the columns' spaces
        say(f"{v.number:>3}  {v.seen_at:<20}  {v.words:>6} words  {ref}{mark}  {clean_inline(line.summary)}")
    if count > 1:
        say(f"compare two with: newsreader compare {article.id[:10]}~1 {article.id[:10]}")
    return 0
