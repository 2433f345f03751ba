"""The PostgreSQL engine: the search index as tables on a PostgreSQL server,
beside (or apart from) the article store, for an archive several people
search at once.

    server.py     connections (a DSN or a connection factory), the tables, one-line errors
    analysis.py   words as the index holds them: the one tokenizer, PostgreSQL's Snowball stemmer
    translate.py  a query tree of the one parser to SQL and tsquery
    engine.py     PostgresEngine, behind the engine interface
"""
