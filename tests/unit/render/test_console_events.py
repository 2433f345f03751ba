"""The events list printed by `newsreader events`: counts in words that agree with them."""

from __future__ import annotations

from types import SimpleNamespace

from rich.console import Console

from reader.render.console import events_list


def _printed(events, total: int) -> str:
    console = Console(width=80, record=True)
    console.print(events_list(events, total, {}))
    return console.export_text()


def _event(count: int, sources: list[str]):
    return SimpleNamespace(id="e123456789ab", title="Quake", first=None, last=None, count=count,
                           sources=sources, article_ids=[])


def test_one_event_one_source_are_said_in_the_singular():
    text = _printed([_event(2, ["wire"])], 1)
    assert text.splitlines()[0] == "1 event; showing 1."
    assert "2 reports · 1 source · no date" in text


def test_many_are_said_in_the_plural():
    text = _printed([_event(3, ["wire", "daily"]), _event(2, ["a", "b"])], 7)
    assert text.splitlines()[0] == "7 events; showing 2."
    assert "3 reports · 2 sources" in text
