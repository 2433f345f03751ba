"""Only http(s) links are handed to a browser; every other is refused in one line."""

from __future__ import annotations

import pytest

from reader.core.links import browser_url, safe_browser_url


@pytest.mark.parametrize("url", [
    "https://example.org/news/1.html",
    "http://example.org:8080/a?b=1&c=%20#frag",
    "HTTPS://Example.ORG/Upper",
    "  https://example.org/padded  ",
])
def test_web_addresses_are_opened(url):
    assert safe_browser_url(url) == url.strip()
    assert browser_url(url)[1] == ""


@pytest.mark.parametrize("url,needle", [
    ("javascript:alert(document.cookie)", "not javascript:"),
    ("JaVaScRiPt:alert(1)", "not javascript:"),
    (" javascript:alert(1)", "not javascript:"),
    ("file:///etc/passwd", "not file:"),
    ("data:text/html,<script>alert(1)</script>", "not data:"),
    ("vbscript:msgbox", "not vbscript:"),
    ("about:blank", "not about:"),
    ("-remote http://example.org", "starts with '-'"),
    ("--new-window", "starts with '-'"),
    ("//example.org/path", "not an absolute web address"),
    ("example.org/path", "not an absolute web address"),
    ("http://", "names no web site"),
    ("http://exa mple.org/", "control characters or spaces"),
    ("https://example.org/\x1b]52;c;aGk=\x07", "control characters"),
    ("https://example.org/\u202egpj.exe", "control characters"),
    ("http://[::1/", "names no web site"),
    ("", "no link"),
    (None, "no link"),
])
def test_other_links_are_refused_with_one_line(url, needle):
    opened, reason = browser_url(url)
    assert opened is None and safe_browser_url(url) is None
    assert needle in reason and "\n" not in reason and len(reason) < 120
