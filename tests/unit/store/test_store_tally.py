"""ArticleStore.tally counts what listing() lists, under the same filters."""

from __future__ import annotations

import itertools
import shutil

from reader.core.library import Library


def test_tally_agrees_with_listing(seeded_dir, tmp_path):
    shutil.copytree(seeded_dir, tmp_path / "ix")
    with Library(tmp_path / "ix") as lib:
        ids = [r["id"] for r in lib.listing()]
        lib.set_read(ids[:2], True)
        lib.set_bookmarked(ids[1:3], True)
        for source, unread_only, bookmarked_only in itertools.product((None, "BBC News", "nowhere"), (False, True), (False, True)):
            filters = {"source": source, "unread_only": unread_only, "bookmarked_only": bookmarked_only}
            rows = lib.listing(**filters)
            assert lib.store.tally(**filters) == (len(rows), sum(not r["read"] for r in rows)), filters
        assert lib.store.tally() == (5, 3)
