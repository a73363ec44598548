"""Choices that take over the screen for a moment: the private hand-off, the motive guess, quitting."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from ...deck.model import Deck, Motive
from ..plain import plain


class HandOffScreen(Screen[None]):
    """Blanks the table, asks the seat to take the keyboard, shows the secret, hides it again.

    A full screen (not a modal over the table) so that nothing else is visible while
    the secret is shown.
    """

    BINDINGS = [
        Binding("enter", "next", "Continue", id="handoff.next", tooltip="Go on to the next step of the hand-off"),
        Binding("escape", "cancel", "Cancel", id="handoff.cancel", tooltip="Back to the table without showing anything"),
    ]

    def __init__(self, seat_label: str, motive: Motive) -> None:
        super().__init__()
        self.seat_label = seat_label
        self.motive = motive
        self.revealed = False

    def compose(self) -> ComposeResult:
        with Vertical(id="handoff-box"):
            yield Static(id="handoff-text")
            # Not focusable: Enter goes to the screen's binding, the mouse can still click it.
            next_button = Button("Continue (Enter)", id="handoff-next", variant="primary")
            next_button.can_focus = False
            yield next_button

    def on_mount(self) -> None:
        self.query_one("#handoff-text", Static).update(Text.assemble(
            plain(f"{self.seat_label} only\n\n", "bold"),
            plain(f"Pass the keyboard to {self.seat_label}. Everyone else, please look away from the screen.\n\n"
                  f"{self.seat_label}: press Enter to see your hidden motive."),
        ))

    @on(Button.Pressed, "#handoff-next")
    def action_next(self) -> None:
        if not self.revealed:
            self.revealed = True
            m = self.motive
            body = Text.assemble(
                plain(f"{self.seat_label}: your hidden motive\n\n", "bold"), plain(m.label.upper() + "\n\n", "bold reverse"),
                plain(m.text.strip() + "\n"),
            )
            if m.source is not None:
                body.append(plain(f"\nSource: {m.source.passage}\n", "dim"))
            body.append("\nPlay to it. Press Enter to hide it and hand the keyboard back.")
            self.query_one("#handoff-text", Static).update(body)
            self.query_one("#handoff-next", Button).label = "Hide it (Enter)"
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class GuessScreen(ModalScreen[str]):
    """The offering seat names the hidden motive before the reveal."""

    BINDINGS = [Binding("escape", "app.bell", show=False)]

    def __init__(self, seat_label: str, deck: Deck) -> None:
        super().__init__()
        self.seat_label = seat_label
        self.deck = deck

    def compose(self) -> ComposeResult:
        with Vertical(id="guess-box", classes="dialog"):
            yield Static(plain(f"{self.seat_label}: before the reveal, what do you think the other side was playing for?"),
                         id="guess-title")
            options = []
            for m in self.deck.motives:
                text = Text.assemble(plain(m.label, "bold"), "\n", plain(m.text.strip()))
                options.append(Option(text, id=m.id))
            yield OptionList(*options, id="guess-options")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_id)


class ConfirmQuitScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Quit", id="quit.yes", tooltip="Leave now; the game is saved"),
        Binding("n,escape", "answer(False)", "Keep playing", id="quit.no", tooltip="Back to the table"),
    ]

    def __init__(self, where: str) -> None:
        super().__init__()
        self.where = where

    def compose(self) -> ComposeResult:
        with Vertical(id="quit-box", classes="dialog"):
            yield Static(plain(f"Quit this game?\n\nIt is saved: {self.where}\nResume it later with: tabletop resume"),
                         id="quit-text")
            with Horizontal(classes="buttons"):
                yield Button("Quit (Y)", id="yes", variant="error")
                yield Button("Keep playing (N)", id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
