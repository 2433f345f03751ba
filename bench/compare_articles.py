"""Real articles for the comparison-quality benchmark (bench/compare_quality.py,
bench/compare_paraphrase.py): BBC and BASIL bodies from ../shared/corpora,
a seeded draw, and the copies, donors and entity extractor a run uses."""

from __future__ import annotations

import json
import os
import random
import re
from pathlib import Path

from bench.compare_plant import Plant
from reader.core import entities
from reader.core.models import Article

REPO = Path(__file__).resolve().parent.parent
CORPORA = Path(os.environ.get("BENCH_CORPORA", REPO.parent / "shared" / "corpora"))



def _bbc(path: Path) -> tuple[str, list[str]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    title, _, body = text.strip().partition("\n")
    return title.strip(), [" ".join(p.split()) for p in re.split(r"\n\s*\n", body) if p.strip()]


def _basil(path: Path) -> tuple[str, list[str]]:
    d = json.loads(path.read_text(encoding="utf-8"))
    paras = [" ".join(" ".join(p).split()) for p in d.get("body-paragraphs") or []]
    return (d.get("title") or "").strip(), [p for p in paras if p]


def load_articles(root: Path, n: int, seed: int, min_words: int = 150, max_words: int = 1500) -> list[Article]:
    """About n articles, half BBC and half BASIL, drawn with seed."""
    pools = [(sorted((root / "bbc" / "bbc").glob("*/*.txt")), _bbc, "BBC News"),
             (sorted((root / "basil" / "articles").glob("*/*.json")), _basil, "BASIL")]
    rng = random.Random(seed)
    out: list[Article] = []
    for k, (files, read, source) in enumerate(pools):
        want = n // 2 + (n % 2 if k == 0 else 0)
        rng.shuffle(files)
        got = 0
        for f in files:
            if got >= want:
                break
            title, paras = read(f)
            words = sum(len(p.split()) for p in paras)
            if paras and min_words <= words <= max_words:
                rel = f.relative_to(root).as_posix()
                out.append(Article(id=f"orig{len(out)}", origin=f"corpora/{rel}", title=title,
                                   text_paragraphs=tuple(paras), source=source))
                got += 1
    return out


def copy_of(article: Article, p: Plant) -> Article:
    return Article(id=article.id + "-" + p.kind, origin=article.origin + "#copy", title=article.title,
                   text_paragraphs=p.paragraphs, source="copy")


def donors_of(article: Article) -> list[str]:
    """Sentences to add to another article's copy."""
    return [s for p in article.text_paragraphs for s in re.split(r"(?<=[.!?]) (?=[A-Z])", p)
            if 8 <= len(s.split()) <= 40 and not re.search(r"[\"“”]", s) and s[-1:] in ".!?"]


def rules_entities():
    cache: dict[str, list] = {}

    def entities_of(article: Article) -> list:
        if article.text not in cache:
            cache[article.text] = entities.extract(article.text, "rules")
        return cache[article.text]
    return entities_of
