"""Search: the index beside the article store, and the one query language.

    engine.py     the engine interface, DEFAULT_ENGINE, make_engine()
    errors.py     QueryError, EngineUnavailable, EngineDamaged
    manifest.py   which engine built an index directory, and opening it
    fields.py     the fields both engines index, and how each is analysed
    query.py      checks on query text the parser would silently accept
    parser.py     the one query parser (Whoosh's, configured once) for both engines
    planning.py   entity: clauses answered from the entity table, the rest by the engine
    snippets.py   snippet helpers shared by the engines
    terms.py      a term across sources, in context; highlighting spans
    whoosh/       the default engine: schema, engine, snippets, a faster bulk writer
    tantivy/      the optional engine: analysis, engine, snippets, query translation

The engines import errors.py, never engine.py: make_engine() imports them.
"""
