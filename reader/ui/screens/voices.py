"""The voices of an event: each speaker down, each report across (its
source as the column's head), how many quotations and words each report
gives them; below, the quotations two reports give to different speakers or
in other words. enter on one opens the two reports side by side.

The speaker column stays put while the report columns scroll sideways
(left / right), so a narrow terminal still shows who is quoted."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from reader.core.events.cluster import Event
from reader.core.quotes.event_voices import EventVoices, column, describe, event_voices
from reader.core.text.clean import clean_inline
from reader.ui.access import NewsScreen
from reader.ui.screens.event_coverage import fit
from reader.ui.table_keys import FirstLastRow, first_last_bindings
from reader.ui.widgets.key_bar import KeyBar

SPEAKER_W = 20
CELL_MIN, CELL_MAX = 9, 20  # a report column: "12/345w", under its letter and source in two lines
PAIR_W, KIND_W = 5, 11
CHROME = 3  # the scrollbar and the table's edge


def head(label: str, width: int) -> Text:
    """A column's head in two lines of width: the words wrapped, the second
    line cut ("B Unknown" / "outlet D": sources that begin alike still differ)."""
    words = label.split()
    first = ""
    while words and len(f"{first} {words[0]}".strip()) <= width:
        first = f"{first} {words.pop(0)}".strip()
    if not first:  # one long word: cut it over the two lines
        return Text(fit(label[:width], width) + "\n" + fit(label[width:], width), style="bold")
    return Text(first + "\n" + fit(" ".join(words), width), style="bold")


class VoicesBuilt(Message, bubble=False):
    def __init__(self, voices: EventVoices) -> None:
        super().__init__()
        self.voices = voices


class VoicesScreen(FirstLastRow, NewsScreen):
    HELP_TITLE = "Voices of an event"
    HELP_ORDER = 72
    DEFAULT_CSS = """
    VoicesScreen #voices-table { height: 1fr; min-height: 6; }
    VoicesScreen #voices-disagreements { height: auto; max-height: 45%; }
    VoicesScreen #voices-heading, VoicesScreen #voices-status { height: 1; }
    """
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="voices.back"),
        Binding("d", "disagreements", "Disagreements", id="voices.disagreements"),
        Binding("j", "cursor_down", "Down", show=False, id="voices.down"),
        Binding("k", "cursor_up", "Up", show=False, id="voices.up"),
        *first_last_bindings("voices"),
    ]

    def __init__(self, event: Event) -> None:
        super().__init__()
        self.event = event
        self._said_before = None  # the status line before "comparing …" (keep_shown puts it back)
        self.voices: EventVoices | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(f"Voices: {clean_inline(self.event.title)}", style="bold"), id="voices-title")
        yield DataTable(cursor_type="row", fixed_columns=1, header_height=2, id="voices-table")
        yield Static(Text("finding the quotations…", style="dim"), id="voices-heading")
        yield DataTable(cursor_type="row", id="voices-disagreements")
        yield Static(id="voices-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#voices-table", DataTable).focus()
        self.load()

    def on_resize(self) -> None:
        if self.voices is not None:
            self.paint()

    @work(thread=True, exclusive=True, group="voices")
    def load(self) -> None:
        app = self.news_app
        with app.lib_lock:
            found = app.lib.store.get_many(list(self.event.article_ids))
        articles = [found[i] for i in self.event.article_ids if i in found]
        # extraction outside the lock, with the app's extractor, as the compare screen names entities
        self.post_message(VoicesBuilt(event_voices(articles, lambda a: app.mentions_for(a)[1])))

    @on(VoicesBuilt)
    def built(self, message: VoicesBuilt) -> None:
        self.voices = message.voices
        self.paint()

    def cell_width(self) -> int:
        n = max(1, len(self.voices.reports)) if self.voices else 1
        room = (self.size.width - CHROME - SPEAKER_W - 2) // n - 2
        return max(CELL_MIN, min(CELL_MAX, room))

    def paint(self) -> None:
        voices = self.voices
        assert voices is not None
        table = self.query_one("#voices-table", DataTable)
        row = table.cursor_row
        width = self.cell_width()
        table.clear(columns=True)
        table.add_column(Text("speaker\n") + Text("quotations/words", style="dim"), key="speaker", width=SPEAKER_W)
        for k, r in enumerate(voices.reports):
            table.add_column(head(f"{column(k)} {clean_inline(r.source) or '(no source)'}", width),
                             key=f"r{k}", width=width)
        for n, s in enumerate(voices.speakers):
            cells = [Text(fit(s.label, SPEAKER_W), style="dim italic" if s.speaker is None else "")]
            for k in range(len(voices.reports)):
                count = s.count(k)
                cells.append(Text(f"{count}/{s.words(k)}w".rjust(width), style="bold") if count
                             else Text("·".rjust(width), style="dim"))
            table.add_row(*cells, key=f"s{n}")
        if 0 <= row < table.row_count:
            table.move_cursor(row=row)
        self.paint_disagreements()
        quoted = sum(len(r.quotes) for r in voices.reports)
        self.say(f"{len(voices.speakers)} speakers, {quoted} quotations in {len(voices.reports)} reports"
                 " · left/right: more reports · d: the disagreements")

    def paint_disagreements(self) -> None:
        voices = self.voices
        assert voices is not None
        n = len(voices.disagreements)
        heading = Text(f"{n} disagreement{'s' * (n != 1)}", style="bold")
        heading.append(" (one quotation, two speakers or two wordings) · enter compares the two" if n
                       else ": no quotation is given to two speakers or in two wordings", style="dim")
        heading.truncate(max(1, self.size.width), overflow="ellipsis")
        self.query_one("#voices-heading", Static).update(heading)
        table = self.query_one("#voices-disagreements", DataTable)
        row = table.cursor_row
        what_w = max(20, self.size.width - CHROME - PAIR_W - KIND_W - 6)
        table.clear(columns=True)
        table.add_column(Text("pair"), key="pair", width=PAIR_W)
        table.add_column(Text("kind"), key="kind", width=KIND_W)
        table.add_column(Text("what differs / the quotation in each"), key="what", width=what_w)
        for k, d in enumerate(voices.disagreements):
            what = Text(fit(describe(d), what_w), style="bold")
            for side, q in ((d.a, d.change.a), (d.b, d.change.b)):
                what.append("\n")
                what.append(f"{column(side)}: ", style="bold")
                what.append(fit(q.text, what_w - 3))
            table.add_row(Text(f"{column(d.a)}/{column(d.b)}"), Text(fit("+".join(d.kinds), KIND_W), style="dim"),
                          what, key=f"d{k}", height=3)
        if 0 <= row < table.row_count:
            table.move_cursor(row=row)

    def say(self, note: str) -> None:
        self.query_one("#voices-status", Static).update(Text(fit(note, max(1, self.size.width)), style="dim"))

    @on(DataTable.RowHighlighted, "#voices-table")
    def speaker_highlighted(self, message: DataTable.RowHighlighted) -> None:
        """The status line says how each report names the speaker under the cursor."""
        if self.voices is None or not 0 <= message.cursor_row < len(self.voices.speakers):
            return
        s = self.voices.speakers[message.cursor_row]
        if s.speaker is None:
            self.say("quotations no speaker was found for (a pronoun with two candidates, an unnamed source)")
            return
        reports_of: dict[str, list[str]] = {}
        for k in sorted(s.names):
            reports_of.setdefault(clean_inline(s.names[k]), []).append(column(k))
        named = "; ".join(f"“{name}” by {' '.join(cols)}" for name, cols in reports_of.items())
        self.say(f"{clean_inline(s.speaker)}: named {named}")

    @on(DataTable.RowSelected, "#voices-table")
    def speaker_selected(self) -> None:
        self.action_disagreements()

    @on(DataTable.RowSelected, "#voices-disagreements")
    def selected(self) -> None:
        self.action_open_pair()

    def action_open_pair(self) -> None:
        table = self.query_one("#voices-disagreements", DataTable)
        if self.voices is None or not self.voices.disagreements:
            return
        row = table.cursor_row
        if not 0 <= row < len(self.voices.disagreements):
            return
        d = self.voices.disagreements[row]
        reports = self.voices.reports
        self._said_before = self.query_one("#voices-status", Static).content
        self.say(f"comparing {clean_inline(reports[d.a].source) or column(d.a)} with "
                 f"{clean_inline(reports[d.b].source) or column(d.b)}")
        self.news_app.open_compare(reports[d.a].id, reports[d.b].id, list(self.event.article_ids), d.change.a.start)

    def keep_shown(self) -> None:
        """The server went away before the comparison opened (server_errors): the line as it was."""
        said, self._said_before = self._said_before, None
        if said is not None:
            self.query_one("#voices-status", Static).update(said)

    def action_disagreements(self) -> None:
        self.query_one("#voices-disagreements", DataTable).focus()

    def _focused(self) -> DataTable:
        other = self.query_one("#voices-disagreements", DataTable)
        return other if other.has_focus else self.query_one("#voices-table", DataTable)

    def action_cursor_down(self) -> None:
        self._focused().action_cursor_down()

    def action_cursor_up(self) -> None:
        self._focused().action_cursor_up()
