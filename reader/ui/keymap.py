"""Binding ids as the config's [keymap] names them, old names included.

An id says where a key works and what it does: `list.half_page_down` moves
the list's cursor half a page, `article.full_page_down` scrolls the article a
whole page. Some ids said otherwise before (`list.page_down` was half a page,
`article.page_down` a whole one); a config written with an old id keeps
working, as the id it was renamed to.
"""

from __future__ import annotations

from collections.abc import Mapping

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
