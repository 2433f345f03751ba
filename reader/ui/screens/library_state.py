"""What the library screen's keys do to read state: r and b on the article
under the cursor, A on every article the list stands for (after a y; u
undoes it, see reader.ui.services.read_state), ] and [ to the next or
previous unread article."""

from __future__ import annotations

from reader.ui.access import NewsAppAPI
from reader.ui.services.read_state import differing
from reader.ui.widgets.article_table import ArticleTable
from reader.ui.widgets.results import ResultList


class ReadStateActions:
    """For LibraryScreen, which has the lists and says what they hold."""

    news_app: NewsAppAPI
    showing_results: bool
    query_text: str
    counts: tuple[int, int]

    def current_id(self) -> str | None:
        raise NotImplementedError

    def _where(self) -> str:
        raise NotImplementedError

    def _filters(self) -> dict:
        raise NotImplementedError

    def _load_page(self, table: ArticleTable) -> None:
        raise NotImplementedError

    def action_toggle_read(self) -> None:
        article_id = self.current_id()
        if article_id:
            self.news_app.toggle_state(article_id, "read")

    def action_mark_all_read(self) -> None:
        """Every article the list stands for, loaded or not, after a y."""
        from reader.ui.screens.confirm import Confirm  # loaded when first asked (start-up time)

        where = self._where()
        with self.news_app.lib_lock:
            if self.showing_results:
                ids = self.news_app.lib.search_ids(self.query_text)
            else:
                ids = [r["id"] for r in self.news_app.lib.listing(limit=max(1, self.counts[0]), **self._filters())]
            unread = differing(self.news_app.lib, ids, "read", True)
        if not unread:
            self.notify(f"nothing unread in {where}", timeout=2, markup=False)
            return
        note = f"marked {len(unread)} article{'s' * (len(unread) != 1)} read ({where})"

        def answered(yes: bool | None) -> None:
            if yes:
                self.news_app.mark_read(unread, note)

        self.app.push_screen(Confirm(f"Mark {len(unread)} unread article{'s' * (len(unread) != 1)} read ({where})?"),
                             answered)

    def action_next_unread(self) -> None:
        self._to_unread(1)

    def action_previous_unread(self) -> None:
        self._to_unread(-1)

    def _to_unread(self, step: int) -> None:
        if self.showing_results:
            results = self.query_one("#results", ResultList)
            i = results.unread_after(step, results.unread)
            if i is not None:
                results.highlighted = i
                return
        else:
            table = self.query_one("#library", ArticleTable)
            i = table.unread_after(step)
            while i is None and step > 0 and not table.exhausted:  # the next unread may be further down
                self._load_page(table)
                i = table.unread_after(step)
            if i is not None:
                table.move_cursor(i)
                return
        self.notify(f"no unread article {'below' if step > 0 else 'above'}", timeout=1.5)

    def action_toggle_bookmark(self) -> None:
        article_id = self.current_id()
        if article_id:
            self.news_app.toggle_state(article_id, "bookmarked")
