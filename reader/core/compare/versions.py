"""The versions of an article as the CLI and the app use them: references
to a version, and each version's history line.

A reference is written as git writes one, in one grammar used everywhere:

    ID      the current version (ID: any unique id prefix)
    ID~N    N versions back from the current (ID~1: the one before; ID~ is ID~1)
    ID@N    the Nth version, 1 = the first seen

An earlier version is an Article with the id "ID@N", so that a comparison
of two versions of one article keeps the two apart (its entity cache and
its sides are keyed by id); the current version keeps the article's id.
The versions themselves are kept by reader.core.store.versions; the
library's get() resolves a reference with resolve() here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from reader.core.compare.tally import plain_summary, tally
from reader.core.errors import NotFound
from reader.core.models import Article
from reader.core.store import versions as kept
from reader.core.text.clean import clip_at_word

_REF = re.compile(r"^(?P<id>[^~@]+?)(?:(?P<op>[~@])(?P<n>\d*))?$")


@dataclass(frozen=True)
class Ref:
    prefix: str
    op: str  # "", "~" or "@"
    n: int

    def number(self, total: int) -> int:
        """The version number (1..total) this reference names among total."""
        return total if not self.op else (total - self.n if self.op == "~" else self.n)


def parse(ref: str) -> Ref:
    match = _REF.match(ref.strip())
    if not match:
        raise NotFound(f"{ref!r} is not a version: write ID, ID~N (N versions back) or ID@N (the Nth, 1 = first)")
    op, digits = match.group("op") or "", match.group("n") or ""
    if op == "@" and not digits:
        raise NotFound(f"{ref!r} names no version: write ID@N (the Nth version, 1 = first)")
    n = int(digits) if digits else (1 if op == "~" else 0)
    return Ref(match.group("id"), op, n)


def version_id(article_id: str, number: int, total: int) -> str:
    return article_id if number == total else f"{article_id}@{number}"


def resolve(ref: str, get: Callable[[str], Article], db) -> tuple[Article, int, int]:
    """(the article as that version had it, its number, how many versions
    there are). get: the library's id-prefix lookup (its errors are the
    reader's: unknown or ambiguous prefix). A version out of range is a
    NotFound that says which exist."""
    parsed = parse(ref)
    current = get(parsed.prefix)
    total = kept.count(db, current.id)
    number = parsed.number(total)
    if not 1 <= number <= total:
        span = f"{current.id[:10]}@1..@{total}" + (f", ~0..~{total - 1}" if total > 1 else "")
        raise NotFound(f"{ref!r}: {current.id[:10]} has {total} version{'s' if total != 1 else ''} ({span})")
    article = kept.article_at(db, current, number)
    if number != total:
        article = _as_version(article, number)
    return article, number, total


def _as_version(article: Article, number: int) -> Article:
    return replace(article, id=f"{article.id}@{number}")


@dataclass(frozen=True)
class HistoryLine:
    version: kept.Version
    summary: str  # what changed from the version before ("first seen" for the first)

    def as_dict(self) -> dict:
        return {**self.version.as_dict(), "summary": self.summary}


def count(lib, article_id: str) -> int:
    """How many versions the article has in lib (a Library), the current one included."""
    return kept.count(lib.store.db, article_id)


def listing(lib, id_or_prefix: str, summaries: bool = True, extractor: str | None = None) -> list[HistoryLine]:
    """Every version of an article in lib (a Library), with what each
    changed: a comparison per version when summaries (with lib.compare,
    its entity cache), else the word counts only."""
    article = lib.get(id_or_prefix)
    compare = (lambda a, b: lib.compare(a, b, extractor)) if summaries else None
    return history(lib.store.db, article, lib.store.state(article.id)["read"], compare)


def history(db, current: Article, read_now: bool,
            compare: Callable[[Article, Article], object] | None) -> list[HistoryLine]:
    """Every version, the first first, each with a one-line summary of what
    changed since the one before (the comparison's own summary, from the
    later version's side); compare None: no comparison, only the title and
    word counts are said (what a long history lists quickly)."""
    listed = kept.history(db, current, read_now)
    total = len(listed)
    out: list[HistoryLine] = []
    before: Article | None = None
    for v in listed:
        article = kept.article_at(db, current, v.number)
        if v.number != total:
            article = _as_version(article, v.number)
        if before is None:
            summary = "first seen"
        else:
            summary = changed_line(before, article, compare)
        out.append(HistoryLine(v, summary))
        before = article
    return out


def changed_line(before: Article, after: Article, compare) -> str:
    """One line: what `after` changes against `before`."""
    parts = []
    if before.title != after.title:  # (the titles themselves: "title changed" alone hid a number changed in one)
        parts.append(f"title changed: {clip_at_word(before.title, 40)} → {clip_at_word(after.title, 40)}")
    if compare is not None:
        c = compare(before, after)
        if tally(c).total:
            line = plain_summary(c, "b")
            parts.append(line[2:] if line.startswith("B ") else line)
        elif not parts:  # ("B and A differ in nothing listed", cut to "and A differ...", read as nonsense)
            parts.append("the text the same but for its wording")
    else:
        parts.append(f"{after.word_count - before.word_count:+d} words")
    return "; ".join(parts)

