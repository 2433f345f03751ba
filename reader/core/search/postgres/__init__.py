"""The PostgreSQL engine: the search index as tables on a PostgreSQL server,
for an archive several people search and add to at once.

    server.py      connections (a DSN or a connection factory), the tables, one-line errors
    analysis.py    words as the index holds them: the one tokenizer, the server's Snowball stemmer
    translate.py   a query tree of the one parser to SQL and tsquery
    parts.py       the parts of a translated query and how AND, OR and NOT combine them
    ranking.py     the SQL of a search: ranked on RUM's index when the server has it, else on GIN
    vocabulary.py  fuzzy terms, wildcards and ranges widened against the indexed words (pg_trgm)
    engine.py      PostgresEngine, behind the engine interface
"""
