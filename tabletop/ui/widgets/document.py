"""Prose on screen (the help, the debrief's cards): headings, paragraphs and lists built from Rich `Text`.

In place of Textual's Markdown widget, which would read a deck's text as Markdown: ``*``, ``#``,
``1.`` and links, bare URLs included, would turn into emphasis, headings, lists and things to click.
Here the structure is ours and every string from a deck is plain `Text` (`tabletop.ui.plain`).
"""

from __future__ import annotations

from rich.text import Text, TextType
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from ...safetext import visible

#: (kind, marker, body): kind is "h1", "h2", "h3", "p" or "item" (a list item, after its marker).
Block = tuple[str, str, Text]


def _text(parts: tuple[TextType | tuple[str, str], ...]) -> Text:
    """Our words (``str`` or ``(str, style)``, never markup) and plain deck `Text`, joined; a ``str`` is made
    `visible` too, so that a deck value slipped into our words (a number, a dice notation) cannot carry a
    control character to the screen."""
    return Text.assemble(*(visible(p) if isinstance(p, str) else p for p in parts))


def h1(*parts) -> Block:
    return "h1", "", _text(parts)


def h2(*parts) -> Block:
    return "h2", "", _text(parts)


def h3(*parts) -> Block:
    return "h3", "", _text(parts)


def para(*parts) -> Block:
    return "p", "", _text(parts)


def item(*parts, marker: str = "●") -> Block:
    return "item", marker, _text(parts)


class Document(Vertical):
    """Blocks one under the other; list items hang after their marker. Put it in a scrolling container."""

    def __init__(self, blocks: list[Block], **kwargs) -> None:
        self.blocks = [b for b in blocks if b[2].plain.strip()]
        super().__init__(*(self._widget(b, i) for i, b in enumerate(self.blocks)), **kwargs)

    def _widget(self, block: Block, i: int):
        kind, marker, body = block
        if kind != "item":
            return Static(body, classes=f"doc-{kind}")
        last = i + 1 == len(self.blocks) or self.blocks[i + 1][0] != "item"
        return Horizontal(Static(Text(marker), classes="doc-marker"), Static(body, classes="doc-item-body"),
                          classes="doc-item" + (" -last" if last else ""))

    @property
    def plain(self) -> str:
        """The whole text, one block a line (what is on screen, without the layout)."""
        return "\n".join((f"{marker} " if marker else "") + body.plain for _, marker, body in self.blocks)
