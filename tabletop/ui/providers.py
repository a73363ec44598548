"""The command palette's moves: built from the game's state, so it offers only what is allowed now.

Names and help quote card titles and texts: they go to the palette as plain `Content`
(`tabletop.ui.plain`), never as the markup the palette reads a ``str`` as.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..safetext import visible
from .plain import highlighted, plain_content


class MovesProvider(Provider):
    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """(name, help, callback) of the screen's moves now (`TableScreen.palette_commands`), or none."""
        commands = getattr(self.screen, "palette_commands", None)
        return commands() if commands else []

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            # Textual types ``help`` as str, yet reads it with Content.from_markup, which takes Content as it is:
            # Content keeps the deck's words from being read as markup.
            yield DiscoveryHit(plain_content(name), callback, text=visible(name),
                               help=plain_content(help_text))  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(visible(name))
            if score > 0:
                yield Hit(score, highlighted(matcher, name), callback, text=visible(name),
                          help=plain_content(help_text))  # type: ignore[arg-type]  # Content, as in discover
