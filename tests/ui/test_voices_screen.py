"""The voices view of an event (v on an event's reports): each speaker down,
each report across with its source as the head, the disagreements below,
enter on one compares the two reports; at 60, 80 and 120 columns, on the seeds
(one event of five reports), and an SVG snapshot at 80x24. Regenerate the
snapshot after an intended change with
`pytest tests/ui/test_voices_screen.py --snapshot-update`."""

from __future__ import annotations

import pytest

from reader.ui.app import NewsApp
from reader.ui.screens.compare import CompareScreen
from reader.ui.screens.event_reports import EventReportsScreen
from reader.ui.screens.events import EventsScreen
from reader.ui.screens.voices import VoicesScreen

from .conftest import idle, plain, started, wait_for


async def open_voices(pilot) -> VoicesScreen:
    app = pilot.app
    await pilot.press("v")
    await wait_for(pilot, lambda: isinstance(app.screen, EventsScreen) and app.screen.loaded, what="the events")
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, EventReportsScreen), what="the reports")
    await pilot.press("v")
    await wait_for(pilot, lambda: isinstance(app.screen, VoicesScreen) and app.screen.voices is not None
                   and idle(app), what="the voices")
    return app.screen


def visible_columns(table) -> list[str]:
    """The heads of the columns wholly inside the table's width, the fixed speaker column first."""
    room = table.size.width - 1  # the scrollbar
    shown, used = [], 0
    for col in table.ordered_columns:
        used += col.get_render_width(table)
        if used > room:
            break
        shown.append(col.label.plain)
    return shown


@pytest.mark.parametrize("size, at_least", [((60, 24), 3), ((80, 24), 6), ((120, 40), 6)])
async def test_speakers_down_reports_across(make_app, size, at_least):
    app = make_app()
    app.entity_extractor = "rules"
    async with app.run_test(size=size) as pilot:
        screen = await open_voices(pilot)
        voices = screen.voices
        assert [r.id for r in voices.reports] == list(screen.event.article_ids)
        table = screen.query_one("#voices-table")
        assert table.row_count == len(voices.speakers)
        heads = visible_columns(table)
        # the speaker column and every report at 80 columns and more; at least two reports at 60
        assert heads[0].startswith("speaker\n") and len(heads) >= at_least
        assert heads[1].startswith("A ") and voices.reports[0].source[:5] in heads[1]
        first = [getattr(c, "plain", str(c)) for c in table.get_row_at(0)]
        top = voices.speakers[0]
        assert first[0] == top.speaker == "Oliver Dowden"
        for k, cell in enumerate(first[1:]):
            assert cell.strip() == (f"{top.count(k)}/{top.words(k)}w" if top.count(k) else "·")
        assert str(len(voices.disagreements)) in plain(screen.query_one("#voices-heading"))
        if len(heads) < 1 + len(voices.reports):  # the report columns scroll sideways; the speakers stay
            await pilot.press("right", "right", "right", "right", "right")
            await pilot.pause()
            assert table.scroll_x > 0 and visible_columns(table)[0].startswith("speaker")


async def test_enter_on_a_disagreement_compares_the_two_reports(make_app):
    app = make_app()
    app.entity_extractor = "rules"
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_voices(pilot)
        await pilot.press("j")
        assert "named" in plain(screen.query_one("#voices-status"))  # how each report names the speaker
        (d,) = screen.voices.disagreements  # outlet D rewords a quotation the BBC gives
        assert d.kinds == ("quote",)
        await pilot.press("d", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CompareScreen), what="the comparison")
        ids = [r.id for r in screen.voices.reports]
        assert (app.screen.a_id, app.screen.b_id) == (ids[d.a], ids[d.b])
        assert app.screen.reports == list(screen.event.article_ids)
        # opened at the quotation, not at the top (the reader had to step to it with ])
        compare = app.screen
        await wait_for(pilot, lambda: compare.current >= 0, what="an entry chosen")
        entry = compare.entries[compare.current]
        assert any(p.side == "a" and p.start <= d.change.a.end and p.end > d.change.a.start for p in entry.places), entry


async def test_article_text_is_never_markup(make_app, tmp_path):
    from reader.core.library import Library

    from ..factories import make_article

    lib = Library(tmp_path / "hostile")
    said = '"[bold red]We will act[/] on this [link=http://x]matter[/link] now," said {}, the minister.'
    lib.add_articles([make_article(f"h{n}", said.format(who), title=f"Markup [b]{n}[/b] report",
                                   source=f"[red]Outlet {n}[/red]") for n, who in enumerate(["Jo Bloggs", "Sam Smith"])])
    app = NewsApp(lib)
    app.entity_extractor = "rules"
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_voices(pilot)
        heads = [c.label.plain for c in screen.query_one("#voices-table").ordered_columns]
        assert [h.replace("\n", " ") for h in heads[1:]] == ["A [red]Outlet 0[/red]", "B [red]Outlet 1[/red]"]
        table = screen.query_one("#voices-disagreements")
        (row,) = [[getattr(c, "plain", str(c)) for c in table.get_row_at(r)] for r in range(table.row_count)]
        assert "A gives it to Jo Bloggs, B to Sam Smith" in row[2]
        assert "A: [bold red]We will act[/] on this [link=http://x]matter[/link] now" in row[2]
    lib.close()


def test_voices_snapshot_at_80_columns(snap_compare, lib):
    app = NewsApp(lib, seed_if_empty=False)
    app.entity_extractor = "rules"

    async def ready(pilot):
        await wait_for(pilot, lambda: started(pilot.app) and idle(pilot.app), what="the app, started")
        await open_voices(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=ready)
