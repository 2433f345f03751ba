"""Command palette entries: open an article by title, search, reindex;
save the article on screen, set its source, the saved searches."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from reader.core.text.clean import clean_inline
from reader.ui import handoff
from reader.ui.access import news_app


def current_article(screen) -> str | None:
    """The article the screen shows, or the one under the library's cursor."""
    if (article := getattr(screen, "article", None)) is not None and hasattr(article, "id"):
        return article.id
    return screen.current_id() if hasattr(screen, "current_id") else None


def context_commands(app, screen) -> list[tuple[str, object, str | Content]]:
    """(name, callback, help) of the commands for the article on screen (the
    one the palette was opened on) and the saved searches."""
    from reader.ui.screens import saved_searches, sources  # loaded when the palette opens (start-up time)

    out: list[tuple[str, object, str | Content]] = [
        ("saved searches: list them", lambda: app.push_screen(saved_searches.SavedSearchesScreen()),
         "named queries with their unread counts (' in the library)"),
    ]
    query = getattr(getattr(app, "library_screen", None), "query_text", "")
    if query:
        out.append(("saved searches: save this search", partial(saved_searches.save_search, app, query),
                    "under a name (ctrl+s in the library)"))
    article_id = current_article(screen)
    if article_id:
        folder = handoff.folder_for(app)[0]
        out += [
            # the palette reads a help string as markup (Content is taken as it is): the config's folder is data
            ("save: this article as Markdown", partial(handoff.save, app, article_id, "md"), Content(f"to {folder} (w)")),
            ("save: this article as text", partial(handoff.save, app, article_id, "txt"), Content(f"to {folder} (W)")),
            ("source: set this article's source", partial(sources.ask_source, app, article_id),
             "kept over re-indexing, as `newsreader source set`"),
            ("source: set the source of every article from its folder",
             partial(sources.ask_source, app, article_id, True), "the folder its file was read from"),
        ]
    return out


def highlighted(matcher: Matcher, candidate: str) -> Content:
    """What Matcher.highlight gives, without reading the candidate as markup:
    an article's title is data ("[Live] Budget", "[link=…]"), and Textual's
    highlight parses it (a title it cannot parse ended the palette's search)."""
    content = Content(candidate)
    score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    if score:
        for offset in offsets:
            if not candidate[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


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
        for name, action, help_text in context_commands(app, self.screen):
            yield DiscoveryHit(name, action, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        app = news_app(self)
        if query.strip():
            yield Hit(1.0, Text("search: ") + Text(query), partial(app.search_for, query), help="full-text search for this query")
        for name, action, help_text in (
            ("reindex: rebuild the search index", app.action_reindex, "from the article store; read state is kept"),
            ("help: keys", app.action_help, "every key binding"),
            *context_commands(app, self.screen),
        ):
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlighted(matcher, name), action, help=help_text)
        shown = 0
        for article_id, title, source in self.titles:
            label = f"open: {title}"
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, highlighted(matcher, label), partial(app.open_article, article_id, "", [article_id]),
                          text=label, help=Content(source))  # a str help would be read as markup
                shown += 1
                if shown >= 50:
                    break
