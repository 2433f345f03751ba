"""The key hints at the bottom of each screen, as one line of text.

Textual's Footer mounts a widget per key and recomposes them all whenever
focus moves: about 80 ms here each time a search moved focus from the box to
the results, and a third of the first screen. This bar renders the same
hints in one widget, and a focus change only repaints it.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widget import Widget


class KeyBar(Widget, can_focus=False):
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--disabled"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
        .key-bar--key { color: $footer-key-foreground; background: $footer-key-background; text-style: bold; }
        .key-bar--description { color: $footer-description-foreground; background: $footer-description-background; }
        .key-bar--disabled { text-style: dim; }
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._targets: list[tuple[int, int, str, bool]] = []  # start, end, key, enabled

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        self.refresh()

    def _hints(self) -> tuple[list[tuple[str, str, str, bool]], tuple[str, str, str, bool] | None]:
        """(key, shown key, description, enabled) for each action shown, and the
        command palette's key, which goes on the right."""
        app = self.app
        active = self.screen.active_bindings
        seen: set[str] = set()
        hints = []
        for _node, binding, enabled, _tooltip in active.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            hints.append((binding.key, app.get_key_display(binding), binding.description, enabled))
        palette = None
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[app.COMMAND_PALETTE_BINDING]
            palette = (binding.key, app.get_key_display(binding), binding.description, enabled)
            hints = [h for h in hints if h[0] != binding.key]
        return hints, palette

    def _help_last(self, hints: list) -> tuple[list, tuple | None]:
        """The hints without the help's, and the help's: it goes on the right,
        beside the palette's, where it is never cut off (at 80 columns the
        library's own keys left no room for it, and ? was nowhere to be seen)."""
        keys = {b.key for _node, b, _enabled, _tip in self.screen.active_bindings.values() if b.id == "app.help"}
        kept = [h for h in hints if h[0] not in keys]
        found = [h for h in hints if h[0] in keys]
        return kept, found[0] if found else None

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        desc_style = self.get_component_rich_style("key-bar--description")
        dim = self.get_component_rich_style("key-bar--disabled", partial=True)
        hints, palette = self._hints()
        hints, help_hint = self._help_last(hints)
        width = self.size.width
        line = Text(no_wrap=True, overflow="crop", end="")
        targets = []

        def piece(hint) -> Text:
            _key, shown, description, enabled = hint
            part = Text(no_wrap=True, end="")
            part.append(f" {shown} ", key_style + dim if not enabled else key_style)
            part.append(f"{description} " if description else "", desc_style + dim if not enabled else desc_style)
            return part

        right = piece(palette) if palette else Text()
        wanted = sum(piece(hint).cell_len for hint in hints)
        if palette and wanted + right.cell_len > width:
            # the screen's own keys matter more than the palette's name: ^p alone
            right = piece((*palette[:2], "", palette[3]))
        def fitting(room: int) -> int:
            used = count = 0
            for hint in hints:
                used += piece(hint).cell_len
                if used > room:
                    break
                count += 1
            return count

        helps = piece(help_hint) if help_hint else Text()
        short = piece((*help_hint[:2], "", help_hint[3])) if help_hint else Text()
        if fitting(width - right.cell_len - short.cell_len) > fitting(width - right.cell_len - helps.cell_len):
            helps = short  # as the palette's: the key alone where its name would push a key out; never left out
        room = width - right.cell_len - helps.cell_len
        for hint in hints:
            part = piece(hint)
            if line.cell_len + part.cell_len > room:
                break
            targets.append((line.cell_len, line.cell_len + part.cell_len, hint[0], hint[3]))
            line.append_text(part)
        if help_hint:
            targets.append((line.cell_len, line.cell_len + helps.cell_len, help_hint[0], help_hint[3]))
            line.append_text(helps)
        if palette:
            gap = max(0, width - line.cell_len - right.cell_len)
            line.append(" " * gap)
            targets.append((line.cell_len, line.cell_len + right.cell_len, palette[0], palette[3]))
            line.append_text(right)
        self._targets = targets
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key, enabled in self._targets:
            if start <= event.x < end:
                if enabled:
                    self.app.simulate_key(key)
                else:
                    self.app.bell()
                return
