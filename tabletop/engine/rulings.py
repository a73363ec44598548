"""Facilitator rulings on a `Game` that reach back past the latest action.

A facilitator usually rules after the table has moved on: the dice for every
actor are rolled one after the other, and the ruling comes when the round's
rolls are on screen. Any roll made since the last decision by a person may be
overridden (`overridable_rolls`); `override_roll` is the `Override` action for
it, which `Game` carries out in one way for every roll, the latest or an
earlier one: it takes back what came after the roll, overrides it, and makes
those steps again (see `Game`), reporting any step it cannot make again as it
was. A person's decision is never taken back this way.
"""

from __future__ import annotations

from .actions import Action, Override
from .game import Game, PastRoll
from .happenings import Happening
from .rules import inject_refusal

__all__ = ["PastRoll", "inject_refused", "is_decision", "overridable_rolls", "override_roll", "steps_since_decision"]


def is_decision(game: Game, action: Action) -> bool:
    """Whether ``action`` was a person's choice (not the table's, a bot's or the facilitator's)."""
    return game.is_decision(action)


def overridable_rolls(game: Game) -> list[PastRoll]:
    """The rolls made since the last decision by a person, most recent first."""
    return game.overridable_rolls()


def override_roll(game: Game, roll: PastRoll, reason: str, *, total: int | None = None,
                  row: int | None = None) -> list[Happening]:
    """Override ``roll`` (one of `overridable_rolls`): ``game.act`` of its `Override`; `IllegalAction` (a
    `ValueError`) when it can no longer be overridden."""
    return game.act(Override(reason, total=total, row=row, actor=roll.actor, round=roll.round))


def steps_since_decision(game: Game) -> int:
    """How many applied actions an undo of the last seat decision takes back (that decision included)."""
    for n, action in enumerate(reversed(game.applied), 1):
        if game.is_decision(action):
            return n
    return len(game.applied)


def inject_refused(game: Game) -> str | None:
    """Why the facilitator cannot draw an event by name now, in the rules' own words (None: they can)."""
    if not game.deck.events:
        return "the deck has no events"
    return inject_refusal(game.state.phase)
