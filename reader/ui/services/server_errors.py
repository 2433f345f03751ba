"""A store or search engine on a server that stops answering: one line for
the reader, never a crash.

Textual ends the app on any exception a handler, a key's action, a timer or
a worker lets out. The errors of a server gone away (StoreError: the store
reconnects by itself on its next call; EngineUnavailable: the engine's) are
caught here instead, where every call into the core passes:

    KeepsRunning       the message dispatch of the app and of its screens:
                       keys, actions and every handler run inside it, and the
                       report of a worker that failed quietly arrives there
    AppKeepsRunning    the app's exception hook besides: timers, call-later
                       callbacks and the workers that would end the app

What is on screen stays as it was: a screen that changed a line before the
call that failed (a "comparing…" note, the sides it was about to show) puts it
back in its keep_shown(), which every screen of the stack that has one is
given on each such error; a screen whose mounting failed so (it could not read
what it would show) is popped, leaving the one under it. The reader is told once (the same line is not said
again while the server stays away and the last line still shows), and a probe
every few seconds says when the server answers again.
"""

from __future__ import annotations

import time

from textual import events
from textual.screen import Screen
from textual.worker import Worker, WorkerFailed, WorkerState

from reader.core.search.errors import EngineUnavailable, one_line
from reader.core.store.errors import StoreError

SERVER_ERRORS: tuple[type[BaseException], ...] = (StoreError, EngineUnavailable)
PROBE_EVERY = 3.0  # seconds between two looks at a server that did not answer
SAME_LINE_AFTER = 8.0  # seconds before the same line is said again


def server_error(error: BaseException | None) -> BaseException | None:
    """The store or engine error error is, or that a failed worker raised; None for any other."""
    if isinstance(error, WorkerFailed):
        error = error.error
    return error if isinstance(error, SERVER_ERRORS) else None


class ServerWatch:
    """What the app has said about the server, and the probe that tells when it is back."""

    def __init__(self, app) -> None:
        self.app = app
        self.down = False
        self._said: tuple[str, float] = ("", 0.0)
        self._probe = None
        self._looking = None

    def report(self, error: BaseException) -> None:
        for screen in self.app.screen_stack:
            keep = getattr(screen, "keep_shown", None)
            if keep is not None:
                keep()
        line = one_line(error)
        now = time.monotonic()
        # while the server is away each call fails in words of its own: the first is said, not each
        if not self.down or now - self._said[1] > SAME_LINE_AFTER:
            self._said = (line, now)
            self.app.notify(f"{line} · what is on screen stays", severity="error", timeout=SAME_LINE_AFTER,
                            markup=False)
        if not self.down:
            self.down = True
            self._probe = self.app.set_interval(PROBE_EVERY, self._look, name="server probe")

    def _look(self) -> None:
        if self._looking is not None and not self._looking.is_finished:
            return  # still waiting on the last look (a server that does not answer at all takes the connect timeout)
        self._looking = self.app.run_worker(self._answers, thread=True, group="server-probe", exit_on_error=False)

    def _answers(self) -> None:
        app = self.app
        try:
            with app.lib_lock:
                app.lib.store.count()
        except SERVER_ERRORS:
            return  # still away: said already, and said again only when the reader asks for something
        app.call_from_thread(self._back)

    def _back(self) -> None:
        if not self.down:
            return
        self.down = False
        if self._probe is not None:
            self._probe.stop()
            self._probe = None
        self._said = ("", 0.0)
        self.app.notify("the server answers again", timeout=4, markup=False)
        update = getattr(self.app, "update_title", None)
        if update is not None:
            update(entities=False)


def watch(app) -> ServerWatch:
    found = getattr(app, "_server_watch", None)
    if found is None:
        found = app._server_watch = ServerWatch(app)
    return found


class KeepsRunning:
    """Mixed into the app and its screens (before Textual's class): a server error from a
    handler or an action becomes the one line. Textual has no public hook for this, so the one
    method every message and event of a node passes through is wrapped."""

    async def _dispatch_message(self, message) -> None:
        try:
            await super()._dispatch_message(message)  # type: ignore[misc]
        except SERVER_ERRORS as exc:
            watch(self.app).report(exc)  # type: ignore[attr-defined]
            if isinstance(message, events.Mount) and isinstance(self, Screen):
                # a screen that could not read what it shows is not shown: the one under it stays
                self.app.call_later(self._not_shown)  # type: ignore[attr-defined]
            return
        if isinstance(message, Worker.StateChanged) and message.state == WorkerState.ERROR:
            if (error := server_error(message.worker.error)) is not None:
                watch(self.app).report(error)  # type: ignore[attr-defined]


    def _not_shown(self) -> None:
        # the library is the app's first screen: popped, nothing would be left but a blank one
        app = self.app  # type: ignore[attr-defined]
        if app.screen is self and self is not getattr(app, "library_screen", None):
            app.pop_screen()


class AppKeepsRunning(KeepsRunning):
    """The app's part: what Textual hands its exception hook (and would end the app with)."""

    def _handle_exception(self, error: Exception) -> None:
        found = server_error(error)
        if found is not None:
            watch(self).report(found)
            return
        super()._handle_exception(error)  # type: ignore[misc]
