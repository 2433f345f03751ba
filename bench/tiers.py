"""The benchmark's sizes: the seeds, the real corpora, and 100,000 articles
recombined from the corpora's real paragraphs.

A tier is a list of files (source path, relative path, article count). The
runner lays the files of a tier out in a work folder (hard links where it
can, copies elsewhere), so that the 1% change of the incremental run never
touches the originals: a changed file is written anew and renamed into place.
Nothing of the corpora is written outside bench/cache/.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
CACHE = BENCH / "cache"
SEEDS = REPO / "seeds"
TIERS = ("seeds", "corpora", "100k")


def corpora_dir() -> Path:
    env = os.environ.get("BENCH_CORPORA")
    return Path(env) if env else REPO.parent / "shared" / "corpora"


class TierMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class File:
    src: Path
    rel: str  # path inside the tier's folder
    articles: int  # records it holds (1 for a one-article file)


def _one_each(folder: Path, prefix: str, pattern: str) -> list[File]:
    return [File(p, f"{prefix}/{p.relative_to(folder).as_posix()}", 1) for p in sorted(folder.rglob(pattern))]


def tier_files(name: str, seed: int = 6) -> list[File]:
    if name == "seeds":
        return [File(p, p.name, 1) for p in sorted(SEEDS.glob("*.txt"))]
    if name == "corpora":
        root = corpora_dir()
        if not root.is_dir():
            raise TierMissing(f"the real corpora are not at {root} (set BENCH_CORPORA)")
        files = _one_each(root / "basil" / "articles", "basil", "*.json")
        files += _one_each(root / "allsides_baly2020" / "jsons", "baly", "*.json")
        for category in sorted(p for p in (root / "bbc" / "bbc").iterdir() if p.is_dir()):
            files += _one_each(category, f"bbc/{category.name}", "*.txt")
        # the core reads Reuters' SGML itself; a file's articles are its records with a body
        files += [
            File(p, f"reuters/{p.name}", p.read_bytes().count(b"<BODY>"))
            for p in sorted((root / "reuters21578").glob("*.sgm"))
        ]
        return files
    if name == "100k":
        return build_100k(seed=seed)
    raise ValueError(f"unknown tier {name!r} (choose from {', '.join(TIERS)})")


def subset(files: list[File], limit: int | None, seed: int) -> list[File]:
    """About `limit` articles, by whole files drawn at random (seeded), so
    that each corpus keeps its share."""
    if not limit or sum(f.articles for f in files) <= limit:
        return files
    order = list(files)
    random.Random(seed).shuffle(order)
    chosen, total = [], 0
    for f in order:
        if total >= limit:
            break
        chosen.append(f)
        total += f.articles
    return sorted(chosen, key=lambda f: f.rel)


def _place(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dest)
    except OSError:
        shutil.copy2(src, dest)


def materialize(name: str, files: list[File], dest: Path) -> Path:
    """Lay the tier out under dest/<name>/ and return that folder."""
    root = dest / name
    if root.exists():
        shutil.rmtree(root)
    for f in files:
        _place(f.src, root / f.rel)
    if name == "seeds":
        shutil.copy2(SEEDS / "sources.toml", root / "sources.toml")
    # BBC text files name no outlet: a generated sidecar says "BBC News".
    bbc = {}
    for f in files:
        if f.rel.startswith("bbc/"):
            bbc.setdefault((root / f.rel).parent, []).append(Path(f.rel).name)
    for folder, names in bbc.items():
        (folder / "sources.toml").write_text(
            "".join(f'["{n}"]\nsource = "BBC News"\n\n' for n in names), encoding="utf-8"
        )
    return root


def load_articles(folder: Path, cache: Path | None = None) -> list[dict]:
    """Every article of a laid-out tier, read by the core's own ingest (the
    same ids, titles and texts that the library stores), as plain dicts."""
    if cache is not None and cache.exists():
        with cache.open(encoding="utf-8") as fh:
            return [json.loads(line) for line in fh]
    from reader.core import ingest

    out: list[dict] = []
    sidecars: dict = {}
    for found in ingest.discover(folder):
        result = ingest.read_file(found, None, ingest.DEFAULT_MAX_BYTES, sidecars)
        for a in result.articles:
            out.append(
                {
                    "id": a.id,
                    "rel": found.relpath,
                    "title": a.title,
                    "text": a.text,
                    "source": a.source,
                    "published": a.published.isoformat() if a.published else None,
                    "url": a.url,
                }
            )
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            for a in out:
                fh.write(json.dumps(a, ensure_ascii=False) + "\n")
        tmp.replace(cache)
    return out


def build_100k(n: int = 100_000, seed: int = 6, per_file: int = 50) -> list[File]:
    """100,000 articles made of the corpora's real paragraphs: each takes the
    title, outlet, date and paragraph count of a random real article and that
    many random real paragraphs. Vocabulary and lengths stay real; events do
    not (this tier measures search, not grouping). Cached in bench/cache/."""
    dest = CACHE / f"100k-{seed}"
    marker = dest / ".done.json"
    if marker.exists():
        counts = json.loads(marker.read_text())
        return [File(dest / name, name, c) for name, c in sorted(counts.items())]
    from tempfile import TemporaryDirectory

    files = tier_files("corpora")
    with TemporaryDirectory(dir=CACHE) as tmp:
        articles = load_articles(materialize("corpora", files, Path(tmp)), CACHE / "articles" / "corpora-all.jsonl")
    pool = [p for a in articles for p in a["text"].split("\n\n") if len(p.split()) >= 5]
    rng = random.Random(seed)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    counts: dict[str, int] = {}
    for start in range(0, n, per_file):
        lines = []
        for i in range(start, min(n, start + per_file)):
            like = rng.choice(articles)
            k = max(1, like["text"].count("\n\n") + 1)
            record = {
                "id": str(i),
                "title": like["title"],
                "text": "\n\n".join(rng.choice(pool) for _ in range(k)),
                "source": like["source"],
                "date": like["published"],
            }
            lines.append(json.dumps(record, ensure_ascii=False) + "\n")
        name = f"part-{start // per_file:05d}.jsonl"
        (dest / name).write_text("".join(lines), encoding="utf-8")
        counts[name] = len(lines)
    marker.write_text(json.dumps(counts))
    return [File(dest / name, name, c) for name, c in sorted(counts.items())]


def change_some(root: Path, files: list[File], fraction: float, seed: int) -> tuple[int, int, set[str]]:
    """Edit the files holding about `fraction` of the articles (at least one
    file): each article's text gets one more sentence. Returns (files,
    articles, relative paths) changed. Files are rewritten and renamed, never edited in
    place, so hard-linked originals stay as they were."""
    total = sum(f.articles for f in files)
    order = list(files)
    random.Random(seed + 1).shuffle(order)
    target = max(1, round(total * fraction))
    n_files = n_articles = 0
    rels: set[str] = set()
    for f in order:
        if n_articles >= target:
            break
        path = root / f.rel
        _rewrite(path)
        n_files += 1
        n_articles += f.articles
        rels.add(f.rel)
    return n_files, n_articles, rels


_ADDED = "This report was updated."


def _touch_record(record: dict) -> dict:
    for key in ("text", "content", "content_original", "body", "body-paragraphs", "article", "paragraphs"):
        value = record.get(key)
        if isinstance(value, str) and value:
            record[key] = value + "\n\n" + _ADDED
            return record
        if isinstance(value, list) and value:
            record[key] = value + [[_ADDED]] if isinstance(value[0], list) else value + [_ADDED]
            return record
    return record


def _rewrite(path: Path) -> None:
    data = path.read_bytes()
    if path.suffix == ".json":
        new = json.dumps(_touch_record(json.loads(data)), ensure_ascii=False).encode("utf-8")
    elif path.suffix == ".jsonl":
        lines = [json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()]
        new = "".join(json.dumps(_touch_record(r), ensure_ascii=False) + "\n" for r in lines).encode("utf-8")
    else:
        new = data.rstrip() + b"\n\n" + _ADDED.encode() + b"\n"
    st = path.stat()
    tmp = path.with_name(path.name + ".tmp-bench")
    tmp.write_bytes(new)
    os.utime(tmp, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))
    tmp.replace(path)


def dir_size(path: Path, skip_prefix: str | None = None) -> int:
    total = 0
    for dirpath, _dirs, names in os.walk(path):
        for name in names:
            if skip_prefix and name.startswith(skip_prefix):
                continue
            try:
                total += os.path.getsize(os.path.join(dirpath, name))
            except OSError:
                pass
    return total
