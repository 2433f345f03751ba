"""Extracting an article's mentions and grouping them into entities: the
extractors by name, the best one available, the terms for the search index."""

from __future__ import annotations

from collections import Counter, defaultdict

from reader.core.entities.gazetteer import lookup
from reader.core.entities.model import NAME_TYPES, Entity, ExtractorUnavailable, Mention
from reader.core.entities.normalise import display, resolve
from reader.core.entities.rules import RuleExtractor

_loaded: dict[str, object] = {}


def available_extractors() -> list[str]:
    """Names of the extractors that can run here, best last: ["rules"] or
    ["rules", "spacy:en_core_web_sm"]."""
    # start-up time: the spaCy glue imports importlib.metadata (~35 ms)
    from reader.core.entities.spacy_extractor import installed_pipelines

    return ["rules", *(f"spacy:{p}" for p in reversed(list(installed_pipelines())))]


def get_extractor(name: str | None = None):
    """An extractor by name ("rules", "spacy", "spacy:en_core_web_sm"); None
    means the best available: spaCy if an English 3.8 pipeline is installed,
    else the rules. Loaded extractors are shared (a spaCy model loads once)."""
    if name is None:
        name = available_extractors()[-1]
    if name == "spacy":
        pipelines = [n for n in available_extractors() if n.startswith("spacy:")]
        if not pipelines:
            raise ExtractorUnavailable("no English spaCy 3.8 pipeline is installed (pip install 'newsreader[ner]')")
        name = pipelines[-1]
    if name in _loaded:
        return _loaded[name]
    if name == "rules":
        extractor = RuleExtractor()
    elif name.startswith("spacy:"):
        from reader.core.entities.spacy_extractor import SpacyExtractor  # start-up time, as above

        extractor = SpacyExtractor(name.split(":", 1)[1])
    else:
        raise ExtractorUnavailable(f"unknown extractor {name!r} (available: {', '.join(available_extractors())})")
    _loaded[name] = extractor
    return extractor


def extract(text: str, extractor=None) -> list[Mention]:
    """The mentions of text, in order, with canonical names filled in (the
    spellings of one entity within the text tied together)."""
    if extractor is None or isinstance(extractor, str):
        extractor = get_extractor(extractor)
    return resolve(extractor.extract(text), text)


def group(mentions: list[Mention]) -> list[Entity]:
    """One Entity per (canonical, type), with the spellings it was written
    with (most frequent first) and its number of mentions; most mentioned
    first."""
    if mentions and not all(m.canonical for m in mentions):
        mentions = resolve(mentions)
    counts: Counter = Counter()
    spellings: dict[tuple[str, str], Counter] = defaultdict(Counter)
    first: dict[tuple[str, str], int] = {}
    for m in mentions:
        k = (m.canonical, m.type)
        counts[k] += 1
        spellings[k][display(m.text)] += 1
        first.setdefault(k, m.start)
    out = [
        Entity(canonical=c, type=t, aliases=tuple(s for s, _ in spellings[(c, t)].most_common()), count=n)
        for (c, t), n in counts.items()
    ]
    out.sort(key=lambda e: (-e.count, first[(e.canonical, e.type)]))
    return out


def index_terms(entities: list[Entity], types: tuple[str, ...] = NAME_TYPES) -> list[str]:
    """What to put in the search index's `entity` field for an article: each
    entity's canonical name and every spelling of it, once each (compared
    without case). Numbers and dates are left out by default."""
    seen: set[str] = set()
    out: list[str] = []
    for e in entities:
        if e.type not in types:
            continue
        for name in (e.canonical, *e.aliases):
            k = name.casefold()
            if k not in seen:
                seen.add(k)
                out.append(name)
    return out


def search_names(name: str, links: dict[str, str] | None = None) -> list[str]:
    """The names to search the `entity` field for when the reader asks for
    one entity: the name, its gazetteer canonical ("UK" -> "United
    Kingdom"), and, given link_across() over the corpus, every alias linked
    to the same entity."""
    names = [display(name)]
    known = lookup(name)
    if known:
        names.append(known[1])
    if links:
        target = links.get(display(name)) or (known and links.get(known[1]))
        if target:
            names.append(target)
            names.extend(a for a, c in links.items() if c == target)
    seen: set[str] = set()
    return [n for n in names if not (n.casefold() in seen or seen.add(n.casefold()))]
