"""A card in full, over the table: its text, its source, what it costs if played now and when it may be played.

What it says comes from the engine's menu item (the room's view: a hidden tally's change says ``?``, a condition
that reads a secret says so) put into words by `tabletop.present.text.card_facts`, as the hand and the palette do.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ...deck.model import Card, Deck
from ...engine.decisions import MenuItem
from ..widgets.cards import card_text
from ..widgets.footer import Footer


class CardScreen(ModalScreen[bool]):
    """Dismissed with True when the card is to be played (Enter, only when it can be), else False."""

    BINDINGS = [
        Binding("enter", "play", "Play it", id="card.play", tooltip="Play this card now"),
        Binding("escape,i", "close", "Close", id="card.close", tooltip="Back to the hand without playing"),
    ]

    def __init__(self, deck: Deck, card: Card, item: MenuItem, verb: str) -> None:
        super().__init__()
        self.deck = deck
        self.card = card
        self.item = item
        self.verb = verb  # "Offer" or "Respond with"

    def compose(self) -> ComposeResult:
        with Vertical(id="card-box", classes="dialog"):
            with VerticalScroll(id="card-scroll"):
                yield Static(card_text(self.deck, self.card, self.item, full=True), id="card-text")
        yield Footer()

    def on_mount(self) -> None:
        box = self.query_one("#card-box")
        box.border_title = f"{self.verb}?" if self.item.playable else "Cannot be played now"
        self.query_one("#card-scroll").focus()  # arrows and page keys scroll a long card

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "play":
            return self.item.playable
        return True

    def action_play(self) -> None:
        self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(False)
