"""Cards as options to choose from: title, text and where the idea comes from."""

from __future__ import annotations

from rich.text import Text
from textual.widgets.option_list import Option

from ...deck.model import Card
from ..plain import plain


def card_text(card: Card, *, playable: bool = True, why_not: str = "") -> Text:
    text = Text()
    text.append(plain(card.title, "bold"))
    if not playable:
        text.append(plain(f"  (cannot be played now{': ' + why_not if why_not else ''})", "italic"))
    text.append(plain("\n" + card.text))
    if card.source is not None:
        text.append(plain(f"\nSource: {card.source.passage}", "dim"))
    return text


def card_option(card: Card, option_id: str, *, playable: bool = True, why_not: str = "") -> Option:
    return Option(card_text(card, playable=playable, why_not=why_not), id=option_id, disabled=not playable)
