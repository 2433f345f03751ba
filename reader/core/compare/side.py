"""The two sides of a comparison, typed: "a" and "b"."""

from __future__ import annotations

from typing import Literal

Side = Literal["a", "b"]
SIDES: tuple[Side, Side] = ("a", "b")


def other_side(side: Side) -> Side:
    return "b" if side == "a" else "a"


def check_side(side: str) -> Side:
    """side, typed; ValueError for anything but "a" or "b"."""
    if side == "a" or side == "b":
        return side
    raise ValueError("side is 'a' or 'b'")
