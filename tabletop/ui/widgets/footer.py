"""Textual's Footer, rebuilt only when what it shows changes, and once for a burst of changes.

The stock Footer rebuilds all its keys on every bindings signal (each focus change,
each screen change); at start-up that happens several times before the first frame.
The rebuild waits for the message being handled (a burst of changes is one rebuild), not
for the next refresh: the new keys are laid out and drawn with the change that brought them,
not in a frame (and a layout) of their own.
Each key bound to the footer's ``compact`` is made with it already set: the stock key starts
compact and is then bound to the footer's (not compact), which restyled every key twice when
mounted. (The command palette's key is not bound: it stays compact, as in the stock footer, and is made with the
class its watcher gives it.)

The keys of the footer's own screen are first built once that screen has mounted: its on_mount (the table's
first step, a focus, a hand) changes them, and keys built before it would be built again at once.

Under a dialog (a `ModalScreen` over this footer's screen) the footer shows the dialog's keys, not the screen's:
those are the keys that work (the stock footer goes on showing the screen's own).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey  # not exported; textual is pinned (pyproject.toml)


class Footer(TextualFooter):
    _pending = False
    _shown: tuple | None = None

    def shown_screen(self) -> Screen:
        """The screen whose keys work now: a dialog over this footer's screen, else the screen."""
        top = self.app.screen
        if top is not self.screen and isinstance(top, ModalScreen) and self.screen in self.app.screen_stack:
            return top
        return self.screen

    def on_mount(self) -> None:
        self.screen.call_later(self._screen_mounted)  # runs after the screen's own on_mount
        self.app.screen_change_signal.subscribe(self, self._screen_changed)

    def _screen_mounted(self) -> None:
        if self.is_attached:
            self.bindings_changed(self.shown_screen())

    def on_unmount(self) -> None:
        self.app.screen_change_signal.unsubscribe(self)

    def _screen_changed(self, _: Screen) -> None:
        """A dialog opened or closed: follow its keys while it is up, the screen's again after."""
        if not self.is_attached:
            return
        shown = self.shown_screen()
        if shown is not self.screen:
            shown.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.bindings_changed(shown)

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if self._pending or not screen.app.app_focus or not (self.is_attached and screen is self.shown_screen()):
            return
        if screen is self.screen and not screen._is_mounted:
            return  # built once the screen has mounted (`_screen_mounted`): as its on_mount leaves it, not before
        self._pending = True
        self.call_later(self._rebuild)

    def compose(self) -> ComposeResult:
        if self.shown_screen() is self.screen:
            widgets = super().compose()
        else:
            widgets = self._keys_of(self.shown_screen())
        for widget in widgets:
            if isinstance(widget, FooterKey):
                # What its data binding will set, else FooterKey's default (compact, in Textual 8.2): set without its
                # watcher (reading it would run the watcher now), and the class the watcher gives it.
                bound = "compact" in (getattr(widget, "_reactive_connect", None) or {})
                compact = self.compact if bound else True
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget

    def _keys_of(self, screen: Screen) -> ComposeResult:
        """The stock footer's keys (one per action, in order; the palette's key last), for ``screen``."""
        if not self._bindings_ready:
            return
        active = screen.active_bindings
        first: dict[str, tuple] = {}
        for _, binding, enabled, tooltip in active.values():
            if binding.show:
                first.setdefault(binding.action, (binding, enabled, tooltip))
        self.styles.grid_size_columns = len(first)
        for binding, enabled, tooltip in first.values():
            yield FooterKey(binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                            disabled=not enabled, tooltip=tooltip).data_bind(compact=TextualFooter.compact)
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE and palette is not None:
            _, binding, enabled, tooltip = palette
            yield FooterKey(binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                            classes="-command-palette", disabled=not enabled,
                            tooltip=binding.tooltip or binding.description)

    async def _rebuild(self) -> None:
        self._pending = False
        if not self.is_attached:
            return  # its screen went away before the refresh
        screen = self.shown_screen()
        shown: tuple = (screen, *((binding.key, self.app.get_key_display(binding), binding.description, enabled, tooltip)
                                  for _, binding, enabled, tooltip in screen.active_bindings.values() if binding.show))
        if shown != self._shown:
            self._shown = shown
            await self.recompose()
