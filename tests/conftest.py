"""Shared fixtures. No test touches the real home directory or the repo's
index/: the XDG folders and the default index point into tmp_path."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
CORPORA = REPO.parent / "shared" / "corpora"


def pytest_configure(config):
    config.addinivalue_line("markers", "on_store: opens its library from the store fixtures (library, lib)")


def pytest_collection_modifyitems(items):
    """Mark the tests that open their library from the store fixtures (`library`, a module's `lib`):
    `-m on_store` picks those NEWSREADER_TEST_STORE=postgresql moves onto the server (.ci/run).
    The app's Pilot tests (tests/ui, whose `lib` every test takes) are marked by hand instead:
    those whose keys read or write the store (read state, bookmarks, saved searches, events,
    versions, search, feeds). There, the SVG snapshots skip."""
    on_server = os.environ.get("NEWSREADER_TEST_STORE") == "postgresql"
    ui = REPO / "tests" / "ui"
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if {"library", "lib"} & fixtures and ui not in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.on_store)
        if on_server and "snap_compare" in fixtures:
            # the only difference: the title names the engine ("5 articles · postgres · ...")
            item.add_marker(pytest.mark.skip(reason="an SVG snapshot shows the folder's engine in the title"))


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path, monkeypatch):
    home = tmp_path / "home"
    for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache")):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("NEWSREADER_INDEX", str(tmp_path / "default-index"))
    monkeypatch.delenv("NEWSREADER_CONFIG", raising=False)
    yield


@pytest.fixture
def seeds_copy(tmp_path) -> Path:
    dest = tmp_path / "seeds"
    shutil.copytree(SEEDS, dest)
    return dest


@pytest.fixture
def library(tmp_path, request):
    """A new empty library; NEWSREADER_TEST_STORE=postgresql runs the tests that take it with the
    store (and search) on the session's PostgreSQL server, a fresh database each."""
    import dataclasses
    import os

    from reader.core.config import Config
    from reader.core.library import Library

    config = None
    if os.environ.get("NEWSREADER_TEST_STORE") == "postgresql":
        config = dataclasses.replace(Config(), store=request.getfixturevalue("pg_dsn"))
    lib = Library(tmp_path / "index", config)
    yield lib
    lib.close()


def copied_library(seeded_dir: Path, path: Path, request):
    """A private copy of the seeded index at path; with NEWSREADER_TEST_STORE=postgresql a private
    copy of the session's seeded database instead (its store and search: pg_seeded_template)."""
    import dataclasses
    import os

    from reader.core.config import Config
    from reader.core.library import Library

    if os.environ.get("NEWSREADER_TEST_STORE") != "postgresql":
        shutil.copytree(seeded_dir, path)
        return Library(path)
    dsn = request.getfixturevalue("pg_seeded_dsn")  # the seeded store and its search, made once
    return Library(path, dataclasses.replace(Config(), store=dsn))


def _store_on_server(seeded_dir: Path, dsn: str, local: Path) -> None:
    """The seeded index's store copied to the database at dsn, the search rebuilt there."""
    import dataclasses  # here, as the fixtures above import the library: when a test first needs it

    from reader.core.config import Config
    from reader.core.library import Library
    from reader.core.store.articles import ArticleStore
    from reader.core.store.copy import copy_store

    src, dst = ArticleStore(seeded_dir / "store.sqlite"), ArticleStore(dsn)
    try:
        copy_store(src, dst)
    finally:
        src.close()
        dst.close()
    with Library(local, dataclasses.replace(Config(), store=dsn)) as lib:
        lib.rebuild_index()


@pytest.fixture(scope="session")
def seeded_dir(tmp_path_factory) -> Path:
    """An index of the seeds, built once per session; tests must not write to it."""
    from reader.core.library import Library

    path = tmp_path_factory.mktemp("seeded") / "index"
    with Library(path) as lib:
        lib.index_paths([SEEDS], label="seeds")
    return path


@pytest.fixture
def seeded(seeded_dir):
    from reader.core.library import Library

    lib = Library(seeded_dir)
    yield lib
    lib.close()


def require_corpora(*parts: str) -> Path:
    path = CORPORA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real corpora not present at {path} (they sit beside the clone in CI)")
    return path


async def wait_workers(app) -> None:
    """Wait for the app's workers, and for those they start (opening the
    engine, then indexing); one cancelled by a newer exclusive worker (a
    search superseded by the next keystroke) is not a failure."""
    import asyncio

    from textual.worker import WorkerCancelled

    quiet = 0
    for _ in range(400):
        running = [w for w in app.workers if not w.is_finished]
        if not running:
            quiet += 1
            if quiet >= 3:  # nothing new started for a few ticks: settled
                return
            await asyncio.sleep(0.02)
            continue
        quiet = 0
        for worker in running:
            try:
                await worker.wait()
            except WorkerCancelled:
                pass


# --- PostgreSQL: one throwaway server per session, a fresh empty database per test ---------------


@pytest.fixture(scope="session")
def pg_server():
    """The session's PostgreSQL server (tests/pg_server.py), or a skip with its one-line reason."""
    from tests import pg_server as pg

    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (pip install -e '.[test]')")
    reason = pg.unavailable_reason()
    if reason:
        pytest.skip(reason)
    try:
        server = pg.PgServer().start()
    except RuntimeError as exc:
        pytest.skip(f"PostgreSQL test server did not start: {exc}")
    yield server
    server.stop()


def _database(pg_server, template: str | None = None):
    """A new database (a copy of template, else empty), its postgresql:// URL yielded, dropped
    after (its sessions too)."""
    import uuid

    import psycopg  # here: an optional dependency (pg_server has skipped the test without it)

    name = f"t_{uuid.uuid4().hex[:16]}"
    like = f' TEMPLATE "{template}"' if template else ""
    with psycopg.connect(pg_server.conninfo(), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"{like}')
    yield pg_server.dsn(name)
    with psycopg.connect(pg_server.conninfo(), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_dsn(pg_server):
    """The postgresql:// URL of a new empty database, dropped after the test (its sessions too)."""
    yield from _database(pg_server)


@pytest.fixture(scope="session")
def pg_seeded_template(pg_server, seeded_dir, tmp_path_factory) -> str:
    """A database holding the seeded index's store and its search, built once per session: a
    test's copy of it is a CREATE DATABASE ... TEMPLATE (the server copies the files) instead of
    a store copy and a search rebuild for each test. Nothing stays connected to it."""
    import psycopg  # here: an optional dependency (pg_server has skipped the test without it)

    name = "seeded_template"
    with psycopg.connect(pg_server.conninfo(), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    _store_on_server(seeded_dir, pg_server.dsn(name), tmp_path_factory.mktemp("pg-seeded") / "index")
    return name


@pytest.fixture
def pg_seeded_dsn(pg_server, pg_seeded_template):
    """The postgresql:// URL of a private copy of the seeded database (copied_library), dropped after."""
    yield from _database(pg_server, pg_seeded_template)
