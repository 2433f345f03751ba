"""Pick a source to filter the library by (f in the library); and set an
article's source, or that of every article from its folder, after indexing
(the palette's "source:" commands), as `newsreader source set` does."""

from __future__ import annotations

import os

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from reader.core.errors import LibraryError
from reader.core.library import Library
from reader.core.models import NO_SOURCE
from reader.core.store.lock import IndexBusy
from reader.core.text.clean import clean_inline
from reader.ui.access import news_app
from reader.ui.messages import IndexingFinished
from reader.ui.screens.prompt import Prompt

ALL = "\x00all"


class SourcePicker(ModalScreen):
    """Dismissed with the chosen source, None for all sources, or False when
    cancelled."""

    HELP_TITLE = "Choosing a source (f in the library)"
    HELP_ORDER = 90
    BINDINGS = [
        Binding("escape,q", "cancel", "Cancel", id="sources.cancel"),  # q: back one level, as everywhere
        Binding("j", "down", "Down", show=False, id="sources.down"),
        Binding("k", "up", "Up", show=False, id="sources.up"),
        Binding("g", "first", "First", show=False, id="sources.first"),
        Binding("G", "last", "Last", show=False, id="sources.last"),
    ]

    def __init__(self, sources: list[tuple[str, int]], current: str | None) -> None:
        super().__init__()
        self.sources = sources
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Label(Text("Filter by source (enter to choose, esc to cancel)", style="bold"))
            options = [Option(Text(f"All sources ({sum(n for _, n in self.sources)})"), id=ALL)]
            for source, count in self.sources:
                options.append(Option(Text(f"{clean_inline(source) or NO_SOURCE}  ({count})"), id=source))
            yield OptionList(*options, id="source-options")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        if self.current is not None:
            for i, (source, _) in enumerate(self.sources, start=1):
                if source == self.current:
                    options.highlighted = i

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(None if event.option.id == ALL else event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_first(self) -> None:
        self.query_one(OptionList).action_first()

    def action_last(self) -> None:
        self.query_one(OptionList).action_last()


def article_folder(app, article_id: str) -> str | None:
    """The folder an article's file was read from; None for a feed's."""
    with news_app(app).lib_lock:
        article = news_app(app).lib.get(article_id)
    return os.path.dirname(os.path.join(article.root, article.relpath)) if article.root else None


def ask_source(app, article_id: str, whole_folder: bool = False) -> None:
    """A prompt for the source, then Library.set_source in a worker: the
    article's own, or (whole_folder) every article's from its folder."""
    lib = news_app(app).lib
    with news_app(app).lib_lock:
        article = lib.get(article_id)
    target = article_folder(app, article_id) if whole_folder else article.id
    if target is None:
        app.notify("this article was not read from a file: set its own source instead", timeout=4)
        return
    what = f"every article from {target}" if whole_folder else f"«{clean_inline(article.title)[:50]}»"

    def answered(name: str | None) -> None:
        if name:
            _set_source(app, target, name)

    app.push_screen(Prompt(f"The source of {what}", value=clean_inline(article.source)), answered)


@work(thread=True, exclusive=True, group="set-source")
def _set_source(app, target: str, name: str) -> None:
    """A library of its own, as indexing has: relabelling a folder rewrites
    its articles in the search index, which must not hold the app's lock."""
    lib = news_app(app).lib
    outcome = None
    try:
        with Library(lib.dir, lib.config) as own:
            done = own.set_source(target, name)
        n = done["articles"]
        outcome = (f"source {done['source']!r} set for {n} article{'s' if n != 1 else ''}"
                   f" ({done['changed']} changed, kept over re-indexing)")
    except (LibraryError, IndexBusy, OSError) as exc:
        app.call_from_thread(app.notify, f"source not set: {exc}", severity="error", timeout=6, markup=False)
    finally:
        app.post_message(IndexingFinished(outcome))  # the lists reload, the line is shown
