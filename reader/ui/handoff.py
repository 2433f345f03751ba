"""What the app hands to the world outside it: an article saved to a file
(w Markdown, W text, in the article view and the library), the folder the
palette's screenshot goes to, a link opened with the config's browser or
the system's.
One line tells where each went. The renderings are in reader.core.saving."""

from __future__ import annotations

import webbrowser
from pathlib import Path

from reader.core.browser import browser_command, open_with
from reader.core.saving import FORMATS, save_article, save_folder
from reader.core.text.clean import clean_inline


def folder_for(app) -> tuple[Path, str]:
    """The folder that exists to save into, and why that one."""
    return save_folder(getattr(app.lib.config, "save_dir", ""))


def save(app, article_id: str, fmt: str) -> Path | None:
    """Save an article as Markdown ("md") or text ("txt") and say where it
    went, one line; None when it could not be written (said too)."""
    folder, why = folder_for(app)
    with app.lib_lock:
        article = app.lib.get(article_id)
    width = getattr(app.lib.config, "text_width", 78) or 78
    try:
        path = save_article(article, folder, fmt, width)
    except OSError as exc:
        # the folder is the config's save_dir: a name from outside, cleaned as any other
        app.notify(clean_inline(f"not saved: {exc.strerror or exc} ({folder})"), severity="error", timeout=6,
                   markup=False)
        return None
    app.notify(clean_inline(f"saved as {FORMATS[fmt]} to {path}" + ("" if why == "save_dir in the config" else f" ({why})")),
               timeout=6, markup=False)
    return path


def screenshot_folder(app) -> str:
    """Where the palette's screenshot goes: a folder that exists (Textual's
    own choice, ~/Downloads, fails when there is none)."""
    return str(folder_for(app)[0])


def open_link(app, url: str) -> None:
    """In a worker thread (a browser takes seconds to start): the config's
    browser when it names one, else the system's."""
    template = getattr(app.lib.config, "browser", "")
    if not template:
        app.open_url(url)  # says "opening" itself, once the system's browser is known to start
        return
    try:
        open_with(template, url)
    except OSError as exc:
        program = browser_command(template, url)[0]
        app.call_from_thread(app.notify, f"the browser {clean_inline(program)!r} could not be started:"
                             f" {exc.strerror or exc} (browser in the config)", severity="error", timeout=6,
                             markup=False)
        return
    app.notify("opening " + clean_inline(url), timeout=2, markup=False)  # once started, never before its failure


# Python's webbrowser runs these in the foreground, in the app's terminal
TERMINAL_BROWSERS = {"www-browser", "links", "links2", "elinks", "lynx", "w3m", "browsh", "carbonyl"}
NAME_ONE = 'name one in the config (browser = "firefox %u"), or copy the link with y'


def system_browser_problem() -> str:
    """Why the system's browser cannot open a link from the app ('' when it
    can): there is none (webbrowser would do nothing, and say nothing), or
    it is a terminal browser, which would draw over the app."""
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return f"no browser found to open the link: {NAME_ONE}"
    name = Path(getattr(browser, "name", "") or "").name
    if isinstance(browser, webbrowser.GenericBrowser) and name in TERMINAL_BROWSERS:
        return f"the system's browser, {name}, runs in the terminal the app is using: {NAME_ONE}"
    return ""
