"""The Whoosh engine: its schema, the engine, and a faster writer for large
batches (segments built outside Whoosh's writer, in several processes)."""
