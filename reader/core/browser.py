"""The browser the config names (`browser = "firefox --new-tab %u"`, as
newsboat's): the command run without a shell, so an address can never be
read as shell syntax; %u is the address, added at the end when absent. The
address is one reader.core.links.browser_url allowed (http or https, no
spaces, not starting with '-')."""

from __future__ import annotations

import shlex
import subprocess


def browser_command(template: str, url: str) -> list[str]:
    """The command's words with the address in place of %u."""
    words = shlex.split(template)
    if not any("%u" in word for word in words):
        return [*words, url]
    return [word.replace("%u", url) for word in words]


def open_with(template: str, url: str) -> None:
    """Start the browser and return at once (it runs on after the app);
    OSError when it cannot be started (no such program)."""
    subprocess.Popen(browser_command(template, url), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, start_new_session=True, close_fds=True)
