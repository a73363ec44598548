"""Facilitator rulings on a `Game` that reach back past the latest action.

A facilitator usually rules after the table has moved on: the dice for every
actor are rolled one after the other, and the ruling comes when the round's
rolls are on screen. `override_roll` takes back the table steps made since the
chosen roll (an `Undo` in the log), overrides it, and makes the same table
steps again: the dice do not change, because the generator's state is part of
the game, but what follows from the new result does (later modifiers, endings).
Only table steps, bot moves and rulings may lie between the roll and now: a
person's decision is never silently taken back. Bot moves are made afresh, so a
bot answers the new result as it would have at the table.
"""

from __future__ import annotations

from attrs import frozen

from .actions import Action, IllegalAction, Override, Roll
from .bots import automatic_action
from .game import Game
from .happenings import Happening
from .state import FACILITATOR


@frozen
class PastRoll:
    """A roll that a facilitator may still override."""

    index: int  # in ``game.applied``
    actor: str
    round: int


def is_decision(game: Game, action: Action) -> bool:
    """Whether ``action`` was a person's choice (not the table's, a bot's or the facilitator's)."""
    config = game.setup.seats.get(action.seat)
    return config is not None and config.kind == "human"


def overridable_rolls(game: Game) -> list[PastRoll]:
    """The rolls made since the last decision by a person, most recent first."""
    out = []
    for i in range(len(game.applied) - 1, -1, -1):
        action = game.applied[i]
        if is_decision(game, action):
            break
        if isinstance(action, Roll):
            out.append(PastRoll(i, action.actor, game.states[i].round))
    return out


def override_roll(game: Game, roll: PastRoll, reason: str, *, total: int | None = None,
                  row: int | None = None) -> list[Happening]:
    """Override an earlier roll of the current stretch of table steps, then replay those steps."""
    if roll not in overridable_rolls(game):
        raise ValueError("that roll can no longer be overridden: a person has decided since")
    replay = game.applied[roll.index + 1:]  # table steps and rulings made since the roll
    happened: list[Happening] = []
    if replay:
        happened += game.undo(len(replay), f"to override {roll.actor}'s roll: {reason}")
    happened += game.act(Override(reason, total=total, row=row))
    for action in replay:
        if action.seat == FACILITATOR:
            try:
                happened += game.act(action)
            except IllegalAction:
                pass  # a ruling that no longer applies (e.g. an adjustment after the game ended)
            continue
        # Table steps and bot moves are made afresh: the same dice, but bots see the new result.
        again = automatic_action(game.state)
        if again is None:
            break  # the game went another way (e.g. the override ended it)
        happened += game.act(again)
    return happened


def steps_since_decision(game: Game) -> int:
    """How many applied actions an undo of the last seat decision takes back (that decision included)."""
    for n, action in enumerate(reversed(game.applied), 1):
        if is_decision(game, action):
            return n
    return len(game.applied)
