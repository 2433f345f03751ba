"""Test-only fault injection: kill the process at a named stage.

Set NEWSREADER_KILL_AT=<stage> (optionally NEWSREADER_KILL_AFTER=<n> to let
the stage pass n times first) and the process sends itself SIGKILL there, as
a power cut or an OOM kill would. Unset, a checkpoint costs one dict lookup.
"""

from __future__ import annotations

import os
import signal

STAGES = (
    "mid-batch",  # articles written to the store, the store transaction not committed
    "between-store-and-index",  # store committed, index not yet written
    "mid-commit",  # index documents written, the index commit not finished
    "after-index-commit",  # index committed, the store not yet told what the index holds
)
_passes: dict[str, int] = {}


def checkpoint(stage: str) -> None:
    target = os.environ.get("NEWSREADER_KILL_AT")
    if target != stage:
        return
    seen = _passes.get(stage, 0)
    _passes[stage] = seen + 1
    if seen >= int(os.environ.get("NEWSREADER_KILL_AFTER", "0")):
        os.kill(os.getpid(), signal.SIGKILL)
