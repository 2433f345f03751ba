"""The reader's read and bookmark changes, kept so that the last ones can be
undone (u): r, b and A (mark all read) change state without asking twice,
because a mistake costs one key to take back."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reader.core.library import Library

KEPT = 50  # changes that can be undone, the newest last
CHUNK = 500  # ids per query: SQLite caps the parameters of one statement


@dataclass(frozen=True)
class StateChange:
    field: str  # "read" or "bookmarked"
    value: bool  # what the articles were set to
    ids: tuple[str, ...]  # the articles whose state this changed (the others already had it)
    note: str  # what it did, for the reader: "marked 116 articles read"


def _setter(lib: Library, field: str):
    return lib.set_read if field == "read" else lib.set_bookmarked


def differing(lib: Library, ids: Iterable[str], field: str, value: bool) -> list[str]:
    """The articles among ids whose field is not value already."""
    ids = list(ids)
    out: list[str] = []
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        out += [r["id"] for r in lib.listing(ids=chunk, limit=len(chunk)) if r[field] != value]
    return out


class ReadState:
    """Changes read state through the library and remembers them; the
    caller holds the library's lock."""

    def __init__(self) -> None:
        self.done: list[StateChange] = []

    def change(self, lib: Library, ids: Iterable[str], field: str, value: bool, note: str) -> StateChange:
        changed = tuple(differing(lib, ids, field, value))
        _setter(lib, field)(changed, value)
        step = StateChange(field, value, changed, note)
        if changed:
            self.done = [*self.done[-(KEPT - 1):], step]
        return step

    def undo(self, lib: Library) -> StateChange | None:
        """Put back the articles the last change changed; None when there is
        nothing left to undo."""
        if not self.done:
            return None
        step = self.done.pop()
        _setter(lib, step.field)(step.ids, not step.value)
        return step
