"""Command palette entries: open an article by title, search, reindex."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from reader.core.text.clean import clean_inline
from reader.ui.access import news_app


class ArticleCommands(Provider):
    async def startup(self) -> None:
        app = news_app(self)
        with app.lib_lock:
            rows = app.lib.listing(limit=5000)
        self.titles = [(r["id"], clean_inline(r["title"]), clean_inline(r["source"])) for r in rows]

    async def discover(self) -> Hits:
        app = news_app(self)
        yield DiscoveryHit("search: …", app.action_focus_search, help="type a query in the search box")
        yield DiscoveryHit("reindex: rebuild the search index", app.action_reindex, help="from the article store; read state is kept")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        app = news_app(self)
        if query.strip():
            yield Hit(1.0, Text("search: ") + Text(query), partial(app.search_for, query), help="full-text search for this query")
        for name, action, help_text in (
            ("reindex: rebuild the search index", app.action_reindex, "from the article store; read state is kept"),
            ("help: keys", app.action_help, "every key binding"),
        ):
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), action, help=help_text)
        shown = 0
        for article_id, title, source in self.titles:
            label = f"open: {title}"
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), partial(app.open_article, article_id, "", [article_id]), help=source)
                shown += 1
                if shown >= 50:
                    break
