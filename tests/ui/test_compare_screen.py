"""The compare screen: aligned rows level, swap, sync toggle, jumping between
differences, next report for either side."""

from __future__ import annotations

from reader.ui.screens.compare import CompareScreen

from .conftest import idle, plain, wait_for

SIZE = (160, 45)


def ids_by_source(lib) -> dict[str, str]:
    return {r["source"]: r["id"] for r in lib.listing()}


def compare_shown(app) -> bool:
    """A compare screen is up, its comparison shown whole."""
    return isinstance(app.screen, CompareScreen) and app.screen.on_screen is not None


def pair(screen) -> tuple[str, str] | None:
    """The two reports the screen shows whole."""
    c = screen.on_screen.comparison if screen.on_screen else None
    return (c.a.id, c.b.id) if c else None


async def open_compare(app, pilot, a, b, reports=None):
    app.entity_extractor = "rules"
    app.open_compare(a, b, reports)
    await wait_for(pilot, lambda: compare_shown(app), what="the comparison")
    return app.screen


async def test_aligned_passages_stay_level_and_scroll_together(make_app, lib):
    app = make_app()
    ids = ids_by_source(lib)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_compare(app, pilot, ids["BBC News"], ids["Unknown outlet D"])
        assert isinstance(screen, CompareScreen)
        paired = [r for r, (kind, ia, ib) in enumerate(screen.rows) if ia and ib]
        assert len(paired) > 10
        c = screen.comparison
        for r in paired[:10]:
            # one row holds both sides' sentences side by side: level with each other
            grid = screen.query_one(f"#row{r}").content
            left, _, right = (cell for cell in (col._cells[0] for col in grid.columns))
            _, ia, ib = screen.rows[r]
            assert c.sentences_a[ia[0]].text[:20] in left.plain
            assert c.sentences_b[ib[0]].text[:20] in right.plain
        ys = [screen.query_one(f"#row{r}").region.y for r in paired[:5]]
        assert ys == sorted(ys)
        scroller = screen.query_one("#compare-rows")
        y0 = scroller.scroll_y
        await pilot.press("ctrl+d")
        assert scroller.scroll_y > y0  # one scroll moves both columns: they are in one scroller
        # sync off: two independent columns
        await pilot.press("s")
        assert not screen.synced and screen.query_one("#compare-free").display
        free_a, free_b = screen.query_one("#free-a"), screen.query_one("#free-b")
        free_a.focus()
        await pilot.press("ctrl+d")
        assert free_a.scroll_y > 0 and free_b.scroll_y == 0


async def test_swap_and_summary(make_app, lib):
    app = make_app()
    ids = ids_by_source(lib)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_compare(app, pilot, ids["BBC News"], ids["Unknown outlet B"])
        assert "BBC News" in plain(screen.query_one("#head-a"))
        summary = plain(screen.query_one("#compare-summary"))
        assert "entities:" in summary and "numbers:" in summary
        await pilot.press("x")
        await wait_for(pilot, lambda: pair(screen) != (ids["BBC News"], ids["Unknown outlet B"]), what="the swap")
        assert "BBC News" in plain(screen.query_one("#head-b"))
        assert screen.comparison.a.source == "Unknown outlet B"


async def test_jump_between_differences_with_filter(make_app, lib):
    app = make_app()
    ids = ids_by_source(lib)
    async with app.run_test(size=SIZE) as pilot:
        # 001 (BBC) spells "Tim Laughton", 004 "Tim Loughton": a variant flagged on both sides
        screen = await open_compare(app, pilot, ids["BBC News"], ids["Unknown outlet D"])
        total = len(screen.diffs)
        assert total > 5
        await pilot.press("right_square_bracket")
        assert screen.current == 0
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert screen.current == 2
        await pilot.press("left_square_bracket")
        assert screen.current == 1
        await pilot.press("d")  # variants only
        assert screen.filter == "variant"
        labels = [d.label for d in screen.diffs]
        assert all(d.kind == "variant" for d in screen.diffs)
        assert any("Laughton" in label and "Loughton" in label for label in labels)
        assert {d.side for d in screen.diffs} == {"a", "b"}  # flagged in both columns
        await pilot.press("right_square_bracket")
        status = plain(screen.query_one("#compare-status"))
        assert "variant in" in status
        await pilot.press("d")
        assert screen.filter == "number" and all(d.kind == "number" for d in screen.diffs)
        await pilot.press("d")
        assert screen.filter == "unique" and all(d.kind == "unique" for d in screen.diffs)


async def test_next_report_for_either_side(make_app, lib):
    app = make_app()
    ids = [r["id"] for r in lib.listing(order="source", descending=False)]
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_compare(app, pilot, ids[0], ids[1], reports=ids)
        await pilot.press("B")
        await wait_for(pilot, lambda: pair(screen) != (ids[0], ids[1]), what="another report on the right")
        assert pair(screen) == (ids[0], ids[2])
        await pilot.press("A")
        await wait_for(pilot, lambda: pair(screen) != (ids[0], ids[2]), what="another report on the left")
        assert pair(screen) == (ids[1], ids[2])  # skips the report on the other side


async def test_c_twice_compares_any_two_articles(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.entity_extractor = "rules"
        await pilot.press("c", "j", "c")
        await wait_for(pilot, lambda: compare_shown(app), what="the comparison")
        assert app.screen.comparison.a.id != app.screen.comparison.b.id


async def test_a_slow_model_does_not_hold_the_screen_back(make_app, lib, monkeypatch):
    """With a model as the extractor and articles it has not seen, the screen
    comes up with the quick rules' entities, then shows the model's."""
    import time

    from reader.core import entities
    from reader.ui.screens import compare as compare_screen

    events: list[str] = []
    rules = entities.get_extractor("rules")

    class SlowModel:
        name = "spacy:slow-test-model"

        def extract(self, text):
            time.sleep(1.0)  # long enough for the first paint to come first, even on a loaded machine
            events.append("model done")
            return rules.extract(text)

    monkeypatch.setitem(entities._loaded, SlowModel.name, SlowModel())
    shown = compare_screen.CompareScreen.show

    async def show(self, prepared):
        events.append("shown with " + ",".join(sorted(prepared.extractors)))
        await shown(self, prepared)

    monkeypatch.setattr(compare_screen.CompareScreen, "show", show)
    app = make_app()
    ids = ids_by_source(lib)
    async with app.run_test(size=SIZE) as pilot:
        app.entity_extractor = SlowModel.name
        app.open_compare(ids["BBC News"], ids["Unknown outlet D"])
        await wait_for(pilot, lambda: plain(app.screen.query_one("#compare-status")), what="the first paint")
        assert events[0] == "shown with rules"  # before the model finished anything
        assert isinstance(app.screen, CompareScreen) and app.screen.provisional
        assert "model's on the way" in plain(app.screen.query_one("#compare-status"))
        await wait_for(pilot, lambda: "on the way" not in plain(app.screen.query_one("#compare-status")),
                       what="the model's entities shown")
        assert events[1:] == ["model done", "model done", f"shown with {SlowModel.name}"]
        assert not app.screen.provisional
        assert "on the way" not in plain(app.screen.query_one("#compare-status"))


async def test_the_upgrade_keeps_every_row_once_and_in_order(make_app, lib, monkeypatch):
    from reader.core import entities
    from reader.ui.screens import compare as compare_screen

    rules = entities.get_extractor("rules")

    class SlowModel:
        name = "spacy:slow-test-model-2"

        def extract(self, text):
            import time

            time.sleep(0.05)
            return rules.extract(text)

    monkeypatch.setitem(entities._loaded, SlowModel.name, SlowModel())
    monkeypatch.setattr(compare_screen, "FIRST_ROWS", 2)  # rows still filling in when the upgrade lands
    monkeypatch.setattr(compare_screen, "LATER_ROWS", 1)
    app = make_app()
    ids = ids_by_source(lib)
    async with app.run_test(size=SIZE) as pilot:
        app.entity_extractor = SlowModel.name
        app.open_compare(ids["BBC News"], ids["Unknown outlet D"])
        await wait_for(pilot, lambda: compare_shown(app) and not app.screen.on_screen.provisional and idle(app)
                       and app.screen._mounted == len(app.screen.rows), what="the upgrade, every row mounted")
        for _ in range(5):  # frames in which a stale batch of rows, if one were queued, would be mounted
            await pilot.pause()
        screen = app.screen
        assert not screen.provisional
        shown = [w.id for w in screen.query(".row")]
        assert shown == [f"row{r}" for r in range(len(screen.rows))]


async def test_asking_twice_opens_one_compare_screen(make_app, lib):
    app = make_app()
    ids = ids_by_source(lib)
    async with app.run_test(size=SIZE) as pilot:
        app.entity_extractor = "rules"
        app.open_compare(ids["BBC News"], ids["Unknown outlet D"])
        app.open_compare(ids["BBC News"], ids["Unknown outlet D"])
        await wait_for(pilot, lambda: compare_shown(app) and idle(app), what="the comparison")
        for _ in range(5):  # frames in which a second screen, if one were coming, would be pushed
            await pilot.pause()
        assert sum(isinstance(s, CompareScreen) for s in app.screen_stack) == 1
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, CompareScreen), what="back from the comparison")
        app.open_compare(ids["BBC News"], ids["Unknown outlet B"])  # and the next one opens again
        await wait_for(pilot, lambda: compare_shown(app) and pair(app.screen) == (ids["BBC News"], ids["Unknown outlet B"]),
                       what="the second comparison")
