"""What a kept version of an article costs in the store (store/versions.py).

Real articles from ../shared/corpora (a sample: every Nth file), each put
through the store four times as an outlet edits a story: as published, a
number corrected, a paragraph dropped, a sentence added. Every edit keeps
the wording it replaced as a version; the bytes its text takes are
compared with the text as JSON and with plain zlib of it (no dictionary).

    .venv/bin/python -m bench.versions_storage [--per-corpus 200]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import tempfile
import zlib
from dataclasses import replace
from pathlib import Path

from reader.core.models import Article
from reader.core.store import ArticleStore, versions

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
_NUMBER = re.compile(r"\b\d+\b")


def bbc(limit: int) -> list[tuple[str, list[str]]]:
    files = sorted((CORPORA / "bbc" / "bbc").glob("*/*.txt"))
    out = []
    for path in files[:: max(1, len(files) // limit)][:limit]:
        lines = path.read_bytes().decode("utf-8", "replace").split("\n")
        paras = [p.strip() for p in "\n".join(lines[1:]).split("\n\n") if p.strip()]
        out.append((lines[0].strip(), paras))
    return out


def baly(limit: int) -> list[tuple[str, list[str]]]:
    files = sorted((CORPORA / "allsides_baly2020" / "jsons").glob("*.json"))
    out = []
    for path in files[:: max(1, len(files) // limit)][:limit]:
        data = json.loads(path.read_text(encoding="utf-8"))
        paras = [p.strip() for p in re.split(r"\n+", data.get("content_original") or "") if p.strip()]
        out.append((data.get("title") or path.stem, paras))
    return out


def edits(paras: list[str]) -> list[list[str]]:
    """The three later versions: a number changed, a paragraph dropped, a sentence added."""
    first = list(paras)
    k = next((i for i, p in enumerate(first) if _NUMBER.search(p)), 0)
    number = _NUMBER.search(first[k])
    changed = first[k][: number.start()] + str(int(number.group()) + 1) + first[k][number.end():] if number \
        else first[k] + " (corrected)"
    second = first[:k] + [changed] + first[k + 1:]
    third = second[: len(second) // 2] + second[len(second) // 2 + 1:]
    fourth = third[:-1] + [third[-1] + " This article has been updated with a statement from the council."]
    return [second, third, fourth]


def measure(name: str, stories: list[tuple[str, list[str]]]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        store = ArticleStore(Path(tmp) / "store.db")
        texts, plain = [], []
        for n, (title, paras) in enumerate(stories):
            if len(paras) < 3:
                continue
            article = Article(id=f"{name}{n:05d}", origin=f"{name}/{n}", title=title, text_paragraphs=tuple(paras))
            with store.transaction() as db:
                store.upsert(db, article)
            earlier = paras
            for later in edits(paras):
                raw = json.dumps(earlier, ensure_ascii=False).encode("utf-8")
                texts.append(len(raw))
                plain.append(len(zlib.compress(raw, 9)))
                with store.transaction() as db:
                    store.upsert(db, replace(article, text_paragraphs=tuple(later)))
                earlier = later
        count, stored = versions.storage(store.db)
        sizes = [r[0] for r in store.db.execute("SELECT length(body) FROM article_versions")]
        store.close()
    return {
        "corpus": name, "articles": count // 3, "versions": count,
        "text_bytes_median": statistics.median(texts), "zlib_bytes_median": statistics.median(plain),
        "stored_bytes_median": statistics.median(sizes), "stored_bytes_mean": round(stored / count, 1),
        "ratio_to_text": round(stored / sum(texts), 4), "ratio_to_zlib": round(stored / sum(plain), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-corpus", type=int, default=200)
    args = parser.parse_args()
    if not CORPORA.is_dir():
        raise SystemExit(f"no corpora at {CORPORA}")
    for name, reader in (("bbc", bbc), ("baly", baly)):
        print(json.dumps(measure(name, reader(args.per_corpus))))


if __name__ == "__main__":
    main()
