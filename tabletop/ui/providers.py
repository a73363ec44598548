"""The command palette: the game's moves first, built from the game's state so that it offers only what is allowed
now, then the app's own commands (`TabletopApp.get_system_commands`: its Quit asks first during a game).

Names and help quote card titles and texts: they go to the palette as plain `Content`
(`tabletop.ui.plain`), never as the markup the palette reads a ``str`` as.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..safetext import visible
from .plain import highlighted, plain_content


class MovesProvider(Provider):
    """The only provider of the palette (the app's ``COMMANDS``), so that the order is ours: Textual's palette
    lists its discovery hits as they come and sorts a search's hits by score alone, keeping the order of equal
    ones; with one provider per source they would come in any order."""

    def _moves(self) -> list[tuple[str, str, Callable[[], object]]]:
        """(name, help, callback) of the screen's moves now (`TableScreen.palette_commands`), or none."""
        commands = getattr(self.screen, "palette_commands", None)
        return commands() if commands else []

    def _system(self) -> list[tuple[str, str, Callable[[], object]]]:
        """The app's commands (theme, quit, keys, screenshot ...), after the moves."""
        return [(c.title, c.help, c.callback) for c in self.app.get_system_commands(self.screen) if c.discover]

    async def discover(self) -> Hits:
        for name, help_text, callback in self._moves():
            # Textual types ``help`` as str, yet reads it with Content.from_markup, which takes Content as it is:
            # Content keeps the deck's words from being read as markup.
            yield DiscoveryHit(plain_content(name), callback, text=visible(name),
                               help=plain_content(help_text))  # type: ignore[arg-type]
        for name, help_text, callback in self._system():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._moves():
            score = matcher.match(visible(name))
            if score > 0:
                yield Hit(score, highlighted(matcher, name), callback, text=visible(name),
                          help=plain_content(help_text))  # type: ignore[arg-type]  # Content, as in discover
        for name, help_text, callback in self._system():
            if (score := matcher.match(name)) > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
