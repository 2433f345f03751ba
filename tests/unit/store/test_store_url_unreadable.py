"""A store URL that urlsplit cannot read, given to the core (not the CLI, which checks it first):
one StoreError line, the password hidden, never the ValueError of the URL parser."""

from __future__ import annotations

import pytest

from reader.core.config import Config
from reader.core.library import Library
from reader.core.store import pg
from reader.core.store.errors import StoreError


@pytest.mark.parametrize(("url", "why"), [
    ("postgresql://u@[::1/db", "Invalid IPv6 URL"),
    ("postgresql://u:secret@[::1/db", "Invalid IPv6 URL"),
    ("postgresql://u:secret@db.example:99999/news", "Port out of range"),
])
def test_library_on_an_unreadable_store_url_is_one_store_error(tmp_path, url, why):
    with pytest.raises(StoreError) as caught:
        Library(tmp_path / "index", Config(store=url))
    message = str(caught.value)
    assert "\n" not in message
    assert why in message
    assert "not a URL that can be read" in message
    assert "secret" not in message


def test_shown_hides_the_password_of_a_url_urlsplit_refuses():
    assert pg.shown("postgresql://u:secret@[::1/db") == "postgresql://u:***@[::1/db"
    assert pg.shown("postgresql://u@[::1/db") == "postgresql://u@[::1/db"
