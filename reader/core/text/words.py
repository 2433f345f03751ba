"""Words for comparing texts: tokens with offsets, stop words, stems.

Shared by the sentence alignment (compare.py) and the event grouping
(events.py). Pure Python; the Porter stemmer is the one Whoosh ships.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from whoosh.lang.porter import stem as _porter

STOPWORDS = frozenset(
    """
    a about above after again against all also although am among an and another any are aren't
    around as at be because been before being below between both but by can cannot could
    couldn't did didn't do does doesn't doing don't down during each either else ever every few
    for from further had hadn't has hasn't have haven't having he he'd he'll he's her here
    here's hers herself him himself his how how's however i i'd i'll i'm i've if in into is isn't
    it it's its itself just least less let's like made make many may me might more most much must
    mustn't my myself neither no nor not now of off often on once only onto or other others ought
    our ours ourselves out over own per perhaps quite rather really same says said say saying
    several shall shan't she she'd she'll she's should shouldn't since so some still such than
    that that's the their theirs them themselves then there there's these they they'd they'll
    they're they've this those though through thus to too toward towards under until up upon us
    very via was wasn't we we'd we'll we're we've were weren't what what's when when's where
    where's whether which while who who's whom whose why why's will with within without won't
    would wouldn't yet you you'd you'll you're you've your yours yourself yourselves mr mrs ms
    dr told according n't wo ca 's s t also just even well get got
    """.split()
)

_WORD = re.compile(r"[^\W_]+(?:(?:['’.\-]|,(?=\d))[^\W_]+)*")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
# "wo n't" and "do n’t" as some tokenisers (and some sites) print them.
_SPLIT_NEGATION = re.compile(r"\b(\w+) n['’]t\b", re.IGNORECASE)


@dataclass(frozen=True)
class Token:
    text: str  # as written
    norm: str  # case-folded, quotes straightened, possessive dropped
    start: int
    end: int


def normalise(text: str) -> str:
    """Case-folded text with straight quotes and "wo n't" rejoined."""
    text = text.translate(_QUOTES)
    text = _SPLIT_NEGATION.sub(lambda m: m.group(1) + "n't", text)
    return text.casefold()


def _norm_word(word: str) -> str:
    w = word.translate(_QUOTES).casefold().rstrip(".")
    if w.endswith("'s"):
        w = w[:-2]
    return w


def tokens(text: str, offset: int = 0) -> list[Token]:
    """The words of text with offsets (plus offset). Inner dots, hyphens,
    apostrophes and digit commas stay ("U.S", "by-elections", "40,000");
    a full stop after a word does not."""
    return [
        Token(m.group(), _norm_word(m.group()), m.start() + offset, m.end() + offset) for m in _WORD.finditer(text)
    ]


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _porter(word)


def content_terms(text: str) -> list[str]:
    """Stems of the words that carry content: no stop words, no one-letter
    words; hyphenated words count as their parts ("cyber-attack"); acronyms
    are kept whole ("US", "U.S." -> "us"), numbers as written ("7.8")."""
    out: list[str] = []
    for word in _WORD.findall(text):
        out.extend(_terms_of(word))
    return out


def term_counts(text: str) -> Counter[str]:
    """content_terms counted: the fast path for long texts."""
    counts: Counter[str] = Counter()
    for word, n in Counter(_WORD.findall(text)).items():
        for term in _terms_of(word):
            counts[term] += n
    return counts


def content_stems(toks: list[Token]) -> list[str]:
    """content_terms for tokens already cut."""
    out: list[str] = []
    for tok in toks:
        out.extend(_terms_of(tok.text))
    return out


@lru_cache(maxsize=200_000)
def _terms_of(word: str) -> tuple[str, ...]:
    norm = _norm_word(word)
    if any(ch.isdigit() for ch in norm):
        return (norm.replace(",", ""),)  # "7.8", "2021", "40,000"
    if "." in norm or (len(word) > 1 and word.isupper()):
        return (norm.replace(".", ""),)  # "U.S.", "US" -> "us"
    out = []
    for part in norm.split("-") if "-" in norm else (norm,):
        part = part.strip("'")
        if len(part) >= 2 and part not in STOPWORDS:
            out.append(stem(part))
    return tuple(out)
