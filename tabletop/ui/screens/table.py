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
from ...engine.actions import TakeStance
from ...engine.compiled import compiled
from ...engine.decisions import Decision, decide
from ...engine.state import TABLE, tally_history
from ...engine.views import SeatView, stance_odds, view
from ...invocation import command
from ...pace import hold
from ...present import stage as st
from ...present.text import card_line, describe, heading, who_rolls
from ...safetext import visible
from ..plain import plain
from ..widgets.cards import Hand, card_option
from ..widgets.clock import CLOCK_ACTIONS, CLOCK_BINDINGS, ClockControl, ClockKeys, ClockView
from ..widgets.footer import Footer
from ..widgets.save_banner import SaveBanner
from ..widgets.stage import StageView
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


class StyledOnMount:
    """For a `Screen` whose first resume does not restyle it: shown for the first time, it was styled as it mounted,
    and the restyle of every widget that Textual makes when a screen resumes (for one coming back from under another)
    would repeat it, and draw it all again. Later resumes restyle, as Textual does. (The table, and the app's default
    screen under it.) A mixin, not a screen of its own."""

    _shown = False  # resumed once (shown)

    def post_message(self, message: Message) -> bool:
        if isinstance(message, events.ScreenResume) and not self._shown:
            self._shown = True
            message.refresh_styles = False
        return super().post_message(message)  # type: ignore[misc]


class FrameAfterBatch:
    """For a `Screen` that is not drawn while the app holds its frames (`App.batch_update`: the app's start, a widget's
    recompose), only once they are over. A layout made during a batch (Textual 8.2.8, `Screen._refresh_layout`) leaves
    a callback that renders the whole screen, and `App._display` then drops that frame, as the batch is still open:
    the table laid out at start, as the app starts and its footer builds its keys, was rendered in full (~25 ms) for
    nothing, and again once the batch was over. Here the render waits: the screen keeps what it must draw (the
    compositor's dirty regions, and a repaint of the whole), and the app asks it to draw once no batch is open
    (`TabletopApp.on_idle`, at the end of each batch). Outside a batch, or for a screen not on top, as Textual does.
    A mixin, not a screen of its own: for the first screens, laid out as the app starts (the table, the setup)."""

    if TYPE_CHECKING:
        app: TabletopApp
        _repaint_required: bool

    def _compositor_refresh(self) -> None:
        app = self.app
        if app._batch_count and self is app.screen and not app.is_inline:
            self._repaint_required = True
            app.held_frames.add(self)  # type: ignore[arg-type]  # a Screen (this is a mixin for screens)
            return
        super()._compositor_refresh()  # type: ignore[misc]


class TableScreen(FrameAfterBatch, ClockKeys, StyledOnMount, Screen[None]):
    if TYPE_CHECKING:
        app = getters.app(TabletopApp)  # self.app, typed

    # Textual's auto focus, which gives the focus to the first widget that takes it once the screen has composed (and
    # when it resumes with nothing focused), is the table's own (`_auto_focus`): given at the end of `on_mount`, as the
    # first step leaves the table, it no longer goes to the tallies first for the hand to take it at once (two restyles
    # and a redraw before the first frame).
    AUTO_FOCUS = ""

    BINDINGS = [
        Binding("space", "advance", "Next step", id="table.advance",
                tooltip="Make the next table step now instead of waiting"),
        Binding("p", "pause", "Pause", id="table.pause",
                tooltip="Stop or restart the automatic steps, to talk things over"),
        Binding("f", "facilitator", "Facilitator", id="table.facilitator",
                tooltip="Override a roll, adjust a tally, add a note or undo"),
        Binding("m", "motive", "Secrets", id="table.motive",
                tooltip="For a seat or team with a secret (a hidden motive, a hidden tally, a secret objective): "
                        "see it in private"),
        Binding("q", "quit", "Quit", id="table.quit", tooltip="Leave; the game is saved and can be resumed"),
        Binding("i", "card", "Card details", id="table.card",
                tooltip="Show the highlighted card in full: its text, source, price and conditions"),
        Binding("l", "earlier", "Earlier log", id="table.earlier",
                tooltip="A long game's log shows its recent part: show earlier lines too"),
        Binding("r", "room_view", "Room view", id="table.room",
                tooltip="For a projector: a large stage and large tallies, the log folded away (again: back)"),
        *CLOCK_BINDINGS,  # the negotiation clock's pause, extend and skip: shown while a countdown runs
    ]

    def __init__(self, game: Game, *, pace: str = "brisk", room_view: bool = False,
                 clock: dict[str, int] | None = None) -> None:
        """``clock``: the negotiation clock's seconds for each phase's discussion (`tabletop.clock`; none: no clock)."""
        super().__init__()
        self.clock_times = clock or {}
        self.clock: ClockControl | None = None  # made on mount when some phase has a time
        self.game = game
        self.deck = game.deck
        self.pace = pace  # how long each beat is held (`tabletop.pace`)
        self.room = room_view  # the room view: a large stage, the log folded away
        self.set_class(room_view, "-room", update=False)  # before the screen is first styled, not after (a restyle)
        self.paused = False
        self.title = visible(self.deck.deck.title)  # the Header shows it as plain text (Content)
        self.sub_title = "tabletop"
        self._timer: Timer | None = None
        self._odds_step = -1  # the state step whose roll's odds are on screen
        self._stance_step = -1  # the state step whose stance beat (the odds under each stance) is on screen
        self._queue: list[st.Scene] = []  # beats of the last action still to be shown, one at a time
        self._can_advance: bool | None = None  # what the footer last showed for Space
        self._held = False  # a step came due while a dialog covered the table
        self._stop_at_round = False  # the facilitator asked to stop at the start of the next round (to draw an event)
        self._decided: tuple[object, Decision] | None = None  # the engine's answer for the state on the table
        self._log: StoryLog | None = None  # the log widget, once found (`_story_log`)
        self._now = False  # the next step without a hold is made at once, not scheduled (`on_mount`)
        self._renders = 0  # how many times the table has been rendered (`render_state`)

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
            yield TallyBoard(self.deck.tallies, big=self.room, id="tallies")
            with Vertical(id="play"):
                yield Static(id="prompt")
                yield Hand(id="choices")
                with VerticalScroll(id="stage-box"):
                    yield StageView(self.deck, id="stage")
            yield StoryLog(self.deck, self.game.story, partial(key_for, self, "earlier"), id="log",
                           auto_scroll=True, min_width=20)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#log", RichLog).border_title = "Log"
        self.query_one("#tallies").border_title = "Tallies"
        self.query_one("#tallies").border_subtitle = "▲▼ this round"
        self.stage().show(st.latest(self.game), big=self.room)
        self._mount_clock()
        # A resumed game shows its story so far: its recent part, earlier lines on demand.
        self.query_one("#log", StoryLog).show_recent()
        if not self.game.applied and self._secrets_at_start():
            self.render_state()
            self.call_after_refresh(self.hand_offs_at_start)
        elif self.pace != "instant":
            self.render_state()
            self.call_after_refresh(self.next_step)
        else:
            # At the instant pace the first step is made now, not in a message of its own after the mount: the table
            # and its footer's keys are built once, as they stand after it, not once before it and again after. The
            # table is rendered once, as the step leaves it (or as it is, when no step was made: a person decides).
            self._now = True
            renders = self._renders
            try:
                self.next_step()
            finally:
                self._now = False
            if self._renders == renders:
                self.render_state()
        self._auto_focus()

    def _auto_focus(self) -> None:
        """Focus the first widget that takes it (by the app's ``AUTO_FOCUS``), if none has it: as Textual's auto focus
        does for a screen."""
        auto = self.app.AUTO_FOCUS
        if auto and self.focused is None and self.app.app_focus:
            for widget in self.query(auto):
                if widget.focusable:
                    widget.has_focus = True
                    self.set_focus(widget)
                    break

    # -- rendering ------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        if event.size == self.outer_size:
            # The resize the screen's own layout sends it (Textual 8.2.8, `Screen._refresh_layout`: the screen is one
            # of the widgets it sized), to the size it was just laid out at: Textual's handler (`Screen._on_resize`)
            # would lay it out again at that size, and the screens under it. A new size is Textual's to handle.
            event.prevent_default()
        self.stage().redraw()

    def _respond_is_human(self) -> bool:
        return self.game.setup.seats[self.game.state.respond_seat].kind == "human"

    def _secret_teams(self) -> list[str]:
        """The regional actors a team at this screen plays whose objectives include a secret one, in deck order."""
        actors = self.game.setup.actors
        return [a.id for a in self.deck.actors if a.id in actors and actors[a.id].kind == "team"
                and any(ob.secret for ob in a.objectives)]

    def _secrets_at_start(self) -> list[str]:
        """Who is shown a secret privately as a new game starts: the responding seat if people play it (its motive),
        then each team playing an actor with a secret objective. A team whose actor has no secret gets no hand-off."""
        return ([self.game.state.respond_seat] if self._respond_is_human() else []) + self._secret_teams()

    def hand_offs_at_start(self, readers: list[str] | None = None) -> None:
        """The hand-offs of a new game, one after another (`_secrets_at_start`); then the game goes on."""
        first = readers is None
        readers = self._secrets_at_start() if readers is None else readers
        if not readers:
            self.next_step()
            return
        if self.app.secrets_elsewhere and len(readers) > 1:
            # This screen is seen by all, and each reads its secret at its own link: one note names them all (one
            # note each stacked up over the log and the stage as the game began).
            names = [self.reader_label(r) for r in readers]
            self.notify(f"{', '.join(names[:-1])} and {names[-1]}: each of you reads your secret in your own private "
                        "view (the link the facilitator gave you); no secret is ever shown at this screen.",
                        title="Secrets", markup=False)
            self.next_step()
            return
        self.hand_off(readers[0], then=partial(self.hand_offs_at_start, readers[1:]), after_one=not first,
                      next_reader=readers[1] if len(readers) > 1 else None)

    def reader_label(self, reader: str) -> str:
        """A seat's label, or a regional actor's (the team that plays it)."""
        seat = next((s for s in self.deck.seats if s.id == reader), None)
        return seat.label if seat is not None else self.deck.actor(reader).label

    def seat_label(self, seat_id: str) -> str:
        if seat_id in self.game.setup.actors:  # a regional actor that a team or a bot plays, taking its stance
            who = "team" if self.game.setup.actors[seat_id].kind == "team" else "bot"
            return f"{self.deck.actor(seat_id).label} ({who})"
        seat = next(s for s in self.deck.seats if s.id == seat_id)
        kind = self.game.setup.seats[seat_id]
        who = "people" if kind.kind == "human" else "bot" + (f", {kind.style}" if kind.style else "")
        return f"{seat.label} ({who})"

    def render_state(self) -> None:
        self._renders += 1
        state = self.game.state
        seen = self.seen()  # the shared screen: a hidden tally is shown as hidden
        self.query_one(TallyBoard).show(seen.tallies, tally_history(seen), len(seen.history))
        mover = self.decision().mover
        status = Text()
        status.append(f" Round {state.round} of {state.rounds} ", style="bold reverse")
        if self.paused:
            status.append("  ")
            status.append(" PAUSED (P to go on) ", style="bold reverse")
        words = PHASE_WORDS[state.phase]
        if state.phase == "reactions":  # while a team or a bot takes its stance, the line names it: room for that
            words = "Reactions" if mover in self.game.setup.actors else f"Reactions: {who_rolls(self.deck)}"
        status.append(plain(f"  {words}  "))
        self.sub_title = "PAUSED: the game clock is stopped (P goes on)" if self.paused else "tabletop"
        if mover not in (None, TABLE):
            status.append(plain(f"  ▶ {self.seat_label(mover)} to move", "bold"))
        self.query_one("#status", Static).update(status)
        self.render_choices()
        self._update_advance()
        self._follow_clock()

    def _update_advance(self) -> None:
        """Space ("Next step") is offered only while there is a beat to show or a step for the table or a bot."""
        decision = self.decision()
        can_advance = bool(self._queue) or decision.action is not None or (
            decision.person and decision.phase in ("guess", "reactions"))
        if can_advance != self._can_advance:
            self._can_advance = can_advance
            self.refresh_bindings()

    def stage(self) -> StageView:
        return self.query_one("#stage", StageView)

    def render_choices(self) -> None:
        state = self.game.state
        decision = self.decision()
        prompt = self.query_one("#prompt", Static)
        choices = self.query_one("#choices", OptionList)
        mover = decision.mover
        choosing = decision.person and decision.phase in ("offer", "response")
        choices.clear_options()
        if choices.display != choosing:
            choices.display = choosing
            self.refresh_bindings()  # the card details key comes and goes with the hand
        self.query_one("#stage-box").set_class(choosing, "-beside-hand")  # the stage keeps the latest beat, smaller
        titles = [self.deck.event(e).title for e in state.events]
        event_line = (f"Event{'s' if len(titles) > 1 else ''} this round: {'; '.join(titles)}. " if titles else "")
        if not choosing:
            words = ""  # the stage shows what happened: the prompt says only who is to act
            if decision.by == "bot":
                assert mover is not None  # a bot plays a seat
                doing = "naming the hidden motive" if decision.phase == "guess" else "choosing"
                words = f"{self.seat_label(mover)} is {doing}…"
            elif decision.person and decision.phase == "reactions":
                assert mover is not None  # a team plays the actor about to roll
                words = f"{self.seat_label(mover)}: choose a stance before the roll."
            elif decision.phase == "guess":
                assert mover is not None  # the offer seat names the motive
                words = f"{self.seat_label(mover)}: name the hidden motive."
            if self.paused:
                words += (" " if words else "") + "Paused: Space for the next beat, P to go on."
            prompt.update(plain(words))
            prompt.display = bool(words)
            return
        prompt.display = True
        seat = next(s for s in self.deck.seats if s.id == mover)
        if decision.phase == "offer":
            prompt.update(plain(f"{event_line}{seat.label}: choose an option card to offer (Enter; "
                                f"{self._key('card')}: the card in full)."))
        else:
            offer = self.deck.option(state.offer).title if state.offer else "nothing"
            prompt.update(plain(f"{event_line}{seat.label}: the offer is “{offer}”. Choose a response (Enter; "
                                f"{self._key('card')}: the card in full)."))
        options: list[Option | None] = []  # added at once: one by one, each rule had every card measured again
        for n, item in enumerate(decision.menu):
            if n:
                options.append(None)  # a rule between cards: each card reads as one
            if item.kind == "play":
                assert item.card is not None  # a card's item names it (only Pass names none)
                card = self.deck.option(item.card) if decision.phase == "offer" else self.deck.response(item.card)
                options.append(card_option(self.deck, card, item))
            else:
                options.append(Option("Pass: no card can be played now", id=item.key))
        choices.add_options(options)
        choices.highlighted = next((i for i, o in enumerate(choices.options) if not o.disabled), None)
        if not choices.has_focus:
            self.set_focus(choices)  # now, not after the screen's auto focus has given it to the tallies first
        self.refresh_bindings()  # the card details key: a card is highlighted, or only Pass

    # -- the negotiation clock ----------------------------------------------------
    #
    # Presentation only (`widgets.clock`): a countdown while people discuss a decision in a phase with a time; at 0 a
    # bell and "Time is up", and the table waits for them as ever. It is not in the game, the save or the replay.

    def _mount_clock(self) -> None:
        if not any(self.clock_times.values()):
            return
        self.clock = ClockControl(self, self.clock_times, lambda: self.app.monotonic(), self._key)
        self.query_one("#play").mount(ClockView(self.clock, id="clock"), before="#prompt")

    def _follow_clock(self) -> None:
        """Start, keep or stop the countdown as the decision at hand says (a new one for each new decision)."""
        if self.clock is None:
            return
        decision = self.decision()
        phase = {"offer": "offer", "response": "response", "reactions": "stance"}.get(decision.phase)
        mover = decision.mover
        if not decision.person or phase is None or mover is None:
            self.clock.follow(None, None, "", self.paused)
            return
        if phase == "stance" and (self._queue or self._stance_due()):
            # A team is asked for its stance once the room has read the beats before it (the last roll, held at the
            # room's pace) and its stance beat is on the stage: its time starts then, not while another's roll shows.
            self.clock.follow(None, None, "", self.paused)
            return
        doing = {"offer": "the offer", "response": "the response", "stance": "the stance"}[phase]
        self.clock.follow((self.game.state.round, decision.phase, mover), phase, doing, self.paused)

    # -- the flow of the game -------------------------------------------------
    #
    # The stage shows one beat at a time: the beats of each action in turn, and before each roll its odds. Each
    # beat is held for the seconds the pace gives it (`tabletop.pace`; none at the instant pace), then the next
    # beat or the next table or bot step follows by itself. Space shows the next beat (or makes the next step) at
    # once; paused, nothing moves but by Space. A person's choice waits for the person.

    def held(self) -> float:
        """Seconds the beat on the stage is held before what comes next."""
        scene = self.stage().scene
        return hold(self.pace, scene.kind if scene is not None else "other")

    def next_step(self) -> None:
        """Schedule what comes next: a beat still to show, the table's or a bot's step, or nothing while a person must
        choose."""
        self._cancel_timer()
        decision = self.decision()
        if decision.phase == "over" and not self._queue:
            self.app.show_debrief(self.game)
            return
        if self._stop_at_round and decision.phase == "inject" and not self._queue:  # the facilitator draws this round's event
            self._stop_at_round = False
            self.paused = True
            self.render_state()
            self.action_facilitator(tab="tab-inject")
            return
        if self.paused:
            return
        if self._queue:
            self._later(self.held(), self._show_queued)
            return
        action = decision.action
        if action is None:
            if decision.person and decision.phase == "guess":
                self._later(self.held(), self.ask_guess)  # the ending's banner first
            elif decision.person and decision.phase == "reactions":
                # The last beat first; then the odds under each stance, on the stage for the room; then the choice.
                self._later(self.held(), self._show_stance_and_go_on if self._stance_due() else self.ask_stance)
            return
        if self._odds_due(action):
            self._later(self.held(), self._show_odds_and_go_on)
        else:
            self._later(self.held(), self.action_advance)

    def _odds_due(self, action) -> bool:
        return isinstance(action, Roll) and self._odds_step != self.game.state.step

    def _later(self, delay: float, callback: Callable[[], None]) -> None:
        def when_seen() -> None:  # nothing moves while a dialog covers the table: it waits for the room
            if self.is_active:  # the top screen: a modal over the table leaves it visible but not active
                callback()
            else:
                self._held = True

        if delay > 0:
            self._timer = self.set_timer(delay, when_seen)
        elif self._now:
            self._now = False  # one step only: the steps after it are scheduled, as ever
            when_seen()
        else:
            self.call_later(when_seen)

    def on_screen_resume(self) -> None:
        self._auto_focus()  # back from under a dialog with nothing focused
        if self._held:
            self._held = False
            self.next_step()

    def show_odds(self) -> None:
        """The exact odds of the next roll, with every modifier and its reason, as the room may know them."""
        scene = st.odds_scene(self.game)
        if scene is None:
            return
        self.stage().show(scene)
        self._odds_step = self.game.state.step

    def _stance_due(self) -> bool:
        """Whether the stance beat of the team to choose now is still to be shown on the stage."""
        return self._stance_step != self.game.state.step

    def show_stance(self) -> None:
        """The odds of the coming roll under each stance the team may take, on the stage: the room reads them before
        the team chooses (the dialog lists them again)."""
        scene = st.stance_scene(self.game)
        self._stance_step = self.game.state.step
        if scene is not None:
            self.stage().show(scene)
        self._follow_clock()  # the team is asked now: its countdown starts

    def _show_stance_and_go_on(self) -> None:
        self.show_stance()
        self.next_step()

    def _show_odds_and_go_on(self) -> None:
        self.show_odds()
        self.next_step()

    def _show_queued(self) -> None:
        self.stage().show(self._queue.pop(0))
        self._update_advance()
        self.next_step()

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
        """After any change to the game (saved by the app's autosaver): log, stage, show, go on."""
        self.show_happenings(happened)
        self.render_state()
        self.next_step()

    def show_happenings(self, happened: list[h.Happening]) -> None:
        """The log's lines for what happened, and its beats on the stage: the first now, the others queued (at the
        instant pace, only the last: nothing waits)."""
        log = self.query_one("#log", RichLog)
        for line in describe(self.deck, happened):
            log.write(plain(line))
        if not self.game.log:
            return
        beats = st.scenes_after(self.game, self.game.log[-1], happened)
        if not beats:
            return
        if hold(self.pace, "other") == 0:
            beats = beats[-1:]
        self._queue = beats[1:]
        self.stage().show(beats[0])

    # -- actions --------------------------------------------------------------

    @on(OptionList.OptionSelected, "#choices")
    def choice_made(self, event: OptionList.OptionSelected) -> None:
        item = next((i for i in self.decision().menu if i.key == event.option_id), None)
        if item is not None and item.action is not None:
            self.act(item.action)

    def action_advance(self) -> None:
        """Show the next beat, or make the next automatic step, now (Space, or when a beat's hold is over)."""
        self._cancel_timer()
        if self._queue:
            self._show_queued()
            return
        decision = self.decision()
        action = decision.action
        if action is None:
            if decision.person and decision.phase == "guess":
                self.ask_guess()
            elif decision.person and decision.phase == "reactions":
                if self._stance_due():
                    self._show_stance_and_go_on()
                else:
                    self.ask_stance()
            return
        if self._odds_due(action):
            self.show_odds()
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

    def action_room_view(self) -> None:
        """The room view on or off: a large stage and large tallies for a projector, the log folded away."""
        self.room = not self.room
        self.set_class(self.room, "-room")
        self.query_one(TallyBoard).big = self.room
        scene = self.stage().scene
        if scene is not None:
            self.stage().show(scene, big=self.room)

    def action_facilitator(self, tab: str | None = None) -> None:
        self._cancel_timer()
        from .facilitator import Clock, FacilitatorScreen

        def set_paused(paused: bool) -> None:
            self.paused = paused
            self.render_state()

        def stop_at_next_round() -> None:
            self._stop_at_round = True

        clock = Clock(self.paused, set_paused, stop_at_next_round, self.clock.words if self.clock else None)
        self.app.push_screen(FacilitatorScreen(self.game, clock, tab), self._ruled)

    def _ruled(self, happened: list[h.Happening] | None) -> None:
        if happened:
            if any(isinstance(x, h.Undone) for x in happened) and not self.paused:
                self.paused = True  # after an undo, let the room look before anything moves again
                self.notify("Paused after the undo. Press P to go on.", title="Paused")
            self._odds_step = -1  # a roll's odds are shown again before it is made
            self._stance_step = -1  # and the odds under each stance before a team chooses again
            self.after(happened)
        else:
            self.next_step()

    def _private_seats(self) -> list[str]:
        """The seats played by people that know something the room may not: the responding seat (its motive), and a
        seat that knows a tally hidden from the other; the responding seat first; then the teams playing a regional
        actor with a secret objective."""
        state = self.game.state
        secret = compiled(self.deck).secret
        seats = [state.respond_seat, state.offer_seat]
        return [s for s in seats if self.game.setup.seats[s].kind == "human"
                and (s == state.respond_seat or secret[None] - secret[s])] + self._secret_teams()

    def action_motive(self) -> None:
        """The private hand-off: blank screen, a seat (or an actor's team) takes the keyboard, sees what only it may
        know (the seat or team to move, if it has a secret; else the first that has one)."""
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

    def _key(self, action: str) -> str:
        """The key bound to ``action`` on this screen (after any remapping), as the footer shows it, shown or not."""
        for bindings in self._bindings.key_to_bindings.values():
            for binding in bindings:
                if binding.action == action:
                    return binding.key_display or self.app.get_key_display(binding)
        return "ctrl+p"

    def _highlighted_item(self):
        """The menu item of the card under the hand's cursor, or None (no hand on screen, or Pass)."""
        lists = self.query("#choices").results(OptionList)
        choices = next(lists, None)
        if choices is None or not choices.display or choices.highlighted is None:
            return None
        key = choices.get_option_at_index(choices.highlighted).id
        return next((i for i in self.decision().menu if i.key == key and i.kind == "play"), None)

    def action_card(self) -> None:
        """Show the highlighted card in full (a dialog); Enter there plays it, when it can be played."""
        item = self._highlighted_item()
        if item is not None:
            self.show_card(item.key)

    def show_card(self, key: str) -> None:
        """The card of the menu item ``key`` in full, as the room may know it; the table waits meanwhile."""
        from .card import CardScreen

        decision = self.decision()
        item = next((i for i in decision.menu if i.key == key), None)
        if item is None or item.card is None:
            return
        card = self.deck.option(item.card) if decision.phase == "offer" else self.deck.response(item.card)
        verb = "Offer" if decision.phase == "offer" else "Respond with"

        def chosen(play: bool | None) -> None:
            if play and item.action is not None and self.decision() is decision:
                self.act(item.action)

        self.app.push_screen(CardScreen(self.deck, card, item, verb), chosen)

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

    def hand_off(self, seat_id: str, then: Callable[[], None] | None = None, *, after_one: bool = False,
                 next_reader: str | None = None) -> None:
        """The private hand-off: the projector blanked, then the secret for ``seat_id`` only (from its own view: a
        seat's, or an actor's team's), then a blank screen and the table again; shown at once when no one else plays
        at this screen. ``then``: what comes after (default: the game goes on). Hand-offs one after another:
        ``after_one``, this one follows another; ``next_reader``, whose comes next (the projector stays blank)."""
        from ...present.private import secret_of
        from .modals import HandOffScreen

        after = then or self.next_step
        secret = secret_of(view(self.game.state, seat_id))  # its own view: nothing of another seat's or team's secret
        if secret.empty:
            after()
            return
        if self.app.secrets_elsewhere:  # this screen is seen by all: the seat reads its secret in its private view
            self.notify(f"{self.reader_label(seat_id)}: your secret is in your private view (the link the facilitator "
                        "gave you); it is never shown at this screen.", title="Secrets", markup=False)
            after()
            return
        setup = self.game.setup
        people = [s for s, c in setup.seats.items() if c.kind == "human"] + [
            a for a, c in setup.actors.items() if c.kind == "team"]
        alone = all(p == seat_id for p in people)
        self.app.push_screen(HandOffScreen(secret, alone=alone, private_command=f"{command()} private --seat {seat_id}",
                                           slip=self.app.write_slip, after_one=after_one,
                                           next_label=None if next_reader is None else self.reader_label(next_reader)),
                             lambda _: after())

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

    def ask_stance(self) -> None:
        """The team playing the actor about to roll takes a stance (a modal showing the odds under each), and the
        stance is taken."""
        from .modals import StanceScreen

        decision = self.decision()
        actor = decision.mover
        if actor is None or not (decision.person and decision.phase == "reactions") or isinstance(
                self.app.screen, StanceScreen):
            return
        under = stance_odds(view(self.game.state, None), actor)
        allowed = {item.card for item in decision.choices}

        def taken(stance: str | None) -> None:
            if stance is not None:
                self.act(TakeStance(actor, stance))

        self.app.push_screen(StanceScreen(self.deck, actor, [(st, odds) for st, odds in under if st.id in allowed],
                                          clock=self.clock), taken)

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
                    out.append((f"{verb}: {heading(item)}", f"{card_line(self.deck, item)} {item.text}",
                                partial(self.act, item.action)))
                else:
                    out.append(("Pass", item.text, partial(self.act, item.action)))
            for item in decision.menu:  # not moves: each opens the card, which says why it cannot be played now
                if not item.playable and item.kind == "play":
                    out.append((f"See why not: {heading(item)}", f"{card_line(self.deck, item)} {item.text}",
                                partial(self.show_card, item.key)))
        if decision.action is not None:
            out.append(("Next step", "Make the next table step now", self.action_advance))
        if self.clock is not None:
            out += self.clock.palette_commands()
        out.append(("Resume automatic steps" if self.paused else "Pause automatic steps",
                    "Stop or restart the table's automatic steps", self.action_pause))
        out.append(("Facilitator panel", "Override a roll, adjust a tally, add a note or undo", self.action_facilitator))
        out.append(("Leave the room view" if self.room else "Room view",
                    "For a projector: a large stage and large tallies, the log folded away", self.action_room_view))
        if self._private_seats() and state.phase != "over":
            hidden = bool(compiled(self.deck).secret[None]) or bool(self._secret_teams())
            out.append(("Show what only one seat or team knows (in private)" if hidden else
                        "Show the secret motive (in private)",
                        "For the seat or team that knows it only" if hidden else "For the responding seat only",
                        self.action_motive))
        if self.query_one("#log", StoryLog).first:
            out.append(("Earlier log", "Show earlier lines of the log", self.action_earlier))
        return out

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "advance":
            return bool(self._can_advance)
        if action in CLOCK_ACTIONS:
            return self.clock_key_allowed()
        if action == "motive":
            return bool(self._private_seats()) and self.game.state.phase != "over"
        if action == "card":
            return self._highlighted_item() is not None
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
