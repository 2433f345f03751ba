"""The user's config file (TOML). A missing file means the defaults.

Every value is checked on loading, its type and its range: a wrong one is
refused with a one-line ConfigError that names the key (TOML has nan and
inf, and true is not a number of megabytes). An interval below its floor is
raised to the floor, and a key the reader does not know is ignored, each
with a one-line warning in Config.warnings for the CLI and the app to show.
keymap_problems checks a [keymap] table for keys that cannot be read and
keys given to two actions.
"""

from __future__ import annotations

import math
import shlex
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from reader.core import paths

MAX_CONFIG_BYTES = 1024 * 1024
MAX_FILE_MB = 4096.0  # a bigger file is not read whole into memory as one article source
REFRESH_FLOOR_MINUTES = 5.0  # fetching every feed more often is neither polite nor useful
REFRESH_MAX_MINUTES = 7 * 24 * 60.0
KNOWN_KEYS = ("max_file_mb", "theme", "engine", "feeds_refresh_minutes", "text_width", "keymap",
              "save_dir", "browser", "searches", "store")


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Config:
    max_file_mb: float = 20.0
    theme: str = ""
    engine: str = ""
    feeds_refresh_minutes: float = 0.0  # 0: only when asked (F in the app, `newsreader fetch`)
    text_width: int = 78  # the article view's measure, in columns: long lines are hard to read
    keymap: dict[str, str] = field(default_factory=dict)
    save_dir: str = ""  # where w and W save articles (and screenshots go); "": ~/Downloads, else the current directory
    browser: str = ""  # o opens links with this command, %u the address (newsboat's browser); "": the system's
    searches: dict[str, str] = field(default_factory=dict)  # saved searches: [searches] name = "query"
    store: str = ""  # "": the index folder's SQLite file; a postgresql:// URL: the store on a server
    user: str = ""  # whose reader state, on a server ("": the login name); from --user, not the file
    source: Path | None = None
    warnings: tuple[str, ...] = ()  # one line each: values raised to a floor, keys ignored

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


def _shown(value) -> str:
    text = repr(value) if not isinstance(value, float) else f"{value:g}"
    return text if len(text) <= 40 else text[:37] + "..."


def _number(data: dict, key: str, default: float, where: str, rule: str) -> float:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ConfigError(f"{where}: {key} must be {rule} (got {_shown(value)})")
    return float(value)


def _string(data: dict, key: str, where: str) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise ConfigError(f"{where}: {key} must be a string in quotes (got {_shown(value)})")
    return value


def _browser(data: dict, where: str) -> str:
    """A command, run without a shell: its words split as a shell would,
    %u the address (added at the end when absent, as newsboat does)."""
    value = _string(data, "browser", where).strip()
    if value:
        try:
            words = shlex.split(value)
        except ValueError as exc:
            raise ConfigError(f"{where}: browser must be a command, e.g. \"firefox --new-tab %u\" ({exc})") from None
        if not words or words[0] == "%u":
            raise ConfigError(f"{where}: browser must start with a program, e.g. \"firefox --new-tab %u\"")
    return value


def load(path: Path | None = None) -> Config:
    path = path or paths.config_file()
    if not path.exists():
        return Config()
    where = f"config file {path}"
    try:
        raw = paths.read_bounded(path, MAX_CONFIG_BYTES)
        data = tomllib.loads(raw.decode("utf-8"))
    except paths.NotReadable as exc:
        raise ConfigError(f"{where}: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{where}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{where}: {exc}") from None
    except RecursionError:  # tomllib recurses once per level of [[[...]]] or {a={b=...}}
        raise ConfigError(f"{where}: values nested too deeply to read") from None
    return from_dict(data, where, path)


def from_dict(data: dict, where: str = "config", source: Path | None = None) -> Config:
    """A Config from the parsed file, every value checked."""
    warnings = [f"{where}: unknown key {key!r} ignored (known: {', '.join(KNOWN_KEYS)})"
                for key in data if key not in KNOWN_KEYS]
    keymap = data.get("keymap", {})
    # an entry that is no key is said and left out (it stopped every command): `app.quit = "ctrl+q"`, the id
    # unquoted, is a table to TOML, and the app's other keys still work
    if not isinstance(keymap, dict):
        warnings.append(f"{where}: [keymap] is a table of binding ids and keys, e.g. \"app.quit\" = \"ctrl+q\"; ignored")
        keymap = {}
    for k, v in [(k, v) for k, v in keymap.items() if not isinstance(v, str)]:
        warnings.append(f"{where}: [keymap] maps binding ids to keys in quotes ({_shown(k)} = {_shown(v)}),"
                        f" e.g. \"app.quit\" = \"ctrl+q\"; ignored")
        del keymap[k]
    max_mb = _number(data, "max_file_mb", 20.0, where, f"a number of megabytes above 0, at most {MAX_FILE_MB:g}")
    if not 0 < max_mb <= MAX_FILE_MB:
        raise ConfigError(f"{where}: max_file_mb must be above 0 and at most {MAX_FILE_MB:g} (got {_shown(max_mb)})")
    rule = f"a number of minutes: 0 (only when asked) or {REFRESH_FLOOR_MINUTES:g} to {REFRESH_MAX_MINUTES:g}"
    refresh = _number(data, "feeds_refresh_minutes", 0.0, where, rule)
    if refresh < 0 or refresh > REFRESH_MAX_MINUTES:
        raise ConfigError(f"{where}: feeds_refresh_minutes must be {rule} (got {_shown(refresh)})")
    if 0 < refresh < REFRESH_FLOOR_MINUTES:
        warnings.append(f"{where}: feeds_refresh_minutes = {_shown(refresh)} is below the floor;"
                        f" feeds are fetched every {REFRESH_FLOOR_MINUTES:g} minutes")
        refresh = REFRESH_FLOOR_MINUTES
    width = _number(data, "text_width", 78, where, "a whole number of columns, 20 to 400")
    if width != int(width) or not 20 <= width <= 400:
        raise ConfigError(f"{where}: text_width must be a whole number of columns, 20 to 400 (got {_shown(width)})")
    save_dir = _string(data, "save_dir", where)
    if save_dir and not Path(save_dir).expanduser().is_dir():
        warnings.append(f"{where}: save_dir {_shown(save_dir)} is not a folder; articles are saved to"
                        " ~/Downloads if it exists, else the current directory")
    searches = data.get("searches", {})
    if not isinstance(searches, dict) or not all(isinstance(v, str) and v.strip() for v in searches.values()):
        raise ConfigError(f"{where}: [searches] maps names to queries, e.g. harbour = \"ferry source:bbc\"")
    store = _string(data, "store", where).strip()
    if store and not store.lower().startswith(("postgresql://", "postgres://")):
        raise ConfigError(f"{where}: store must be a postgresql:// URL, e.g. \"postgresql://reader@db.example/news\""
                          f" (got {_shown(store)}); leave it out for the index folder")
    return Config(
        store=store,
        save_dir=save_dir,
        browser=_browser(data, where),
        searches={" ".join(k.split()): v.strip() for k, v in searches.items() if k.strip()},
        feeds_refresh_minutes=refresh,
        text_width=int(width),
        max_file_mb=max_mb,
        theme=_string(data, "theme", where),
        engine=_string(data, "engine", where),
        keymap=dict(keymap),
        source=source,
        warnings=tuple(warnings),
    )


# --- [keymap] --------------------------------------------------------------------
MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")
NAMED_KEYS = frozenset(
    ["backspace", "delete", "down", "end", "enter", "escape", "home", "insert", "left", "pagedown", "pageup",
     "return", "right", "space", "tab", "up", "slash", "backslash", "at", "minus", "plus", "underscore"]
    + [f"f{n}" for n in range(1, 25)]
)


def _key_problem(key: str) -> str | None:
    """Why a key (as the app's keymap writes it: modifiers, then a key name)
    cannot be read; None if it can."""
    if not key or any(ch.isspace() for ch in key):
        return "is empty or holds a space"
    *mods, name = key.split("+")
    bad = [m for m in mods if m.lower() not in MODIFIERS]
    if bad:
        return f"has {bad[0]!r}, not a modifier ({', '.join(MODIFIERS)})"
    if len(name) == 1:
        if name.isalnum():
            return None
        try:
            spelt = unicodedata.name(name).lower().replace(" ", "_").replace("-", "_")
        except ValueError:
            return "is not a key"
        return f"names a character: write it as {spelt!r}"
    if name in NAMED_KEYS:
        return None
    try:
        unicodedata.lookup(name.replace("_", " "))
    except KeyError:
        return "is not a key name (e.g. enter, escape, f5, question_mark, ctrl+q)"
    return None


def keymap_problems(keymap: Mapping[str, str], defaults: Mapping[str, str] | None = None) -> list[str]:
    """One line per problem of a [keymap] table: a key that cannot be read,
    and one key given to two actions that work at the same time (ids with
    the same prefix, 'library.' and 'library.'; an 'app.' id works
    everywhere). defaults: every binding id -> its keys when the keymap does
    not name it, so that a key taken from a default binding is seen too."""
    problems = []
    keys_of = dict(defaults or {})
    for binding_id, keys in keymap.items():
        keys_of[binding_id] = keys
        for key in keys.split(","):
            why = _key_problem(key.strip())
            if why:
                problems.append(f"[keymap] {binding_id} = {keys!r}: the key {key.strip()!r} {why}; ignored")
    owners: dict[str, list[str]] = {}
    for binding_id, keys in keys_of.items():
        for key in {k.strip() for k in keys.split(",") if k.strip()}:
            owners.setdefault(key, []).append(binding_id)
    for key, ids in owners.items():
        for n, first in enumerate(ids):
            for second in ids[n + 1:]:
                if first not in keymap and second not in keymap:
                    continue  # the app's own choice, not the config's
                scope_a, scope_b = first.partition(".")[0], second.partition(".")[0]
                if scope_a == scope_b or "app" in (scope_a, scope_b):
                    problems.append(f"[keymap] {key!r} is given to both {first} and {second}; only one of them will work")
    return problems
