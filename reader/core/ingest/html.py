"""HTML pages: the article's main text and metadata, by trafilatura."""

from __future__ import annotations

import html as html_lib
import logging
import re

from reader.core.ingest.draft import Draft, parse_date
from reader.core.text.clean import resolve_control_references, strip_escapes

log = logging.getLogger(__name__)
# The control characters lxml refuses in a node's text (the C0 ones but tab and line breaks): the
# text is cleaned of every control later (clean.py), so these are dropped first, but the vertical
# tab and form feed, which are whitespace there, become spaces
_NOT_XML = re.compile("[\x00-\x08\x0e-\x1f]")
_XML_SPACES = str.maketrans("\x0b\x0c", "  ")
_TITLE = re.compile(r"<title[^>]*>([^<]{1,1000})</title>", re.IGNORECASE)
# A tag whose attributes run over 10,000 characters (no page's text is in them; a data: image's is the
# longest a real page has) keeps its name alone: the date search walks every attribute of every element
# again and again, and 100,000 of them on one element took two minutes of CPU
_HUGE_TAG = re.compile(r"<([a-zA-Z][\w:-]{0,40})\s[^<>]{10000,}>")


def parse_html(text: str, url: str = "") -> list[Draft]:
    import trafilatura  # imported lazily: it costs ~0.3 s and most runs never need it

    # Escape sequences go whole before the parse, which would drop their ESC alone (also one whose
    # ESC is written "&#27;"); the parse drops the other controls
    text = _NOT_XML.sub("", strip_escapes(resolve_control_references(text))).translate(_XML_SPACES)
    text = _HUGE_TAG.sub(r"<\1>", text)
    doc = trafilatura.bare_extraction(
        _tree(text),
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    if doc is None or not (doc.text or "").strip():
        # Very short pages defeat precision mode; recall mode keeps what there is.
        doc = trafilatura.bare_extraction(_tree(text), url=url or None, with_metadata=True, include_comments=False)
    title = ""
    if doc is None:
        # A page whose metadata trafilatura cannot read (a date "+24:00") is dropped whole with
        # them (None, not an empty text): its text without them, and the <title> read here
        doc = trafilatura.bare_extraction(_tree(text), url=url or None, with_metadata=False, include_comments=False)
        found = _TITLE.search(text)
        title = html_lib.unescape(found.group(1)) if found else ""
    if doc is None or not (doc.text or "").strip():
        raise ValueError("no article text found in the HTML page")
    paragraphs = [p.strip() for p in doc.text.split("\n") if p.strip()]
    return [
        Draft(
            title=(doc.title or title or "").strip(),
            paragraphs=paragraphs,
            source=(doc.sitename or "").strip(),
            byline=(doc.author or "").strip(),
            published=parse_date(doc.date),
            url=(doc.url or url or "").strip(),
        )
    ]


def _tree(text: str):
    """The page parsed as trafilatura parses it, but past libxml2's 255 levels of
    nesting (huge_tree): an old page's tag soup ("<p><font>" never closed, 400
    times) was cut at its 126th paragraph, and text deeper than that was no
    text at all. A fresh tree for each extraction: trafilatura prunes the one
    it is given. The text itself where lxml parses nothing (trafilatura then
    says so)."""
    import lxml.html  # (as trafilatura: parse_html's first call imports it)
    from lxml import etree  # (as above)

    parser = lxml.html.HTMLParser(encoding="utf-8", huge_tree=True, remove_comments=True, remove_pis=True,
                                  collect_ids=False, default_doctype=False)
    try:
        return lxml.html.fromstring(text.encode("utf-8", errors="replace"), parser=parser)
    except (etree.ParserError, ValueError):
        return text


_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article"}


def fragment_paragraphs(fragment: str) -> list[str]:
    """Paragraphs of a small HTML fragment (a feed entry's summary or content).

    trafilatura's extraction is built for whole pages and drops short
    fragments, so lxml's parse is used here, splitting at block elements.
    """
    import lxml.html  # start-up time (~20 ms): only feed entries with markup need lxml
    from lxml import etree  # (as above)

    fragment = _NOT_XML.sub("", strip_escapes(resolve_control_references(fragment))).translate(_XML_SPACES)  # lxml raised on them
    if "<" not in fragment:
        return [" ".join(fragment.split())] if fragment.strip() else []
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return [" ".join(fragment.split())]
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
            if el.tag.lower() != "br":
                el.text = "\n" + (el.text or "")
    text = root.text_content()
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]
