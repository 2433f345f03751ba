"""Searching terms across sources: who uses a term, how often, in context."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field


@dataclass(frozen=True)
class KwicLine:
    id: str
    title: str
    left: str
    match: str
    right: str

    def as_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "left": self.left, "match": self.match, "right": self.right}


@dataclass
class SourceTerms:
    source: str
    articles: int = 0
    count: int = 0
    lines: list[KwicLine] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "articles": self.articles,
            "count": self.count,
            "lines": [line.as_dict() for line in self.lines],
        }


@dataclass(frozen=True)
class TermsReport:
    query: str
    total: int
    sources: tuple[SourceTerms, ...]

    def as_dict(self) -> dict:
        return {"query": self.query, "total": self.total, "sources": [s.as_dict() for s in self.sources]}


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


def terms_across_sources(library, query_text: str, max_articles: int = 500, context: int = 60) -> TermsReport:
    if not library.engine.exists():
        return TermsReport(query_text, 0, ())
    matcher = library.query_matcher(query_text)
    ids = library.search_ids(query_text, limit=max_articles)
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
        label = article.source or "(unknown source)"
        entry = by_source[label]
        entry.source = label
        entry.articles += 1
        entry.count += len(spans)
        total += len(spans)
        flat = text.replace("\n", " ")
        for start, end in spans:
            left = flat[max(0, start - context) : start]
            right = flat[end : end + context]
            if start - context > 0:
                left = "…" + left.split(" ", 1)[-1] if " " in left else left
            if end + context < len(flat):
                right = right.rsplit(" ", 1)[0] + "…" if " " in right else right
            entry.lines.append(KwicLine(article.id, article.title, _squash(left), flat[start:end], _squash(right)))
    ordered = sorted(by_source.values(), key=lambda s: (-s.count, s.source.lower()))
    return TermsReport(query_text, total, tuple(ordered))


def _squash(text: str) -> str:
    """Collapse runs of whitespace, keeping one at either end if present."""
    inner = " ".join(text.split())
    lead = " " if text[:1].isspace() and inner else ""
    trail = " " if text[-1:].isspace() and inner else ""
    return lead + inner + trail
