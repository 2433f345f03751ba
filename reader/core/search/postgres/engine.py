"""The PostgreSQL engine: the same interface as the Whoosh and Tantivy engines,
on a PostgreSQL server that several clients search and write at once.

    PostgresEngine("postgresql://user@host/db")             # a DSN (URL or conninfo)
    PostgresEngine(lambda: psycopg.connect(...), schema="s")  # or a connection factory

Its tables (search_docs, search_terms, search_meta) are created in the
database on the first write, in `schema` when one is given (else wherever
the connection's search_path puts them). They hold what search needs and
are rebuilt from the article store like any index: bodies are not stored,
snippets are cut from the text the store supplies (body_of).

A write is one transaction (readers see it whole or not at all; a writer
killed half-way leaves the last commit), and writers take turns on a
transaction-level advisory lock. A lost connection is retried once on a new
one, then reported in one line (EngineUnavailable).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from datetime import timezone

import psycopg

from reader.core.models import Article, Hit, SearchResults
from reader.core.search import passages
from reader.core.search.budget import Cancel, check
from reader.core.search.errors import EngineDamaged, QueryError, one_line
from reader.core.search.fields import STEMMED_FIELDS
from reader.core.search.parser import QuerySyntax
from reader.core.search.postgres import analysis, ranking, tables, totals, writing
from reader.core.search.postgres.server import Connect, Server, damaged, unreachable
from reader.core.search.postgres.tables import SCHEMA_VERSION, Names
from reader.core.search.postgres.translate import COLUMNS, PgTranslation, Translator
from reader.core.search.postgres.vocabulary import Vocabulary
from reader.core.search.snippets import BodyOf, lead_snippet
from reader.core.search.whoosh.schema import unstemmed_schema

HIGHLIGHT_PREFIX_WORDS = 200  # words a prefix term is highlighted as, in query_words
# Before any write has built the words' index, the catalog is asked again at most this often, not at
# every search; meanwhile searches rank every match (right on either index: RUM's pool is only faster).
RUM_RECHECK_S = 5.0
# On RUM: the count of a word most articles hold is planned as a scan of every row, detoasting each
# tsvector (seconds); the index's bitmap is several times faster.
NO_SEQSCAN = "SET LOCAL enable_seqscan = off"


class PostgresEngine:
    name = "postgres"
    schema_version = SCHEMA_VERSION

    def __init__(self, target: str | Connect, schema: str | None = None, rum: bool | None = None):
        """target: a DSN (postgresql://… or a conninfo string) or a function
        returning a new psycopg connection; schema: the PostgreSQL schema the
        tables live in (created if missing; None: the search_path's); rum:
        None indexes the words with RUM when the server has the extension
        (reader.core.search.postgres.ranking), False always with GIN."""
        self.names = Names(schema)
        self.server = Server(target, self.names, rum)
        self.stems = analysis.Stemmer(self.server.read, self.names.stem_dict)
        self.vocabulary = Vocabulary(self.server.read, self.names.terms)
        self._syntax: QuerySyntax | None = None
        self._translations: OrderedDict[str, PgTranslation] = OrderedDict()
        self._lock = threading.Lock()
        self._ready = False  # the stemming dictionary is known to exist
        self._rum: bool | None = None  # the words' index is RUM's (None: not looked up yet)
        self._rum_asked = -RUM_RECHECK_S  # when the catalog last said there was no words' index yet

    def __repr__(self) -> str:
        return f"PostgresEngine(schema={self.names.schema!r})"

    # --- lifecycle -------------------------------------------------------
    def exists(self) -> bool:
        return self.server.exists()

    def close(self) -> None:
        self.server.close()

    def clear(self) -> None:
        self.server.drop()
        self._rum = None
        self.forget()

    def forget(self) -> None:
        """Drop what is kept of the index's words (translations, widened terms, frequencies): a write."""
        with self._lock:
            self._translations.clear()
        self.vocabulary.forget()
        self._rum_asked = -RUM_RECHECK_S

    def _ensure(self) -> None:
        """The tables and the stemming dictionary (for stemming before the first write)."""
        if self._ready:
            return
        conn = self.server.connect(autocommit=False)
        try:
            with conn:
                tables.create(conn, self.names, write=False)
        except psycopg.OperationalError as exc:
            raise unreachable(exc) from exc
        finally:
            conn.close()
        self._ready = True

    def verify(self) -> None:
        if not self.exists():
            raise EngineDamaged("its tables are missing")
        n = self.names

        def read(conn):
            conn.execute(f"SELECT id, title, published FROM {n.docs} WHERE words @@ 'the'::tsquery LIMIT 1").fetchall()
            conn.execute(f"SELECT word FROM {n.terms} LIMIT 1").fetchall()
            return conn.execute(f"SELECT value FROM {n.meta} WHERE key = 'schema'").fetchone()

        try:
            row = self.server.read(read)
        except psycopg.Error as exc:
            raise damaged(exc) from exc
        if row is None:
            raise EngineDamaged("it records no schema version")

    def doc_count(self) -> int:
        if not self.exists():
            return 0
        return int(self.server.read(lambda conn: conn.execute(f"SELECT count(*) FROM {self.names.docs}").fetchone()[0]))

    def optimize(self) -> int:
        """Recount the vocabulary's document frequencies from the documents (exact again after
        writes that did not keep them: totals.py) and refresh the planner's statistics.
        Returns 0: PostgreSQL has no segments to merge."""
        if not self.exists():
            return 0
        n = self.names
        with self.server.connect(autocommit=False) as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (n.lock_key,))
            # Writers that do not take the lock (another tool's) wait to the commit, and the recount sees what
            # they committed before: else one committed between the recount and the mark would be marked exact.
            conn.execute(f"LOCK TABLE {n.docs}, {n.terms} IN SHARE MODE")
            conn.execute(f"DELETE FROM {n.terms}")
            for kind, col in (("w", "words"), ("l", "labels")):
                conn.execute(
                    f"INSERT INTO {n.terms} (kind, word, df) SELECT %s, word, ndoc FROM ts_stat(%s)",
                    (kind, f"SELECT {col} FROM {n.docs}"),
                )
            totals.mark_exact(conn, n)  # recounted under the writers' lock: a one-word search's total is its df
        with self.server.connect(autocommit=True) as conn:
            conn.execute(f"ANALYZE {n.docs}")
            conn.execute(f"ANALYZE {n.terms}")
        self.vocabulary.forget()  # the frequencies kept were read before the recount
        return 0

    # --- writes ----------------------------------------------------------
    def write(self, articles: Iterable[Article], delete_ids: Iterable[str] = (),
              progress: Callable[[int], None] | None = None, procs: int | None = None) -> int:
        """Add or replace articles and delete ids in one transaction (writing.py)."""
        return writing.write(self, articles, delete_ids, progress, procs)

    def begin_feed(self, procs: int | None = None) -> writing.Writer:
        """A write fed the articles as an indexing run stores them (ingest/feeding.py), analysed and
        sent meanwhile; end_feed commits it (its rollback() leaves the index as it was)."""
        return writing.Writer(self)

    def end_feed(self, feed: writing.Writer) -> None:
        feed.commit()

    # --- queries ---------------------------------------------------------
    def _analyse_field(self, fieldname: str, text: str) -> list[str]:
        stem = self.stems if fieldname in STEMMED_FIELDS else None
        if stem is not None:
            self._ensure()
        return [w for w, _, _ in analysis.tokens(text, stem)]

    def translate(self, text: str) -> PgTranslation:
        """The query as SQL. Translations that did not look at the
        vocabulary are cached (search, highlighting and the terms view
        translate the same text in turn)."""
        with self._lock:
            hit = self._translations.get(text)
            if hit is not None:
                self._translations.move_to_end(text)
                return hit
            if self._syntax is None:
                self._syntax = QuerySyntax(unstemmed_schema())
            syntax = self._syntax
        tree = syntax.parse(text)
        self._ensure()
        self.stems.prime_text([text])  # the query's words stemmed in one round trip
        try:
            result = Translator(self._analyse_field, self.stems, self.vocabulary).translate(tree, text)
        except psycopg.errors.UndefinedTable:
            result = Translator(self._analyse_field, self.stems, _Empty()).translate(tree, text)
        if not result.index_dependent:
            with self._lock:
                self._translations[text] = result
                while len(self._translations) > 64:
                    self._translations.popitem(last=False)
        return result

    def parse(self, text: str) -> PgTranslation:
        return self.translate(text)

    def _select(self, tr: PgTranslation, limit: int | None, filter_ids, exclude_ids, ranked: bool, text: str,
                hits: bool = False) -> list[tuple]:
        """Rows (id[, title, source, url, published, total], score), best first."""
        where, params = [tr.where], list(tr.params)
        if filter_ids is not None:
            where.append("d.id = ANY(%s)")
            params.append(sorted(filter_ids))
        if exclude_ids:
            where.append("NOT (d.id = ANY(%s))")
            params.append(sorted(exclude_ids))
        cond = " AND ".join(where)
        parts = (tr.where, list(tr.params), " AND ".join(where[1:]) or "TRUE", params[len(tr.params):])
        rank = tr.rank if ranked else ""
        if rank and limit is not None and self._rum is None and time.monotonic() - self._rum_asked > RUM_RECHECK_S:
            found = self.server.words_index()  # None until the first write builds it
            if found is None:
                self._rum_asked = time.monotonic()
            else:
                self._rum = found == "rum"
        rum = bool(self._rum) and bool(rank) and limit is not None
        bound, df = self._bound(tr) if rum else (None, None)
        count_by = self._count_by(tr) if rum and hits else None
        sql, args, counted = ranking.select(self.names.docs, cond, params, rank, limit, hits, rum, parts, bound, df,
                                            count_by, apart=hits)

        def run(conn):
            if not rum:
                return conn.execute(sql, args).fetchall()
            with conn.transaction():
                conn.execute(NO_SEQSCAN)
                return conn.execute(sql, args).fetchall()

        try:
            if counted is not None:  # the total counted beside the search (ranking.select's apart), or known
                word = totals.one_word(tr.where, tr.params, parts[2])
                known = totals.known(self.names, word) if word is not None else None
                rows, counting = self.server.read_counted(NO_SEQSCAN, sql, args, *counted, known=known)
                return [(*r[:5], counting, r[6]) for r in rows]
            return self.server.read(run)
        except psycopg.errors.UndefinedTable:
            return []
        except (psycopg.DataError, psycopg.ProgrammingError) as exc:
            raise _query_error(text, exc) from exc

    @staticmethod
    def _total(rows: list[tuple], text: str) -> int:
        """The total of a search's rows: the count beside the search (a Future) when it was counted apart."""
        if not rows:
            return 0
        total = rows[0][5]
        if not isinstance(total, Future):
            return int(total)
        try:
            return total.result()
        except psycopg.errors.UndefinedTable:
            return 0
        except (psycopg.DataError, psycopg.ProgrammingError) as exc:
            raise _query_error(text, exc) from exc

    def _bound(self, tr: PgTranslation) -> tuple[int | None, dict[str, int] | None]:
        """At least as many articles as a query of words matches, from the vocabulary's document
        frequencies (None: not known): the fewest of its words' for an AND or a phrase, all of
        them for an OR; and those frequencies by word."""
        found = ranking.bound_words(tr.where, tr.params)
        if found is None:
            return None, None
        words, either = found
        try:
            df = self.vocabulary.frequencies("w", words)
        except psycopg.errors.UndefinedTable:
            return None, None
        return (sum(df[w] for w in set(words)) if either else min(df.values())), df

    def _count_by(self, tr: PgTranslation) -> tuple[str, str] | None:
        """For a query of labels and words: its two tsqueries when the vocabulary says the labels
        match more articles than the words (the words' bitmap is then the cheaper to count from)."""
        both = ranking.labels_and_words(tr.where, tr.params)
        if both is None:
            return None
        found = [ranking.words_of(q) for q in both]
        if None in found:
            return None
        try:
            (labels, words) = (self.vocabulary.frequencies(kind, ws) for kind, (ws, _) in zip("lw", found))
        except psycopg.errors.UndefinedTable:
            return None
        most = [sum(df.values()) if either else min(df.values()) for df, (_, either) in zip((labels, words), found)]
        return (both[1], both[0]) if most[0] > most[1] else None

    def search(self, text: str, limit: int = 20, body_of: BodyOf | None = None,
               filter_ids: set[str] | None = None, exclude_ids: set[str] | None = None,
               cancel: Cancel | None = None) -> SearchResults:
        check(cancel)
        tr = self.translate(text)
        check(cancel)
        if filter_ids is not None and not filter_ids:
            return SearchResults(text, 0, (), tuple(tr.notes))
        rows = self._select(tr, limit, filter_ids, exclude_ids, True, text, hits=True)
        check(cancel)
        first, rows = rows[:1], rows[: max(0, int(limit))]  # the total is on every row (limit 0: none)
        ids = [r[0] for r in rows]
        bodies = body_of(ids) if body_of and ids else {}
        body_match, body_prefixes = self._matcher(tr, "body")
        title_match, title_prefixes = self._matcher(tr, "title")
        # Only the tokens the highlighter will stem: those starting as a matched word does.
        if body_match is not None:
            self.stems.prime_text([b[: passages.SNIPPET_CHARLIMIT] for b in bodies.values()], body_prefixes)
        if title_match is not None:
            self.stems.prime_text([r[1] for r in rows], title_prefixes)
        hits = []
        for article_id, title, source, url, published, _total, score in rows:
            check(cancel)
            body = bodies.get(article_id, "")
            snippet = passages.highlight(body, body_match, self.stems, body_prefixes) if body else None
            if snippet is None or not snippet.text:
                snippet = lead_snippet(body)
            title_spans = ()
            if title_match is not None and title:
                title_spans = tuple(passages.word_matches(title, title_match, self.stems, title_prefixes))
            hits.append(Hit(id=article_id, title=title or "", source=source or "",
                            published=published.astimezone(timezone.utc) if published else None,
                            url=url or "", score=float(score or 0.0), snippet=snippet, title_matches=title_spans))
        # the total last: when counted beside the search, the snippets were cut meanwhile
        return SearchResults(text, self._total(first, text), tuple(hits), tuple(dict.fromkeys(tr.notes)))

    def search_ids(self, text: str, limit: int | None = None, filter_ids: set[str] | None = None,
                   exclude_ids: set[str] | None = None, cancel: Cancel | None = None) -> list[str]:
        check(cancel)
        tr = self.translate(text)
        if filter_ids is not None and not filter_ids:
            return []
        rows = self._select(tr, limit, filter_ids, exclude_ids, limit is not None, text)
        return [r[0] for r in rows]

    def _matcher(self, tr: PgTranslation, fieldname: str):
        """What snippets highlight in a field: a test of analysed words, and
        prefixes every matching token starts with (None: any may match).
        Fuzzy terms and wildcards were widened to words already."""
        words = tr.words(fieldname, stop_words=False)
        patterns = [leaf for leaf in tr.expanding(fieldname) if leaf.kind == "pattern"]
        if not words and not patterns:
            return None, None
        prefixes = [passages.word_prefix(w) for w in words] + [leaf.literal_prefix for leaf in patterns]
        if not all(prefixes):
            prefixes = None
        if not patterns:
            return words.__contains__, prefixes
        return (lambda w: w in words or any(leaf.matches(w) for leaf in patterns)), prefixes

    def query_words(self, text: str, fieldname: str = "body") -> set[str]:
        """The analysed words a query matches in a field, prefixes widened
        to their most common words in the vocabulary."""
        tr = self.translate(text)
        words = tr.words(fieldname)
        kind = COLUMNS.get(fieldname, ("", "", "w"))[2]
        for leaf in tr.expanding(fieldname):
            if leaf.kind == "pattern" and self.exists():
                words.update(self.vocabulary.prefixed(kind, leaf.literal_prefix, HIGHLIGHT_PREFIX_WORDS))
        return words - tr.negated_words(fieldname)

    def shortest_phrase(self, text: str) -> int:
        return self.translate(text).shortest_phrase()

    def analyse(self, text: str) -> Iterator[tuple[str, int, int]]:
        """Tokens of a text as the body is analysed (stem, start, end)."""
        self._ensure()
        self.stems.prime_text([text])
        return analysis.tokens(text, self.stems)


def _query_error(text: str, exc: BaseException) -> QueryError:
    return QueryError(f"cannot run the query {text.strip()!r}: {one_line(exc)[:200]}")


class _Empty:
    """The vocabulary of an index not yet written: no words."""

    def fuzzy(self, *args):
        return [], False

    pattern = between = fuzzy
