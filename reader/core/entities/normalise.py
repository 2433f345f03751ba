"""Tying the mentions of one entity together within a text.

Each mention gets a canonical name:
- known names take the gazetteer's ("UK", "Britain" -> "United Kingdom";
  "U.S." -> "United States"; "Uighur" -> "Uyghur");
- a person's partial name takes the full name it is part of ("Dowden" and
  "Mr Dowden" -> "Oliver Dowden"; "Iain" -> "Iain Duncan Smith");
- an acronym takes the long form it abbreviates ("APT31" -> "Advanced
  Persistent Threat Group 31"), by its initials or by "Long Form (ACR)";
- anything else the spelling it is most often written with.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache

from reader.core.entities.gazetteer import fold, lookup
from reader.core.entities.model import NUMBER_TYPES, Mention
from reader.core.text import lexicon as lx
from reader.core.text.words import is_initials

_DIGITS = re.compile(r"\d+")


def display(text: str) -> str:
    """A mention as shown: single spaces, no space after a hyphen."""
    return " ".join(text.split()).replace("- ", "-")


@lru_cache(maxsize=100_000)  # the variants ask it for every pair of names
def key(text: str) -> str:
    """What two spellings of one name share: case, quotes, full stops and a
    leading "the" do not count."""
    k = fold(text).replace(".", "").replace(",", "")
    if k.startswith("the "):
        k = k[4:]
    return " ".join(k.split())


def name_tokens(text: str) -> list[str]:
    """The folded words of a person's name, without titles."""
    toks = key(text).split()
    while len(toks) > 1 and toks[0] in lx.TITLES:
        toks.pop(0)
    return toks


def generation(toks: tuple[str, ...] | list[str]) -> str:
    """A full name's generational suffix ("jr", "iii"), else ""."""
    return toks[-1] if len(toks) > 1 and toks[-1] in lx.GENERATIONAL else ""


def without_initials(name: str) -> tuple[str, tuple[str, ...]]:
    """A person's name without titles and middle initials, as its folded
    words ("Jr."/"Sr." kept), and those initials letter by letter: "George
    H.W. Bush", "George H. W. Bush" -> ("george bush", ("h", "w")); "Adam B.
    Schiff" -> ("adam schiff", ("b",)); "Adam Schiff" -> ("adam schiff", ())."""
    words = name_tokens(name)
    suffix: list[str] = []
    while len(words) > 1 and words[-1] in lx.NAME_ABBREVIATIONS:
        suffix.insert(0, words.pop())
    if len(words) <= 2:
        return " ".join(words + suffix), ()
    written = {key(w) for w in name.split() if is_initials(w)}  # "H.W.", keyed "hw"
    middle = words[1:-1]
    dropped = [w for w in middle if len(w) == 1 or w in written]
    kept = [w for w in middle if not (len(w) == 1 or w in written)]
    return " ".join([words[0], *kept, words[-1], *suffix]), tuple(c for w in dropped for c in w)


def without_middle(name: str) -> tuple[str, tuple[str, ...]]:
    """A person's name as its first and last words ("Jr." kept), and what stood between: the
    middle initials letter by letter, then middle names: "Hillary Rodham Clinton" -> ("hillary
    clinton", ("rodham",)); "George H.W. Bush" -> ("george bush", ("h", "w")). A middle makes
    no other person, two different middles do."""
    bare, letters = without_initials(name)
    toks = bare.split()
    suffix = 1 if generation(toks) else 0
    if len(toks) - suffix <= 2:
        return bare, letters
    return " ".join([toks[0], *toks[len(toks) - suffix - 1 :]]), (*letters, *toks[1 : len(toks) - suffix - 1])


def initials(text: str) -> tuple[str, str]:
    """(initials of the capitalised words, trailing number): "Advanced
    Persistent Threat Group 31" -> ("APTG", "31")."""
    letters = []
    number = ""
    for w in display(text).replace("-", " ").split():
        if w.lower() in lx.ACRONYM_SKIPS:
            continue
        if w.isdigit():
            number = w
        elif w[:1].isupper():
            letters.append(w[0])
    return "".join(letters), number


def is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return 2 <= len(letters) <= 8 and all(c.isupper() for c in letters) and " " not in text.strip()


def abbreviates(short: str, long: str) -> bool:
    """Whether short is an acronym of long: the same initials, or all but a
    trailing generic word ("APT" of "Advanced Persistent Threat Group"), and
    the same number."""
    if not is_acronym(short) or len(display(long).split()) < 2:
        return False
    s_letters = "".join(c for c in short if c.isalpha()).upper()
    s_number = "".join(_DIGITS.findall(short))
    l_letters, l_number = initials(long)
    if s_number != l_number:
        return False
    if s_letters == l_letters.upper():
        return True
    return len(s_letters) >= 3 and l_letters.upper().startswith(s_letters) and len(l_letters) - len(s_letters) == 1


def resolve(mentions: list[Mention], text: str | None = None) -> list[Mention]:
    """The mentions with canonical filled in, and single words that are
    clearly part of a person's name typed as PERSON."""
    if not mentions:
        return []
    mentions = _retype_person_parts(mentions)
    canon: dict[int, str] = {}
    for i, m in enumerate(mentions):
        if m.type in NUMBER_TYPES:
            canon[i] = display(m.text)
            continue
        known = lookup(m.text)
        if known and known[0] == m.type:
            canon[i] = known[1]
        elif m.type == "NORP":
            parts = [lookup(w) for w in m.text.split()]
            if len(parts) > 1 and all(p and p[0] == "NORP" for p in parts):
                canon[i] = " ".join(p[1] for p in parts)
    _resolve_people(mentions, canon)
    _resolve_acronyms(mentions, canon, text)
    _resolve_heads(mentions, canon)
    # the rest: the spelling written most often, per key and type
    spellings: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for i, m in enumerate(mentions):
        if i not in canon:
            spellings[(key(m.text), m.type)][display(m.text)] += 1
    out = []
    for i, m in enumerate(mentions):
        c = canon.get(i) or spellings[(key(m.text), m.type)].most_common(1)[0][0]
        out.append(replace(m, canonical=c))
    return out


def name_parts(names: Iterable[tuple[str, str]]) -> set[str]:
    """The given names and surnames of the full person names among (type,
    name) pairs."""
    out: set[str] = set()
    for type_, name in names:
        if type_ == "PERSON":
            toks = name_tokens(name)
            if len(toks) > 1:
                out.update((toks[0], toks[-1]))
    return out


def _retype_person_parts(mentions: list[Mention]) -> list[Mention]:
    parts = name_parts((m.type, m.text) for m in mentions)
    if not parts:
        return mentions
    out = []
    for m in mentions:
        if m.type in ("ORG", "PLACE") and key(m.text) in parts and not lookup(m.text):
            m = replace(m, type="PERSON")  # a model's "Dowden" as ORG
        out.append(m)
    return out


def _resolve_people(mentions: list[Mention], canon: dict[int, str]) -> None:
    people = [(i, name_tokens(m.text)) for i, m in enumerate(mentions) if m.type == "PERSON"]
    if not people:
        return
    full: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, toks in people:
        full[tuple(toks)].append(i)
    names = sorted(full, key=len, reverse=True)
    target = _initialled(mentions, full)
    # a name part of a longer name maps to the longest names that contain it
    for name in names:
        if name in target:
            continue
        containing = [
            other
            for other in names
            if len(other) > len(name) and (other[: len(name)] == name or _surnamed(other, name))
            and not (len(name) > 1 and generation(other) != generation(name))  # Donald Trump / Donald Trump Jr.
        ]
        maximal = [o for o in containing if o not in target]
        if len(maximal) == 1:
            target[name] = maximal[0]
        elif len(maximal) > 1:
            # the one written most often; ties go to the one written first
            target[name] = max(maximal, key=lambda o: (len(full[o]), -min(full[o])))
    for name, idxs in full.items():
        goal = target.get(name, name)
        shown = Counter(display(_strip_titles(mentions[i].text)) for i in full[goal]).most_common(1)[0][0]
        for i in idxs:
            canon[i] = shown


def _initialled(mentions: list[Mention], full: dict[tuple[str, ...], list[int]]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """A full name and the one written with middle initials are one person ("Donald Trump",
    "Donald J. Trump"), and so are one set of initials written two ways ("H.W.", "H. W."): each
    maps to the initialled form written most often. A bare name that fits two sets of initials
    (George W. and George H.W. Bush) stays apart, as in linking across articles."""
    forms = {name: without_initials(mentions[idxs[0]].text) for name, idxs in full.items() if len(name) > 1}
    by_bare: dict[str, dict[tuple[str, ...], list[tuple[str, ...]]]] = defaultdict(lambda: defaultdict(list))
    for name, (bare, letters) in forms.items():
        if letters:
            by_bare[bare][letters].append(name)
    target: dict[tuple[str, ...], tuple[str, ...]] = {}
    for bare, sets in by_bare.items():
        for spellings in sets.values():
            goal = max(spellings, key=lambda o: (len(full[o]), -min(full[o])))
            target.update((o, goal) for o in spellings if o != goal)
        if len(sets) == 1:
            goal = target.get(spellings[0], spellings[0])
            target.update((name, goal) for name, (b, letters) in forms.items() if b == bare and not letters)
    return target


def _surnamed(full: tuple[str, ...], name: tuple[str, ...]) -> bool:
    """name ends full, or ends it before a "Jr.": "Mr. Jackson" may be Jesse L. Jackson Jr."""
    core = full[:-1] if generation(full) else full
    return len(core) > len(name) and core[-len(name) :] == name


def _strip_titles(text: str) -> str:
    words = display(text).split()
    while len(words) > 1 and words[0].lower().rstrip(".") in lx.TITLES:
        words.pop(0)
    return " ".join(words)


def _resolve_acronyms(mentions: list[Mention], canon: dict[int, str], text: str | None) -> None:
    longs = [(i, m) for i, m in enumerate(mentions) if m.type == "ORG" and len(m.text.split()) > 1]
    if not longs:
        return
    for i, m in enumerate(mentions):
        if m.type != "ORG" or not is_acronym(m.text) or i in canon:
            continue
        found = None
        if text is not None:
            # "Advanced Persistent Threat Group 31 (APT31)": defined in place
            for j, other in longs:
                if other.end <= m.start and text[other.end : m.start].strip() == "(":
                    found = j
        if found is None:
            found = next((j for j, other in longs if abbreviates(m.text, other.text)), None)
        if found is not None:
            canon[i] = canon.get(found) or display(mentions[found].text)


def _resolve_heads(mentions: list[Mention], canon: dict[int, str]) -> None:
    """An organisation's head word alone takes the one name of the text it ends: "the Times"
    after "The New York Times", "the Committee" after "the Senate Intelligence Committee";
    not a name a list knows ("House", "Senate"), nor a head two names share."""
    ends: dict[str, set[int]] = defaultdict(set)
    for i, m in enumerate(mentions):
        words = display(m.text).split()
        if m.type == "ORG" and len(words) > 1:
            ends[words[-1].lower()].add(i)
    for i, m in enumerate(mentions):
        word = display(m.text)
        if m.type != "ORG" or " " in word or i in canon or word.lower() not in lx.ORG_HEADS or lookup(word):
            continue
        owners = {canon.get(j) or display(mentions[j].text) for j in ends.get(word.lower(), ())}
        if len(owners) == 1:
            canon[i] = owners.pop()
