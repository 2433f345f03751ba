"""What a text says around a name, for telling one entity spelled two ways
from two entities: whether its titles and pronouns make a person a man or a
woman ("Mr", "Dame", "... she said"), and the sentences it is named in (two
spellings in one sentence are two names).

    cues = name_cues(mentions, text)       # canonical name -> Cues
    find_variants(a, b, cues_a=cues, ...)
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from reader.core.entities.model import NUMBER_TYPES, Mention
from reader.core.entities.normalise import key
from reader.core.text import lexicon as lx
from reader.core.text.sentences import split_sentences

_TITLE_BEFORE = re.compile(r"([A-Za-z]+)\.?\s+$")
_WORDS = re.compile(r"[A-Za-z]+")
_PRONOUN_REACH = 6  # words after a mention in which a pronoun is taken to be its


@dataclass(frozen=True)
class Cues:
    male: int = 0  # titles and pronouns that make the person a man
    female: int = 0
    sentences: frozenset[int] = frozenset()  # indices of the sentences it is named in in full

    @property
    def gender(self) -> str | None:
        """"m" or "f" where the text says only one of them, else None."""
        if self.male and not self.female:
            return "m"
        if self.female and not self.male:
            return "f"
        return None


def two_people(x: Cues | None, y: Cues | None) -> bool:
    """The text makes one a man and the other a woman."""
    return bool(x and y and x.gender and y.gender and x.gender != y.gender)


def name_cues(mentions: Sequence[Mention], text: str) -> dict[str, Cues]:
    """Cues for each entity of the text (by canonical name, as group() names
    them; a mention without a canonical counts under its text)."""
    names = sorted((m for m in mentions if m.type not in NUMBER_TYPES), key=lambda m: m.start)
    if not names:
        return {}
    starts = [s.start for s in split_sentences(text)]
    people = [m.start for m in names if m.type == "PERSON"]
    male: dict[str, int] = {}
    female: dict[str, int] = {}
    sentences: dict[str, set[int]] = {}
    for m in names:
        name = m.canonical or m.text
        seen = sentences.setdefault(name, set())
        if key(m.text) == key(name):  # written in full: a short form may have been tied to the wrong name
            seen.add(bisect.bisect_right(starts, m.start) - 1)
        if m.type != "PERSON":
            continue
        gender = _title_gender(text, m) or _pronoun_gender(text, m, starts, people)
        if gender == "m":
            male[name] = male.get(name, 0) + 1
        elif gender == "f":
            female[name] = female.get(name, 0) + 1
    return {n: Cues(male.get(n, 0), female.get(n, 0), frozenset(s)) for n, s in sentences.items()}


def _title_gender(text: str, m: Mention) -> str | None:
    first = m.text.split()[0].lower().rstrip(".") if m.text.split() else ""
    found = _TITLE_BEFORE.search(text, max(0, m.start - 16), m.start)
    for word in (first, found.group(1).lower() if found else ""):
        if word in lx.MALE_TITLES:
            return "m"
        if word in lx.FEMALE_TITLES:
            return "f"
    return None


def _pronoun_gender(text: str, m: Mention, starts: list[int], people: list[int]) -> str | None:
    """The first pronoun in the few words after the mention, in its sentence
    and before another person is named ("Joan Smith said she ...")."""
    k = bisect.bisect_right(starts, m.start)
    stop = starts[k] if k < len(starts) else len(text)
    p = bisect.bisect_right(people, m.start)
    if p < len(people):
        stop = min(stop, people[p])
    for n, w in enumerate(_WORDS.finditer(text, m.end, stop)):
        if n >= _PRONOUN_REACH:
            break
        low = w.group().lower()
        if low in lx.MALE_PRONOUNS:
            return "m"
        if low in lx.FEMALE_PRONOUNS:
            return "f"
    return None
