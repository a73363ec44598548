"""Cards as options to choose from, and in full: title, price, conditions, why not now, text and source.

The words come from one place (`tabletop.present.text.card_facts`, reading the engine's menu item), so the hand,
the detail view, the command palette and the plain-text prompts say the same thing about a card.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...deck.model import Card, Deck
from ...engine.decisions import MenuItem
from ...present.text import CANNOT, card_facts, heading
from ..plain import plain


class Hand(OptionList):
    """The cards to choose from: an `OptionList` whose options are measured again when its vertical scrollbar comes or
    goes. Textual's (8.2.8) keeps each option's height, wrapped to the width it had when first measured, until the list
    is resized or its options change; a scrollbar that appears after that narrows the options without a resize, and a
    card that wraps to one line more there kept the height it had without the scrollbar (its last line cut off). The
    list was right at start only when a resize happened to come after the first measure: whether it did depended on
    when the table's first frame was drawn."""

    def watch_show_vertical_scrollbar(self) -> None:
        self._clear_caches()  # OptionList's own, as on a resize: the options are measured again at the new width


def card_text(deck: Deck, card: Card, item: MenuItem, *, full: bool = False) -> Text:
    """A card as a choice: its title (and how many of it the hand holds), what it does if played now, its
    conditions, why it cannot be played now, and its text; ``full`` adds where the idea comes from."""
    text = Text()
    text.append(plain(heading(item), "bold"))
    if card.standing:
        text.append("  (always in hand)", style="italic")
    for label, words in card_facts(deck, item):
        text.append(f"\n{label}: ", style="bold italic" if label == CANNOT else "bold")
        text.append(plain(words, "italic" if label == CANNOT else ""))
    text.append(plain("\n" + card.text))
    if full and card.source is not None:
        text.append("\nSource: ", style="bold")
        text.append(plain(card.source.passage))
        if card.source.note:
            text.append(plain(f"\n{card.source.note}", "dim"))
    return text


def card_option(deck: Deck, card: Card, item: MenuItem) -> Option:
    return Option(card_text(deck, card, item), id=item.key, disabled=not item.playable)
