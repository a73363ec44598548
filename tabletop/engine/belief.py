"""What the evidence said: the posterior over the hidden motive that a perfect analyst would hold.

The rules keep, for each motive, its likelihood of the responses seen (`tabletop.engine.state.GameState.likelihood`,
computed from each motive's bot policy). A perfect analyst who knows the deck's draw weights and those policies
holds, after each response, each motive's weight times its likelihood, normalised: the posterior. It is public
evidence (every seat sees the responses; the policies are in the deck), so it is shown to the room after the game,
beside the guess the offering seat made, and the offering seat's bot guesses from it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from attrs import frozen

from ..deck.model import Deck
from ..records import Record
from .state import GameState


def posterior(deck: Deck, likelihood: Mapping[str, Fraction]) -> dict[str, Fraction]:
    """Each motive's chance (in deck order, adding up to 1): its draw weight times its likelihood of the responses
    seen, normalised; the draw weights alone when the responses fit no motive's policy."""
    weights = [likelihood[m.id] * m.weight for m in deck.motives]
    if not any(weights):
        weights = [Fraction(m.weight) for m in deck.motives]
    total = sum(weights)
    return {m.id: w / total for m, w in zip(deck.motives, weights, strict=True)}


@frozen(repr=False, eq=False)
class Belief(Record):
    """The posterior after one round's response (or before any, ``round`` 0)."""

    round: int
    response: str | None  # the response card seen this round; None for a pass, or before the first round
    posterior: dict[str, Fraction]


def belief_track(states: Sequence[GameState]) -> list[Belief]:
    """The posterior before the first response, then after each round's response (or pass), read from a game's
    states in order (`tabletop.engine.game.Game.states`): no replay."""
    if not states:
        return []
    deck = states[0].deck
    track = [Belief(0, None, posterior(deck, states[0].likelihood))]
    for before, after in zip(states, states[1:], strict=False):
        if before.phase == "response" and after.phase != "response":  # the response (or a pass) was just made
            track.append(Belief(before.round, after.response, posterior(deck, after.likelihood)))
    return track
