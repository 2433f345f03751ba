"""Two reports side by side: aligned sentences level with each other, what
changed word by word, entities shared, only here or spelled differently,
numbers that differ, and a summary bar. ] and [ jump between differences."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.css.query import NoMatches
from textual.widgets import Header, Static

from reader.core.compare.side import SIDES, Side
from reader.core.text.clean import clean_inline
from reader.render.marks import KIND_MARK, gutter, render_span, sentences_text
from reader.render.summary import summary_bar
from reader.ui.access import NewsScreen
from reader.ui.messages import ComparisonPrepared
from reader.ui.scrolling import ScrollActions, scroll_bindings
from reader.ui.services.comparing import Prepared, RowDifference, prepare
from reader.ui.widgets.key_bar import KeyBar

FILTERS = ("all", "variant", "number", "unique")
FIRST_ROWS = 12  # rows laid out before the screen is first shown
LATER_ROWS = 12  # rows added per frame after that


def _place(d: RowDifference) -> tuple[Side, int, int]:
    """Where a difference is, whatever row it is laid out in."""
    return d.side, d.start, d.end


class CompareScreen(ScrollActions, NewsScreen):
    HELP_TITLE = "Comparing two reports"
    HELP_ORDER = 80
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="compare.back"),
        Binding("right_square_bracket", "next_difference", "Next diff", id="compare.next_difference"),
        Binding("left_square_bracket", "previous_difference", "Prev diff", id="compare.previous_difference"),
        Binding("d", "cycle_filter", "Diff kind", id="compare.filter"),
        Binding("x", "swap", "Swap sides", id="compare.swap"),
        Binding("s", "toggle_sync", "Sync scroll", id="compare.sync"),
        Binding("A", "next_left", "Next report (left)", show=False, id="compare.next_left"),
        Binding("B", "next_right", "Next report (right)", show=False, id="compare.next_right"),
        Binding("e", "toggle_entities", "Entities on/off", show=False, id="compare.toggle_entities"),
        *scroll_bindings("compare"),
    ]

    def __init__(self, a_id: str, b_id: str, reports: list[str] | None = None,
                 prepared: Prepared | None = None) -> None:
        super().__init__()
        self._prepared = prepared
        self.a_id, self.b_id = a_id, b_id
        self.reports = list(reports or [a_id, b_id])
        self.comparison = None
        self.synced = True
        self.show_entities = True
        self.filter = "all"
        self.diffs: list[RowDifference] = []  # those of the kind shown
        self.current = -1
        self.rows: list[tuple[str, list[int], list[int]]] = []
        self._all_diffs: list[RowDifference] = []
        self.provisional = False  # entities from the quick rules while a model works
        self.on_screen: Prepared | None = None  # the comparison whose rows, differences and status are all shown
        self._generation = 0  # of the mounted rows
        self._free_stale = True
        self._mounted = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("comparing…", style="dim"), id="compare-summary")
        with Horizontal(id="compare-heads"):
            yield Static(id="head-a", classes="compare-head")
            yield Static(id="head-b", classes="compare-head")
        yield VerticalScroll(id="compare-rows")
        with Horizontal(id="compare-free"):
            yield VerticalScroll(id="free-a", classes="free-column")
            yield VerticalScroll(id="free-b", classes="free-column")
        yield Static(id="compare-status")
        yield KeyBar()

    async def on_mount(self) -> None:
        self.query_one("#compare-free").display = False
        self.query_one("#compare-rows").focus()
        if self._prepared is not None:
            # computed before the screen was pushed: its first paint has rows
            prepared, self._prepared = self._prepared, None
            await self.show(prepared)
        else:
            self.load()

    # --- computing -----------------------------------------------------------
    @work(thread=True, exclusive=True, group="compare")
    def load(self, quick: bool = True) -> None:
        prepared = prepare(self.news_app, self.a_id, self.b_id, quick=quick)
        # Through the screen's own queue, so that showing it never interleaves
        # with a batch of rows being mounted.
        self.post_message(ComparisonPrepared(self.a_id, self.b_id, self.reports, prepared))

    @on(ComparisonPrepared)
    async def _prepared(self, event: ComparisonPrepared) -> None:
        await self.show(event.prepared)

    async def show(self, prepared: Prepared) -> None:
        c = prepared.comparison
        if (c.a.id, c.b.id) != (self.a_id, self.b_id):
            return  # the reader swapped or moved on while this was computed
        upgrade = self.comparison is not None and (self.comparison.a.id, self.comparison.b.id) == (c.a.id, c.b.id)
        rows_view = self.query_one("#compare-rows", VerticalScroll)
        scroll_y = rows_view.scroll_y if upgrade else 0
        was = _place(self.diffs[self.current]) if upgrade and 0 <= self.current < len(self.diffs) else None
        self.comparison = c
        self.rows, self.marks, self._all_diffs = prepared.rows, prepared.marks, prepared.diffs
        self.provisional = prepared.provisional
        self.current = -1
        self._paint_heads()
        self._paint_summary()
        self._free_stale = True
        await self._mount_rows(everything=upgrade)
        if scroll_y:
            self.call_after_refresh(rows_view.scroll_to, y=scroll_y, animate=False)
        if not self.synced:
            await self._mount_free()
        self._collect_diffs()
        if was is not None:  # the same difference stays the current one if it still is one
            self.current = next((i for i, d in enumerate(self.diffs) if _place(d) == was), -1)
            if self.current >= 0:
                self._paint_rows({self.diffs[self.current].row})
        self._update_status()
        self.on_screen = prepared
        if self.provisional:
            # shown with the rules' entities; the model's follow when ready
            self.load(quick=False)

    # --- painting ----------------------------------------------------------------
    def _paint_heads(self) -> None:
        c = self.comparison
        for side in SIDES:
            art = c.article(side)
            head = Text()
            head.append(f"{side.upper()}  ", style="bold reverse")
            head.append(clean_inline(art.source) or "(unknown source)", style="bold")
            head.append(f"  {art.id[:8]}\n", style="dim")
            head.append(clean_inline(art.title))
            self.query_one(f"#head-{side}", Static).update(head)

    def _paint_summary(self) -> None:
        self.query_one("#compare-summary", Static).update(summary_bar(self.comparison))

    def _cell(self, side: Side, indices: list[int], current: RowDifference | None) -> Text:
        cur = (current.start, current.end) if current and current.side == side else None
        return sentences_text(self.comparison, side, indices, self.marks[side], cur, self.show_entities)

    def _row(self, r: int, current: RowDifference | None) -> Table:
        """One aligned row as a three-column grid (A, gutter, B): one widget a
        row keeps a long comparison quick to lay out, and the two sides of a
        row are level by construction."""
        kind, ia, ib = self.rows[r]
        grid = Table.grid(expand=True, padding=(0, 1))
        grid.add_column(ratio=1)
        grid.add_column(width=1)
        grid.add_column(ratio=1)
        cur = current if current and current.row == r else None
        grid.add_row(self._cell("a", ia, cur), gutter(kind), self._cell("b", ib, cur))
        return grid

    async def _mount_rows(self, everything: bool = False) -> None:
        """The first screenful at once, the rest a batch per frame after it is
        shown, so that keys are answered while a long comparison fills in
        (everything: all rows now, to keep the reader's place on a repaint)."""
        self._generation += 1  # batches queued for the rows being replaced stop
        container = self.query_one("#compare-rows", VerticalScroll)
        await container.remove_children()
        self._mounted = 0
        await self._mount_more(None if everything else FIRST_ROWS)
        self._mount_later()

    def _mount_later(self) -> None:
        if self._mounted < len(self.rows):
            self.call_after_refresh(self._mount_batch, self._generation)

    async def _mount_batch(self, generation: int) -> None:
        if generation != self._generation:
            return
        try:
            await self._mount_more(LATER_ROWS)
        except NoMatches:
            return  # the reader left the screen while it was filling in
        self._mount_later()

    async def _mount_more(self, count: int | None = None) -> None:
        container = self.query_one("#compare-rows", VerticalScroll)
        end = len(self.rows) if count is None else min(len(self.rows), self._mounted + count)
        widgets = [
            Static(self._row(r, None), classes=f"row row-{self.rows[r][0]}", id=f"row{r}")
            for r in range(self._mounted, end)
        ]
        self._mounted = end
        if widgets:
            await container.mount_all(widgets)

    def _paint_rows(self, only: set[int] | None = None) -> None:
        """Repaint rows in place (all of them when only is None)."""
        current = self.diffs[self.current] if 0 <= self.current < len(self.diffs) else None
        for r in range(len(self.rows)) if only is None else only:
            if 0 <= r < self._mounted:
                self.query_one(f"#row{r}", Static).update(self._row(r, current))

    async def _mount_free(self) -> None:
        """The two texts as they flow, for scrolling apart; built when first shown."""
        self._free_stale = False
        c = self.comparison
        for side in SIDES:
            art = c.article(side)
            column = self.query_one(f"#free-{side}", VerticalScroll)
            await column.remove_children()
            start, widgets = 0, []
            for p in art.text_paragraphs:
                widgets.append(Static(render_span(art.text, start, start + len(p), self.marks[side], None, self.show_entities),
                                      classes="free-paragraph"))
                start += len(p) + 2
            await column.mount_all(widgets)

    # --- differences -----------------------------------------------------------
    def _collect_diffs(self) -> None:
        self.diffs = [d for d in self._all_diffs if self.filter == "all" or d.kind == self.filter]

    async def _jump(self, delta: int) -> None:
        if self._mounted < len(self.rows):
            await self._mount_more()
        if not self.diffs:
            self.notify(f"no differences of kind {self.filter}", timeout=1.5)
            return
        before = self.diffs[self.current].row if 0 <= self.current < len(self.diffs) else None
        if self.current < 0:
            self.current = 0 if delta > 0 else len(self.diffs) - 1
        else:
            self.current = (self.current + delta) % len(self.diffs)
        row = self.diffs[self.current].row
        if not self.synced:
            self.run_worker(self.action_toggle_sync(), exclusive=False)
        self._paint_rows({row} | ({before} if before is not None else set()))
        self.query_one("#compare-rows", VerticalScroll).scroll_to_center(self.query_one(f"#row{row}"), animate=False)
        self._update_status()

    async def action_next_difference(self) -> None:
        await self._jump(1)

    async def action_previous_difference(self) -> None:
        await self._jump(-1)

    def action_cycle_filter(self) -> None:
        self.filter = FILTERS[(FILTERS.index(self.filter) + 1) % len(FILTERS)]
        if self.comparison is not None:
            before = {self.diffs[self.current].row} if 0 <= self.current < len(self.diffs) else set()
            self._collect_diffs()
            self.current = -1
            self._paint_rows(before)
        self._update_status()

    def _update_status(self) -> None:
        status = self.query_one("#compare-status", Static)
        text = Text()
        if 0 <= self.current < len(self.diffs):
            d = self.diffs[self.current]
            text.append(f"difference {self.current + 1} of {len(self.diffs)}: ", style="bold")
            text.append(f"{d.kind} in {d.side.upper()}: ")
            text.append(clean_inline(d.label))
        else:
            text.append(f"{len(self.diffs)} differences ({self.filter})", style="bold")
        text.append(f"   ] next · [ previous · d kind: {self.filter} · x swap · s sync {'on' if self.synced else 'off'}",
                    style="dim")
        marks = "  " + "  ".join(f"{sym} {name}" for sym, name in dict(KIND_MARK.values()).items())
        text.append(marks, style="dim")
        if self.provisional:
            text.append("   entities: quick rules for now, the model's on the way", style="italic")
        status.update(text)

    # --- sides, reports, scrolling -------------------------------------------------
    def _reload(self) -> None:
        self.query_one("#compare-summary", Static).update(Text("comparing…", style="dim"))
        self.load()

    def action_swap(self) -> None:
        self.a_id, self.b_id = self.b_id, self.a_id
        self._reload()

    def _next_report(self, side: Side) -> None:
        other = self.b_id if side == "a" else self.a_id
        current = self.a_id if side == "a" else self.b_id
        choices = [r for r in self.reports if r != other]
        if len(choices) < 2:
            self.notify("no other report of this event to show", timeout=2)
            return
        nxt = choices[(choices.index(current) + 1) % len(choices)] if current in choices else choices[0]
        if side == "a":
            self.a_id = nxt
        else:
            self.b_id = nxt
        self._reload()

    def action_next_left(self) -> None:
        self._next_report("a")

    def action_next_right(self) -> None:
        self._next_report("b")

    async def action_toggle_sync(self) -> None:
        self.synced = not self.synced
        if not self.synced and self.comparison is not None and self._free_stale:
            await self._mount_free()
        self.query_one("#compare-rows").display = self.synced
        self.query_one("#compare-heads").display = True
        self.query_one("#compare-free").display = not self.synced
        (self.query_one("#compare-rows") if self.synced else self.query_one("#free-a")).focus()
        self._update_status()

    async def action_toggle_entities(self) -> None:
        self.show_entities = not self.show_entities
        if self.comparison is not None:
            self._paint_rows()
            if self.synced:
                self._free_stale = True
            else:
                await self._mount_free()

    def _scroller(self) -> VerticalScroll:
        if self.synced:
            return self.query_one("#compare-rows", VerticalScroll)
        focused = self.focused
        return focused if isinstance(focused, VerticalScroll) else self.query_one("#free-a", VerticalScroll)
