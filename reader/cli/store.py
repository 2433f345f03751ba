"""Where the store is (--store URL, $NEWSREADER_STORE, `store = "…"` in the
config; else the index folder's own file), and `newsreader store copy SRC
DST`: a folder index or a postgresql:// URL each way."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

from reader.cli.errors import CliError
from reader.cli.output import emit_json, progress_runner, say
from reader.core.config import Config
from reader.core.library import Library
from reader.core.store import pg
from reader.core.store.copy import copy_store

ENV = "NEWSREADER_STORE"


def store_url(args, cfg: Config) -> str:
    """The store's URL when it is on a server ("": the index folder's file); --store first."""
    url = (getattr(args, "store", None) or os.environ.get(ENV) or cfg.store or "").strip()
    if url and not pg.is_url(url):
        raise CliError(f"--store takes a postgresql:// URL (got {url!r}); leave it out for the index folder")
    if url:
        _readable(url, "--store")
    return url


def _readable(url: str, what: str) -> None:
    """A CliError unless urlsplit reads url: an unclosed [ or a port over 65535 raise
    ValueError, also where the store's own messages quote the URL (a traceback)."""
    try:
        urlsplit(url).port  # noqa: B018 - reading the port checks it
    except ValueError as exc:
        raise CliError(f"{what}: not a URL that can be read ({url!r}: {exc})") from None


def with_store(args, cfg: Config) -> Config:
    """cfg with the store and the user this run asks for, so that every Library opened from it
    (the app opens more than one) reaches the same store as the same user."""
    url = store_url(args, cfg)
    user = (getattr(args, "user", None) or "").strip()
    if user and not url:
        raise CliError("--user names whose reader state a store on a server shows; give --store too")
    if url and getattr(args, "engine", None):
        raise CliError("--engine is for an index folder: a store on a server is searched on that server (the postgres engine)")
    return dataclasses.replace(cfg, store=url, user=user) if url else cfg


def server_folder(url: str, user: str) -> Path:
    """The local folder of a store on a server (a local engine's files, its manifest): one per
    server, database and user, in the user's cache (it can be rebuilt from the store)."""
    from platformdirs import user_cache_dir  # start-up time: only a store on a server needs it

    key = hashlib.sha256(f"{url}\n{user}".encode()).hexdigest()[:16]
    return Path(user_cache_dir("newsreader", appauthor=False)) / "servers" / key


def _open(location: str, cfg: Config, user: str) -> Library:
    """A Library on location: a folder (its own store) or a postgresql:// URL."""
    if pg.is_url(location):
        _readable(location, "store copy")
        server = dataclasses.replace(cfg, store=location, user=user)
        return Library(server_folder(location, user or pg.default_user()), server, deferred=True)
    if not location.strip():
        raise CliError("store copy needs a folder or a postgresql:// URL on each side")
    return Library(Path(location), dataclasses.replace(cfg, store="", user=""), deferred=True)


def cmd_store(args, cfg: Config) -> int:
    """newsreader store copy SRC DST."""
    if args.src == args.dst:
        raise CliError("store copy: the source and the destination are the same")
    if not pg.is_url(args.src) and not (Path(args.src) / "store.sqlite").is_file():
        raise CliError(f"store copy: {args.src} holds no store (no store.sqlite there)")
    user = (getattr(args, "user", None) or "").strip()
    with _open(args.src, cfg, user) as src, _open(args.dst, cfg, user) as dst:
        with progress_runner(not args.json and sys.stderr.isatty())() as progress:
            with dst.write_lock(timeout=args.wait):
                counts = copy_store(src.store, dst.store, progress)
            indexed = dst.rebuild_index(progress, lock_timeout=args.wait)
        out = {"source": _shown(src), "destination": _shown(dst), "rows": counts, "articles": dst.store.count(),
               "indexed": indexed, "engine": dst.engine.name}
    if args.json:
        emit_json(out)
    else:
        say(f"copied {counts.get('articles', 0):,} article(s) and {counts.get('reader_state', 0):,} read/bookmark"
            f" mark(s) from {out['source']} to {out['destination']}; search index rebuilt there"
            f" ({indexed:,} article(s), {out['engine']})")
    return 0


def _shown(lib: Library) -> str:
    return lib.store.where if lib.store.on_server else str(lib.dir)
