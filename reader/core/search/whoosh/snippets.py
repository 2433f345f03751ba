"""Snippets of Whoosh hits: the passages Whoosh's highlighter picks, cut from
the text the article store supplies, as plain text plus match spans."""

from __future__ import annotations

from whoosh.highlight import Formatter, Highlighter, PinpointFragmenter

from reader.core.models import Snippet
from reader.core.search.snippets import collapse_spaces, lead_snippet


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


def make_highlighter() -> Highlighter:
    """Two fragments of about 220 characters around the matches (the Tantivy
    engine cuts its snippets the same way)."""
    return Highlighter(
        fragmenter=PinpointFragmenter(maxchars=220, surround=70, autotrim=True),
        formatter=_SpanFormatter(),
    )


def hit_snippets(highlighter: Highlighter, hit, body: str, title: str) -> tuple[Snippet, tuple[tuple[int, int], ...]]:
    """(the body's snippet, the spans of the matches in the title) of a hit."""
    snippet = highlighter.highlight_hit(hit, "body", text=body, top=2) if body else None
    if not isinstance(snippet, Snippet) or not snippet.text:
        snippet = lead_snippet(body)
    title_snip = highlighter.highlight_hit(hit, "title", text=title, top=1) if title else None
    title_spans: tuple[tuple[int, int], ...] = ()
    if isinstance(title_snip, Snippet) and title_snip.matches:
        # the title is short enough to be one whole fragment
        start = title.find(title_snip.text.replace(" … ", ""))
        if start >= 0:
            title_spans = tuple((a + start, b + start) for a, b in title_snip.matches)
    return snippet, title_spans
