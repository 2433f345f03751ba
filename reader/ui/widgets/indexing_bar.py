"""Progress of an indexing run working in the background."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar

from reader.ui.messages import IndexingFinished, IndexingProgressed, IndexingStarted


class IndexingBar(Horizontal):
    DEFAULT_CSS = """
    IndexingBar { height: 1; display: none; }
    IndexingBar.active { display: block; }
    IndexingBar Label { width: auto; padding: 0 1; }
    IndexingBar ProgressBar { width: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Label(id="indexing-label")
        yield ProgressBar(show_eta=True, id="indexing-progress")

    def report(self, event: IndexingStarted | IndexingProgressed | IndexingFinished) -> None:
        """Show what the run's messages say (the screen passes them on)."""
        if isinstance(event, IndexingStarted):
            self.start(event.label)
        elif isinstance(event, IndexingProgressed):
            self.step(event.stage, event.done, event.total)
        else:
            self.finish()

    def start(self, what: str) -> None:
        self.add_class("active")
        self.query_one(Label).update(Text(what))
        self.query_one(ProgressBar).update(total=None, progress=0)

    def step(self, stage: str, done: int, total: int) -> None:
        self.query_one(Label).update(Text(f"{stage} {done}/{total}"))
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)

    def finish(self) -> None:
        self.remove_class("active")
