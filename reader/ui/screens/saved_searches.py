"""Saved searches (newsboat's query feeds): each name with how many
articles match its query and how many of them are unread; enter shows its
results in the library. The counts are searches: they are made in a worker,
the list shows at once with "…" until they come."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from reader.core.errors import LibraryError
from reader.core.search.errors import QueryError
from reader.core.search.saved import SavedSearch
from reader.core.text.clean import clean_inline
from reader.ui.access import NewsScreen
from reader.ui.messages import ArticleStateChanged, IndexingFinished
from reader.ui.screens.confirm import Confirm
from reader.ui.screens.prompt import Prompt
from reader.ui.table_keys import FirstLastRow, first_last_bindings
from reader.ui.widgets.key_bar import KeyBar


def save_search(app, query: str, done=None) -> None:
    """Ask for a name and save query under it (ctrl+s in the library, the
    palette, a here); one line says what was done. done(): called once saved."""
    query = " ".join(query.split())

    def named(name: str | None) -> None:
        if not name:
            return
        try:
            with app.lib_lock:
                saved = app.lib.saved_searches.add(name, query)
        except (LibraryError, QueryError) as exc:
            app.notify(f"not saved: {exc}", severity="error", timeout=6, markup=False)
            return
        app.notify(f"saved search {saved.name!r}: {saved.query} · ' lists the saved searches", timeout=5,
                   markup=False)
        if done is not None:
            done()

    app.push_screen(Prompt(f"Save the search «{clean_inline(query)}» as (a name)"), named)


class SavedSearchesScreen(FirstLastRow, NewsScreen):
    HELP_TITLE = "Saved searches (' in the library)"
    HELP_ORDER = 55
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="searches.back"),
        Binding("j", "cursor_down", "Down", show=False, id="searches.down"),
        Binding("k", "cursor_up", "Up", show=False, id="searches.up"),
        *first_last_bindings("searches"),
        Binding("a", "add", "Add", id="searches.add"),
        Binding("d", "remove", "Remove", id="searches.remove"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.searches: list[SavedSearch] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="searches-status")
        yield DataTable(cursor_type="row", id="searches-table")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, key in (("search", "name"), ("unread", "unread"), ("articles", "total"), ("query", "query"),
                           ("from", "from")):
            table.add_column(label, key=key)
        table.focus()
        self.reload()

    @on(IndexingFinished)
    @on(ArticleStateChanged)
    def _library_changed(self) -> None:
        self.reload()

    def reload(self) -> None:
        with self.news_app.lib_lock:
            self.searches = self.news_app.lib.saved_searches.list()
        self._show()
        self.count()

    def _show(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for s in self.searches:
            unread = "…" if s.unread is None else str(s.unread)
            table.add_row(Text(clean_inline(s.name)), Text(unread, style="bold" if s.unread else "dim"),
                          Text("…" if s.total is None else str(s.total)), Text(clean_inline(s.query), style="italic"),
                          Text(s.origin, style="dim"), key=s.name)
        if self.searches:
            table.move_cursor(row=min(row, len(self.searches) - 1))
        status = self.query_one("#searches-status", Static)
        if not self.searches:
            status.update(Text("No saved searches yet: a adds one here, ctrl+s saves the library's search,"
                               " or [searches] in the config.", style="dim"))
        else:
            count = len(self.searches)
            status.update(Text(f"{count} saved search{'' if count == 1 else 'es'} · enter shows the results · a adds ·"
                               " d removes", style="dim"))

    @work(thread=True, exclusive=True, group="saved-search-counts")
    def count(self) -> None:
        """Each search's totals: a full search each, here off the UI thread."""
        counted = []
        for search in list(self.searches):
            try:
                with self.news_app.lib_lock:
                    counted.append(self.news_app.lib.saved_searches.counted(search))
            except (LibraryError, QueryError):
                counted.append(search)  # a query the engine no longer reads: shown without counts
        self.app.call_from_thread(self._counted, counted)

    def _counted(self, counted: list[SavedSearch]) -> None:
        if [s.name for s in counted] == [s.name for s in self.searches]:
            self.searches = counted
            self._show()

    def _current(self) -> SavedSearch | None:
        table = self.query_one(DataTable)
        if not self.searches or table.cursor_row < 0:
            return None
        return self.searches[min(table.cursor_row, len(self.searches) - 1)]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        search = self._current()
        if search is not None:
            self.news_app.search_for(search.query)

    def action_add(self) -> None:
        def queried(query: str | None) -> None:
            if query:
                save_search(self.app, query, done=self.reload)

        self.app.push_screen(Prompt("A new saved search: its query", placeholder='e.g. ferry source:bbc'), queried)

    def action_remove(self) -> None:
        search = self._current()
        if search is None:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                with self.news_app.lib_lock:
                    self.news_app.lib.saved_searches.remove(search.name)
            except LibraryError as exc:
                self.notify(str(exc), severity="error", timeout=5, markup=False)
                return
            self.notify(f"removed the saved search {search.name!r}", timeout=3, markup=False)
            self.reload()

        self.app.push_screen(Confirm(f"Remove the saved search {clean_inline(search.name)!r}?"), answered)

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()
