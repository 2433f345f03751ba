"""A comparison computed for the compare screen, off the UI thread: the
comparison itself, its aligned rows, the marks on each side, and every
difference with the row it sits in."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from reader.core.compare.side import SIDES, Side

if TYPE_CHECKING:  # types only: the comparison's modules load after the first screen
    from reader.core.compare.comparison import Comparison
    from reader.ui.access import NewsAppAPI

Row = tuple[str, list[int], list[int]]  # (alignment kind, sentences of A, sentences of B)


class RowDifference(NamedTuple):
    """A difference as the screen steps through them: in which row, which
    side, where in that side's text, what kind, and its one-line label."""

    row: int
    side: Side
    start: int
    end: int
    kind: str  # as Difference.kind
    label: str
    of: str = ""  # as Difference.of and .ref: the entry it is, whichever side shows it
    ref: int = -1
    change: tuple = ()  # the change of the entry at this place: (kind, of, ref, label), as a Part's


@dataclass
class Prepared:
    comparison: Comparison
    rows: list[Row]
    marks: dict
    diffs: list[RowDifference]
    extractors: set[str]  # whose entity mentions it used
    active: str  # the extractor the reader asked for

    @property
    def provisional(self) -> bool:
        """The quick rules' entities stand in for a model's not computed yet."""
        return any(name != self.active for name in self.extractors)


def prepare(app: NewsAppAPI, a_id: str, b_id: str, quick: bool = True) -> Prepared:
    """Compare two stored articles for the screen. Call from a worker thread.
    quick: where the active extractor is a slow model that has not seen an
    article yet, use the built-in rules for now (the screen upgrades later)."""
    # Loaded with the first comparison, not at start-up (the app warms them after the first screen):
    from reader.core.compare.comparison import compare  # (start-up time)
    from reader.core.entities import EntityService  # (start-up time)
    from reader.render.marks import side_marks  # (start-up time)

    with app.lib_lock:
        a = app.lib.get(a_id)
        b = app.lib.get(b_id)
    found = {art.id: app.mentions_for(art, quick=quick) for art in (a, b)}
    mentions = {k: v[1] for k, v in found.items()}
    c = compare(a, b, entities_of=lambda art: mentions[art.id])
    rows = [(p.kind, list(p.a), list(p.b)) for p in c.alignment]
    marks = {side: side_marks(c, side) for side in SIDES}
    diffs = []
    for side in SIDES:
        sentences = c.sentences(side)
        starts = [x.start for x in sentences]
        row_of_sentence: dict[int, int] = {}
        for r, p in enumerate(c.alignment):
            for i in p.indices(side):
                row_of_sentence.setdefault(i, r)
        for d in c.differences(side):
            for part in d.places:  # each change of the entry, marked where it is
                i = bisect_right(starts, part.start) - 1
                inside = 0 <= i < len(sentences) and part.start < sentences[i].end
                row = row_of_sentence.get(sentences[i].index if inside else -1, 0)
                diffs.append(RowDifference(row, side, part.start, part.end, d.kind, d.label, d.of, d.ref,
                                           (part.kind, part.of, part.ref, part.label)))
    diffs.sort(key=lambda d: (d.row, d.side, d.start))
    active = EntityService(None, app.entity_extractor).name
    return Prepared(c, rows, marks, diffs, {name for name, _ in found.values()}, active)
