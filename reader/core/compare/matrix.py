"""Who mentions what across the reports of one event: entities and numbers
down, reports across."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from reader.core.compare import numbers as num
from reader.core.entities import NAME_TYPES, group, link_across
from reader.core.models import Article


@dataclass(frozen=True)
class MatrixRow:
    kind: str  # "entity" or "number"
    label: str
    type: str  # entity type, or the number's kind (count, money, date, ...)
    counts: tuple[int, ...]  # mentions per report, in the order of Matrix.articles

    @property
    def reports(self) -> int:
        return sum(1 for c in self.counts if c)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "label": self.label, "type": self.type, "counts": list(self.counts)}


@dataclass(frozen=True)
class Matrix:
    articles: tuple[Article, ...]
    rows: tuple[MatrixRow, ...]

    def only_one(self) -> list[MatrixRow]:
        """What a single report says and no other does."""
        return [r for r in self.rows if r.reports == 1]

    def as_dict(self) -> dict:
        return {
            "articles": [{"id": a.id, "title": a.title, "source": a.source} for a in self.articles],
            "rows": [r.as_dict() for r in self.rows],
        }


def build_matrix(articles: list[Article], mentions_of) -> Matrix:
    """mentions_of(article) -> entity mentions (with canonical names)."""
    lists = [group([m for m in mentions_of(a) if m.type in NAME_TYPES]) for a in articles]
    links = link_across(lists)
    entity_counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * len(articles))
    for col, entities in enumerate(lists):
        for e in entities:
            entity_counts[(links.get(e.canonical, e.canonical), e.type)][col] += e.count
    number_counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * len(articles))
    labels: dict[tuple[str, str], str] = {}
    for col, article in enumerate(articles):
        for q in num.extract(article.text, article.published):
            if q.kind == "date":
                key = ("date", str(q.date))
            else:
                key = (q.kind, f"{q.value:g} {q.unit}".strip() if q.value is not None else q.text.lower())
            number_counts[key][col] += 1
            labels.setdefault(key, q.text)
    rows = [MatrixRow("entity", name, type_, tuple(c)) for (name, type_), c in entity_counts.items()]
    rows += [MatrixRow("number", labels[key], key[0], tuple(c)) for key, c in number_counts.items()]
    rows.sort(key=lambda r: (r.kind != "entity", -r.reports, -sum(r.counts), r.label.lower()))
    return Matrix(tuple(articles), tuple(rows))
