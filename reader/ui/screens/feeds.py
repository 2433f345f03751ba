"""The subscribed feeds with their unread counts; enter shows a feed's
articles in the library; a adds a feed, checked first that it is one (the
check fetches it, in a worker: never on the UI thread)."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from reader.core.feeds import FeedError, feed_unread_counts, state, subscriptions_for
from reader.core.feeds.check import check_feed
from reader.core.feeds.subscriptions import normalise_url
from reader.core.text.clean import clean_inline
from reader.ui.access import NewsScreen
from reader.ui.messages import IndexingFinished
from reader.ui.screens.prompt import Prompt
from reader.ui.table_keys import FirstLastRow, first_last_bindings
from reader.ui.widgets.key_bar import KeyBar


class FeedsScreen(FirstLastRow, NewsScreen):
    HELP_TITLE = "Feeds"
    HELP_ORDER = 50
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="feeds.back"),
        Binding("j", "cursor_down", "Down", show=False, id="feeds.down"),
        Binding("k", "cursor_up", "Up", show=False, id="feeds.up"),
        *first_last_bindings("feeds"),
        Binding("F", "app.fetch_feeds", "Fetch now", id="feeds.fetch"),
        Binding("a", "add_feed", "Add feed", id="feeds.add"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="feeds-status")
        yield DataTable(cursor_type="row", id="feeds-table")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, key in (("feed", "name"), ("unread", "unread"), ("articles", "total"), ("last fetch", "last")):
            table.add_column(label, key=key)
        table.focus()
        self.reload()

    @on(IndexingFinished)
    def _library_changed(self, event: IndexingFinished) -> None:
        if event.outcome is not None:
            self.reload()

    def reload(self) -> None:
        with self.news_app.lib_lock:
            rows = feed_unread_counts(self.news_app.lib)
            states = state.feed_states(self.news_app.lib.store)
        table = self.query_one(DataTable)
        table.clear()
        for name, url, unread, total in rows:
            st = states.get(url)
            last = "never fetched"
            if st is not None and st.last_fetched:
                last = f"{st.last_fetched[:16]}  {st.last_error or st.last_status or ''}"
            table.add_row(Text(clean_inline(name)), Text(str(unread), style="bold" if unread else "dim"),
                          Text(str(total)), Text(clean_inline(str(last)), style="dim"), key=url)
        status = self.query_one("#feeds-status", Static)
        if not rows:
            status.update(Text("No feeds yet: a adds one here (or `newsreader feeds add URL`, or import OPML).",
                               style="dim"))
        else:
            status.update(Text(f"{len(rows)} feed{'s' * (len(rows) != 1)} · enter shows a feed's articles · F fetches now · a adds one",
                               style="dim"))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        with self.news_app.lib_lock:
            rows = {url: name for name, url, _, _ in feed_unread_counts(self.news_app.lib)}
        url = event.row_key.value if event.row_key is not None else None
        if url in rows:
            self.app.pop_screen()
            self.news_app.filter_source(rows[url])

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    # --- a: adding a feed ----------------------------------------------------
    def action_add_feed(self) -> None:
        def answered(url: str | None) -> None:
            if not url:
                return
            try:
                address = normalise_url(url)  # a bad address is refused at once, before any request
                with self.news_app.lib_lock:
                    known = subscriptions_for(self.news_app.lib.store).list()
                if any(feed.url == address for feed in known):
                    raise FeedError(f"already subscribed to {address}")
            except FeedError as exc:
                self.notify(f"not added: {exc}", severity="error", timeout=6, markup=False)
                return
            self.notify(f"checking {clean_inline(url)} …", timeout=3, markup=False)
            self.add_feed(url)

        self.app.push_screen(Prompt("Add a feed: its address (http:// or https://)",
                                    placeholder="https://example.org/feed.xml"), answered)

    @work(thread=True, exclusive=True, group="add-feed")
    def add_feed(self, url: str) -> None:
        """Fetch url once to check it is a feed, then follow it: one line
        either way. Here, off the UI thread: a slow server takes seconds."""
        try:
            entries = check_feed(normalise_url(url))
            with self.news_app.lib_lock:
                feed = subscriptions_for(self.news_app.lib.store).add(url)
        except FeedError as exc:
            self.app.call_from_thread(self.notify, f"not added: {exc}", severity="error", timeout=8, markup=False)
            return
        line = (f"following {feed.url} (a feed of {entries} {'entry' if entries == 1 else 'entries'});"
                " F fetches it now")
        self.app.call_from_thread(self._added, line)

    def _added(self, line: str) -> None:
        self.reload()
        self.notify(clean_inline(line), timeout=6, markup=False)
