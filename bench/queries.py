"""Realistic queries, drawn deterministically from a tier's own vocabulary,
and their translation for each baseline.

Kinds: one mid-frequency word; two or three words that occur together in a
real article; a real two-word phrase; a field filter (source:, title:);
a fuzzy word (word~, half of them misspelt by one letter). Every query is
kept as a record so that each engine gets the same intent in its own syntax.
"""

from __future__ import annotations

import random
import re
from collections import Counter

from whoosh.analysis import STOP_WORDS

WORD = re.compile(r"[a-z]{4,}")
BIGRAM = re.compile(r"\b([a-z]{3,}) ([a-z]{3,})\b")
EXTRA_STOPS = set(
    """about above after again against also among another because been before being below between both
    could does doing down during each from further have having here hers herself himself into itself just
    more most myself other ought ours ourselves over said same says should some such than that their theirs
    them themselves then there these they this those through under until very were what when where which
    while whom will with would your yours yourself yourselves year years last first told like make made
    many much only even still well back since could reuter""".split()
)
STOPS = set(STOP_WORDS) | EXTRA_STOPS
MIX = (("term", 0.25), ("terms", 0.25), ("phrase", 0.20), ("field", 0.15), ("fuzzy", 0.15))


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    if rng.random() < 0.5:
        return word[:i] + word[i + 1 :]  # a dropped letter
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # two letters swapped


def generate(articles: list[dict], n: int = 200, seed: int = 6) -> list[dict]:
    rng = random.Random(seed)
    docs = []
    df: Counter[str] = Counter()
    for a in articles:
        words = set(WORD.findall((a["title"] + " " + a["text"]).lower())) - STOPS
        docs.append(words)
        df.update(words)
    total = len(articles)
    lo, hi = max(2, int(total * 0.0005)), max(3, int(total * 0.05))
    mid = sorted(w for w, c in df.items() if lo <= c <= hi)
    if len(mid) < 50:  # a tiny tier: any word that is not a stop word
        mid = sorted(df)
    mid_set = set(mid)
    out: list[dict] = []
    for kind, share in MIX:
        want = round(n * share) if kind != MIX[-1][0] else n - len(out)
        made = 0
        tries = 0
        while made < want and tries < want * 200:
            tries += 1
            q = _make(kind, rng, articles, docs, mid, mid_set)
            if q is not None:
                q["kind"] = kind
                out.append(q)
                made += 1
    return out


def _make(kind, rng, articles, docs, mid, mid_set) -> dict | None:
    if kind == "term":
        w = rng.choice(mid)
        return {"text": w, "words": [w]}
    i = rng.randrange(len(articles))
    a, words = articles[i], sorted(docs[i] & mid_set)
    if kind == "terms":
        k = rng.choice((2, 3))
        if len(words) < k:
            return None
        ws = rng.sample(words, k)
        return {"text": " ".join(ws), "words": ws}
    if kind == "phrase":
        pairs = [
            (x, y)
            for x, y in BIGRAM.findall(a["text"].lower())
            if x not in STOPS and y not in STOPS and (x in mid_set or y in mid_set)
        ]
        if not pairs:
            return None
        x, y = rng.choice(pairs)
        return {"text": f'"{x} {y}"', "words": [x, y], "phrase": True}
    if kind == "field":
        if rng.random() < 0.5:
            tokens = [t for t in re.findall(r"[a-z]{3,}", a["source"].lower()) if t not in STOPS]
            if not tokens or not words:
                return None
            tok, w = tokens[0], rng.choice(words)
            return {"text": f"source:{tok} {w}", "words": [w], "field": "source", "value": tok}
        title_words = [w for w in WORD.findall(a["title"].lower()) if w in mid_set]
        if not title_words:
            return None
        w = rng.choice(title_words)
        return {"text": f"title:{w}", "words": [w], "field": "title", "value": w}
    if kind == "fuzzy":
        long = [w for w in words if len(w) >= 6]
        if not long:
            return None
        w = rng.choice(long)
        typed = _typo(w, rng) if rng.random() < 0.5 else w
        return {"text": f"{typed}~", "words": [typed], "fuzzy": True, "intended": w}
    raise ValueError(kind)


# --- translations for the baselines --------------------------------------
def fuzzy_stand_in(word: str) -> str:
    """FTS5 and LIKE have no fuzzy match: a prefix is what a user would try."""
    return word[: max(3, len(word) - 2)]


def to_fts5(q: dict) -> str:
    both = "{title body}"
    if q.get("fuzzy"):
        return f"{both} : {fuzzy_stand_in(q['words'][0])}*"
    if q.get("phrase"):
        return f'{both} : "{" ".join(q["words"])}"'
    if q.get("field") == "title":
        return f'title : "{q["value"]}"'
    parts = [f'{both} : "{w}"' for w in q["words"]]
    if q.get("field") == "source":
        parts.insert(0, f'source : "{q["value"]}"')
    return " AND ".join(parts)


def to_like(q: dict) -> tuple[str, list[str]]:
    """A WHERE clause and its parameters: case-insensitive substrings."""
    either = "(title LIKE ? OR body LIKE ?)"
    if q.get("fuzzy"):
        p = f"%{fuzzy_stand_in(q['words'][0])}%"
        return either, [p, p]
    if q.get("phrase"):
        p = f"%{' '.join(q['words'])}%"
        return either, [p, p]
    if q.get("field") == "title":
        return "title LIKE ?", [f"%{q['value']}%"]
    clauses, params = [], []
    if q.get("field") == "source":
        clauses.append("source LIKE ?")
        params.append(f"%{q['value']}%")
    for w in q["words"]:
        clauses.append(either)
        params += [f"%{w}%", f"%{w}%"]
    return " AND ".join(clauses), params


def to_tantivy(q: dict) -> str:
    if q.get("fuzzy"):
        return q["words"][0]
    if q.get("phrase"):
        return f'"{" ".join(q["words"])}"'
    if q.get("field") == "title":
        return f"title:{q['value']}"
    text = " ".join(q["words"])
    if q.get("field") == "source":
        text = f"source:{q['value']} {text}"
    return text
