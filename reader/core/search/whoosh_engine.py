"""The Whoosh engine: schema, writes and ranked search with snippets.

Bodies are indexed with character offsets (chars=True) but not stored: the
article store already holds the text, and the offsets let snippets be cut
around the matched words without re-analysing whole articles.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from collections.abc import Callable, Iterable
from datetime import timezone
from itertools import chain, islice
from pathlib import Path

from whoosh import fields, index, qparser
from whoosh import query as wq
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemmingAnalyzer
from whoosh.highlight import Formatter, Highlighter, PinpointFragmenter
from whoosh.index import EmptyIndexError
from whoosh.qparser.dateparse import DateParserPlugin
from whoosh.scoring import BM25F

from reader.core.faults import checkpoint
from reader.core.models import Article, Hit, SearchResults, Snippet
from reader.core.search.engine import EngineDamaged
from reader.core.search.query import QueryError, check_query
from reader.core.search.snippets import collapse_spaces, lead_snippet

log = logging.getLogger(__name__)

INDEX_NAME = "articles"
SCHEMA_VERSION = 1
FIELD_ALIASES = {"published": ["date"], "body": ["text"], "entity": ["entities"]}
SEARCH_FIELDS = ("title", "body")


def _analyzer():
    # The stemmer's cache is unbounded: a corpus has far fewer distinct words
    # than tokens, and each stem is then computed once.
    return StemmingAnalyzer(cachesize=-1)


def make_schema() -> fields.Schema:
    words = _analyzer()
    plain = RegexTokenizer() | LowercaseFilter()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=words, stored=True, chars=True, field_boost=2.0),
        body=fields.TEXT(analyzer=words, chars=True),
        source=fields.TEXT(analyzer=plain, stored=True, chars=False),
        source_exact=fields.ID(),
        byline=fields.TEXT(analyzer=plain),
        published=fields.DATETIME(stored=True, sortable=True),
        url=fields.ID(stored=True),
        entity=fields.KEYWORD(lowercase=True, commas=True, scorable=True),
    )


class _SpanFormatter(Formatter):
    """Fragments as plain text plus match spans: never markup."""

    between = " … "

    def format(self, fragments, replace=False):
        text_parts: list[str] = []
        spans: list[tuple[int, int]] = []
        offset = 0
        for n, frag in enumerate(fragments):
            if n:
                text_parts.append(self.between)
                offset += len(self.between)
            start, end = frag.startchar, frag.endchar
            piece = frag.text[start:end].replace("\n", " ")
            last = start
            for tok in sorted(frag.matches, key=lambda t: (t.startchar, -t.endchar)):
                if tok.startchar is None or tok.startchar < last:
                    continue
                spans.append((offset + tok.startchar - start, offset + tok.endchar - start))
                last = tok.endchar
            text_parts.append(piece)
            offset += len(piece)
        return collapse_spaces("".join(text_parts), spans)


class WhooshEngine:
    name = "whoosh"
    schema_version = SCHEMA_VERSION

    def __init__(self, path: Path):
        self.path = Path(path)
        self._ix = None
        self._searcher = None
        self._parser = None
        self._exists = False

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
        return self._searcher

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
            raise EngineDamaged(_one_line(exc)) from exc

    def doc_count(self) -> int:
        if not self.exists():
            return 0
        return self.searcher().doc_count()

    # --- writes ----------------------------------------------------------
    # A write of at least this many articles is built by SegmentBuilder
    # (reader.core.search.whoosh_segments), in several processes where it may; a
    # smaller one goes through Whoosh's own writer, merged as Whoosh does.
    FAST_MIN = 500

    def write(
        self,
        articles: Iterable[Article],
        delete_ids: Iterable[str] = (),
        entities: Callable[[Article], list[str]] | None = None,
        progress: Callable[[int], None] | None = None,
        procs: int | None = None,
    ) -> int:
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
                    writer.update_document(**self._document(article, entities))
                    n += 1
                    if progress is not None:
                        progress(n)
                checkpoint("mid-commit")
                writer.commit()
            else:
                n = self._write_segments(ix, writer, chain(head, it), entities, progress, procs)
        except BaseException:
            if not writer.is_closed:
                writer.cancel()
            raise
        return n

    def _write_segments(self, ix, writer, articles, entities, progress, procs) -> int:
        """New segments built outside the writer (in parallel where possible),
        added to the table of contents by the writer's one commit; earlier
        copies of the articles are deleted first, as update_document would."""
        from whoosh.writing import MERGE_SMALL

        from reader.core.search.whoosh_segments import build_segments

        replacing = ix.doc_count_all() > 0  # an empty index holds no earlier copy: no lookups

        def feed():
            for article in articles:
                if replacing:
                    writer.delete_by_term("id", article.id)
                yield article

        segments, n = build_segments(
            ix.storage, ix.schema, INDEX_NAME, feed(), lambda a: self._document(a, entities),
            procs=index_procs(procs), progress=progress,
        )
        checkpoint("mid-commit")
        writer.commit(mergetype=lambda w, old: MERGE_SMALL(w, old) + segments)
        return n

    def _document(self, article: Article, entities) -> dict:
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
        if entities is not None:
            names = entities(article)
            if names:
                doc["entity"] = ",".join(n.replace(",", " ") for n in names)
        return doc

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
        return before

    # --- queries ---------------------------------------------------------
    def parser(self) -> qparser.QueryParser:
        if self._parser is None:
            schema = self.open().schema
            parser = qparser.MultifieldParser(list(SEARCH_FIELDS), schema)
            parser.add_plugin(qparser.FuzzyTermPlugin())
            parser.add_plugin(qparser.GtLtPlugin())
            parser.add_plugin(qparser.PlusMinusPlugin())
            parser.add_plugin(qparser.FieldAliasPlugin(FIELD_ALIASES))
            self._date_errors: list[str] = []
            parser.add_plugin(DateParserPlugin(free=False, callback=self._date_errors.append))
            self._parser = parser
        return self._parser

    def parse(self, text: str) -> wq.Query:
        check_query(text, self.open().schema.names(), FIELD_ALIASES)
        parser = self.parser()
        self._date_errors.clear()
        try:
            q = parser.parse(compact_dates(text))
        except Exception as exc:  # whoosh raises bare Exception (or ValueError) for bad dates
            if _DATE_FIELD.search(text):
                raise QueryError(f"not a date or date range: {text.strip()!r} ({DATE_HELP})") from exc
            raise QueryError(_one_line(exc)) from exc
        q = _without_andnot(q)
        q = _with_fuzzy_prefix(q)
        if self._date_errors:
            raise QueryError(f"not a date: {self._date_errors[0]!r} ({DATE_HELP})")
        if isinstance(q, type(wq.NullQuery)):
            raise QueryError(f"nothing to search for in {text.strip()!r} (only operators, punctuation or very short words)")
        return q

    def search(
        self,
        text: str,
        limit: int = 20,
        body_of: Callable[[list[str]], dict[str, str]] | None = None,
        filter_ids: set[str] | None = None,
        exclude_ids: set[str] | None = None,
    ) -> SearchResults:
        """filter_ids: only these articles (None: all); exclude_ids: never these."""
        q = self.parse(text)
        s = self.searcher()
        if filter_ids is not None and not filter_ids:
            return SearchResults(text, 0, ())
        results = s.search(q, limit=limit, terms=True, **_restrict(filter_ids, exclude_ids))
        hits = list(results)
        bodies = body_of([h["id"] for h in hits]) if body_of else {}
        highlighter = Highlighter(
            fragmenter=PinpointFragmenter(maxchars=220, surround=70, autotrim=True),
            formatter=_SpanFormatter(),
        )
        results.fragmenter = highlighter.fragmenter
        out = []
        for hit in hits:
            body = bodies.get(hit["id"], "")
            snippet = highlighter.highlight_hit(hit, "body", text=body, top=2) if body else None
            if not isinstance(snippet, Snippet) or not snippet.text:
                snippet = lead_snippet(body)
            title = hit.get("title", "")
            title_snip = highlighter.highlight_hit(hit, "title", text=title, top=1) if title else None
            title_spans = ()
            if isinstance(title_snip, Snippet) and title_snip.matches:
                # the title is short enough to be one whole fragment
                start = title.find(title_snip.text.replace(" … ", ""))
                if start >= 0:
                    title_spans = tuple((a + start, b + start) for a, b in title_snip.matches)
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
        return SearchResults(text, len(results), tuple(out))

    def search_ids(
        self, text: str, limit: int | None = None, filter_ids: set[str] | None = None, exclude_ids: set[str] | None = None
    ) -> list[str]:
        q = self.parse(text)
        if filter_ids is not None and not filter_ids:
            return []
        return [hit["id"] for hit in self.searcher().search(q, limit=limit, **_restrict(filter_ids, exclude_ids))]

    def query_words(self, text: str, fieldname: str = "body") -> set[str]:
        """The indexed words (stems) a query matches in a field, with
        wildcards and fuzzy terms expanded against the index."""
        q = self.parse(text)
        reader = self.searcher().reader()
        words: set[str] = set()
        for leaf in q.leaves():
            if isinstance(leaf, wq.Not) or leaf.field() != fieldname:
                continue
            if isinstance(leaf, wq.MultiTerm):  # wildcards, prefixes, fuzzy terms
                pairs = leaf.expanded_terms(reader)
            else:
                # Query.terms() drops a phrase's words; iter_all_terms keeps them.
                pairs = leaf.iter_all_terms(phrases=True)
            for _field, word in pairs:
                words.add(word.decode("utf-8") if isinstance(word, bytes) else str(word))
        for negated in (n for n in _walk(q) if isinstance(n, wq.Not)):
            for _field, word in negated.query.iter_all_terms(phrases=True):
                words.discard(word.decode("utf-8") if isinstance(word, bytes) else str(word))
        return words

    def shortest_phrase(self, text: str) -> int:
        """How many words the shortest phrase of a query has (1 if none), so
        that highlighting shows a phrase's words only where they stand together."""
        lengths = [len(p.words) for p in _walk(self.parse(text)) if isinstance(p, wq.Phrase)]
        return min(lengths) if lengths else 1

    def analyse(self, text: str):
        """Tokens of a text with the body's analyzer (stem, start, end)."""
        analyzer = self.open().schema["body"].analyzer
        for tok in analyzer(text, chars=True, mode="index", removestops=False):
            yield tok.text, tok.startchar, tok.endchar


DATE_HELP = "use YYYY, YYYY-MM or YYYY-MM-DD; ranges as date:[2024-01 to 2024-06], or date:>2024-03-01"
_DATE_FIELD = re.compile(r"\b(?:date|published):")
_DATE_VALUE = re.compile(r"(?:date|published):(?:\[[^\]]*\]?|[<>]=?\S*|\S*)")
_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_ISO_MONTH = re.compile(r"\b(\d{4})-(\d{2})\b")


def compact_dates(text: str) -> str:
    """Whoosh's date parser misreads ISO dates with dashes (2024-07-01 is
    taken as the year 2024); its compact form (20240701) parses exactly."""

    def fix(m: re.Match) -> str:
        value = _ISO_DAY.sub(r"\1\2\3", m.group(0))
        return _ISO_MONTH.sub(r"\1\2", value)

    return _DATE_VALUE.sub(fix, text)


def index_procs(procs: int | None = None) -> int:
    """Processes for a large write: procs when given, else
    $NEWSREADER_INDEX_PROCS, else up to 2 of the CPUs this process may use."""
    if procs is not None:
        return max(1, procs)
    env = os.environ.get("NEWSREADER_INDEX_PROCS", "").strip()
    if env.isdigit() and int(env) >= 1:
        return int(env)
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(2, cpus))


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def index_files_present(path: Path) -> bool:
    prefix = f"_{INDEX_NAME}_"
    return path.is_dir() and any(n.startswith(prefix) and n.endswith(".toc") for n in os.listdir(path))


FUZZY_PREFIX = 1


def _with_fuzzy_prefix(q: wq.Query) -> wq.Query:
    """A fuzzy term keeps its first letter: with no fixed prefix Whoosh walks
    the whole term dictionary of every field for each `word~` (hundreds of
    milliseconds on 25,000 articles); typos rarely hit the first letter."""
    if isinstance(q, wq.FuzzyTerm) and q.prefixlength < FUZZY_PREFIX:
        return wq.FuzzyTerm(q.fieldname, q.text, boost=q.boost, maxdist=q.maxdist, prefixlength=FUZZY_PREFIX)
    return q.apply(_with_fuzzy_prefix)


def _restrict(filter_ids: set[str] | None, exclude_ids: set[str] | None) -> dict:
    out = {}
    if filter_ids is not None:
        out["filter"] = wq.Or([wq.Term("id", i) for i in sorted(filter_ids)])
    if exclude_ids:
        out["mask"] = wq.Or([wq.Term("id", i) for i in sorted(exclude_ids)])
    return out


def _without_andnot(q: wq.Query) -> wq.Query:
    """Whoosh's AndNot matcher lets through documents that the negated part
    matches when it is a union over several fields ("election -volcano"
    returned articles with "volcano" in the body); And(a, Not(b)) is right."""
    if isinstance(q, wq.AndNot):
        return wq.And([_without_andnot(q.a), wq.Not(_without_andnot(q.b))])
    return q.apply(_without_andnot)


def _walk(q: wq.Query):
    yield q
    for child in q.children():
        yield from _walk(child)
