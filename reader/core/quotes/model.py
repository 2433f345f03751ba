"""The records of quotation extraction: a quotation with its speaker, and a
quotation two reports give differently."""

from __future__ import annotations

from dataclasses import dataclass, field

DIRECT, REPORTED = "direct", "reported"
KINDS = (DIRECT, REPORTED)


@dataclass(frozen=True)
class Quote:
    """One quotation of a text.

    direct: words given in quotation marks (span: from the opening mark to
    the closing one; a quotation split by its attribution, '"We will act," he
    said, "and soon."', is one quotation with two parts). reported: a clause
    after a verb of saying or "according to" (span: the clause); the words of
    it given in quotation marks, if any, are its parts.
    """

    start: int  # character offsets into the text that was passed in
    end: int
    kind: str  # DIRECT or REPORTED
    text: str  # the words quoted (the parts, joined) or the clause reported
    parts: tuple[tuple[int, int], ...] = ()  # words inside quotation marks, marks excluded
    speaker: str | None = None  # canonical name of the entity quoted; None: unknown
    speaker_type: str = ""  # its entity type (PERSON, ORG, PLACE, NORP), "" when unknown
    speaker_text: str = ""  # how the attribution names the speaker: "Mr Dowden", "he", "one MP"
    speaker_span: tuple[int, int] | None = None  # where it does so
    also: tuple[str, ...] = ()  # more speakers of one statement ("X and Y said in a joint statement")
    verb: str = ""  # the attribution verb: "said", "warned", "according to"; "" when none
    quoted: tuple[str, ...] = ()  # the words inside quotation marks, part by part

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "parts": [list(p) for p in self.parts],
            "speaker": self.speaker,
            "speaker_type": self.speaker_type,
            "speaker_text": self.speaker_text,
            "speaker_span": list(self.speaker_span) if self.speaker_span else None,
            "also": list(self.also),
            "verb": self.verb,
            "quoted": list(self.quoted),
        }

    @classmethod
    def from_dict(cls, d: dict) -> Quote:
        span = d.get("speaker_span")
        return cls(
            int(d["start"]), int(d["end"]), d["kind"], d.get("text", ""),
            tuple((int(a), int(b)) for a, b in d.get("parts") or ()), d.get("speaker"), d.get("speaker_type", ""),
            d.get("speaker_text", ""), (int(span[0]), int(span[1])) if span else None,
            tuple(d.get("also") or ()), d.get("verb", ""), tuple(d.get("quoted") or ()),
        )


@dataclass(frozen=True)
class QuoteChange:
    """One quotation as two reports give it: to two speakers, or in other words.

    kinds says what changed, in the comparison's terms: "attribution" (both
    reports name a speaker, and not the same one) and "quote" (the words in
    quotation marks differ); removed / added are the words only a / only b
    quotes."""

    a: Quote
    b: Quote
    similarity: float  # share of the shorter quotation's words found in the other
    kinds: tuple[str, ...]
    removed: tuple[str, ...] = ()
    added: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {
            "kinds": list(self.kinds),
            "similarity": round(self.similarity, 3),
            "a": self.a.as_dict(),
            "b": self.b.as_dict(),
            "removed": list(self.removed),
            "added": list(self.added),
        }


@dataclass
class Voice:
    """One speaker across several reports: how much each quotes them."""

    speaker: str | None
    names: dict[int, str] = field(default_factory=dict)  # report index -> the name that report gives
    quotes: dict[int, list[Quote]] = field(default_factory=dict)  # report index -> its quotations

    def count(self, report: int) -> int:
        return len(self.quotes.get(report, ()))

    def words(self, report: int) -> int:
        return sum(len(q.text.split()) for q in self.quotes.get(report, ()))

    def as_dict(self, reports: int) -> dict:
        return {
            "speaker": self.speaker,
            "names": [self.names.get(i) for i in range(reports)],
            "quotes": [self.count(i) for i in range(reports)],
            "words": [self.words(i) for i in range(reports)],
        }
