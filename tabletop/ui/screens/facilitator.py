"""The facilitator's panel: override a roll, adjust a tally, draw an event, add a note, undo and redo — each a ruling
in the log — and pause the game clock (the table's automatic steps).

The panel only gathers what the facilitator decides; the engine applies it
(`tabletop.engine.rulings`, `Game.act`) and refuses what the rules do not allow.
"""

from __future__ import annotations

from collections.abc import Callable

from attrs import frozen
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from ...engine import Adjust, Game, IllegalAction, Note
from ...engine.actions import Inject
from ...engine.game import PastRoll
from ...engine.happenings import Happening
from ...engine.rulings import inject_refused, overridable_rolls, override_roll
from ...engine.state import RollRecord
from ...present.text import describe, redo_words, undo_words
from ...records import Record
from ..plain import plain
from ..widgets.select import Select
from .modals import YesNo

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


@frozen(repr=False, eq=False)
class Clock(Record):
    """The table's game clock as the panel may work it: whether it is paused, how to pause or restart it, and how to
    have the table stop at the start of the next round (so that an event can be drawn by name then)."""

    paused: bool
    set_paused: Callable[[bool], None]
    stop_at_next_round: Callable[[], None]
    negotiation: Callable[[], str] | None = None  # the negotiation clock's countdown in words, when it has one


class ConfirmUndoScreen(YesNo, ModalScreen[bool]):
    """An undo of more than one step asks first, saying what it takes back."""

    BINDINGS = [
        Binding("y", "answer(True)", "Undo them", id="undo.yes", tooltip="Take back the steps named"),
        Binding("n,escape", "answer(False)", "Keep them", id="undo.no", tooltip="Take nothing back and go back"),
    ]

    def __init__(self, words: str) -> None:
        super().__init__()
        self.words = words

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-undo-box", classes="dialog"):
            yield Static(plain(f"{self.words}.\n\nTake back all of them? Redo (Ctrl+Y in the panel) puts them back "
                               "until another action is taken."), id="confirm-undo-text")
            with Horizontal(classes="buttons"):
                yield Button("Undo them (Y)", id="yes", variant="error")
                yield Button("Keep them (N)", id="no", variant="primary")


def clock_words(paused: bool) -> str:
    return ("Game clock: PAUSED. Nothing moves until it restarts (here, or P)." if paused
            else "Game clock: RUNNING. Steps go on when this panel closes.")


class FacilitatorScreen(ModalScreen[list[Happening] | None]):
    """Dismissed with what the ruling made happen, or None when closed without one."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="facilitator.close", tooltip="Back to the table, no ruling"),
        Binding("ctrl+y", "redo", "Redo", id="facilitator.redo",
                tooltip="Put back what the last undo took back (only until another action is taken)"),
    ]

    def __init__(self, game: Game, clock: Clock | None = None, tab: str | None = None) -> None:
        super().__init__()
        self.game = game
        self.clock = clock
        self.paused = clock.paused if clock else False
        self.tab = tab
        self.rolls = overridable_rolls(game)
        self.steps = recent_steps(game)

    def compose(self) -> ComposeResult:
        deck = self.game.deck
        with Vertical(id="facilitator-box", classes="dialog"):
            yield Static("Facilitator: every ruling goes into the log with its reason.", id="facilitator-title")
            if self.clock is not None:
                with Horizontal(id="clock-bar"):
                    yield Static(clock_words(self.paused), id="clock-state")
                    yield Button("Restart the clock" if self.paused else "Pause the clock", id="clock-toggle",
                                 tooltip="Stop or restart the table's automatic steps (the same as P at the table)")
                if self.clock.negotiation is not None:
                    yield Static(plain(self.clock.negotiation()), id="negotiation-clock")
            with TabbedContent(id="facilitator-tabs", initial=self.tab or ""):
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
                    refused = inject_refused(self.game)
                    if refused is None:
                        yield Label(plain(f"Round {self.game.state.round}'s event, drawn now instead of the draw:"))
                        yield Select([(plain(e.title), e.id) for e in deck.events], value=deck.events[0].id,
                                     allow_blank=False, id="inject-event")
                        yield Input(placeholder="Reason (required)", id="inject-reason")
                        yield Button("Draw this event", id="inject-apply", variant="warning")
                    else:
                        yield Static(plain(f"Not now: {refused}."), id="inject-refused")
                        if self.clock is not None and deck.events and self._next_round():
                            yield Static(plain(f"The table can stop at the start of round {self._next_round()}, "
                                               "before its draw, and open this tab: the clock pauses there."))
                            yield Button(f"Stop at the start of round {self._next_round()}", id="inject-hold",
                                         variant="primary")
                with TabPane("Note", id="tab-note"):
                    yield Input(placeholder="A note for the log and the report", id="note-text")
                    yield Button("Add note", id="note-apply", variant="primary")
                with TabPane("Undo", id="tab-undo"):
                    yield Static("Undo up to the highlighted step (↶ marks what goes; the latest is at the top):")
                    yield OptionList(id="undo-list")
                    yield Static(id="undo-words")
                    with Horizontal(classes="buttons", id="undo-buttons"):
                        yield Button("Undo", id="undo-apply", variant="error", disabled=not self.game.applied)
                        redo = self.game.redoable
                        yield Button(plain(f"{redo_words(self.game.deck, redo)} (Ctrl+Y)") if redo else "Redo",
                                     id="redo-apply", disabled=not redo,
                                     tooltip="Put back what the last undo took back, as it was. Possible only until "
                                             "another action is taken (a note or a table step included).")
                    yield Input(placeholder="Reason (optional)", id="undo-reason")
            yield Static(id="facilitator-error")
            with Horizontal(classes="buttons"):
                yield Button("Close (Esc)", id="facilitator-close")

    def on_mount(self) -> None:
        undo = self.query_one("#undo-list", OptionList)
        for position, (i, _) in enumerate(self.steps):
            undo.add_option(Option(self._step_prompt(position, 0), id=str(i)))
        if self.game.applied:
            undo.highlighted = 0  # the latest step: an undo takes back one step unless the facilitator asks for more
        self._show_undo(1 if self.game.applied else 0)

    def _next_round(self) -> int | None:
        """The round whose start the table can stop at: the next one, when there is one."""
        state = self.game.state
        return state.round + 1 if state.phase not in ("guess", "over") and state.round < state.rounds else None

    def _step_prompt(self, position: int, n: int) -> Text:
        """A step of the undo list: ↶ when an undo of ``n`` steps takes it back, "latest" on the latest."""
        count = len(self.steps)
        index, words = self.steps[position]
        back = len(self.game.applied) - index
        mark = "↶ " if position < n else "  "
        return plain(f"{mark}{back:>2}. {words}" + ("  (latest)" if position == 0 and count else ""))

    def _show_undo(self, n: int) -> None:
        """Mark the ``n`` steps an undo would take back, and say what they are."""
        undo = self.query_one("#undo-list", OptionList)
        for position in range(len(self.steps)):
            undo.replace_option_prompt_at_index(position, self._step_prompt(position, n))
        words = (undo_words(self.game.deck, self.game.applied[-n:]) + "." + (" You will be asked to confirm."
                                                                             if n > 1 else "")
                 if n else "Nothing to undo yet.")
        self.query_one("#undo-words", Static).update(plain(words))

    @on(OptionList.OptionHighlighted, "#undo-list")
    def undo_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_undo(event.option_index + 1)

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
        if n == 1:
            self._apply(lambda game: game.undo(1, reason))
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._apply(lambda game: game.undo(n, reason))

        self.app.push_screen(ConfirmUndoScreen(undo_words(self.game.deck, self.game.applied[-n:])), answered)

    @on(Button.Pressed, "#clock-toggle")
    def toggle_clock(self) -> None:
        assert self.clock is not None  # the button is there only with a clock
        self.paused = not self.paused
        self.clock.set_paused(self.paused)
        self.query_one("#clock-state", Static).update(clock_words(self.paused))
        self.query_one("#clock-toggle", Button).label = "Restart the clock" if self.paused else "Pause the clock"

    @on(Button.Pressed, "#inject-hold")
    def hold_for_event(self) -> None:
        assert self.clock is not None  # the button is there only with a clock
        self.clock.stop_at_next_round()
        self.notify(f"The table will stop at the start of round {self._next_round()}, before its draw.",
                    title="Draw an event")
        self.dismiss(None)

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
