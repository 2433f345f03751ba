"""Attributions: the verb of saying, and the noun phrase that names who says
it, read from the tokens outside quotation marks.

    scan = Scan(text, mentions)
    scan.is_verb(i)                 # "said", "warned", "according (to)", "went (on)"
    ref = scan.subject(i, lo)       # who: a name, a pronoun or a description

The subject is read leftwards from the verb: adverbs and auxiliaries ("has
also said") are passed over, then the noun phrase up to a clause boundary.
Where a comma or a dash stands just before the verb, the phrase is an
appositive ("David Kim, an analyst at Sejong Securities, told Reuters") and
the segments before it are read too, a relative clause passed over ("who
backed ..."). Of the names found: a person the verb follows ("Chinese Foreign
Ministry spokesperson Lin Jian said"), else a person the appositive names,
else the organisation or place the verb follows ("The Post noted",
"Australia said"), else whoever a spokesman or a campaign speaks for ("Moore's
campaign said"), else a place or organisation its officials stand for ("the UK
government", "UKIP officials"); else a pronoun, else a description ("one MP", "the Fox News
host"), which names no entity.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

from reader.core.entities.gazetteer import fold
from reader.core.entities.model import Mention
from reader.core.text import fact_words as fw
from reader.core.text import lexicon as lx
from reader.core.text.tokens import ABBR, NUM, PUNCT, WORD, tokenise

SAY_VERBS = (frozenset(fw.SAYING) | lx.SPEECH_VERBS | lx.QUOTE_VERBS) - lx.THINKING_VERBS
ALL_VERBS = SAY_VERBS | lx.NAMING_VERBS
TELL_VERBS = frozenset("told tells tell telling informed assured".split())
# A verb only with its particle: "went on", "pointed out".
PHRASAL = {"went": "on", "goes": "on", "pointed": "out", "points": "out", "lashed": "out", "according": "to"}
PRONOUNS = frozenset("he she it they we i".split())
_BE = frozenset("is are was were be been being".split())
BOUNDARY = (lx.FUNCTION_WORDS | lx.AUXILIARIES) - lx.NOUN_PHRASE_WORDS
_RELATIVE = frozenset("who which whom whose".split())
_APPOSITION = frozenset(",-–—")
_ADVERBS = (lx.STOP - lx.FUNCTION_WORDS) | frozenset("also then now still again once often just".split())
# What may stand before the -ing form of a verb of saying that attributes ("..., saying",
# "and adding", "Judith Collins saying", "a statement saying", "as saying").
_ING_AFTER = frozenset(", and as while after before by then".split()) | lx.VOICE_NOUNS
_NOUN_AFTER = frozenset("of for".split())  # "claims of a shambles", "calls for him": nouns
_MAX_SEGMENT = 12  # tokens in one segment of a speaker's noun phrase
_MAX_SEGMENTS = 4
_NAMED = ("PERSON", "ORG", "PLACE")
# a paragraph opening with a place in capitals, its state, the agency in brackets, a dash (a
# hyphen-minus only after a space: "NATO-led", "U.S.-backed", "COVID-19" open no dateline)
_DATELINE = re.compile(r"^[A-Z][A-Z.'’ -]*[A-Z.](?:, [A-Z][A-Za-z.]{1,12})?\s*(?:\([^()\n]{1,40}\)\s*)?"
                       r"(?:\s+-|\s*[—–―])", re.MULTILINE)
_WHERE_FROM = lx.LOCATIVES | frozenset("of from at".split())  # "X of California": where X is from


@dataclass
class Ref:
    """Who an attribution names."""

    first: int = -1  # tokens of the noun phrase; -1 when the verb has no subject of its own
    last: int = -1
    mention: int | None = None  # index into Scan.names: the speaker
    also: list[int] = field(default_factory=list)  # more speakers of one statement
    pronoun: str = ""  # "he", "she", "it", "they", ... when a pronoun names the speaker
    inverted: bool = False  # '"...," said X'
    inherited: bool = False  # another verb's subject ("..., saying", "and said")

    @property
    def empty(self) -> bool:
        return self.first < 0

    @property
    def own(self) -> bool:
        return not self.empty and not self.inherited

    def lent(self) -> Ref:
        return replace(self, inherited=True)


class Scan:
    def __init__(self, text: str, mentions: list[Mention]):
        self.text = text
        self.doc = doc = tokenise(text)
        self.low = [w.lower() for w in doc.words]
        datelines = _datelines(text)
        self.names = [m for m in mentions if m.type in (*_NAMED, "NORP")
                      and not any(a <= m.start < b for a, b in datelines)]
        self._dateline_ends = {self.token_at(a): self.token_at(b) for a, b in datelines}
        self.names += _surnames(doc, self.names)
        self.names.sort(key=lambda m: m.start)
        self.mention_of: list[int | None] = [None] * len(doc)
        for k, m in enumerate(self.names):
            a = bisect.bisect_left(doc.starts, m.start)
            while a < len(doc) and doc.starts[a] < m.end:
                self.mention_of[a] = k
                a += 1
        self.inside = [False] * len(doc)  # tokens inside quotation marks

    def __len__(self) -> int:
        return len(self.doc)

    def token_at(self, char: int) -> int:
        """The first token that starts at or after char."""
        return bisect.bisect_left(self.doc.starts, char)

    def after_dateline(self, t: int) -> int:
        """The token after the dateline that token t opens, else t."""
        return self._dateline_ends.get(t, t)

    def mention(self, i: int) -> Mention | None:
        k = self.mention_of[i] if 0 <= i < len(self.doc) else None
        return None if k is None else self.names[k]

    def lowercase(self, i: int) -> bool:
        return self.doc.kinds[i] == WORD and self.doc.words[i][:1].islower()

    # --- verbs ----------------------------------------------------------------
    def is_verb(self, i: int) -> bool:
        """Token i is a verb that gives words to a speaker (outside quotation
        marks, not in a name, not passive: "he was said to ..." is no one's
        words; not a noun: "the claims", "claims of")."""
        doc, low = self.doc, self.low
        if self.inside[i] or doc.kinds[i] != WORD or self.mention_of[i] is not None:
            return False
        w = low[i]
        particle = PHRASAL.get(w)
        if particle is not None:
            return i + 1 < len(doc) and low[i + 1] == particle
        ing = w.endswith("ing") and len(w) > 5 and bool(ing_form(w))
        if w not in ALL_VERBS and not ing:
            return False
        if i + 1 < len(doc) and low[i + 1] in _NOUN_AFTER:
            return False
        if i and doc.words[i - 1] == "-" and doc.ends[i - 1] == doc.starts[i]:
            return False  # "so-called", "self-described"
        if w not in lx.CLAUSE_VERBS and i + 2 < len(doc) and low[i + 1] == "to" and self.lowercase(i + 2):
            return False  # "continued to deny", "vowed to go after": no words given
        before = self.skip_adverbs(i - 1, 0, aux=False)
        if before < 0:
            return True
        if low[before] in _BE and w != "saying":
            return False  # passive
        if low[before] in lx.ARTICLES or low[before] in ("his", "her", "their", "its", "s"):
            return False  # "the claims", "his remarks": a noun
        if ing and doc.kinds[before] == WORD and self.lowercase(before) and low[before] not in _ING_AFTER:
            return False  # "has begun writing": no attribution
        if ing and self.inside[before] and "," not in self.text[doc.starts[before] - 1 : doc.ends[before]]:
            return False  # after a quotation with no comma: 'the "Fed-Ex" selling ...'
        return True

    def skip_adverbs(self, i: int, lo: int, aux: bool = True) -> int:
        low = self.low
        while i >= lo:
            if self.lowercase(i) and (
                (aux and low[i] in lx.AUXILIARIES) or (low[i].endswith("ly") and len(low[i]) > 4) or low[i] in _ADVERBS
            ):
                i -= 1
            elif aux and self.doc.words[i] == "," and (k := self._adverbial_before(i, lo)) is not None:
                i = k  # "he did, for the first time, say"
            else:
                break
        return i

    def _adverbial_before(self, comma: int, lo: int) -> int | None:
        """The token before ", for the first time," when a comma-enclosed
        phrase that opens with a preposition ends at `comma`, else None."""
        for k in range(comma - 1, max(lo, comma - 7) - 1, -1):
            if self.doc.words[k] == ",":
                opens = k + 1 < comma and self.low[k + 1] in lx.NOUN_PHRASE_WORDS - lx.ARTICLES
                return k - 1 if opens and k - 1 >= lo and self.lowercase(k - 1) else None
            if self.doc.kinds[k] == PUNCT or self.mention_of[k] is not None:
                return None
        return None

    # --- who --------------------------------------------------------------------
    def subject(self, v: int, lo: int) -> Ref:
        """The speaker's noun phrase before the verb at v (not before token lo)."""
        low, words = self.low, self.doc.words
        i = self.skip_adverbs(v - 1, lo)
        if low[v] == "saying" and i >= lo and low[i] == "as":
            return self._quoted_as(i, lo)  # 'AP quoted prosecutor Russell McGuire as saying'
        if i >= lo and low[i] in _RELATIVE | {"that"}:
            return self._relative(i, lo)  # "three other women who said"
        if low[v].endswith("ing") and i >= lo and (low[i] in _ING_AFTER - lx.VOICE_NOUNS or self.inside[i]):
            return Ref()  # "..., saying", "by demanding", '"...," saying': the sentence's speaker
        if i >= lo and words[i] == ")" and (opening := self._opening_bracket(i, lo)) is not None:
            i = opening - 1  # "Sen. Tim Kaine (D-Va.) said"
        appositive = i >= lo and words[i] in _APPOSITION
        segments: list[tuple[int, int]] = []
        while i >= lo and len(segments) < _MAX_SEGMENTS:
            if words[i] in _APPOSITION:
                i -= 1
            if i < lo:
                break
            first = self._phrase_start(i, lo)
            relative = first - 1 >= lo and low[first - 1] in _RELATIVE
            if relative:
                first -= 1  # "..., who backed Moore's rival, said": no speaker in it
            elif first <= i:
                segments.append((first, i))
            if first - 1 >= lo and low[first - 1] == "and" and len(segments) == 1:
                appositive = True  # "Cornyn, the Senate's No. 2 Republican, and other supporters said"
                first -= 1
                if first - 1 >= lo and words[first - 1] == ",":
                    i = first - 1
                    continue
                i = first - 1
                continue
            if not appositive or first - 1 < lo or words[first - 1] not in _APPOSITION:
                break
            i = first - 1
        return self._choose(segments) if segments else Ref()

    def _phrase_start(self, i: int, lo: int) -> int:
        doc, low = self.doc, self.low
        if i >= lo and low[i] in PRONOUNS and self.mention_of[i] is None:
            return i  # "he said"
        j = i
        while j >= lo and i - j < _MAX_SEGMENT:
            kind = doc.kinds[j]
            if self.inside[j]:
                break
            if self.mention_of[j] is not None:
                pass
            elif kind == PUNCT:
                if doc.words[j] == ")" and j < i:
                    opening = self._opening_bracket(j, lo)
                    if opening is not None:  # "Sen. Richard Blumenthal (D-Conn.) said"
                        j = opening - 1
                        continue
                if not self._inner_punct(j, lo):
                    break
            elif kind in (WORD, ABBR):
                if low[j] in ("and", "&") and j > lo and doc.is_cap(j - 1) and j + 1 <= i and doc.is_cap(j + 1):
                    pass  # "Penny Wong and Claire O'Neill", "Home Affairs and Cybersecurity Minister"
                elif low[j] in BOUNDARY or (j < i and self.is_verb(j)):
                    break
            elif kind != NUM:
                break
            j -= 1
        return j + 1

    def _opening_bracket(self, j: int, lo: int) -> int | None:
        for k in range(j - 1, max(lo, j - 8) - 1, -1):
            if self.doc.words[k] == "(":
                return k
        return None

    def _inner_punct(self, j: int, lo: int) -> bool:
        """A punctuation token inside a name or noun phrase: the possessive
        ("Moore’s", "Jones’"), a hyphen with no spaces ("Chong-gyu"), the
        stop of an abbreviation ("R-Ky.")."""
        doc, w = self.doc, self.doc.words[j]
        tight_left = j > lo and doc.ends[j - 1] == doc.starts[j]
        tight_right = j + 1 < len(doc) and doc.starts[j + 1] == doc.ends[j]
        if w in ("’", "'") and tight_left:
            return True
        if w == "." and tight_left:
            before = doc.words[j - 1]
            return before[:1].isupper() and len(before) <= 4
        return w == "-" and tight_left and tight_right

    def _choose(self, segments: list[tuple[int, int]]) -> Ref:
        head_first, head_last = segments[0]
        ref = Ref(first=min(a for a, _ in segments), last=head_last)
        head_last = self._before_place(head_first, head_last)
        in_head = self._mentions_in(head_first, head_last)
        people = [k for k in in_head if self.names[k].type == "PERSON"]
        rest = [k for a, b in reversed(segments[1:]) for k in self._mentions_in(a, b)]
        last = self.mention_of[head_last]
        if len(people) > 1 and any(self.low[t] in ("and", "&") for t in range(head_first, head_last)):
            ref.mention, ref.also = people[0], people[1:]  # a joint statement
        elif rest and (found := [k for k in rest + in_head if self.names[k].type == "PERSON"]):
            ref.mention = found[0]  # "David Kim, an analyst at Sejong Securities,": the one described
        elif last is not None and self.names[last].type == "PERSON":
            ref.mention = last
        elif last is not None and self.names[last].type in _NAMED:
            ref.mention = last
        elif self.low[head_last] in lx.VOICE_NOUNS and (found := people or [k for k in in_head if self.names[k].type == "ORG"]):
            ref.mention = found[0]
        elif found := [k for k in in_head if self._stands_for_government(k, head_last)]:
            ref.mention = found[0]
        elif head_first == head_last and self.low[head_first] in PRONOUNS:
            ref.pronoun = self.low[head_first]
        return ref

    def _before_place(self, head_first: int, head_last: int) -> int:
        """Where the head of the noun phrase ends, a place it ends with that only says where
        the one named comes from or is left out: "Sen. Kamala Harris of California",
        "a spokeswoman for a congressman from Tennessee", "Brevard College in North Carolina"
        are not the place; "officials in New York" stand for it (GENERIC_TAILS)."""
        while (k := self.mention_of[head_last]) is not None and self.names[k].type == "PLACE":
            t = self.token_at(self.names[k].start) - 1
            while t > head_first and self.low[t] in lx.ARTICLES:
                t -= 1
            if t <= head_first or self.low[t] not in _WHERE_FROM or self.low[t - 1] in lx.GENERIC_TAILS:
                break
            head_last = t - 1
        return head_last

    def _stands_for_government(self, k: int, head_last: int) -> bool:
        m = self.names[k]
        nxt = self.token_at(m.end)
        return m.type in ("PLACE", "ORG") and nxt <= head_last and self.low[nxt] in lx.GENERIC_TAILS

    def _mentions_in(self, a: int, b: int) -> list[int]:
        out: list[int] = []
        for t in range(a, b + 1):
            k = self.mention_of[t]
            if k is not None and k not in out:
                out.append(k)
        return out

    def _quoted_as(self, as_: int, lo: int) -> Ref:
        for t in range(as_ - 1, max(lo, as_ - 8) - 1, -1):
            k = self.mention_of[t]
            if k is not None:
                return Ref(first=lo, last=as_ - 1, mention=k)
        return Ref()

    def _relative(self, i: int, lo: int) -> Ref:
        """The speaker of "..., who said": the name before the comma, else no one named."""
        j = i - 1
        if j >= lo and self.doc.words[j] == ",":
            j -= 1
        k = self.mention_of[j] if j >= lo else None
        if k is not None and self.names[k].type == "PERSON":
            return Ref(first=j, last=j, mention=k)
        return Ref(first=i, last=i)

    def after_verb(self, v: int, hi: int) -> Ref:
        """The speaker named after the verb: '"...," said Cynthia Burgiss, 22'."""
        i = v + 1
        while i < hi and self.doc.kinds[i] == WORD and (self.low[i] in lx.ARTICLES or self.low[i] in lx.TITLES):
            i += 1
        end = i
        while end < hi and (self.mention_of[end] is not None or (self.doc.kinds[end] == WORD and self.low[end] not in BOUNDARY)):
            end += 1
        if end == v + 1:
            return Ref()
        found = self._mentions_in(i, end - 1)
        people = [k for k in found if self.names[k].type == "PERSON"]
        named = people[-1:] or [k for k in found if self.names[k].type in _NAMED][:1]
        # "said Credit Suisse First Boston analyst Vadim Mitroshin": the person the phrase ends with
        return Ref(first=v + 1, last=end - 1, mention=named[0] if named else None, inverted=True)


def _datelines(text: str) -> list[tuple[int, int]]:
    """The paragraphs' datelines ("WASHINGTON — President Trump ...", "LINCOLN, Neb. (AP) -"):
    where a report was written, and who sent it, no one who speaks (nor the subject its first
    sentence opens with)."""
    return [m.span() for m in _DATELINE.finditer(text)]


def _surnames(doc, names: list[Mention]) -> list[Mention]:
    """Capitalised words the extractor left unnamed that are the surname of
    one person of the text ("Moore’s campaign" where "Roy Moore" is named):
    mentions of that person, as the grouping ties "Dowden" to "Oliver Dowden"."""
    owners: dict[str, set[str]] = {}
    for m in names:
        words = m.text.split()
        if m.type == "PERSON" and len(words) > 1:
            owners.setdefault(fold(words[-1]), set()).add(m.canonical or m.text)
    taken = {(m.start, m.end) for m in names}
    spans = [(m.start, m.end) for m in names]
    out = []
    for i, w in enumerate(doc.words):
        if doc.kinds[i] != WORD or not w[:1].isupper() or w.lower() in lx.STOP:
            continue
        people = owners.get(fold(w))
        s, e = doc.starts[i], doc.ends[i]
        if people and len(people) == 1 and (s, e) not in taken and not any(a <= s < b for a, b in spans):
            out.append(Mention(w, s, e, "PERSON", next(iter(people))))
    return out


def ing_form(word: str) -> str:
    """The listed form of the verb of saying that an -ing word is ("warning"
    -> "warned", "arguing" -> "argued"), or ""."""
    stem = word[:-3]
    doubled = stem[:-1] + "ed" if stem[-1:] == stem[-2:-1] else ""
    for form in (stem + "ed", stem + "s", stem + "es", stem + "d", doubled):
        if form and form in ALL_VERBS:
            return form
    return ""
