"""numpy and scipy (sparse.py's matrix products) imported in a thread while
a grouping reads the store: the import is a quarter of a second or more of
a first grouping, spent waiting on a disk and on sqlite3 (which lets go of
the interpreter while it reads) as much as on the import itself."""

from __future__ import annotations

import sys
import threading

_MODULE = "reader.core.events.sparse"


def sparse_in_background() -> None:
    """Start importing sparse.py, unless it is imported or on its way."""
    if _MODULE in sys.modules or any(t.name == _MODULE for t in threading.enumerate()):
        return
    threading.Thread(target=_load, name=_MODULE, daemon=True).start()


def _load() -> None:
    try:
        import reader.core.events.sparse  # noqa: F401  the point of this module: imported beside the store's reads
    except Exception:  # noqa: BLE001  the grouping imports it again, and fails there, where it is told
        pass
