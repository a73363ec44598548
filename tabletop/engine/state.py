"""The state of one game: plain frozen data, changed only by `tabletop.engine.rules.apply`.

A `GameState` holds everything needed to continue the game, the generator's
state included, so that going back to an earlier state goes back to the same
future dice. Its dicts are never mutated by the engine; treat them as read-only.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

import attrs
from attrs import field, frozen

from ..deck.model import Deck

#: The phases of a game, in order. The first five repeat once per round.
PHASES = ("inject", "offer", "response", "reactions", "tally", "guess", "over")
PLAY_PHASES = PHASES[:5]

#: Who makes the system steps (drawing the event, rolling for an actor, closing the round).
TABLE = "table"
#: Who makes the facilitator actions (override, adjust, note, undo).
FACILITATOR = "facilitator"


@frozen
class SeatConfig:
    """Who plays a seat: people at the screen, or the bot (with a style, for the offer seat)."""

    kind: Literal["human", "bot"] = field(default="human", validator=attrs.validators.in_(("human", "bot")))
    style: str | None = None

    def to_dict(self) -> dict:
        return {"kind": self.kind, "style": self.style}

    @classmethod
    def from_dict(cls, data: dict) -> SeatConfig:
        return cls(kind=data["kind"], style=data.get("style"))


@frozen
class Setup:
    """What a game starts from besides the deck: seats, seed and the number of rounds."""

    seats: dict[str, SeatConfig]
    seed: int
    rounds: int | None = None  # None: the deck's number of rounds

    def to_dict(self) -> dict:
        return {"seats": {k: v.to_dict() for k, v in self.seats.items()}, "seed": self.seed, "rounds": self.rounds}

    @classmethod
    def from_dict(cls, data: dict) -> Setup:
        return cls({k: SeatConfig.from_dict(v) for k, v in data["seats"].items()}, data["seed"], data.get("rounds"))


@frozen
class AppliedModifier:
    """A modifier that applies to a roll, and where it comes from."""

    value: int
    reason: str
    source: Literal["actor", "event", "offer", "response"]
    source_id: str  # the actor's or card's id
    secret: bool = False  # its condition reads the hidden motive: see `tabletop.engine.views.shown_modifier`


@frozen
class RoundRecord:
    """A closed round: what was drawn and played, and the tallies at its close."""

    round: int
    event: str | None
    offer: str | None  # None: the seat passed (no playable card)
    response: str | None
    tallies: dict[str, int]


@frozen
class RollRecord:
    """The most recent roll, kept so that the facilitator can override it exactly.

    ``before`` is the state just before the roll's row took effect (the dice
    already rolled): an override resolves the new row from there.
    """

    actor: str
    faces: tuple[int, ...]
    dice_total: int
    modifiers: tuple[AppliedModifier, ...]
    total: int
    row: int  # index into the actor's reaction table
    before: GameState


@frozen
class GameState:
    deck: Deck = field(eq=False, repr=False)
    seats: dict[str, SeatConfig]
    seed: int
    rng: int  # the game generator's whole state (see `tabletop.engine.rng`)
    rounds: int
    motive: str | None  # hidden: the respond seat's motive id (None only in the offer bot's view of the state)
    tallies: dict[str, int]
    hand: tuple[str, ...]  # the offer seat's option cards
    pile: tuple[str, ...]  # the draw pile, next card first
    discard: tuple[str, ...]  # played option cards, reshuffled when the pile runs out
    likelihood: dict[str, Fraction]  # per motive: chance that its bot policy plays the responses seen (public evidence)
    phase: str = "inject"
    round: int = 1
    step: int = 0  # actions applied to reach this state
    event: str | None = None  # this round's event, offer and response
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

    @property
    def offer_seat(self) -> str:
        return self.deck.seat_by_role("offer").id

    @property
    def respond_seat(self) -> str:
        return self.deck.seat_by_role("respond").id

    @property
    def previous(self) -> RoundRecord | None:
        """The last round before the current one, if any."""
        return next((r for r in reversed(self.history) if r.round < self.round), None)


def tally_history(state: GameState) -> dict[str, list[int]]:
    """Each tally's values for a chart: the start, each closed round, then now (unless that adds nothing)."""
    points = [{t.id: t.start for t in state.deck.tallies}] + [r.tallies for r in state.history]
    closed = bool(state.history) and state.history[-1].round == state.round
    if not (closed and points[-1] == state.tallies):
        points.append(state.tallies)
    return {t.id: [p[t.id] for p in points] for t in state.deck.tallies}


# --------------------------------------------------------------------------
# Changing a state: one new state per action
# --------------------------------------------------------------------------

def replace(state: GameState, changes: dict) -> GameState:
    """``state`` with ``changes`` (field -> value): a new `GameState`, as `attrs.evolve` makes it, about three times
    faster (every field named here: a test keeps this list whole)."""
    get = changes.get
    return GameState(
        get('deck', state.deck),
        get('seats', state.seats),
        get('seed', state.seed),
        get('rng', state.rng),
        get('rounds', state.rounds),
        get('motive', state.motive),
        get('tallies', state.tallies),
        get('hand', state.hand),
        get('pile', state.pile),
        get('discard', state.discard),
        get('likelihood', state.likelihood),
        get('phase', state.phase),
        get('round', state.round),
        get('step', state.step),
        get('event', state.event),
        get('offer', state.offer),
        get('response', state.response),
        get('rolled', state.rolled),
        get('drawn', state.drawn),
        get('played', state.played),
        get('history', state.history),
        get('last_roll', state.last_roll),
        get('ending', state.ending),
        get('guess', state.guess),
        get('scores', state.scores),
    )


class Draft:
    """A state that one action is changing: reads see the changes made so far, `done` makes the one new state.

    The rules apply an action to a draft and freeze it once, instead of making a state at every step of the
    action. Conditions read a draft as they read a state (`tabletop.engine.conditions.holds`).
    """

    __slots__ = ("base", "changes")

    def __init__(self, base: GameState) -> None:
        self.base = base
        self.changes: dict = {}

    def __getattr__(self, name: str):
        changes = self.changes
        return changes[name] if name in changes else getattr(self.base, name)

    def set(self, **changes) -> None:
        self.changes.update(changes)

    @property
    def previous(self) -> RoundRecord | None:
        return next((r for r in reversed(self.history) if r.round < self.round), None)

    def done(self) -> GameState:
        return replace(self.base, self.changes) if self.changes else self.base
