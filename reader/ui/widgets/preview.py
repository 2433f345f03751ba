"""The preview pane beside the library list: the opening paragraphs of the
article under the cursor, with the query's matches, shown a moment after the
cursor moves so that moving fast through a list or typing a query never
waits for it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.timer import Timer
from textual.widgets import Static

from reader.core.models import Article
from reader.core.text.clean import clean_inline
from reader.render.console import article_view

DELAY = 0.12  # seconds after the cursor stops
CHARS = 1500  # about this much of the article: a preview need not lay out a whole long one

WIDTHS = (25, 33, 40, 50, 60)  # per cent of the screen, the steps of + and -
DEFAULT_WIDTH = 1  # a third: at 120 columns the list keeps 80, and its titles some 40 characters

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
    def __init__(self, current: Callable[[], tuple[str, str] | None],
                 load: Callable[[str], tuple[Article, Spans]], **kwargs) -> None:
        """current: the id and title of the article to show, or None; load:
        that article (its opening) and its match spans."""
        super().__init__(**kwargs)
        self._current = current
        self._load = load
        self._timer: Timer | None = None
        self.shown_id: str | None = None  # the article shown whole; None while its title stands in for it
        self.width_step = DEFAULT_WIDTH

    def compose(self) -> ComposeResult:
        yield Static(id="preview-body")

    def on_mount(self) -> None:
        self.styles.width = f"{WIDTHS[self.width_step]}%"

    def resize(self, steps: int) -> int:
        """Wider (steps > 0) or narrower by steps of WIDTHS; the width now, in per cent."""
        self.width_step = max(0, min(len(WIDTHS) - 1, self.width_step + steps))
        self.styles.width = f"{WIDTHS[self.width_step]}%"
        return WIDTHS[self.width_step]

    def follow(self) -> None:
        """Show the current article a moment from now. Until then another
        article's text would be wrong beside the list (typing a query
        changes the first result at every keystroke): its title, which
        costs nothing, stands in at once."""
        now = self._current() if self.display else None
        if now is None or now[0] != self.shown_id:
            self.shown_id = None
            self.query_one("#preview-body", Static).update(Text(clean_inline(now[1]), style="bold") if now else "")
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
        now = self._current() if self.display else None
        if now is None:
            self.shown_id = None
            body.update("")
            return
        article, spans = self._load(now[0])
        body.update(article_view(article, spans))
        self.shown_id = now[0]
