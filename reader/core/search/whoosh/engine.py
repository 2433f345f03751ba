"""The Whoosh engine: writes and ranked search with snippets.

Bodies are indexed with character offsets (chars=True) but not stored: the
article store already holds the text, and the offsets let snippets be cut
around the matched words without re-analysing whole articles.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from datetime import timezone
from itertools import chain, islice
from pathlib import Path

from whoosh import index
from whoosh import query as wq
from whoosh.index import EmptyIndexError
from whoosh.scoring import BM25F
from whoosh.writing import MERGE_SMALL

from reader.core.faults import checkpoint
from reader.core.models import Article, Hit, SearchResults
from reader.core.search.budget import LIMITS, Cancel, check
from reader.core.search.errors import EngineDamaged, one_line
from reader.core.search.parser import QuerySyntax, compact_dates
from reader.core.search.snippets import BodyOf
from reader.core.search.whoosh.collecting import collector
from reader.core.search.whoosh.dates import column_dates, date_column
from reader.core.search.whoosh.expansion import Expansion, bind, every_document, expanding_terms
from reader.core.search.whoosh.flat import flat_search
from reader.core.search.whoosh.queries import restrict, term_text, walk, with_fuzzy_prefix, without_andnot
from reader.core.search.whoosh.schema import INDEX_NAME, SCHEMA_VERSION, index_files_present, make_schema
from reader.core.search.whoosh.snippets import hit_snippets, make_highlighter
from reader.core.search.whoosh.union import field_lengths
from reader.core.search.whoosh.vocabulary import SegmentWords, load_or_build, segment_id, write_missing


class WhooshEngine:
    name = "whoosh"
    schema_version = SCHEMA_VERSION

    def __init__(self, path: Path):
        self.path = Path(path)
        self._ix = None
        self._searcher = None
        self._syntax: QuerySyntax | None = None
        self._exists = False
        self._vocabulary: dict[str, SegmentWords] = {}  # by segment id: a segment never changes
        self._lengths: dict[tuple[str, str], list[int]] = {}  # (segment id, field): length by document
        self._dates: dict[tuple[str, str], tuple | None] = {}  # (segment id, field): date by document (dates.py)

    # --- lifecycle -------------------------------------------------------
    def exists(self) -> bool:
        """Whether an index was committed here (a table of contents exists),
        without reading it: a damaged one still exists, and verify() says so.
        Once true it stays true for an open engine (clear() resets it)."""
        if not self._exists:
            self._exists = index_files_present(self.path)
        return self._exists

    def open(self, create: bool = True):
        if self._ix is None:
            if self.exists():
                self._ix = index.open_dir(str(self.path), indexname=INDEX_NAME)
            elif create:
                self.path.mkdir(parents=True, exist_ok=True)
                self._ix = index.create_in(str(self.path), make_schema(), indexname=INDEX_NAME)
            else:
                raise EmptyIndexError(f"no index in {self.path}")
        return self._ix

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        if self._ix is not None:
            self._ix.close()
            self._ix = None

    def forget(self) -> None:
        """Nothing kept: the searcher is reopened at a newer commit."""

    def clear(self) -> None:
        self.close()
        self._exists = False
        if self.path.exists():
            shutil.rmtree(self.path)

    def searcher(self):
        """One searcher, reused across queries; reopened when the index has
        a newer commit (from this process or another one).

        Not Searcher.refresh(): it reuses the readers of unchanged segments
        and with them their old sets of deleted documents, so deleted and
        replaced articles would still be found."""
        ix = self.open()
        if self._searcher is not None and ix.latest_generation() != self._searcher.reader().generation():
            self._searcher.close()
            self._searcher = None
        if self._searcher is None:
            self._searcher = ix.searcher(weighting=BM25F())
            live = {segment_id(r) for r, _ in self._searcher.reader().leaf_readers()}
            self._vocabulary = {k: v for k, v in self._vocabulary.items() if k in live}
            self._lengths = {k: v for k, v in self._lengths.items() if k[0] in live}
            self._dates = {k: v for k, v in self._dates.items() if k[0] in live}
        return self._searcher

    def _segment_words(self, segment_reader, cancel: Cancel | None = None) -> SegmentWords:
        key = segment_id(segment_reader)
        words = self._vocabulary.get(key)
        if words is None:
            words = load_or_build(self.path, segment_reader, cancel) if key else SegmentWords({})
            self._vocabulary[key] = words
        return words

    def _field_lengths(self, segment_reader, fieldname: str) -> list[int]:
        key = (segment_id(segment_reader), fieldname)
        lengths = self._lengths.get(key)
        if lengths is None:
            lengths = self._lengths[key] = field_lengths(segment_reader, fieldname)
        return lengths

    def _date_column(self, segment_reader, fieldname: str):
        key = (segment_id(segment_reader), fieldname)
        if key not in self._dates or not key[0]:
            self._dates[key] = date_column(segment_reader, fieldname)
        return self._dates[key]

    def _write_vocabulary(self, ix) -> None:
        """Each new segment's words, for expanding queries (whoosh/vocabulary.py);
        a failure leaves them to the first search that needs them."""
        try:
            with ix.reader() as reader:
                write_missing(self.path, reader)
        except OSError:
            pass

    def verify(self) -> None:
        """Open the index and read from it; raise EngineDamaged if it cannot
        be read (missing or truncated files)."""
        if not self.exists():
            raise EngineDamaged("its table of contents is missing")
        try:
            searcher = self.searcher()
            searcher.doc_count()
            reader = searcher.reader()
            for _ in zip(range(1), reader.all_stored_fields()):
                pass
            # Read a few posting lists too: a truncated postings file shows
            # only when a term's postings are read.
            seen = 0
            for fieldname, word in reader.all_terms():
                if fieldname in ("title", "body"):
                    list(reader.postings(fieldname, word).all_ids())
                    seen += 1
                    if seen >= 3:
                        break
            last = reader.doc_count_all() - 1
            if last >= 0:
                reader.stored_fields(last)
        except Exception as exc:  # any failure to read the files means damage, whatever whoosh raises
            self.close()
            raise EngineDamaged(one_line(exc)) from exc

    def doc_count(self) -> int:
        if not self.exists():
            return 0
        return self.searcher().doc_count()

    # --- writes ----------------------------------------------------------
    # A write of at least this many articles is built by SegmentBuilder
    # (reader.core.search.whoosh.segments), in several processes where it may;
    # a smaller one goes through Whoosh's own writer, merged as Whoosh does.
    FAST_MIN = 500

    def write(self, articles: Iterable[Article], delete_ids: Iterable[str] = (),
              progress: Callable[[int], None] | None = None, procs: int | None = None) -> int:
        """Add or replace articles and delete ids in one commit: a reader sees
        the index before or after, never half of it.

        procs: how many processes a large write may use; None means
        $NEWSREADER_INDEX_PROCS, else up to 2 of this machine's CPUs."""
        ix = self.open()
        # Non-compound segments: whoosh reads a compound segment by copying
        # its parts into memory (seconds and hundreds of MB on a big index);
        # separate files are read on demand.
        writer = ix.writer(limitmb=256, compound=False)
        n = 0
        try:
            for article_id in delete_ids:
                writer.delete_by_term("id", article_id)
            it = iter(articles)
            head = list(islice(it, self.FAST_MIN))
            if len(head) < self.FAST_MIN:
                for article in head:
                    writer.update_document(**_document(article))
                    n += 1
                    if progress is not None:
                        progress(n)
                checkpoint("mid-commit")
                writer.commit()
            else:
                n = self._write_segments(ix, writer, chain(head, it), progress, procs)
        except BaseException:
            if not writer.is_closed:
                writer.cancel()
            raise
        self._write_vocabulary(ix)
        return n

    def _write_segments(self, ix, writer, articles, progress, procs) -> int:
        """New segments built outside the writer (in parallel where possible),
        added to the table of contents by the writer's one commit; earlier
        copies of the articles are deleted first, as update_document would."""
        # imported here: only a large write needs the segment builder (and multiprocessing)
        from reader.core.search.whoosh.parallel import build_segments, index_procs

        replacing = ix.doc_count_all() > 0  # an empty index holds no earlier copy: no lookups

        def feed():
            for article in articles:
                if replacing:
                    writer.delete_by_term("id", article.id)
                yield article

        segments, n = build_segments(
            ix.storage, ix.schema, INDEX_NAME, feed(), _document, procs=index_procs(procs), progress=progress
        )
        checkpoint("mid-commit")
        writer.commit(mergetype=lambda w, old: MERGE_SMALL(w, old) + segments)
        return n

    def optimize(self) -> int:
        """Merge every segment into one, in one commit; the number of segments
        before. A large write leaves several (one per process and per few
        million postings), and each one is walked again by fuzzy and phrase
        queries."""
        ix = self.open()
        before = len(ix._segments())
        if before > 1:
            writer = ix.writer(limitmb=256, compound=False)
            try:
                checkpoint("mid-commit")
                writer.commit(optimize=True)
            except BaseException:
                if not writer.is_closed:
                    writer.cancel()
                raise
            self._write_vocabulary(ix)
        return before

    # --- queries ---------------------------------------------------------
    def syntax(self) -> QuerySyntax:
        """The query parser over this index's schema: terms arrive stemmed, as the index holds them."""
        if self._syntax is None:
            self._syntax = QuerySyntax(self.open().schema)
        return self._syntax

    def parse(self, text: str) -> wq.Query:
        return every_document(with_fuzzy_prefix(without_andnot(self.syntax().parse(text))))

    def _bound(self, q: wq.Query, text: str, searcher, cancel: Cancel | None = None) -> tuple[wq.Query, Expansion]:
        """q (parsed from text) with its expanding terms bounded
        (whoosh/expansion.py) and its date ranges read off the date column
        (whoosh/dates.py), and the expansion that says which were cut short."""
        expansion = Expansion(searcher.reader(), lambda r: self._segment_words(r, cancel), self._field_lengths,
                              expanding_terms(q), LIMITS, cancel, compact_dates(text))
        return column_dates(bind(q, expansion), self._date_column), expansion

    def _collect(self, q: wq.Query, searcher, limit: int | None, terms: bool, cancel: Cancel | None,
                 filter_ids: set[str] | None, exclude_ids: set[str] | None):
        """Whoosh's Results for q: from whole posting lists when q is a query
        of words (whoosh/flat.py), else by Whoosh's matchers and collectors."""
        if filter_ids is None and not exclude_ids:
            results = flat_search(searcher, q, limit, self._field_lengths, cancel, terms)
            if results is not None:
                return results
        c = collector(searcher, limit, terms, cancel, **restrict(filter_ids, exclude_ids))
        searcher.search_with_collector(q, c)
        return c.results()

    def search(self, text: str, limit: int = 20, body_of: BodyOf | None = None,
               filter_ids: set[str] | None = None, exclude_ids: set[str] | None = None,
               cancel: Cancel | None = None) -> SearchResults:
        """filter_ids: only these articles (None: all); exclude_ids: never
        these; cancel: asked between the steps of the search (SearchCancelled)."""
        check(cancel)
        q = self.parse(text)
        s = self.searcher()
        if filter_ids is not None and not filter_ids:
            return SearchResults(text, 0, ())
        q, expansion = self._bound(q, text, s, cancel)
        results = self._collect(q, s, limit, True, cancel, filter_ids, exclude_ids)
        total = len(results)
        hits = list(results)
        check(cancel)
        bodies = body_of([h["id"] for h in hits]) if body_of else {}
        highlighter = make_highlighter()
        results.fragmenter = highlighter.fragmenter
        out = []
        for hit in hits:
            check(cancel)
            title = hit.get("title", "")
            snippet, title_spans = hit_snippets(highlighter, hit, bodies.get(hit["id"], ""), title)
            published = hit.get("published")
            out.append(
                Hit(
                    id=hit["id"],
                    title=title,
                    source=hit.get("source", ""),
                    published=published.replace(tzinfo=timezone.utc) if published else None,
                    url=hit.get("url", ""),
                    score=float(hit.score or 0.0),
                    snippet=snippet,
                    title_matches=title_spans,
                )
            )
        return SearchResults(text, total, tuple(out), notes=expansion.notes)

    def search_ids(self, text: str, limit: int | None = None, filter_ids: set[str] | None = None,
                   exclude_ids: set[str] | None = None, cancel: Cancel | None = None) -> list[str]:
        check(cancel)
        q = self.parse(text)
        if filter_ids is not None and not filter_ids:
            return []
        s = self.searcher()
        q, _ = self._bound(q, text, s, cancel)
        return [hit["id"] for hit in self._collect(q, s, limit, False, cancel, filter_ids, exclude_ids)]

    def query_words(self, text: str, fieldname: str = "body") -> set[str]:
        """The indexed words (stems) a query matches in a field, with
        wildcards and fuzzy terms expanded against the index (as a search
        widens them)."""
        s = self.searcher()
        q, _ = self._bound(self.parse(text), text, s)
        reader = s.reader()
        words: set[str] = set()
        for leaf in q.leaves():
            if isinstance(leaf, wq.Not) or leaf.field() != fieldname:
                continue
            if isinstance(leaf, wq.MultiTerm):  # wildcards, prefixes, fuzzy terms
                pairs = leaf.expanded_terms(reader)
            else:
                # Query.terms() drops a phrase's words; iter_all_terms keeps them.
                pairs = leaf.iter_all_terms(phrases=True)
            words.update(term_text(word) for _field, word in pairs)
        for negated in (n for n in walk(q) if isinstance(n, wq.Not)):
            words.difference_update(term_text(word) for _field, word in negated.query.iter_all_terms(phrases=True))
        return words

    def shortest_phrase(self, text: str) -> int:
        """How many words the shortest phrase of a query has (1 if none), so
        that highlighting shows a phrase's words only where they stand together."""
        lengths = [len(p.words) for p in walk(self.parse(text)) if isinstance(p, wq.Phrase)]
        return min(lengths) if lengths else 1

    def analyse(self, text: str):
        """Tokens of a text with the body's analyzer (stem, start, end)."""
        analyzer = self.open().schema["body"].analyzer
        for tok in analyzer(text, chars=True, mode="index", removestops=False):
            yield tok.text, tok.startchar, tok.endchar


def _document(article: Article) -> dict:
    doc = {
        "id": article.id,
        "title": article.title,
        "body": article.text,
        "source": article.source,
        "source_exact": article.source.lower(),
        "byline": article.byline,
        "url": article.url,
    }
    if article.published is not None:
        doc["published"] = article.published.astimezone(timezone.utc).replace(tzinfo=None)
    return doc
