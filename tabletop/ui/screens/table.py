"""The table: round and phase, the tallies, who is to move, their cards, the rolls and the log.

The screen only renders the engine's state and sends it actions: what is legal
comes from `legal_actions`, table steps and bot moves from `automatic_action`,
odds and modifiers from the engine. Nothing secret is ever shown here: the
hidden motive appears only on the private hand-off screen.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, OptionList, RichLog, Static
from textual.widgets.option_list import Option

from ...engine import Game, IllegalAction, Pass, Play, Roll, legal_actions, modifiers_for, odds, to_move
from ...engine import happenings as h
from ...engine.bots import automatic_action
from ...engine.rules import playable_options
from ...engine.state import TABLE, tally_history
from ...present.text import condition_words, describe
from ..plain import plain
from ..widgets.cards import card_option
from ..widgets.roll import RollView, odds_view, result_view
from ..widgets.story import StoryLog, key_for
from ..widgets.tallies import TallyBoard
from ..widgets.footer import Footer
from ..widgets.save_banner import SaveBanner

PHASE_WORDS = {
    "inject": "Inject: drawing an event", "offer": "Offer", "response": "Response",
    "reactions": "Reactions: the neighbours roll", "tally": "Tally: closing the round", "guess": "Motive guess",
    "over": "Game over",
}

#: Seconds an automatic step waits, so that people can follow (0 when animation is off).
PACE = {"draw": 0.6, "roll": 0.9, "result": 1.2, "close": 0.6, "seat": 0.8}


class TableScreen(Screen[None]):
    BINDINGS = [
        Binding("space", "advance", "Next step", id="table.advance",
                tooltip="Make the next table step now instead of waiting"),
        Binding("p", "pause", "Pause", id="table.pause",
                tooltip="Stop or restart the automatic steps, to talk things over"),
        Binding("f", "facilitator", "Facilitator", id="table.facilitator",
                tooltip="Override a roll, adjust a tally, add a note or undo"),
        Binding("m", "motive", "Secret motive", id="table.motive",
                tooltip="For the responding seat only: see the hidden motive in private"),
        Binding("q", "quit", "Quit", id="table.quit", tooltip="Leave; the game is saved and can be resumed"),
        Binding("l", "earlier", "Earlier log", id="table.earlier",
                tooltip="A long game's log shows its recent part: show earlier lines too"),
    ]

    def __init__(self, game: Game, *, animate: bool = True) -> None:
        super().__init__()
        self.game = game
        self.deck = game.deck
        self.paced = animate  # steps wait so that the room can follow (not "animate": that is a Textual method)
        self.paused = False
        self._timer: Timer | None = None
        self._odds_step = -1  # the state step whose roll's odds are on screen
        self._result_up = False  # a roll's result is on screen
        self._can_advance: bool | None = None  # what the footer last showed for Space
        self._held = False  # a step came due while a dialog covered the table

    # -- layout ---------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield SaveBanner()
        yield Static(id="status")
        with Container(id="body"):
            yield TallyBoard(self.deck.tallies, id="tallies")
            with Vertical(id="play"):
                yield Static(id="prompt")
                yield OptionList(id="choices")
                with VerticalScroll(id="roll-box"):
                    yield RollView(id="roll")
            yield StoryLog(self.deck, self.game.story, partial(key_for, self, "earlier"), id="log",
                           auto_scroll=True, min_width=20)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#log", RichLog).border_title = "Log"
        self.query_one("#tallies").border_title = "Tallies"
        # A resumed game shows its story so far: its recent part, earlier lines on demand.
        self.query_one("#log", StoryLog).show_recent()
        self.render_state()
        if self._respond_is_human() and not self.game.applied:
            self.call_after_refresh(self.action_motive)
        else:
            self.call_after_refresh(self.next_step)

    # -- rendering ------------------------------------------------------------

    def _respond_is_human(self) -> bool:
        return self.game.setup.seats[self.game.state.respond_seat].kind == "human"

    def seat_label(self, seat_id: str) -> str:
        seat = next(s for s in self.deck.seats if s.id == seat_id)
        kind = self.game.setup.seats[seat_id]
        who = "people" if kind.kind == "human" else "bot" + (f", {kind.style}" if kind.style else "")
        return f"{seat.label} ({who})"

    def render_state(self) -> None:
        state = self.game.state
        self.query_one(TallyBoard).show(state.tallies, tally_history(state))
        mover = to_move(state)
        status = Text()
        status.append(f" Round {state.round} of {state.rounds} ", style="bold reverse")
        status.append(f"  {PHASE_WORDS[state.phase]}  ")
        if self.paused:
            status.append(" PAUSED (P to go on) ", style="bold reverse")
        if mover not in (None, TABLE):
            status.append(plain(f"  ▶ {self.seat_label(mover)} to move", "bold"))
        self.query_one("#status", Static).update(status)
        self.render_choices()
        # Space ("Next step") is offered only while the table or a bot has a step to make.
        can_advance = automatic_action(state) is not None
        if can_advance != self._can_advance:
            self._can_advance = can_advance
            self.refresh_bindings()

    def render_choices(self) -> None:
        state = self.game.state
        prompt = self.query_one("#prompt", Static)
        choices = self.query_one("#choices", OptionList)
        mover = to_move(state)
        human = mover not in (None, TABLE) and self.game.setup.seats[mover].kind == "human"
        choosing = human and state.phase in ("offer", "response")
        choices.clear_options()
        choices.display = choosing
        self.query_one("#roll-box").display = not choosing
        event_line = f"Event this round: {self.deck.event(state.event).title}. " if state.event else ""
        if not choosing:
            if mover not in (None, TABLE) and not human:
                prompt.update(plain(f"{event_line}{self.seat_label(mover)} is choosing…"))
            elif state.phase == "guess":
                prompt.update(plain(f"{self.seat_label(mover)}: name the hidden motive."))
            else:
                prompt.update(plain(event_line + ("Paused: Space makes the next step, P goes on." if self.paused else "")))
            return
        seat = next(s for s in self.deck.seats if s.id == mover)
        if state.phase == "offer":
            prompt.update(plain(f"{event_line}{seat.label}: choose an option card to offer (Enter or click)."))
            playable = {c.id for c in playable_options(state)}
            for card_id in dict.fromkeys(state.hand):
                card = self.deck.option(card_id)
                choices.add_option(card_option(card, f"play:{card_id}", playable=card_id in playable,
                                               why_not=condition_words(self.deck, card.requires)))
        else:
            offer = self.deck.option(state.offer).title if state.offer else "nothing"
            prompt.update(plain(f"{event_line}{seat.label}: the offer is “{offer}”. Choose a response (Enter or click)."))
            legal = {a.card for a in legal_actions(state) if isinstance(a, Play)}
            for card in self.deck.responses:
                choices.add_option(card_option(card, f"play:{card.id}", playable=card.id in legal,
                                               why_not=condition_words(self.deck, card.requires)))
        if not any(not o.disabled for o in choices.options):
            choices.add_option(Option("Pass: no card can be played now", id="pass"))
        choices.highlighted = next((i for i, o in enumerate(choices.options) if not o.disabled), None)
        if not choices.has_focus:
            choices.focus()

    # -- the flow of the game -------------------------------------------------
    #
    # Table steps and bot moves happen by themselves, each after a pause long enough
    # to follow (none when animation is off). Before each roll the odds are shown;
    # after it, the result stays up for a moment. Paused, Space makes one step at a
    # time: odds, roll, odds, roll ...

    def next_step(self) -> None:
        """Schedule what comes next: the table's or a bot's step, or nothing while a person must choose."""
        self._cancel_timer()
        state = self.game.state
        if state.phase == "over":
            self.app.show_debrief(self.game)
            return
        action = automatic_action(state)
        if action is None:
            if state.phase == "guess":
                self.app.ask_guess(self.game, self.act)
            return
        if self.paused:
            return
        if self._odds_due(action):
            self._later(PACE["result"] if self._result_up else 0, self._show_odds_and_go_on)
        else:
            self._later(self._pace(action), self.action_advance)

    def _odds_due(self, action) -> bool:
        return isinstance(action, Roll) and self._odds_step != self.game.state.step

    def _later(self, delay: float, callback: Callable[[], None]) -> None:
        def when_seen() -> None:  # nothing moves while a dialog covers the table: it waits for the room
            if self.is_active:  # the top screen: a modal over the table leaves it visible but not active
                callback()
            else:
                self._held = True

        if self.paced and delay:
            self._timer = self.set_timer(delay, when_seen)
        else:
            self.call_later(when_seen)

    def on_screen_resume(self) -> None:
        if self._held:
            self._held = False
            self.next_step()

    def show_odds(self) -> None:
        """The exact odds of the next roll, with every modifier and its reason (from the engine)."""
        state = self.game.state
        actor = self.deck.actors[state.rolled]
        self.query_one("#roll", RollView).update(
            odds_view(self.deck, actor, modifiers_for(state, actor.id), odds(state, actor.id)))
        self.query_one("#roll-box").display = True
        self._odds_step = state.step
        self._result_up = False

    def _show_odds_and_go_on(self) -> None:
        self.show_odds()
        self.next_step()

    def _pace(self, action) -> float:
        pace = PACE["seat"] if action.seat != TABLE else PACE.get(action.TYPE, 1.0)
        return max(pace, PACE["result"]) if self._result_up else pace

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def act(self, action) -> None:
        """Apply one action, save, show what happened, and go on."""
        try:
            happened = self.game.act(action)
        except IllegalAction as e:
            self.notify(str(e), title="Not allowed", severity="error", markup=False)
            return
        self.after(happened)

    def after(self, happened: list[h.Happening]) -> None:
        """After any change to the game (saved by the app's autosaver): log, show, go on."""
        self.show_happenings(happened)
        self.render_state()
        self.next_step()

    def show_happenings(self, happened: list[h.Happening]) -> None:
        log = self.query_one("#log", RichLog)
        for line in describe(self.deck, happened):
            log.write(plain(line))
        rolls = [x for x in happened if isinstance(x, h.Rolled)]
        if rolls:
            last = rolls[-1]
            i = happened.index(last)
            changes = []
            for x in happened[i + 1:]:
                if not isinstance(x, h.TallyChanged):
                    break
                changes.append(x)
            self.query_one("#roll", RollView).update(result_view(self.deck, last, changes))
            self.query_one("#roll-box").display = True
            self._result_up = True

    # -- actions --------------------------------------------------------------

    @on(OptionList.OptionSelected, "#choices")
    def choice_made(self, event: OptionList.OptionSelected) -> None:
        state = self.game.state
        mover = to_move(state)
        if event.option_id == "pass":
            self.act(Pass(mover))
        elif event.option_id and event.option_id.startswith("play:"):
            self.act(Play(mover, event.option_id.removeprefix("play:")))

    def action_advance(self) -> None:
        """Make the next automatic step now (Space, or when its pause is over)."""
        self._cancel_timer()
        action = automatic_action(self.game.state)
        if action is None:
            return
        if self._odds_due(action):
            self.show_odds()
            if not self.paused:
                self.next_step()
            return
        self.act(action)

    def action_pause(self) -> None:
        self.paused = not self.paused
        self.render_state()
        if self.paused:
            self._cancel_timer()  # the status line says PAUSED
        else:
            self.next_step()

    def action_facilitator(self) -> None:
        self._cancel_timer()
        self.app.open_facilitator(self.game, self._ruled)

    def _ruled(self, happened: list[h.Happening] | None) -> None:
        if happened:
            if any(isinstance(x, h.Undone) for x in happened) and not self.paused:
                self.paused = True  # after an undo, let the room look before anything moves again
                self.notify("Paused after the undo. Press P to go on.", title="Paused")
            self.after(happened)
        else:
            self.next_step()

    def action_motive(self) -> None:
        """The private hand-off: blank screen, the responding seat takes the keyboard, sees the motive."""
        self._cancel_timer()
        state = self.game.state
        seat = next(s for s in self.deck.seats if s.id == state.respond_seat)
        if self.game.setup.seats[seat.id].kind != "human":
            self.notify(f"{seat.label} is played by the bot: its motive stays hidden until the debrief.",
                        title="Hidden motive", markup=False)
            return
        self.app.hand_off(self.game, seat.id, self.next_step)

    def action_earlier(self) -> None:
        if self.query_one("#log", StoryLog).show_earlier():
            self.refresh_bindings()

    def action_quit(self) -> None:
        self._cancel_timer()
        self.app.confirm_quit(self.game, self.next_step)

    def palette_commands(self) -> list[tuple[str, str, Callable[[], None]]]:
        """(name, help, callback) for the command palette: only what is allowed now."""
        state = self.game.state
        out = []
        mover = to_move(state)
        if mover not in (None, TABLE) and self.game.setup.seats[mover].kind == "human" \
                and state.phase in ("offer", "response"):
            for action in legal_actions(state):
                if isinstance(action, Play):
                    card = self.deck.option(action.card) if state.phase == "offer" else self.deck.response(action.card)
                    verb = "Offer" if state.phase == "offer" else "Respond"
                    out.append((f"{verb}: {card.title}", card.text, partial(self.act, action)))
                else:
                    out.append(("Pass", "No card can be played now", partial(self.act, action)))
        if automatic_action(state) is not None:
            out.append(("Next step", "Make the next table step now", self.action_advance))
        out.append(("Resume automatic steps" if self.paused else "Pause automatic steps",
                    "Stop or restart the table's automatic steps", self.action_pause))
        out.append(("Facilitator panel", "Override a roll, adjust a tally, add a note or undo", self.action_facilitator))
        if self._respond_is_human() and state.phase != "over":
            out.append(("Show the secret motive (in private)", "For the responding seat only", self.action_motive))
        if self.query_one("#log", StoryLog).first:
            out.append(("Earlier log", "Show earlier lines of the log", self.action_earlier))
        return out

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "advance":
            return bool(self._can_advance)
        if action == "motive":
            return self._respond_is_human() and self.game.state.phase != "over"
        if action == "earlier":
            return any(log.first for log in self.query("#log").results(StoryLog))  # earlier lines to show
        return True
