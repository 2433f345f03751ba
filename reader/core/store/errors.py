"""The one error of the store package: a store that cannot be opened or read."""

from __future__ import annotations


class StoreError(RuntimeError):
    pass
