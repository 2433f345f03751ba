"""Passages of an article around the words a query matches, for the engines
that analyse text in Python (Tantivy, PostgreSQL): one tokenizer, and
snippets cut as the Whoosh engine cuts them, as plain text plus match spans.

The engines differ only in their stemmer (stem: one token to its analysed
word), so that snippets, highlighting and query translation of one engine
all find the words its index holds.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable
from functools import lru_cache

from reader.core.models import Snippet
from reader.core.search.snippets import collapse_spaces

# Tantivy's SimpleTokenizer: runs of alphanumeric characters (TOKEN_CHAR);
# RemoveLongFilter drops tokens of 40 bytes or more. The PostgreSQL engine
# builds its tsvectors from the same tokens.
TOKEN_CHAR = r"[^\W_]"
TOKEN = re.compile(TOKEN_CHAR + "+")
MAX_TOKEN_BYTES = 40

Stem = Callable[[str], str]  # one token -> its analysed word


def too_long(word: str) -> bool:
    """Whether RemoveLongFilter drops a token (the length in characters
    first: most words are far too short to need encoding)."""
    return len(word) * 4 >= MAX_TOKEN_BYTES and len(word.encode("utf-8")) >= MAX_TOKEN_BYTES


def word_prefix(stem: str) -> str:
    """A prefix that every word with this Snowball English stem starts with
    (the stem differs from its word in the last letter at most, but for
    lie/lying and the like; checked on 160,000 words of the corpora)."""
    if stem.endswith("ie") and len(stem) > 2:
        return stem[:-2]
    return stem[: max(1, len(stem) - 1)]


# As Whoosh's PinpointFragmenter(maxchars=220, surround=70, autotrim=True), two fragments.
SNIPPET_MAXCHARS = 220
SNIPPET_SURROUND = 70
SNIPPET_TOP = 2
SNIPPET_CHARLIMIT = 2**15
_BETWEEN = " … "


def word_matches(text: str, match: Callable[[str], bool], stem: Stem, prefixes: list[str] | None = None,
                 limit: int | None = None):
    """Spans of the tokens of text whose analysed form (stem(token)) the
    query matches. prefixes: every matching word starts with one of these (lowercase), so
    other tokens need not be looked at."""
    if limit is None:
        limit = len(text)
    if prefixes:
        low = text.lower()
        if len(low) == len(text):
            # A literal alternation first lets the regex engine skip ahead;
            # the token's start is checked by hand.
            finder = _prefix_finder(tuple(sorted(set(prefixes))))
            found = (
                (text[m.start() : m.end()], m.start(), m.end())
                for m in finder.finditer(low)
                if not (m.start() and low[m.start() - 1].isalnum())
            )
        else:  # lowercasing moved characters (a dotted capital I, say)
            alternation = "|".join(re.escape(p) for p in sorted(set(prefixes), key=len, reverse=True))
            finder = re.compile(rf"(?<!{TOKEN_CHAR})(?:{alternation}){TOKEN_CHAR}*", re.IGNORECASE)
            found = ((m.group(), m.start(), m.end()) for m in finder.finditer(text))
    else:
        found = ((m.group(), m.start(), m.end()) for m in TOKEN.finditer(text))
    for word, start, end in found:
        if end > limit:  # as Whoosh's highlighter, words past the first 32K characters are not looked at
            break
        if too_long(word):
            continue
        if match(stem(word)):
            yield start, end


def prefixed_tokens(texts, prefixes: list[str]) -> set[str]:
    """The lowercased tokens of texts that start with one of prefixes (what
    word_matches will stem), found as it finds them."""
    finder = _prefix_finder(tuple(sorted(set(prefixes))))
    out: set[str] = set()
    for text in texts:
        low = text.lower()
        out.update(m.group() for m in finder.finditer(low) if not (m.start() and low[m.start() - 1].isalnum()))
    return out


@lru_cache(maxsize=256)
def _prefix_finder(prefixes: tuple[str, ...]) -> re.Pattern:
    alternation = "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True))
    return re.compile(rf"(?:{alternation}){TOKEN_CHAR}*")


def highlight(text: str, match: Callable[[str], bool] | None, stem: Stem, prefixes: list[str] | None = None) -> Snippet | None:
    """The best passages of text around the query's words: the fragments
    Whoosh's PinpointFragmenter cuts, scored as its BasicFragmentScorer
    scores them, as plain text plus match spans."""
    if match is None or not text:
        return None
    matched = [(start, end, stem(text[start:end])) for start, end in word_matches(text, match, stem, prefixes, SNIPPET_CHARLIMIT)]
    if not matched:
        return None
    fragments = list(_fragments(text, matched))
    best = heapq.nlargest(SNIPPET_TOP, fragments, key=lambda f: (f[0], f[1]))
    best = sorted((f for f in best if f[0] >= 1), key=lambda f: f[1])
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    offset = 0
    for n, (_score, start, end, tokens_) in enumerate(best):
        if n:
            parts.append(_BETWEEN)
            offset += len(_BETWEEN)
        piece = text[start:end].replace("\n", " ")
        last = start
        for a, b, _w in tokens_:
            if a < last:
                continue
            spans.append((offset + a - start, offset + b - start))
            last = b
        parts.append(piece)
        offset += len(piece)
    return collapse_spaces("".join(parts), spans)


def _fragments(text: str, matched: list[tuple[int, int, str]]):
    """(score, start, end, matches) for each fragment, as PinpointFragmenter
    (maxchars, surround, autotrim) cuts them."""
    maxchars, surround = SNIPPET_MAXCHARS, SNIPPET_SURROUND
    j = -1
    for i, (left, right, _w) in enumerate(matched):
        if j >= i:
            continue
        j = i
        currentlen = right - left
        while j < len(matched) - 1 and currentlen < maxchars:
            nstart, nend, _ = matched[j + 1]
            if nend - right <= surround and nend - left <= maxchars:
                j += 1
                right = nend
                currentlen += nend - nstart
            else:
                break
        toks = matched[i : j + 1]
        start = max(0, left - surround)
        end = min(len(text), right + surround)
        # autotrim: start after the first space and end at the last, keeping the matches
        first = text.find(" ", start, end)
        if first > 0:
            start = first + 1
        last = text.rfind(" ", start, end)
        if last > 0:
            end = last
        start = min(start, toks[0][0])
        end = max(end, toks[-1][1])
        score = len(toks) * (len({w for _, _, w in toks}) * 100 or 1)
        yield score, start, end, toks
