"""Setup: the deck, who plays each seat (and each regional actor that has stances), the seed and the rounds — a
seminar playing within a minute."""

from __future__ import annotations

import random
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Label, Static

from ...clock import DECK, OFF, ClockChoice, clock_short, clock_times, deck_times
from ...deck import Deck
from ...engine.limits import DRAWN_SEEDS, SetupError, check_setup, rounds_from_text, seed_from_text
from ...engine.state import ActorConfig, SeatConfig, Setup, is_actor_kind, is_seat_kind
from ...pace import PACE_WORDS
from ...paths import bundled_decks
from ..plain import plain
from ..widgets.footer import Footer
from ..widgets.select import Select
from .table import FrameAfterBatch, StyledOnMount

if TYPE_CHECKING:
    from textual import getters

    from ..app import TabletopApp


def seat_choices(deck: Deck, seat_id: str) -> list[tuple[Text, str]]:
    """(label, value) pairs for a seat's selector: people, or the bot (with each style for the offer seat)."""
    seat = next(s for s in deck.seats if s.id == seat_id)
    out = [(Text("People at this screen"), "human")]
    if seat.role == "respond":
        out.append((Text("Bot (plays its hidden motive)"), "bot"))
    elif seat.styles:  # each style with its one line of description, when the deck gives one
        out += [(plain(f"Bot: {st.label}" + (f" — {' '.join(st.description.split())}" if st.description else "")),
                 f"bot:{st.id}") for st in seat.styles]
    else:
        out.append((Text("Bot"), "bot"))
    return out


def seat_value(deck: Deck, seat_id: str, config: SeatConfig | None) -> str:
    """The selector's value for a seat configured as ``config`` (a game just played), if the deck still offers
    it; else people at this screen."""
    if config is None:
        return "human"
    value = config.kind + (f":{config.style}" if config.style else "")
    return value if value in [v for _, v in seat_choices(deck, seat_id)] else "human"


def seat_config(value: str) -> SeatConfig:
    kind, _, style = value.partition(":")
    if not is_seat_kind(kind):  # as the seat config would refuse it
        raise ValueError(f"expected a seat kind, human or bot, found {kind!r}")
    return SeatConfig(kind, style or None)


def actor_choices(deck: Deck, actor_id: str, config: ActorConfig | None = None) -> list[tuple[Text, str]]:
    """(label, value) pairs for a regional actor's selector: the dice, a team at this screen, or the bot (and, for a
    bot given a fixed stance, as on the command line, that choice too)."""
    out = [(Text("The dice (it rolls for itself)"), "dice"),
           (Text("A team at this screen (takes stances)"), "team"),
           (Text("Bot (takes stances by the deck's policy)"), "bot")]
    if config is not None and config.kind == "bot" and config.stance is not None:
        stance = next((st for st in deck.actor(actor_id).stances if st.id == config.stance), None)
        if stance is not None:
            out.append((plain(f"Bot, always: {stance.label}"), f"bot:{stance.id}"))
    return out


def actor_value(config: ActorConfig | None) -> str:
    """The selector's value for an actor played as ``config`` (a game just played, or ``--actors``): the dice when
    none."""
    if config is None:
        return "dice"
    return config.kind + (f":{config.stance}" if config.stance else "")


def actor_config(value: str) -> ActorConfig:
    kind, _, stance = value.partition(":")
    if not is_actor_kind(kind):  # as the actor config would refuse it
        raise ValueError(f"expected an actor kind, dice, team or bot, found {kind!r}")
    return ActorConfig(kind, stance or None)


class SetupScreen(StyledOnMount, FrameAfterBatch, Screen[None]):
    """Choose a deck and seats; Start opens the table."""

    AUTO_FOCUS = ""  # the seats' first choice takes the focus in on_mount, not the form's scroll box first

    if TYPE_CHECKING:
        app = getters.app(TabletopApp)  # self.app, typed

    BINDINGS = [
        Binding("f5", "start", "Start", id="setup.start", tooltip="Start the game with these settings"),
        Binding("f6", "resume", "Last game", id="setup.resume",
                tooltip="Continue the last saved game (or show its debrief, if it is over): the button says which"),
        Binding("f7", "new_seed", "New seed", id="setup.seed", tooltip="Draw another random seed"),
        Binding("escape", "app.quit", "Quit", id="setup.quit", tooltip="Leave tabletop"),
    ]

    def __init__(self, deck: Deck, seed: int | None = None, rounds: int | None = None,
                 seats: dict[str, SeatConfig] | None = None, actors: dict[str, ActorConfig] | None = None) -> None:
        """``seats``: who played each seat in the game just played, chosen again (default: people); ``actors``: who
        played each regional actor (or ``--actors``), chosen again (default: the dice)."""
        super().__init__()
        self.deck = deck
        self.seats = seats or {}
        self.actors = actors or {}
        self.seed = random.SystemRandom().randrange(DRAWN_SEEDS) if seed is None else seed
        self.rounds = deck.deck.rounds if rounds is None else rounds
        self.resumable: Path | None = None  # the save to resume, once the app has found one (`offer_resume`)

    @property
    def deck_file(self) -> str:
        """The file the deck was read from."""
        assert self.deck.origin is not None  # the app opens decks from files (`load_deck` says which)
        return self.deck.origin.path

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="setup"):
            yield Static(Text.assemble(plain(self.deck.deck.title, "bold"), "\n", plain(self.deck.deck.source)),
                         id="setup-title")
            if self.deck.deck.description:
                yield Static(plain(self.deck.deck.description.strip()), id="setup-description")
            with Grid(id="setup-form"):
                yield Label("Deck")
                current = self.deck_file
                decks = [(plain(self.deck.deck.title if str(p) == current else f"Bundled: {p.stem}"), str(p))
                         for p in bundled_decks()]
                if current not in [v for _, v in decks]:
                    decks.append((plain(f"{self.deck.deck.title} ({current})"), current))
                yield Select(decks, value=current, allow_blank=False, id="deck-select", compact=True)
                yield Label("…or a deck file")
                yield Input(placeholder="path/to/deck.toml, then Enter", id="deck-path", compact=True)
                for seat in self.deck.seats:
                    yield Label(plain(f"{seat.label} ({'offers' if seat.role == 'offer' else 'responds'})"))
                    yield Select(seat_choices(self.deck, seat.id), allow_blank=False,
                                 value=seat_value(self.deck, seat.id, self.seats.get(seat.id)),
                                 id=f"seat-{seat.id}", classes="seat-select", compact=True)
                yield from self.actor_fields()
                yield Label("Seed (same seed, same game)")
                yield Input(str(self.seed), type="integer", id="seed", compact=True)
                yield Label("Rounds")
                yield Input(str(self.rounds), type="integer", id="rounds", compact=True)
                yield Label("Pace of the table")
                yield Select(self.pace_choices(), value=self.app.pace_choice or "default", allow_blank=False,
                             id="pace", compact=True)
                yield Label("Negotiation clock")
                yield Select(self.clock_choices(), value=self.clock_value(), allow_blank=False, id="clock",
                             tooltip="A countdown while people discuss each decision (offer / response / stance): "
                                     "at 0 it rings and says so, and never decides for them", compact=True)
            yield Static("Choose who plays each seat: people at this screen (hot-seat: the keyboard passes "
                         "between the teams) or the bot." + (
                             " A regional actor may be played by a team too, or a bot; by default the dice play it."
                             if self.stanced() else "") + " Then press F5 or click Start. F1 explains the rules.",
                         id="setup-hint")
            yield Static(id="setup-error")
            with Horizontal(id="setup-buttons"):
                yield Button("Start (F5)", variant="primary", id="start")
                resume = Button("Resume (F6)", id="resume")
                resume.display = False  # until the app finds a game to resume
                yield resume
                yield Button("Quit", id="quit")
        yield Footer()

    def stanced(self) -> list[str]:
        """The regional actors a team or a bot may play: those the deck gives stances."""
        return [a.id for a in self.deck.actors if a.stances]

    def actor_fields(self) -> ComposeResult:
        """A selector for each regional actor with stances: the dice, a team at this screen, or the bot."""
        for actor_id in self.stanced():
            actor = self.deck.actor(actor_id)
            config = self.actors.get(actor_id)
            yield Label(plain(f"{actor.label} (regional actor)"))
            yield Select(actor_choices(self.deck, actor_id, config), allow_blank=False, value=actor_value(config)
                         if actor_value(config) in [v for _, v in actor_choices(self.deck, actor_id, config)]
                         else "dice", id=f"actor-{actor_id}", classes="actor-select", compact=True)

    def chosen_actors(self) -> dict[str, ActorConfig]:
        """Who plays each actor with stances, as chosen (those on the dice left out: they roll for themselves)."""
        chosen = {a: actor_config(str(self.query_one(f"#actor-{a}", Select).value)) for a in self.stanced()}
        return {a: config for a, config in chosen.items() if config.kind != "dice"}

    def pace_choices(self) -> list[tuple[Text, str]]:
        """The paces (`tabletop.pace`), after the default: the config's pace, else by the seats."""
        configured = self.app.config.pace
        default = (f"Default: {configured} (config.toml)" if configured
                   else "Default: room for hot-seat, brisk otherwise")
        return [(Text(default), "default")] + [(Text(f"{name}: {words}"), name) for name, words in PACE_WORDS.items()]

    def clock_choices(self) -> list[tuple[Text, str]]:
        """The negotiation clock (`tabletop.clock`): by default (the config's, else the deck's times with two teams
        of people or more and none solo), the deck's times, off, or the times chosen on the command line. Times read
        offer / response / stance."""
        configured = self.app.config.clock
        deck = deck_times(self.deck.clock)
        default = (f"Default: {clock_short(clock_times(self.deck.clock, configured, seminar=True))} (config.toml)"
                   if configured is not None else "Default: the deck's with 2+ teams, off solo")
        out = [(Text(default), "default"),
               (Text(f"Deck's: {clock_short(deck)}" + (" (offer / response / stance)" if any(deck.values()) else "")),
                "deck"),
               (Text("Off"), "off")]
        chosen = self.app.clock_choice
        if chosen is not None and chosen.times:
            out.append((Text(f"Chosen: {clock_short(clock_times(self.deck.clock, chosen, seminar=True))}"), "chosen"))
        return out

    def clock_value(self) -> str:
        chosen = self.app.clock_choice
        if chosen is None:
            return "default"
        return "chosen" if chosen.times else chosen.mode

    def chosen_clock(self) -> ClockChoice | None:
        """The clock the form says (None: the default)."""
        value = str(self.query_one("#clock", Select).value)
        return {"default": None, "deck": DECK, "off": OFF}.get(value, self.app.clock_choice)

    def on_mount(self) -> None:
        # Seats first: that is the choice to make; F5 starts from anywhere.
        self.set_focus(self.query_one(".seat-select", Select), scroll_visible=False)

    def setup(self) -> Setup | None:
        """The setup the form describes, or None (with the engine's reason shown, the field at fault focused) if
        no game can start from it (`tabletop.engine.limits`: the same rules as the command line's)."""
        error = self.query_one("#setup-error", Static)
        try:
            seed = seed_from_text(self.query_one("#seed", Input).value)
            rounds = rounds_from_text(self.deck, self.query_one("#rounds", Input).value)
            seats = {s.id: seat_config(str(self.query_one(f"#seat-{s.id}", Select).value)) for s in self.deck.seats}
            setup = check_setup(self.deck, Setup(seats, seed, None if rounds == self.deck.deck.rounds else rounds,
                                                 self.chosen_actors()))
        except SetupError as e:
            error.update(plain(f"ERROR: {e.field}: {e}"))
            if e.field in ("seed", "rounds"):
                self.query_one(f"#{e.field}", Input).focus()
            return None
        error.update("")
        return setup

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resume":
            return bool(self.resumable)
        return True

    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        setup = self.setup()
        if setup is not None:
            pace = str(self.query_one("#pace", Select).value)
            self.app.pace_choice = None if pace == "default" else pace
            self.app.clock_choice = self.chosen_clock()
            self.app.start_game(self.deck, setup)

    def offer_resume(self, path: Path, words: str, over: bool = False) -> None:
        """Offer to resume the game saved at ``path`` (``words`` say which game it is); a game that is ``over``
        is offered for its debrief instead."""
        self.resumable = path
        button = self.query_one("#resume", Button)
        button.label = plain(f"{'Debrief' if over else 'Resume'} (F6): {words}")
        button.display = True
        self.refresh_bindings()

    @on(Button.Pressed, "#resume")
    def action_resume(self) -> None:
        if self.resumable:
            self.app.resume_save(self.resumable)

    @on(Button.Pressed, "#quit")
    def quit_pressed(self) -> None:
        self.app.exit()

    def action_new_seed(self) -> None:
        self.query_one("#seed", Input).value = str(random.SystemRandom().randrange(DRAWN_SEEDS))

    @on(Select.Changed, "#deck-select")
    def deck_chosen(self, event: Select.Changed) -> None:
        if str(event.value) != self.deck_file:
            self.app.open_deck(Path(str(event.value)))

    @on(Input.Submitted, "#deck-path")
    def path_entered(self, event: Input.Submitted) -> None:
        path = Path(event.value.strip()).expanduser()
        if not path.is_file():
            self.query_one("#setup-error", Static).update(plain(f"ERROR: no deck file at {path}"))
            return
        self.app.open_deck(path)
