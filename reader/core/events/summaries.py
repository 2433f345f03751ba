"""cluster.summarise over a whole grouping's events at once, with numpy:
the same events, to the last bit of their cohesion (a test holds one to the
other). The sums Python makes left to right are made left to right here
too: a vector's squares, and its products with its event's centroid, as a
cumulative sum along its row (zeros after its end change nothing); each
centroid's weights added member after member, in the members' order, a
term being a centroid's by its id (rows.term_ids; vectors without ids are
summarised as summarise does it).

numpy is imported with this module, which index.py imports only when it
computes events (the app's start-up does not pay for it).
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Sequence

import numpy as np

from reader.core.events.cluster import Doc, Event, summarise, summary
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
    several = [(i, docs) for i, docs in groups if len(docs) > 1]
    for (event_id, docs), close in zip(several, _closeness(several)):
        made[event_id] = summary(event_id, docs, close)
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


def _kept(vector: dict[str, float]) -> tuple[bytes, bytes] | None:
    """(weights, terms' ids) of a vector that keeps its ids (rows.Vector), in its order."""
    ids = getattr(vector, "ids", lambda: None)()
    return None if ids is None else (_doubles(vector), ids)


def _closeness(several: Sequence[tuple[str, Sequence[Doc]]]) -> list[list[float]]:
    """Each event's members' cosines with their centroid, as summarise
    computes them; none (summarise then does) unless every vector keeps its ids."""
    docs = [d for _, members in several for d in members]
    found = [_kept(d.vector) for d in docs]
    if not docs or None in found:
        return []
    w, sizes = _flat([b for b, _ in found])
    ids = np.frombuffer(b"".join([i for _, i in found]), dtype=np.int64)
    if len(ids) != len(w):
        return []
    _, term = np.unique(ids, return_inverse=True)
    counts = np.array([len(members) for _, members in several], dtype=np.int64)
    event = np.repeat(np.repeat(np.arange(len(several)), counts), sizes)
    # A slot per (event, term): the centroid's entries, first met in the order summarise's dict takes them.
    _, first, slot = np.unique(event * (len(ids) + 1) + term.ravel(), return_index=True, return_inverse=True)
    slot = slot.ravel()
    # bincount adds in the entries' order: a slot's weights member after member.
    centroid = np.bincount(slot, weights=w, minlength=len(first))
    order = np.argsort(first, kind="stable")
    squares = (centroid[order] * centroid[order]).tolist()
    ends = np.cumsum(np.bincount(event[first[order]], minlength=len(several))).tolist()
    norms = [math.sqrt(sum(squares[a:b])) or 1.0 for a, b in zip([0, *ends[:-1]], ends)]
    dots = _row_sums(w * centroid[slot], sizes).tolist()
    out, k = [], 0
    for (_, members), norm in zip(several, norms):
        out.append([dot / norm for dot in dots[k : k + len(members)]])
        k += len(members)
    return out
