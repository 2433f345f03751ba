"""The Tantivy engine: the same interface as the Whoosh engine, for large archives.

Queries are written in the one query language (Whoosh's syntax), parsed by
Whoosh's parser without stemming and translated into Tantivy queries
(reader.core.search.tantivy.translate), so Tantivy stems the words its own
way (Snowball English).

Bodies are indexed but not stored: the article store holds the text, and
snippets are cut from it (reader.core.search.tantivy.snippets).

A write is one Tantivy commit: a reader sees the index before or after it, and
a writer killed half-way leaves the last commit readable (Tantivy's meta.json
is replaced atomically; uncommitted segment files are collected later).
"""

from __future__ import annotations

import os
import shutil
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from datetime import timezone
from pathlib import Path
from typing import TYPE_CHECKING

import tantivy

from reader.core.models import Article, Hit, SearchResults
from reader.core.search.budget import Cancel, check
from reader.core.search.errors import EngineDamaged, QueryError, one_line
from reader.core.search.snippets import BodyOf, lead_snippet
from reader.core.search.tantivy.analysis import STEM, analyse_field, tokens, word_prefix
from reader.core.search.tantivy.feed import Feed
from reader.core.search.tantivy.snippets import highlight, word_matches

if TYPE_CHECKING:  # the query side (the parser, Whoosh's query classes: 0.3 s) is imported at the first query
    from reader.core.search.parser import QuerySyntax
    from reader.core.search.tantivy.translate import Translator
    from reader.core.search.tantivy.translation import Translation

# Version 1 built before the redesign also holds an `entity` field, never
# filled by the app: such an index opens and works as it is.
SCHEMA_VERSION = 1


def make_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    sb.add_text_field("title", stored=True, tokenizer_name="en_stem")
    sb.add_text_field("body", stored=False, tokenizer_name="en_stem")
    sb.add_text_field("source", stored=True, tokenizer_name="default")
    sb.add_text_field("source_exact", stored=False, tokenizer_name="raw")
    sb.add_text_field("byline", stored=False, tokenizer_name="default")
    sb.add_date_field("published", stored=True, indexed=True, fast=True)
    sb.add_text_field("url", stored=True, tokenizer_name="raw")
    return sb.build()


class TantivyEngine:
    name = "tantivy"
    schema_version = SCHEMA_VERSION
    # What the first query imports (see _translation): the app loads them in the worker that opens
    # the engine, so its first search does not pay for them; a build never does.
    QUERY_MODULES = ("reader.core.search.parser", "reader.core.search.tantivy.translate",
                     "reader.core.search.tantivy.translation", "reader.core.search.whoosh.schema")

    def __init__(self, path: Path):
        self.path = Path(path)
        self._index: tantivy.Index | None = None
        self._syntax: QuerySyntax | None = None
        self._translator: Translator | None = None
        self._translations: OrderedDict[str, object] = OrderedDict()  # a Translation or a parsed tree
        self._seen_meta: tuple | None = None
        self._lock = threading.Lock()

    # --- lifecycle -------------------------------------------------------
    def exists(self) -> bool:
        return self.path.is_dir() and tantivy.Index.exists(str(self.path))

    def open(self, create: bool = True) -> tantivy.Index:
        if self._index is None:
            if self.exists():
                self._index = tantivy.Index.open(str(self.path))
            elif create:
                self.path.mkdir(parents=True, exist_ok=True)
                self._index = tantivy.Index(make_schema(), path=str(self.path))
            else:
                raise FileNotFoundError(f"no index in {self.path}")
        return self._index

    def close(self) -> None:
        self._index = None
        self._seen_meta = None
        self._translator = None
        self._translations.clear()

    def forget(self) -> None:
        """Nothing to drop: the reader is reloaded at a newer commit, and a translation that
        rests on the index's words is kept as its parsed tree only."""

    def clear(self) -> None:
        self.close()
        if self.path.exists():
            shutil.rmtree(self.path)

    def searcher(self) -> tantivy.Searcher:
        """A searcher on the latest commit, from this process or another one
        (Tantivy's reader is reloaded when meta.json has changed)."""
        ix = self.open()
        stamp = self._meta_stamp()
        if stamp != self._seen_meta:
            ix.reload()
            self._seen_meta = stamp
        return ix.searcher()

    def _meta_stamp(self) -> tuple | None:
        try:
            st = os.stat(self.path / "meta.json")
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def verify(self) -> None:
        """Open the index and read from it; raise EngineDamaged if it cannot
        be read (meta.json or segment files missing or truncated)."""
        if not self.exists():
            raise EngineDamaged("its meta.json is missing")
        try:
            s = self.searcher()
            results = s.search(tantivy.Query.all_query(), limit=1)
            for _score, address in results.hits:
                s.doc(address)
            s.doc_freq("body", "the")
            for name in ("title", "body"):
                s.search(tantivy.Query.term_query(self.open().schema, name, "the"), limit=1)
        except BaseException as exc:  # a Rust panic arrives as PanicException, a BaseException
            if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
                raise
            self.close()
            raise EngineDamaged(one_line(exc)) from exc

    def doc_count(self) -> int:
        if not self.exists():
            return 0
        return self.searcher().num_docs

    # --- writes ----------------------------------------------------------
    def optimize(self) -> int:
        """Tantivy merges its segments itself as it writes: nothing to do."""
        return 0

    def write(self, articles: Iterable[Article], delete_ids: Iterable[str] = (),
              progress: Callable[[int], None] | None = None, procs: int | None = None) -> int:
        """Add or replace articles and delete ids in one commit: a reader sees
        the index before or after, never half of it."""
        feed = self.begin_feed(procs)
        n = 0
        try:
            feed.delete(delete_ids)
            for article in articles:
                feed.add(article)
                n += 1
                if progress is not None:
                    progress(n)
            self.end_feed(feed)
        finally:
            feed.rollback()  # after a failure (a stop, a full disk): nothing of it is kept
        return n

    def begin_feed(self, procs: int | None = None) -> Feed:
        """A write to fill an article at a time (feed.py), ended by end_feed() (or its rollback())."""
        ix = self.open()
        threads = max(1, min(int(procs or 1), 4))
        return Feed(ix, self.path, self.searcher().num_docs == 0, threads)

    def end_feed(self, feed: Feed) -> None:
        """Commit what the feed holds; searches see it from now on."""
        feed.commit()
        self.open().reload()
        with self._lock:
            self._translations.clear()

    # --- queries ---------------------------------------------------------
    def translate(self, text: str, searcher=None) -> Translation:
        """The query translated for Tantivy. Parsed trees are cached (search,
        highlighting and the terms view parse the same text in turn), and so
        are translations that do not depend on what the index holds."""
        # here, not at the module's top: an index build (which never queries) imports none of it
        from reader.core.search.parser import QuerySyntax  # (each: the query side, QUERY_MODULES)
        from reader.core.search.tantivy.translate import Translator  # (the query side)
        from reader.core.search.tantivy.translation import Translation  # (the query side)
        from reader.core.search.whoosh.schema import unstemmed_schema  # (the query side)

        with self._lock:
            hit = self._translations.get(text)
            if hit is not None:
                self._translations.move_to_end(text)
                if isinstance(hit, Translation):
                    return hit
            if self._syntax is None:
                self._syntax = QuerySyntax(unstemmed_schema())
            if self._translator is None:
                ix = self.open()
                self._translator = Translator(ix.schema, analyse_field, STEM, native=lambda q: ix.parse_query(q, []))
            syntax, translator = self._syntax, self._translator
        tree = hit if hit is not None else syntax.parse(text)
        s = searcher if searcher is not None else self.searcher()
        with self._lock:
            try:
                result = translator.translate(tree, text, exists=lambda f, w: s.doc_freq(f, w) > 0)
            except QueryError:
                raise
            except ValueError as exc:  # what Tantivy refuses to build (the translation checks what it knows of)
                raise QueryError(f"cannot search for {text.strip()!r}: {one_line(exc)}") from exc
            self._translations[text] = tree if result.index_dependent else result
            while len(self._translations) > 64:
                self._translations.popitem(last=False)
        return result

    def parse(self, text: str):
        return self.translate(text).query

    def _run(self, text: str, limit: int | None, filter_ids: set[str] | None = None,
             exclude_ids: set[str] | None = None, cancel: Cancel | None = None):
        check(cancel)
        s = self.searcher()
        tr = self.translate(text, s)
        check(cancel)
        if filter_ids is not None and not filter_ids:
            return tr, s, 0, []
        q = tr.query
        if filter_ids is not None or exclude_ids:
            schema = self.open().schema
            clauses = [(tantivy.Occur.Must, q)]
            if filter_ids is not None:
                allowed = tantivy.Query.term_set_query(schema, "id", sorted(filter_ids))
                clauses.append((tantivy.Occur.Must, tantivy.Query.const_score_query(allowed, 0.0)))
            if exclude_ids:
                clauses.append((tantivy.Occur.MustNot, tantivy.Query.term_set_query(schema, "id", sorted(exclude_ids))))
            q = tantivy.Query.boolean_query(clauses)
        if limit is None:
            limit = s.num_docs
        try:
            results = s.search(q, limit=max(1, int(limit)), count=True)
        except ValueError as exc:
            raise QueryError(f"cannot run the query {text.strip()!r}: {one_line(exc)}") from exc
        check(cancel)
        hits = results.hits[: max(0, int(limit))]
        return tr, s, results.count, hits

    def search(self, text: str, limit: int = 20, body_of: BodyOf | None = None,
               filter_ids: set[str] | None = None, exclude_ids: set[str] | None = None,
               cancel: Cancel | None = None) -> SearchResults:
        """filter_ids: only these articles (None: all); exclude_ids: never
        these; cancel: asked between the steps of the search (SearchCancelled).
        Tantivy expands patterns and fuzzy terms in its automata: no term is
        cut short, so the results carry no notes."""
        tr, s, total, hits = self._run(text, limit, filter_ids, exclude_ids, cancel)
        docs = [(score, s.doc(address)) for score, address in hits]
        ids = [doc.get_first("id") for _, doc in docs]
        bodies = body_of(ids) if body_of and ids else {}
        body_match, body_prefixes = self._matcher(tr, "body", s)
        title_match, _ = self._matcher(tr, "title", s)
        out = []
        for (score, doc), article_id in zip(docs, ids):
            check(cancel)
            body = bodies.get(article_id, "")
            snippet = highlight(body, body_match, body_prefixes) if body else None
            if snippet is None or not snippet.text:
                snippet = lead_snippet(body)
            title = doc.get_first("title") or ""
            title_spans = tuple(word_matches(title, title_match)) if title_match and title else ()
            published = doc.get_first("published")
            out.append(
                Hit(
                    id=article_id,
                    title=title,
                    source=doc.get_first("source") or "",
                    published=published.astimezone(timezone.utc) if published else None,
                    url=doc.get_first("url") or "",
                    score=float(score or 0.0),
                    snippet=snippet,
                    title_matches=title_spans,
                )
            )
        return SearchResults(text, total, tuple(out))

    def search_ids(self, text: str, limit: int | None = None, filter_ids: set[str] | None = None,
                   exclude_ids: set[str] | None = None, cancel: Cancel | None = None) -> list[str]:
        _tr, s, _total, hits = self._run(text, limit, filter_ids, exclude_ids, cancel)
        return [s.doc(address).get_first("id") for _score, address in hits]

    def _matcher(self, tr: Translation, fieldname: str, searcher) -> tuple[Callable[[str], bool] | None, list[str] | None]:
        """What snippets highlight in a field: a test of analysed words, and
        prefixes that every such word's token starts with (None: any token
        may match). Fuzzy terms of one edit are expanded against the index
        (a few hundred dictionary lookups); patterns and wider fuzzy terms
        are tested word by word."""
        words = tr.words(fieldname, stop_words=False)
        tests = []
        prefixes: list[str] | None = [word_prefix(w) for w in words]
        for leaf in tr.expanding(fieldname):
            if leaf.kind == "fuzzy" and leaf.maxdist <= 1:
                found = leaf.expanded
                if found is None:
                    found = {c for c in leaf.candidates() if searcher.doc_freq(fieldname, c)}
                words |= found
                if prefixes is not None:
                    prefixes += [word_prefix(w) for w in found]
                continue
            tests.append(leaf.matches)
            if leaf.kind == "fuzzy" or not leaf.literal_prefix:
                prefixes = None
            elif prefixes is not None:
                prefixes.append(word_prefix(leaf.literal_prefix))
        words -= tr.negated_words(fieldname)
        if not words and not tests:
            return None, None
        if not tests:
            return words.__contains__, prefixes
        return (lambda w: w in words or any(t(w) for t in tests)), prefixes

    def query_words(self, text: str, fieldname: str = "body") -> set[str]:
        """The analysed words a query matches in a field, with prefixes,
        wildcards and fuzzy terms expanded against the index."""
        tr = self.translate(text)
        words = tr.words(fieldname)
        leaves = tr.expanding(fieldname)
        if leaves and self.exists():
            s = self.searcher()
            for leaf in leaves:
                if leaf.kind == "fuzzy" and leaf.expanded is not None:
                    words |= leaf.expanded
                    continue
                if leaf.kind == "fuzzy" and leaf.maxdist <= 1:
                    words.update(c for c in leaf.candidates() if s.doc_freq(fieldname, c))
                    continue
                # Two edits make too many strings to look up one by one: walk
                # the dictionary from the first letter (a word that differs
                # in its first letter is then not highlighted).
                start = leaf.literal_prefix if leaf.kind == "pattern" else leaf.text[: max(1, leaf.prefixlength)]
                try:
                    candidates = s.terms_with_prefix(fieldname, start)
                except ValueError:
                    continue
                words.update(term for term, _count in candidates if leaf.matches(term))
        return words - tr.negated_words(fieldname)

    def shortest_phrase(self, text: str) -> int:
        return self.translate(text).shortest_phrase()

    def analyse(self, text: str) -> Iterator[tuple[str, int, int]]:
        """Tokens of a text as the body is analysed (stem, start, end)."""
        return tokens(text)
