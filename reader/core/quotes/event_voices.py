"""The voices of an event: who each of its reports quotes, how much, and
where two reports disagree on a quotation.

    found = event_voices(articles, mentions_of)   # articles: the event's reports
    found.speakers       # [Speaker]: one per person or body quoted, merged across the reports
    found.disagreements  # [Disagreement]: one quotation, two speakers or two wordings
    found.as_dict()      # JSON-able

A speaker is one entity across the reports: each report names its speakers
by the entity the quotation is tied to ("Mr Dowden" -> Oliver Dowden inside
a report), and across reports names are one speaker where align.same_speaker
says so ("Dowden" / "Oliver Dowden", "Tim Laughton" / "Tim Loughton"). Longer
names are placed first, so a surname joins the full name it fits; a surname
that fits two full names ("Moore": Roy Moore, Mary Moore), or one with
"Jr." ("Trump": Donald Trump Jr. or his father), stays a speaker of its own
rather than be given to either; "Jr." is otherwise no part of the match
("Boutrous" / "Theodore J. Boutrous Jr.": no disagreement on their words).

Disagreements come from align.compare_quotes on every pair of reports, with
a stricter bar for being one statement: in order, in runs of two words or
more, the two quotations must share STATEMENT_WORDS words (all of a shorter
one of 3 or 4) and STATEMENT_SHARE of the shorter one's words (two
statements on one topic share a phrase, "malicious cyber activity", "people
back to work", "as secretary of state", without being one statement); or,
both in quotation marks, be of one shape: lengths within SHAPE_LENGTH of
each other and SHAPE_SHARE of the longer's words in order (a quotation
reworded word by word: "malicious computer procedures aimed at threatening
the national safety" / "malicious cyber attack designed to threaten the
national security"). Two speakers must be two speakers here, and not two
names with one surname ("Michael Elliott" / "Mike Elliott": the same words
given to both are one person's); other words must be more than spacing and
full stops ("work force" / "workforce", "I.R.S." / "IRS"); and each report
must name its speaker in the attribution itself ("Mr Netanyahu said", "Larry
Summers, the chairman of …, said"), not by a pronoun, a description ("one
blogger", "a spokeswoman for a congressman from Tennessee") or a possessive
("Moore's campaign"): on BASIL most attributions that differ otherwise were
the extractor's guess going wrong in one report, not the reports
disagreeing. A quotation only one report names a speaker for is no
disagreement.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import combinations

from reader.core.entities.normalise import name_tokens, without_initials
from reader.core.models import Article
from reader.core.quotes.align import compare_quotes, quoted_words, same_speaker
from reader.core.quotes.extract import extract_quotes
from reader.core.quotes.model import Quote, QuoteChange
from reader.core.text.lexicon import ARTICLES, NAME_ABBREVIATIONS, TITLES
from reader.core.text.words import tokens

STATEMENT_WORDS = 5  # words two quotations share, in order and in runs, to be one statement
STATEMENT_SHARE = 0.6  # and the share of the shorter one's words they are
SHAPE_LENGTH, SHAPE_SHARE = 1.5, 0.4  # one quotation reworded: as long, its words in order
SHORTEST_STATEMENT = 3  # words: a shorter quotation ("malicious") is a description, never a statement of two reports
UNKNOWN = "speaker unknown"


@dataclass(frozen=True)
class ReportVoices:
    """One report of the event and the quotations found in it."""

    id: str
    source: str
    title: str
    quotes: tuple[Quote, ...]

    def as_dict(self) -> dict:
        return {"id": self.id, "source": self.source or None, "title": self.title, "quotes": len(self.quotes)}


@dataclass
class Speaker:
    """One speaker across the reports: the name each report gives, and the
    quotations each gives them. speaker None: the quotations no speaker was
    found for."""

    speaker: str | None
    type: str = ""
    names: dict[int, str] = field(default_factory=dict)  # report index -> the name that report gives
    quotes: dict[int, list[Quote]] = field(default_factory=dict)  # report index -> its quotations of them

    @property
    def label(self) -> str:
        return self.speaker or UNKNOWN

    def count(self, report: int) -> int:
        return len(self.quotes.get(report, ()))

    def words(self, report: int) -> int:
        return sum(len(tokens(q.text)) for q in self.quotes.get(report, ()))

    @property
    def total(self) -> int:
        return sum(len(q) for q in self.quotes.values())

    def as_dict(self, reports: int) -> dict:
        return {
            "speaker": self.speaker,
            "type": self.type or None,
            "names": [self.names.get(i) for i in range(reports)],
            "quotes": [self.count(i) for i in range(reports)],
            "words": [self.words(i) for i in range(reports)],
        }


@dataclass(frozen=True)
class Disagreement:
    """A quotation reports a and b give differently. kinds: "attribution"
    (two speakers) and/or "quote" (other words in quotation marks)."""

    a: int  # report indices, a < b
    b: int
    change: QuoteChange
    kinds: tuple[str, ...]
    speaker_a: str | None  # the speakers as the voices table names them
    speaker_b: str | None

    def as_dict(self, reports: Sequence[ReportVoices]) -> dict:
        change = self.change
        return {
            "kinds": list(self.kinds),
            "a": {"report": self.a, "id": reports[self.a].id, "speaker": self.speaker_a, **_quote(change.a)},
            "b": {"report": self.b, "id": reports[self.b].id, "speaker": self.speaker_b, **_quote(change.b)},
            "similarity": round(change.similarity, 3),
            "removed": list(change.removed) if "quote" in self.kinds else [],
            "added": list(change.added) if "quote" in self.kinds else [],
        }


@dataclass(frozen=True)
class EventVoices:
    reports: tuple[ReportVoices, ...]
    speakers: tuple[Speaker, ...]  # most quoted first, the unknown speaker last
    disagreements: tuple[Disagreement, ...]  # by report pair, then in report a's order

    def as_dict(self) -> dict:
        n = len(self.reports)
        return {
            "reports": [r.as_dict() for r in self.reports],
            "speakers": [s.as_dict(n) for s in self.speakers],
            "disagreements": [d.as_dict(self.reports) for d in self.disagreements],
        }


def _quote(q: Quote) -> dict:
    return {"text": q.text, "quoted": list(q.quoted), "verb": q.verb, "start": q.start, "end": q.end,
            "named_as": q.speaker_text or None}


def event_voices(articles: Sequence[Article], mentions_of: Callable[[Article], list]) -> EventVoices:
    """The voices of an event from its reports (in the order to show them)
    and each report's entity mentions."""
    reports = tuple(
        ReportVoices(a.id, a.source, a.title, tuple(extract_quotes(a.text, mentions_of(a)))) for a in articles
    )
    return voices_of(reports)


def voices_of(reports: Sequence[ReportVoices]) -> EventVoices:
    speakers, cluster_of = merge_speakers([r.quotes for r in reports])
    found: list[Disagreement] = []
    for i, j in combinations(range(len(reports)), 2):
        for change in compare_quotes(reports[i].quotes, reports[j].quotes):
            if not one_statement(change.a, change.b):
                continue
            who_a, who_b = cluster_of.get(change.a.speaker), cluster_of.get(change.b.speaker)
            kinds = tuple(k for k in change.kinds if (k != "attribution" or (
                who_a is not who_b and _surname(change.a.speaker) != _surname(change.b.speaker)
                and named_in_attribution(change.a) and named_in_attribution(change.b)))
                # "work force" / "workforce", "I.R.S." / "IRS": spelling, not other words
                and (k != "quote" or "".join(change.removed) != "".join(change.added)))
            if kinds:
                found.append(Disagreement(i, j, change, kinds, _name(who_a), _name(who_b)))
    return EventVoices(tuple(reports), tuple(speakers), tuple(found))


def _name(speaker: Speaker | None) -> str | None:
    return speaker.speaker if speaker is not None else None


def one_statement(a: Quote, b: Quote) -> bool:
    """Enough of the same words in a row for two quotations to be one
    statement (see the module's docstring)."""
    wa, wb = quoted_words(a), quoted_words(b)
    shorter = min(len(wa), len(wb))
    if shorter < SHORTEST_STATEMENT:
        return False
    blocks = SequenceMatcher(None, wa, wb, autojunk=False).get_matching_blocks()
    shared = sum(m.size for m in blocks if m.size >= 2)  # a lone "the" or "to" in common says nothing
    if shared >= min(STATEMENT_WORDS, shorter) and shared >= STATEMENT_SHARE * shorter:
        return True
    longer = max(len(wa), len(wb))
    return (bool(a.quoted and b.quoted) and shorter >= STATEMENT_WORDS and longer <= SHAPE_LENGTH * shorter
            and sum(m.size for m in blocks) >= SHAPE_SHARE * longer)


def named_in_attribution(q: Quote) -> bool:
    """Does the attribution name the speaker itself: its words up to a comma
    the speaker's name, with titles ("Sen. John McCain", "the White House")?"""
    if not q.speaker or not q.speaker_text:
        return False
    words = name_tokens(q.speaker_text.split(",")[0])
    name = set(name_tokens(q.speaker))
    return bool(words) and all(w in name or w in TITLES or w in ARTICLES for w in words)


def _core(name: str) -> str:
    """A name without titles and a closing "Jr."/"Sr.", as speakers are matched."""
    words = name_tokens(name)
    while len(words) > 1 and words[-1] in NAME_ABBREVIATIONS:
        words.pop()
    return " ".join(words)


def _father_or_son(a: str, b: str) -> bool:
    """A surname alone against a name with "Jr." or "Sr.": "Trump" may be
    either Donald Trump, so it is given to neither."""
    ta, tb = name_tokens(a), name_tokens(b)
    short, long = sorted((ta, tb), key=len)
    return len(short) == 1 and len(long) > 1 and long[-1] in NAME_ABBREVIATIONS


def _initials_apart(a: str, b: str) -> bool:
    """One name but for a middle initial ("Adam B. Schiff" / "Adam Schiff"), "Jr."/"Sr." kept
    (Donald Trump Jr. is not Donald J. Trump)."""
    (bare_a, initials_a), (bare_b, initials_b) = without_initials(a), without_initials(b)
    return bare_a == bare_b and (not initials_a or not initials_b or initials_a == initials_b)


def _initials_differ(a: str, b: str) -> bool:
    """One name with other middle initials: two people (George W. / George H. W. Bush)."""
    (bare_a, initials_a), (bare_b, initials_b) = without_initials(a), without_initials(b)
    return bare_a == bare_b and bool(initials_a) and bool(initials_b) and initials_a != initials_b


def _surname(name: str | None) -> str | None:
    core = _core(name) if name else ""
    return core.split()[-1] if core else None


def merge_speakers(reports: Sequence[Sequence[Quote]]) -> tuple[list[Speaker], dict[str | None, Speaker]]:
    """(speakers, name -> its speaker): see the module's docstring. The
    unknown speaker, when any quotation has none, is last (name None)."""
    first_use: dict[str, Quote] = {}  # each name's first quotation, for its entity type
    for quotes in reports:
        for q in quotes:
            for name in _names(q):
                first_use.setdefault(name, q)
    order = sorted(first_use, key=lambda n: (-len(n.split()), -len(n), n))
    speakers: list[Speaker] = []
    members: list[list[str]] = []  # the names of speakers[k]
    cluster_of: dict[str | None, Speaker] = {}
    for name in order:
        typed = _typed(name, first_use[name])
        # a middle initial makes no other person: "Susan Rice" is Susan E. Rice, though it would
        # fit "Adviser Susan Rice" too; other initials (George W. / H. W. Bush) are another
        fits = [k for k, names in enumerate(members) if any(_initials_apart(name, other) for other in names)]
        if len(fits) != 1:
            fits = [k for k, names in enumerate(members)
                    if any(same_speaker(typed, _typed(other, first_use[other])) and not _father_or_son(name, other)
                           and not _initials_differ(name, other) for other in names)]
        if len(fits) == 1:
            members[fits[0]].append(name)
            cluster_of[name] = speakers[fits[0]]
            continue
        speakers.append(Speaker(name, typed.speaker_type))
        members.append([name])
        cluster_of[name] = speakers[-1]
    unknown = Speaker(None)
    for i, quotes in enumerate(reports):
        for q in quotes:
            names = _names(q)
            for name in names:
                speaker = cluster_of[name]
                speaker.names.setdefault(i, name)
                speaker.quotes.setdefault(i, []).append(q)
            if not names:
                unknown.quotes.setdefault(i, []).append(q)
    for speaker in speakers:
        speaker.speaker = _usual_name(speaker)
    speakers.sort(key=lambda s: (-s.total, -len(s.quotes), s.speaker or ""))
    if unknown.quotes:
        speakers.append(unknown)
        cluster_of[None] = unknown
    return speakers, cluster_of


def _usual_name(speaker: Speaker) -> str | None:
    """The name most of a speaker's quotations are given under (ties: the
    earliest report's), so that one outlet's misspelling is not the name."""
    uses: dict[str, int] = {}
    for i in sorted(speaker.quotes):
        name = speaker.names[i]
        uses[name] = uses.get(name, 0) + len(speaker.quotes[i])
    return max(uses, key=lambda n: uses[n], default=speaker.speaker)


def _names(q: Quote) -> list[str]:
    """Everyone a quotation is given to: its speaker and those who joined
    in ("X and Y said in a joint statement")."""
    return [n for n in dict.fromkeys((q.speaker, *q.also)) if n]


def _typed(name: str, q: Quote) -> Quote:
    """name as a speaker with its entity type where q gives it, for
    same_speaker (an organisation's variants are not a person's)."""
    return Quote(q.start, q.end, q.kind, "", speaker=_core(name) or name,
                 speaker_type=q.speaker_type if name == q.speaker else "")


def column(n: int) -> str:
    """A report's column label: A, B, … Z, then R27, R28, …"""
    return chr(ord("A") + n) if n < 26 else f"R{n + 1}"


def describe(d: Disagreement) -> str:
    """One plain line saying how the two reports differ: "A: Penny Wong,
    D: Australia" and/or the words only each quotes."""
    parts = []
    if "attribution" in d.kinds:
        parts.append(f"{column(d.a)} gives it to {d.speaker_a}, {column(d.b)} to {d.speaker_b}")
    if "quote" in d.kinds:
        only_a = " ".join(d.change.removed) or "-"
        only_b = " ".join(d.change.added) or "-"
        parts.append(f"other words: {column(d.a)} \u201c{only_a}\u201d, {column(d.b)} \u201c{only_b}\u201d")
    return "; ".join(parts)
