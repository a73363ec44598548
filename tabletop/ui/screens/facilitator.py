"""The facilitator's panel: override a roll, adjust a tally, add a note, undo and redo — each a ruling in the log.

The panel only gathers what the facilitator decides; the engine applies it
(`tabletop.engine.rulings`, `Game.act`) and refuses what the rules do not allow.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from ...engine import Adjust, Game, IllegalAction, Note
from ...engine.actions import Inject
from ...engine.game import PastRoll
from ...engine.happenings import Happening
from ...engine.rulings import overridable_rolls, override_roll, steps_since_decision
from ...engine.state import RollRecord
from ...present.text import describe
from ..plain import plain

Ruling = Callable[[Game], list[Happening]]


def recent_steps(game: Game, count: int = 12) -> list[tuple[int, str]]:
    """The last ``count`` applied actions, most recent first, as (index in ``applied``, one line of what it did)."""
    out = []
    for i, action, happened in game.recent(count):
        lines = [line.strip() for line in describe(game.deck, happened) if line.strip()]
        out.append((i, lines[0] if lines else action.TYPE))
    return out[::-1]


def _index(value: object) -> int:
    """The value of a roll or row selector: an index (they allow no blank, so never `Select.BLANK`)."""
    assert isinstance(value, int)
    return value


class FacilitatorScreen(ModalScreen[list[Happening] | None]):
    """Dismissed with what the ruling made happen, or None when closed without one."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="facilitator.close", tooltip="Back to the table, no ruling"),
        Binding("ctrl+y", "redo", "Redo", id="facilitator.redo",
                tooltip="Put back what the last undo took back (only until another action is taken)"),
    ]

    def __init__(self, game: Game) -> None:
        super().__init__()
        self.game = game
        self.rolls = overridable_rolls(game)

    def compose(self) -> ComposeResult:
        deck = self.game.deck
        with Vertical(id="facilitator-box", classes="dialog"):
            yield Static("Facilitator: every ruling goes into the log with its reason.", id="facilitator-title")
            with TabbedContent(id="facilitator-tabs"):
                with TabPane("Override a roll", id="tab-override"):
                    if self.rolls:
                        yield Label("Roll (made since the last decision at the table):")
                        yield Select([(plain(self._roll_words(r)), i) for i, r in enumerate(self.rolls)], value=0,
                                     allow_blank=False, id="override-roll")
                        yield Label("New result:")
                        options, value = self._row_options(0)
                        yield Select(options, value=value, id="override-row", allow_blank=False)
                        yield Input(placeholder="Reason (required)", id="override-reason")
                        yield Button("Override", id="override-apply", variant="warning")
                    else:
                        yield Static("No roll to override: the rolls come after both seats have played.")
                with TabPane("Adjust a tally", id="tab-adjust"):
                    yield Select([(plain(t.label), t.id) for t in deck.tallies], value=deck.tallies[0].id,
                                 allow_blank=False, id="adjust-tally")
                    yield Input(placeholder="Change, e.g. 1 or -2", type="integer", id="adjust-delta")
                    yield Input(placeholder="Reason (required)", id="adjust-reason")
                    yield Button("Adjust", id="adjust-apply", variant="warning")
                with TabPane("Draw an event", id="tab-inject"):
                    if self.game.state.phase == "inject" and deck.events:
                        yield Label("This round's event, instead of the draw:")
                        yield Select([(plain(e.title), e.id) for e in deck.events], value=deck.events[0].id,
                                     allow_blank=False, id="inject-event")
                        yield Input(placeholder="Reason (required)", id="inject-reason")
                        yield Button("Draw this event", id="inject-apply", variant="warning")
                    elif not deck.events:
                        yield Static("The deck has no events.")
                    else:
                        yield Static("An event can be drawn by name only at the start of a round, before its event "
                                     "is drawn.")
                with TabPane("Note", id="tab-note"):
                    yield Input(placeholder="A note for the log and the report", id="note-text")
                    yield Button("Add note", id="note-apply", variant="primary")
                with TabPane("Undo", id="tab-undo"):
                    yield Label("Take back every step up to and including:")
                    yield OptionList(id="undo-list")
                    yield Input(placeholder="Reason (optional)", id="undo-reason")
                    with Horizontal(classes="buttons"):
                        yield Button("Undo", id="undo-apply", variant="error")
                        n = self.game.can_redo
                        yield Button(f"Redo (Ctrl+Y): put back {n} action{'s' if n != 1 else ''}" if n else "Redo",
                                     id="redo-apply", disabled=not n,
                                     tooltip="Put back what the last undo took back, as it was. Possible only until "
                                             "another action is taken (a note or a table step included).")
            yield Static(id="facilitator-error")
            with Horizontal(classes="buttons"):
                yield Button("Close (Esc)", id="facilitator-close")

    def on_mount(self) -> None:
        undo = self.query_one("#undo-list", OptionList)
        for i, words in recent_steps(self.game):
            undo.add_option(Option(plain(f"{len(self.game.applied) - i:>2}. {words}"), id=str(i)))
        if self.game.applied:
            undo.highlighted = min(steps_since_decision(self.game), len(undo.options)) - 1

    def _record(self, roll: PastRoll) -> RollRecord:
        """The roll as it stands, overridden or not."""
        record = self.game.states[roll.last + 1].last_roll
        assert record is not None  # the state after ``roll.last`` still has the roll to override (see `PastRoll`)
        return record

    def _roll_words(self, roll: PastRoll) -> str:
        record = self._record(roll)
        actor = self.game.deck.actor(roll.actor)
        return f"Round {roll.round}: {actor.label} {record.total} → {actor.reactions[record.row].label}"

    def _row_options(self, which: int) -> tuple[list[tuple[Text, int]], int]:
        """The rows of the chosen roll's table, and the row it reached."""
        roll = self.rolls[which]
        record = self._record(roll)
        rows = self.game.deck.actor(roll.actor).reactions
        return ([(plain(f"{r.min}–{r.max}: {r.label}" + (" (as rolled)" if i == record.row else "")), i)
                 for i, r in enumerate(rows)], record.row)

    @on(Select.Changed, "#override-roll")
    def roll_chosen(self, event: Select.Changed) -> None:
        options, value = self._row_options(_index(event.value))
        select = self.query_one("#override-row", Select)
        select.set_options(options)
        select.value = value

    def _apply(self, ruling: Ruling) -> None:
        try:
            happened = ruling(self.game)
        except (IllegalAction, ValueError) as e:
            self.query_one("#facilitator-error", Static).update(plain(f"ERROR: {e}"))
            return
        self.dismiss(happened)

    @on(Button.Pressed, "#override-apply")
    def override(self) -> None:
        roll = self.rolls[_index(self.query_one("#override-roll", Select).value)]
        row = _index(self.query_one("#override-row", Select).value)
        reason = self.query_one("#override-reason", Input).value
        self._apply(lambda game: override_roll(game, roll, reason, row=row))

    @on(Button.Pressed, "#adjust-apply")
    def adjust(self) -> None:
        tally = str(self.query_one("#adjust-tally", Select).value)
        text = self.query_one("#adjust-delta", Input).value.strip()
        if not text.lstrip("+-").isdigit():
            self.query_one("#facilitator-error", Static).update("ERROR: the change must be a whole number, e.g. 1 or -2")
            return
        reason = self.query_one("#adjust-reason", Input).value
        self._apply(lambda game: game.act(Adjust(tally, int(text), reason)))

    @on(Button.Pressed, "#inject-apply")
    def inject(self) -> None:
        event = str(self.query_one("#inject-event", Select).value)
        reason = self.query_one("#inject-reason", Input).value
        self._apply(lambda game: game.act(Inject(event, reason)))

    @on(Button.Pressed, "#note-apply")
    @on(Input.Submitted, "#note-text")
    def note(self) -> None:
        text = self.query_one("#note-text", Input).value
        self._apply(lambda game: game.act(Note(text)))

    @on(Button.Pressed, "#undo-apply")
    def undo(self) -> None:
        undo = self.query_one("#undo-list", OptionList)
        if undo.highlighted is None:
            self.query_one("#facilitator-error", Static).update("ERROR: nothing to undo yet")
            return
        n = undo.highlighted + 1
        reason = self.query_one("#undo-reason", Input).value
        self._apply(lambda game: game.undo(n, reason))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "redo":
            return bool(self.game.can_redo)
        return True

    @on(Button.Pressed, "#redo-apply")
    def action_redo(self) -> None:
        if not self.game.can_redo:
            self.query_one("#facilitator-error", Static).update("ERROR: nothing to redo: no undo since the last action")
            return
        reason = self.query_one("#undo-reason", Input).value
        self._apply(lambda game: game.redo(reason))

    @on(Button.Pressed, "#facilitator-close")
    def action_close(self) -> None:
        self.dismiss(None)
