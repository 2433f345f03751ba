"""The preview pane beside the library list: the opening paragraphs of the
article under the cursor, with the query's matches, shown a moment after the
cursor moves so that moving fast through a list or typing a query never
waits for it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.timer import Timer
from textual.widgets import Static

from reader.core.models import Article
from reader.render.console import article_view

DELAY = 0.12  # seconds after the cursor stops
CHARS = 1500  # about this much of the article: a preview need not lay out a whole long one

Spans = dict[str, list[tuple[int, int]]] | None


def opening(article: Article) -> Article:
    """The article cut to its first paragraphs."""
    kept, size = [], 0
    for p in article.text_paragraphs:
        kept.append(p)
        size += len(p)
        if size >= CHARS:
            break
    if len(kept) < len(article.text_paragraphs):
        kept.append("…")
    return replace(article, text_paragraphs=tuple(kept))


class Preview(VerticalScroll, can_focus=True):
    def __init__(self, current: Callable[[], tuple[Article, Spans] | None], **kwargs) -> None:
        """current: the article to show (its opening) and its match spans, or None."""
        super().__init__(**kwargs)
        self._current = current
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="preview-body")

    def follow(self) -> None:
        """Show the current article a moment from now."""
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DELAY, self._due)

    def _due(self) -> None:
        self._timer = None
        self.show_current()

    @property
    def settled(self) -> bool:
        """No update is waiting to be shown."""
        return self._timer is None

    def show_current(self) -> None:
        body = self.query_one("#preview-body", Static)
        found = self._current() if self.display else None
        if found is None:
            body.update("")
            return
        article, spans = found
        body.update(article_view(article, spans))
