"""The command palette's moves: built from the game's state, so it offers only what is allowed now.

Names and help quote card titles and texts: they go to the palette as plain `Content`
(`tabletop.ui.plain`), never as the markup the palette reads a ``str`` as.
"""

from __future__ import annotations

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..safetext import visible
from .plain import highlighted, plain_content


class MovesProvider(Provider):
    def _commands(self):
        commands = getattr(self.screen, "palette_commands", None)
        return commands() if commands else []

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(plain_content(name), callback, text=visible(name), help=plain_content(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(visible(name))
            if score > 0:
                yield Hit(score, highlighted(matcher, name), callback, text=visible(name), help=plain_content(help_text))
