"""The App: global keys, the command palette, themes, start-up, and what it
does as background work reports (reader.ui.messages). The calls screens
share are in reader.ui.navigation, typed for them in reader.ui.access; work
off the UI thread is in reader.ui.services; screens and widgets live in their
own modules."""

from __future__ import annotations

import gc
import threading
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import App
from textual.binding import Binding
from textual.message import Message
from textual.reactive import Reactive

from reader.core.library import Library
from reader.core.models import Article
from reader.core.text.clean import strip_controls
from reader.ui import messages as msg
from reader.ui.commands import ArticleCommands
from reader.ui.handoff import screenshot_folder
from reader.ui.keymap import current_ids, warn_at_start
from reader.ui.navigation import Navigation
from reader.ui.screens.library import LibraryScreen
from reader.ui.services.background import Background
from reader.ui.services.entities import EntityProcess, mentions_for
from reader.ui.services.read_state import ReadState
from reader.ui.services.server_errors import AppKeepsRunning
from reader.ui.themes import LIGHT_ANSI, apply_theme

if TYPE_CHECKING:  # types only: the entity package loads after the first screen
    from reader.core.entities.model import Mention

ENTITY_START_DELAY = 2.0  # seconds after start before entity extraction begins


class NewsApp(AppKeepsRunning, Navigation):  # a server gone away is one line, not a crash
    CSS_PATH = "app.tcss"
    TITLE = "newsreader"
    COMMANDS = App.COMMANDS | {ArticleCommands}
    HELP_TITLE: ClassVar[str] = "Everywhere"
    HELP_ORDER: ClassVar[int] = 0
    ansi_theme_light = Reactive(LIGHT_ANSI, init=False)  # marks that read on a light theme (reader.ui.themes)
    BINDINGS = [
        # newsboat and vim: q one level back (it quits from the library's top level), Q quits from anywhere
        Binding("q", "back", "Back", show=False, id="app.back"),  # the bar shows each screen's esc
        Binding("Q", "quit", "Quit", id="app.quit"),
        Binding("u", "undo_state", "Undo read/bookmark", show=False, id="app.undo"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.command_palette"),
        Binding("L", "show_feeds", "Feeds", show=False, id="app.feeds"),
        Binding("F,R", "fetch_feeds", "Fetch feeds", show=False, id="app.fetch_feeds"),  # R: newsboat's reload
        # Each screen binds tab and shift+tab as well, without an id: a remapped key is one more.
        Binding("tab", "focus_next", "Next pane", show=False, id="app.focus_next"),
        Binding("shift+tab", "focus_previous", "Previous pane", show=False, id="app.focus_previous"),
    ]

    def __init__(self, lib: Library, seed_if_empty: bool = True, paths: list[Path] | None = None,
                 keymap: dict[str, str] | None = None, theme: str = "", rebuild: bool = False,
                 background_entities: bool = False) -> None:
        super().__init__()
        self.lib = lib
        # One lock around the library: its SQLite connection and Whoosh
        # searcher are shared by the UI thread and the search workers.
        self.lib_lock = threading.RLock()
        self.seed_if_empty = seed_if_empty
        self.paths = list(paths or [])
        self.user_keymap = dict(keymap or {})
        self._theme_name = theme
        self.rebuild_first = rebuild
        # The extractor the article view uses: None for the best installed
        # (spaCy when there is a pipeline), else the built-in rules.
        self.entity_extractor: str | None = None
        self.background_entities = background_entities
        self.background = Background(self)
        self.entity_process = EntityProcess(self)
        self.library_screen = LibraryScreen()
        self.read_state = ReadState()
        self.compare_first = None

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = True) -> None:
        # A toast may quote outside text (a config's keymap id, a server's
        # answer, a folder's name) and Textual passes ESC to the terminal: every
        # one is cleaned here, whichever screen or service sends it.
        super().notify(strip_controls(message), title=strip_controls(title), severity=severity, timeout=timeout,
                       markup=markup)

    def on_mount(self) -> None:
        if self.user_keymap:
            self.set_keymap(current_ids(self.user_keymap))
        apply_theme(self, self._theme_name)
        self.push_screen(self.library_screen)
        self.update_title(entities=False)  # counting entity coverage can wait for the first screen
        if self.rebuild_first:
            self.notify("the search index was damaged: rebuilding it from the article store", timeout=5)
            self.background.index([], rebuild=True)
        else:
            # After the first paint: opening the engine holds the library's
            # lock, which the list's first page would otherwise wait for.
            self.call_after_refresh(self.background.open_engine)
        # after the first paint: the help's sections it checks import every screen
        self.call_after_refresh(warn_at_start, self)
        minutes = getattr(self.lib.config, "feeds_refresh_minutes", 0)
        if minutes and minutes > 0:
            self.set_interval(minutes * 60, self.action_fetch_feeds, name="feeds refresh")

    def on_unmount(self) -> None:
        self.entity_process.stop()

    def deliver_screenshot(self, filename: str | None = None, path: str | None = None,
                           time_format: str | None = None) -> str | None:
        # the palette's Screenshot: Textual's ~/Downloads fails where there is none; a folder that exists
        return super().deliver_screenshot(filename, path or screenshot_folder(self), time_format)

    # --- background work, as it reports ------------------------------------------
    @on(msg.EngineOpened)
    def _engine_opened(self, message: msg.EngineOpened) -> None:
        # Everything alive now (modules, widgets, the engine) lives as long as
        # the app: taking it out of the collector's reach keeps full
        # collections (over 100 ms on a big index) out of keystroke-to-results.
        gc.freeze()
        self.update_title()
        with self.lib_lock:
            count = self.lib.store.count()
        if self.paths or (self.seed_if_empty and count == 0) or (count and not message.exists):
            self.background.index(self.paths)
        elif self.background_entities:
            # after the first screen: the extraction process competes for the CPU
            self.set_timer(ENTITY_START_DELAY, self.entity_process.start)

    @on(msg.EngineDamaged)
    def _engine_damaged(self, message: msg.EngineDamaged) -> None:
        self.notify(message.reason + "; rebuilding it now", severity="warning", timeout=6, markup=False)
        with self.lib_lock:
            self.lib = Library(self.lib.dir, self.lib.config, verify=False)
        self.background.index([], rebuild=True)

    @on(msg.IndexingStarted)
    @on(msg.IndexingProgressed)
    def _indexing_progressed(self, message: Message) -> None:
        self.tell_screens(message)

    @on(msg.IndexingFinished)
    def _indexing_finished(self, message: msg.IndexingFinished) -> None:
        self.lib.forget_kept()  # the write was another Library's: this one's engine may keep the words before it
        if message.outcome is not None:
            self.update_title()
            if self.background_entities:
                self.entity_process.start()
        self.tell_screens(message)  # the bar hides; the lists reload
        if message.outcome is not None:
            self.notify(message.outcome, timeout=4, markup=False)

    @on(msg.EntitiesCounted)
    def _entities_counted(self, message: msg.EntitiesCounted) -> None:
        self._show_title(message.total, message.done)

    @on(msg.ComparisonPrepared)
    def _comparison_prepared(self, message: msg.ComparisonPrepared) -> None:
        from reader.ui.screens.compare import CompareScreen  # loaded after the first screen (start-up time)

        self.background.comparison_done()
        self.clear_notifications()  # "now press c on another article" is done with
        self.push_screen(CompareScreen(message.a_id, message.b_id, message.reports, message.prepared, message.at))

    @on(msg.ComparisonFailed)
    def _comparison_failed(self, message: msg.ComparisonFailed) -> None:
        self.background.comparison_done()
        self.notify(message.reason, severity="error", timeout=5, markup=False)

    def update_title(self, entities: bool = True) -> None:
        """The library's size and engine now; how far entity extraction has
        got follows from a worker (entities=True)."""
        with self.lib_lock:
            count = self.lib.store.count()
        self._show_title(count)
        if entities:
            self.entity_process.count()

    def _show_title(self, count: int, entities_done: int | None = None) -> None:
        progress = "" if entities_done is None or entities_done >= count else f" · entities {entities_done}/{count}"
        self.sub_title = f"{count} articles · {self.lib.engine_name}{progress}"

    # --- shared by screens (reader.ui.access.NewsAppAPI) ---------------------------
    def mentions_for(self, article: Article, quick: bool = False) -> tuple[str, list[Mention]]:
        return mentions_for(self, article, quick)


def run(lib: Library, seed_if_empty: bool = True, paths: list[Path] | None = None, rebuild: bool = False) -> int:
    app = NewsApp(lib, seed_if_empty=seed_if_empty, paths=paths, keymap=lib.config.keymap, theme=lib.config.theme,
                  rebuild=rebuild, background_entities=True)
    app.run()
    return app.return_code or 0
