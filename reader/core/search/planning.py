"""Query planning: a query's entity: clauses are answered from the entity
index and handed to the engine as a filter, the rest is the engine's; and
where a query matches inside an article, for highlighting.

The functions take their parts (engine, store, entity index) as arguments:
the facade owns them, opens the engine late and holds the write lock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import NamedTuple

from reader.core.entities import Mention
from reader.core.entities.index import EntityIndex
from reader.core.models import Article, Hit, SearchResults
from reader.core.search.engine import Engine
from reader.core.search.entity_clauses import split_entity_clauses
from reader.core.search.errors import QueryError
from reader.core.search.snippets import lead_snippet
from reader.core.search.terms import word_spans
from reader.core.store.articles import ArticleStore

# entity: queries compute missing entities on the spot up to this many
# articles; past it, the background pass (`newsreader entities --update`) does.
SYNC_ENTITY_LIMIT = 200
# More hits than any screen or script reads: a larger limit (10**30 from the
# command line) overflows SQLite's integers, and Tantivy aborts the process
# trying to allocate room for 2**31 hits.
MAX_HITS = 1_000_000

Spans = dict[str, list[tuple[int, int]]]


class Plan(NamedTuple):
    text: str  # what the engine searches; "" when the query is entity: clauses alone
    allowed: set[str] | None  # the articles an entity: clause allows (None: any)
    excluded: set[str]  # the articles a NOT entity: clause excludes


def plan(query: str, entities: EntityIndex, complete: Callable[[list[str]], object]) -> Plan:
    """complete(ids) computes the entities of articles that lack them, when
    there are few enough to wait for."""
    rest, includes, excludes = split_entity_clauses(query)
    if not includes and not excludes:
        return Plan(query, None, set())
    missing = entities.missing()
    if missing and len(missing) <= SYNC_ENTITY_LIMIT:
        # A few seconds at most: answer completely rather than from a part.
        complete(missing)
    allowed: set[str] | None = None
    for name in includes:
        ids = entities.articles_for(name)
        allowed = ids if allowed is None else allowed & ids
    excluded: set[str] = set()
    for name in excludes:
        excluded |= entities.articles_for(name)
    if not rest and allowed is None:
        raise QueryError("NOT entity: needs something to search for beside it")
    return Plan(rest, allowed, excluded)


def search(query: str, p: Plan, engine: Engine, store: ArticleStore, limit: int, cancel=None) -> SearchResults:
    limit = max(1, min(limit, MAX_HITS))
    if p.text:
        read: dict[str, Article] = {}

        def bodies(ids: list[str]) -> dict[str, str]:
            read.update(store.get_many(ids))
            return {i: read[i].text for i in ids if i in read}

        results = engine.search(p.text, limit=limit, body_of=bodies, filter_ids=p.allowed,
                                exclude_ids=p.excluded or None, cancel=cancel)
        # The store is the source of truth for a hit's date: Tantivy holds only 1677-09-22 to
        # 2262-04-11 and writes one beyond at the nearest end, which its hit would show.
        hits = tuple(replace(h, published=a.published) if (a := read.get(h.id)) is not None
                     and a.published != h.published else h for h in results.hits)
        return SearchResults(query, results.total, hits, results.notes)
    # only entity: clauses: the articles that mention them, newest first
    ids = sorted((p.allowed or set()) - p.excluded)
    rows = store.listing(ids=ids, limit=limit) if ids else []
    articles = store.get_many([r["id"] for r in rows])
    hits = tuple(
        Hit(r["id"], r["title"], r["source"], articles[r["id"]].published, r["url"], 0.0,
            lead_snippet(articles[r["id"]].text))
        for r in rows
    )
    return SearchResults(query, len(ids), hits)


def search_ids(p: Plan, engine: Engine, store: ArticleStore, limit: int | None, cancel=None) -> list[str]:
    if p.text:
        return engine.search_ids(p.text, limit=limit, filter_ids=p.allowed, exclude_ids=p.excluded or None,
                                 cancel=cancel)
    ids = sorted((p.allowed or set()) - p.excluded)
    return [r["id"] for r in store.listing(ids=ids, limit=limit or len(ids))] if ids else []


def matcher(
    query: str, engine: Engine, entities: EntityIndex, mentions_of: Callable[[Article], list[Mention]]
) -> Callable[[Article], Spans]:
    """A function giving where a query matches in an article's title and
    text (character spans into article.title and article.text): its words
    (stemmed, wildcards and fuzzy terms expanded; a phrase's words only
    where they stand together) and the mentions of its entity: names, as
    mentions_of(article) finds them."""
    rest, includes, _ = split_entity_clauses(query)
    words: set[str] = set()
    min_run = 1
    if rest:
        words = engine.query_words(rest, "body") | engine.query_words(rest, "title")
        min_run = engine.shortest_phrase(rest)
    wanted: set[str] = set()
    for name in includes:
        wanted |= entities.names_for(name)

    def spans(article: Article) -> Spans:
        text_spans = word_spans(engine, article.text, words, min_run)
        if wanted:
            text_spans = sorted(set(text_spans) | set(mention_spans(mentions_of(article), wanted)))
        return {"title": word_spans(engine, article.title, words, min_run), "text": text_spans}

    return spans


def mention_spans(mentions: list[Mention], names: set[str]) -> list[tuple[int, int]]:
    """Where the mentions of names (casefolded) are."""
    return [(m.start, m.end) for m in mentions if m.canonical.casefold() in names or m.text.casefold() in names]
