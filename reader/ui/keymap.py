"""Binding ids as the config's [keymap] names them, old names included.

An id says where a key works and what it does: `list.half_page_down` moves
the list's cursor half a page, `article.full_page_down` scrolls the article a
whole page. Some ids said otherwise before (`list.page_down` was half a page,
`article.page_down` a whole one); a config written with an old id keeps
working, as the id it was renamed to.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from textual.binding import Binding

from reader.core.config import keymap_problems

RENAMED = {
    "list.page_down": "list.half_page_down",
    "list.page_up": "list.half_page_up",
    "results.page_down": "results.full_page_down",
    "results.page_up": "results.full_page_up",
    "compare.entities": "compare.toggle_entities",
    **{
        f"{screen}.{old}": f"{screen}.{new}"
        for screen in ("article", "compare")
        for old, new in (("half_down", "half_page_down"), ("half_up", "half_page_up"),
                         ("page_down", "full_page_down"), ("page_up", "full_page_up"))
    },
}


def current_ids(keymap: Mapping[str, str]) -> dict[str, str]:
    """The keymap with every old id under its current name; where a config
    gives both, the current name wins."""
    out = {RENAMED.get(binding_id, binding_id): keys for binding_id, keys in keymap.items() if binding_id in RENAMED}
    out.update({binding_id: keys for binding_id, keys in keymap.items() if binding_id not in RENAMED})
    return out


MAX_WARNINGS = 10  # lines shown at start; past that one more line says how many were left out


def unknown_ids(keymap: Mapping[str, str], known: Iterable[str]) -> list[str]:
    """One line per [keymap] id that no binding has (a misspelling would
    otherwise be ignored without a word), with the nearest real id."""
    known = sorted(set(known))
    lines = []
    for binding_id in keymap:
        if binding_id in RENAMED or binding_id in known:
            continue
        # difflib takes ~25 ms an id against every binding: 2,000 misspelt ids froze the
        # start for 48 s; past MAX_WARNINGS they are counted, not shown, so not matched
        near = difflib.get_close_matches(binding_id, known, n=1) if len(lines) < MAX_WARNINGS else None
        hint = f" (did you mean {near[0]}?)" if near else " (the help, ?, lists every id)"
        lines.append(f"[keymap] {binding_id}: no binding has this id{hint}; ignored")
    return lines


def default_keys(sections: Iterable[tuple[str, list[Binding]]]) -> dict[str, str]:
    """Every binding id the help lists -> its keys as declared."""
    return {b.id: b.key for _title, bindings in sections for b in bindings if b.id}


def keymap_warnings(keymap: Mapping[str, str], defaults: Mapping[str, str]) -> list[str]:
    """What is wrong with the user's [keymap], one line each: an id no
    binding has, a key that cannot be read, a key given to two actions."""
    current = current_ids(keymap)
    known = [k for k in current if k in defaults]
    return unknown_ids(keymap, defaults) + keymap_problems({k: current[k] for k in known}, defaults)


def warn_at_start(app) -> list[str]:
    """Tell the user, one line each, what is wrong with their config: the
    config's own warnings and keymap_warnings. Meant for after the first
    screen (the help's sections import every screen). Returns the lines."""
    from reader.ui.screens.help import help_sections  # imports every screen: after the first paint (start-up time)

    lines = list(getattr(app.lib.config, "warnings", ()))
    if app.user_keymap:
        lines += keymap_warnings(app.user_keymap, default_keys(help_sections(app)))
    shown = lines[:MAX_WARNINGS]
    if len(lines) > MAX_WARNINGS:
        shown.append(f"... and {len(lines) - MAX_WARNINGS:,} more problems in the config, not shown")
    for line in shown:
        app.notify(line, severity="warning", timeout=10, markup=False)
    return lines


def key_shown(app, binding_id: str, default: str) -> str:
    """The key a binding has now, as a hint names it: the config's first for
    binding_id where it rebinds it ("ctrl+f"), else default ("/"): the search
    box said "Search (/)" when / no longer searched."""
    keys = current_ids(getattr(app, "user_keymap", None) or {}).get(binding_id, "")
    first = keys.split(",")[0].strip()
    return first or default
