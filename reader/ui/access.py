"""The app as its screens, widgets and services see it, with types.

Screens cannot import reader.ui.app (it imports them), so what they may ask
of the app is written down here as a Protocol, which NewsApp satisfies
(tests/ui/test_access.py checks it member by member). `self.news_app` on a
NewsScreen, or `news_app(node)` anywhere else, is the app with these types,
instead of an untyped `self.app.lib`.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from threading import RLock
from typing import TYPE_CHECKING, ClassVar, Protocol, cast

from textual.command import Provider
from textual.dom import DOMNode
from textual.screen import Screen

from reader.core.library import Library
from reader.ui.services.server_errors import KeepsRunning

if TYPE_CHECKING:  # types only: the entity package loads after the first screen
    from reader.core.entities.model import Mention
    from reader.core.models import Article


class NewsAppAPI(Protocol):
    """What screens, widgets and services use of NewsApp beyond App's own."""

    lib: Library
    # One lock around the library: its SQLite connection and the engine's
    # searcher are shared by the UI thread and the workers.
    lib_lock: RLock
    entity_extractor: str | None  # None: the best installed
    user_keymap: dict[str, str]
    last_opened: str | None  # the article read last: the library list's cursor goes to it on return

    def mentions_for(self, article: Article, quick: bool = False) -> tuple[str, list[Mention]]: ...

    def entities_paused(self) -> AbstractContextManager[None]: ...

    def open_article(self, article_id: str, query: str = "", siblings: list[str] | None = None) -> None: ...

    def open_terms(self, query: str) -> None: ...

    def mark_for_compare(self, article_id: str) -> None: ...

    def open_compare(self, a_id: str, b_id: str, reports: list[str] | None = None, at: int | None = None) -> None: ...

    def toggle_state(self, article_id: str, field: str) -> None: ...

    def mark_read(self, article_ids: list[str], note: str) -> None: ...

    def open_article_url(self, article_id: str) -> None: ...

    def copy_article_url(self, article_id: str) -> None: ...

    def search_for(self, query: str) -> None: ...

    def filter_source(self, source: str) -> None: ...

    def action_focus_search(self) -> None: ...

    def action_reindex(self) -> None: ...

    def action_help(self) -> None: ...


def news_app(node: DOMNode | Provider) -> NewsAppAPI:
    """The app a widget, screen or command provider belongs to, typed."""
    return cast(NewsAppAPI, node.app)


class NewsScreen(KeepsRunning, Screen):  # a server gone away is one line, not a crash
    """A screen of this app: `news_app` typed, and its place in the help.

    HELP_TITLE names the screen's section of the help screen, which lists the
    screen's own BINDINGS there; HELP_ORDER places the section (widgets with
    bindings say the same, see reader.ui.screens.help)."""

    HELP_TITLE: ClassVar[str] = ""
    HELP_ORDER: ClassVar[int] = 0

    @property
    def news_app(self) -> NewsAppAPI:
        return news_app(self)
