"""The user's config file (TOML). A missing file means the defaults."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from reader.core import paths


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Config:
    max_file_mb: float = 20.0
    theme: str = ""
    engine: str = ""
    feeds_refresh_minutes: float = 0.0  # 0: only when asked (F in the app, `newsreader fetch`)
    keymap: dict[str, str] = field(default_factory=dict)
    source: Path | None = None

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


def load(path: Path | None = None) -> Config:
    path = path or paths.config_file()
    if not path.is_file():
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"config file {path}: {exc}") from exc
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict) or not all(isinstance(v, str) for v in keymap.values()):
        raise ConfigError(f"config file {path}: [keymap] maps binding ids to keys, e.g. quit = \"ctrl+q\"")
    try:
        max_mb = float(data.get("max_file_mb", 20.0))
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"config file {path}: max_file_mb must be a number") from exc
    try:
        refresh = float(data.get("feeds_refresh_minutes", 0) or 0)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"config file {path}: feeds_refresh_minutes must be a number") from exc
    return Config(
        feeds_refresh_minutes=refresh,
        max_file_mb=max_mb,
        theme=str(data.get("theme", "")),
        engine=str(data.get("engine", "")),
        keymap=dict(keymap),
        source=path,
    )
