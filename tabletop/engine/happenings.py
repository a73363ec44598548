"""Happenings: what an action did, in order, for the log and for animation; `beats` groups them.

`tabletop.engine.rules.apply` returns a list of these with the new state. A
`TallyChanged` always follows the happening that caused it.
"""

from __future__ import annotations

from attrs import frozen

from ..records import Record
from .actions import Action
from .state import AppliedModifier


class Happening(Record):
    """Base class of everything below."""

    __slots__ = ()


@frozen(repr=False, eq=False)
class RoundStarted(Happening):
    round: int
    rounds: int


@frozen(repr=False, eq=False)
class EventDrawn(Happening):
    round: int
    event: str | None  # None: no event this round
    quiet: bool = False  # no event because the deck makes this round quiet (not because none could be drawn)
    injected: str = ""  # the facilitator's reason, when the facilitator drew this event by name (`Inject`)


@frozen(repr=False, eq=False)
class CardPlayed(Happening):
    seat: str
    role: str  # "offer" or "respond"
    card: str


@frozen(repr=False, eq=False)
class Passed(Happening):
    seat: str
    role: str


@frozen(repr=False, eq=False)
class Rolled(Happening):
    actor: str
    dice: str  # notation, e.g. "2d6"
    faces: tuple[int, ...]
    dice_total: int  # faces plus the dice's own bonus
    modifiers: tuple[AppliedModifier, ...]
    total: int
    row: int  # index into the actor's reaction table
    label: str


@frozen(repr=False, eq=False)
class StanceTaken(Happening):
    """A team or a bot took a stance for ``actor``'s coming roll: ``value`` is added to it, for ``reason``."""

    actor: str
    stance: str
    label: str
    value: int
    reason: str
    by: str  # "team" or "bot"


@frozen(repr=False, eq=False)
class ObjectiveScored(Happening):
    """An actor's objective scored at the end (``secret``: known only to its team until the game was over)."""

    actor: str
    points: int
    reason: str
    secret: bool


@frozen(repr=False, eq=False)
class Overridden(Happening):
    actor: str
    old_total: int
    old_row: int
    total: int
    row: int
    label: str
    reason: str


@frozen(repr=False, eq=False)
class TallyChanged(Happening):
    tally: str
    delta: int  # as asked; after - before may differ when clamped
    before: int
    after: int
    source: str  # "event", "offer", "response", "actor" (a roll's row), "override" or "adjust"
    source_id: str  # the card, event or actor id ("" for override and adjust)
    reason: str = ""  # the facilitator's reason for override and adjust


@frozen(repr=False, eq=False)
class HandDealt(Happening):
    seat: str
    cards: tuple[str, ...]  # the cards added to the hand


@frozen(repr=False, eq=False)
class SatOut(Happening):
    """An actor that does not roll this round: its ``rolls_when`` did not hold when its turn came."""

    actor: str


@frozen(repr=False, eq=False)
class CardsRetired(Happening):
    """Option cards that leave the game at the close of a round: played as often as they may be, or past their
    last round (from the hand, the pile or the discards)."""

    seat: str
    cards: tuple[str, ...]


@frozen(repr=False, eq=False)
class RoundClosed(Happening):
    round: int
    tallies: dict[str, int]


@frozen(repr=False, eq=False)
class EndingReached(Happening):
    ending: str
    final: bool  # read when the rounds ran out (True) or reached during play (False)


@frozen(repr=False, eq=False)
class Guessed(Happening):
    seat: str
    motive: str
    actual: str  # the hidden motive, revealed
    correct: bool
    spread: tuple[tuple[str, int], ...] | None = None  # (motive, percent) pairs, when the deck scores a spread


@frozen(repr=False, eq=False)
class Scored(Happening):
    seat: str
    points: int
    reason: str


@frozen(repr=False, eq=False)
class GameOver(Happening):
    ending: str
    scores: dict[str, int]


@frozen(repr=False, eq=False)
class Noted(Happening):
    text: str


@frozen(repr=False, eq=False)
class Undone(Happening):
    n: int
    reason: str
    actions: tuple[Action, ...]  # the actions taken back, oldest first


@frozen(repr=False, eq=False)
class Redone(Happening):
    n: int
    reason: str
    actions: tuple[Action, ...]  # the actions put back, oldest first


@frozen(repr=False, eq=False)
class Replayed(Happening):
    """A step taken back by an override, made again: what it did follows (a table step or bot move made afresh)."""

    action: Action


@frozen(repr=False, eq=False)
class NotReplayed(Happening):
    """A step taken back by an override that is not made again as it was, and why; never left out silently."""

    action: Action
    reason: str


@frozen(repr=False, eq=False)
class Beat(Record):
    """One thing that happened with the tally changes it caused: an event and its effects, a roll and its row's
    effects, an override and what it changed. A facilitator's adjustment is a beat of its own (no changes)."""

    happening: Happening
    changes: tuple[TallyChanged, ...] = ()


def beats(happened: list[Happening]) -> list[Beat]:
    """``happened`` grouped into beats, in order: each `TallyChanged` goes with the happening that caused it."""
    out: list[Beat] = []
    for x in happened:
        if isinstance(x, TallyChanged) and x.source != "adjust" and out:
            out[-1] = Beat(out[-1].happening, out[-1].changes + (x,))
        else:
            out.append(Beat(x))
    return out
