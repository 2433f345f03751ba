"""What the CLI writes: JSON on stdout, Rich on the terminal, a progress bar
on stderr. Rich is imported only when something is shown with it, so that a
--json run never loads it."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

Progress = Callable[[str, int, int], None]


def emit_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


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
