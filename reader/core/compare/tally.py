"""A comparison said plainly in one line ("B changes 9 facts, adds 12
sentences, drops 8; 3 names spelled differently"), with counts that are
the changes the entries of `Comparison.differences` hold, each counted
once however many sides show it: a fact or a variant is one change on both
sides (an aligned pair's entry holds all of its own), a passage only one
report says is that report's.

`tally(c)` counts the changes by kind, and the entries; `plain_summary(c)`
words them. The CLI, the reports and the compare screen all say the
summary with these, so that what it counts is what stepping through the
list finds: all of it entry by entry, or one kind change by change."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from reader.core.compare.entries import Difference, Part
from reader.core.compare.model import Comparison
from reader.core.compare.side import SIDES, Side, check_side, other_side

# The kinds of entry that are a fact given differently (numbers and names
# are counted apart: they have their own words in the summary).
FACT_KINDS = ("role", "entity", "descriptor", "negation", "hedge", "attribution", "quote", "claim")


@dataclass(frozen=True)
class Tally:
    """Distinct changes of each kind (`by_kind`, keyed as Difference.kind:
    an aligned pair's entry counts each change it holds under its own
    kind), the entries they are in, and the passages and sentences only
    each side says."""

    by_kind: dict[str, int]
    one_sided_numbers: int  # of the "number" changes, those only one report gives
    passages: dict[Side, int]  # runs of sentences only that side says (its "unique" entries)
    sentences: dict[Side, int]  # the sentences in those runs
    entries: int = 0  # what ] and [ step through: one an aligned pair, a run, a move or a name apart

    @property
    def facts(self) -> int:
        return sum(self.by_kind.get(k, 0) for k in FACT_KINDS)

    @property
    def names(self) -> int:
        return self.by_kind.get("variant", 0)

    @property
    def numbers(self) -> int:
        return self.by_kind.get("number", 0)

    @property
    def moved(self) -> int:
        return self.by_kind.get("moved", 0)

    @property
    def changes(self) -> int:
        return sum(self.by_kind.values())

    @property
    def total(self) -> int:
        """The entries listed, each once however many sides show it."""
        return self.entries

    def as_dict(self) -> dict:
        return {"entries": self.entries, "changes": self.changes, "by_kind": dict(self.by_kind),
                "facts": self.facts, "names": self.names, "numbers": self.numbers,
                "one_sided_numbers": self.one_sided_numbers, "moved": self.moved,
                "passages": dict(self.passages), "sentences": dict(self.sentences)}


def entry_key(side: Side, d: Difference | Part) -> tuple[str, str, int]:
    """What makes two entries one: an aligned pair's changes, a fact, a
    variant, a number or a move is one item of its list shown on each side;
    a passage only one side says is that side's own. Of a change (a Part)
    alike: the item it is."""
    return (side if d.kind == "unique" else "", d.of, d.ref)


def tally(c: Comparison) -> Tally:
    seen: set[tuple] = set()
    changes: set[tuple] = set()
    by_kind: Counter[str] = Counter()
    one_sided = 0
    for side in SIDES:
        for d in c.differences(side):
            seen.add(entry_key(side, d))
            for p in d.places:
                key = entry_key(side, p)
                if key not in changes:
                    changes.add(key)
                    by_kind[p.kind] += 1
                    one_sided += p.of == "numbers" and c.numbers[p.ref].kind != "different"
    passages: dict[Side, int] = {}
    sentences: dict[Side, int] = {}
    for side in SIDES:
        runs = c.unique_runs(side)
        passages[side] = len(runs)
        sentences[side] = sum(n for _, _, n in runs.values())
    return Tally(dict(sorted(by_kind.items())), one_sided, passages, sentences, len(seen))


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def plain_summary(c: Comparison, side: str = "b") -> str:
    """One line, from one report's point of view against the other: "B
    changes 9 facts, adds 12 sentences, drops 8; 3 names spelled
    differently; 2 numbers differ; 1 passage moved". Passages only one side
    says are counted as the entries that list them: sentences where each
    passage is one sentence, else passages (and their sentences)."""
    me = check_side(side)
    there = other_side(me)
    t = tally(c)
    who = me.upper()
    head = [f"changes {_count(t.facts, 'fact')}"]
    if t.passages[me]:
        head.append("adds " + _passages(t, me))
    if t.passages[there]:
        head.append("drops " + _passages(t, there))
    tail = []
    if t.names:
        tail.append(_count(t.names, "name") + " spelled differently")
    differ = t.numbers - t.one_sided_numbers
    if differ:
        tail.append(_count(differ, "number") + (" differs" if differ == 1 else " differ"))
    if t.one_sided_numbers:
        tail.append(_count(t.one_sided_numbers, "number") + " only one report gives")
    if t.moved:
        tail.append(_count(t.moved, "passage") + " moved")
    if not (t.total or tail):
        return f"{who} and {there.upper()} differ in nothing listed"
    return f"{who} " + ", ".join(head) + "".join("; " + x for x in tail)


def _passages(t: Tally, side: Side) -> str:
    n, s = t.passages[side], t.sentences[side]
    if n == s:
        return _count(n, "sentence")
    return f"{_count(n, 'passage')} ({s} sentences)"


def listed(c: Comparison) -> dict:
    """What the entries list (what ] and [ step through), counted as the
    app's summary counts it, and that summary in words: the JSON's
    "listed", beside the raw counts of "summary" (every variant and number
    found, also those a sentence only one side says holds)."""
    return {**tally(c).as_dict(), "plain": plain_summary(c, "b")}
