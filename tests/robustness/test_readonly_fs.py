"""Reading works where nothing can be written (issue 16, minor): an index on
a read-only file system, or on a full disk, still answers `search` and
`list` (both engines); a write fails in one line.

The file systems are made in a private mount namespace (`unshare`), so
nothing is left mounted whatever happens; the tests are skipped where
namespaces are not allowed."""

from __future__ import annotations

import importlib.util
import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, SEEDS


def _unshare() -> list[str] | None:
    if shutil.which("unshare") is None:
        return None
    for cmd in (["unshare", "-m"], ["unshare", "-rm"]):
        probe = subprocess.run([*cmd, "sh", "-c", "mount -t tmpfs tmpfs /mnt 2>/dev/null || exit 1"],
                               capture_output=True, timeout=20)
        if probe.returncode == 0:
            return cmd
    return None


UNSHARE = _unshare()
pytestmark = pytest.mark.skipif(UNSHARE is None, reason="no private mount namespace here (unshare)")
ENGINES = ["whoosh", pytest.param("tantivy", marks=pytest.mark.skipif(
    importlib.util.find_spec("tantivy") is None, reason="tantivy is not installed"))]
NR = f"{shlex.quote(sys.executable)} -m reader"


def in_namespace(setup: str, commands: list[str], out: Path) -> list[subprocess.CompletedProcess]:
    """Run setup, then each command, in one private mount namespace; the
    results of the commands, in order (written to out, outside the mounts)."""
    out.mkdir(exist_ok=True)
    lines = [setup] + [f"rc=0; {c} >{out}/{n}.out 2>{out}/{n}.err || rc=$?; echo $rc >{out}/{n}.rc" for n, c in enumerate(commands)]
    proc = subprocess.run([*UNSHARE, "sh", "-ec", "\n".join(lines)], capture_output=True, text=True, cwd=REPO, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return [subprocess.CompletedProcess(c, int((out / f"{n}.rc").read_text()), (out / f"{n}.out").read_text(),
                                        (out / f"{n}.err").read_text()) for n, c in enumerate(commands)]


def reads_and_refuses_writes(folder: str, index_name: str) -> list[str]:
    ix = f"{folder}/{index_name}"
    return [
        f"{NR} search government --index {ix} --json",
        f"{NR} search 'entity:UK' --index {ix} --json",
        f"{NR} list --index {ix} --json",
        f"{NR} show ad6b --index {ix} --json",
        f"{NR} mark ad6b --read --index {ix}",
    ]


def check(results: list[subprocess.CompletedProcess]) -> None:
    search, entity, listing, show, mark = results
    for r in (search, entity, listing, show):
        assert r.returncode == 0, r.stderr
        json.loads(r.stdout)
    assert json.loads(search.stdout)["total"] > 0
    assert json.loads(listing.stdout)["total"] > 0
    assert mark.returncode == 1 and mark.stderr.count("\n") == 1 and mark.stdout == ""
    assert "cannot be written here" in mark.stderr and "reading still works" in mark.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("ro")
    for engine in ("whoosh", "tantivy"):
        if engine == "tantivy" and importlib.util.find_spec("tantivy") is None:
            continue
        subprocess.run([sys.executable, "-m", "reader", "index", str(SEEDS), "--index", str(base / engine),
                        "--engine", engine, "--json"], check=True, capture_output=True, cwd=REPO, timeout=300)
    return base


@pytest.mark.parametrize("engine", ENGINES)
def test_reading_works_on_a_read_only_file_system(built, tmp_path, engine):
    folder = shlex.quote(str(built))
    setup = f"mount --bind {folder} {folder}\nmount -o remount,ro,bind {folder}"
    check(in_namespace(setup, reads_and_refuses_writes(folder, engine), tmp_path / "out"))


@pytest.mark.parametrize("engine", ENGINES)
def test_reading_works_on_a_full_disk(built, tmp_path, engine):
    disk = tmp_path / "disk"
    disk.mkdir()
    d = shlex.quote(str(disk))
    setup = (f"mount -t tmpfs -o size=24m tmpfs {d}\ncp -r {shlex.quote(str(built / engine))} {d}/ix\n"
             f"dd if=/dev/zero of={d}/fill bs=64k 2>/dev/null || true")
    results = in_namespace(setup + f"\ndf {d} | tail -1 | grep -q ' 100% '",
                           reads_and_refuses_writes(str(disk), "ix"), tmp_path / "out")
    search, entity, listing, show, mark = results
    for r in (search, entity, listing, show):
        assert r.returncode == 0, r.stderr
    assert json.loads(search.stdout)["total"] > 0
    assert mark.stderr.count("\n") <= 1 and "Traceback" not in mark.stderr
