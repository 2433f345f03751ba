"""The Tantivy engine (an optional extra): queries in the one query language,
parsed by Whoosh's parser and translated for Tantivy; snippets cut as the
Whoosh engine cuts them."""
