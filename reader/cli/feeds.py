"""`newsreader feeds ...` and `newsreader fetch`: subscriptions and fetching.

Their arguments are in reader.cli.parser (add_parsers, here too); run(lib, args)
carries the command out. Problems raise reader.core.feeds.FeedError, a
LibraryError, so the CLI's usual handler prints them as one line on stderr.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from reader.cli.output import complain, emit_json, progress_runner, say
from reader.cli.parser import add_feed_parsers as add_parsers
from reader.core.feeds import FeedError, feed_unread_counts, fetch_all, state
from reader.core.feeds.check import check_feed
from reader.core.feeds.opml import MAX_OPML_BYTES
from reader.core.feeds.report import counted
from reader.core.feeds.served import subscriptions_for
from reader.core.feeds.subscriptions import normalise_url
from reader.core.paths import NotReadable, read_bounded
from reader.core.text.clean import clean_inline, strip_controls

__all__ = ["add_parsers", "run", "EXIT_FEEDS_FAILED"]

EXIT_FEEDS_FAILED = 1  # `fetch`: at least one feed failed (the others were stored)


def run(lib, args) -> int:
    if args.command == "fetch":
        return cmd_fetch(lib, args)
    return {
        "add": cmd_add, "list": cmd_list, "remove": cmd_remove, "import": cmd_import, "export": cmd_export,
    }[args.feeds_command](lib, args)


def cmd_add(lib, args) -> int:
    subs = subscriptions_for(lib.store)
    entries = None
    if getattr(args, "check", True):
        url = normalise_url(args.url)  # a bad address is refused before any request, as subs.add refuses it
        try:
            entries = check_feed(url)
        except FeedError as exc:
            raise FeedError(f"not added: {exc}; add --no-check to follow it anyway") from None
    feed = subs.add(args.url, args.name)
    if args.json:
        emit_json({"added": feed.as_dict(), **kept_in(subs), "checked": entries is not None, "entries": entries})
    else:
        checked = (f"a feed of {counted(entries, 'entry', 'entries')}" if entries is not None
                   else "not checked that it is a feed")
        say(f"following {feed.url}" + (f" as {feed.name!r}" if feed.name else "")
            + f" ({checked}); run `newsreader fetch` to fetch it")
    return 0


def cmd_list(lib, args) -> int:
    subs = subscriptions_for(lib.store)
    feeds = subs.list()
    counts = {url: (name, unread, total) for name, url, unread, total in feed_unread_counts(lib, feeds)}
    states = state.feed_states(lib.store)
    rows = []
    for feed in feeds:
        name, unread, total = counts[feed.url]
        st = states.get(feed.url)
        row = {"url": feed.url, "name": feed.name or None, "title": (st.title or None) if st else None,
               "unread": unread, "total": total}
        row.update({k: v for k, v in (st.as_dict() if st else state.FeedState(feed.url).as_dict()).items() if k != "title"})
        rows.append((clean_inline(name), row))  # cleaned before the column is measured
    if args.json:
        emit_json({**kept_in(subs), "feeds": [row for _, row in rows]})
        return 0
    if not rows:
        say(f"no feeds yet: add one with `newsreader feeds add URL` (they are kept in {subs.where})"
            + ("; bring a feeds.toml or OPML there with `newsreader feeds import FILE`" if subs.path is None else ""))
        return 0
    width = min(40, max(len(name) for name, _ in rows))
    for name, row in rows:
        if row["last_error"]:
            status = f"failed: {row['last_error']}"
        elif row["last_fetched"]:
            status = f"fetched {row['last_fetched']}"
        else:
            status = "not fetched yet"
        say(f"{name[:width]:<{width}}  {row['unread']:>5} unread / {row['total']:<5}  {status}  {row['url']}")
    return 0


def cmd_remove(lib, args) -> int:
    subs = subscriptions_for(lib.store)
    feed = subs.remove(_by_title(lib, subs, args.feed))
    if args.json:
        emit_json({"removed": feed.as_dict(), **kept_in(subs)})
    else:
        say(f"no longer following {feed.label}; its articles stay in the library")
    return 0


def _by_title(lib, subs, key: str) -> str:
    """key, or the address of the one subscription whose feed calls itself
    key: `feeds list` shows a feed's own title where no name was given, and
    `feeds remove` refused that name."""
    try:
        subs.find(key)
        return key
    except FeedError:
        followed = {f.url for f in subs.list()}
        hits = [url for url, st in state.feed_states(lib.store).items()
                if url in followed and st.title and clean_inline(st.title).casefold() == key.strip().casefold()]
        return hits[0] if len(hits) == 1 else key


def cmd_import(lib, args) -> int:
    try:
        # bounded, and only a regular file: /dev/zero never ends, a FIFO would block
        data = read_bounded(Path(args.file), MAX_OPML_BYTES)
    except NotReadable as exc:
        raise FeedError(f"cannot import {args.file}: {exc}") from None
    except OSError as exc:
        raise FeedError(f"cannot read {args.file} ({exc.strerror or exc})") from None
    subs = subscriptions_for(lib.store)
    if is_toml(str(args.file), data):  # a feeds.toml (a folder's, brought to a server) or an OPML export
        added, existing, skipped = subs.import_toml(data, str(args.file))
    else:
        added, existing, skipped = subs.import_opml(data)
    if args.json:
        emit_json({
            "added": [f.as_dict() for f in added],
            "existing": [f.url for f in existing],
            "skipped": [{"entry": entry, "reason": reason} for entry, reason in skipped],
            **kept_in(subs),
        })
    else:
        into = f" into {subs.where}" if subs.path is None else ""
        say(f"imported {len(added)} feed(s) from {args.file}{into}"
            + (f"; {len(existing)} already followed" if existing else "")
            + (f"; {len(skipped)} skipped" if skipped else ""))
        for entry, reason in skipped:
            complain(f"skipped {entry}: {reason}")
    return 0


def kept_in(subs) -> dict:
    """Where the subscriptions are, for the JSON: the file (a folder), or the store (a server)."""
    if subs.path is not None:
        return {"file": str(subs.path)}
    return {"file": None, "store": subs.store.where}


def is_toml(name: str, data: bytes) -> bool:
    return name.lower().endswith(".toml") or data.lstrip().startswith((b"#", b"[["))


def cmd_export(lib, args) -> int:
    subs = subscriptions_for(lib.store)
    titles = {url: (st.title, "") for url, st in state.feed_states(lib.store).items()}
    data = subs.export_opml(titles)
    count = len(subs.list())
    if args.file is None:
        if args.json:
            emit_json({"file": None, "feeds": count, "opml": data.decode("utf-8")})
        else:
            sys.stdout.write(strip_controls(data.decode("utf-8")))
        return 0
    path = Path(args.file)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise FeedError(f"cannot write {path} ({exc.strerror or exc})") from None
    if args.json:
        emit_json({"file": str(path), "feeds": count})
    else:
        say(f"exported {count} feed(s) to {path}")
    return 0


def cmd_fetch(lib, args) -> int:
    feeds = subscriptions_for(lib.store).list()
    if not feeds:
        raise FeedError("no feeds to fetch: add one with `newsreader feeds add URL`")
    with progress_runner(not args.json)() as progress:
        report = fetch_all(lib, feeds, fulltext=args.fulltext, progress=progress)
    if args.json:
        emit_json(report.as_dict())
    else:
        for line in report.lines():
            complain(line)
        say(report.outcome())
    return EXIT_FEEDS_FAILED if report.failed else 0
