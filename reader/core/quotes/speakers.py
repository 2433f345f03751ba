"""Tying a speaker to an entity of the text, and resolving "he" and "she".

A name in an attribution takes its mention's canonical name, which the
entities' grouping already gives the full name ("Mr Dowden" -> "Oliver
Dowden"); a one-word short form spelt differently is tied to the full name
the text's variants link it to ("Sir Ian" -> "Iain Duncan Smith", "Mr
McDonald" -> "Stewart Macdonald"), and so is an organisation's last word
("the Post" -> "Washington Post").

"he" / "she", in order:
- the person its own sentence opens with ("Moore lashed out at what he called"),
  unless the sentence names another who could be meant;
- the last named speaker, when nobody else who could be meant was named
  since outside the quotations (the people a speaker talks about are not
  the next speaker);
- the person an earlier sentence of the paragraph opens with, going back
  over sentences that open with the same pronoun ("Gervais has begun ... He
  will also write ... '...,' he said"), on the same terms;
- of the people named in this paragraph and the one before, outside the
  quotations: the one of that gender, or else the one whose gender the text
  does not say; if there are more, unknown;
- for the text's first speaker, the person the sentence opens with even
  inside what is said ("X is resigning, he announced").
Who "could be meant" goes by gender: the text's titles and pronouns
(entities/cues.py), and the pronouns already resolved to a speaker here.
"it" / "they" is an organisation or a place named at the start of the same
sentence ("The UK government ... what it described as"), else the last one
quoted when no other opened a sentence since ('Turkcell said ... "...," it
warned').
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from reader.core.entities import name_cues, variants_within
from reader.core.entities.model import Mention
from reader.core.entities.normalise import key
from reader.core.quotes.attribution import Ref, Scan
from reader.core.text.tokens import PUNCT

_GENDER = {"he": "m", "she": "f"}
_MIN_TIE = 0.75  # a variant this sure ties a short form to the full name
_PREPOSITIONS = frozenset("of for at from in on with to by about".split())
_OPENING_WORDS = 12  # a sentence's subject is named in its first words (after "In a video in December, ...")


@dataclass(frozen=True)
class Speaker:
    name: str | None
    type: str = ""
    text: str = ""  # as the attribution writes it
    span: tuple[int, int] | None = None
    also: tuple[str, ...] = ()


class Speakers:
    def __init__(self, scan: Scan, mentions: list[Mention], units: list[tuple[int, int]], said: list[tuple[int, int]]):
        """said: the spans of the quotations; the pronouns inside them are
        about whoever is spoken of, no sign of the speaker's gender ("Corfman
        claimed he took off her shirt")."""
        self.scan = scan
        self.units = units
        text = scan.text
        self.tie = _ties(mentions, text)
        blank = list(text)
        for a, b in said:
            blank[a:b] = " " * (b - a)
        cues = name_cues(mentions, "".join(blank))
        self.gender = {self.name(m): c.gender for m in scan.names if (c := cues.get(m.canonical or m.text))}
        self.paragraphs = [0] + [i + 2 for i in range(len(text)) if text.startswith("\n\n", i)]
        self.quoted: list[tuple[int, int]] = []  # spans of quotations and attributions found so far
        self.last: tuple[str, int] | None = None  # the last person quoted, and where
        self.last_body: tuple[str, str, int] | None = None  # the last organisation or place quoted

    def name(self, m: Mention) -> str:
        name = m.canonical or m.text
        return self.tie.get(name, name)

    def speaker(self, ref: Ref | None, at: int, unit: tuple[int, int], span: tuple[int, int]) -> Speaker:
        """The entity a Ref names; at: where the attribution is (chars);
        unit: the sentence's token range, for "it" and "they"; span: the
        quotation's, whose people are not its speaker."""
        self.quoted.append((min(span[0], at), max(span[1], at)))
        if ref is None or ref.empty:
            return Speaker(None)
        doc = self.scan.doc
        span = (doc.starts[ref.first], doc.ends[ref.last])
        text = self.scan.text[span[0] : span[1]]
        if ref.mention is not None:
            m = self.scan.names[ref.mention]
            also = tuple(self.name(self.scan.names[k]) for k in ref.also)
            return Speaker(self.name(m), m.type, text, (m.start, m.end), also)
        if ref.pronoun in _GENDER:
            gender = _GENDER[ref.pronoun]
            person = self._opener(unit, ref.first, gender) or self._person(gender, at, unit)
            if person is None and self.last is None:
                # the text's first speaker, of what they say of themselves: "X is resigning, he announced"
                person = self._opener(unit, ref.first, gender, commas=True)
            if person:
                self.gender[person] = gender  # "he said" says so
            return Speaker(person, "PERSON" if person else "", text, span)
        if ref.pronoun in ("it", "they"):
            m = self._sentence_subject(unit)
            if m is not None:
                return Speaker(self.name(m), m.type, text, span)
            body = self.last_body
            # a name typed as a person's that no title or pronoun makes one may be "it", never "they"
            fits = body and (body[1] in ("ORG", "PLACE") or (ref.pronoun == "it" and self.gender.get(body[0]) is None))
            if fits and not self._bodies(body[2], at) - {body[0]}:
                return Speaker(body[0], body[1], text, span)  # '"...," it warned'
        return Speaker(None, "", text, span)

    def note(self, speaker: Speaker, at: int) -> None:
        """The speaker of the quotation whose attribution is at `at`."""
        if speaker.name and speaker.type == "PERSON":
            self.last = (speaker.name, at)
        if speaker.name and speaker.type in ("ORG", "PLACE", "PERSON"):
            self.last_body = (speaker.name, speaker.type, at)  # what "it" or "they" may stand for

    # --- he, she ------------------------------------------------------------------
    def _outside(self, m: Mention) -> bool:
        return not any(a <= m.start < b for a, b in self.quoted)

    def _compatible(self, name: str, gender: str) -> bool:
        return self.gender.get(name) in (None, gender)

    def _opener(self, unit: tuple[int, int], before: int, gender: str, commas: bool = False) -> str | None:
        """The person a sentence opens with (its subject: in its first words,
        not after a preposition, not a possessive), if the text lets it be
        that gender and no comma stands between it and `before` (in "Blair
        has failed, he claimed" Blair is what is said, not who says it)."""
        scan = self.scan
        found = self._opening_person(unit, before, skip_quoted=not commas)
        if found is None:
            return None
        m, end = found
        if not commas and any(scan.doc.words[k] == "," and not scan.inside[k] for k in range(end, min(before, unit[1]))):
            return None
        name = self.name(m)
        others = {self.name(o) for k in range(end, min(before, unit[1])) if (o := scan.mention(k))
                  and o.type == "PERSON" and not scan.inside[k]} - {name}
        if any(self._compatible(o, gender) for o in others):
            return None  # "John Brown met Peter Green": either could be "he"
        return name if self._compatible(name, gender) else None

    def _opening_person(self, unit: tuple[int, int], before: int, skip_quoted: bool = True):
        """(the mention, the token after it) of the person a sentence opens
        with: the first name in its first words, if it is a person, not after
        a preposition and not a possessive; else None."""
        scan = self.scan
        for t in range(unit[0], min(before, unit[1], unit[0] + _OPENING_WORDS)):
            m = scan.mention(t)
            if m is None or (scan.inside[t] and skip_quoted):
                continue
            end = scan.token_at(m.end)
            if m.type != "PERSON" or (t > unit[0] and scan.low[t - 1] in _PREPOSITIONS):
                return None
            if end < len(scan) and scan.doc.words[end] in ("’", "'"):
                return None
            return m, end
        return None

    def _person(self, gender: str, at: int, unit: tuple[int, int]) -> str | None:
        people = [m for m in self.scan.names if m.type == "PERSON" and m.start < at]
        if self.last and self._compatible(self.last[0], gender):
            since = self._subjects(self.last[1], at)
            if not {n for n in since if n != self.last[0] and self._compatible(n, gender)}:
                return self.last[0]
        earlier = self._earlier_opener(unit, gender)
        if earlier:
            return earlier
        p = bisect.bisect_right(self.paragraphs, at) - 1
        lo = self.paragraphs[max(0, p - 1)]
        near = {self.name(m) for m in people if m.start >= lo and self._outside(m)}
        if self.last and self.last[1] >= lo:
            near.add(self.last[0])
        same = [n for n in near if self.gender.get(n) == gender]
        if len(same) == 1:
            return same[0]
        unsaid = [n for n in near if self.gender.get(n) is None]
        if not same and len(unsaid) == 1:
            return unsaid[0]
        return None

    def subject(self, unit: tuple[int, int]) -> str | None:
        """The person a sentence opens with as its subject, outside quotation
        marks (not after a preposition, not a possessive), else None."""
        found = self._opening_person(unit, unit[1])
        return self.name(found[0]) if found is not None else None

    def _subjects(self, a: int, b: int) -> set[str]:
        """The people sentences between two points open with, outside quotations."""
        scan, out = self.scan, set()
        for u in self.units:
            start = scan.doc.starts[u[0]]
            if start >= b:
                break
            for t in range(u[0], min(u[1], u[0] + _OPENING_WORDS)):
                m = scan.mention(t)
                if m is not None and m.type == "PERSON" and a < m.start < b and self._outside(m):
                    if not (t > u[0] and scan.low[t - 1] in _PREPOSITIONS):
                        out.add(self.name(m))
                    break
        return out

    def _bodies(self, a: int, b: int) -> set[str]:
        """The organisations and places sentences between two points open with."""
        scan, out = self.scan, set()
        for u in self.units:
            if scan.doc.starts[u[0]] >= b:
                break
            for t in range(u[0], min(u[1], u[0] + _OPENING_WORDS)):
                m = scan.mention(t)
                if m is not None and a < m.start < b and not scan.inside[t]:
                    if m.type in ("ORG", "PLACE"):
                        out.add(self.name(m))
                    break
        return out

    def _earlier_opener(self, unit: tuple[int, int], gender: str) -> str | None:
        scan, text = self.scan, self.scan.text
        pronoun = "he" if gender == "m" else "she"
        n = bisect.bisect_left([a for a, _ in self.units], unit[0])
        while n > 0:
            n -= 1
            prev = self.units[n]
            if "\n" in text[scan.doc.starts[prev[1] - 1] : scan.doc.starts[min(prev[1], len(scan) - 1)]]:
                return None  # the paragraph began after it
            a, b = scan.doc.starts[prev[0]], scan.doc.ends[prev[1] - 1]
            if any(x < b and a < y for x, y in self.quoted):
                return None  # it quotes someone: the last speaker was already asked
            name = self._opener(prev, prev[1], gender)
            if name:
                return name
            first = next((t for t in range(*prev) if scan.doc.kinds[t] != PUNCT and not scan.inside[t]), None)
            if first is None or scan.low[first] != pronoun:
                return None
        return None

    def _sentence_subject(self, unit: tuple[int, int]) -> Mention | None:
        scan = self.scan
        for t in range(unit[0], min(unit[1], unit[0] + 6)):
            if scan.doc.words[t] == ",":
                return None
            m = scan.mention(t)
            if m is not None:
                return m if m.type in ("ORG", "PLACE") else None
        return None


def _ties(mentions: list[Mention], text: str) -> dict[str, str]:
    """Short forms -> the full names they stand for in this text."""
    ties: dict[str, str] = {}
    types = {m.canonical or m.text: m.type for m in mentions}
    for v in variants_within(mentions, text):
        if v.score < _MIN_TIE or types.get(v.a) != "PERSON" or types.get(v.b) != "PERSON":
            continue
        a, b = sorted((v.a, v.b), key=lambda n: len(key(n).split()))
        ka, kb = key(a).split(), key(b).split()
        if len(ka) == 1 and len(kb) > 1:
            ties[a] = b
    names = sorted({n for n, t in types.items() if t == "ORG"}, key=len)
    for short in names:
        ks = key(short).split()
        if len(ks) != 1 or short in ties:
            continue
        longer = [n for n in names if len(key(n).split()) > 1 and key(n).split()[-1] == ks[0]]
        if len(longer) == 1:
            ties[short] = longer[0]  # "the Post" -> "Washington Post"
    return ties
