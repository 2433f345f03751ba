"""Rich renderings for the CLI. May import rich, never textual.

Article text always enters as rich.text.Text built from plain strings (after
strip_controls), so nothing an article says is read as markup or reaches the
terminal as a control sequence.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Group
from rich.table import Table
from rich.text import Text

from reader.core.compare.tally import plain_summary, tally
from reader.core.feeds.report import counted
from reader.core.models import NO_SOURCE, Article, IndexSummary, SearchResults, Snippet
from reader.core.search.terms import TermsReport
from reader.core.text.clean import clean_inline, strip_controls
from reader.render.marks import ENTITY_STYLES, KIND_SYMBOL, legend, sentences_text, side_marks
from reader.render.summary import summary_sentence

MATCH_STYLE = "bold reverse"


def safe(text: str) -> Text:
    """Plain article text as a Text: no markup, no controls."""
    return Text(strip_controls(text or ""))


def highlighted(text: str, spans: Iterable[tuple[int, int]], style: str = MATCH_STYLE) -> Text:
    # Spans index into the original string; controls are stripped per piece
    # so that the offsets stay valid.
    out = Text()
    pos = 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        out.append(strip_controls(text[pos:start]))
        out.append(strip_controls(text[start:end]), style=style)
        pos = end
    out.append(strip_controls(text[pos:]))
    return out


def snippet_text(snippet: Snippet) -> Text:
    return highlighted(snippet.text, snippet.matches)


def short_date(value) -> str:
    if not value:
        return "no date"
    if isinstance(value, str):
        return value[:10]
    return value.strftime("%Y-%m-%d")


def search_results(results: SearchResults) -> Group:
    # what the engine says of how it read the query (a range or fuzzy terms cut to a bound): the JSON gives it,
    # and "No articles match" without it read as the answer
    notes = [Text("note: " + clean_inline(n), style="yellow") for n in results.notes]
    parts: list = []
    if not results.hits:
        parts.append(Text(f"No articles match {clean_inline(results.query)!r}."))
        return Group(*parts, *notes)
    shown = len(results.hits)
    parts.append(Text(f"{results.total} articles match; showing {shown}.", style="dim"))
    parts += notes
    for n, hit in enumerate(results.hits, start=1):
        head = Text()
        head.append(f"{n:>2}. ", style="dim")
        title = highlighted(hit.title, hit.title_matches, "underline")
        title.stylize("bold")
        head.append(title)
        meta = Text("    ")
        meta.append(hit.id[:10], style="cyan")
        meta.append("  ")
        meta.append(clean_inline(hit.source) or NO_SOURCE, style="green")
        meta.append(f"  {short_date(hit.published)}", style="dim")
        body = Text("    ") + snippet_text(hit.snippet)
        parts += [head, meta, body, Text("")]
    return Group(*parts)


def terms_report(report: TermsReport) -> Group:
    if not report.sources:
        return Group(Text(f"No source uses {clean_inline(report.query)!r}."))
    table = Table(title=Text(f"{clean_inline(report.query)!r} across sources"), expand=False)
    table.add_column("source")
    table.add_column("articles", justify="right")
    table.add_column("uses", justify="right")
    for s in report.sources:
        table.add_row(safe(clean_inline(s.source)), str(s.articles), str(s.count))
    parts: list = [table]
    for s in report.sources:
        parts.append(Text(""))
        parts.append(Text(clean_inline(s.source), style="bold green"))
        for line in s.lines:
            row = Text("  ")
            row.append(line.id[:8], style="cyan")
            row.append("  ")
            row.append(strip_controls(line.left).rjust(60)[-60:])
            row.append(strip_controls(line.match), style=MATCH_STYLE)
            row.append(strip_controls(line.right)[:60])
            parts.append(row)
    return Group(*parts)


def article_view(article: Article, spans: dict[str, list[tuple[int, int]]] | None = None) -> Group:
    spans = spans or {}
    parts: list = [highlighted(article.title, spans.get("title", ()), "bold underline")]
    parts[0].stylize("bold")
    meta = Table.grid(padding=(0, 1))
    meta.add_column(style="dim")
    meta.add_column()
    meta.add_row("id", safe(article.id))
    meta.add_row("source", safe(article.source or "unknown"))
    meta.add_row("byline", safe(article.byline or "unknown"))
    meta.add_row("date", safe(short_date(article.published) if article.published else "unknown"))
    meta.add_row("url", safe(article.url or "unknown"))
    if article.notes:
        meta.add_row("notes", safe(article.notes))
    parts += [meta, Text("")]
    body = highlighted(article.text, spans.get("text", ()))
    parts.append(body)
    return Group(*parts)


def index_summary(summary: IndexSummary) -> Group:
    line = Text(
        f"added {summary.added}, updated {summary.updated}, removed {summary.removed}, "
        f"unchanged {summary.unchanged}, skipped {len(summary.skipped)}"
    )
    parts: list = [line]
    for item in summary.skipped:
        parts.append(Text("  skipped ", style="yellow") + safe(str(item)))
    for item in summary.warnings:
        parts.append(Text("  warning ", style="dim yellow") + safe(str(item)))
    return Group(*parts)


def listing(rows: list[dict]) -> Table:
    table = Table(expand=True, show_edge=False)
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("", width=2, no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("source", style="green", no_wrap=True, overflow="ellipsis", max_width=24)
    table.add_column("title", no_wrap=True, overflow="ellipsis", ratio=1)
    for r in rows:
        flags = ("•" if not r["read"] else " ") + ("★" if r["bookmarked"] else " ")
        table.add_row(r["id"][:10], flags, short_date(r["published"]), safe(clean_inline(r["source"])), safe(clean_inline(r["title"])))
    return table


def entities_table(extractor: str, scope: dict, entities, variants) -> Group:
    head = Text(f"extractor: {extractor}", style="dim")
    if scope.get("article"):
        head.append("   article ")
        head.append(scope["article"][:10], style="cyan")
        head.append("  ")
        head.append(clean_inline(scope.get("title", "")))
    else:
        head.append(f"   {scope.get('articles', 0)} articles")
    table = Table(expand=False, show_edge=False)
    table.add_column("type", no_wrap=True)
    table.add_column("entity")
    table.add_column("mentions", justify="right")
    if not scope.get("article"):
        table.add_column("articles", justify="right")
    table.add_column("also written")
    for e in entities:
        row = [Text(e.type, style=ENTITY_STYLES.get(e.type, "")), safe(e.canonical), str(e.count)]
        if not scope.get("article"):
            row.append(str(e.documents))
        row.append(safe(", ".join(a for a in e.aliases if a != e.canonical)))
        table.add_row(*row)
    parts: list = [head, table]
    if variants:
        parts.append(Text("\nprobable variants (kept apart, linked):", style="bold"))
        for v in variants:
            line = Text("  ")
            line.append(strip_controls(v.a), style="bold")
            line.append("  ~  ")
            line.append(strip_controls(v.b), style="bold")
            line.append(f"   {v.type}, {v.score:.2f}", style="dim")
            parts.append(line)
    return Group(*parts)


def events_list(events, total: int, titles: dict[str, str]) -> Group:
    parts: list = [Text(f"{counted(total, 'event', 'events')}; showing {len(events)}.", style="dim")]
    for e in events:
        head = Text()
        head.append(e.id[:10], style="cyan")
        head.append("  ")
        head.append(clean_inline(e.title), style="bold")
        when = "no date" if not e.first else (
            short_date(e.first) if not e.last or short_date(e.last) == short_date(e.first)
            else f"{short_date(e.first)} – {short_date(e.last)}")
        meta = Text(f"    {counted(e.count, 'report', 'reports')} · {counted(len(e.sources), 'source', 'sources')} · {when}",
                    style="dim")
        parts += [head, meta]
        for article_id in e.article_ids:
            line = Text("      ")
            line.append(article_id[:8], style="cyan")
            line.append("  ")
            line.append(clean_inline(titles.get(article_id, "")))
            parts.append(line)
    return Group(*parts)


def _short_id(article_id: str) -> str:
    """An id's first 8 characters, and an earlier version's "@N" (both sides of `compare ID~1 ID` read "72fc9caa")."""
    base, at, number = article_id.partition("@")
    return base[:8] + at + number


def comparison(c) -> Group:
    """Two reports side by side, aligned sentence by sentence, with the same
    marks as the app (without colour, marks stay visible as bold/underline)."""
    marks_a, marks_b = side_marks(c, "a"), side_marks(c, "b")
    head = Text()
    head.append(f"A  {clean_inline(c.a.source) or NO_SOURCE}  {_short_id(c.a.id)}  ", style="bold")
    head.append(clean_inline(c.a.title))
    head.append("\n")
    head.append(f"B  {clean_inline(c.b.source) or NO_SOURCE}  {_short_id(c.b.id)}  ", style="bold")
    head.append(clean_inline(c.b.title))
    summary = summary_sentence(c)
    t = tally(c)  # the entries' counts, as the app's summary says them (summary_sentence: all that was found)
    listed = Text(f"Listed ({t.entries} {'entry' if t.entries == 1 else 'entries'}): {plain_summary(c, 'b')}.", style="bold")
    for note in c.notes:  # (a very long report compared on its first part)
        listed.append(f"\nNote: {clean_inline(note)}.", style="yellow")
    table = Table(expand=True, show_header=True, box=None, padding=(0, 1))
    table.add_column("A", ratio=1)
    table.add_column("", width=1)
    table.add_column("B", ratio=1)
    for p in c.alignment:
        left = sentences_text(c, "a", p.a, marks_a)
        right = sentences_text(c, "b", p.b, marks_b)
        table.add_row(left, Text(KIND_SYMBOL.get(p.kind, " "), style="bold"), right)
    variants = Text()
    for v in c.variants:
        d = v.as_dict()
        variants.append("variant: ", style="bold")
        variants.append(strip_controls(d["a"]))
        variants.append("  ~  ")
        variants.append(strip_controls(d["b"]))
        variants.append(f"   ({v.type}, {v.score:.2f})\n", style="dim")
    return Group(head, summary, listed, Text(""), table, Text(""), variants, legend())
