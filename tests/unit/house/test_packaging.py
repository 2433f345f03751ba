"""What a non-editable `pip install .` ships: every package, and the seeds."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile

import pytest

from tests.conftest import REPO, SEEDS


def test_every_package_is_listed_in_pyproject():
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(REPO).parts)
        for p in (REPO / "reader").rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"


@pytest.mark.slow
def test_wheel_ships_the_seeds_and_the_stylesheet(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(REPO)],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    [wheel] = tmp_path.glob("newsreader-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for seed in SEEDS.iterdir():
        assert f"reader/_seeds/{seed.name}" in names
    assert "reader/ui/app.tcss" in names
    assert "reader/core/library.py" in names
    assert not any(n.startswith(("tests/", "index/", "bench/")) for n in names)


def test_installed_copy_finds_its_seeds(tmp_path, monkeypatch):
    """Outside a checkout, the seeds come from the package data."""
    from reader.core import paths

    monkeypatch.setattr(paths, "running_from_checkout", lambda: False)
    fake_pkg = tmp_path / "site" / "reader" / "_seeds"
    fake_pkg.mkdir(parents=True)
    for seed in SEEDS.iterdir():
        (fake_pkg / seed.name).write_bytes(seed.read_bytes())
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    import importlib.resources as resources

    monkeypatch.setattr(resources, "files", lambda name: fake_pkg if name == "reader._seeds" else None)
    assert sorted(p.name for p in paths.seeds_dir().iterdir()) == sorted(p.name for p in SEEDS.iterdir())
