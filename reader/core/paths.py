"""Where things live: the default index, the config file, the bundled seeds.

Nothing is created at import; folders are made when something is written.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

APP_NAME = "newsreader"
_PACKAGE_DIR = Path(__file__).resolve().parent.parent
_CHECKOUT = _PACKAGE_DIR.parent


def running_from_checkout() -> bool:
    """True when the package is imported from the project's own tree (a
    clone, or an editable install), where index/ and seeds/ sit beside it."""
    pyproject = _CHECKOUT / "pyproject.toml"
    if not (pyproject.is_file() and (_CHECKOUT / "seeds").is_dir()):
        return False
    try:
        return 'name = "newsreader"' in pyproject.read_text(encoding="utf-8")
    except OSError:
        return False


def default_index_dir() -> Path:
    env = os.environ.get("NEWSREADER_INDEX")
    if env:
        return Path(env).expanduser()
    if running_from_checkout():
        return _CHECKOUT / "index"
    from platformdirs import user_data_dir  # start-up time: only an installed copy needs the user's folders

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "index"


def config_file() -> Path:
    env = os.environ.get("NEWSREADER_CONFIG")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir  # start-up time, as in default_index_dir

    return Path(user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def seeds_dir() -> Path:
    """The bundled sample articles: seeds/ in a checkout, else the copy
    shipped inside the package."""
    if running_from_checkout():
        return _CHECKOUT / "seeds"
    from importlib import resources  # start-up time: only an installed copy reads its package data

    return Path(str(resources.files("reader._seeds")))


class NotReadable(OSError):
    """A path that is not read: not a regular file, or too large; str() is
    one line."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most limit bytes. Anything else
    raises NotReadable without being read: a FIFO would block and a device
    like /dev/zero never ends. The file is opened without blocking and
    checked on the open descriptor, so it cannot be swapped in between."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = _kind(st.st_mode)
            raise NotReadable(f"{kind}, not a regular file: not read" if kind.startswith("a ") else f"{kind}: not read")
        if st.st_size > limit:
            raise NotReadable(f"too large ({st.st_size:,} bytes; the limit is {limit:,})")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1024 * 1024, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew while being read
            raise NotReadable(f"too large (more than {limit:,} bytes)")
        return b"".join(chunks)
    finally:
        os.close(fd)
