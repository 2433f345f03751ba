"""OPML, the file feed readers exchange subscriptions in.

Reading uses expat directly and refuses any DTD or entity declaration (the
billion-laughs and external-entity tricks need one), as defusedxml does.
Outlines nested inside a folder outline are read too; folders themselves are
not kept.
"""

from __future__ import annotations

import xml.parsers.expat
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime
from xml.sax.saxutils import quoteattr

MAX_OPML_BYTES = 5 * 1024 * 1024


class OpmlError(ValueError):
    pass


@dataclass(frozen=True)
class Outline:
    url: str
    title: str = ""
    html_url: str = ""


def parse_opml(data: bytes) -> list[Outline]:
    """The feed outlines (those with an xmlUrl) of an OPML document, in order."""
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError(f"too large for an OPML file ({len(data):,} bytes)")
    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    found: list[Outline] = []
    stack: list[str] = []

    def refuse(*_args):
        raise OpmlError("refused: the file declares a DTD or entities")

    def start(name, attrs):
        if not stack and name.lower() != "opml":
            raise OpmlError(f"not an OPML file (the document is <{name[:40]}>)")
        stack.append(name)
        if name.lower() == "outline":
            attrs = {k.lower(): v for k, v in attrs.items()}
            url = (attrs.get("xmlurl") or "").strip()
            if url:
                title = " ".join((attrs.get("title") or attrs.get("text") or "").split())
                found.append(Outline(url, title, (attrs.get("htmlurl") or "").strip()))

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = lambda name: stack.pop()
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise OpmlError(f"not well-formed XML ({xml.parsers.expat.errors.messages.get(exc.code, exc)}"
                        f" at line {exc.lineno})") from None
    except RecursionError:
        raise OpmlError("too deeply nested") from None
    return found


def to_opml(feeds: list[Outline], title: str = "newsreader subscriptions") -> bytes:
    """An OPML 2.0 document listing feeds."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "  <head>",
        f"    <title>{_text(_clean(title))}</title>",
        f"    <dateCreated>{format_datetime(datetime.now(timezone.utc), usegmt=True)}</dateCreated>",
        "  </head>",
        "  <body>",
    ]
    for feed in feeds:
        name = _clean(feed.title or feed.url)
        attrs = f'type="rss" text={quoteattr(name)} title={quoteattr(name)} xmlUrl={quoteattr(_clean(feed.url))}'
        if feed.html_url:
            attrs += f" htmlUrl={quoteattr(_clean(feed.html_url))}"
        lines.append(f"    <outline {attrs}/>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines).encode("utf-8")


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clean(value: str) -> str:
    """Drop the characters XML 1.0 cannot hold."""
    return "".join(
        ch for ch in value
        if ch in "\t\n\r" or ("\x20" <= ch <= "\ud7ff") or ("\ue000" <= ch <= "\ufffd") or ch >= "\U00010000"
    )
