"""Words for comparing texts: tokens with offsets, stop words, stems.

Shared by the comparison (compare/align.py, compare/wording.py) and the
event grouping (reader/core/events). Pure Python; the Porter stemmer is the one Whoosh ships.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from whoosh.lang.porter import stem as _porter

from reader.core.text.lexicon import STOPWORDS

# The token patterns, one place for all. WORD: a word for comparing texts,
# inner dots, hyphens, apostrophes and digit commas kept ("U.S", "by-elections",
# "40,000"). RULE_TOKEN: the entity rules' tokens (tokens.py), hyphens and "'s"
# apart. RUN: letters and digits only, as the search engines index them.
WORD = re.compile(r"[^\W_]+(?:(?:['’.\-]|,(?=\d))[^\W_]+)*")
RULE_TOKEN = re.compile(
    r"""
    (?P<abbr>(?:[^\W\d_]\.){2,})                     # U.S., U.K., a.m.
  | (?P<num>\d+(?:[.,:]\d+)*)                        # 40, 1,500, 2.5, 10:30
  | (?P<word>[^\W\d_]\w*(?:['’](?!(?:ve|re|ll)\b)[^\W\d_]{2,}\w*)*)  # words, APT31, O’Neill
  | (?P<punct>\S)
    """,
    re.VERBOSE,
)
RUN = re.compile(r"[^\W_]+")
# Initials, the one grammar for them: a capital and a full stop, or several written without a
# space as AP writes them ("B.", "H.W."), in any script ("Ł."). A bare "B" is no initial here:
# a one-letter middle word is one by its length (normalise.without_initials).
_INITIALS = re.compile(r"(?:[^\W\d_]\.)+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
# "wo n't" and "do n’t" as some tokenisers (and some sites) print them.
_SPLIT_NEGATION = re.compile(r"\b(\w+) n['’]t\b", re.IGNORECASE)


def is_initials(word: str) -> bool:
    """ "B.", "H.W.", "Ł.": not "a.m.", "B", "Bu."."""
    return _INITIALS.fullmatch(word) is not None and word.isupper()


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
        Token(m.group(), _norm_word(m.group()), m.start() + offset, m.end() + offset) for m in WORD.finditer(text)
    ]


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _porter(word)


def content_terms(text: str) -> list[str]:
    """Stems of the words that carry content: no stop words, no one-letter
    words; hyphenated words count as their parts ("cyber-attack"); acronyms
    are kept whole ("US", "U.S." -> "us"), numbers as written ("7.8")."""
    # chained in C, not extended word by word: the events' features call this on every new run of
    # text between spaces, some 200,000 of them in a 25k build
    return list(chain.from_iterable(map(_terms_of, WORD.findall(text))))


def run_terms(run: str) -> tuple[str, ...]:
    """content_terms of a run of text without whitespace, as a tuple: the events' features keep
    every distinct run's (events/features.py). A run of letters and digits alone (most) is one word
    to the pattern, looked up without it."""
    if run.isalnum():  # every such character is one WORD matches, an underscore none
        return _terms_of(run)
    return tuple(chain.from_iterable(map(_terms_of, WORD.findall(run))))


def term_counts(text: str) -> Counter[str]:
    """content_terms counted: the fast path for long texts."""
    counts: Counter[str] = Counter()
    for word, n in Counter(WORD.findall(text)).items():
        for term in _terms_of(word):
            counts[term] += n
    return counts


@lru_cache(maxsize=200_000)
def _terms_of(word: str) -> tuple[str, ...]:
    norm = _norm_word(word)
    # a word of letters only holds no digit (isalpha and isdigit share no character): most words
    # are answered without a generator's step per character
    if not norm.isalpha() and any(map(str.isdigit, norm)):
        return (norm.replace(",", ""),)  # "7.8", "2021", "40,000"
    if "." in norm or (len(word) > 1 and word.isupper()):
        return (norm.replace(".", ""),)  # "U.S.", "US" -> "us"
    out = []
    for part in norm.split("-") if "-" in norm else (norm,):
        part = part.strip("'")
        if len(part) >= 2 and part not in STOPWORDS:
            out.append(stem(part))
    return tuple(out)
