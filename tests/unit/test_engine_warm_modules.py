"""The app's engine worker loads what an engine imports only at its first query (QUERY_MODULES),
so the first search in the app does not wait on those imports; the names must be real modules."""

from __future__ import annotations

import importlib
import sys
import threading
from types import SimpleNamespace

import pytest

from reader.ui.services.background import Background


def test_the_engine_worker_imports_the_engines_query_modules(tmp_path, monkeypatch):
    (tmp_path / "warm_probe_mod.py").write_text("LOADED = True\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop("warm_probe_mod", None)
    engine = SimpleNamespace(QUERY_MODULES=("warm_probe_mod",), exists=lambda: True)
    posted = []
    lib = SimpleNamespace(open_engine=lambda: None, engine=engine)
    app = SimpleNamespace(lib=lib, lib_lock=threading.RLock(), post_message=posted.append)
    app.app = app  # news_app(node) reads node.app
    Background(app)._open_engine()
    assert "warm_probe_mod" in sys.modules
    assert posted and type(posted[0]).__name__ == "EngineOpened"
    sys.modules.pop("warm_probe_mod", None)


def test_the_tantivy_engines_query_modules_exist():
    pytest.importorskip("tantivy")
    from reader.core.search.tantivy.engine import TantivyEngine

    for name in TantivyEngine.QUERY_MODULES:
        assert importlib.import_module(name) is not None
