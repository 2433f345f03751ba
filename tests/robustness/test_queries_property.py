"""Arbitrary strings thrown at the query parser, the CLI search and the app's
search box: each gives results or a one-line explanation, never an exception."""

from __future__ import annotations

import asyncio
import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.library import Library
from reader.core.search.query import QueryError
from tests.conftest import wait_workers

# Query-ish alphabet: operators, quotes, brackets, field names and ordinary text.
pieces = st.sampled_from(
    ['"', "(", ")", "[", "]", "{", "}", ":", "*", "?", "~", "^", "-", "+", "\\", "/", " ", "AND", "OR", "NOT",
     "TO", "to", "date:", "source:", "title:", "entity:", "foo:", "2024", "2024-03-01", "apt31", "Dowden", "~2",
     "<", ">", "=", "'", "’", "é", "\t", "\x00", "\x1b[31m"]
)
queries = st.one_of(st.text(max_size=40), st.lists(pieces, max_size=12).map("".join))
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(q=queries)
def test_parser_returns_results_or_one_line(seeded, q):
    try:
        results = seeded.search(q)
    except QueryError as exc:
        message = str(exc)
        assert message and "\n" not in message
    else:
        assert results.total >= len(results.hits)
        for hit in results.hits:
            for a, b in hit.snippet.matches:
                assert 0 <= a < b <= len(hit.snippet.text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=queries.filter(lambda s: "\x00" not in s))
def test_cli_search_exit_status_and_one_line(seeded_dir, capsys, q):
    from reader.cli.commands import main

    code = main(["search", "--json", "--index", str(seeded_dir), "--", q])
    out, err = capsys.readouterr()
    assert code in (0, 1)
    if code == 1:
        assert out == "" and err.startswith("newsreader: ") and err.count("\n") == 1
    else:
        assert err == "" and out.startswith("{")


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=st.lists(queries, min_size=6, max_size=10))
def test_app_search_box_never_crashes(seeded_dir, tmp_path_factory, batch):
    from reader.ui.app import NewsApp

    copy = tmp_path_factory.mktemp("app") / "ix"
    shutil.copytree(seeded_dir, copy)

    async def run():
        lib = Library(copy)
        app = NewsApp(lib, seed_if_empty=False)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = app.screen
            for q in batch:
                screen.query_one("#search").value = q
                screen.start_search(q)
                await wait_workers(app)
                await pilot.pause()
                status = screen.query_one("#status")
                text = status.content.plain
                assert "\n" not in text
                if status.has_class("error"):
                    assert text.startswith("⚠ ")
            assert app.is_running
        lib.close()

    asyncio.run(run())
