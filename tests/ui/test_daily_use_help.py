"""Issue 17, item 10: the help shows keys as typed (? and /), says where the
config file is, and a bad [keymap] is warned about in one line at start."""

from __future__ import annotations

from rich.console import Console

from reader.core import paths
from reader.ui.keymap import warn_at_start
from reader.ui.screens.help import HelpScreen

from .conftest import plain, wait_for

SIZE = (120, 36)


def help_text(screen) -> str:
    out = []
    for static in screen.query("Static"):
        content = static.content
        if hasattr(content, "plain"):
            out.append(content.plain)
        else:  # a rich Table: render it to plain text
            console = Console(width=200, record=True, color_system=None)
            console.print(content)
            out.append(console.export_text())
    return "\n".join(out)


async def test_help_shows_typed_keys_and_the_config_path(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help")
        text = help_text(app.screen)
        assert str(paths.config_file()) in plain(app.screen.query_one("#help-config"))
    assert "question_mark" not in text and "slash" not in text
    assert " ? " in text or "? /" in text or "/ ?" in text
    assert "esc / ? / q" in text


async def test_bad_keymap_warned_in_one_line_each(make_app):
    app = make_app(keymap={"app.qiut": "x", "app.help": "ctrl+?"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = warn_at_start(app)
        await pilot.pause()
        shown = [n.message for n in app._notifications]
    assert any("app.qiut" in line and "did you mean app.quit" in line for line in lines)
    assert any("ctrl+?" in line for line in lines)
    assert all("\n" not in line for line in lines)
    assert set(lines) <= set(shown)


async def test_a_bad_keymap_is_warned_at_start_without_asking(make_app):
    """The warnings come by themselves after the first screen: nobody has to open the help."""
    app = make_app(keymap={"app.qiut": "x"})
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: any("app.qiut" in str(n.message) for n in app._notifications),
                       what="the keymap warning at start")
