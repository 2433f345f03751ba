"""Checks on query text that the parser itself would silently accept.

Whoosh's parser never fails: an unclosed quote or an unknown field is quietly
turned into something else, and the reader gets results for a query they did
not ask. These checks turn such input into a one-line explanation instead.
"""

from __future__ import annotations

import re

from reader.core.search.errors import QueryError
from reader.core.search.fields import DATE_FIELDS, ENTITY_FIELDS, PUBLIC_FIELDS

# QueryError is defined with the other errors; the CLI and the UI import it from here.
__all__ = ["QueryError", "check_query"]

_FIELD = re.compile(r"(?<![\w\\])([A-Za-z_][\w-]*):(?!//)")
# Whoosh's parser, and every walk over the tree after it, recurses once per
# level: about 990 levels exhaust Python's stack ("maximum recursion depth
# exceeded"); no query a person writes comes near this.
MAX_DEPTH = 100


_FUZZY_LETTER = re.compile(r"(?<=[^\W_])~(?=[^\W\d_])")  # a ~ between letters: no number of edits


def check_query(text: str, schema_fields, aliases: dict[str, list[str]]) -> None:
    if not text or not text.strip():
        raise QueryError("empty query: type some words to search for")
    if len(text) > 2000:
        raise QueryError("query too long (over 2,000 characters)")
    if text.count('"') % 2:
        raise QueryError('unclosed quote: a phrase needs a closing "')
    depth = 0
    in_quote = False
    for ch in text:
        if ch == '"':
            in_quote = not in_quote
        elif in_quote:
            continue
        elif ch == "(":
            depth += 1
            if depth > MAX_DEPTH:
                raise QueryError(f"query nested too deeply (over {MAX_DEPTH} levels of parentheses)")
        elif ch == ")":
            depth -= 1
            if depth < 0:
                raise QueryError("unbalanced parentheses: a ')' has no matching '('")
    if depth > 0:
        raise QueryError("unbalanced parentheses: a '(' is never closed")
    if text.count("[") != text.count("]"):
        raise QueryError("unbalanced brackets: a range is written field:[low TO high]")
    known = {f for f in PUBLIC_FIELDS if f in schema_fields} | set(ENTITY_FIELDS)
    for names in aliases.values():
        known.update(names)
    # a phrase's text as quote marks, keeping every position: no field is looked for in it
    outside_quotes = re.sub(r'"[^"]*"', lambda m: '"' * len(m.group()), text)
    odd = _FUZZY_LETTER.search(outside_quotes)
    if odd:  # "Loughton~t" was read as "Loughton~" and the word "t", in silence
        typed = text[: odd.start()].split()[-1].lstrip("(") + text[odd.start():].split()[0].rstrip(")")
        raise QueryError(f"a fuzzy term is word~, word~1 or word~2, not {typed}")
    for match in _FIELD.finditer(outside_quotes):
        name = match.group(1)
        if name in ENTITY_FIELDS:
            # The library takes entity: clauses out of a query before an engine sees it; one still here is glued to something.
            raise QueryError(
                f"{name}: stands as a clause of its own, after a space: as in minister entity:\"Tim Loughton\""
                " (or NOT entity:… to leave its articles out)"
            )
        if name not in known:
            raise QueryError(
                f"unknown field {name!r}: search in one of {', '.join(sorted(known))}"
                " (or put the word in quotes to search for it as text)"
            )
        after = outside_quotes[match.end() : match.end() + 1]
        if not after.strip() or after == ")":
            # Whoosh's parser reads a field with nothing after it as the field's name, a word
            dates = set(DATE_FIELDS).union(*(aliases.get(f, ()) for f in DATE_FIELDS))
            example = "2024" if name in dates else "word"
            raise QueryError(f"{name}: has nothing after it: put what to search for right after the colon,"
                             f" as in {name}:{example}")
