"""Text from files (decks, saves, settings, paths) on screen: plain, never markup, nothing raw.

Textual and Rich read a ``str`` as markup almost everywhere (``Static``, ``Label``, ``Button``,
``Select`` and ``OptionList`` prompts, tooltips, ``notify``, the command palette, Rich ``Table``
cells and headers): ``[/b]`` in a title crashes the app, ``[sic]`` vanishes, ``[@click=...]``
becomes a link that runs an action. And neither removes ESC or C1 controls. So every string that
comes from a file reaches a widget through one of these helpers, as Rich `Text` or Textual
`Content` made of `visible` text; markup is only ever written by us, never with file text in it.
"""

from __future__ import annotations

from rich.style import StyleType
from rich.text import Text
from textual.content import Content
from textual.fuzzy import Matcher

from ..safetext import visible


def plain(text: str, style: StyleType = "") -> Text:
    """File text as Rich `Text`: shown exactly as written, control characters as visible escapes.
    ``style`` is ours (a style, not markup)."""
    return Text(visible(text), style=style)


def plain_content(text: str) -> Content:
    """File text as Textual `Content` (where Textual wants Content: the command palette's help)."""
    return Content(visible(text))


def highlighted(matcher: Matcher, text: str) -> Content:
    """``text`` as plain `Content`, the letters ``matcher`` found picked out (its own ``highlight``
    reads the text as markup)."""
    shown = visible(text)
    content = Content(shown)
    _, offsets = matcher.fuzzy_search.match(matcher.query, shown)
    for offset in offsets:
        if not shown[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
