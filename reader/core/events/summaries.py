"""cluster.summarise over a whole grouping's events at once: the events
of one report (four in five of a first grouping's) with numpy, the others
as summarise makes them; the same events, to the last bit of their
cohesion (a test holds one to the other). Python sums a vector's squares
left to right, and so does this: a cumulative sum along its row (zeros
after its end change nothing).

numpy is imported with this module, which index.py imports only when it
computes events (the app's start-up does not pay for it).
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence

import numpy as np

from reader.core.events.cluster import Doc, Event, summarise
from reader.core.events.grouping import naive


def summarise_all(groups: Sequence[tuple[str, Sequence[Doc]]]) -> list[Event]:
    """[summarise(event_id, docs) for event_id, docs in groups]."""
    singles = [(i, docs[0]) for i, docs in groups if len(docs) == 1]
    made: dict[str, Event] = {}
    blobs = [_doubles(d.vector) for _, d in singles]
    data, sizes = _flat(blobs)
    square = _row_sums(data * data, sizes)
    root = np.sqrt(square)
    for (event_id, d), c in zip(singles, (square / np.where(root == 0.0, 1.0, root)).tolist()):
        day = naive(d.published)
        made[event_id] = Event(event_id, d.title or "(untitled)", (d.id,), (d.source,) if d.source else (), day, day, c)
    return [made[i] if i in made else summarise(i, docs) for i, docs in groups]


def _doubles(vector: dict[str, float]) -> bytes:
    """A vector's weights as native doubles, in its order (rows.Vector's stored bytes while it is unread)."""
    packed = getattr(vector, "packed", None)
    found = packed() if packed is not None else None
    return found[1] if found is not None else array("d", vector.values()).tobytes()


def _flat(blobs: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    sizes = np.fromiter(map(len, blobs), dtype=np.int64, count=len(blobs)) >> 3
    return np.frombuffer(b"".join(blobs), dtype=np.float64), sizes


def _row_sums(values: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The sum of each row's values (rows of sizes, one after the other), left to right."""
    padded = np.zeros((len(sizes), max(int(sizes.max()) if len(sizes) else 0, 1)))
    starts = np.cumsum(sizes) - sizes
    padded[np.repeat(np.arange(len(sizes)), sizes), np.arange(len(values)) - np.repeat(starts, sizes)] = values
    return np.cumsum(padded, axis=1)[:, -1]
