"""Conditions (``when``/``requires``): the one place where clauses are evaluated against a state."""

from __future__ import annotations

from ..deck.model import Card, Clause, Condition
from .state import GameState


def holds(condition: Condition, state: GameState) -> bool:
    """All clauses hold (an empty condition always holds)."""
    return all(clause_holds(c, state) for c in condition)


def clause_holds(c: Clause, s: GameState) -> bool:
    """All the keys given in the clause hold.

    ``offer``/``response``/``event`` test the current round, ``previous_*_tag``
    the round before it, ``played`` every card played so far, ``motive`` the
    hidden motive, and ``ending`` the ending once the game is over (never before).
    """
    if c.tally is not None:
        value = s.tallies[c.tally]
        if (c.at_least is not None and value < c.at_least) or (c.at_most is not None and value > c.at_most):
            return False
    if c.round_at_least is not None and s.round < c.round_at_least:
        return False
    if c.round_at_most is not None and s.round > c.round_at_most:
        return False
    prev = s.previous
    tests = (
        (c.motive, [s.motive]),
        (c.offer, [s.offer]),
        (c.offer_tag, _tags(s.deck.options, s.offer)),
        (c.response, [s.response]),
        (c.response_tag, _tags(s.deck.responses, s.response)),
        (c.previous_offer_tag, _tags(s.deck.options, prev and prev.offer)),
        (c.previous_response_tag, _tags(s.deck.responses, prev and prev.response)),
        (c.event, [s.event]),
        (c.ending, [s.ending] if s.phase == "over" else []),
        (c.played, s.played),
    )
    return all(not wanted or any(x in wanted for x in found) for wanted, found in tests)


def _tags(cards: tuple[Card, ...], card_id: str | None) -> tuple[str, ...]:
    return next((c.tags for c in cards if c.id == card_id), ())
