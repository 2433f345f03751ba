"""Searching terms across sources: who uses a term, how often, in context.

Several plain words (`terms Loughton Laughton`) are a question about
spellings, not a search for articles holding all of them: they are looked up
one by one (any of them) and each source says how often it writes each word.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from reader.core.models import NO_SOURCE

# A plain word of a spelling question: letters, with inner apostrophes or hyphens.
_PLAIN_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?")
_OPERATORS = {"AND", "OR", "NOT"}


@dataclass(frozen=True)
class KwicLine:
    id: str
    title: str
    left: str
    match: str
    right: str
    start: int = -1  # where the match starts in the article's text (for opening it there)

    def as_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "left": self.left, "match": self.match, "right": self.right}


@dataclass
class SourceTerms:
    source: str
    articles: int = 0
    count: int = 0
    lines: list[KwicLine] = field(default_factory=list)
    spellings: dict[str, int] = field(default_factory=dict)  # word -> uses, when several words were asked

    def as_dict(self) -> dict:
        out = {
            "source": self.source,
            "articles": self.articles,
            "count": self.count,
            "lines": [line.as_dict() for line in self.lines],
        }
        if self.spellings:  # only for a spelling question: a one-word report reads as before
            out["spellings"] = dict(self.spellings)
        return out

    @property
    def spelling(self) -> str:
        """The word this source uses, "mixed" when it uses more than one, ''
        when one word was asked."""
        used = [w for w, n in self.spellings.items() if n]
        return "" if not used else used[0] if len(used) == 1 else "mixed"


@dataclass(frozen=True)
class TermsReport:
    query: str
    total: int
    sources: tuple[SourceTerms, ...]
    words: tuple[str, ...] = ()  # the spellings asked about, when several words were

    def as_dict(self) -> dict:
        out = {"query": self.query, "total": self.total, "sources": [s.as_dict() for s in self.sources]}
        if self.words:
            out["words"] = list(self.words)
        return out


def spelling_words(query_text: str) -> list[str]:
    """The words of a spelling question (two or more plain words, no
    operators, quotes or fields), each once; [] for any other query."""
    tokens = query_text.split()
    if len(tokens) < 2 or any(t in _OPERATORS or not _PLAIN_WORD.fullmatch(t) for t in tokens):
        return []
    seen: dict[str, str] = {}
    for t in tokens:
        seen.setdefault(t.lower(), t)
    return list(seen.values()) if len(seen) > 1 else []


def word_spans(engine, text: str, words: set[str], min_run: int = 1) -> list[tuple[int, int]]:
    """Spans of the words of text whose analysed form is in words; adjacent
    matches merge into one span (a phrase is highlighted whole)."""
    if not words or not text:
        return []
    runs: list[list[int]] = []
    last_end = -1
    for stem, start, end in engine.analyse(text):
        if stem in words:
            gap = text[last_end:start] if last_end >= 0 else "x"
            if runs and last_end >= 0 and gap.strip(" -–—'’.") == "" and runs[-1][1] == last_end:
                runs[-1][1] = end
                runs[-1][2] += 1
            else:
                runs.append([start, end, 1])
            last_end = end
        else:
            last_end = end
    return [(s, e) for s, e, n in runs if n >= min_run]


def _stems(engine, word: str) -> set[str]:
    return {stem for stem, _, _ in engine.analyse(word)}


def _uses(engine, text: str, spans: list[tuple[int, int]], stems: set[str]) -> int:
    """How many uses spans hold: of a word asked for, each of its words
    that is one (a span at least one); of any other query, each span."""
    if not stems:
        return len(spans)
    return sum(max(1, sum(1 for stem, _, _ in engine.analyse(text[s:e]) if stem in stems)) for s, e in spans)


def terms_across_sources(library, query_text: str, max_articles: int = 500, context: int = 60) -> TermsReport:
    if not library.engine.exists():
        return TermsReport(query_text, 0, ())
    words = spelling_words(query_text)
    asked = " OR ".join(words) if words else query_text
    matcher = library.query_matcher(asked)
    by_word = {w: library.query_matcher(w) for w in words}
    ids = library.search_ids(asked, limit=max_articles)
    # a word asked for is counted at each use: the highlight joins "harbour harbour" into one span
    word_stems = {w: _stems(library.engine, w) for w in words}
    plain = query_text.strip()
    stems = set().union(*word_stems.values()) if words else _stems(library.engine, plain) if _PLAIN_WORD.fullmatch(plain) else set()
    articles = library.store.get_many(ids)
    by_source: dict[str, SourceTerms] = defaultdict(lambda: SourceTerms(""))
    total = 0
    for article_id in ids:
        article = articles.get(article_id)
        if article is None:
            continue
        text = article.text
        spans = matcher(article)["text"]
        if not spans:
            continue
        label = article.source or NO_SOURCE
        entry = by_source[label]
        entry.source = label
        entry.articles += 1
        uses = _uses(library.engine, text, spans, stems)
        entry.count += uses
        for word, word_matcher in by_word.items():
            entry.spellings[word] = entry.spellings.get(word, 0) + _uses(
                library.engine, text, word_matcher(article)["text"], word_stems[word])
        total += uses
        flat = text.replace("\n", " ")
        for start, end in spans:
            left = flat[max(0, start - context) : start]
            right = flat[end : end + context]
            if start - context > 0:
                left = "…" + left.split(" ", 1)[-1] if " " in left else left
            if end + context < len(flat):
                right = right.rsplit(" ", 1)[0] + "…" if " " in right else right
            entry.lines.append(KwicLine(article.id, article.title, _squash(left), flat[start:end], _squash(right), start))
    ordered = sorted(by_source.values(), key=lambda s: (-s.count, s.source.lower()))
    for entry in ordered:
        for word in words:
            entry.spellings.setdefault(word, 0)
        entry.spellings = {w: entry.spellings[w] for w in words}
    return TermsReport(query_text, total, tuple(ordered), tuple(words))


def _squash(text: str) -> str:
    """Collapse runs of whitespace, keeping one at either end if present."""
    inner = " ".join(text.split())
    lead = " " if text[:1].isspace() and inner else ""
    trail = " " if text[-1:].isspace() and inner else ""
    return lead + inner + trail
