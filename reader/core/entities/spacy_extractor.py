"""spaCy's statistical NER, when an English spaCy 3.8 pipeline is installed
(the optional `newsreader[ner]` extra plus a model such as en_core_web_sm).

Nothing here imports spaCy until a text is extracted: finding the installed
pipelines reads their meta.json only. spaCy's labels are mapped to this
package's types and its spans trimmed to the annotation guide (no "the",
titles or approximators inside; a cardinal number takes the noun it counts).
"""

from __future__ import annotations

import importlib
import importlib.metadata
import json
import logging
import pkgutil
import re
import threading
from functools import lru_cache
from pathlib import Path

from reader.core.entities.gazetteer import lookup
from reader.core.entities.model import NUMBER_TYPES, ExtractorUnavailable, Mention
from reader.core.entities.normalise import is_acronym
from reader.core.text import lexicon as lx

log = logging.getLogger(__name__)

_MODULE = re.compile(r"^en_core_web_(sm|md|lg)(_\w+)?$")
_SIZES = ("lg", "md", "sm")  # best first
_LABELS = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "NORP": "NORP",
    "DATE": "DATE",
    "TIME": "DATE",
    "MONEY": "MONEY",
    "PERCENT": "PERCENT",
    "QUANTITY": "QUANTITY",
    "CARDINAL": "CARDINAL",
}
_DATE_WORDS = lx.NUMBER_WORDS.keys() | set(lx.MONTHS) | lx.WEEKDAYS | lx.HOLIDAYS
_MAX_CHARS = 100_000  # longer texts are cut at paragraphs


def _spacy_version_ok() -> bool:
    try:
        version = importlib.metadata.version("spacy")
    except importlib.metadata.PackageNotFoundError:
        return False
    return version.startswith("3.8.")


@lru_cache(maxsize=1)
def installed_pipelines() -> dict[str, str]:
    """Name ("en_core_web_sm") -> importable module, for the English 3.8
    pipelines with an NER component that are installed, best first."""
    if not _spacy_version_ok():
        return {}
    found: dict[str, str] = {}
    for info in pkgutil.iter_modules():
        m = _MODULE.match(info.name)
        if not m or not info.ispkg:
            continue
        meta = _meta(info)
        if not meta or meta.get("lang") != "en" or not str(meta.get("version", "")).startswith("3.8."):
            continue
        if "ner" not in meta.get("pipeline", []):
            continue
        name = f"en_core_web_{m.group(1)}"
        if name not in found or info.name == name:  # the official package wins over a re-upload
            found[name] = info.name
    return {n: found[n] for n in sorted(found, key=lambda n: _SIZES.index(n.rsplit("_", 1)[1]))}


def _meta(info: pkgutil.ModuleInfo) -> dict | None:
    path = getattr(info.module_finder, "path", None)
    if path is None:
        return None
    try:
        return json.loads((Path(path) / info.name / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


class SpacyExtractor:
    """Named entities by a spaCy pipeline, loaded on first use."""

    def __init__(self, pipeline: str | None = None):
        pipelines = installed_pipelines()
        if not pipelines:
            raise ExtractorUnavailable("no English spaCy 3.8 pipeline is installed (pip install 'newsreader[ner]')")
        pipeline = pipeline or next(iter(pipelines))
        if pipeline not in pipelines:
            raise ExtractorUnavailable(f"spaCy pipeline {pipeline!r} is not installed (have: {', '.join(pipelines)})")
        self.pipeline = pipeline
        self.module = pipelines[pipeline]
        self.name = f"spacy:{pipeline}"
        self.description = f"spaCy {pipeline}"
        self._nlp = None
        self._lock = threading.Lock()

    def _load(self):
        if self._nlp is None:
            try:
                module = importlib.import_module(self.module)
                # the parser and lemmatizer are not needed for entities and cost time
                self._nlp = module.load(exclude=["parser", "lemmatizer"])
            except Exception as exc:  # a broken install: say which, once
                raise ExtractorUnavailable(f"spaCy pipeline {self.pipeline} cannot be loaded: {exc}") from exc
        return self._nlp

    def extract(self, text: str) -> list[Mention]:
        if not text:
            return []
        with self._lock:
            nlp = self._load()
            out: list[Mention] = []
            for offset, chunk in _chunks(text):
                out.extend(_mentions(nlp(chunk), text, offset))
        return out


def _chunks(text: str):
    """(offset, piece) pieces under _MAX_CHARS, cut at paragraph breaks."""
    if len(text) <= _MAX_CHARS:
        yield 0, text
        return
    start = 0
    while start < len(text):
        end = min(len(text), start + _MAX_CHARS)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            end = cut + 1 if cut > start else end
        yield start, text[start:end]
        start = end


def _mentions(doc, text: str, offset: int) -> list[Mention]:
    out = []
    for ent in doc.ents:
        type_ = _LABELS.get(ent.label_)
        if type_ is None:
            continue  # ORDINAL, LAW, EVENT, WORK_OF_ART, PRODUCT, LANGUAGE
        toks = list(ent)
        toks = _trim(toks, type_)
        if not toks:
            continue
        if type_ == "CARDINAL":
            tail = _counted_tail(doc, toks[-1].i)
            if tail is not None:
                toks = toks + list(doc[toks[-1].i + 1 : tail + 1])
                type_ = "QUANTITY"
        if type_ == "CARDINAL" and len(toks) == 1 and toks[0].lower_ == "one":
            continue
        if type_ == "DATE" and not any(t.like_num or t.lower_.rstrip(".") in _DATE_WORDS for t in toks):
            continue  # "recent years", "a few years ago": no numeral, no name
        if type_ not in NUMBER_TYPES:
            toks, type_ = _retype(toks, type_)
        start = toks[0].idx
        end = toks[-1].idx + len(toks[-1].text)
        canonical = ""
        known = lookup(text[offset + start : offset + end])
        if known and known[0] == type_:
            canonical = known[1]
        out.append(Mention(text[offset + start : offset + end], offset + start, offset + end, type_, canonical))
    return out


def _retype(toks: list, type_: str) -> tuple[list, str]:
    """Where the gazetteer knows better than the small model: "Easter" is a
    date, "APT31" an organisation, "Uighur Muslim" a group, "UK Government"
    the UK."""
    if len(toks) > 1 and toks[-1].lower_ in lx.GENERIC_TAILS and lookup(" ".join(t.text for t in toks[:-1])):
        toks = toks[:-1]
    text = " ".join(t.text for t in toks)
    known = lookup(text)
    if known:
        return toks, known[0]
    if len(toks) == 1:
        low = toks[0].lower_
        if low in lx.HOLIDAYS or low in lx.WEEKDAYS:
            return toks, "DATE"
        if is_acronym(toks[0].text) and any(c.isdigit() for c in toks[0].text):
            return toks, "ORG"  # "APT31", "MI5"
    parts = [lookup(t.text) for t in toks]
    if len(parts) > 1 and all(p and p[0] == "NORP" for p in parts):
        return toks, "NORP"
    return toks, type_


def _trim(toks: list, type_: str) -> list:
    """Cut what the guide leaves outside: "the", titles, approximators, "'s"."""
    leading = lx.ARTICLES | (lx.TITLES if type_ == "PERSON" else frozenset())
    if type_ in ("DATE", "MONEY", "PERCENT", "QUANTITY", "CARDINAL"):
        leading = leading | lx.APPROXIMATORS
    while len(toks) > 1 and toks[0].lower_.rstrip(".") in leading:
        toks = toks[1:]
    while toks and (toks[-1].text in ("'s", "’s", "'", "’") or toks[-1].is_punct):
        toks = toks[:-1]
    if len(toks) == 1 and toks[0].lower_ in lx.ARTICLES:
        return []
    return toks


def _counted_tail(doc, last: int) -> int | None:
    """Index of the noun a cardinal counts: "40 million" + "voters",
    "two" + "fellow Chinese nationals"."""
    j = last + 1
    taken = 0
    while j < len(doc) and taken < 4:
        tok = doc[j]
        if tok.ent_type_ and tok.ent_type_ not in ("NORP", "ORG", "") or tok.is_punct:
            return None
        if tok.tag_ in ("NNS", "NNPS"):
            return j
        if tok.pos_ not in ("ADJ", "NOUN", "PROPN") or tok.tag_ in ("VBG",):
            return None
        taken += 1
        j += 1
    return None
