"""Textual's Footer, rebuilt only when what it shows changes, and once for a burst of changes.

The stock Footer rebuilds all its keys on every bindings signal (each focus change,
each screen change); at start-up that happens several times before the first frame.
The rebuild waits for the message being handled (a burst of changes is one rebuild), not
for the next refresh: the new keys are laid out and drawn with the change that brought them,
not in a frame (and a layout) of their own.
Each key bound to the footer's ``compact`` is made with it already set: the stock key starts
compact and is then bound to the footer's (not compact), which restyled every key twice when
mounted. (The command palette's key is not bound: it stays compact, as in the stock footer.)
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey  # not exported; textual is pinned (pyproject.toml)


class Footer(TextualFooter):
    _pending = False
    _shown: tuple | None = None

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if self._pending or not screen.app.app_focus or not (self.is_attached and screen is self.screen):
            return
        self._pending = True
        self.call_later(self._rebuild)

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey) and "compact" in (getattr(widget, "_reactive_connect", None) or {}):
                widget.set_reactive(FooterKey.compact, self.compact)  # what its data binding will set: no restyle
                widget.set_class(self.compact, "-compact", update=False)  # as its watcher would (not mounted yet)
            yield widget

    async def _rebuild(self) -> None:
        self._pending = False
        if not self.is_attached:
            return  # its screen went away before the refresh
        shown = tuple((binding.key, self.app.get_key_display(binding), binding.description, enabled, tooltip)
                      for _, binding, enabled, tooltip in self.screen.active_bindings.values() if binding.show)
        if shown != self._shown:
            self._shown = shown
            await self.recompose()
