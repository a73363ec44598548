"""The state of one game: plain frozen data, changed only by `tabletop.engine.rules.apply`.

A `GameState` holds everything needed to continue the game, the generator's
state included, so that going back to an earlier state goes back to the same
future dice. Its dicts are never mutated by the engine; treat them as read-only.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any, Final, Literal, Protocol, TypedDict, TypeGuard, Union, Unpack

import attrs
from attrs import field, frozen

from ..deck.model import Deck
from ..records import Record

#: The phases of a game, in order. The first five repeat once per round.
PHASES = ("inject", "offer", "response", "reactions", "tally", "guess", "over")
PLAY_PHASES = PHASES[:5]

#: Who makes the system steps (drawing the event, rolling for an actor, closing the round).
TABLE: Final = "table"
#: Who makes the facilitator actions (override, adjust, note, undo).
FACILITATOR: Final = "facilitator"


SeatKind = Literal["human", "bot"]
SEAT_KINDS: Final[tuple[SeatKind, ...]] = ("human", "bot")


def is_seat_kind(value: object) -> TypeGuard[SeatKind]:
    """Whether ``value`` is a kind of `SeatConfig`: "human" or "bot"."""
    return value in SEAT_KINDS


@frozen(repr=False, eq=False)
class SeatConfig(Record):
    """Who plays a seat: people at the screen, or the bot (with a style, for the offer seat)."""

    kind: SeatKind = field(default="human", validator=attrs.validators.in_(SEAT_KINDS))
    style: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {"kind": self.kind, "style": self.style}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SeatConfig:  # JSON as read: the constructor checks it
        return cls(kind=data["kind"], style=data.get("style"))


ActorKind = Literal["dice", "team", "bot"]
ACTOR_KINDS: Final[tuple[ActorKind, ...]] = ("dice", "team", "bot")


def is_actor_kind(value: object) -> TypeGuard[ActorKind]:
    """Whether ``value`` is a kind of `ActorConfig`: "dice", "team" or "bot"."""
    return value in ACTOR_KINDS


@frozen(repr=False, eq=False)
class ActorConfig(Record):
    """Who plays a regional actor: the dice (it rolls for itself), a team at the screen or a bot, which choose a
    stance before each of its rolls (``stance``: a bot that always takes this stance, for `simulate`'s table)."""

    kind: ActorKind = field(default="dice", validator=attrs.validators.in_(ACTOR_KINDS))
    stance: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        data: dict[str, str | None] = {"kind": self.kind}
        if self.stance is not None:
            data["stance"] = self.stance
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ActorConfig:  # JSON as read: the constructor checks it
        return cls(kind=data["kind"], stance=data.get("stance"))


@frozen(repr=False, eq=False)
class Setup(Record):
    """What a game starts from besides the deck: seats, seed, the number of rounds, and who plays the actors that
    the dice do not (``actors``: actor id -> config; an actor not named rolls for itself)."""

    seats: dict[str, SeatConfig]
    seed: int
    rounds: int | None = None  # None: the deck's number of rounds
    actors: dict[str, ActorConfig] = field(factory=dict)

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"seats": {k: v.to_dict() for k, v in self.seats.items()}, "seed": self.seed,
                                   "rounds": self.rounds}
        played = {k: v.to_dict() for k, v in self.actors.items() if v.kind != "dice"}
        if played:  # a game with every actor on the dice is written as before
            data["actors"] = played
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Setup:  # JSON as read
        actors = data.get("actors") or {}
        if not isinstance(actors, Mapping):
            raise TypeError(f"expected the actors as a table, found {type(actors).__name__}")
        return cls({k: SeatConfig.from_dict(v) for k, v in data["seats"].items()}, data["seed"], data.get("rounds"),
                   {k: ActorConfig.from_dict(v) for k, v in actors.items()})


@frozen(repr=False, eq=False)
class AppliedModifier(Record):
    """A modifier that applies to a roll, and where it comes from."""

    value: int
    reason: str
    source: Literal["actor", "event", "offer", "response", "stance"]
    source_id: str  # the actor's or card's id (a stance's: the stance's id)
    secret: bool = False  # its condition reads the hidden motive: see `tabletop.engine.views.shown_modifier`
    hidden: frozenset[str] = frozenset()  # the tallies hidden from some seat (``hidden_from``) its condition reads


@frozen(repr=False, eq=False)
class RoundRecord(Record):
    """A closed round: what was drawn and played, and the tallies at its close."""

    round: int
    events: tuple[str, ...]  # the round's events, in the order they came (none: a round without an event)
    offer: str | None  # None: the seat passed (no playable card)
    response: str | None
    tallies: dict[str, int]

    @property
    def event(self) -> str | None:
        """The round's first event (a deck with one event a round: its event), None if it had none."""
        return self.events[0] if self.events else None


@frozen(repr=False, eq=False)
class RollRecord(Record):
    """The most recent roll, kept so that the facilitator can override it exactly.

    `before` is the state just before the roll's row took effect (the dice
    already rolled): an override resolves the new row from there. It is made
    only when asked for, from the state before the roll (``base``) and the
    generator's state after the dice (``rng``).
    """

    actor: str
    faces: tuple[int, ...]
    dice_total: int
    modifiers: tuple[AppliedModifier, ...]
    total: int
    row: int  # index into the actor's reaction table
    base: GameState  # the state the roll was made on
    rng: int  # the game generator's state once the dice had fallen

    @property
    def before(self) -> GameState:
        """The state just before the roll's row took effect: the dice rolled, the actor counted, no row applied."""
        d = Draft(self.base)
        dice_fallen(d, self.rng)
        return d.done()


def dice_fallen(d: Draft, rng: int) -> None:
    """What a roll changes on a draft of the state it is made on, before its row takes effect: the generator's
    state (``rng``, after the dice), the actors rolled, the phase; no roll to override yet."""
    d.rng, d.rolled, d.last_roll, d.stance = rng, d.rolled + 1, None, None
    d.phase = "reactions" if d.rolled < len(d.deck.actors) else "tally"


class Seats(Record):
    """What a state, a draft and a view all derive from their deck and history: the two seats' ids and the round
    before this one. (A mixin without fields: the classes that use it hold ``deck``, ``history`` and ``round``.)"""

    __slots__ = ()
    deck: Deck
    history: tuple[RoundRecord, ...]
    round: int
    events: tuple[str, ...]

    @property
    def event(self) -> str | None:
        """This round's first event (a deck with one event a round: its event), None before the draw or without one;
        `events` holds them all."""
        return self.events[0] if self.events else None

    @property
    def offer_seat(self) -> str:
        return self.deck.seat_by_role("offer").id

    @property
    def respond_seat(self) -> str:
        return self.deck.seat_by_role("respond").id

    @property
    def previous(self) -> RoundRecord | None:
        """The last round before the current one, if any."""
        for record in reversed(self.history):  # (a loop, not a generator: conditions read it at nearly every action)
            if record.round < self.round:
                return record
        return None


@frozen(repr=False, eq=False)
class GameState(Seats):
    deck: Deck = field(eq=False, repr=False)
    seats: dict[str, SeatConfig]
    seed: int
    rng: int  # the game generator's whole state (see `tabletop.engine.rng`)
    rounds: int
    motive: str  # hidden: the respond seat's motive id (a `tabletop.engine.views.SeatView` may not hold it)
    tallies: dict[str, int]
    hand: tuple[str, ...]  # the offer seat's option cards
    pile: tuple[str, ...]  # the draw pile, next card first
    discard: tuple[str, ...]  # played option cards, reshuffled when the pile runs out
    likelihood: dict[str, Fraction]  # per motive: chance that its bot policy plays the responses seen (public evidence)
    phase: str = "inject"
    round: int = 1
    step: int = 0  # actions applied to reach this state
    events: tuple[str, ...] = ()  # this round's events (in the order drawn), offer and response
    offer: str | None = None
    response: str | None = None
    rolled: int = 0  # actors rolled this round, in deck order
    drawn: tuple[str, ...] = ()  # every event drawn so far, in order
    played: tuple[str, ...] = ()  # every card played so far, in order
    history: tuple[RoundRecord, ...] = ()
    last_roll: RollRecord | None = None  # set by a roll, kept by overrides and notes, cleared by anything else
    ending: str | None = None
    guess: str | None = None
    scores: dict[str, int] = field(factory=dict)
    actors: dict[str, ActorConfig] = field(factory=dict)  # the actors a team or a bot plays (none: all on the dice)
    stance: str | None = None  # the stance taken for the actor about to roll (cleared by its roll)
    actor_scores: dict[str, int] = field(factory=dict)  # at the end: each actor with objectives, its points


class StateLike(Protocol):
    """What conditions, modifiers and whose move it is read: a `GameState`, a `Draft` of one during an action, or a
    seat's `tabletop.engine.views.SeatView` (without the motive, unless the seat may know it)."""

    @property
    def deck(self) -> Deck: ...
    @property
    def phase(self) -> str: ...
    @property
    def round(self) -> int: ...
    @property
    def tallies(self) -> dict[str, int]: ...
    @property
    def motive(self) -> str | None: ...
    @property
    def events(self) -> tuple[str, ...]: ...
    @property
    def offer(self) -> str | None: ...
    @property
    def response(self) -> str | None: ...
    @property
    def played(self) -> tuple[str, ...]: ...
    @property
    def drawn(self) -> tuple[str, ...]: ...
    @property
    def history(self) -> tuple[RoundRecord, ...]: ...
    @property
    def ending(self) -> str | None: ...
    @property
    def rolled(self) -> int: ...
    @property
    def actors(self) -> dict[str, ActorConfig]: ...
    @property
    def stance(self) -> str | None: ...
    @property
    def previous(self) -> RoundRecord | None: ...
    @property
    def offer_seat(self) -> str: ...
    @property
    def respond_seat(self) -> str: ...


#: The whole game as it stands, hidden motive included: a frozen state, or the draft an action (or a `Playout`) is
#: changing. What the rules and the bots' choices read (a bot still reads its seat's view of it).
Whole = Union["GameState", "Draft"]


def tally_history(state: StateLike) -> dict[str, list[int]]:
    """Each tally's values for a chart: the start, each closed round, then now (unless that adds nothing). Of a
    seat's view: only the tallies it may know (those in its ``tallies``)."""
    known = [t for t in state.deck.tallies if t.id in state.tallies]
    points = [{t.id: t.start for t in known}] + [r.tallies for r in state.history]
    closed = bool(state.history) and state.history[-1].round == state.round
    if not (closed and all(points[-1][t.id] == state.tallies[t.id] for t in known)):
        points.append(state.tallies)
    return {t.id: [p[t.id] for p in points] for t in known}


# --------------------------------------------------------------------------
# Changing a state: one new state per action
# --------------------------------------------------------------------------

class Changes(TypedDict, total=False):
    """Some fields of a `GameState` and their new values, for `replace` and `Draft.set`."""

    deck: Deck
    seats: dict[str, SeatConfig]
    seed: int
    rng: int
    rounds: int
    motive: str
    tallies: dict[str, int]
    hand: tuple[str, ...]
    pile: tuple[str, ...]
    discard: tuple[str, ...]
    likelihood: dict[str, Fraction]
    phase: str
    round: int
    step: int
    events: tuple[str, ...]
    offer: str | None
    response: str | None
    rolled: int
    drawn: tuple[str, ...]
    played: tuple[str, ...]
    history: tuple[RoundRecord, ...]
    last_roll: RollRecord | None
    ending: str | None
    guess: str | None
    scores: dict[str, int]
    actors: dict[str, ActorConfig]
    stance: str | None
    actor_scores: dict[str, int]


def replace(state: GameState, changes: Changes) -> GameState:
    """``state`` with ``changes`` (field -> value): a new `GameState`, as `attrs.evolve` makes it, about three times
    faster (every field named here: a test keeps this list whole)."""
    return GameState(
        changes.get('deck', state.deck),
        changes.get('seats', state.seats),
        changes.get('seed', state.seed),
        changes.get('rng', state.rng),
        changes.get('rounds', state.rounds),
        changes.get('motive', state.motive),
        changes.get('tallies', state.tallies),
        changes.get('hand', state.hand),
        changes.get('pile', state.pile),
        changes.get('discard', state.discard),
        changes.get('likelihood', state.likelihood),
        changes.get('phase', state.phase),
        changes.get('round', state.round),
        changes.get('step', state.step),
        changes.get('events', state.events),
        changes.get('offer', state.offer),
        changes.get('response', state.response),
        changes.get('rolled', state.rolled),
        changes.get('drawn', state.drawn),
        changes.get('played', state.played),
        changes.get('history', state.history),
        changes.get('last_roll', state.last_roll),
        changes.get('ending', state.ending),
        changes.get('guess', state.guess),
        changes.get('scores', state.scores),
        changes.get('actors', state.actors),
        changes.get('stance', state.stance),
        changes.get('actor_scores', state.actor_scores),
    )


class Draft(Seats):
    """A state that one action is changing, as plain attributes: reads and writes are attribute accesses, and
    `done` makes the one new state (the rules apply an action to a draft and freeze it once, instead of making a
    state at every step of the action). Conditions read a draft as they read a state
    (`tabletop.engine.conditions.holds`). ``base`` is the state it started from.

    ``keeps_rolls``: whether a roll keeps its `RollRecord` (``last_roll``) so that a facilitator can override it.
    A game played out by bots alone on one draft (`tabletop.engine.rules.Playout`) keeps none: nobody overrides
    there, and its draft is never frozen between actions. ``tells_changes``: whether each change to a tally is told
    (a `tabletop.engine.happenings.TallyChanged`); a playout that nobody reads them from makes none."""

    __slots__ = ("keeps_rolls", "tells_changes", "base", "deck", "seats", "seed", "rng", "rounds", "motive", "tallies",
                 "hand", "pile", "discard", "likelihood", "phase", "round", "step", "events", "offer", "response",
                 "rolled", "drawn", "played", "history", "last_roll", "ending", "guess", "scores", "actors",
                 "stance", "actor_scores")

    keeps_rolls: bool
    tells_changes: bool
    base: GameState
    deck: Deck
    seats: dict[str, SeatConfig]
    seed: int
    rng: int
    rounds: int
    motive: str
    tallies: dict[str, int]
    hand: tuple[str, ...]
    pile: tuple[str, ...]
    discard: tuple[str, ...]
    likelihood: dict[str, Fraction]
    phase: str
    round: int
    step: int
    events: tuple[str, ...]
    offer: str | None
    response: str | None
    rolled: int
    drawn: tuple[str, ...]
    played: tuple[str, ...]
    history: tuple[RoundRecord, ...]
    last_roll: RollRecord | None
    ending: str | None
    guess: str | None
    scores: dict[str, int]
    actors: dict[str, ActorConfig]
    stance: str | None
    actor_scores: dict[str, int]

    def __init__(self, base: GameState, keeps_rolls: bool = True, tells_changes: bool = True) -> None:
        self.keeps_rolls = keeps_rolls
        self.tells_changes = tells_changes
        self.restart(base)

    def restart(self, base: GameState) -> None:
        """Start again from ``base``, forgetting every change made so far (every field, written out: a test keeps
        this list whole)."""
        self.base = base
        self.deck = base.deck
        self.seats = base.seats
        self.seed = base.seed
        self.rng = base.rng
        self.rounds = base.rounds
        self.motive = base.motive
        self.tallies = base.tallies
        self.hand = base.hand
        self.pile = base.pile
        self.discard = base.discard
        self.likelihood = base.likelihood
        self.phase = base.phase
        self.round = base.round
        self.step = base.step
        self.events = base.events
        self.offer = base.offer
        self.response = base.response
        self.rolled = base.rolled
        self.drawn = base.drawn
        self.played = base.played
        self.history = base.history
        self.last_roll = base.last_roll
        self.ending = base.ending
        self.guess = base.guess
        self.scores = base.scores
        self.actors = base.actors
        self.stance = base.stance
        self.actor_scores = base.actor_scores

    def set(self, **changes: Unpack[Changes]) -> None:
        for name, value in changes.items():
            setattr(self, name, value)

    def done(self) -> GameState:
        """The new state: the base with every change made."""
        return GameState(
            self.deck, self.seats, self.seed, self.rng, self.rounds, self.motive, self.tallies, self.hand, self.pile,
            self.discard, self.likelihood, self.phase, self.round, self.step, self.events, self.offer, self.response,
            self.rolled, self.drawn, self.played, self.history, self.last_roll, self.ending, self.guess, self.scores,
            self.actors, self.stance, self.actor_scores)
