"""A comparison's summary in words, written once: how much of each report
the other says, the entity and number counts, and the lineage.

`summary_words` is the wording; `summary_bar` lays it out for the app's
compare screen (the counts that are differences in bold when there are
any), `summary_sentence` for the CLI's compare view (one dim paragraph).
Plain strings in, Text out. Imports rich, never textual."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:  # types only: the renderings take a comparison, they do not compute one
    from reader.core.compare.comparison import Comparison, Lineage


@dataclass(frozen=True)
class Count:
    text: str  # "2 variants"
    notable: bool = False  # a difference between the reports, and there is at least one


@dataclass(frozen=True)
class SummaryWords:
    coverage: tuple[str, str]  # "B says 40% of A", "A says 55% of B"
    entities: tuple[Count, ...]  # shared, only A, only B, variants
    numbers: tuple[Count, ...]  # same, differ, only A, only B
    lineage: Lineage | None  # None when the reports are independent (or it was not worked out)


def summary_words(c: Comparison) -> SummaryWords:
    s = c.summary()
    cov, ents, nums = s["coverage"], s["entities"], s["numbers"]
    lineage = c.lineage if c.lineage is not None and c.lineage.relation != "independent" else None
    return SummaryWords(
        coverage=(f"B says {cov['a']:.0%} of A", f"A says {cov['b']:.0%} of B"),
        entities=(Count(f"{ents['shared']} shared"), Count(f"{ents['only_a']} only A"),
                  Count(f"{ents['only_b']} only B"), Count(f"{ents['variants']} variants", bool(ents["variants"]))),
        numbers=(Count(f"{nums['same']} same"), Count(f"{nums['different']} differ", bool(nums["different"])),
                 Count(f"{nums['only_a']} only A"), Count(f"{nums['only_b']} only B")),
        lineage=lineage,
    )


def _counts(text: Text, counts: tuple[Count, ...]) -> None:
    for n, count in enumerate(counts):
        if n:
            text.append(", ")
        text.append(count.text, style="bold" if count.notable else "")


def summary_bar(c: Comparison) -> Text:
    """The compare screen's summary: coverage in bold, the counts, and the
    lineage on a second line when one report derives from the other."""
    words = summary_words(c)
    text = Text()
    text.append(" · ".join(words.coverage), style="bold")
    text.append("   entities: ")
    _counts(text, words.entities)
    text.append("   numbers: ")
    _counts(text, words.numbers)
    if words.lineage is not None:
        who = {"a": "A", "b": "B"}.get(words.lineage.derived or "", "one")
        text.append(f"\nlineage: {words.lineage.relation} ({who} derives from the other; "
                    f"{words.lineage.shared:.0%} shared)", style="italic")
    return text


def summary_sentence(c: Comparison) -> Text:
    """The CLI compare view's summary, as one dim paragraph."""
    words = summary_words(c)
    entities = ", ".join(count.text for count in words.entities)
    numbers = ", ".join(count.text for count in words.numbers)
    text = Text(f"{'; '.join(words.coverage)}. Entities: {entities}. Numbers: {numbers}.", style="dim")
    if words.lineage is not None:
        text.append(f" Lineage: {words.lineage.relation} ({words.lineage.note}).")
    return text
