"""Where indexing reads (issue 16, minors): a symlink out of the indexed
folder is not followed and is said once; a file indexed from two folders,
one inside the other, stays one article with one read state; a device or a
FIFO is never opened."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.cli.commands import main
from reader.core.ingest import discover
from reader.core.library import Library


def story(folder: Path, name: str, word: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"A report on the {word}\n\nThe {word} was seen again at dawn, officials said.\n", encoding="utf-8")
    return path


# --- symlinks ---------------------------------------------------------------------

def test_symlinks_out_of_the_folder_are_not_followed_and_said_once(tmp_path):
    outside = tmp_path / "private"
    story(outside, "secret.txt", "diary")
    root = tmp_path / "news"
    story(root, "a.txt", "walrus")
    (root / "elsewhere").symlink_to(outside, target_is_directory=True)
    (root / "passwd.txt").symlink_to(outside / "secret.txt")
    with Library(tmp_path / "ix") as lib:
        summary = lib.index_paths([root])
        assert summary.added == 1 and lib.search("diary").total == 0
        reasons = {Path(s.path).name: s.reason for s in summary.skipped}
        assert reasons["elsewhere"].startswith("symlink to a folder outside") and "not followed" in reasons["elsewhere"]
        assert reasons["passwd.txt"].startswith("symlink to a file outside") and "not read" in reasons["passwd.txt"]
        assert len(summary.skipped) == 2  # once each
        assert lib.index_paths([outside]).added == 1  # the target, indexed itself, is read


def test_symlinks_within_the_folder_are_read_once(tmp_path):
    root = tmp_path / "news"
    real = story(root / "real", "b.txt", "narwhal")
    (root / "a-link").symlink_to(root / "real", target_is_directory=True)
    (root / "c-copy.txt").symlink_to(real)
    errors: list[tuple[str, str]] = []
    found = list(discover(root, errors))
    assert [f.relpath for f in found] == ["c-copy.txt"]  # the first name met; the other two are said
    assert len(errors) == 2 and all("\n" not in why for _, why in errors)
    with Library(tmp_path / "ix") as lib:
        assert lib.index_paths([root]).added == 1 and lib.search("narwhal").total == 1


def test_the_path_given_may_itself_be_a_symlink(tmp_path):
    story(tmp_path / "data" / "bbc", "x.txt", "otter")
    (tmp_path / "bbc").symlink_to(tmp_path / "data" / "bbc", target_is_directory=True)
    with Library(tmp_path / "ix") as lib:
        assert lib.index_paths([tmp_path / "bbc"]).added == 1


# --- one file, two roots ----------------------------------------------------------------

@pytest.mark.parametrize("first,second", [("bbc/business", "bbc"), ("bbc", "bbc/business"),
                                          ("bbc/business/x.txt", "bbc")])
def test_a_file_indexed_from_two_folders_is_one_article(tmp_path, first, second):
    x = story(tmp_path / "bbc" / "business", "x.txt", "walrus")
    story(tmp_path / "bbc" / "sport", "y.txt", "narwhal")
    with Library(tmp_path / "ix") as lib:
        lib.index_paths([tmp_path / first])
        [before] = [r["id"] for r in lib.listing() if lib.get(r["id"]).relpath.endswith("x.txt")]
        lib.set_read([before])
        again = lib.index_paths([tmp_path / second])
        assert again.skipped == [] and again.removed == 0
        ids = [r["id"] for r in lib.listing() if lib.get(r["id"]).relpath.endswith("x.txt")]
        assert ids == [before] and lib.store.state(before)["read"]
        assert lib.search("walrus").total == 1 and lib.store.count() == (2 if second == "bbc" else 1) + (first == "bbc")
        # A change is read into the same article, from either folder.
        x.write_text("A report on the walrus, corrected\n\nThe walrus was seen again.\n", encoding="utf-8")
        st = x.stat()
        os.utime(x, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
        assert lib.index_paths([tmp_path / second]).updated == 1
        assert lib.get(before).title == "A report on the walrus, corrected"
        # Deleting it removes it, whichever folder is indexed next.
        x.unlink()
        assert lib.index_paths([tmp_path / "bbc"]).removed == 1
        assert lib.search("walrus").total == 0


# --- devices and FIFOs ------------------------------------------------------------------

def test_a_device_or_a_fifo_is_never_opened(tmp_path, capsys):
    root = tmp_path / "news"
    story(root, "a.txt", "walrus")
    os.mkfifo(root / "pipe.txt")  # opening it to read would wait for a writer for ever
    with Library(tmp_path / "ix") as lib:
        summary = lib.index_paths([root])
        assert summary.added == 1
        [skipped] = summary.skipped
        assert skipped.path.endswith("pipe.txt") and "not a regular file" in skipped.reason
    assert main(["index", "/dev/zero", "--index", str(tmp_path / "ix2"), "--json"]) == 0
    out = capsys.readouterr().out
    assert "not a regular file or folder" in out and "/dev/zero" in out
