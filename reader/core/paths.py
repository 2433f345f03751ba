"""Where things live: the default index, the config file, the bundled seeds.

Nothing is created at import; folders are made when something is written.
"""

from __future__ import annotations

import os
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
