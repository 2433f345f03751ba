"""What the compare screen steps through: the comparison's listed entries,
each once however many sides show it (an aligned pair's changes, a name
variant, a number or a move is one entry on both sides; a passage only one
report says is that report's), in reading order; filtered to one kind, the
changes of that kind, each once; and the plain summary line, whose counts
are those changes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rich.text import Text

from reader.core.compare.tally import FACT_KINDS, entry_key, plain_summary
from reader.core.text.clean import clean_inline
from reader.render.summary import summary_words
from reader.ui.services.comparing import RowDifference

# The order `d` cycles the kinds in: the facts first, as the summary says them.
KIND_ORDER = (*FACT_KINDS, "number", "variant", "unique", "moved")


@dataclass(frozen=True)
class Entry:
    """One listed difference: where each side shows it, and what it is."""

    kind: str
    label: str
    places: tuple[RowDifference, ...]  # one a side that shows it, A's first

    @property
    def row(self) -> int:
        """The row it is first seen in, reading down."""
        return min(p.row for p in self.places)

    @property
    def rows(self) -> set[int]:
        return {p.row for p in self.places}

    @property
    def sides(self) -> str:
        return "+".join(sorted({p.side.upper() for p in self.places}))


def entries_of(diffs: list[RowDifference]) -> list[Entry]:
    """The entries of every side's differences, each once, in the order of
    the rows they are first seen in (then by side and place)."""
    places: dict[tuple, list[RowDifference]] = {}
    for d in sorted(diffs, key=lambda d: (d.row, d.side, d.start)):
        places.setdefault(entry_key(d.side, d), []).append(d)
    out = []
    for found in places.values():
        found.sort(key=lambda d: d.side)
        first = found[0]
        out.append(Entry(first.kind, first.label, tuple(found)))
    return out


def changes_of(diffs: list[RowDifference], kind: str) -> list[Entry]:
    """The changes of one kind, each once however many sides show it, as
    entries of their own, in the order of the rows they are first seen in:
    what `d` steps through for that kind (an aligned pair's entry holds
    changes of several kinds)."""
    places: dict[tuple, list[RowDifference]] = {}
    labels: dict[tuple, str] = {}
    for d in sorted(diffs, key=lambda d: (d.row, d.side, d.start)):
        k, of, ref, label = d.change or (d.kind, d.of, d.ref, d.label)
        if k == kind:
            key = (d.side if k == "unique" else "", of, ref)
            places.setdefault(key, []).append(d)
            labels.setdefault(key, label)
    return [Entry(kind, labels[key], tuple(sorted(found, key=lambda d: d.side))) for key, found in places.items()]


def kinds_present(diffs: list[RowDifference]) -> list[tuple[str, int]]:
    """The kinds of change listed, in the order `d` cycles them, with how
    many changes of each (the summary's counts)."""
    seen = {(d.side if k == "unique" else "", of, ref): k
            for d in diffs for k, of, ref, _ in (d.change or (d.kind, d.of, d.ref, d.label),)}
    counts = Counter(seen.values())
    known = [k for k in KIND_ORDER if counts[k]]
    return [(k, counts[k]) for k in known + sorted(set(counts) - set(known))]


def summary_text(c) -> Text:
    """The summary in plain words (bold), then how much each says of the
    other and the lineage (dim), run on to save lines on a small terminal."""
    text = Text(plain_summary(c, "b"), style="bold")
    words = summary_words(c)
    text.append("   " + " · ".join(words.coverage), style="dim")
    if words.lineage is not None:
        who = {"a": "A", "b": "B"}.get(words.lineage.derived or "", "one")
        text.append(f" · {words.lineage.relation}: {who} derives from the other", style="dim")
    for note in c.notes:  # (a very long report compared on its first part)
        text.append(f" · {clean_inline(note)}", style="bold yellow")
    return text


def status_line(entry: Entry | None, n: int, total: int, filter_: str, words: int | None, synced: bool,
                note: str = "") -> Text:
    """What d and w show (words: None when the word diff is off, else the
    pairs it marks), then the entry: one line, cut with an ellipsis where it
    is too long (app.tcss; the entry's words are marked in the rows)."""
    text = Text()
    kind = "all kinds" if filter_ == "all" else f"{filter_} only"
    shown = "off" if words is None else f"on ({words} near-identical)"
    text.append(f"d {kind} ({total}) · w word diff {shown}" + ("" if synced else " · s sync off") + "   ",
                style="dim")
    if note:
        text.append(note + "   ", style="italic")
    if entry is None:
        text.append(f"{total} listed", style="bold")
        text.append(" (] to step through them)")
        return text
    text.append(f"{n} of {total}", style="bold")
    text.append(f" · {entry.kind} · {entry.sides}: ")
    text.append(clean_inline(entry.label))
    return text
