"""The records of entity extraction: mentions, entities and variant links."""

from __future__ import annotations

from dataclasses import dataclass

TYPES = ("PERSON", "ORG", "PLACE", "NORP", "DATE", "MONEY", "PERCENT", "QUANTITY", "CARDINAL")
NAME_TYPES = ("PERSON", "ORG", "PLACE", "NORP")
NUMBER_TYPES = ("DATE", "MONEY", "PERCENT", "QUANTITY", "CARDINAL")


class ExtractorUnavailable(ValueError):
    """The extractor asked for is unknown or not installed."""


@dataclass(frozen=True)
class Mention:
    """One occurrence of an entity in a text."""

    text: str  # as written
    start: int  # character offsets into the text that was passed in
    end: int
    type: str  # one of TYPES
    canonical: str = ""  # name of the entity it belongs to; filled by extract()

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "type": self.type,
            "canonical": self.canonical,
        }

    @classmethod
    def from_dict(cls, d: dict) -> Mention:
        return cls(d["text"], int(d["start"]), int(d["end"]), d["type"], d.get("canonical", ""))


@dataclass
class Entity:
    """One entity of an article (or of a corpus): a canonical name, the
    spellings it was written with, and how often it was mentioned."""

    canonical: str
    type: str
    aliases: tuple[str, ...]
    count: int
    documents: int = 1  # how many articles mention it (1 within an article)

    def as_dict(self) -> dict:
        return {
            "canonical": self.canonical,
            "type": self.type,
            "aliases": list(self.aliases),
            "count": self.count,
            "documents": self.documents,
        }


@dataclass(frozen=True)
class Variant:
    """Two spellings that probably name the same entity: kept apart, linked,
    with how sure the link is (0..1)."""

    a: str
    b: str
    type: str
    score: float

    def as_dict(self) -> dict:
        return {"a": self.a, "b": self.b, "type": self.type, "score": round(self.score, 3)}
