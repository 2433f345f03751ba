"""The `entity:` clauses of a query, taken out before the engine sees it.

The engines have no entity field: `entity:"Oliver Dowden"` is answered from the
entity table (reader.core.entities.index) and combined with the rest of the
query as a filter, so the planner splits the clauses off first.
"""

from __future__ import annotations

import re

from reader.core.search.errors import QueryError

_CLAUSE = re.compile(r'(?:(?<=[\s(])|^)(NOT\s+|-)?entity:("[^"]*"|[^\s()]+)', re.IGNORECASE)


def split_entity_clauses(text: str) -> tuple[str, list[str], list[str]]:
    """(the query without its entity: clauses, names required, names excluded).

    entity: clauses combine with the rest of the query by AND (or NOT); an
    entity: inside an OR or parentheses cannot be answered from the entity
    table, and says so."""
    includes: list[str] = []
    excludes: list[str] = []
    if "entity:" not in text.lower() and "entities:" not in text.lower():
        return text, includes, excludes
    text = re.sub(r"\bentities:", "entity:", text, flags=re.IGNORECASE)
    # Phrases are masked (same length) so that words and brackets inside them
    # are not read as operators.
    outside_quotes = re.sub(r'"[^"]*"', lambda m: '"' + "\x01" * (len(m.group(0)) - 2) + '"', text)
    for m in _CLAUSE.finditer(outside_quotes):
        depth = outside_quotes[: m.start()].count("(") - outside_quotes[: m.start()].count(")")
        if depth > 0:
            raise QueryError("entity: cannot be used inside parentheses; combine it with the rest of the query by AND or NOT")
    if re.search(r"\bOR\b", outside_quotes):
        raise QueryError("entity: combines with the rest of a query by AND or NOT, not OR")

    pieces: list[str] = []
    pos = 0
    for m in _CLAUSE.finditer(outside_quotes):
        # the value may be a quoted phrase, which the mask blanked: read it from text
        value = text[m.start(2) : m.end(2)]
        value = value.strip('"').strip()
        if not value:
            raise QueryError('entity: needs a name, e.g. entity:"Oliver Dowden"')
        (excludes if m.group(1) else includes).append(value)
        pieces.append(text[pos : m.start()])
        pos = m.end()
    pieces.append(text[pos:])
    rest = " ".join("".join(pieces).split())
    rest = re.sub(r"^(AND|NOT)\s+|\s+(AND|NOT)$", "", rest).strip()
    return rest, includes, excludes
