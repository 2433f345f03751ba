"""The built-in extractor: rules over capitalised spans, a gazetteer, titles,
organisation heads, acronyms and number patterns. It needs no model.

The names pass works in three steps: runs of capitalised tokens are built
(joined across hyphens, name particles and the "of"/"and" inside organisation
names), each run is trimmed and classified (sentence-initial common words
dropped, titles and job words cut off and taken as a sign of a person, the
name before them taken for an employer, a middle initial as a person's sign,
"The" mid-sentence before a place as a publication's name, gazetteer names,
organisation heads, acronyms), and a last pass over the whole text settles
single words by what the rest of the text says about them ("Laughton" after
"Mr Laughton"; "Additionally" only ever sentence-initial).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from reader.core.entities.gazetteer import countries, fold, lookup
from reader.core.entities.model import Mention
from reader.core.entities.people import named_after_people, party_state, person_context, person_like
from reader.core.entities.runs import has_head, runs
from reader.core.text import lexicon as lx
from reader.core.text import quantities as numbers
from reader.core.text.tokens import ABBR, NUM, WORD, Doc, tokenise
from reader.core.text.words import is_initials

_GENERIC_TAIL = lx.GENERIC_TAILS | {"regime"}
_QUOTES = frozenset("\"“”‘’'«»")
# An unknown capitalised word with no sign of its type is kept (as ORG) when
# written this often mid-sentence: once is as likely a stray capital as a name.
MIN_REPEATS = 2


@dataclass
class _Cand:
    start: int  # first token
    end: int  # last token, inclusive
    type: str
    canonical: str = ""
    strong: bool = True
    initial: bool = False  # sentence-initial single word: needs evidence
    guess: bool = False  # a type taken for want of any sign
    titled: bool = False  # "The Atlantic" written mid-sentence: the name of a publication


class RuleExtractor:
    name = "rules"
    description = "built-in rules (no model)"

    def extract(self, text: str) -> list[Mention]:
        if not text:
            return []
        doc = tokenise(text)
        number_spans, used = numbers.find(doc, lookup)
        cands: list[_Cand] = []
        for start, end in runs(doc, used):
            cands.extend(_classify(doc, start, end, cue=False))
        names = _settle(doc, cands)
        taken = [(doc.starts[c.start], doc.ends[c.end]) for c in names]
        out = [
            Mention(doc.span_text(c.start, c.end), doc.starts[c.start], doc.ends[c.end], c.type, c.canonical)
            for c in names
        ]
        for a, b, type_ in number_spans:
            s, e = doc.starts[a], doc.ends[b]
            if type_ != "QUANTITY" and any(s < te and ts < e for ts, te in taken):
                continue  # "1922" in "1922 Committee", "31" in "Group 31"
            out.append(Mention(doc.text[s:e], s, e, type_, ""))
        out.sort(key=lambda m: (m.start, -m.end))
        return out


# --- classifying a run -----------------------------------------------------
def _word_tokens(doc: Doc, a: int, b: int) -> list[int]:
    """The capitalised words and numbers of a run (not "of", "von", "-")."""
    kinds, words = doc.kinds, doc.words
    return [t for t in range(a, b + 1) if kinds[t] == NUM or (kinds[t] in (WORD, ABBR) and not words[t].islower())]


def _last_word(doc: Doc, a: int, b: int) -> str:
    for t in range(b, a - 1, -1):
        if doc.kinds[t] in (WORD, ABBR):
            return doc.words[t].lower().rstrip(".")
    return ""


def _quoted(doc: Doc, a: int, b: int) -> bool:
    before = doc.text[: doc.starts[a]].rstrip()
    after = doc.text[doc.ends[b] :].lstrip()
    return bool(before) and bool(after) and before[-1] in _QUOTES and after[0] in _QUOTES


def _classify(doc: Doc, a: int, b: int, cue: bool) -> list[_Cand]:
    words = doc.words
    known = lookup(doc.span_text(a, b))
    if known and not cue:
        return [_Cand(a, b, known[0], known[1])]
    if words[a].isupper() and len(words[a]) > 1 and _shouting(doc, a):
        # a headline in capitals: only known names can be told apart there
        return [_Cand(t, t, k[0], k[1]) for t in _word_tokens(doc, a, b) if (k := lookup(words[t]))]
    if _quoted(doc, a, b):
        return []  # "Golden Age", "Wolf Warrior": phrases, not names
    if party_state(doc, a):
        return []  # "Scalise, R-La., said": who he is, not a name
    if not cue:
        parts = _hyphen_parts(doc, a, b)
        if parts:
            return [c for p in parts for c in _classify(doc, p[0], p[1], cue)]
    initial = doc.initial[a]
    headed = _last_word(doc, a, b) in lx.ORG_HEADS
    titled = a < b and words[a] == "The" and not initial  # "reported by The Atlantic"
    first = a
    # trim the start: "The", common words that open a sentence, number words
    while a <= b:
        low = words[a].lower()
        if doc.kinds[a] == NUM and headed:
            break  # "1922 Committee"
        if doc.kinds[a] not in (WORD, ABBR) or low in lx.NAME_PARTICLES or low in ("of", "and", "for", "on"):
            a += 1
            continue
        if lookup(doc.span_text(a, b)) or (a < b and lookup(doc.span_text(a, a + 1))):
            break
        common = initial and a < b and not headed and low in doc.lower_words and not _titles_name(doc, a)
        titlecase = words[a][:1].isupper() and not words[a][1:2].isupper()  # "Us", not "US"
        if (titlecase and low in lx.STOP) or low in lx.NUMBER_WORDS or common:
            a += 1
            if low in lx.STOP and low not in lx.FUNCTION_WORDS:
                initial = False  # after "Plus", "Meanwhile": the name's capital is its own
            continue
        break
    if a > b:
        return []
    if words[a].lower() in ("’", "'"):
        return []
    known = lookup(doc.span_text(a, b))
    if known and not cue:
        if titled and first == a - 1 and known[0] == "PLACE" and known[1] not in countries():
            return [_Cand(first, b, "ORG", titled=True)]  # a publication or work named after a place
        return [_Cand(a, b, known[0], known[1])]
    if a == b and words[a].lower() in lx.NOT_ENTITIES:
        return []
    toks = _word_tokens(doc, a, b)
    if _role_phrase(doc, toks):
        return []  # "Members of Parliament", "Minister for Home Affairs"
    while len(toks) > 1 and words[toks[-1]].lower() in lx.TITLES and lookup(doc.span_text(a, toks[-2])):
        b = toks[-2]  # "Conservative MPs", "Labour MP"
        toks.pop()
    last = _last_word(doc, a, b)
    connected = any(words[t] in ("of", "on", "for", "and") for t in range(a, b))
    if last in lx.ORG_HEADS or (has_head(doc, a, b) and connected):
        return [_Cand(a, b, "ORG")]
    if len(toks) > 1 and last in lx.ROLE_WORDS:
        return _classify(doc, a, toks[-2], False)  # "BuzzFeed Editor", "Trump Adviser": who employs them
    if len(toks) > 1 and last in ("day", "eve") and not cue:
        return [_Cand(a, b, "DATE")]  # "Election Day", "Christmas Eve"
    if len(toks) > 1 and last in lx.PLACE_HEADS:
        return [_Cand(a, b, "PLACE")]  # "Key Bridge", "Downing Street"
    if len(toks) > 1 and (lookup(words[toks[-1]]) or ("", ""))[0] == "NORP" and not cue:
        return [_Cand(a, b, "NORP")]  # "Senate Republicans"
    if last in lx.MISC_HEADS:
        for t in range(b - 1, a - 1, -1):  # "UN Security Council Resolution"
            if doc.kinds[t] == WORD and words[t].lower() in lx.ORG_HEADS:
                return _classify(doc, a, t, cue)
        return []
    split = _split_titles(doc, a, b)
    if split is not None:
        left, right = split
        out = _classify(doc, left[0], left[1], False) if left else []
        for c in out:
            if c.type == "PERSON":  # "Weekly Standard Editor ...": the employer, a person only if the text says so
                c.type, c.strong = "ORG", False
        if right:
            out += _classify(doc, right[0], right[1], True)
        return out
    toks = _word_tokens(doc, a, b)
    if _middle_initial(doc, toks):
        return [_Cand(a, b, "PERSON")]
    groups = [lookup(words[t]) for t in toks]
    if all(g and g[0] == "NORP" for g in groups):
        return [_Cand(a, b, "NORP", " ".join(g[1] for g in groups))]  # "Uyghur Muslim"
    prefix = _known_prefix(doc, toks)
    if prefix and not cue:
        p_end, (type_, canonical) = prefix
        rest = [words[t].lower() for t in toks if t > p_end]
        if all(r in _GENERIC_TAIL for r in rest):
            return [_Cand(a, p_end, type_, canonical)]  # "UK Government"
        if type_ in ("PLACE", "NORP"):
            return [_Cand(a, b, "ORG", strong=False)]  # "China Daily"
    nxt = b + 1
    if (
        not cue
        and nxt < len(doc)
        and doc.kinds[nxt] == WORD
        and words[nxt].islower()
        and words[nxt] in lx.ORG_HEADS
        and doc.joined(nxt)
    ):
        return [_Cand(a, b, "ORG")]  # "the Defending Democracy taskforce"
    if _dateline(doc, first, b):
        return [_Cand(first, b, "PLACE")]  # "HARTFORD, Conn. —"
    if len(toks) == 1 and _acronym(words[a]):
        if words[a].lower() in lx.NOT_ACRONYM_ORGS or words[a].rstrip("s").lower() in lx.NOT_ACRONYM_ORGS:
            return []
        if len(words[a]) >= 5 and (words[a].lower() in doc.lower_words or _label(doc, a)):
            return []  # a word in capitals: "100% FALSE" beside "false"; "UPDATE:" opening a paragraph
        if _shouting(doc, a):
            return []
        return [_Cand(a, b, "ORG")]
    if len(toks) >= 2 and connected and not cue:
        return [_Cand(a, b, "ORG", strong=False)]  # people are rarely "X of Y": "Democracy for America said"
    if cue or person_context(doc, a, b):
        return [_Cand(a, b, "PERSON")]
    if len(toks) >= 2:
        if " " not in doc.span_text(a, b):
            return [_Cand(a, b, "ORG", strong=False)]  # "Rolls-Royce"; "Rees-Mogg said" is settled below
        if len(toks) <= 4 and person_like(doc, toks):
            return [_Cand(a, b, "PERSON")]
        return []
    # one unknown word: settled by the rest of the text
    prev = words[a - 1].lower() if a else ""
    low = words[a].lower()
    if low.endswith(("ians", "ans", "ites", "ists")) and len(low) > 5:
        return [_Cand(a, b, "NORP", strong=False, initial=initial)]  # "Californians", "Libertarians"
    if prev in lx.LOCATIVES and doc.joined(a):
        return [_Cand(a, b, "PLACE", strong=False, initial=initial)]  # "outside Raleigh"
    if b + 1 < len(doc) and words[b + 1] in lx.LED_BY_PERSON and doc.joined(b + 1) and low not in doc.lower_words:
        return [_Cand(a, b, "PERSON")]  # "the Obama administration": a president's
    return [_Cand(a, b, "ORG", strong=False, initial=initial, guess=True)]


def _titles_name(doc: Doc, a: int) -> bool:
    """A title opening a sentence before a name: "President Obama", though "president" is written too."""
    nxt = doc.words[a + 1]
    return _role(doc.words[a]) and doc.kinds[a + 1] == WORD and nxt[:1].isupper() and nxt.lower() not in lx.STOP


def _role_phrase(doc: Doc, toks: list[int]) -> bool:
    if len(toks) < 2 or doc.words[toks[0]].lower().rstrip(".") not in lx.TITLES:
        return False
    if not any(doc.words[t] in ("of", "for") for t in range(toks[0], toks[-1])):
        return False
    return all(doc.words[t].lower() in lx.TITLES or doc.words[t].lower() in lx.ORG_HEADS for t in toks)


def _hyphen_parts(doc: Doc, a: int, b: int) -> list[tuple[int, int]] | None:
    """"UK-China" and "Sino-UK" are two names (or a combining form and a
    name); "Inter-Parliamentary" is one."""
    cuts = [t for t in range(a, b + 1) if doc.words[t] == "-"]
    if not cuts:
        return None
    bounds = [a, *[c + 1 for c in cuts]]
    ends = [*[c - 1 for c in cuts], b]
    parts = list(zip(bounds, ends))
    keep = []
    for s, e in parts:
        text = doc.span_text(s, e)
        if text.lower() in lx.COMBINING_FORMS:
            continue
        if not lookup(text):
            return None
        keep.append((s, e))
    return keep


def _split_titles(doc: Doc, a: int, b: int):
    """((left), (right)) around the titles in a run, or None if it has none:
    "SNP MP Stewart McDonald" -> (SNP), (Stewart McDonald)."""
    toks = _word_tokens(doc, a, b)
    is_title = [_role(doc.words[t]) for t in toks]
    for n in range(len(toks) - 1):  # "Special Agent", "Press Secretary"
        is_title[n] = is_title[n] or (doc.words[toks[n]].lower() in lx.ROLE_MODIFIERS and is_title[n + 1])
    if not any(is_title):
        return None
    if all(is_title):
        return None, None
    first = is_title.index(True)
    last = first
    while last + 1 < len(toks) and is_title[last + 1]:
        last += 1
    if all(doc.words[t].lower().rstrip(".") in lx.GENERATIONAL for t in toks[last + 1 :]):
        return None  # trailing titles: "John Major", "Martin Luther King Jr."
    left = (a, toks[first - 1]) if first > 0 else None
    return left, (toks[last + 1], b)


def _role(word: str) -> bool:
    """A title or a job word before a name: "Mr", "President", "Adviser", "Agents"."""
    low = word.lower().rstrip(".")
    return low in lx.TITLES or low in lx.ROLE_WORDS or (low[-1:] == "s" and low[:-1] in lx.ROLE_WORDS)


def _middle_initial(doc: Doc, toks: list[int]) -> bool:
    """Given name, initials, surname (and a "Jr."): "Michael R. Bloomberg", "Robert S. Mueller III"."""
    words = [doc.words[t] for t in toks]
    if words and words[-1].lower().rstrip(".") in lx.GENERATIONAL:
        words = words[:-1]
    if len(words) < 3 or not all(is_initials(w) for w in words[1:-1]):
        return False
    return all(len(w) > 1 and w[:1].isupper() and w[1:].islower() and w.isalpha() for w in (words[0], words[-1]))


def _known_prefix(doc: Doc, toks: list[int]):
    for n in range(min(len(toks) - 1, 4), 0, -1):
        found = lookup(doc.span_text(toks[0], toks[n - 1]))
        if found:
            return toks[n - 1], found
    return None


def _acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and "." not in word


def _line_start(doc: Doc, i: int) -> bool:
    return not doc.text[doc.text.rfind("\n", 0, doc.starts[i]) + 1 : doc.starts[i]].strip()


def _label(doc: Doc, i: int) -> bool:
    return _line_start(doc, i) and i + 1 < len(doc) and doc.words[i + 1] in (":", "-")  # "UPDATE - May 30:"


def _dateline(doc: Doc, a: int, b: int) -> bool:
    """A place in capitals opening a paragraph before a dash, its state between: "HARTFORD,
    Conn. —", "DES MOINES –"."""
    if not _line_start(doc, a) or not all(doc.words[t].isupper() for t in range(a, b + 1) if doc.kinds[t] == WORD):
        return False
    j, dashes = b + 1, ("—", "–")  # "UPDATE - May 30:" is a label
    if j + 1 < len(doc) and doc.words[j] == "," and doc.is_cap(j + 1):
        j, dashes = j + 2 + (j + 2 < len(doc) and doc.words[j + 2] == "."), ("—", "–", "-")  # ", Conn."
    return j < len(doc) and doc.words[j] in dashes


def _shouting(doc: Doc, i: int) -> bool:
    """Whether token i sits in a line written in capitals (a headline)."""
    text = doc.text
    lo = text.rfind("\n", 0, doc.starts[i]) + 1
    hi = text.find("\n", doc.ends[i])
    line = text[lo : hi if hi >= 0 else len(text)]
    letters = [c for c in line if c.isalpha()]
    return len(letters) > 12 and sum(c.isupper() for c in letters) > 0.7 * len(letters)


# --- settling single words by the whole text -------------------------------
def _settle(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    person_parts: set[str] = set()
    surnames: set[str] = set()
    typed: dict[str, str] = {}
    hinted: dict[str, str] = {}
    mid_caps: Counter = Counter()
    titles = {fold(doc.span_text(c.start + 1, c.end)) for c in cands if c.titled}  # "The Atlantic" -> "atlantic"
    persons = [c for c in cands if c.type == "PERSON"]
    for k in named_after_people(doc, [_word_tokens(doc, c.start, c.end) for c in persons]):
        persons[k].type, persons[k].strong = "ORG", False
    for c in cands:
        text = fold(doc.span_text(c.start, c.end))
        if c.strong:
            typed.setdefault(text, c.type)
        elif not c.guess:
            hinted.setdefault(text, c.type)
        if not c.initial:
            mid_caps[text] += 1
        if c.type == "PERSON":
            words_of = _word_tokens(doc, c.start, c.end)
            toks = [fold(doc.words[t]) for t in words_of]
            if len(toks) > 1:
                person_parts.update(toks)
                surnames.add(toks[-1])
                person_parts.add(fold(doc.text[doc.starts[words_of[1]] : doc.ends[c.end]]))  # "Duncan Smith"
    out = []
    for c in cands:
        text = fold(doc.span_text(c.start, c.end))
        if c.type == "PLACE" and c.strong and text in surnames:
            c.type, c.canonical = "PERSON", ""  # "Jordan" after "Michael Jordan"
        elif c.type == "PLACE" and text in titles:
            c.type, c.canonical = "ORG", ""  # "the Atlantic's report" after "The Atlantic"
        if not c.strong:
            if text in person_parts:
                c.type, c.strong = "PERSON", True
            elif text in typed:
                c.type, c.strong = typed[text], True
            elif text in hinted:
                c.type = hinted[text]  # "Raleigh" after "outside Raleigh"
            elif c.initial and text not in mid_caps:
                continue  # "Additionally", "Property": capitalised only to open a sentence
            elif c.guess and mid_caps[text] < MIN_REPEATS:
                continue  # one unknown word, no sign of what it is
        out.append(c)
    return out
