"""Two reports side by side: aligned sentences level with each other, and
marked only what the comparison lists (facts given differently, names
spelled differently, numbers, passages only one side has, moved passages),
with a legend on screen; the word diff of near-identical sentences is one
key away (w). ] and [ step through the listed entries, each once (an
aligned pair's changes are one entry), d picks one kind of change to step
through, and the summary line counts those changes."""

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
from reader.core.models import NO_SOURCE
from reader.core.text.clean import clean_inline
from reader.render.marks import gutter, legend, render_span, sentences_text
from reader.ui.access import NewsScreen
from reader.ui.messages import ComparisonPrepared
from reader.ui.screens.compare_entries import Entry, changes_of, entries_of, kinds_present, status_line, summary_text
from reader.ui.scrolling import ScrollActions, scroll_bindings
from reader.ui.services.comparing import Prepared, prepare
from reader.ui.widgets.key_bar import KeyBar

FIRST_ROWS = 12  # rows laid out before the screen is first shown
LATER_ROWS = 12  # rows added per frame after that


def _place(e: Entry) -> tuple[str, tuple]:
    """Where an entry is, whatever row it is laid out in."""
    return e.kind, tuple((p.side, p.start, p.end) for p in e.places)


class CompareScreen(ScrollActions, NewsScreen):
    HELP_TITLE = "Comparing two reports"
    HELP_ORDER = 80
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="compare.back"),
        Binding("right_square_bracket", "next_difference", "Next diff", id="compare.next_difference"),
        Binding("left_square_bracket", "previous_difference", "Prev diff", id="compare.previous_difference"),
        Binding("d", "cycle_filter", "Diff kind", id="compare.filter"),
        Binding("w", "toggle_words", "Word diff", id="compare.words"),
        Binding("x", "swap", "Swap sides", id="compare.swap"),
        Binding("s", "toggle_sync", "Sync scroll", id="compare.sync"),
        Binding("A", "next_left", "Next report (left)", show=False, id="compare.next_left"),
        Binding("B", "next_right", "Next report (right)", show=False, id="compare.next_right"),
        Binding("e", "toggle_entities", "Entities on/off", show=False, id="compare.toggle_entities"),
        *scroll_bindings("compare"),
    ]

    def __init__(self, a_id: str, b_id: str, reports: list[str] | None = None,
                 prepared: Prepared | None = None, at: int | None = None) -> None:
        super().__init__()
        self._prepared = prepared
        self._start_at = at  # A's text offset of the entry to open at (the voices view's quotation)
        self.a_id, self.b_id = a_id, b_id
        self.reports = list(reports or [a_id, b_id])
        self.of_event = bool(reports)  # opened from an event's reports: A and B step through them
        self._pending_jumps: list[int] = []  # ] and [ pressed before the pair asked for was shown
        self.comparison = None
        self.synced = True
        self.show_entities = False  # by default only what is listed is marked
        self.words = False  # the word diff of near-identical sentences
        self.filter = "all"  # or one kind of entry
        self.entries: list[Entry] = []  # those of the kind shown
        self.current = -1
        self.rows: list[tuple[str, list[int], list[int]]] = []
        self._all_entries: list[Entry] = []
        self._diffs: list = []  # every place of every change listed (RowDifference)
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
        yield Static(legend(), id="compare-legend")
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

    def keep_shown(self) -> None:
        """The server went away before a swap or another report was shown (server_errors): the
        sides are again those on screen, and so is the summary."""
        self._pending_jumps = []  # (they were for the pair that did not come)
        if self.comparison is not None:
            self.a_id, self.b_id = self.comparison.a.id, self.comparison.b.id
            self._paint_summary()

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
        was = _place(self.entries[self.current]) if upgrade and 0 <= self.current < len(self.entries) else None
        self.comparison = c
        self.rows, self.marks = prepared.rows, prepared.marks
        self._all_entries = entries_of(prepared.diffs)
        self._diffs = prepared.diffs
        if self.filter != "all" and self.filter not in dict(kinds_present(self._diffs)):
            self.filter = "all"
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
        self._collect_entries()
        if was is not None:  # the same entry stays the current one if it still is one
            self.current = next((i for i, e in enumerate(self.entries) if _place(e) == was), -1)
            if self.current >= 0:
                self._paint_rows(self.entries[self.current].rows)
        self._update_status()
        self.on_screen = prepared
        pending, self._pending_jumps = self._pending_jumps, []
        for delta in pending:  # ] pressed while this pair was computed
            await self._jump(delta)
        at, self._start_at = self._start_at, None
        if at is not None and not pending and self.entries:
            # the first entry of A's at or after the place (the quotation the voices view named)
            k = next((i for i, e in enumerate(self.entries) if any(p.side == "a" and p.end > at for p in e.places)), None)
            if k is not None:
                self.current = k - 1
                await self._jump(1)
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
            head.append(clean_inline(art.source) or NO_SOURCE, style="bold")
            # an earlier version's id is "ID@N": the number must show, or both sides read alike
            base, at, number = art.id.partition("@")
            head.append(f"  {base[:8]}{at}{number}\n", style="dim")
            head.append(clean_inline(art.title))  # one line (app.tcss), leaving the rows room
            self.query_one(f"#head-{side}", Static).update(head)

    def _paint_summary(self) -> None:
        self.query_one("#compare-summary", Static).update(summary_text(self.comparison))

    def _cell(self, side: Side, indices: list[int], current: Entry | None) -> Text:
        cur = [(p.start, p.end) for p in current.places if p.side == side] if current else None
        return sentences_text(self.comparison, side, indices, self.marks[side], cur, self.show_entities, self.words)

    def _row(self, r: int, current: Entry | None) -> Table:
        """One aligned row as a three-column grid (A, gutter, B): one widget a
        row keeps a long comparison quick to lay out, and the two sides of a
        row are level by construction."""
        kind, ia, ib = self.rows[r]
        grid = Table.grid(expand=True, padding=(0, 1))
        grid.add_column(ratio=1)
        grid.add_column(width=1)
        grid.add_column(ratio=1)
        cur = current if current and r in current.rows else None
        grid.add_row(self._cell("a", ia, cur), gutter(kind, cur is not None), self._cell("b", ib, cur))
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

    def _current(self) -> Entry | None:
        return self.entries[self.current] if 0 <= self.current < len(self.entries) else None

    def _paint_rows(self, only: set[int] | None = None) -> None:
        """Repaint rows in place (all of them when only is None)."""
        current = self._current()
        for r in range(len(self.rows)) if only is None else only:
            if 0 <= r < self._mounted:
                row = self.query_one(f"#row{r}", Static)
                row.update(self._row(r, current))
                row.set_class(current is not None and r in current.rows, "current")

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
                widgets.append(Static(render_span(art.text, start, start + len(p), self.marks[side], None,
                                                  self.show_entities, self.words), classes="free-paragraph"))
                start += len(p) + 2
            await column.mount_all(widgets)

    # --- entries ---------------------------------------------------------------
    def _collect_entries(self) -> None:
        self.entries = self._all_entries if self.filter == "all" else changes_of(self._diffs, self.filter)

    async def _jump(self, delta: int) -> None:
        c = self.comparison
        if c is None or (c.a.id, c.b.id) != (self.a_id, self.b_id):
            self._pending_jumps.append(delta)  # another pair is on its way (A, B, x): the step is its
            return
        if self._mounted < len(self.rows):
            await self._mount_more()
        if not self.entries:
            self.notify("nothing listed" + ("" if self.filter == "all" else f" of kind {self.filter}"), timeout=1.5)
            return
        before = self._current()
        if self.current < 0:
            self.current = 0 if delta > 0 else len(self.entries) - 1
        else:
            self.current = (self.current + delta) % len(self.entries)
        entry = self.entries[self.current]
        if not self.synced:
            self.run_worker(self.action_toggle_sync(), exclusive=False)
        self._paint_rows(entry.rows | (before.rows if before is not None else set()))
        self.query_one("#compare-rows", VerticalScroll).scroll_to_center(self.query_one(f"#row{entry.row}"),
                                                                          animate=False)
        self._update_status()

    async def action_next_difference(self) -> None:
        await self._jump(1)

    async def action_previous_difference(self) -> None:
        await self._jump(-1)

    def action_cycle_filter(self) -> None:
        """All entries, then each kind the comparison lists, one at a time."""
        cycle = ["all"] + [kind for kind, _ in kinds_present(self._diffs)]
        self.filter = cycle[(cycle.index(self.filter) + 1) % len(cycle)] if self.filter in cycle else "all"
        if self.comparison is not None:
            before = self._current()
            self._collect_entries()
            self.current = -1
            if before is not None:
                self._paint_rows(before.rows)
        self._update_status()

    async def action_toggle_words(self) -> None:
        self.words = not self.words
        await self._repaint_marks()
        self._update_status()

    async def _repaint_marks(self) -> None:
        """After a change of what is marked: the synced rows now, the free
        columns when they are next shown."""
        if self.comparison is not None:
            self._paint_rows()
            if self.synced:
                self._free_stale = True
            else:
                await self._mount_free()

    def _update_status(self) -> None:
        status = self.query_one("#compare-status", Static)
        note = "entities: quick rules for now, the model's on the way" if self.provisional else ""
        words = self.marks["a"].word_pairs if self.words and self.comparison is not None else None
        text = status_line(self._current(), self.current + 1, len(self.entries), self.filter, words, self.synced, note)
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
        if not self.of_event:  # (two reports picked with c: which event's others is not known here)
            self.notify("A and B step through an event's reports: open the comparison from the event (v, enter)",
                        timeout=4, markup=False)
            return
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
        self.query_one("#compare-legend", Static).update(legend(self.show_entities))  # their colours named too
        await self._repaint_marks()

    def _scroller(self) -> VerticalScroll:
        if self.synced:
            return self.query_one("#compare-rows", VerticalScroll)
        focused = self.focused
        return focused if isinstance(focused, VerticalScroll) else self.query_one("#free-a", VerticalScroll)
