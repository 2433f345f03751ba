"""An article's history (V in the article view): every version the store
keeps, the first first, each with when it was seen, its words and what it
changed against the one before; enter on an earlier version compares it
with the current one on the compare screen.

The list comes at once with the word counts; what each version changed
needs a comparison per version, computed in a worker and filled in after.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from reader.core.compare import versions
from reader.core.models import Article
from reader.core.text.clean import clean_inline
from reader.ui.access import NewsScreen
from reader.ui.table_keys import FirstLastRow, first_last_bindings
from reader.ui.widgets.key_bar import KeyBar


def versions_note(app, article: Article) -> Text:
    """The article view's line on its versions: "3 versions  (V: the
    history)", or nothing for an article never changed."""
    with app.lib_lock:
        count = versions.count(app.lib, article.id)
    if count < 2:
        return Text()
    return Text.assemble("\n", (f"{count} versions", "bold"), ("  V: the history, what each changed", "dim"))


def open_versions(app, article: Article) -> None:
    with app.lib_lock:
        count = versions.count(app.lib, article.id)
    if count < 2:
        app.notify("one version: this article has not changed since it was first seen", timeout=3)
        return
    app.push_screen(VersionsScreen(article))


class VersionsScreen(FirstLastRow, NewsScreen):
    HELP_TITLE = "An article's versions (V in the article)"
    HELP_ORDER = 35
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="versions.back"),
        Binding("j", "cursor_down", "Down", show=False, id="versions.down"),
        Binding("k", "cursor_up", "Up", show=False, id="versions.up"),
        *first_last_bindings("versions"),
        Binding("enter", "compare", "Compare with current", id="versions.compare"),
    ]

    def __init__(self, article: Article) -> None:
        super().__init__()
        self.article = article
        self.lines: list = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="versions-head")
        yield DataTable(cursor_type="row", id="versions-table")
        yield Static(id="versions-status")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, key in (("#", "number"), ("seen", "seen"), ("words", "words"), ("what changed", "summary")):
            table.add_column(label, key=key)
        head = Text(clean_inline(self.article.title), style="bold")
        head.append(f"\n{clean_inline(self.article.source) or 'no source'} · id {self.article.id[:10]}", style="dim")
        self.query_one("#versions-head", Static).update(head)
        with self.news_app.lib_lock:
            lines = versions.listing(self.news_app.lib, self.article.id, summaries=False)
        self._show(lines, done=False)
        table.move_cursor(row=max(0, len(lines) - 2))  # the version before the current: the likeliest to compare
        table.focus()
        self.load_summaries()

    def _show(self, lines: list, done: bool) -> None:
        self.lines = lines
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for line in lines:
            v = line.version
            summary = Text(clean_inline(line.summary), style="" if done or v.number == 1 else "dim")
            table.add_row(Text(f"{v.number}" + (" (current)" if v.current else "")), Text(v.seen_at.replace("T", " ")[:16]),
                          Text(str(v.words), justify="right"), summary, key=str(v.number))
        if lines:
            table.move_cursor(row=min(row, len(lines) - 1))
        note = "enter: compare the version under the cursor with the current one"
        status = Text(f"{len(lines)} versions · {note}" + ("" if done else " · comparing each with the one before…"),
                      style="dim")
        self.query_one("#versions-status", Static).update(status)

    @work(thread=True, exclusive=True, group="versions")
    def load_summaries(self) -> None:
        """What each version changed: a comparison each, off the UI thread
        and outside the library's lock, with the entities the compare
        screen uses (the quick ones where a model has not run yet)."""
        from reader.core.compare.comparison import compare  # start-up time: loaded with the first comparison

        app = self.news_app
        with app.lib_lock:
            wordings = [app.lib.get(f"{self.article.id}@{line.version.number}") for line in self.lines]

        def compared(a: Article, b: Article):
            mentions = {x.id: app.mentions_for(x, quick=True)[1] for x in (a, b)}
            return compare(a, b, entities_of=lambda art: mentions[art.id])

        lines = [versions.HistoryLine(line.version, versions.changed_line(wordings[k - 1], wordings[k], compared) if k else line.summary)
                 for k, line in enumerate(self.lines)]
        self.app.call_from_thread(self._show, lines, True)

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_compare()

    def action_compare(self) -> None:
        table = self.query_one(DataTable)
        if not self.lines or not 0 <= table.cursor_row < len(self.lines):
            return
        v = self.lines[table.cursor_row].version
        if v.current:
            self.notify("this is the current version: choose an earlier one to compare with it", timeout=3)
            return
        self.news_app.open_compare(f"{self.article.id}@{v.number}", self.article.id)
