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
        # laid out first: a key pressed before the rows have a height scrolls nowhere (the suite
        # timed out here once, on a busy machine)
        await wait_for(pilot, lambda: scroller.max_scroll_y > 0, what="the rows laid out")
        y0 = scroller.scroll_y
        await pilot.press("ctrl+d")
        # one scroll moves both columns: they are in one scroller (the scroll lands after a refresh)
        await wait_for(pilot, lambda: scroller.scroll_y > y0, what="the rows scrolled")
        # sync off: two independent columns
        await pilot.press("s")
        assert not screen.synced and screen.query_one("#compare-free").display
        free_a, free_b = screen.query_one("#free-a"), screen.query_one("#free-b")
        free_a.focus()
        await wait_for(pilot, lambda: free_a.max_scroll_y > 0, what="the free column laid out")
        await pilot.press("ctrl+d")
        await wait_for(pilot, lambda: free_a.scroll_y > 0, what="the focused column scrolled")
        assert free_b.scroll_y == 0


async def test_swap_and_summary(make_app, lib):
    app = make_app()
    ids = ids_by_source(lib)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_compare(app, pilot, ids["BBC News"], ids["Unknown outlet B"])
        assert "BBC News" in plain(screen.query_one("#head-a"))
        summary = plain(screen.query_one("#compare-summary"))
        assert summary.startswith("B changes ") and "B says " in summary
        await pilot.press("x")
        await wait_for(pilot, lambda: pair(screen) != (ids["BBC News"], ids["Unknown outlet B"]), what="the swap")
        assert "BBC News" in plain(screen.query_one("#head-b"))
        assert screen.comparison.a.source == "Unknown outlet B"


def distinct_entries(c) -> list[tuple]:
    """The comparison's listed entries, each once, read off the core's own
    lists: a fact, a variant, a number or a move is one entry on both sides."""
    keys = []
    for side in ("a", "b"):
        for d in c.differences(side):
            key = (side if d.kind == "unique" else "", d.of, d.ref)
            if key not in keys:
                keys.append(key)
    return keys


def entry_keys(entries) -> list[tuple]:
    return [(e.places[0].side if e.kind == "unique" else "", e.places[0].of, e.places[0].ref) for e in entries]


async def test_stepping_lands_on_each_distinct_entry_in_order(make_app, lib):
    app = make_app()
    ids = ids_by_source(lib)
    async with app.run_test(size=SIZE) as pilot:
        # 001 (BBC) against its reworded copy 004: facts, names, numbers, passages and a move
        screen = await open_compare(app, pilot, ids["BBC News"], ids["Unknown outlet D"])
        c = screen.comparison
        expected = distinct_entries(c)
        assert len(expected) > 20 and len(expected) == len(screen.entries)
        assert sorted(entry_keys(screen.entries)) == sorted(expected)  # each once
        # every fact is stepped to, each at its own words: a pair's entry holds all of that pair's changes
        places = {(p.side, p.start, p.end) for e in screen.entries for p in e.places}
        assert c.facts and all(("a", *f.a) in places and ("b", *f.b) in places for f in c.facts)
        assert any(len({(p.side, p.start) for p in e.places}) > 2 for e in screen.entries)  # one entry, several changes
        landed, rows = [], []
        for n in range(len(expected)):
            await pilot.press("right_square_bracket")
            assert screen.current == n
            entry = screen.entries[n]
            landed.append(entry_keys([entry])[0])
            rows.append(entry.row)
            # the row it lands on is marked, and the entry's words in it, on each side that shows it
            for r in entry.rows:
                assert screen.query_one(f"#row{r}").has_class("current")
            grid = screen.query_one(f"#row{entry.row}").content
            left, _, right = (col._cells[0] for col in grid.columns)
            for place in entry.places:
                if place.row == entry.row:
                    cell = left if place.side == "a" else right
                    marked = [cell.plain[s.start:s.end] for s in cell.spans if "reverse" in str(s.style)]
                    text = c.article(place.side).text[place.start:place.end]
                    assert any(m and m in text for m in marked), (entry.label, marked)
            assert f"{n + 1} of {len(expected)}" in plain(screen.query_one("#compare-status"))
        assert sorted(landed) == sorted(expected) and len(set(landed)) == len(landed)
        assert rows == sorted(rows)  # reading down
        assert len(screen.query(".row.current")) >= 1
        await pilot.press("right_square_bracket")  # round again to the first
        assert screen.current == 0
        await pilot.press("left_square_bracket")
        assert screen.current == len(expected) - 1
        assert not screen.query_one(f"#row{screen.entries[0].row}").has_class("current") or \
            screen.entries[0].row in screen.entries[-1].rows


async def test_summary_counts_are_what_d_filters(make_app, lib):
    from reader.core.compare.tally import FACT_KINDS, tally

    app = make_app()
    ids = ids_by_source(lib)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_compare(app, pilot, ids["BBC News"], ids["Unknown outlet D"])
        c = screen.comparison
        summary = plain(screen.query_one("#compare-summary"))
        filtered: dict[str, int] = {}
        total = len(screen.entries)
        while True:
            await pilot.press("d")
            if screen.filter == "all":
                break
            assert screen.entries and all(e.kind == screen.filter for e in screen.entries)
            filtered[screen.filter] = len(screen.entries)
            assert f"{screen.filter} only ({len(screen.entries)})" in plain(screen.query_one("#compare-status"))
        # each kind present once in the cycle, each change once in its kind, nothing left out
        assert sum(filtered.values()) == tally(c).changes and total == tally(c).total < tally(c).changes
        assert filtered == tally(c).by_kind
        facts = sum(n for kind, n in filtered.items() if kind in FACT_KINDS)
        assert f"changes {facts} facts" in summary
        assert f"{filtered['variant']} names spelled differently" in summary
        if filtered.get("moved"):
            assert f"{filtered['moved']} passage" in summary
        assert filtered.get("number", 0) == tally(c).numbers
        unique_a = sum(1 for e in screen._all_entries if e.kind == "unique" and e.places[0].side == "a")
        unique_b = filtered["unique"] - unique_a
        assert (f"adds {unique_b} " in summary) and (f"drops {unique_a} " in summary)


def _underlined_words(cell, style_word="underline"):
    return [cell.plain[s.start:s.end] for s in cell.spans if str(s.style).strip() == style_word]


async def test_word_diff_is_one_key_away_and_only_in_near_identical_rows(make_app, lib):
    from reader.render.marks import NEAR_IDENTICAL, WORDS

    app = make_app()
    ids = ids_by_source(lib)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_compare(app, pilot, ids["BBC News"], ids["Unknown outlet D"])
        await wait_for(pilot, lambda: screen._mounted == len(screen.rows), what="every row")
        c = screen.comparison

        def words_in(r):
            grid = screen.query_one(f"#row{r}").content
            left, _, right = (col._cells[0] for col in grid.columns)
            return _underlined_words(left, WORDS) + _underlined_words(right, WORDS)

        def changed_share(p):
            shares = []
            for side in ("a", "b"):
                text, sents = c.article(side).text, c.sentences(side)
                total = sum(len(sents[i].text.replace(" ", "")) for i in p.indices(side))
                changed = sum(len(text[sp[0]:sp[1]].replace(" ", "")) for op in p.diff if (sp := op.span(side)))
                shares.append(changed / total)
            return max(shares)

        paired = [r for r, p in enumerate(c.alignment) if p.a and p.b and p.diff]
        assert not any(words_in(r) for r in range(len(screen.rows)))  # off by default: only what is listed
        await pilot.press("w")
        near = [r for r in paired if changed_share(c.alignment[r]) <= NEAR_IDENTICAL]
        loose = [r for r in paired if changed_share(c.alignment[r]) > NEAR_IDENTICAL]
        assert screen.words and f"word diff on ({len(near)} near-identical)" in plain(screen.query_one("#compare-status"))
        assert near and loose
        assert all(words_in(r) for r in near)
        assert not any(words_in(r) for r in loose)  # a paraphrased row is not underlined word by word
        await pilot.press("w")
        assert not screen.words and not any(words_in(r) for r in near)


async def test_marks_by_default_are_what_is_listed(make_app, lib):
    from reader.render.marks import ENTITY_COLOURS, FACT, VARIANT

    app = make_app()
    ids = ids_by_source(lib)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_compare(app, pilot, ids["BBC News"], ids["Unknown outlet D"])
        await wait_for(pilot, lambda: screen._mounted == len(screen.rows), what="every row")
        c = screen.comparison
        legend = plain(screen.query_one("#compare-legend"))
        for name in ("fact", "name variant", "number", "only here", "moved"):
            assert name in legend
        styles = set()
        for r in range(len(screen.rows)):
            grid = screen.query_one(f"#row{r}").content
            for col in (grid.columns[0], grid.columns[2]):
                styles |= {str(s.style) for s in col._cells[0].spans}
        assert FACT in styles and VARIANT in styles
        # entities are not marked until asked for (e); then as colour alone
        assert not styles & set(ENTITY_COLOURS.values())
        assert "entities" not in legend
        await pilot.press("e")
        grid = screen.query_one("#row0").content
        assert {str(s.style) for s in grid.columns[0]._cells[0].spans} & set(ENTITY_COLOURS.values())
        shown = screen.query_one("#compare-legend").content  # the legend names the entities' colours now
        assert "entities, colour only: person" in plain(screen.query_one("#compare-legend"))
        assert {str(sp.style) for sp in shown.spans} >= {ENTITY_COLOURS["PERSON"], ENTITY_COLOURS["ORG"]}
        role = next(f for f in c.facts if f.kind == "role")
        r = next(r for r, p in enumerate(c.alignment) if c.alignment[role.pair] is p)
        left = screen.query_one(f"#row{r}").content.columns[0]._cells[0]
        s0 = c.sentences_a[c.alignment[r].a[0]].start
        assert any(sp.start <= role.a[0] - s0 < sp.end and str(sp.style) == FACT for sp in left.spans)


def test_each_mark_keeps_its_own_attributes_without_colour():
    """One style means one thing, and tells itself apart with NO_COLOR."""
    from rich.style import Style

    from reader.render.marks import CURRENT, LEGEND, WORDS

    def attributes(style: str) -> frozenset[str]:
        st = Style.parse(style)
        return frozenset(a for a in ("bold", "italic", "underline", "reverse", "strike") if getattr(st, a))

    by_text = {name: attributes(style) for name, style in LEGEND if not name.startswith("↕")}
    by_text |= {"word diff": attributes(WORDS), "current": attributes(CURRENT)}
    assert all(by_text.values())
    assert len(set(by_text.values())) == len(by_text)  # no two alike


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


async def test_A_and_B_on_two_reports_picked_alone_say_how_to_step_through_an_event(make_app, lib):
    """Two reports compared with c are no event's list: A says where the
    event's reports are stepped through, not that the event has no others."""
    app = make_app()
    ids = ids_by_source(lib)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_compare(app, pilot, ids["BBC News"], ids["Unknown outlet B"])
        await pilot.press("A")
        await wait_for(pilot, lambda: any("from the event" in str(n.message) for n in app._notifications),
                       what="the hint")
        assert pair(screen) == (ids["BBC News"], ids["Unknown outlet B"])  # the same two
        assert not any("no other report" in str(n.message) for n in app._notifications)


async def test_a_step_pressed_while_the_next_report_is_compared_lands_on_its_first_entry(make_app, lib, monkeypatch):
    """] right after B steps through the new pair (it stepped the pair going
    away, whose entries the new one then reset)."""
    import time

    from reader.ui.screens import compare as screen_module

    app = make_app()
    ids = [r["id"] for r in lib.listing(order="source", descending=False)]
    quick = screen_module.prepare

    def slow(news_app, a_id, b_id, **kwargs):  # the new pair takes a while, as two long reports do
        if b_id == ids[2]:
            time.sleep(0.8)
        return quick(news_app, a_id, b_id, **kwargs)

    monkeypatch.setattr(screen_module, "prepare", slow)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_compare(app, pilot, ids[0], ids[1], reports=ids)
        await pilot.press("B", "right_square_bracket")  # together: the new pair is computed in a worker
        await wait_for(pilot, lambda: pair(screen) == (ids[0], ids[2]), what="another report on the right")
        await wait_for(pilot, lambda: screen.current == 0, what="the first entry of the new pair")
        assert screen.entries and screen.comparison.b.id == ids[2]
