"""The table: round and phase, the tallies, who is to move, their cards, the rolls and the log.

The screen only renders what the engine answers and sends it actions: who is to
move, the menu and the table's or a bot's next step come from `decide` (asked
once per state), the odds and modifiers of the next roll from the room's view
(`view(state, None)`, `next_roll`). The screen is shared, so it shows the room's
view: nothing secret is ever shown here (a hidden tally shows as hidden), the hidden
motive and a seat's hidden tallies appear only on the private hand-off screen.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, OptionList, RichLog, Static
from textual.widgets.option_list import Option

from ...engine import Action, Game, Guess, IllegalAction, Roll
from ...engine import happenings as h
from ...engine.compiled import compiled
from ...engine.decisions import Decision, decide
from ...engine.state import TABLE, tally_history
from ...engine.views import SeatView, next_roll, shown_rolled, view
from ...present.text import describe, price, secret_lines, who_rolls
from ..plain import plain
from ..widgets.cards import card_option
from ..widgets.footer import Footer
from ..widgets.roll import RollView, odds_view, result_view
from ..widgets.save_banner import SaveBanner
from ..widgets.story import StoryLog, key_for
from ..widgets.tallies import TallyBoard

if TYPE_CHECKING:
    from textual import getters

    from ..app import TabletopApp

PHASE_WORDS = {
    "inject": "Inject: drawing an event", "offer": "Offer", "response": "Response",
    "reactions": "Reactions", "tally": "Tally: closing the round", "guess": "Motive guess",
    "over": "Game over",
}

#: Seconds an automatic step waits, so that people can follow (0 when animation is off).
PACE = {"draw": 0.6, "roll": 0.9, "result": 1.2, "close": 0.6, "seat": 0.8}


class TableScreen(Screen[None]):
    if TYPE_CHECKING:
        app = getters.app(TabletopApp)  # self.app, typed

    BINDINGS = [
        Binding("space", "advance", "Next step", id="table.advance",
                tooltip="Make the next table step now instead of waiting"),
        Binding("p", "pause", "Pause", id="table.pause",
                tooltip="Stop or restart the automatic steps, to talk things over"),
        Binding("f", "facilitator", "Facilitator", id="table.facilitator",
                tooltip="Override a roll, adjust a tally, add a note or undo"),
        Binding("m", "motive", "Secrets", id="table.motive",
                tooltip="For a seat with a secret (its hidden motive, a hidden tally): see it in private"),
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
        self._decided: tuple[object, Decision] | None = None  # the engine's answer for the state on the table
        self._shown = False  # resumed once (shown): later resumes restyle, as Textual does
        self._log: StoryLog | None = None  # the log widget, once found (`_story_log`)

    def post_message(self, message: Message) -> bool:
        # Shown for the first time, the table was styled as it mounted: the restyle of every widget that Textual makes
        # when a screen resumes (for one coming back from under another) would repeat it, and draw it all again.
        if isinstance(message, events.ScreenResume) and not self._shown:
            self._shown = True
            message.refresh_styles = False
        return super().post_message(message)

    def decision(self) -> Decision:
        """Who decides now, the menu and the automatic step: asked of the engine once per state."""
        state = self.game.state
        if self._decided is None or self._decided[0] is not state:
            self._decided = (state, decide(state))
        return self._decided[1]

    def seen(self) -> SeatView:
        """The game as the room may know it: the table is a shared screen."""
        return view(self.game.state, None)

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
        elif self.paced:
            self.call_after_refresh(self.next_step)
        else:
            self.next_step()

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
        seen = self.seen()  # the shared screen: a hidden tally is shown as hidden
        self.query_one(TallyBoard).show(seen.tallies, tally_history(seen))
        mover = self.decision().mover
        status = Text()
        status.append(f" Round {state.round} of {state.rounds} ", style="bold reverse")
        words = PHASE_WORDS[state.phase]
        if state.phase == "reactions":
            words = f"Reactions: {who_rolls(self.deck)}"
        status.append(plain(f"  {words}  "))
        if self.paused:
            status.append(" PAUSED (P to go on) ", style="bold reverse")
        if mover not in (None, TABLE):
            status.append(plain(f"  ▶ {self.seat_label(mover)} to move", "bold"))
        self.query_one("#status", Static).update(status)
        self.render_choices()
        # Space ("Next step") is offered only while the table or a bot has a step to make.
        can_advance = self.decision().action is not None
        if can_advance != self._can_advance:
            self._can_advance = can_advance
            self.refresh_bindings()

    def render_choices(self) -> None:
        state = self.game.state
        decision = self.decision()
        prompt = self.query_one("#prompt", Static)
        choices = self.query_one("#choices", OptionList)
        mover = decision.mover
        choosing = decision.person and decision.phase in ("offer", "response")
        choices.clear_options()
        choices.display = choosing
        self.query_one("#roll-box").display = not choosing
        titles = [self.deck.event(e).title for e in state.events]
        event_line = (f"Event{'s' if len(titles) > 1 else ''} this round: {'; '.join(titles)}. " if titles else "")
        if not choosing:
            if decision.by == "bot":
                assert mover is not None  # a bot plays a seat
                prompt.update(plain(f"{event_line}{self.seat_label(mover)} is choosing…"))
            elif decision.phase == "guess":
                assert mover is not None  # the offer seat names the motive
                prompt.update(plain(f"{self.seat_label(mover)}: name the hidden motive."))
            else:
                prompt.update(plain(event_line + ("Paused: Space makes the next step, P goes on." if self.paused else "")))
            return
        seat = next(s for s in self.deck.seats if s.id == mover)
        if decision.phase == "offer":
            prompt.update(plain(f"{event_line}{seat.label}: choose an option card to offer (Enter or click)."))
        else:
            offer = self.deck.option(state.offer).title if state.offer else "nothing"
            prompt.update(plain(f"{event_line}{seat.label}: the offer is “{offer}”. Choose a response (Enter or click)."))
        for item in decision.menu:
            if item.kind == "play":
                assert item.card is not None  # a card's item names it (only Pass names none)
                card = self.deck.option(item.card) if decision.phase == "offer" else self.deck.response(item.card)
                choices.add_option(card_option(card, item.key, playable=item.playable, why_not=item.why_not,
                                               price=price(self.deck, item), copies=item.copies))
            else:
                choices.add_option(Option("Pass: no card can be played now", id=item.key))
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
        decision = self.decision()
        if decision.phase == "over":
            self.app.show_debrief(self.game)
            return
        action = decision.action
        if action is None:
            if decision.person and decision.phase == "guess":
                self.ask_guess()
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
        """The exact odds of the next roll, with every modifier and its reason, as the room may know them."""
        seen = self.seen()
        odds = next_roll(seen)
        if odds is None:
            return
        self.query_one("#roll", RollView).update(odds_view(self.deck, odds))
        self.query_one("#roll-box").display = True
        self._odds_step = seen.step
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

    def act(self, action: Action) -> None:
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
        rolls = [(beat.happening, beat.changes) for beat in h.beats(happened) if isinstance(beat.happening, h.Rolled)]
        if rolls:
            last, changes = rolls[-1]
            knows = self.seen().knows
            rolled = shown_rolled(last, knows)
            shown = [c for c in changes if c.tally not in knows.hidden]  # a hidden tally's change would tell it
            self.query_one("#roll", RollView).update(result_view(self.deck, rolled, shown, knows.hidden))
            self.query_one("#roll-box").display = True
            self._result_up = True

    # -- actions --------------------------------------------------------------

    @on(OptionList.OptionSelected, "#choices")
    def choice_made(self, event: OptionList.OptionSelected) -> None:
        item = next((i for i in self.decision().menu if i.key == event.option_id), None)
        if item is not None and item.action is not None:
            self.act(item.action)

    def action_advance(self) -> None:
        """Make the next automatic step now (Space, or when its pause is over)."""
        self._cancel_timer()
        action = self.decision().action
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
        from .facilitator import FacilitatorScreen

        self.app.push_screen(FacilitatorScreen(self.game), self._ruled)

    def _ruled(self, happened: list[h.Happening] | None) -> None:
        if happened:
            if any(isinstance(x, h.Undone) for x in happened) and not self.paused:
                self.paused = True  # after an undo, let the room look before anything moves again
                self.notify("Paused after the undo. Press P to go on.", title="Paused")
            self.after(happened)
        else:
            self.next_step()

    def _private_seats(self) -> list[str]:
        """The seats played by people that know something the room may not: the responding seat (its motive), and a
        seat that knows a tally hidden from the other; the responding seat first."""
        state = self.game.state
        secret = compiled(self.deck).secret
        seats = [state.respond_seat, state.offer_seat]
        return [s for s in seats if self.game.setup.seats[s].kind == "human"
                and (s == state.respond_seat or secret[None] - secret[s])]

    def action_motive(self) -> None:
        """The private hand-off: blank screen, a seat takes the keyboard, sees what only it may know (the seat to
        move, if it has a secret; else the responding seat)."""
        self._cancel_timer()
        state = self.game.state
        private = self._private_seats()
        if not private:
            seat = next(s for s in self.deck.seats if s.id == state.respond_seat)
            self.notify(f"{seat.label} is played by the bot: its motive stays hidden until the debrief.",
                        title="Hidden motive", markup=False)
            return
        mover = self.decision().mover
        self.hand_off(mover if mover in private else private[0])

    def action_earlier(self) -> None:
        if self.query_one("#log", StoryLog).show_earlier():
            self.refresh_bindings()

    def action_quit(self) -> None:
        self._cancel_timer()
        from .modals import ConfirmQuitScreen

        def answered(quit_now: bool | None) -> None:
            if quit_now:
                self.app.exit()  # the save is closed on the way out, and run_tui says how it was left
            else:
                self.next_step()

        self.app.autosave()  # anything still missing is tried once more; the dialog follows
        self.app.push_screen(ConfirmQuitScreen(self.app.save_status), answered)

    def hand_off(self, seat_id: str) -> None:
        """The private hand-off: a blank screen, then the secret for ``seat_id`` only, then the table again."""
        from .modals import HandOffScreen

        seat = next(s for s in self.deck.seats if s.id == seat_id)
        motive = view(self.game.state, seat_id).motive  # the seat's own view: the motive only for its own seat
        tallies = tuple(line for line in secret_lines(self.game.state, seat_id) if not line.startswith("Hidden motive"))
        if motive is None and not tallies:
            self.next_step()
            return
        self.app.push_screen(HandOffScreen(seat.label, self.deck.motive(motive) if motive else None, tallies),
                             lambda _: self.next_step())

    def ask_guess(self) -> None:
        """The offering seat names the hidden motive (a modal), and the guess is played."""
        from .modals import GuessScreen

        seat = self.game.state.offer_seat
        label = next(s.label for s in self.deck.seats if s.id == seat)

        def named(answer: str | tuple[tuple[str, int], ...] | None) -> None:
            if isinstance(answer, str):
                self.act(Guess(seat, answer))
            elif answer is not None:  # a spread: the guess names the likeliest (the first of them, in deck order)
                order = [m for m, _ in answer]
                likeliest = max(answer, key=lambda p: (p[1], -order.index(p[0])))[0]
                self.act(Guess(seat, likeliest, answer))

        self.app.push_screen(GuessScreen(label, self.deck), named)

    def palette_commands(self) -> list[tuple[str, str, Callable[[], None]]]:
        """(name, help, callback) for the command palette: only what is allowed now."""
        state = self.game.state
        decision = self.decision()
        out: list[tuple[str, str, Callable[[], None]]] = []
        if decision.person and decision.phase in ("offer", "response"):
            verb = "Offer" if decision.phase == "offer" else "Respond"
            for item in decision.choices:
                assert item.action is not None  # the choices are the items that can be chosen
                if item.kind == "play":
                    out.append((f"{verb}: {item.title}", item.text, partial(self.act, item.action)))
                else:
                    out.append(("Pass", item.text, partial(self.act, item.action)))
        if decision.action is not None:
            out.append(("Next step", "Make the next table step now", self.action_advance))
        out.append(("Resume automatic steps" if self.paused else "Pause automatic steps",
                    "Stop or restart the table's automatic steps", self.action_pause))
        out.append(("Facilitator panel", "Override a roll, adjust a tally, add a note or undo", self.action_facilitator))
        if self._private_seats() and state.phase != "over":
            hidden = bool(compiled(self.deck).secret[None])
            out.append(("Show what only one seat knows (in private)" if hidden else "Show the secret motive (in private)",
                        "For the seat that knows it only" if hidden else "For the responding seat only",
                        self.action_motive))
        if self.query_one("#log", StoryLog).first:
            out.append(("Earlier log", "Show earlier lines of the log", self.action_earlier))
        return out

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "advance":
            return bool(self._can_advance)
        if action == "motive":
            return bool(self._private_seats()) and self.game.state.phase != "over"
        if action == "earlier":
            log = self._story_log()
            return log is not None and bool(log.first)  # earlier lines to show
        return True

    def _story_log(self) -> StoryLog | None:
        """The log, once composed (found once: the footer asks at every change of bindings, and a query walks the
        whole screen)."""
        if self._log is None or not self._log.is_attached:
            self._log = next(iter(self.query("#log").results(StoryLog)), None)
        return self._log
