"""Cards as options to choose from: title, text and where the idea comes from."""

from __future__ import annotations

from rich.text import Text
from textual.widgets.option_list import Option

from ...deck.model import Card
from ..plain import plain


def card_text(card: Card, *, playable: bool = True, why_not: str = "", price: str = "", copies: int = 1) -> Text:
    """A card as a choice: its title (and how many of it the hand holds), why it cannot be played now, what it does
    if played now (``price``, `tabletop.present.text.price`), its text and source."""
    text = Text()
    text.append(plain(card.title, "bold"))
    if copies > 1:
        text.append(f" ×{copies}", style="bold")
    if card.standing:
        text.append("  (always in hand)", style="italic")
    if not playable:
        text.append(plain(f"  (cannot be played now{': ' + why_not if why_not else ''})", "italic"))
    if price:
        text.append("\nIf played: ", style="bold")
        text.append(plain(price))
    text.append(plain("\n" + card.text))
    if card.source is not None:
        text.append(plain(f"\nSource: {card.source.passage}", "dim"))
    return text


def card_option(card: Card, option_id: str, *, playable: bool = True, why_not: str = "", price: str = "",
                copies: int = 1) -> Option:
    return Option(card_text(card, playable=playable, why_not=why_not, price=price, copies=copies), id=option_id,
                  disabled=not playable)
