"""`newsreader quotes ID`: an article's quotations, each with its speaker, the attribution
verb and its span; grouped by speaker in the terminal, every field in `--json`."""

from __future__ import annotations

from reader.cli.errors import CliError
from reader.cli.output import emit_json, say
from reader.core.entities import ExtractorUnavailable
from reader.core.library import Library
from reader.core.quotes import extract_quotes, quotes_by_speaker
from reader.core.text.clean import clean_inline


def cmd_quotes(lib: Library, args) -> int:
    article = lib.get(args.id)
    try:
        # the rules name speakers well enough and are fast; a model may be asked for
        mentions = lib.mentions(article, args.extractor or "rules")
    except ExtractorUnavailable as exc:
        raise CliError(str(exc)) from exc
    quotes = extract_quotes(article.text, mentions)
    if args.json:
        emit_json({"id": article.id, "title": article.title, "quotes": [q.as_dict() for q in quotes]})
        return 0
    say(clean_inline(f"{article.title} ({article.source or 'no source'}): {len(quotes)} quotation"
                     f"{'s' if len(quotes) != 1 else ''}"))
    for speaker, theirs in quotes_by_speaker(quotes).items():
        say("")
        say(f"{clean_inline(speaker or 'speaker unknown')} ({len(theirs)})")
        for q in theirs:
            verb = f" [{clean_inline(q.verb)}]" if q.verb else ""
            say(f"  {q.start:>6}  {q.kind:<8}{verb} {clean_inline(q.text)}")
    return 0
