"""What the CLI writes: JSON on stdout, Rich on the terminal, a progress bar
on stderr. Rich is imported only when something is shown with it, so that a
--json run never loads it.

No control character reaches the terminal from here: the plain lines are
cleaned (they quote file names, feeds, servers, config values), and in JSON
the characters json.dumps leaves raw (DEL and the C1 controls, of which
0x9b and 0x9d open escape sequences, and the invisible format characters:
zero-width, bidi) are written as \\u escapes.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TextIO

from reader.cli.errors import CliError
from reader.core.text.clean import clean_inline, strip_controls

Progress = Callable[[str, int, int], None]
# DEL and C1, and the invisible format characters (zero-width, bidi marks,
# overrides and isolates) that would reorder or hide text on a terminal
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def emit_json(obj) -> None:
    text = json.dumps(obj, ensure_ascii=False, indent=2)
    sys.stdout.write(_RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


def write_output(path: Path, write: Callable[[TextIO], object]) -> None:
    """--output: the file written by write(file); one that cannot be written
    is one line naming it (it said "the index is as it was", of a command
    that writes no index)."""
    existed = path.is_file()
    # a file is written beside and put in place whole: a write that fails (a full disk) leaves the one that was there
    target = path.with_name(path.name + ".partial") if existed or not path.exists() else path
    try:
        with target.open("w", encoding="utf-8") as fh:
            write(fh)
        if target != path:
            os.replace(target, path)
    except OSError as exc:
        if target != path:
            target.unlink(missing_ok=True)
        raise CliError(f"could not write {path}: {exc.strerror or exc}") from exc
    if target != path:  # (where it went, and that a file was replaced: it was overwritten without a word)
        complain(f"wrote {path}" + (" (the file that was there is replaced)" if existed else ""))


def say(text: str) -> None:
    """One line for a person on stdout, control characters removed."""
    sys.stdout.write(strip_controls(text).replace("\n", " ") + "\n")


def complain(text: str) -> None:
    """One line on stderr, 'newsreader: ...', cleaned to one line."""
    print(f"newsreader: {clean_inline(text)}", file=sys.stderr)


def console(stderr: bool = False, **options):
    from rich.console import Console  # start-up time (~20 ms): only output for a person needs Rich

    options = {"highlight": False, "markup": False, "emoji": False, "soft_wrap": False, **options}
    return Console(stderr=stderr, **options)


def render():
    """reader.render.console: the Rich renderings of the core's results."""
    from reader.render import console as rendering  # start-up time (~50 ms), as console() above

    return rendering


def progress_runner(enabled: bool) -> Callable[[], AbstractContextManager[Progress | None]]:
    """A Rich progress bar on stderr, used when there is more than a handful
    of files; run() yields the progress callback, or None when not enabled."""

    @contextmanager
    def run() -> Iterator[Progress | None]:
        if not enabled:
            yield None
            return
        import rich.progress as rp  # start-up time (~30 ms), as console() above

        bar = rp.Progress(
            rp.TextColumn("{task.description}"), rp.BarColumn(), rp.MofNCompleteColumn(), rp.TimeRemainingColumn(),
            console=console(stderr=True), transient=True,
        )
        tasks: dict[str, int] = {}

        def update(stage: str, done: int, total: int) -> None:
            if total <= 10:
                return
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        with bar:
            yield update

    return run
