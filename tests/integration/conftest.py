"""Fixtures of the integration tests: the hostile HTTP server."""

from __future__ import annotations

import pytest

from tests.hostile_server import Hostile


@pytest.fixture
def hostile(tmp_path):
    """A hostile server in its own process on 127.0.0.1, ended by its PID
    after the test (and by itself after 60 s or 500 requests)."""
    server = Hostile(tmp_path)
    yield server
    server.stop()
